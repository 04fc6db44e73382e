#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);
/// Appends `s` as a JSON string literal to `out`.
void append_json_quoted(std::string& out, std::string_view s);

/// A streaming JSON writer with two-space indentation and stable formatting. It writes through
/// a buffer of its own (plans run to hundreds of megabytes): `finish()` ends the document and
/// hands the rest to the stream; so does the destructor.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out);
    ~JsonWriter();
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    JsonWriter& begin_object();
    /// An object on one line, `{"date": "2027-06-21", "hours": 8}`: for small records repeated
    /// by the thousand (a day's booking), which would take four lines each.
    JsonWriter& begin_line_object();
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
    /// `k: v`, or `k: null` where `v` is empty: a std::optional, a Located field of the model, a
    /// pointer. A date is written as its ISO form.
    template <class T>
    JsonWriter& field_or_null(std::string_view k, const T& v) {
        key(k);
        if (!v) return null();
        if constexpr (requires { (*v).iso(); }) return value((*v).iso());
        else return value(*v);
    }
    /// Ends the document with a newline and writes everything buffered to the stream.
    void finish();

private:
    void open(char bracket, bool one_line);
    void before_value();
    void close(char bracket);
    void flush();
    std::ostream& m_out;
    std::string m_buf;
    struct Level {
        bool array;
        bool empty = true;
        bool one_line = false;
    };
    std::vector<Level> m_stack;
    bool m_after_key = false;
};

}  // namespace pmo
