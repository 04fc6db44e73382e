// Holidays from an iCalendar file (RFC 5545), for a calendar's `holidays_from`. libical parses and
// expands recurrences (RRULE, RDATE, EXDATE); this file only decides which events are days off.
#include <pmo/load/ical.hpp>

#include <libical/ical.h>

#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <mutex>

namespace pmo {
namespace {

/// libical keeps its error state in globals: one parse at a time (a trend reads revisions on
/// several threads).
std::mutex g_libical;

std::optional<Date> date_of(const icaltimetype& t) {
    if (icaltime_is_null_time(t) || t.year < 1 || t.year > 9999) return std::nullopt;
    return Date::from_ymd(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
}

constexpr size_t kMaxHolidays = 20000;  // as many as a calendar keeps from Project

void add_event(icalcomponent* ev, const HolidayWindow& window, IcalHolidays& out) {
    const icaltimetype start = icalcomponent_get_dtstart(ev);
    const char* summary = icalcomponent_get_summary(ev);
    const std::string name = summary ? summary : "";
    const auto first = date_of(start);
    if (!first) return;
    if (!start.is_date) {
        ++out.timed;
        if (out.first_timed.empty()) out.first_timed = name.empty() ? first->iso() : fmt::format("'{}' {}", name, first->iso());
        return;
    }
    // An all-day event lasts up to DTEND, exclusive; without one, its day.
    int days = 1;
    if (auto end = date_of(icalcomponent_get_dtend(ev)); end && *end > *first) days = std::min(*end - *first, 366);
    auto add = [&](Date d) {
        for (int k = 0; k < days; ++k)
            if (d + k >= window.from && d + k <= window.to && out.holidays.size() < kMaxHolidays)
                out.holidays.push_back({d + k, name, {}});
    };
    icalproperty* rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    std::vector<Date> occurrences;
    if (!rrule) occurrences.push_back(*first);
    else {
        std::unique_ptr<icalrecur_iterator, void (*)(icalrecur_iterator*)> it(
            icalrecur_iterator_new(icalproperty_get_rrule(rrule), start), icalrecur_iterator_free);
        if (!it) {
            out.error = fmt::format("event '{}': its RRULE cannot be read", name);
            return;
        }
        for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it.get())) {
            const auto d = date_of(t);
            if (!d || *d > window.to || occurrences.size() >= kMaxHolidays) break;
            occurrences.push_back(*d);
        }
    }
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY))
        if (auto d = date_of(icalproperty_get_rdate(p).time)) occurrences.push_back(*d);
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
        if (auto d = date_of(icalproperty_get_exdate(p)))
            occurrences.erase(std::remove(occurrences.begin(), occurrences.end(), *d), occurrences.end());
    for (Date d : occurrences) add(d);
}

void collect(icalcomponent* c, const HolidayWindow& window, IcalHolidays& out) {
    for (icalcomponent* ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT); ev && out.error.empty();
         ev = icalcomponent_get_next_component(c, ICAL_VEVENT_COMPONENT)) {
        // A cancelled event is not a day off. (Published holiday calendars mark their days as
        // free time, TRANSP:TRANSPARENT, so that says nothing.)
        if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED) continue;
        add_event(ev, window, out);
    }
}

}  // namespace

IcalHolidays read_ical_holidays(std::string_view text, const HolidayWindow& window) {
    IcalHolidays out;
    const std::string copy(text);  // libical wants a terminated string
    std::lock_guard<std::mutex> lock(g_libical);
    std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> root(icalparser_parse_string(copy.c_str()), icalcomponent_free);
    if (!root) {
        out.error = "not iCalendar (no BEGIN:VCALENDAR ... END:VCALENDAR)";
        return out;
    }
    const icalcomponent_kind kind = icalcomponent_isa(root.get());
    if (kind == ICAL_VCALENDAR_COMPONENT) collect(root.get(), window, out);
    else if (kind == ICAL_XROOT_COMPONENT) {
        for (icalcomponent* cal = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT); cal;
             cal = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT))
            collect(cal, window, out);
    } else {
        out.error = fmt::format("not iCalendar: it holds a {}, not a VCALENDAR", icalcomponent_kind_to_string(kind));
        return out;
    }
    std::sort(out.holidays.begin(), out.holidays.end(), [](const Holiday& a, const Holiday& b) {
        return a.date != b.date ? a.date < b.date : a.name < b.name;
    });
    out.holidays.erase(std::unique(out.holidays.begin(), out.holidays.end(),
                                   [](const Holiday& a, const Holiday& b) { return a.date == b.date; }),
                       out.holidays.end());
    return out;
}

}  // namespace pmo
