#include <pmo/render/text.hpp>

#include <cmath>
#include <fmt/format.h>

namespace pmo {

std::string money(double v) {
    const std::string digits = fmt::format("{:.0f}", std::fabs(std::round(v)));
    std::string r = std::round(v) < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) r += ',';
        r += digits[i];
    }
    return r;
}

std::string md_escape(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']')
            r += '\\';
        r += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return r;
}

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string r = "\"";
    for (char c : s) {
        if (c == '"') r += '"';
        r += c;
    }
    return r + "\"";
}

std::string mermaid_text(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == ':') r += "\xea\x9e\x89";      // U+A789 MODIFIER LETTER COLON looks the same
        else if (c == '#') r += "\xef\xbc\x83"; // U+FF03 FULLWIDTH NUMBER SIGN
        else if (c == ';') r += ',';
        else if (c == '<') r += "\xe2\x80\xb9";  // U+2039: no HTML in a label
        else if (c == '>') r += "\xe2\x80\xba";  // U+203A
        else if (c == '\n' || c == '\r' || c == '\t') r += ' ';
        else r += c;
    }
    while (!r.empty() && r.back() == ' ') r.pop_back();
    return r.empty() ? "-" : r;
}

}  // namespace pmo
