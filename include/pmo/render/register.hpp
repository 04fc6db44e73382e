#pragma once

#include <pmo/analyse/register.hpp>

#include <ostream>
#include <string>

namespace pmo {

struct RegisterView {
    const Portfolio& portfolio;
    const RegisterListing& listing;
    std::string since_revision, since_commit;  ///< with --since
    bool color = false;
};

/// One line per entry: project, register, id, status, owner, date, flags, title.
void render_register_table(std::ostream& out, const RegisterView& v);
/// A GitHub-flavoured Markdown table per register.
void render_register_markdown(std::ostream& out, const RegisterView& v);
/// RFC 4180: project, register, then every field the registers listed define, overdue (and since).
void render_register_csv(std::ostream& out, const RegisterView& v);
/// Every entry with its fields as written.
void render_register_json(std::ostream& out, const RegisterView& v);

}  // namespace pmo
