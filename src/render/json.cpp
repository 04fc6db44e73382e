#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <cmath>
#include <fmt/format.h>

namespace pmo {

std::string json_quote(std::string_view s) {
    std::string r;
    r.reserve(s.size() + 2);
    r += '"';
    // Invalid UTF-8 (a Latin-1 file name) becomes U+FFFD: the document stays valid JSON.
    each_utf8(s, [&](char32_t cp, std::string_view bytes) {
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
            if (c < 0x20 || c == 0x7f) r += fmt::format("\\u{:04x}", c);
            else r += ch;
        }
    });
    r += '"';
    return r;
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_stack.empty()) return;
    Level& l = m_stack.back();
    m_out << (l.empty ? "\n" : ",\n") << std::string(m_stack.size() * 2, ' ');
    l.empty = false;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    m_out << '{';
    m_stack.push_back({false});
    return *this;
}
JsonWriter& JsonWriter::end_object() {
    const bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty) m_out << '\n' << std::string(m_stack.size() * 2, ' ');
    m_out << '}';
    return *this;
}
JsonWriter& JsonWriter::begin_array() {
    before_value();
    m_out << '[';
    m_stack.push_back({true});
    return *this;
}
JsonWriter& JsonWriter::end_array() {
    const bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty) m_out << '\n' << std::string(m_stack.size() * 2, ' ');
    m_out << ']';
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    m_out << json_quote(k) << ": ";
    m_after_key = true;
    return *this;
}
JsonWriter& JsonWriter::value(std::string_view v) {
    before_value();
    m_out << json_quote(v);
    return *this;
}
JsonWriter& JsonWriter::value(double v) {
    before_value();
    if (!std::isfinite(v)) m_out << "null";
    else if (v == std::floor(v) && std::fabs(v) < 1e15) m_out << static_cast<long long>(v);
    else m_out << fmt::format("{}", v);
    return *this;
}
JsonWriter& JsonWriter::value(long long v) {
    before_value();
    m_out << v;
    return *this;
}
JsonWriter& JsonWriter::value(bool v) {
    before_value();
    m_out << (v ? "true" : "false");
    return *this;
}
JsonWriter& JsonWriter::null() {
    before_value();
    m_out << "null";
    return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    m_out << json;
    return *this;
}

}  // namespace pmo
