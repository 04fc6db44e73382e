#include <pmo/analyse/resources.hpp>

#include <pmo/schedule/effort.hpp>

#include <algorithm>
#include <map>

namespace pmo {

Date period_start(Date d, Period p) {
    if (p == Period::week) return d - d.weekday();
    return Date::from_ymd(d.year(), d.month(), 1);
}

const Calendar& resource_calendar(const Portfolio& pf, const Resource& r) { return person_calendar(pf, r); }

bool works_on(const Calendar& cal, Date d) {
    return cal.week[static_cast<size_t>(d.weekday())] &&
           !std::binary_search(cal.all_holidays.begin(), cal.all_holidays.end(), d);
}

Date next_period(Date d, Period p) {
    if (p == Period::week) return d + 7;
    const unsigned m = d.month();
    return m == 12 ? Date::from_ymd(d.year() + 1, 1, 1) : Date::from_ymd(d.year(), m + 1, 1);
}

namespace {

/// Per resource: the calendar that says which days it works, and its hours in a day.
struct Availability {
    const Calendar* cal;
    const Resource* res;
    bool works(Date d) const { return works_on(*cal, d); }
    bool away(Date d) const {
        for (const Absence& a : res->absences)
            if (d >= a.from && d <= a.to) return true;
        return false;
    }
};

}  // namespace

std::set<std::string> pool_skills(const Portfolio& pf) {
    std::set<std::string> skills;
    for (const Resource& r : pf.resources)
        for (const auto& s : r.skills) skills.insert(s.value);
    return skills;
}

void find_skill_gaps(const Portfolio& pf, size_t pi, const std::set<std::string>& pool, std::vector<SkillGap>& gaps,
                     std::set<std::string>& missing) {
    const Project& p = pf.projects[pi];
    for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
        const Task& t = p.tasks[ti];
        for (const auto& s : t.skills) {
            if (!pool.count(s.value)) missing.insert(s.value);
            if (t.assign.empty()) continue;
            bool covered = false;
            for (const Assignment& a : t.assign)
                if (a.index >= 0)
                    for (const auto& rs : pf.resources[static_cast<size_t>(a.index)].skills)
                        covered = covered || rs.value == s.value;
            if (!covered)
                gaps.push_back({static_cast<int32_t>(pi), static_cast<int32_t>(ti), s.value, pool.count(s.value) > 0});
        }
    }
}

ResourceReport analyse_resources(const Portfolio& pf, const Plan& plan, const ResourceOptions& o) {
    ResourceReport rep;
    rep.period = o.period;
    // The range: as asked, else the span of the plan.
    Date lo{INT32_MAX}, hi{INT32_MIN};
    for (size_t pi = 0; pi < pf.projects.size(); ++pi) {
        if (!o.projects.empty() && !o.projects.count(pf.projects[pi].id)) continue;
        lo = std::min(lo, plan.projects[pi].start);
        hi = std::max(hi, plan.projects[pi].finish);
    }
    if (lo.days == INT32_MAX) lo = hi = o.from ? *o.from : o.today;
    rep.from = period_start(o.from ? *o.from : lo, o.period);
    rep.to = o.to ? *o.to : hi;
    // Without --to the range is the plan's span; a date typo (4054 for 2027, 1013 for 2013)
    // would make that centuries of columns. Ten years, and the caller says why.
    if (!o.to && rep.to - rep.from > 3652) {
        rep.plan_end = rep.to;
        rep.to = rep.from + 3652;
    }
    if (rep.to < rep.from) rep.to = rep.from;
    for (Date d = rep.from; d <= rep.to; d = next_period(d, o.period)) rep.starts.push_back(d);
    const size_t np = rep.starts.size();
    auto period_of = [&](Date d) -> int {
        if (d < rep.from || d > rep.to) return -1;
        auto it = std::upper_bound(rep.starts.begin(), rep.starts.end(), d);
        return static_cast<int>(it - rep.starts.begin()) - 1;
    };

    std::vector<Availability> avail;
    rep.resources.resize(pf.resources.size());
    for (size_t r = 0; r < pf.resources.size(); ++r) {
        const Resource& res = pf.resources[r];
        avail.push_back({&resource_calendar(pf, res), &res});
        ResourceLoad& rl = rep.resources[r];
        rl.resource = static_cast<int32_t>(r);
        rl.periods.assign(np, {});
        // Available: the resource's working days, less absences, times its units and hours.
        for (Date d = rep.from; d <= rep.to; d = d + 1) {
            if (!avail[r].works(d) || avail[r].away(d)) continue;
            rl.periods[static_cast<size_t>(period_of(d))].available_hours += res.capacity() * avail[r].cal->hpd;
        }
    }
    // Booked: the plan's bookings (an effort in its people's calendars, FORMAT.md section 5).
    rep.projects.resize(pf.projects.size());
    for (size_t pi = 0; pi < pf.projects.size(); ++pi) {
        const Project& p = pf.projects[pi];
        ProjectCost& pc = rep.projects[pi];
        pc.project = static_cast<int32_t>(pi);
        pc.spend.assign(np, 0);
        pc.hours.assign(np, 0);
        if (p.budget) pc.budget = p.budget.value;
        if (!o.projects.empty() && !o.projects.count(p.id)) continue;
        const WorkCalendar& wc = plan.calendar(pi);
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            if (t.is_summary()) continue;
            const TaskPlan& x = plan.tasks[pi][ti];
            if (t.cost) {
                // A fixed cost is spent evenly over the task's days (at its start for milestones).
                pc.fixed_cost += t.cost.value;
                const int32_t days = std::max(1, x.f - x.s);
                for (int32_t i = 0; i < days; ++i) {
                    const int k = period_of(x.f > x.s ? wc.date(x.s + i) : x.start);
                    if (k >= 0) pc.spend[static_cast<size_t>(k)] += t.cost.value / days;
                }
            }
            // What the plan booked, person by person and day by day.
            for (const Booking& b : x.bookings) {
                const Resource& res = pf.resources[static_cast<size_t>(b.resource)];
                const double rate = res.rate ? res.rate.value : 0;
                ResourceLoad& rl = rep.resources[static_cast<size_t>(b.resource)];
                for (const auto& [d, h] : b.days) {
                    pc.booked_hours += h;
                    pc.resource_cost += h * rate;
                    const int k = period_of(d);
                    if (k < 0) continue;
                    PeriodFigures& f = rl.periods[static_cast<size_t>(k)];
                    f.booked_hours += h;
                    f.cost += h * rate;
                    pc.spend[static_cast<size_t>(k)] += h * rate;
                    pc.hours[static_cast<size_t>(k)] += h;
                }
            }
        }
    }
    std::map<std::string, RoleLoad> roles;
    for (ResourceLoad& rl : rep.resources) {
        const Resource& res = pf.resources[static_cast<size_t>(rl.resource)];
        RoleLoad& role = roles[res.role ? res.role.value : "(no role)"];
        if (role.periods.empty()) role.periods.assign(np, {});
        for (size_t k = 0; k < np; ++k) {
            rl.booked_hours += rl.periods[k].booked_hours;
            rl.available_hours += rl.periods[k].available_hours;
            rl.cost += rl.periods[k].cost;
            role.periods[k].booked_hours += rl.periods[k].booked_hours;
            role.periods[k].available_hours += rl.periods[k].available_hours;
            role.periods[k].cost += rl.periods[k].cost;
        }
        role.booked_hours += rl.booked_hours;
        role.available_hours += rl.available_hours;
    }
    for (auto& [name, role] : roles) {
        role.role = name;
        rep.roles.push_back(std::move(role));
    }
    // Skills: what a task needs that its own people lack, and what nobody has.
    const std::set<std::string> pool = pool_skills(pf);
    std::set<std::string> missing;
    for (size_t pi = 0; pi < pf.projects.size(); ++pi)
        if (o.projects.empty() || o.projects.count(pf.projects[pi].id))
            find_skill_gaps(pf, pi, pool, rep.skill_gaps, missing);
    rep.missing_skills.assign(missing.begin(), missing.end());
    return rep;
}

}  // namespace pmo
