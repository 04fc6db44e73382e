#pragma once

#include <pmo/model/portfolio.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// The days holidays are kept for (inclusive): recurring events are expanded over them.
struct HolidayWindow {
    Date from, to;
};

struct IcalHolidays {
    std::vector<Holiday> holidays;  ///< sorted by date, one per day, named by the event's SUMMARY
    size_t timed = 0;               ///< events with a time of day: not holidays
    std::string first_timed;        ///< the first of them, to name it
    std::string error;              ///< the file is not iCalendar pmo can read; empty when it is
};

/// The all-day events (VEVENT with a DATE start) of an iCalendar file as holidays: each day from
/// DTSTART up to DTEND (exclusive), every occurrence of an RRULE and RDATE in `window`, less
/// EXDATEs; cancelled events are left out.
IcalHolidays read_ical_holidays(std::string_view text, const HolidayWindow& window);

}  // namespace pmo
