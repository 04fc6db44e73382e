#pragma once

#include <pmo/model/words.hpp>

#include <string>
#include <string_view>

namespace pmo {

/// Text for a GitHub-flavoured Markdown table cell: table pipes and emphasis escaped, one line.
std::string md_escape(std::string_view s);

/// An RFC 4180 CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s);

/// Calls `fn(code_point, bytes)` for each character of `s`; an invalid UTF-8 byte comes as
/// code point -1 with that one byte. Every escaping function below is built on it.
void each_utf8(std::string_view s, const auto& fn) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        char32_t cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
        for (size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            ok = (b >> 6) == 2;
            cp = (cp << 6) | (b & 0x3f);
        }
        // Overlong forms and surrogates are as invalid as a stray byte.
        if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
                   (cp >= 0xd800 && cp <= 0xdfff)))
            ok = false;
        if (!ok) {
            fn(static_cast<char32_t>(-1), s.substr(i, 1));
            ++i;
        } else {
            fn(cp, s.substr(i, len));
            i += len;
        }
    }
}

/// Text for a terminal or a log (the table and text formats, findings, GitHub annotations):
/// control characters (C0, DEL, C1: an ESC would let a value retitle the terminal or forge a
/// log line) shown as `\xNN` or `\n`, invalid UTF-8 bytes as `\xNN`; everything else as is.
std::string terminal_text(std::string_view s);

/// The first `max_chars` characters of `s`, then terminal_text: a column of a table, never cut
/// inside a character or an escape (an escaped character may make it wider).
std::string terminal_cell(std::string_view s, size_t max_chars);

/// XML 1.0 character data and attribute values (JUnit, MS Project XML, SVG, HTML): markup
/// escaped; characters XML cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF)
/// and invalid UTF-8 become U+FFFD. With `one_line`, tabs and line breaks become spaces.
std::string xml_text(std::string_view s, bool one_line = false);

/// Text for a Mermaid gantt title or section: ':' separates fields, '#' and ';' start
/// comments and statements, '<' and '>' would open HTML, so they are replaced by look-alikes;
/// a keyword at the start (`section`, `title`, `click`, `dateFormat`, ...) would make a task a
/// directive, so an invisible U+200B goes in front of it; control characters are dropped; one
/// line, never empty.
std::string mermaid_text(std::string_view s);

}  // namespace pmo
