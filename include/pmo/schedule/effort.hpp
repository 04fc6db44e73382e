#pragma once
// How long work takes and when it is done, in the people's own calendars (FORMAT.md section 5).
// The one rule for check, plan and Monte Carlo.

#include <pmo/model/portfolio.hpp>
#include <pmo/schedule/work_calendar.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace pmo {

/// The calendar a person works on: their own, else the portfolio's default.
const Calendar& person_calendar(const Portfolio& pf, const Resource& r);

/// The hours an effort asks for: days (and weeks of the calendar's days) at the project
/// calendar's hours_per_day; hours as written.
double effort_hours(const Duration& effort, const Calendar& project_calendar);

/// Whole days to deliver `hours` at `per_day` hours a day: rounded up, forgiving floating-point
/// dust (16h at 8h a day is 2 days, not 3). The span of an effort when everyone works every day.
inline int32_t effort_days(double hours, double per_day) {
    if (hours <= 0 || per_day <= 0) return 0;
    const double d = hours / per_day, r = std::round(d);
    return static_cast<int32_t>(std::fabs(d - r) < 1e-9 ? r : std::ceil(d));
}

/// Working days of the project calendar after which nobody assigned having worked a single day
/// ends the search (about twenty years): a calendar with no day in common with the project's.
constexpr int32_t kEffortIdleLimit = 5200;

/// Where an effort's work falls from a first working day on.
struct EffortSpan {
    int32_t lead = 0;       ///< working days from `first` to the first day someone works
    int32_t days = 0;       ///< from that day to the last day of work, inclusive (0: no work)
    bool complete = true;   ///< false: nobody assigned works for kEffortIdleLimit days on end
};

/// Delivers `hours` from working day `first` of the project calendar on: on each day every
/// assignee k who works that day (`works(k, day)`) delivers `rate[k]` hours (their units x
/// their calendar's hours_per_day); a day on which nobody works passes with nothing booked.
/// `book(k, day, hours)` is told every booking; the last day books only what is left.
template <class Works, class Book>
EffortSpan deliver_effort(double hours, const double* rate, size_t n, int32_t first, Works&& works, Book&& book) {
    EffortSpan sp;
    const double eps = 1e-9 * std::max(1.0, hours);
    double left = hours;
    int32_t idle = 0, last = first - 1;
    bool began = false;
    double today[8];
    for (int32_t day = first; left > eps; ++day) {
        double sum = 0;
        for (size_t k = 0; k < n; ++k) {
            const double r = rate[k] > 0 && works(k, day) ? rate[k] : 0;
            if (k < 8) today[k] = r;
            sum += r;
        }
        if (sum <= 0) {
            if (++idle > kEffortIdleLimit) {
                sp.complete = false;
                break;
            }
            continue;
        }
        idle = 0;
        if (!began) sp.lead = day - first;
        began = true;
        last = day;
        const double share = left < sum ? left / sum : 1.0;  // the last day: only what is left
        for (size_t k = 0; k < n; ++k) {
            const double r = k < 8 ? today[k] : (rate[k] > 0 && works(k, day) ? rate[k] : 0);
            if (r > 0) book(k, day, r * share);
        }
        left -= sum;
    }
    if (began) sp.days = last + 1 - (first + sp.lead);
    return sp;
}

/// deliver_effort without the bookings: how long the work takes.
template <class Works>
EffortSpan effort_span(double hours, const double* rate, size_t n, int32_t first, Works&& works) {
    return deliver_effort(hours, rate, n, first, works, [](size_t, int32_t, double) {});
}

/// The working days of the project calendar `wc` a leaf task takes when it may start on working
/// day `first` (0 for milestones and summaries): a duration as written; an effort until its
/// assignees have delivered it on their own calendars, outside their absences, counted from the
/// first day one of them works. `lead`, when given, receives the days before that one.
int32_t task_working_days(const Portfolio& pf, const Project& p, const Task& t, WorkCalendar& wc, int32_t first,
                          int32_t* lead = nullptr);

}  // namespace pmo
