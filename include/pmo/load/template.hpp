#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// A project written from a template, or why it cannot be.
struct TemplateInstance {
    std::string text;                   ///< the project file
    std::vector<std::string> left_out;  ///< placeholders not in the pool and not mapped, in order of first use
    std::vector<std::string> people;    ///< every person the template assigns or names as manager or owner
    std::string error;                  ///< non-empty: nothing can be written
};

/// Turns the text of a template (placeholders {{id}}, {{name}}, {{start}} already filled) into a
/// project file of a portfolio: drops the `template:` block, records `template: NAME` in the
/// project header (when `name` is not empty), maps the people it assigns with `assign`
/// (placeholder -> resource id), and leaves out, with a comment, assignments of placeholders that
/// are neither mapped nor in the pool (`capacity` gives a pool resource's units, nullopt for
/// anyone else). An assignment above the capacity of the person it maps to books that capacity.
/// An effort task left without anybody becomes a fixed-duration task of the time the template's
/// assignees would have taken.
TemplateInstance instantiate_template(std::string_view text, std::string_view name,
                                      const std::map<std::string, std::string>& assign,
                                      const std::function<std::optional<double>(std::string_view)>& capacity);

}  // namespace pmo
