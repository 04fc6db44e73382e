#include <pmo/render/text.hpp>

#include <pmo/model/spell.hpp>

#include <cmath>
#include <fmt/format.h>

namespace pmo {

std::string terminal_cell(std::string_view s, size_t max_chars) {
    // Cut the text, then escape it: an escape (\x1b) is never cut in half.
    std::string cut;
    size_t n = 0;
    each_utf8(s, [&](char32_t, std::string_view bytes) {
        if (n++ < max_chars) cut += bytes;
    });
    return terminal_text(cut);
}

std::string md_escape(std::string_view s) {
    std::string r;
    // Markdown is read in terminals too: control characters are dropped, invalid UTF-8 replaced.
    each_utf8(s, [&](char32_t cp, std::string_view bytes) {
        const char c = bytes[0];
        if (cp == static_cast<char32_t>(-1)) r += "\xef\xbf\xbd";
        else if (cp == U'\n' || cp == U'\r' || cp == U'\t') r += ' ';
        else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) return;
        else if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']') {
            r += '\\';
            r += c;
        } else r += bytes;
    });
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

std::string terminal_text(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    each_utf8(s, [&](char32_t cp, std::string_view bytes) {
        if (cp == U'\n') r += "\\n";
        else if (cp == U'\t') r += "\\t";
        else if (cp == static_cast<char32_t>(-1) || cp < 0x20 || cp == 0x7f)
            r += fmt::format("\\x{:02x}", static_cast<unsigned char>(bytes[0]));
        else if (cp >= 0x80 && cp <= 0x9f) r += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
        else r += bytes;
    });
    return r;
}

std::string xml_text(std::string_view s, bool one_line) {
    std::string r;
    r.reserve(s.size());
    each_utf8(s, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
        case U'&': r += "&amp;"; return;
        case U'<': r += "&lt;"; return;
        case U'>': r += "&gt;"; return;
        case U'"': r += "&quot;"; return;
        case U'\'': r += "&#39;"; return;
        case U'\t':
        case U'\n':
        case U'\r': r += one_line ? std::string(" ") : fmt::format("&#{};", static_cast<unsigned>(cp)); return;
        default: break;
        }
        if (cp == static_cast<char32_t>(-1) || cp < 0x20 || cp == 0xfffe || cp == 0xffff) r += "\xef\xbf\xbd";
        else r += bytes;
    });
    return r;
}

namespace {
/// Words that begin a statement in a Mermaid gantt block.
constexpr std::string_view kMermaidKeywords[] = {
    "accDescr", "accTitle", "axisFormat", "click", "dateFormat", "excludes", "gantt", "includes", "inclusiveEndDates",
    "section", "tickInterval", "title", "todayMarker", "topAxis", "weekday", "weekend", "%%", "---"};
}  // namespace

std::string mermaid_text(std::string_view s) {
    std::string r;
    std::string clean;
    each_utf8(s, [&](char32_t cp, std::string_view bytes) {
        if (cp == static_cast<char32_t>(-1)) clean += "\xef\xbf\xbd";
        else if (cp == U'\n' || cp == U'\r' || cp == U'\t') clean += ' ';
        else if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f)) clean += bytes;
    });
    size_t lead = clean.find_first_not_of(' ');
    if (lead != std::string::npos) clean.erase(0, lead);
    for (std::string_view k : kMermaidKeywords) {
        if (!equal_ignoring_case(std::string_view(clean).substr(0, k.size()), k)) continue;
        // U+200B ZERO WIDTH SPACE in front: invisible, and no whitespace to Mermaid's lexer, so
        // the line is a task named as written.
        clean.insert(0, "\xe2\x80\x8b");
        break;
    }
    for (char c : clean) {
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
