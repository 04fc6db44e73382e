#include <pmo/schedule/effort.hpp>

#include <cmath>
#include <vector>

namespace pmo {

const Calendar& person_calendar(const Portfolio& pf, const Resource& r) {
    if (r.calendar_index >= 0) return pf.calendars[static_cast<size_t>(r.calendar_index)];
    const Calendar* c = pf.config.calendar.empty() ? pf.find_calendar("default") : pf.find_calendar(pf.config.calendar);
    return c ? *c : standard_calendar();
}

double effort_hours(const Duration& effort, const Calendar& cal) {
    double days = effort.value;
    if (effort.unit == 'h') return std::max(0.0, effort.value);
    if (effort.unit == 'w') days *= cal.days_per_week();
    return std::max(0.0, days * cal.hpd);
}

int32_t task_working_days(const Portfolio& pf, const Project& p, const Task& t, WorkCalendar& wc, int32_t first,
                          int32_t* lead) {
    if (lead) *lead = 0;
    if (t.is_milestone() || t.is_summary()) return 0;
    const Calendar& cal = pf.project_calendar(p);
    if (t.duration) return static_cast<int32_t>(std::max(0.0, t.duration->days(cal.days_per_week(), cal.hpd)));
    if (!t.effort) return 0;
    struct Person {
        const Calendar* cal;
        const Resource* res;
    };
    std::vector<Person> people;
    std::vector<double> rate;
    for (const Assignment& a : t.assign) {
        if (a.index < 0 || a.units <= 0) continue;
        const Resource& r = pf.resources[static_cast<size_t>(a.index)];
        const Calendar& rc = person_calendar(pf, r);
        people.push_back({&rc, &r});
        rate.push_back(a.units * rc.hpd);
    }
    const double hours = effort_hours(*t.effort, cal);
    auto nominal = [&] {
        // Nobody to do it (or nobody who ever works): the effort at 100% of the project calendar.
        double per_day = 0;
        for (double r : rate) per_day += r;
        if (per_day <= 0) per_day = cal.hpd > 0 ? cal.hpd : 8;
        return effort_days(hours, per_day);
    };
    if (people.empty()) return nominal();
    auto works = [&](size_t k, int32_t day) {
        const Date d = wc.date(day);
        const Person& who = people[k];
        if (!who.cal->week[static_cast<size_t>(d.weekday())] ||
            std::binary_search(who.cal->all_holidays.begin(), who.cal->all_holidays.end(), d))
            return false;
        for (const Absence& ab : who.res->absences)
            if (d >= ab.from && d <= ab.to) return false;
        return true;
    };
    const EffortSpan sp = effort_span(hours, rate.data(), rate.size(), first, works);
    if (!sp.complete) return nominal();
    if (lead) *lead = sp.lead;
    return sp.days;
}

}  // namespace pmo
