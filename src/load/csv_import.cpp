// A task list exported as CSV (Smartsheet, Excel, Microsoft Project's "Save as CSV", Jira) into
// pmo's model. libcsv splits the records (RFC 4180: quoted fields, doubled quotes, line breaks
// inside quotes); this file maps the columns by their header onto pmo's task fields.
#include <pmo/load/import.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/model/words.hpp>

#include <csv.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace pmo {
namespace {

// ---- records, with where every field starts ----

struct Cell {
    std::string text;
    uint32_t line = 0, col = 0;
};
using Record = std::vector<Cell>;

/// 1-based line and column (in characters) of every byte offset of a text.
class Lines {
public:
    explicit Lines(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_starts.push_back(i + 1);
    }
    std::pair<uint32_t, uint32_t> at(size_t offset) const {
        const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset) - 1;
        uint32_t col = 1;
        for (size_t i = *it; i < offset && i < m_text.size(); ++i)
            col += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
        return {static_cast<uint32_t>(it - m_starts.begin() + 1), col};
    }

private:
    std::string_view m_text;
    std::vector<size_t> m_starts;
};

struct Splitter {
    const Lines* lines = nullptr;
    std::string_view text;
    size_t offset = 0;       ///< of the byte being parsed
    size_t field_start = 0;  ///< of the field being read
    bool record_start = true;
    Record record;
    std::vector<Record> records;

    static void on_field(void* data, size_t len, void* self) {
        auto& s = *static_cast<Splitter*>(self);
        if (s.record_start) {
            // The record starts after the line breaks and blank lines that ended the one before.
            while (s.field_start < s.text.size() && (s.text[s.field_start] == '\r' || s.text[s.field_start] == '\n'))
                ++s.field_start;
            s.record_start = false;
        }
        const auto [line, col] = s.lines->at(s.field_start);
        s.record.push_back({std::string(static_cast<const char*>(data), len), line, col});
        s.field_start = s.offset + 1;
    }
    static void on_record(int, void* self) {
        auto& s = *static_cast<Splitter*>(self);
        s.records.push_back(std::move(s.record));
        s.record.clear();
        s.record_start = true;
        s.field_start = s.offset + 1;
    }
};

int no_space(unsigned char) { return 0; }  // keep leading spaces: they are the outline's indentation

/// The delimiter of the header line: the most frequent of , ; and tab outside quotes.
unsigned char sniff_delimiter(std::string_view text) {
    size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted) {
            comma += c == ',';
            semicolon += c == ';';
            tab += c == '\t';
        }
    }
    if (tab > comma && tab >= semicolon) return '\t';
    return semicolon > comma ? ';' : ',';
}

/// Offset of the first byte that is not UTF-8, or npos.
size_t invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return i;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += n;
    }
    return std::string_view::npos;
}

// ---- columns ----

enum class Field { none, ignore, id, key, name, duration, work, start, finish, predecessors, progress, assign, outline,
                   wbs, parent, notes, milestone, deadline, priority, cost, status };

struct FieldName {
    Field field;
    std::string_view name;  ///< as --map takes it
    std::string_view headers;  ///< header names it stands for, normalised (lower case, letters, digits and %)
};

constexpr std::array<FieldName, 20> kFields{{
    {Field::name, "name", "|name|taskname|task|summary|title|activity|activityname|vorgangsname|vorgang|aufgabe|nomdelatche|tche|"},
    {Field::id, "id", "|id|taskid|rowid|row|rownumber|#|no|nr|issueid|"},
    {Field::key, "key", "|issuekey|key|task|"},
    {Field::duration, "duration", "|duration|dauer|dure|"},
    {Field::work, "work", "|work|effort|originalestimate|arbeit|aufwand|travail|"},
    {Field::start, "start", "|start|startdate|begin|plannedstart|anfang|beginn|dbut|"},
    {Field::finish, "finish", "|finish|finishdate|end|enddate|duedate|due|plannedfinish|ende|fin|"},
    {Field::predecessors, "predecessors", "|predecessors|predecessor|dependson|dependencies|vorgnger|prdcesseurs|"},
    {Field::progress, "progress", "|%complete|percentcomplete|complete|%done|done%|progress|percentdone|%abgeschlossen|%achev|"},
    {Field::assign, "assign", "|assignedto|resourcenames|resources|resource|assignee|assignees|ressourcennamen|ressourcen|nomsressources|"},
    {Field::outline, "outline", "|outlinelevel|level|indent|indentlevel|hierarchy|gliederungsebene|niveauhirarchique|"},
    {Field::wbs, "wbs", "|wbs|outlinenumber|wbscode|psp|pspcode|gliederungsnummer|"},
    {Field::parent, "parent", "|parent|parentid|parenttask|"},
    {Field::notes, "notes", "|notes|note|comments|description|notizen|"},
    {Field::milestone, "milestone", "|milestone|ismilestone|meilenstein|jalon|"},
    {Field::deadline, "deadline", "|deadline|stichtag|chance|"},
    {Field::priority, "priority", "|priority|"},
    {Field::cost, "cost", "|cost|fixedcost|kosten|festekosten|cot|"},
    {Field::status, "status", "|status|"},
    {Field::ignore, "ignore", ""},
}};

std::string field_name(Field f) {
    for (const FieldName& n : kFields)
        if (n.field == f) return std::string(n.name);
    return "?";
}

std::string normalise(std::string_view header) {
    std::string s;
    for (char ch : header) {
        const char c = ascii_lower(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '%' || c == '#') s += c;
    }
    return s;
}

std::string trim(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// ---- values ----

/// A length as spreadsheets write it: `5`, `5d`, `5 days`, `1,5d`, `2 wks`, `8 hrs`, `30 mins`,
/// `1 mon`, `3 edays`, `5d?`. Elapsed time and months are converted into working time, and said.
struct Length {
    Duration d;
    bool estimated = false;
    std::string converted;  ///< how it was converted, for the "not imported" list
};

std::optional<Length> parse_length(std::string_view raw, char unitless, double unitless_scale = 1) {
    std::string s = ascii_lower(trim(raw));
    Length r;
    if (!s.empty() && s.back() == '?') {
        r.estimated = true;
        s = trim(s.substr(0, s.size() - 1));
    }
    size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',')) ++i;
    std::string number = s.substr(0, i);
    std::replace(number.begin(), number.end(), ',', '.');
    const auto v = parse_number(number);
    if (!v || *v < 0) return std::nullopt;
    std::string unit = trim(s.substr(i));
    if (unit.empty()) {
        r.d = {std::round(*v * unitless_scale * 100) / 100, unitless};
        return r;
    }
    bool elapsed = false;
    if (unit.size() > 1 && unit[0] == 'e') {
        elapsed = true;
        unit = unit.substr(1);
    }
    auto is = [&](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), unit) != names.end();
    };
    // English as Project, Smartsheet and Excel write it; German and French as their Project does.
    if (is({"d", "dy", "dys", "day", "days", "t", "tag", "tage", "j", "jour", "jours"})) r.d = {*v, 'd'};
    else if (is({"w", "wk", "wks", "week", "weeks", "wo", "woche", "wochen", "sem", "semaine", "semaines"})) r.d = {*v, 'w'};
    else if (is({"h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures"})) r.d = {*v, 'h'};
    else if (is({"m", "min", "mins", "minute", "minutes", "minuten"})) r.d = {std::round(*v / 60 * 100) / 100, 'h'};
    else if (is({"mo", "mon", "mons", "month", "months", "monat", "monate", "mois"})) {
        r.d = {*v * 4, 'w'};
        r.converted = fmt::format("{} as {}w", trim(raw), two_decimals(*v * 4));
    } else return std::nullopt;
    if (elapsed) {
        // Elapsed time runs through weekends: pmo counts working time, five days in seven.
        const double days = r.d.unit == 'w' ? r.d.value * 7 : r.d.unit == 'h' ? r.d.value / 24 : r.d.value;
        r.d = {std::ceil(days * 5 / 7), 'd'};
        r.converted = fmt::format("{} (elapsed) as {}d of working time", trim(raw), two_decimals(r.d.value));
    }
    return r;
}

/// `50%`, `50`, `0.5`: a fraction. `fractions` says the column writes 0..1 (no value above 1).
std::optional<double> parse_progress(std::string_view raw, bool fractions) {
    std::string s = trim(raw);
    const bool pct = !s.empty() && s.back() == '%';
    if (pct) s = trim(s.substr(0, s.size() - 1));
    std::replace(s.begin(), s.end(), ',', '.');
    const auto v = parse_number(s);
    if (!v || *v < 0) return std::nullopt;
    const double f = pct || !fractions ? *v / 100 : *v;
    return f > 1 ? std::nullopt : std::optional<double>(f);
}

/// `1200`, `$1,200.00`, `1.200,50 €`, `EUR 300`: an amount. `decimal_comma`: the file writes
/// numbers the European way (a semicolon-separated file), so `3.000 €` is three thousand.
std::optional<double> parse_amount(std::string_view raw, bool decimal_comma) {
    std::string s;
    for (char c : raw)
        if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-') s += c;
    if (s.empty()) return std::nullopt;
    const size_t comma = s.rfind(','), dot = s.rfind('.');
    const bool european = comma != std::string::npos ? (dot == std::string::npos || comma > dot) && (decimal_comma || s.size() - comma != 4)
                                                     : decimal_comma;
    if (european) {
        // A decimal comma (1.200,50 or 12,5): the dots group thousands.
        s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
        std::replace(s.begin(), s.end(), ',', '.');
    } else {
        s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    }
    const auto v = parse_number(s);
    return v && *v >= 0 ? v : std::nullopt;
}

bool yes(std::string_view raw) {
    const std::string s = ascii_lower(trim(raw));
    return s == "yes" || s == "y" || s == "true" || s == "1" || s == "x" || s == "ja" || s == "oui";
}

// ---- dates ----

constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};

/// A date cell split into its parts: `2027-03-01`, `3/1/27`, `01.03.2027`, `Mon 3/1/27 8:00 AM`,
/// `01/Mar/27 9:00 AM` (Jira), `Mar 1, 2027`. The day and month of a numeric a/b/y are told apart
/// by the whole file (see DateOrder).
struct DateParts {
    int a = 0, b = 0, year = 0;
    int month = 0;   ///< 1..12 when the month is written as a name or the date is ISO; 0 when a/b is ambiguous
    int day = 0;
    char sep = 0;
};

std::optional<DateParts> split_date(std::string_view raw) {
    const std::string s = trim(raw);
    if (auto iso = Date::parse(s.substr(0, std::min<size_t>(s.size(), 10)));
        iso && (s.size() == 10 || s[10] == 'T' || s[10] == ' '))
        return DateParts{0, 0, iso->year(), static_cast<int>(iso->month()), static_cast<int>(iso->day()), '-'};
    std::vector<std::string> tokens;
    char sep = 0;
    std::string cur;
    for (size_t i = 0; i <= s.size(); ++i) {
        const char c = i < s.size() ? s[i] : ' ';
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            cur += c;
            continue;
        }
        if (c == ':') break;  // a time: the date ended before it
        if (!cur.empty()) {
            const std::string l = ascii_lower(cur);
            // A word before the date that is not a month is its weekday, in any language (Mon, Mo, lun.).
            const bool weekday = tokens.empty() && !(l[0] >= '0' && l[0] <= '9') &&
                                 std::none_of(kMonths.begin(), kMonths.end(), [&](std::string_view m) { return l.starts_with(m); });
            if (!weekday) tokens.push_back(l);
            cur.clear();
            if (tokens.size() == 3) break;
        }
        if (!tokens.empty() && (c == '/' || c == '.' || c == '-') && !sep) sep = c;
    }
    if (tokens.size() != 3) return std::nullopt;
    DateParts p;
    p.sep = sep;
    std::vector<int> numbers;
    for (const std::string& t : tokens) {
        if (t[0] >= 'a' && t[0] <= 'z') {
            const auto m = std::find_if(kMonths.begin(), kMonths.end(), [&](std::string_view n) { return t.starts_with(n); });
            if (m == kMonths.end() || p.month) return std::nullopt;
            p.month = static_cast<int>(m - kMonths.begin()) + 1;
            continue;
        }
        if (t.size() > 4) return std::nullopt;
        const auto v = parse_number(t);
        if (!v) return std::nullopt;
        numbers.push_back(static_cast<int>(*v));
        if (t.size() == 4 && !p.year) p.year = numbers.back(), numbers.pop_back();
    }
    if (p.year && p.month) {  // 1 Mar 2027, Mar 1 2027
        if (numbers.size() != 1) return std::nullopt;
        p.day = numbers[0];
    } else if (p.month) {  // 01/Mar/27: day, month, two-digit year
        if (numbers.size() != 2) return std::nullopt;
        p.day = numbers[0];
        p.year = 2000 + numbers[1];
    } else if (p.year && tokens[0].size() == 4) {  // 2027/03/01
        if (numbers.size() != 2) return std::nullopt;
        p.month = numbers[0];
        p.day = numbers[1];
    } else {  // 3/1/27, 01.03.2027: which of a and b is the month, the file tells
        if (numbers.size() < 2) return std::nullopt;
        p.a = numbers[0];
        p.b = numbers[1];
        if (!p.year) {
            if (numbers.size() != 3 || tokens[2].size() != 2) return std::nullopt;
            p.year = 2000 + numbers[2];
        } else if (numbers.size() != 2) return std::nullopt;
    }
    return p;
}

std::optional<Date> make_date(int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999) return std::nullopt;
    return Date::parse(fmt::format("{:04}-{:02}-{:02}", y, m, d));
}

// ---- the reader ----

struct Column {
    std::string header;
    uint32_t col = 0;
    Field field = Field::none;
};

class CsvReader {
public:
    CsvReader(std::string_view file, std::string_view id, const CsvOptions& options)
        : m_file(file), m_id(id), m_options(options) {}

    ImportedPlan read(std::string_view text) {
        if (parse(text) && m_plan.errors.empty()) m_notes.flush(m_plan.not_imported);
        return std::move(m_plan);
    }

private:
    bool parse(std::string_view text) {
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's byte order mark
        else if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
            return fail(1, 1, "the file is UTF-16: save it as \"CSV UTF-8\"");
        const Lines lines(text);
        if (const size_t bad = invalid_utf8(text); bad != std::string_view::npos) {
            const auto [l, c] = lines.at(bad);
            return fail(l, c, "not UTF-8 text: save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)");
        }
        if (!split(text, lines)) return false;
        if (m_records.empty()) return fail(1, 1, "the file is empty: pmo import needs a header row and one row per task");
        if (!columns() || !resolve_dates()) return false;
        rows();
        return true;
    }

    bool fail(uint32_t line, uint32_t col, std::string text) {
        m_plan.errors.push_back({line, col, std::move(text)});
        return false;
    }
    void error(const Cell& c, std::string text) { m_plan.errors.push_back({c.line, c.col, std::move(text)}); }
    void note(uint32_t line, const std::string& kind, std::string detail = {}) { m_notes.note(line, kind, std::move(detail)); }

    bool split(std::string_view text, const Lines& lines) {
        csv_parser p;
        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
            fail(0, 0, "out of memory");
            return false;
        }
        m_delimiter = sniff_delimiter(text);
        csv_set_delim(&p, m_delimiter);
        csv_set_space_func(&p, no_space);
        Splitter s;
        s.lines = &lines;
        s.text = text;
        // One byte at a time, so every field knows the offset it ends at (hence its line and column).
        for (; s.offset < text.size(); ++s.offset)
            if (csv_parse(&p, text.data() + s.offset, 1, Splitter::on_field, Splitter::on_record, &s) != 1) break;
        bool ok = s.offset == text.size();
        if (ok) ok = csv_fini(&p, Splitter::on_field, Splitter::on_record, &s) == 0;
        if (!ok) {
            const bool unclosed = s.offset >= text.size();
            const auto [l, c] = lines.at(unclosed ? s.field_start : s.offset);
            fail(l, c, csv_error(&p) != CSV_EPARSE ? fmt::format("malformed CSV: {}", csv_strerror(csv_error(&p)))
                       : unclosed ? "malformed CSV: this quoted field does not end (a quote inside it is written \"\")"
                                  : "malformed CSV: a quote inside a field that is not quoted (RFC 4180: quote the whole "
                                    "field and double the quote: \"5\"\" screen\")");
        }
        csv_free(&p);
        m_records = std::move(s.records);
        return ok;
    }

    bool columns() {
        const Record& header = m_records[0];
        std::map<std::string, Field> mapped;  // normalised header -> field, from --map
        for (const auto& [column, field_name] : m_options.map) {
            const auto f = std::find_if(kFields.begin(), kFields.end(), [&](const FieldName& n) { return n.name == field_name; });
            if (f == kFields.end()) {
                std::string names;
                for (const FieldName& n : kFields) names += (names.empty() ? "" : ", ") + std::string(n.name);
                fail(0, 0, fmt::format("--map {}={}: no such field; one of {}", column, field_name, names));
                return false;
            }
            if (std::none_of(header.begin(), header.end(), [&](const Cell& c) { return equal_ignoring_case(trim(c.text), trim(column)); })) {
                fail(1, 0, fmt::format("--map {}={}: the header row has no column '{}'", column, field_name, column));
                return false;
            }
            mapped[ascii_lower(trim(column))] = f->field;
        }
        // --map first; then each field, in kFields' order, takes the free column whose header comes
        // first among its names ("Name" before "Task", so pmo's own CSV keeps "task" as the key).
        std::set<Field> taken;
        for (const Cell& h : header) {
            Column c{trim(h.text), h.col, Field::none};
            if (auto m = mapped.find(ascii_lower(c.header)); m != mapped.end()) {
                c.field = m->second;
                if (c.field != Field::ignore && !taken.insert(c.field).second) {
                    fail(1, 0, fmt::format("--map: two columns are mapped to {}", field_name(c.field)));
                    return false;
                }
            }
            m_columns.push_back(std::move(c));
        }
        for (const FieldName& n : kFields) {
            if (taken.count(n.field) || n.headers.empty()) continue;
            size_t best = std::string_view::npos;
            Column* pick = nullptr;
            for (Column& c : m_columns) {
                if (c.field != Field::none || mapped.count(ascii_lower(c.header))) continue;
                const size_t at = n.headers.find("|" + normalise(c.header) + "|");
                if (at < best) best = at, pick = &c;
            }
            if (pick) {
                pick->field = n.field;
                taken.insert(n.field);
            }
        }
        std::string unknown, again;
        for (Column& c : m_columns) {
            if (c.field != Field::none || c.header.empty()) continue;
            const std::string key = "|" + normalise(c.header) + "|";
            const bool known = std::any_of(kFields.begin(), kFields.end(),
                                           [&](const FieldName& n) { return n.headers.find(key) != std::string_view::npos; });
            (known ? again : unknown) += ((known ? again : unknown).empty() ? "'" : ", '") + c.header + "'";
            c.field = Field::ignore;
        }
        if (!again.empty())
            note(header.empty() ? 1 : header[0].line, "columns for a field another column gives",
                 again + " (give --map 'COLUMN=FIELD' to read one as another field)");
        if (!unknown.empty())
            note(header.empty() ? 1 : header[0].line, "columns pmo has no field for",
                 unknown + " (give --map 'COLUMN=FIELD' for one that is a field of pmo's, or --map 'COLUMN=ignore')");
        if (!taken.count(Field::name)) {
            fail(header.empty() ? 1 : header[0].line, 1,
                 "the header row names no task name column (Name, Task Name, Summary, Title): give --map COLUMN=name");
            return false;
        }
        return true;
    }

    const Cell* cell(const Record& r, Field f) const {
        for (size_t i = 0; i < m_columns.size() && i < r.size(); ++i)
            if (m_columns[i].field == f) return trim(r[i].text).empty() ? nullptr : &r[i];
        return nullptr;
    }
    bool has(Field f) const {
        return std::any_of(m_columns.begin(), m_columns.end(), [&](const Column& c) { return c.field == f; });
    }

    /// Day-first or month-first, for the whole file: from --dates, else from a day above 12,
    /// else from the separator ('.' is written day-first; '/' month-first as in the US).
    bool resolve_dates() {
        m_order = m_options.dates;
        const Cell* dmy = nullptr;
        const Cell* mdy = nullptr;
        char sep = 0;
        for (size_t r = 1; r < m_records.size(); ++r)
            for (Field f : {Field::start, Field::finish, Field::deadline})
                if (const Cell* c = cell(m_records[r], f))
                    if (auto p = split_date(c->text); p && !p->month) {
                        // Evidence only from a date that reads one way and not the other (13/29/27 reads neither).
                        if (p->a > 12 && p->b <= 12 && !dmy) dmy = c;
                        if (p->b > 12 && p->a <= 12 && !mdy) mdy = c;
                        if (!sep) sep = p->sep;
                    }
        if (!m_order.empty()) return true;
        if (dmy && mdy) {
            const bool dmy_first = std::pair(dmy->line, dmy->col) < std::pair(mdy->line, mdy->col);
            const Cell& later = dmy_first ? *mdy : *dmy;
            const Cell& earlier = dmy_first ? *dmy : *mdy;
            error(later, fmt::format("'{}' can only be {}, but '{}' at line {} only {}: give --dates mdy or --dates dmy",
                                     trim(later.text), dmy_first ? "month/day/year" : "day/month/year", trim(earlier.text),
                                     earlier.line, dmy_first ? "day/month/year" : "month/day/year"));
            return false;
        }
        if (dmy) m_order = "dmy";
        else if (mdy) m_order = "mdy";
        else if (sep) {
            m_order = sep == '.' ? "dmy" : "mdy";
            note(0, "the order of day and month",
                 fmt::format("no date has a day above 12, so they are read as {} (as '{}' dates are usually written); "
                             "give --dates {} if they are not",
                             m_order == "dmy" ? "day/month/year" : "month/day/year", sep,
                             m_order == "dmy" ? "mdy" : "dmy"));
        }
        return true;
    }

    std::optional<Date> date(const Cell& c) {
        auto p = split_date(c.text);
        std::optional<Date> d;
        if (p && p->month) d = make_date(p->year, p->month, p->day);
        else if (p) d = m_order == "dmy" ? make_date(p->year, p->b, p->a) : m_order == "ymd" ? std::nullopt
                                                                                              : make_date(p->year, p->a, p->b);
        if (!d) error(c, fmt::format("'{}' is not a date (2027-03-01, 3/1/27, 01.03.2027, 01/Mar/27, Mar 1, 2027)", trim(c.text)));
        return d;
    }

    std::string unique_task_id(const std::string& text, size_t row) {
        std::string id = make_id(text, fmt::format("task-{}", row));
        const std::string stem = id;
        for (int n = 2; m_task_ids.count(id); ++n) id = fmt::format("{}-{}", stem, n);
        m_task_ids.insert(id);
        return id;
    }

    /// The outline level of every row, from the first of: an outline level column, WBS numbers,
    /// a parent column, the indentation of the names. 1 is the top.
    std::vector<int> levels(const std::vector<size_t>& rows) {
        std::vector<int> level(rows.size(), 1);
        if (has(Field::outline)) {
            for (size_t i = 0; i < rows.size(); ++i)
                if (const Cell* c = cell(m_records[rows[i]], Field::outline)) {
                    auto v = parse_number(trim(c->text));
                    if (!v || *v < 0 || *v > 100 || *v != std::floor(*v)) error(*c, fmt::format("outline level '{}' is not a whole number", trim(c->text)));
                    else level[i] = std::max(1, static_cast<int>(*v));
                }
        } else if (has(Field::wbs)) {
            for (size_t i = 0; i < rows.size(); ++i)
                if (const Cell* c = cell(m_records[rows[i]], Field::wbs)) {
                    std::string w = trim(c->text);
                    while (!w.empty() && w.back() == '.') w.pop_back();
                    level[i] = 1 + static_cast<int>(std::count(w.begin(), w.end(), '.'));
                }
        } else if (!has(Field::parent)) {
            // Indentation: each deeper indent than the row above is one level down.
            std::vector<size_t> widths;
            for (size_t i = 0; i < rows.size(); ++i) {
                const Cell* c = cell(m_records[rows[i]], Field::name);
                size_t w = 0;
                while (c && w < c->text.size() && (c->text[w] == ' ' || c->text[w] == '\t')) ++w;
                while (!widths.empty() && widths.back() > w) widths.pop_back();
                if (widths.empty() || widths.back() < w) widths.push_back(w);
                level[i] = static_cast<int>(widths.size());
            }
        }
        return level;
    }

    void rows() {
        Project& p = m_plan.project;
        std::string stem(m_file);
        if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem = stem.substr(slash + 1);
        if (auto dot = stem.find_last_of('.'); dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
        p.id = m_id.empty() ? make_id(stem, "imported") : m_id;
        p.name.set(stem.empty() ? p.id : stem, {});

        std::vector<size_t> rows;  // records that are tasks
        for (size_t r = 1; r < m_records.size(); ++r) {
            const Record& rec = m_records[r];
            // More fields than the header: the values would land in the wrong columns.
            for (size_t k = m_columns.size(); k < rec.size(); ++k)
                if (!trim(rec[k].text).empty()) {
                    error(rec[k], fmt::format("this row has {} fields, the header {}: a value with a '{}' in it must be "
                                              "quoted (\"3{}4\")",
                                              rec.size(), m_columns.size(), static_cast<char>(m_delimiter),
                                              static_cast<char>(m_delimiter)));
                    break;
                }
            if (cell(rec, Field::name)) rows.push_back(r);
            else if (std::any_of(rec.begin(), rec.end(), [](const Cell& c) { return !trim(c.text).empty(); }))
                note(rec.empty() ? 0 : rec[0].line, "rows without a task name", fmt::format("line {}", rec[0].line));
        }
        if (rows.empty()) {
            fail(m_records[0].empty() ? 1 : m_records[0][0].line, 1, "no row below the header has a task name");
            return;
        }
        const std::vector<int> level = levels(rows);
        if (!m_plan.errors.empty()) return;

        // References (predecessors, parent) name a row by the id column, else by its number (1 = the first task row).
        std::map<std::string, int32_t> by_ref;
        for (size_t i = 0; i < rows.size(); ++i) {
            const Cell* idc = cell(m_records[rows[i]], Field::id);
            by_ref.emplace(idc ? ascii_lower(trim(idc->text)) : std::to_string(rows[i]), static_cast<int32_t>(i));
        }
        std::vector<int32_t> parent(rows.size(), -1);
        if (has(Field::parent) && !has(Field::outline) && !has(Field::wbs)) {
            for (size_t i = 0; i < rows.size(); ++i)
                if (const Cell* c = cell(m_records[rows[i]], Field::parent)) {
                    auto it = by_ref.find(ascii_lower(trim(c->text)));
                    if (it == by_ref.end()) error(*c, fmt::format("parent '{}' is no row's id", trim(c->text)));
                    else if (it->second >= static_cast<int32_t>(i))
                        error(*c, fmt::format("parent '{}' comes after the row: list each summary above its tasks", trim(c->text)));
                    else parent[i] = it->second;
                }
        } else {
            std::vector<std::pair<int, int32_t>> stack;
            for (size_t i = 0; i < rows.size(); ++i) {
                while (!stack.empty() && stack.back().first >= level[i]) stack.pop_back();
                parent[i] = stack.empty() ? -1 : stack.back().second;
                stack.emplace_back(level[i], static_cast<int32_t>(i));
            }
        }
        if (!m_plan.errors.empty()) return;
        // Tasks in WBS preorder: a parent column may list a summary's tasks apart from it.
        std::vector<std::vector<int32_t>> kids(rows.size());
        std::vector<int32_t> order, top;
        for (size_t i = 0; i < rows.size(); ++i) (parent[i] < 0 ? top : kids[static_cast<size_t>(parent[i])]).push_back(static_cast<int32_t>(i));
        std::vector<int32_t> todo(top.rbegin(), top.rend());
        while (!todo.empty()) {
            const int32_t i = todo.back();
            todo.pop_back();
            order.push_back(i);
            for (auto k = kids[static_cast<size_t>(i)].rbegin(); k != kids[static_cast<size_t>(i)].rend(); ++k) todo.push_back(*k);
        }
        std::vector<int32_t> index_of(rows.size(), -1);
        for (size_t k = 0; k < order.size(); ++k) index_of[static_cast<size_t>(order[k])] = static_cast<int32_t>(k);

        for (int32_t i : order) {
            const Record& rec = m_records[rows[static_cast<size_t>(i)]];
            Task t;
            const Cell* key = cell(rec, Field::key);
            const std::string name = trim(cell(rec, Field::name)->text);
            t.id = unique_task_id(key ? trim(key->text) : name, rows[static_cast<size_t>(i)]);
            t.name.set(name, {});
            t.parent = parent[static_cast<size_t>(i)] < 0 ? -1 : index_of[static_cast<size_t>(parent[static_cast<size_t>(i)])];
            t.depth = t.parent < 0 ? 0 : p.tasks[static_cast<size_t>(t.parent)].depth + 1;
            if (t.parent >= 0) p.tasks[static_cast<size_t>(t.parent)].children.push_back(static_cast<int32_t>(p.tasks.size()));
            p.tasks.push_back(std::move(t));
        }
        m_row_of.resize(order.size());
        for (size_t k = 0; k < order.size(); ++k) m_row_of[k] = rows[static_cast<size_t>(order[k])];

        // Columns written 0..1 (Smartsheet's fractions) or 0..100.
        m_fractions = true;
        for (size_t r : rows)
            if (const Cell* c = cell(m_records[r], Field::progress)) {
                const std::string s = trim(c->text);
                if (s.ends_with('%') || parse_number(s).value_or(0) > 1) m_fractions = false;
            }

        // The project starts on the first date of a task.
        Date start{INT32_MAX};
        std::vector<std::optional<Date>> starts(p.tasks.size()), finishes(p.tasks.size());
        for (size_t k = 0; k < p.tasks.size(); ++k) {
            const Record& rec = m_records[m_row_of[k]];
            if (const Cell* c = cell(rec, Field::start)) starts[k] = date(*c);
            if (const Cell* c = cell(rec, Field::finish)) finishes[k] = date(*c);
            if (starts[k]) start = std::min(start, *starts[k]);
            else if (finishes[k]) start = std::min(start, *finishes[k]);
        }
        if (!m_plan.errors.empty()) return;
        if (start.days == INT32_MAX) {
            fail(m_records[0][0].line, 1,
                 "no task has a start or finish date, so the project has no start: add a Start column, or a date in it "
                 "for the first task");
            return;
        }
        p.start.set(start, {});
        for (size_t k = 0; k < p.tasks.size(); ++k) task(k, starts[k], finishes[k]);
        for (size_t k = 0; k < p.tasks.size(); ++k) predecessors(k, by_ref, index_of);
        infer_status_date(p, std::nullopt);
    }

    static int working_days(Date from, Date to) {
        int n = 0;
        for (Date d = from; d <= to && n < 100000; d = d + 1) n += d.weekday() < 5;
        return n;
    }

    std::string label(const Task& t) const { return fmt::format("'{}'", t.name.value); }

    void task(size_t k, std::optional<Date> start, std::optional<Date> finish) {
        Project& p = m_plan.project;
        Task& t = p.tasks[k];
        const Record& rec = m_records[m_row_of[k]];
        const uint32_t line = rec.empty() ? 0 : rec[0].line;
        const bool summary = t.is_summary();
        std::optional<Length> length, work;
        if (const Cell* c = cell(rec, Field::duration)) {
            length = parse_length(c->text, 'd');
            if (!length) return error(*c, fmt::format("duration '{}' is not a length (5d, 5 days, 2w, 8h)", trim(c->text)));
        }
        if (const Cell* c = cell(rec, Field::work)) {
            // Jira's "Original Estimate" is in seconds; other tools write hours without a unit.
            const bool seconds = normalise(m_columns[column_of(Field::work)].header) == "originalestimate";
            work = parse_length(c->text, 'h', seconds ? 1.0 / 3600 : 1);
            if (!work) return error(*c, fmt::format("work '{}' is not a length (40h, 5d, 40 hrs)", trim(c->text)));
        }
        for (const std::optional<Length>* l : {&length, &work})
            if (*l && !(*l)->converted.empty()) note(line, "lengths in elapsed time or months", label(t) + " " + (*l)->converted);
        if ((length && length->estimated) || (work && work->estimated))
            note(line, "estimated ('?') lengths",
                 label(t) + ": pmo has no tentative flag; give an estimate: {optimistic, likely, pessimistic} for Monte Carlo");
        const Cell* ms = cell(rec, Field::milestone);
        const bool milestone = !summary && ((ms && yes(ms->text)) || (length && length->d.value == 0) ||
                                            (!length && !work && start && finish && *start == *finish && ms));
        if (summary) {
            if (length || work) note(line, "lengths of summary tasks", label(t) + ": pmo sums a summary from its tasks");
        } else if (milestone) {
            t.milestone.set(true, {});
            if ((length && length->d.value > 0) || (work && work->d.value > 0))
                note(line, "lengths of milestones", label(t) + ": a pmo milestone takes no time");
        } else if (length) {
            t.duration.set(length->d, {});
            if (work) note(line, "work beside a duration", label(t) + ": pmo takes its length from the duration; work is not kept");
        } else if (work && cell(rec, Field::assign)) {
            t.effort.set(work->d, {});
        } else if (work) {
            t.duration.set(work->d, {});
            note(line, "work without anyone assigned", label(t) + ": kept as its duration, " + work->d.str());
        } else if (start && finish && *finish >= *start) {
            t.duration.set(Duration{static_cast<double>(std::max(1, working_days(*start, *finish))), 'd'}, {});
        } else {
            t.duration.set(Duration{1, 'd'}, {});
            note(line, "tasks without a length", label(t) + ": given 1d");
        }
        if (!summary && start && start->days > p.start.value.days && !cell(rec, Field::predecessors))
            t.start_no_earlier_than.set(*start, {});
        // A finish without a start beside a length (Jira: a due date beside an estimate) is a bound
        // the plan is checked against, never dropped.
        if (!summary && !milestone && finish && !start && (length || work) && !cell(rec, Field::deadline)) {
            t.finish_no_later_than.set(*finish, {});
            note(line, "finish dates beside a length", label(t) + ": kept as finish_no_later_than " + finish->iso());
        }

        if (const Cell* c = cell(rec, Field::assign)) assign(t, *c, summary || milestone, line);
        double progress = 0;
        if (const Cell* c = cell(rec, Field::progress)) {
            auto v = parse_progress(c->text, m_fractions);
            if (!v) return error(*c, fmt::format("'{}' is not a percentage (0% to 100%)", trim(c->text)));
            progress = *v;
        }
        if (const Cell* c = cell(rec, Field::status)) {
            const std::string s = ascii_lower(trim(c->text));
            if (s == "done" || s == "closed" || s == "resolved" || s == "complete" || s == "completed") progress = 1;
            else if (s == "in progress" && progress == 0)
                note(line, "'In Progress' without a percentage", label(t) + ": give it progress in the project file");
        }
        if (!summary && progress > 0) {
            t.progress.set(progress, {});
            if (start) t.actual_start.set(*start, {});
            if (progress >= 1 && (finish || start)) t.actual_finish.set(std::max(finish.value_or(*start), start.value_or(*finish)), {});
        } else if (summary && progress > 0) {
            note(line, "progress of summary tasks", label(t) + ": pmo sums it from the tasks below");
        }
        if (const Cell* c = cell(rec, Field::deadline))
            if (auto d = date(*c)) t.finish_no_later_than.set(*d, {});
        if (const Cell* c = cell(rec, Field::priority)) {
            const std::string s = ascii_lower(trim(c->text));
            static const std::map<std::string, int> words{{"highest", 900}, {"high", 700}, {"medium", 500}, {"normal", 500},
                                                          {"low", 300},     {"lowest", 100}};
            if (auto w = words.find(s); w != words.end()) {
                if (w->second != 500) t.priority.set(w->second, {});
            } else if (auto v = parse_number(s); v && *v >= 1 && *v <= 1000) {
                if (std::lround(*v) != 500) t.priority.set(static_cast<int>(std::lround(*v)), {});
            } else {
                error(*c, fmt::format("priority '{}' is not 1..1000 nor Highest/High/Medium/Low/Lowest", trim(c->text)));
            }
        }
        if (const Cell* c = cell(rec, Field::cost)) {
            auto v = parse_amount(c->text, m_delimiter == ';');
            if (!v) return error(*c, fmt::format("cost '{}' is not an amount", trim(c->text)));
            if (*v > 0 && !summary) t.cost.set(*v, {});
            else if (*v > 0) note(line, "costs of summary tasks", label(t) + ": give them to the tasks below");
        }
        if (const Cell* c = cell(rec, Field::notes)) t.notes.set(trim(c->text), {});
    }

    size_t column_of(Field f) const {
        for (size_t i = 0; i < m_columns.size(); ++i)
            if (m_columns[i].field == f) return i;
        return 0;
    }

    /// `Alice, Bob[50%]`, `alice@example.com; bob@example.com`.
    void assign(Task& t, const Cell& c, bool no_work, uint32_t line) {
        std::string s = c.text;
        std::replace(s.begin(), s.end(), ';', ',');
        size_t from = 0;
        while (from <= s.size()) {
            size_t to = s.find(',', from);
            if (to == std::string::npos) to = s.size();
            std::string who = trim(s.substr(from, to - from));
            from = to + 1;
            if (who.empty()) continue;
            double units = 1;
            if (auto open = who.find('['); open != std::string::npos && who.back() == ']') {
                auto u = parse_progress(who.substr(open + 1, who.size() - open - 2), false);
                if (!u || *u <= 0) return error(c, fmt::format("'{}': units in brackets are a percentage, e.g. Alice[50%]", who));
                units = *u;
                who = trim(who.substr(0, open));
            }
            if (no_work) {
                note(line, t.is_summary() ? "resources on summary tasks" : "resources on milestones", fmt::format("'{}' on {}", who, label(t)));
                continue;
            }
            const std::string id = resource(who);
            if (std::none_of(t.assign.begin(), t.assign.end(), [&](const Assignment& a) { return a.resource == id; })) {
                Assignment a;
                a.resource = id;
                a.units = units;
                t.assign.push_back(a);
            }
        }
    }

    std::string resource(const std::string& who) {
        const std::string key = ascii_lower(who);
        if (auto it = m_resources.find(key); it != m_resources.end()) return it->second;
        Resource r;
        const size_t at = who.find('@');
        r.id = make_id(at != std::string::npos ? who.substr(0, at) : who, "person");
        const std::string stem = r.id;
        for (int n = 2; std::any_of(m_plan.resources.begin(), m_plan.resources.end(), [&](const Resource& x) { return x.id == r.id; }); ++n)
            r.id = fmt::format("{}-{}", stem, n);
        r.name.set(who, {});
        if (at != std::string::npos) r.email.set(who, {});
        m_plan.resources.push_back(r);
        m_resources[key] = r.id;
        return r.id;
    }

    /// `3`, `3FS+2d`, `5SS`, `4FF-1 day`, `2SF`, `7FS+50%`, `PROJ-12` (a Jira key), separated by
    /// commas or semicolons.
    void predecessors(size_t k, const std::map<std::string, int32_t>& by_ref, const std::vector<int32_t>& index_of) {
        Project& p = m_plan.project;
        const Record& rec = m_records[m_row_of[k]];
        const Cell* c = cell(rec, Field::predecessors);
        if (!c) return;
        const uint32_t line = rec[0].line;
        std::string s = c->text;
        std::replace(s.begin(), s.end(), ';', ',');  // German Project writes 3;4
        size_t from = 0;
        while (from <= s.size()) {
            size_t to = s.find(',', from);
            if (to == std::string::npos) to = s.size();
            const std::string item = trim(s.substr(from, to - from));
            from = to + 1;
            if (item.empty()) continue;
            if (item.find('\\') != std::string::npos || item.find('!') != std::string::npos) {
                note(line, "links to tasks outside the file",
                     fmt::format("{} after {}: import the other project and add the link as project/task", label(p.tasks[k]), item));
                continue;
            }
            // The reference, then an optional type, then an optional signed lag.
            std::string ref = item, type = "fs", lag;
            size_t sign = item.find_first_of("+-", 1);
            std::string head = trim(item.substr(0, sign));
            if (sign != std::string::npos) lag = trim(item.substr(sign));
            const std::string lh = ascii_lower(head);
            auto it = by_ref.find(lh);
            if (it == by_ref.end() && lh.size() > 2) {
                // The type as English, German (Ende-Anfang ...) and French (Fin-Début ...) Project write it.
                static const std::map<std::string, std::string> types{
                    {"fs", "fs"}, {"ss", "ss"}, {"ff", "ff"}, {"sf", "sf"}, {"ea", "fs"}, {"aa", "ss"},
                    {"ee", "ff"}, {"ae", "sf"}, {"fd", "fs"}, {"dd", "ss"}, {"df", "sf"}};
                if (auto t2 = types.find(lh.substr(lh.size() - 2)); t2 != types.end()) {
                    type = t2->second;
                    it = by_ref.find(trim(lh.substr(0, lh.size() - 2)));
                }
            }
            if (it == by_ref.end() && sign != std::string::npos) {
                // A Jira key such as PROJ-12 has a '-' of its own.
                if (auto whole = by_ref.find(ascii_lower(item)); whole != by_ref.end()) {
                    it = whole;
                    lag.clear();
                    type = "fs";
                }
            }
            if (it == by_ref.end()) {
                // A row it names, then something pmo cannot read: say that, not "no such row".
                size_t digits = 0;
                while (digits < item.size() && item[digits] >= '0' && item[digits] <= '9') ++digits;
                if (digits > 0 && digits < item.size() && by_ref.count(item.substr(0, digits)))
                    error(*c, fmt::format("predecessor '{}': row {}, then '{}', which is no link type and lag pmo reads "
                                          "(FS, SS, FF, SF, also EA, AA, EE, AE; a lag such as +2d or -1 day)",
                                          item, item.substr(0, digits), item.substr(digits)));
                else
                    error(*c, fmt::format("predecessor '{}' is no row's {} (write 3, 3FS+2d, 5SS)", item,
                                          has(Field::id) ? "id" : "number"));
                continue;
            }
            const int32_t pred = index_of[static_cast<size_t>(it->second)];
            if (static_cast<size_t>(pred) == k) {
                error(*c, fmt::format("predecessor '{}' is the task itself", item));
                continue;
            }
            bool related = false;  // a link between a summary and a task below it is a loop
            for (int32_t up = p.tasks[k].parent; up >= 0; up = p.tasks[static_cast<size_t>(up)].parent) related |= up == pred;
            for (int32_t up = p.tasks[static_cast<size_t>(pred)].parent; up >= 0; up = p.tasks[static_cast<size_t>(up)].parent)
                related |= static_cast<size_t>(up) == k;
            if (related) {
                error(*c, fmt::format("predecessor '{}' ('{}') is a summary above or a task below '{}': a link between "
                                      "them is a loop; link the tasks beside it",
                                      item, p.tasks[static_cast<size_t>(pred)].name.value, p.tasks[k].name.value));
                continue;
            }
            Dependency d;
            d.ref = p.tasks[static_cast<size_t>(pred)].id;
            d.type = type == "ss" ? DepType::SS : type == "ff" ? DepType::FF : type == "sf" ? DepType::SF : DepType::FS;
            if (!lag.empty()) {
                const bool negative = lag[0] == '-';
                const std::string amount = trim(lag.substr(1));
                if (amount.ends_with('%')) {
                    auto pct = parse_number(trim(amount.substr(0, amount.size() - 1)));
                    const Task& pt = p.tasks[static_cast<size_t>(pred)];
                    if (!pct) {
                        error(*c, fmt::format("lag '{}' is not a length", lag));
                        continue;
                    }
                    const double pred_days = pt.duration ? pt.duration->days(5, 8) : 0;
                    d.lag = {std::round(*pct / 100 * pred_days * 100) / 100, 'd'};
                    note(line, "percent lags",
                         fmt::format("{} {}: pmo lags are working time, so it is {}d of the predecessor's duration",
                                     label(p.tasks[k]), lag, two_decimals(d.lag.value)));
                } else {
                    auto l = parse_length(amount, 'd');
                    if (!l) {
                        error(*c, fmt::format("lag '{}' is not a length (+2d, -1 day, +3 hrs)", lag));
                        continue;
                    }
                    d.lag = l->d;
                    if (!l->converted.empty()) note(line, "lengths in elapsed time or months", label(p.tasks[k]) + " lag " + l->converted);
                }
                if (negative) d.lag.value = -d.lag.value;
            }
            p.tasks[k].depends.push_back(std::move(d));
        }
    }

    std::string m_file, m_id;
    const CsvOptions& m_options;
    ImportedPlan m_plan;
    ImportNotes m_notes;
    std::vector<Record> m_records;
    std::vector<Column> m_columns;
    std::vector<size_t> m_row_of;  ///< task index -> record
    std::set<std::string> m_task_ids;
    std::map<std::string, std::string> m_resources;  ///< lower-case name -> id
    std::string m_order;
    unsigned char m_delimiter = ',';
    bool m_fractions = true;
};

}  // namespace

ImportedPlan read_csv(std::string_view text, std::string_view file_name, std::string_view project_id,
                      const CsvOptions& options) {
    return CsvReader(file_name, project_id, options).read(text);
}

}  // namespace pmo
