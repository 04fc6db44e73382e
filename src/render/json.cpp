#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <iterator>

namespace pmo {
namespace {

/// Bytes a JSON string cannot hold as they are: quote, backslash, controls, DEL, and every byte
/// of a multi-byte sequence (checked as UTF-8 on the slow path).
bool plain(unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

constexpr size_t kFlushAt = size_t{1} << 16;

}  // namespace

void append_json_quoted(std::string& r, std::string_view s) {
    r += '"';
    // Most strings (ids, dates, names in ASCII) need no escaping: copy them in one piece.
    size_t i = 0;
    while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
    r.append(s.data(), i);
    if (i == s.size()) {
        r += '"';
        return;
    }
    // Invalid UTF-8 (a Latin-1 file name) becomes U+FFFD: the document stays valid JSON.
    each_utf8(s.substr(i), [&](char32_t cp, std::string_view bytes) {
        if (cp == static_cast<char32_t>(-1)) {
            r += "\xef\xbf\xbd";
            return;
        }
        if (cp >= 0x80) {
            r += bytes;
            return;
        }
        const auto c = static_cast<unsigned char>(bytes[0]);
        const char ch = bytes[0];
        switch (c) {
        case '"': r += "\\\""; break;
        case '\\': r += "\\\\"; break;
        case '\n': r += "\\n"; break;
        case '\r': r += "\\r"; break;
        case '\t': r += "\\t"; break;
        case '\b': r += "\\b"; break;
        case '\f': r += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7f) fmt::format_to(std::back_inserter(r), "\\u{:04x}", c);
            else r += ch;
        }
    });
    r += '"';
}

std::string json_quote(std::string_view s) {
    std::string r;
    r.reserve(s.size() + 2);
    append_json_quoted(r, s);
    return r;
}

JsonWriter::JsonWriter(std::ostream& out) : m_out(out) { m_buf.reserve(kFlushAt + 4096); }

JsonWriter::~JsonWriter() {
    // A writer abandoned by an exception still hands over what it wrote; the caller decides
    // whether a partial document reaches anyone (outputs are written atomically).
    try {
        flush();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
}

void JsonWriter::flush() {
    if (m_buf.empty()) return;
    m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
    m_buf.clear();
}

void JsonWriter::finish() {
    m_buf += '\n';
    flush();
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_stack.empty()) return;
    if (m_buf.size() >= kFlushAt) flush();
    Level& l = m_stack.back();
    if (l.one_line) {
        if (!l.empty) m_buf += ", ";
    } else {
        if (!l.empty) m_buf += ',';
        m_buf += '\n';
        m_buf.append(m_stack.size() * 2, ' ');
    }
    l.empty = false;
}

void JsonWriter::close(char bracket) {
    const Level l = m_stack.back();
    m_stack.pop_back();
    if (!l.empty && !l.one_line) {
        m_buf += '\n';
        m_buf.append(m_stack.size() * 2, ' ');
    }
    m_buf += bracket;
}

void JsonWriter::open(char bracket, bool one_line) {
    before_value();
    m_buf += bracket;
    // Inside a one-line object everything stays on its line.
    m_stack.push_back({bracket == '[', true, one_line || (!m_stack.empty() && m_stack.back().one_line)});
}

JsonWriter& JsonWriter::begin_object() {
    open('{', false);
    return *this;
}
JsonWriter& JsonWriter::begin_line_object() {
    open('{', true);
    return *this;
}
JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}
JsonWriter& JsonWriter::begin_array() {
    open('[', false);
    return *this;
}
JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    append_json_quoted(m_buf, k);
    m_buf += ": ";
    m_after_key = true;
    return *this;
}
JsonWriter& JsonWriter::value(std::string_view v) {
    before_value();
    append_json_quoted(m_buf, v);
    return *this;
}
JsonWriter& JsonWriter::value(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return value(static_cast<long long>(v));
    before_value();
    if (!std::isfinite(v)) m_buf += "null";
    else fmt::format_to(std::back_inserter(m_buf), "{}", v);
    return *this;
}
JsonWriter& JsonWriter::value(long long v) {
    before_value();
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    m_buf.append(digits, end);
    return *this;
}
JsonWriter& JsonWriter::value(bool v) {
    before_value();
    m_buf += v ? "true" : "false";
    return *this;
}
JsonWriter& JsonWriter::null() {
    before_value();
    m_buf += "null";
    return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    m_buf += json;
    return *this;
}

}  // namespace pmo
