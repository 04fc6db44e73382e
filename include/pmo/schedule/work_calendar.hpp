#pragma once

#include <pmo/model/portfolio.hpp>

#include <stdexcept>
#include <vector>

namespace pmo {

/// Scheduling cannot go on (a plan that runs past the year 9999). One type, caught by the CLI.
class ScheduleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Working days of a calendar as indices: index 0 is the first working day on or after the
/// epoch. Extends itself lazily as far as the schedule reaches.
class WorkCalendar {
public:
    WorkCalendar(const Calendar& cal, Date epoch);

    bool is_working(Date d) const;
    /// Index of the first working day on or after `d` (the number of working days in [epoch, d)).
    int32_t index(Date d);
    /// The date of working day `i`; before the epoch, calendar days count back from it.
    Date date(int32_t i);
    Date epoch() const { return m_epoch; }
    int days_per_week() const { return m_dpw; }
    double hours_per_day() const { return m_hpd; }
    /// Extends the calendar up to `d` (for read-only use from several threads afterwards).
    void reserve_until(Date d) { extend_to(d); }

private:
    void extend_to(Date d);
    void extend_by_index(int32_t i);

    Date m_epoch;
    std::array<bool, 7> m_week;
    std::vector<Date> m_holidays;
    int m_dpw;
    double m_hpd;
    std::vector<int32_t> m_prefix;  ///< m_prefix[k]: working days in [epoch, epoch + k)
    std::vector<Date> m_dates;      ///< working dates from the epoch on
};

}  // namespace pmo
