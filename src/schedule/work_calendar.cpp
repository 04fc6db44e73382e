#include <pmo/schedule/work_calendar.hpp>

#include <algorithm>

namespace pmo {

namespace {
const Date kLastDate = Date::from_ymd(9999, 12, 31);
constexpr const char* kPastLastDate = "the schedule runs past 9999-12-31; is a duration, effort or lag far too large?";
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
        if (day > kLastDate) throw Error(kPastLastDate);
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

void WorkCalendar::reserve_until(Date d) { extend_to(std::min(d, kLastDate)); }

int32_t WorkCalendar::index(Date d) const {
    if (d < m_epoch) return -(m_epoch - d);
    const size_t k = static_cast<size_t>(d - m_epoch);
    if (k < m_prefix.size()) return m_prefix[k];
    // As extend_to(d) would count them: every day from the first unknown one up to d.
    if (d > kLastDate) throw Error(kPastLastDate);
    Date day = m_epoch + static_cast<int32_t>(m_prefix.size()) - 1;
    int32_t n = m_prefix.back();
    auto h = std::lower_bound(m_holidays.begin(), m_holidays.end(), day);
    for (; day < d; day = day + 1) {
        while (h != m_holidays.end() && *h < day) ++h;
        if (m_week[static_cast<size_t>(day.weekday())] && !(h != m_holidays.end() && *h == day)) ++n;
    }
    return n;
}

Date WorkCalendar::date(int32_t i) const {
    if (i < 0) return m_epoch + i;
    if (static_cast<size_t>(i) < m_dates.size()) return m_dates[static_cast<size_t>(i)];
    // As extend_by_index(i) would find it: it extends 31 days past the first unknown day at a
    // time, and fails when such a step passes 9999-12-31 even if the day itself does not.
    const Date first = m_epoch + static_cast<int32_t>(m_prefix.size()) - 1;
    Date day = first;
    int32_t n = static_cast<int32_t>(m_dates.size());
    auto h = std::lower_bound(m_holidays.begin(), m_holidays.end(), day);
    for (;; day = day + 1) {
        if (day > kLastDate) throw Error(kPastLastDate);
        while (h != m_holidays.end() && *h < day) ++h;
        if (m_week[static_cast<size_t>(day.weekday())] && !(h != m_holidays.end() && *h == day) && n++ == i) break;
    }
    // Step k covers up to first + 31 + 32k: the first such end on or after the day found.
    const int32_t past = day - (first + 31);
    const Date step_end = first + 31 + (past <= 0 ? 0 : (past + 31) / 32 * 32);
    if (step_end > kLastDate) throw Error(kPastLastDate);
    return day;
}

}  // namespace pmo
