#pragma once
// Private to load/: typed decoding of YAML trees into the model.

#include <pmo/load/yaml_tree.hpp>
#include <pmo/model/fields.hpp>
#include <pmo/model/portfolio.hpp>

namespace pmo::detail {

/// What one file turned out to hold.
struct FileResult {
    enum Kind { none, project_file, pool_file } kind = none;
    Project project;
    std::vector<Calendar> calendars;
    std::vector<Resource> resources;
    Findings findings;
    std::vector<Suppression> suppressions;
    /// Some other tool's YAML: no key of a pmo file, nor one close to it (a typo of 'project').
    bool foreign = false;
    bool passed_over = false;  ///< foreign, at the top of a portfolio without pmo.toml
    /// A file YAML could not parse: the ids it may define (its name, every `id:` value in it),
    /// so that a reference to one is not reported as unknown on top of the syntax error.
    std::vector<std::string> maybe_ids;
};

/// Parses and decodes one YAML file's text.
void decode_file(std::string_view text, int32_t file, FileResult& out);

/// Decodes a template file of templates/: its placeholders filled with stand-ins, its format
/// checked like a project file's, and what its projects must keep collected in `out`.
void decode_template(std::string_view text, int32_t file, Template& out, Findings& findings);

/// Reads `# pmo: ignore RULE -- reason` comments.
void scan_suppressions(std::string_view text, int32_t file, std::vector<Suppression>& out, Findings& findings);

/// Decodes pmo.toml.
void decode_config(std::string_view text, int32_t file, Config& config, Findings& out);

}  // namespace pmo::detail
