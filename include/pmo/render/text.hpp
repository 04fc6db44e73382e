#pragma once

#include <string>
#include <string_view>

namespace pmo {

/// An amount rounded to whole units with thousands separated: "1,234,567".
std::string money(double v);

/// Text for a GitHub-flavoured Markdown table cell: table pipes and emphasis escaped, one line.
std::string md_escape(std::string_view s);

/// An RFC 4180 CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s);

/// Text for a Mermaid gantt title or section: ':' separates fields, '#' and ';' start
/// comments and statements, '<' and '>' would open HTML, so they are replaced by look-alikes;
/// one line, never empty.
std::string mermaid_text(std::string_view s);

}  // namespace pmo
