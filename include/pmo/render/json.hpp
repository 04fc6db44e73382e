#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

/// A streaming JSON writer with two-space indentation and stable formatting.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : m_out(out) {}
    ~JsonWriter() = default;

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view v);
    JsonWriter& value(const char* v) { return value(std::string_view(v)); }
    JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
    JsonWriter& value(double v);
    JsonWriter& value(long long v);
    JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(unsigned v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(size_t v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(bool v);
    JsonWriter& null();
    /// Inserts pre-rendered JSON as a value.
    JsonWriter& raw(std::string_view json);
    template <class T>
    JsonWriter& field(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }
    void finish() { m_out << '\n'; }

private:
    void before_value();
    std::ostream& m_out;
    struct Level {
        bool array;
        bool empty = true;
    };
    std::vector<Level> m_stack;
    bool m_after_key = false;
};

}  // namespace pmo
