#pragma once

#include <pmo/model/error.hpp>
#include <pmo/model/portfolio.hpp>

#include <vector>

namespace pmo {

/// Working days of a calendar as indices: index 0 is the first working day on or after the
/// epoch. The scheduler's lookups (non-const) extend the table as far as the schedule reaches;
/// a const calendar, a plan's, looks up the days it knows and counts any others without
/// storing them, so readers of a plan never change it. Both give the same values and the
/// same Error past 9999-12-31.
class WorkCalendar {
public:
    WorkCalendar(const Calendar& cal, Date epoch);

    bool is_working(Date d) const;
    /// Index of the first working day on or after `d` (the number of working days in [epoch, d)).
    int32_t index(Date d);
    int32_t index(Date d) const;
    /// The date of working day `i`; before the epoch, calendar days count back from it.
    Date date(int32_t i);
    Date date(int32_t i) const;
    Date epoch() const { return m_epoch; }
    int days_per_week() const { return m_dpw; }
    double hours_per_day() const { return m_hpd; }
    /// Extends the table up to `d` (at most 9999-12-31), so that const lookups up to it are quick.
    void reserve_until(Date d);
    /// The days the table holds, from the epoch on.
    size_t known_days() const { return m_prefix.size() - 1; }

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
