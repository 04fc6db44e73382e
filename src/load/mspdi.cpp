// Microsoft Project XML (MSPDI) into pmo's model. libxml2 parses (it gives every element its line,
// for the "not imported" list); this file only maps what Project means onto what pmo means.
#include <pmo/load/import.hpp>
#include <pmo/model/spell.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace pmo {
namespace {

// ---- libxml2, element by local name (MSPDI has a default namespace; some writers omit it) ----

bool is(const xmlNode* n, std::string_view name) {
    return n->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(n->name);
}

const xmlNode* child(const xmlNode* n, std::string_view name) {
    if (!n) return nullptr;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is(c, name)) return c;
    return nullptr;
}

template <class F>
void each(const xmlNode* n, std::string_view name, F&& f) {
    if (!n) return;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is(c, name)) f(c);
}

std::string text(const xmlNode* n) {
    std::string s;
    if (!n) return s;
    for (const xmlNode* c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            s += reinterpret_cast<const char*>(c->content);
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string field(const xmlNode* n, std::string_view name) { return text(child(n, name)); }

uint32_t line_of(const xmlNode* n) {
    const long l = n ? xmlGetLineNo(n) : 0;
    return l > 0 ? static_cast<uint32_t>(l) : 0;
}

std::optional<double> number(const xmlNode* n, std::string_view name) {
    const std::string s = field(n, name);
    return s.empty() ? std::nullopt : parse_number(s);
}

int integer(const xmlNode* n, std::string_view name, int otherwise) {
    auto v = number(n, name);
    return v && std::fabs(*v) < 1e9 ? static_cast<int>(std::lround(*v)) : otherwise;
}

bool flag(const xmlNode* n, std::string_view name) {
    const std::string s = field(n, name);
    return s == "1" || s == "true";
}

// ---- MSPDI values ----

struct DateTime {
    Date date;
    int minute = 0;  ///< of the day
};

/// `2018-10-18T08:00:00` (seconds and a fraction or zone after them are ignored).
std::optional<DateTime> parse_datetime(std::string_view s) {
    if (s.size() < 10) return std::nullopt;
    auto d = Date::parse(s.substr(0, 10));
    if (!d) return std::nullopt;
    DateTime r{*d, 0};
    if (s.size() >= 16 && s[10] == 'T' && s[13] == ':') {
        auto h = parse_number(s.substr(11, 2)), m = parse_number(s.substr(14, 2));
        if (h && m) r.minute = static_cast<int>(*h) * 60 + static_cast<int>(*m);
    }
    return r;
}

/// ISO 8601 duration as MSPDI writes it (`PT8H0M0S`, also `P2DT4H`, `-PT8H`), in minutes.
std::optional<double> parse_iso_duration(std::string_view s) {
    bool negative = false;
    if (!s.empty() && s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    if (s.empty() || s[0] != 'P') return std::nullopt;
    double minutes = 0;
    bool time = false, any = false;
    size_t i = 1;
    while (i < s.size()) {
        if (s[i] == 'T') {
            time = true;
            ++i;
            continue;
        }
        size_t j = i;
        while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
        if (j == i || j >= s.size()) return std::nullopt;
        auto v = parse_number(s.substr(i, j - i));
        if (!v) return std::nullopt;
        switch (s[j]) {
        case 'Y': minutes += *v * 365 * 1440; break;
        case 'W': minutes += *v * 7 * 1440; break;
        case 'D': minutes += *v * 1440; break;
        case 'H': minutes += *v * 60; break;
        case 'M': minutes += time ? *v : *v * 30 * 1440; break;
        case 'S': minutes += *v / 60; break;
        default: return std::nullopt;
        }
        any = true;
        i = j + 1;
    }
    if (!any) return std::nullopt;
    return negative ? -minutes : minutes;
}

/// Duration and lag formats that count elapsed (calendar) time rather than working time.
bool elapsed_format(int f) {
    const int b = f >= 35 ? f - 32 : f;
    return b == 4 || b == 6 || b == 8 || b == 10 || b == 12 || b == 20;
}
bool percent_format(int f) { return f == 19 || f == 20 || f == 51 || f == 52; }

std::string number_text(double v) {
    const double r = std::round(v * 100) / 100;
    if (r == std::floor(r)) return fmt::format("{}", static_cast<long long>(r));
    return fmt::format("{:.2f}", r).erase(fmt::format("{:.2f}", r).find_last_not_of('0') + 1);
}

/// Working minutes as a pmo duration: whole days as `Nd`, anything else in hours.
Duration working_duration(double minutes, double minutes_per_day) {
    const double days = minutes / minutes_per_day;
    if (std::fabs(days - std::round(days)) < 1e-6) return Duration{std::round(days), 'd'};
    return Duration{std::round(minutes / 60 * 100) / 100, 'h'};
}

std::string show(const Duration& d) {
    return number_text(d.value) + d.unit;
}

constexpr std::string_view kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

/// MSPDI numbers days 1 Sunday .. 7 Saturday; pmo 0 Monday .. 6 Sunday.
int our_weekday(int mspdi_day) { return (mspdi_day + 5) % 7; }

/// A calendar as MSPDI states it, before it becomes a pmo calendar.
struct RawCalendar {
    int uid = -1;
    int base_uid = -1;
    std::string name;
    uint32_t line = 0;
    std::array<std::optional<bool>, 7> working;  ///< as stated; unset days inherit
    std::array<int, 7> minutes{};                ///< working minutes of stated working days
    std::vector<Holiday> holidays;
    bool is_base = true;
    bool holidays_are_absences = false;  ///< a resource's calendar: its days off are written as absences
    std::string id;  ///< the pmo id, when written
};

class MspdiReader {
public:
    MspdiReader(std::string_view file_name, std::string_view project_id) : m_file(file_name), m_id(project_id) {}

    ImportedPlan read(std::string_view text) {
        // No network, no entity expansion, no DTD loading: a file to import is data, never instructions.
        std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(), xmlFreeParserCtxt);
        if (!ctxt) {
            m_plan.errors.push_back({0, 0, "out of memory"});
            return std::move(m_plan);
        }
        if (text.size() > static_cast<size_t>(INT32_MAX)) {
            m_plan.errors.push_back({0, 0, "the file is too large to import"});
            return std::move(m_plan);
        }
        std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
            xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES),
            xmlFreeDoc);
        if (!doc) {
            const xmlError* e = xmlCtxtGetLastError(ctxt.get());
            std::string msg = e && e->message ? e->message : "malformed XML";
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
            m_plan.errors.push_back({e ? static_cast<uint32_t>(std::max(e->line, 0)) : 0,
                                     e ? static_cast<uint32_t>(std::max(e->int2, 0)) : 0, "not well-formed XML: " + msg});
            return std::move(m_plan);
        }
        const xmlNode* root = xmlDocGetRootElement(doc.get());
        if (!root || !is(root, "Project")) {
            m_plan.errors.push_back({line_of(root), 0,
                                     fmt::format("not Microsoft Project XML: the document is <{}>, not <Project>",
                                                 root ? reinterpret_cast<const char*>(root->name) : "")});
            return std::move(m_plan);
        }
        m_root = root;
        project(root);
        calendars(child(root, "Calendars"));
        resources(child(root, "Resources"));
        tasks(child(root, "Tasks"));
        assignments(child(root, "Assignments"));
        finish_calendars();
        status_date(root);
        m_notes.flush(m_plan.not_imported);
        return std::move(m_plan);
    }

private:
    /// Something with no place in pmo's format; listed once per kind, with where it first occurs.
    void note(const xmlNode* at, const std::string& kind, std::string detail = {}) { note(line_of(at), kind, std::move(detail)); }
    void note(uint32_t line, const std::string& kind, std::string detail = {}) { m_notes.note(line, kind, std::move(detail)); }

    std::string task_label(const xmlNode* t) {
        const std::string name = field(t, "Name");
        return name.empty() ? fmt::format("task {}", field(t, "UID")) : fmt::format("'{}'", name);
    }

    /// The day a start falls on: a start at the end of the working day is the next day's.
    Date start_day(const DateTime& d) const { return d.minute >= m_day_end ? d.date + 1 : d.date; }
    /// The day a finish falls on: a finish at the start of the working day ends the day before.
    Date finish_day(const DateTime& d) const {
        Date day = d.date;
        if (d.minute <= m_day_start) {
            day = day - 1;
            for (int k = 0; k < 7 && !m_week[static_cast<size_t>(day.weekday())]; ++k) day = day - 1;
        }
        return day;
    }

    void project(const xmlNode* root) {
        if (auto v = number(root, "MinutesPerDay"); v && *v > 0 && *v <= 1440) m_minutes_per_day = *v;
        if (auto v = number(root, "MinutesPerWeek"); v && *v > 0) m_minutes_per_week = *v;
        if (auto t = parse_datetime("2000-01-01T" + field(root, "DefaultStartTime")); t && !field(root, "DefaultStartTime").empty())
            m_day_start = t->minute;
        if (auto t = parse_datetime("2000-01-01T" + field(root, "DefaultFinishTime")); t && !field(root, "DefaultFinishTime").empty())
            m_day_end = t->minute;
        m_calendar_uid = integer(root, "CalendarUID", -1);
        Project& p = m_plan.project;
        std::string stem(m_file);
        if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem = stem.substr(slash + 1);
        if (auto dot = stem.find_last_of('.'); dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
        p.id = m_id.empty() ? make_id(stem, "imported") : m_id;
        std::string name = field(root, "Title");
        if (name.empty()) {
            // The project summary task (UID 0) carries the name Project shows.
            each(child(root, "Tasks"), "Task", [&](const xmlNode* t) {
                if (name.empty() && (field(t, "UID") == "0" || field(t, "OutlineLevel") == "0")) name = field(t, "Name");
            });
        }
        if (name.empty()) name = stem;
        p.name.set(name, {});
        const std::string start = field(root, "StartDate");
        if (auto d = parse_datetime(start)) p.start.set(start_day(*d), {});
        else {
            m_plan.errors.push_back({line_of(child(root, "StartDate")), 0,
                                     start.empty() ? "the project has no <StartDate>"
                                                   : fmt::format("<StartDate> '{}' is not a date", start)});
        }
        if (const std::string m = field(root, "Manager"); !m.empty()) p.manager.set(m, {});
        if (const std::string c = field(root, "Comments"); !c.empty()) p.description.set(c, {});
        if (field(root, "ScheduleFromStart") == "0")
            note(child(root, "ScheduleFromStart"), "scheduling from the finish date",
                 "pmo schedules forward from project.start");
        m_plan.currency = field(root, "CurrencyCode");
        m_plan.currency_line = line_of(child(root, "CurrencyCode"));
        if (child(root, "ExtendedAttributes") && child(child(root, "ExtendedAttributes"), "ExtendedAttribute"))
            note(child(root, "ExtendedAttributes"), "custom field definitions", "pmo has no custom fields");
        if (const std::string c = field(root, "Company"); !c.empty()) note(child(root, "Company"), "company", "'" + c + "'");
    }

    // ---- calendars ----

    void calendars(const xmlNode* list) {
        each(list, "Calendar", [&](const xmlNode* c) {
            RawCalendar cal;
            cal.uid = integer(c, "UID", -1);
            cal.base_uid = integer(c, "BaseCalendarUID", -1);
            cal.is_base = field(c, "IsBaseCalendar") != "0";
            cal.name = field(c, "Name");
            cal.line = line_of(c);
            const xmlNode* exceptions = child(c, "Exceptions");
            const bool has_exceptions = exceptions && child(exceptions, "Exception");
            each(child(c, "WeekDays"), "WeekDay", [&](const xmlNode* w) {
                const int type = integer(w, "DayType", -1);
                const bool working = flag(w, "DayWorking");
                if (type >= 1 && type <= 7) {
                    const size_t d = static_cast<size_t>(our_weekday(type));
                    cal.working[d] = working;
                    cal.minutes[d] = working_minutes(child(w, "WorkingTimes"));
                } else if (type == 0 && !has_exceptions) {
                    // Before Project 2007 exceptions were written here, one date range each.
                    exception_range(w, cal, "", working);
                }
            });
            each(exceptions, "Exception", [&](const xmlNode* e) { exception(e, cal); });
            if (const xmlNode* ww = child(c, "WorkWeeks"); ww && child(ww, "WorkWeek")) {
                const xmlNode* w = child(ww, "WorkWeek");
                const xmlNode* tp = child(w, "TimePeriod");
                note(w, "work weeks for a period",
                     fmt::format("calendar '{}' '{}' {}..{}: a pmo calendar has one working week", cal.name,
                                 field(w, "Name"), field(tp, "FromDate").substr(0, 10), field(tp, "ToDate").substr(0, 10)));
            }
            if (cal.uid >= 0) m_calendars[cal.uid] = std::move(cal);
        });
    }

    static int working_minutes(const xmlNode* times) {
        int total = 0;
        each(times, "WorkingTime", [&](const xmlNode* wt) {
            auto from = parse_datetime("2000-01-01T" + field(wt, "FromTime"));
            auto to = parse_datetime("2000-01-01T" + field(wt, "ToTime"));
            if (from && to) {
                int m = to->minute - from->minute;
                if (m <= 0) m += 1440;  // 00:00 as the end of the day
                total += m;
            }
        });
        return total;
    }

    /// The window holidays are kept in: a calendar reaching over centuries must not become a list of
    /// thousands of days.
    std::pair<Date, Date> holiday_window() const {
        const Date start = m_plan.project.start ? m_plan.project.start.value : Date::from_ymd(2000, 1, 1);
        return {start - 7320, start + 7320};
    }

    void add_holiday(RawCalendar& cal, Date d, const std::string& name, const xmlNode* at) {
        auto [lo, hi] = holiday_window();
        if (d < lo || d > hi) {
            note(at, "calendar exceptions more than twenty years from the start",
                 fmt::format("calendar '{}' {}", cal.name, d.iso()));
            return;
        }
        if (cal.holidays.size() >= 20000) return;
        cal.holidays.push_back({d, name, {}});
    }

    void exception_range(const xmlNode* e, RawCalendar& cal, const std::string& name, bool working) {
        const xmlNode* tp = child(e, "TimePeriod");
        auto from = parse_datetime(field(tp, "FromDate")), to = parse_datetime(field(tp, "ToDate"));
        if (!from || !to) return;
        if (working) {
            note(e, "working exceptions (extra working time)",
                 fmt::format("calendar '{}' {}: pmo calendars only take days off", cal.name, from->date.iso()));
            return;
        }
        for (Date d = from->date; d <= to->date && d - from->date < 40000; d = d + 1) add_holiday(cal, d, name, e);
    }

    void exception(const xmlNode* e, RawCalendar& cal) {
        const std::string name = field(e, "Name");
        const int type = integer(e, "Type", 1);
        const bool working = flag(e, "DayWorking");
        const xmlNode* tp = child(e, "TimePeriod");
        auto from = parse_datetime(field(tp, "FromDate")), to = parse_datetime(field(tp, "ToDate"));
        if (!from || !to) return;
        if (working) {
            note(e, "working exceptions (extra working time)",
                 fmt::format("calendar '{}' '{}' from {}: pmo calendars only take days off", cal.name, name, from->date.iso()));
            return;
        }
        for (Date d : occurrences(e, type, from->date, to->date)) add_holiday(cal, d, name, e);
    }

    /// The days a (recurring) MSPDI exception covers, from its first day to its last.
    static std::vector<Date> occurrences(const xmlNode* e, int type, Date from, Date to) {
        std::vector<Date> out;
        const int period = std::max(1, integer(e, "Period", 1));
        const int month_day = integer(e, "MonthDay", 1);
        const int month = integer(e, "Month", 0);  // 0 = January
        const int item = integer(e, "MonthItem", 0);
        const int position = integer(e, "MonthPosition", 0);  // 0..3 first..fourth, 4 last
        const int days_of_week = integer(e, "DaysOfWeek", 0);
        const int limit = 40000;
        auto in = [&](Date d) { return d >= from && d <= to; };
        // The n-th (or last) day of `item` kind in a month.
        auto relative = [&](int y, unsigned m) -> std::optional<Date> {
            const Date first = Date::from_ymd(y, m, 1);
            const Date next = m == 12 ? Date::from_ymd(y + 1, 1, 1) : Date::from_ymd(y, m + 1, 1);
            auto matches = [&](Date d) {
                const int wd = d.weekday();
                if (item == 0) return true;                  // day
                if (item == 1) return wd < 5;                // weekday
                if (item == 2) return wd >= 5;               // weekend day
                return wd == our_weekday(item - 2);          // 3 Sunday .. 9 Saturday
            };
            if (position >= 4) {
                for (Date d = next - 1; d >= first; d = d - 1)
                    if (matches(d)) return d;
                return std::nullopt;
            }
            int n = 0;
            for (Date d = first; d < next; d = d + 1)
                if (matches(d) && n++ == position) return d;
            return std::nullopt;
        };
        auto absolute = [&](int y, unsigned m) -> std::optional<Date> {
            const Date next = m == 12 ? Date::from_ymd(y + 1, 1, 1) : Date::from_ymd(y, m + 1, 1);
            const int last = (next - Date::from_ymd(y, m, 1));
            if (month_day < 1 || month_day > last) return std::nullopt;
            return Date::from_ymd(y, m, static_cast<unsigned>(month_day));
        };
        switch (type) {
        case 1:  // daily
        case 7:  // every `period` days
            for (Date d = from; d <= to && static_cast<int>(out.size()) < limit; d = d + (type == 7 ? period : 1))
                out.push_back(d);
            break;
        case 6: {  // weekly: the days of `days_of_week` (1 Sunday, 2 Monday, ... 64 Saturday) every `period` weeks
            const Date week0 = from - ((from.weekday() + 1) % 7);  // the Sunday starting the first week
            for (Date w = week0; w <= to && static_cast<int>(out.size()) < limit; w = w + 7 * period)
                for (int k = 0; k < 7; ++k)
                    if (days_of_week & (1 << k) && in(w + k)) out.push_back(w + k);
            break;
        }
        case 4:  // monthly, on a day of the month
        case 5: {  // monthly, on the n-th weekday
            int y = from.year(), m = static_cast<int>(from.month());
            for (int n = 0; n < limit; ++n) {
                if (Date::from_ymd(y, static_cast<unsigned>(m), 1) > to) break;
                auto d = type == 4 ? absolute(y, static_cast<unsigned>(m)) : relative(y, static_cast<unsigned>(m));
                if (d && in(*d)) out.push_back(*d);
                m += period;
                while (m > 12) m -= 12, ++y;
            }
            break;
        }
        case 2:  // yearly, on a date
        case 3:  // yearly, on the n-th weekday of a month
            for (int y = from.year(); y <= to.year(); ++y) {
                const unsigned m = static_cast<unsigned>(std::clamp(month, 0, 11) + 1);
                auto d = type == 2 ? absolute(y, m) : relative(y, m);
                if (d && in(*d)) out.push_back(*d);
            }
            break;
        default:
            for (Date d = from; d <= to && static_cast<int>(out.size()) < limit; d = d + 1) out.push_back(d);
        }
        return out;
    }

    /// The working days of a calendar after inheritance (Project's default for days nobody states).
    std::array<bool, 7> effective_week(int uid, int depth = 0) const {
        std::array<bool, 7> week{true, true, true, true, true, false, false};
        auto it = m_calendars.find(uid);
        if (it == m_calendars.end()) return week;
        if (it->second.base_uid >= 0 && it->second.base_uid != uid && depth < 16)
            week = effective_week(it->second.base_uid, depth + 1);
        for (size_t d = 0; d < 7; ++d)
            if (it->second.working[d]) week[d] = *it->second.working[d];
        return week;
    }

    /// Working minutes of the calendar's usual day: the most common among its working days.
    int usual_minutes(int uid, int depth = 0) const {
        auto it = m_calendars.find(uid);
        if (it == m_calendars.end()) return 480;
        std::map<int, int> count;
        const auto week = effective_week(uid);
        for (size_t d = 0; d < 7; ++d)
            if (week[d] && it->second.working[d] && it->second.minutes[d] > 0) ++count[it->second.minutes[d]];
        if (count.empty())
            return it->second.base_uid >= 0 && depth < 16 ? usual_minutes(it->second.base_uid, depth + 1) : 480;
        return std::max_element(count.begin(), count.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    }

    /// Gives calendar `uid` (and its bases) a pmo id and marks it for writing; returns the id.
    std::string use_calendar(int uid, int depth = 0) {
        auto it = m_calendars.find(uid);
        if (it == m_calendars.end() || depth > 16) return {};
        RawCalendar& c = it->second;
        if (!c.id.empty()) return c.id;
        if (c.base_uid >= 0 && c.base_uid != uid) use_calendar(c.base_uid, depth + 1);
        std::string id = make_id(c.name, fmt::format("calendar-{}", c.uid));
        for (int n = 2; m_calendar_ids.count(id); ++n) id = fmt::format("{}-{}", make_id(c.name, "calendar"), n);
        m_calendar_ids.insert(id);
        c.id = id;
        m_calendar_order.push_back(uid);
        return id;
    }

    /// A resource calendar whose week is its base's is not worth a calendar of its own (its days off
    /// become the resource's absences).
    bool adds_nothing(const RawCalendar& c) const {
        if (c.base_uid < 0 || !m_calendars.count(c.base_uid)) return false;
        return effective_week(c.uid) == effective_week(c.base_uid) && usual_minutes(c.uid) == usual_minutes(c.base_uid);
    }

    /// A resource calendar's non-working exceptions as the resource's absences, one per run of days.
    static std::vector<Absence> absences(const RawCalendar& c) {
        std::vector<Holiday> hs = c.holidays;
        std::sort(hs.begin(), hs.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
        std::vector<Absence> out;
        for (const Holiday& h : hs) {
            if (!out.empty() && out.back().reason == h.name && h.date <= out.back().to + 1) {
                out.back().to = std::max(out.back().to, h.date);
                continue;
            }
            out.push_back({h.date, h.date, h.name, {}});
        }
        return out;
    }

    void finish_calendars() {
        for (int uid : m_calendar_order) {
            const RawCalendar& raw = m_calendars.at(uid);
            Calendar c;
            c.id = raw.id;
            const bool derived = raw.base_uid >= 0 && m_calendars.count(raw.base_uid) && !m_calendars.at(raw.base_uid).id.empty();
            const auto week = effective_week(uid);
            if (derived) c.base.set(m_calendars.at(raw.base_uid).id, {});
            if (!derived || week != effective_week(raw.base_uid)) c.workweek.set(week, {});
            const double hours = uid == m_calendar_uid ? m_minutes_per_day / 60.0 : usual_minutes(uid) / 60.0;
            const double base_hours = derived ? (raw.base_uid == m_calendar_uid ? m_minutes_per_day / 60.0
                                                                                : usual_minutes(raw.base_uid) / 60.0)
                                              : 8.0;
            if (std::fabs(hours - base_hours) > 1e-9 && hours > 0) c.hours_per_day.set(hours, {});
            // Days of a different length than the usual one have no place: pmo counts whole days.
            const int usual = uid == m_calendar_uid ? static_cast<int>(m_minutes_per_day) : usual_minutes(uid);
            for (size_t d = 0; d < 7; ++d)
                if (raw.working[d] && *raw.working[d] && raw.minutes[d] > 0 && raw.minutes[d] != usual)
                    note(raw.line, "working hours that differ by weekday",
                         fmt::format("calendar '{}' {} {}h: pmo takes {}h on every working day", raw.name, kDayNames[d],
                                     number_text(raw.minutes[d] / 60.0), number_text(usual / 60.0)));
            std::vector<Holiday> hs = raw.holidays_are_absences ? std::vector<Holiday>{} : raw.holidays;
            std::sort(hs.begin(), hs.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
            for (const Holiday& h : hs)
                if (c.holidays.empty() || c.holidays.back().date != h.date) c.holidays.push_back(h);
            m_plan.calendars.push_back(std::move(c));
        }
        for (auto& [uid, raw] : m_calendars)
            if (raw.id.empty() && raw.is_base)
                note(raw.line, "calendars no task or resource uses", fmt::format("'{}'", raw.name));
    }

    // ---- resources ----

    void resources(const xmlNode* list) {
        // The project calendar comes first.
        m_plan.project.calendar.set(use_calendar(m_calendar_uid), {});
        if (m_plan.project.calendar.value.empty()) m_plan.project.calendar = {};
        if (m_calendars.count(m_calendar_uid)) m_week = effective_week(m_calendar_uid);
        for (int uid = m_calendar_uid, depth = 0; m_calendars.count(uid) && depth < 16; ++depth) {
            for (const Holiday& h : m_calendars.at(uid).holidays) m_project_holidays.insert(h.date.days);
            if (m_calendars.at(uid).base_uid == uid) break;
            uid = m_calendars.at(uid).base_uid;
        }
        std::set<std::string> ids;
        each(list, "Resource", [&](const xmlNode* r) {
            const std::string name = field(r, "Name");
            const int uid = integer(r, "UID", -1);
            if (name.empty() || flag(r, "IsNull")) return;  // Project's unnamed resource 0 and blank rows
            const std::string type = field(r, "Type");
            if (type == "0" || type == "2") {
                note(r, type == "0" ? "material resources" : "cost resources",
                     fmt::format("'{}': pmo's resources are people and teams", name));
                return;
            }
            Resource res;
            std::string id = make_id(name, fmt::format("r{}", uid));
            const std::string stem = id;
            for (int n = 2; ids.count(id); ++n) id = fmt::format("{}-{}", stem, n);
            ids.insert(id);
            res.id = id;
            res.name.set(name, {});
            if (const std::string g = field(r, "Group"); !g.empty()) res.role.set(g, {});
            if (const std::string e = field(r, "EmailAddress"); !e.empty()) res.email.set(e, {});
            if (auto u = number(r, "MaxUnits"); u && std::fabs(*u - 1) > 1e-9 && *u > 0) res.units.set(*u, {});
            if (auto rate = number(r, "StandardRate"); rate && *rate > 0) res.rate.set(*rate, {});
            if (auto o = number(r, "OvertimeRate"); o && *o > 0)
                note(child(r, "OvertimeRate"), "overtime rates", fmt::format("'{}' {}/h: pmo plans no overtime", name, number_text(*o)));
            if (auto c = number(r, "CostPerUse"); c && *c > 0)
                note(child(r, "CostPerUse"), "cost per use", fmt::format("'{}' {}: give a task's fixed cost instead", name, number_text(*c)));
            if (const xmlNode* ea = child(r, "ExtendedAttribute")) note(ea, "custom field values", fmt::format("resource '{}'", name));
            if (const xmlNode* b = child(r, "Baseline")) note(b, "baselines", "pmo takes the baseline from git: --baseline REV");
            if (const xmlNode* ap = child(r, "AvailabilityPeriods"); ap && child(ap, "AvailabilityPeriod"))
                note(ap, "availability that changes over time", fmt::format("'{}': pmo takes one units value", name));
            const int cal = integer(r, "CalendarUID", -1);
            if (auto it = m_calendars.find(cal); it != m_calendars.end()) {
                // A resource's own calendar: its days off are the person's absences.
                if (!it->second.is_base) {
                    res.absences = absences(it->second);
                    it->second.holidays_are_absences = true;
                }
                const int use = !it->second.is_base && adds_nothing(it->second) ? it->second.base_uid : cal;
                const std::string cid = use_calendar(use);
                if (!cid.empty() && cid != m_plan.project.calendar.value) res.calendar.set(cid, {});
            }
            m_resources[uid] = static_cast<int32_t>(m_plan.resources.size());
            m_plan.resources.push_back(std::move(res));
        });
    }

    // ---- tasks ----

    void tasks(const xmlNode* list) {
        Project& p = m_plan.project;
        std::vector<std::pair<int, int32_t>> stack;  // (outline level, task index)
        std::set<std::string> ids;
        std::vector<const xmlNode*> nodes;
        each(list, "Task", [&](const xmlNode* t) {
            if (field(t, "UID") == "0" || field(t, "OutlineLevel") == "0") return;  // the project summary task
            if (flag(t, "IsNull")) return;                                          // a blank row
            const int uid = integer(t, "UID", -1);
            int level = integer(t, "OutlineLevel", -1);
            if (level < 1) {
                const std::string on = field(t, "OutlineNumber");
                level = on.empty() ? 1 : 1 + static_cast<int>(std::count(on.begin(), on.end(), '.'));
            }
            while (!stack.empty() && stack.back().first >= level) stack.pop_back();
            Task task;
            task.parent = stack.empty() ? -1 : stack.back().second;
            task.depth = static_cast<int>(stack.size());
            const std::string name = field(t, "Name");
            std::string id = make_id(name, fmt::format("task-{}", uid));
            const std::string stem = id;
            for (int n = 2; ids.count(id); ++n) id = fmt::format("{}-{}", stem, n);
            ids.insert(id);
            task.id = id;
            task.name.set(name.empty() ? id : name, {});
            const int32_t index = static_cast<int32_t>(p.tasks.size());
            if (task.parent >= 0) p.tasks[static_cast<size_t>(task.parent)].children.push_back(index);
            p.tasks.push_back(std::move(task));
            nodes.push_back(t);
            m_task_index[uid] = index;
            stack.emplace_back(level, index);
        });
        for (size_t i = 0; i < nodes.size(); ++i) task(nodes[i], p.tasks[i]);
        for (size_t i = 0; i < nodes.size(); ++i) links(nodes[i], p.tasks[i]);
    }

    Date day_of_start(const xmlNode* t) const {
        auto d = parse_datetime(field(t, "Start"));
        return d ? start_day(*d) : (m_plan.project.start ? m_plan.project.start.value : Date{});
    }

    /// Working days of the project calendar from the task's start day to its finish day, inclusive.
    int working_days_spanned(const xmlNode* t) const {
        auto s = parse_datetime(field(t, "Start")), f = parse_datetime(field(t, "Finish"));
        if (!s || !f) return 0;
        int n = 0;
        const Date last = finish_day(*f);
        for (Date d = start_day(*s); d <= last && n < 100000; d = d + 1)
            if (m_week[static_cast<size_t>(d.weekday())] && !m_project_holidays.count(d.days)) ++n;
        return n;
    }

    void task(const xmlNode* t, Task& task) {
        const std::string label = task_label(t);
        const bool summary = task.is_summary();
        const int format = integer(t, "DurationFormat", 7);
        const bool stated = !field(t, "Duration").empty();
        // Without a <Duration> (TaskJuggler writes none) the task lasts what its dates span.
        const double minutes = stated ? parse_iso_duration(field(t, "Duration")).value_or(0)
                                      : working_days_spanned(t) * m_minutes_per_day;
        const bool milestone = flag(t, "Milestone") || (!summary && minutes == 0);
        if (!summary) {
            if (milestone) {
                task.milestone.set(true, {});
                if (minutes > 0)
                    note(child(t, "Milestone"), "durations of milestones",
                         fmt::format("{} {}: a pmo milestone takes no time", label, field(t, "Duration")));
            } else if (elapsed_format(format)) {
                const int days = std::max(1, working_days_spanned(t));
                task.duration.set(Duration{static_cast<double>(days), 'd'}, {});
                note(child(t, "DurationFormat"), "elapsed durations",
                     fmt::format("{} {} elapsed: pmo counts working days, so it is the {}d Project's dates span", label,
                                 number_text(minutes / 1440) + "ed", days));
            } else {
                task.duration.set(working_duration(minutes, m_minutes_per_day), {});
                const double days = task.duration->days(5, m_minutes_per_day / 60);
                if (!field(t, "Start").empty() && number(t, "PercentComplete").value_or(0) == 0 &&
                    working_days_spanned(t) > days + 0.5)
                    note(child(t, "Finish"), "split tasks",
                         fmt::format("{} spans {} working days for its {}: pmo never splits a task", label,
                                     working_days_spanned(t), show(task.duration.value)));
            }
        }
        if (!summary && !milestone && field(t, "Type") == "2" && !elapsed_format(format))
            if (auto w = parse_iso_duration(field(t, "Work")); w && *w > 0)
                m_fixed_work.emplace_back(static_cast<int32_t>(&task - m_plan.project.tasks.data()), *w);
        if (format >= 35 || flag(t, "Estimated"))
            note(child(t, "Estimated"), "estimated ('?') durations",
                 fmt::format("{}: pmo has no tentative flag; give an estimate: {{optimistic, likely, pessimistic}} for Monte Carlo", label));
        if (flag(t, "Manual") && !summary) {
            const Date s = milestone ? parse_datetime(field(t, "Start")).value_or(DateTime{day_of_start(t), 0}).date
                                     : day_of_start(t);
            if (m_plan.project.start && s > m_plan.project.start.value) task.start_no_earlier_than.set(s, {});
            note(child(t, "Manual"), "manual scheduling",
                 fmt::format("{}: pmo schedules every task; it keeps the start Project shows as start_no_earlier_than", label));
        }
        constraint(t, task, label);
        if (auto d = parse_datetime(field(t, "Deadline"))) {
            const Date day = d->date;
            if (!task.finish_no_later_than || day < task.finish_no_later_than.value) task.finish_no_later_than.set(day, {});
        }
        if (auto pr = number(t, "Priority"); pr && std::lround(*pr) != 500)
            task.priority.set(std::clamp(static_cast<int>(std::lround(*pr)), 1, 1000), {});
        if (const std::string n = field(t, "Notes"); !n.empty()) task.notes.set(n, {});
        if (!summary) {
            // Actual dates count once work is reported: some writers (TaskJuggler) give every task
            // its planned dates as actual ones at 0%.
            const double pct = number(t, "PercentComplete").value_or(0);
            if (pct > 0) task.progress.set(std::min(pct, 100.0) / 100, {});
            auto actual_start = parse_datetime(field(t, "ActualStart"));
            auto actual_finish = parse_datetime(field(t, "ActualFinish"));
            // Work reported without its dates (writers other than Project): Project would show the
            // planned ones as actual, so they are.
            if (pct > 0 && !actual_start) {
                actual_start = parse_datetime(field(t, "Start"));
                if (actual_start)
                    note(child(t, "PercentComplete"), "progress without actual dates",
                         fmt::format("{} {}%: its planned start (and finish, when done) taken as the actual ones", label,
                                     number_text(pct)));
            }
            if (pct >= 100 && !actual_finish) {
                actual_finish = parse_datetime(field(t, "Finish"));
                if (actual_finish && !field(t, "ActualStart").empty())
                    note(child(t, "PercentComplete"), "progress without actual dates",
                         fmt::format("{} 100%: its planned finish taken as the actual one", label));
            }
            // A task started with nothing done yet: kept when it started by the file's status date
            // (TaskJuggler writes every task's planned start as an actual one, at 0%).
            const auto status = parse_datetime(field(m_root, "StatusDate"));
            const bool started = pct > 0 || (actual_start && status && actual_start->date <= status->date);
            if (actual_start && started) task.actual_start.set(milestone ? actual_start->date : start_day(*actual_start), {});
            if (actual_finish && pct >= 100) {
                Date f = milestone ? actual_finish->date : finish_day(*actual_finish);
                if (task.actual_start && f < task.actual_start.value) f = task.actual_start.value;
                task.actual_finish.set(f, {});
            }
            if (auto c = number(t, "FixedCost"); c && *c > 0) task.cost.set(*c, {});
        }
        if (const int cal = integer(t, "CalendarUID", -1); cal >= 0 && cal != m_calendar_uid && m_calendars.count(cal))
            note(child(t, "CalendarUID"), "task calendars",
                 fmt::format("{} uses '{}': a pmo task works in its project's and its people's calendars", label,
                             m_calendars.at(cal).name));
        if (flag(t, "Recurring"))
            note(child(t, "Recurring"), "recurring tasks", fmt::format("{}: its occurrences are imported as its subtasks", label));
        if (auto lv = number(t, "LevelingDelay"); lv && *lv > 0 && !summary) {
            // Project levelled the plan: keep its levelled start, so the plan is the one Project showed.
            const Date s = day_of_start(t);
            if (!task.start_no_earlier_than || s > task.start_no_earlier_than.value) task.start_no_earlier_than.set(s, {});
            note(child(t, "LevelingDelay"), "levelling delays",
                 fmt::format("{}: kept as start_no_earlier_than {}, the start Project levelled it to; remove it to let "
                             "pmo level the plan",
                             label, s.iso()));
        }
        if (const xmlNode* ea = child(t, "ExtendedAttribute")) note(ea, "custom field values", fmt::format("task {}", label));
        if (const xmlNode* b = child(t, "Baseline")) note(b, "baselines", "pmo takes the baseline from git: --baseline REV");
        if (const std::string h = field(t, "HyperlinkAddress"); !h.empty()) note(child(t, "HyperlinkAddress"), "hyperlinks", label + " " + h);
        const std::string wbs = field(t, "WBS"), outline = field(t, "OutlineNumber");
        if (!wbs.empty() && !outline.empty() && wbs != outline)
            note(child(t, "WBS"), "WBS codes that differ from the outline number",
                 fmt::format("{} '{}': pmo numbers the work breakdown by the outline ({})", label, wbs, outline));
        if (flag(t, "IsSubproject")) note(t, "subprojects", label + ": import that file on its own");
        if (const xmlNode* tp = child(t, "TimephasedData")) note(tp, "timephased data (splits, contours)", label);
    }

    void constraint(const xmlNode* t, Task& task, const std::string& label) {
        const int type = integer(t, "ConstraintType", 0);
        auto when = parse_datetime(field(t, "ConstraintDate"));
        const xmlNode* at = child(t, "ConstraintType");
        switch (type) {
        case 0: return;  // as soon as possible
        case 1:
            note(at, "as-late-as-possible constraints", label + ": pmo schedules it as soon as possible");
            return;
        case 2:
        case 4: {
            if (!when) return;
            const Date day = task.is_milestone() ? when->date : start_day(*when);
            if (!task.start_no_earlier_than || day > task.start_no_earlier_than.value) task.start_no_earlier_than.set(day, {});
            if (type == 2)
                note(at, "must-start-on constraints",
                     fmt::format("{} {}: pmo keeps it as start_no_earlier_than; a later predecessor can move it", label,
                                 day.iso()));
            return;
        }
        case 3:
        case 7:
            if (!when) return;
            task.finish_no_later_than.set(task.milestone ? when->date : finish_day(*when), {});
            if (type == 3)
                note(at, "must-finish-on constraints",
                     fmt::format("{} {}: pmo keeps it as finish_no_later_than, a late finish the plan is checked against",
                                 label, when->date.iso()));
            return;
        case 5:
            note(at, "start-no-later-than constraints",
                 fmt::format("{} {}: pmo has no such bound; give the task a finish_no_later_than instead", label,
                             when ? when->date.iso() : std::string("?")));
            return;
        case 6:
            note(at, "finish-no-earlier-than constraints",
                 fmt::format("{} {}: pmo schedules it as soon as possible; give it a start_no_earlier_than instead", label,
                             when ? when->date.iso() : std::string("?")));
            return;
        default: note(at, "unknown constraint types", fmt::format("{} type {}", label, type));
        }
    }

    void links(const xmlNode* t, Task& task) {
        const std::string label = task_label(t);
        each(t, "PredecessorLink", [&](const xmlNode* l) {
            const int pred = integer(l, "PredecessorUID", -1);
            auto it = m_task_index.find(pred);
            if (flag(l, "CrossProject") || it == m_task_index.end()) {
                note(l, "links to tasks outside the file",
                     fmt::format("{} after {}: import the other project and add the link as project/task",
                                 label, field(l, "CrossProjectName").empty() ? "task " + field(l, "PredecessorUID")
                                                                             : field(l, "CrossProjectName")));
                return;
            }
            Dependency d;
            const Task& p = m_plan.project.tasks[static_cast<size_t>(it->second)];
            d.ref = p.id;
            switch (integer(l, "Type", 1)) {
            case 0: d.type = DepType::FF; break;
            case 2: d.type = DepType::SF; break;
            case 3: d.type = DepType::SS; break;
            default: d.type = DepType::FS;
            }
            const int format = integer(l, "LagFormat", 7);
            const double lag = number(l, "LinkLag").value_or(0);  // tenths of a minute
            if (lag != 0) {
                if (percent_format(format)) {
                    // A percent lag: tenths of a percent of the predecessor's duration.
                    const double pct = lag / 10;
                    const double pred_days = p.duration ? p.duration->days(5, m_minutes_per_day / 60) : 0;
                    d.lag = working_duration(pct / 100 * pred_days * m_minutes_per_day, m_minutes_per_day);
                    note(l, "percent lags",
                         fmt::format("{} {}%: pmo lags are working time, so it is {} of the predecessor's duration", label,
                                     number_text(pct), show(d.lag)));
                } else if (elapsed_format(format)) {
                    const double days = lag / 10 / 1440;
                    const double working = std::round(days * (m_minutes_per_week / m_minutes_per_day) / 7);
                    d.lag = Duration{working, 'd'};
                    note(l, "elapsed lags",
                         fmt::format("{} {}ed: pmo lags are working time, so it is {}", label, number_text(days), show(d.lag)));
                } else {
                    d.lag = working_duration(lag / 10, m_minutes_per_day);
                }
            }
            task.depends.push_back(std::move(d));
        });
    }

    // ---- assignments ----

    void assignments(const xmlNode* list) {
        Project& p = m_plan.project;
        each(list, "Assignment", [&](const xmlNode* a) {
            auto t = m_task_index.find(integer(a, "TaskUID", -1));
            auto r = m_resources.find(integer(a, "ResourceUID", -1));
            if (t == m_task_index.end() || r == m_resources.end()) return;  // unassigned, or a resource not imported
            Task& task = p.tasks[static_cast<size_t>(t->second)];
            const Resource& res = m_plan.resources[static_cast<size_t>(r->second)];
            if (task.is_summary()) {
                note(a, "resources on summary tasks",
                     fmt::format("'{}' on '{}': assign them to the tasks below", res.name.value, task.name.value));
                return;
            }
            if (task.is_milestone()) {
                note(a, "resources on milestones", fmt::format("'{}' on '{}'", res.name.value, task.name.value));
                return;
            }
            Assignment as;
            as.resource = res.id;
            as.units = number(a, "Units").value_or(1);
            if (as.units <= 0) {
                note(a, "assignments with no units", fmt::format("'{}' on '{}'", res.name.value, task.name.value));
                return;
            }
            if (integer(a, "WorkContour", 0) != 0)
                note(child(a, "WorkContour"), "work contours",
                     fmt::format("'{}' on '{}': pmo books the same units every day", res.name.value, task.name.value));
            for (const Assignment& have : task.assign)
                if (have.resource == as.resource) return;
            task.assign.push_back(std::move(as));
        });
        // A fixed-work task with people on it is pmo's effort task: its length follows from the work,
        // the units and the people's days (an absence stretches it).
        for (auto [index, minutes] : m_fixed_work) {
            Task& task = p.tasks[static_cast<size_t>(index)];
            if (task.assign.empty() || minutes <= 0 || task.is_milestone()) continue;
            task.effort.set(working_duration(minutes, m_minutes_per_day), {});
            task.duration = {};
        }
    }

    void status_date(const xmlNode* root) {
        // Project's CurrentDate is only the day the file was last opened: not a status.
        std::optional<Date> stated;
        if (auto d = parse_datetime(field(root, "StatusDate"))) stated = d->date;
        infer_status_date(m_plan.project, stated);
    }

    std::string m_file, m_id;
    ImportedPlan m_plan;
    const xmlNode* m_root = nullptr;  ///< <Project>, while reading
    ImportNotes m_notes;
    std::map<int, RawCalendar> m_calendars;
    std::vector<int> m_calendar_order;
    std::set<std::string> m_calendar_ids;
    std::map<int, int32_t> m_task_index, m_resources;
    int m_calendar_uid = -1;
    double m_minutes_per_day = 480, m_minutes_per_week = 2400;
    int m_day_start = 8 * 60, m_day_end = 17 * 60;
    std::array<bool, 7> m_week{true, true, true, true, true, false, false};
    std::set<int32_t> m_project_holidays;
    std::vector<std::pair<int32_t, double>> m_fixed_work;  ///< (task index, work in minutes) of fixed-work tasks
};

}  // namespace

namespace {

/// A Latin letter with a mark as plain ASCII, as a person would write it in an id: ä as ae,
/// ß as ss, é as e, ł as l; nullptr for anything else.
const char* ascii_of(char32_t cp) {
    switch (cp) {
    case U'ä': case U'Ä': case U'æ': case U'Æ': return "ae";
    case U'ö': case U'Ö': case U'œ': case U'Œ': return "oe";
    case U'ü': case U'Ü': return "ue";
    case U'ß': return "ss";
    case U'þ': case U'Þ': return "th";
    default: break;
    }
    struct Range {
        char32_t from, to;
        const char* as;
    };
    static constexpr Range kLetters[] = {
        {U'à', U'å', "a"}, {U'À', U'Å', "a"}, {U'ç', U'ç', "c"}, {U'Ç', U'Ç', "c"}, {U'è', U'ë', "e"}, {U'È', U'Ë', "e"},
        {U'ì', U'ï', "i"}, {U'Ì', U'Ï', "i"}, {U'ð', U'ð', "d"}, {U'Ð', U'Ð', "d"}, {U'ñ', U'ñ', "n"}, {U'Ñ', U'Ñ', "n"},
        {U'ò', U'ø', "o"}, {U'Ò', U'Ø', "o"}, {U'ù', U'û', "u"}, {U'Ù', U'Û', "u"}, {U'ý', U'ý', "y"}, {U'ÿ', U'ÿ', "y"},
        {U'Ý', U'Ý', "y"},
        // Latin Extended-A: each letter's case pair, by its base letter.
        {0x100, 0x105, "a"}, {0x106, 0x10d, "c"}, {0x10e, 0x111, "d"}, {0x112, 0x11b, "e"}, {0x11c, 0x123, "g"},
        {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"},
        {0x143, 0x14b, "n"}, {0x14c, 0x151, "o"}, {0x154, 0x159, "r"}, {0x15a, 0x161, "s"}, {0x162, 0x167, "t"},
        {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"}, {0x179, 0x17e, "z"},
    };
    for (const Range& r : kLetters)
        if (cp >= r.from && cp <= r.to) return cp == 0xf7 || cp == 0xd7 ? nullptr : r.as;
    return nullptr;
}

}  // namespace

std::string make_id(std::string_view text, std::string_view fallback) {
    std::string id;
    bool dash = false;
    auto add = [&](char c) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && !id.empty()) id += '-';
            dash = false;
            id += c;
        } else dash = true;
    };
    for (size_t i = 0; i < text.size() && id.size() < 40;) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            add(ascii_lower(static_cast<char>(c)));
            ++i;
            continue;
        }
        // A two-byte UTF-8 letter (Latin-1 and Latin Extended-A) as ASCII; anything else separates.
        const char* as = nullptr;
        if ((c >> 5) == 6 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80)
            as = ascii_of(static_cast<char32_t>(((c & 0x1f) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3f)));
        if (as)
            for (const char* a = as; *a; ++a) add(*a);
        else
            add('-');
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    if (id.size() > 40) id.resize(40);
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.empty() ? std::string(fallback) : id;
}

void ImportNotes::note(uint32_t line, const std::string& kind, std::string detail) {
    Group& g = m_groups[kind];
    if (g.count++ == 0) {
        g.line = line;
        g.detail = std::move(detail);
    }
}

void ImportNotes::flush(std::vector<ImportMessage>& out) const {
    for (const auto& [kind, n] : m_groups) {
        std::string msg = n.detail.empty() ? kind : kind + ": " + n.detail;
        if (n.count > 1) msg += fmt::format(" (and {} more)", n.count - 1);
        out.push_back({n.line, 0, std::move(msg)});
    }
    std::stable_sort(out.begin(), out.end(), [](const ImportMessage& x, const ImportMessage& y) { return x.line < y.line; });
}

void infer_status_date(Project& p, std::optional<Date> stated) {
    bool progress = false;
    Date latest{INT32_MIN};
    for (const Task& t : p.tasks) {
        if (t.progress || t.actual_start) progress = true;
        if (t.actual_start) latest = std::max(latest, t.actual_start.value);
        if (t.actual_finish) latest = std::max(latest, t.actual_finish.value);
    }
    if (!p.start) return;
    // The status date is the first day of the remaining work: without the file's own, the day
    // after the last one anything is known to have happened.
    Date status = p.start.value;
    if (progress) status = stated ? std::max(*stated, latest) : std::max(status, latest + 1);
    p.status_date.set(status, {});
}

ImportedPlan read_mspdi(std::string_view text, std::string_view file_name, std::string_view project_id) {
    return MspdiReader(file_name, project_id).read(text);
}

}  // namespace pmo
