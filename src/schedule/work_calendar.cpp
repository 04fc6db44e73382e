#include <pmo/schedule/work_calendar.hpp>

#include <algorithm>

namespace pmo {

namespace {
const Date kLastDate = Date::from_ymd(9999, 12, 31);
}

WorkCalendar::WorkCalendar(const Calendar& cal, Date epoch)
    : m_epoch(epoch), m_week(cal.week), m_holidays(cal.all_holidays), m_dpw(cal.days_per_week()), m_hpd(cal.hpd) {
    if (m_dpw == 0) m_week = {true, true, true, true, true, false, false}, m_dpw = 5;
    m_prefix.push_back(0);
}

bool WorkCalendar::is_working(Date d) const {
    return m_week[static_cast<size_t>(d.weekday())] && !std::binary_search(m_holidays.begin(), m_holidays.end(), d);
}

void WorkCalendar::extend_to(Date d) {
    // m_prefix covers [epoch, epoch + size - 1]; grow it day by day up to d, walking the
    // sorted holidays beside the days rather than searching for each one.
    Date day = m_epoch + static_cast<int32_t>(m_prefix.size()) - 1;
    auto h = std::lower_bound(m_holidays.begin(), m_holidays.end(), day);
    for (; day <= d; day = day + 1) {
        if (day > kLastDate) throw ScheduleError("the schedule runs past 9999-12-31; is a duration, effort or lag far too large?");
        while (h != m_holidays.end() && *h < day) ++h;
        const bool w = m_week[static_cast<size_t>(day.weekday())] && !(h != m_holidays.end() && *h == day);
        if (w) m_dates.push_back(day);
        m_prefix.push_back(m_prefix.back() + (w ? 1 : 0));
    }
}

void WorkCalendar::extend_by_index(int32_t i) {
    while (static_cast<int32_t>(m_dates.size()) <= i) {
        const Date next = m_epoch + static_cast<int32_t>(m_prefix.size()) - 1;
        extend_to(next + 31);
    }
}

int32_t WorkCalendar::index(Date d) {
    if (d < m_epoch) return -(m_epoch - d);
    extend_to(d);
    return m_prefix[static_cast<size_t>(d - m_epoch)];
}

Date WorkCalendar::date(int32_t i) {
    if (i < 0) return m_epoch + i;
    extend_by_index(i);
    return m_dates[static_cast<size_t>(i)];
}

}  // namespace pmo
