#include <pmo/schedule/assemble.hpp>

#include <pmo/check/rule_ids.hpp>
#include <pmo/schedule/effort.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace pmo::sched {

void bookings(Network& net, const Node& n, int32_t s, int32_t f, std::vector<Booking>& out) {
    out.clear();
    if (!n.dem_count || f <= s) return;
    WorkCalendar& wc = net.calendar(n.cal);
    out.resize(n.dem_count);
    for (uint32_t k = 0; k < n.dem_count; ++k) out[k].resource = net.demands[n.dem_first + k].resource;
    auto add = [&](uint32_t k, int32_t i, double h) {
        Booking& b = out[k];
        const Date d = wc.date(i);
        if (!b.days.empty() && b.days.back().first == d) b.days.back().second += h;
        else b.days.push_back({d, h});
        b.hours += h;
    };
    // Every day booked at the full rate (a duration; an effort's days before the status date).
    auto full = [&](int32_t from, int32_t to) {
        double sum = 0;
        net.each_booking(n, from, to, [&](uint32_t k, int32_t) { sum += net.rates[n.dem_first + k]; });
        return sum;
    };
    auto spread = [&](int32_t from, int32_t to, double scale) {
        if (to <= from) return;
        for (int32_t i = std::max(from, 0); i < to; ++i)
            for (uint32_t k = 0; k < n.dem_count; ++k)
                if (net.works(n, k, i)) add(k, i, net.rates[n.dem_first + k] * scale);
    };
    if (!n.effort) {
        spread(s, f, 1.0);
        return;
    }
    // An effort books its hours: the part done before the status date evenly over the days its
    // people worked on it, the rest as they deliver it from then on.
    const double done_share = n.done ? 1.0 : n.started && n.hours > 0 ? 1.0 - n.remaining_hours / n.hours : 0.0;
    const int32_t split = n.done ? f : n.started ? std::clamp(n.status, s, f) : s;
    const double before = full(s, split);
    if (before > 0) spread(s, split, done_share * n.hours / before);
    double rest = n.hours * (1 - done_share);
    if (before <= 0) rest = n.hours;  // nothing worked before the status date: all of it is to come
    if (split >= f || rest <= 0) return;
    const double* rate = &net.rates[n.dem_first];
    deliver_effort(
        rest, rate, n.dem_count, split, [&](size_t k, int32_t i) { return i < f && net.works(n, static_cast<uint32_t>(k), i); },
        [&](size_t k, int32_t i, double h) { add(static_cast<uint32_t>(k), i, h); });
}

void assemble(Network& net, Plan& plan, const Schedule& sch, const Times& cpm_times, const std::vector<Driver>& drivers) {
    const auto& projects = net.pf.projects;
    const Times& t = sch.t;
    Times lt;
    late(net, t, lt);
    plan.project_calendar = net.project_cal;
    plan.projects.resize(projects.size());
    plan.tasks.resize(projects.size());
    // Free float: the slack to the nearest successor, through summaries.
    const size_t n = net.nodes.size();
    std::vector<int32_t> ff(n, kPos);
    for (size_t k = n; k-- > 0;) {
        const uint32_t u = net.topo[k];
        const Node& nu = net.nodes[u];
        int32_t best = kPos;
        for (uint32_t j = net.out_first[u]; j < net.out_first[u + 1]; ++j) {
            const Edge& e = net.edges[net.out[j]];
            const Node& nv = net.nodes[e.v];
            const int32_t tu = e.pu == S ? t.s[u] : t.f[u];
            const int32_t tv = e.pv == S ? t.s[e.v] : t.f[e.v];
            if (tu <= kNeg || tv <= kNeg) continue;
            int32_t slack = tv - (net.convert(tu, nu.cal, nv.cal, e.pu) + e.w);
            if (nv.kind != Node::leaf) slack = ff[e.v] >= kPos ? kPos : slack + ff[e.v];
            best = std::min(best, slack);
        }
        ff[u] = best;
    }
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        WorkCalendar& wc = net.calendar(net.project_cal[pi]);
        std::vector<TaskPlan>& tp = plan.tasks[pi];
        tp.resize(p.tasks.size());
        ProjectPlan& pp = plan.projects[pi];
        pp.s = net.project_start[pi];
        pp.f = pp.s;
        pp.status_date = net.status_date[pi];
        bool any = false;
        int32_t min_s = kPos;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const uint32_t v = net.in_node[pi][ti];
            const Node& nv = net.nodes[v];
            if (nv.kind != Node::leaf) continue;
            TaskPlan& x = tp[ti];
            x.s = t.s[v];
            x.f = t.f[v];
            x.es = cpm_times.s[v];
            x.ef = cpm_times.f[v];
            x.ls = lt.s[v];
            x.lf = lt.f[v];
            x.total_float = x.ls - x.s;
            const int32_t plf_free = ff[v] >= kPos ? std::max(0, (lt.f[v] >= kPos ? x.f : lt.f[v]) - x.f) : ff[v];
            x.free_float = std::max(0, std::min(plf_free, x.total_float < 0 ? plf_free : x.total_float));
            if (ff[v] >= kPos) x.free_float = std::max(0, x.total_float);
            x.done = nv.done;
            x.started = nv.started;
            net.current = v;
            bookings(net, nv, x.s, x.f, x.bookings);
            net.current = UINT32_MAX;
            x.delay = sch.delay[v];
            x.driver = drivers[v];
            if (x.delay > 0) {
                x.driver.kind = Driver::levelling;
                x.driver.people = false;  // levelling moved it, not its people's days off
                x.driver.resource = sch.held_res[v];
                x.driver.day = sch.held_day[v];
                if (x.driver.resource >= 0) {
                    ResourceDays& days = net.resources[static_cast<size_t>(x.driver.resource)];
                    x.driver.away = days.at(x.driver.day - net.epoch, net.epoch) == ResourceDays::away;
                }
                x.driver.project = x.driver.task = -1;
            }
            const Task& task = p.tasks[ti];
            x.percent = nv.done ? 100 : task.progress ? static_cast<int32_t>(std::lround(task.progress.value * 100)) : 0;
            pp.f = any ? std::max(pp.f, x.f) : x.f;
            min_s = std::min(min_s, x.s);
            any = true;
        }
        if (any) pp.s = std::min(pp.s, min_s);
        // Summaries span their children: walk the WBS bottom-up.
        for (size_t ti = p.tasks.size(); ti-- > 0;) {
            const Task& task = p.tasks[ti];
            if (!task.is_summary()) continue;
            TaskPlan& x = tp[ti];
            bool first = true;
            for (int32_t c : task.children) {
                const TaskPlan& y = tp[static_cast<size_t>(c)];
                if (first) x = TaskPlan{}, x.s = y.s, x.f = y.f, x.es = y.es, x.ef = y.ef, x.ls = y.ls, x.lf = y.lf,
                           x.total_float = y.total_float, x.free_float = y.free_float, x.done = y.done;
                x.s = std::min(x.s, y.s);
                x.f = std::max(x.f, y.f);
                x.es = std::min(x.es, y.es);
                x.ef = std::max(x.ef, y.ef);
                x.ls = std::min(x.ls, y.ls);
                x.lf = std::max(x.lf, y.lf);
                x.total_float = std::min(x.total_float, y.total_float);
                x.free_float = std::min(x.free_float, y.free_float);
                x.done = x.done && y.done;
                x.started = x.started || y.started || y.done;
                first = false;
            }
            x.started = x.started && !x.done;
            x.driver.kind = Driver::summary;
        }
        // Percent complete of summaries, weighted by duration.
        for (size_t ti = p.tasks.size(); ti-- > 0;) {
            const Task& task = p.tasks[ti];
            if (!task.is_summary()) continue;
            double w = 0, done = 0;
            for (int32_t c : task.children) {
                const TaskPlan& y = tp[static_cast<size_t>(c)];
                const double d = std::max(1, y.f - y.s);
                w += d;
                done += d * y.percent;
            }
            tp[ti].percent = w > 0 ? static_cast<int32_t>(std::lround(done / w)) : 0;
        }
        int32_t min_float = kPos;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti)
            if (!p.tasks[ti].is_summary() && !tp[ti].done) min_float = std::min(min_float, tp[ti].total_float);
        if (min_float >= kPos) min_float = 0;
        pp.min_float = min_float;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            TaskPlan& x = tp[ti];
            net.current = net.in_node[pi][ti];  // its dates are where a calendar may run out
            x.critical = x.total_float <= min_float && !x.done;
            const bool milestone = !p.tasks[ti].is_summary() && x.f == x.s;
            if (milestone) {
                // Reached: on its actual day. Placed by a predecessor's finish: on the day that
                // finishes. Placed by a start bound: on that bound's day.
                const uint32_t v = net.in_node[pi][ti];
                const bool on_finish = x.done || by_finish(net, v, S, t.s.data(), t.f.data(), calendars(net));
                x.start = x.finish = on_finish && x.f - 1 >= net.project_start[pi] ? wc.date(x.f - 1) : wc.date(x.s);
            } else {
                x.start = wc.date(x.s);
                x.finish = wc.date(x.f - 1);
            }
        }
        net.current = UINT32_MAX;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti)
            if (p.tasks[ti].is_summary()) {
                bool crit = false;
                for (int32_t c : p.tasks[ti].children) crit = crit || tp[static_cast<size_t>(c)].critical;
                tp[ti].critical = crit;
            }
        pp.start = wc.date(pp.s);
        pp.finish = pp.f > pp.s ? wc.date(pp.f - 1) : wc.date(pp.s);
        // A milestone placed by a start bound is shown on that bound's day, which can be the day
        // after the last working day's end: the project finishes when its last task is shown.
        for (const TaskPlan& x : tp) pp.finish = std::max(pp.finish, x.finish);
        deadline_findings(net, pi, plan);
    }
    // Who held the tasks that levelling moved: the task booking that resource on that day.
    // Only that resource's tasks are searched.
    std::vector<std::vector<uint32_t>> users(net.resources.size());
    for (uint32_t u = 0; u < net.nodes.size(); ++u) {
        const Node& nu = net.nodes[u];
        if (nu.kind != Node::leaf || t.f[u] <= t.s[u]) continue;
        for (uint32_t k = 0; k < nu.dem_count; ++k) {
            auto& list = users[static_cast<size_t>(net.demands[nu.dem_first + k].resource)];
            if (list.empty() || list.back() != u) list.push_back(u);
        }
    }
    for (size_t pi = 0; pi < projects.size(); ++pi)
        for (size_t ti = 0; ti < projects[pi].tasks.size(); ++ti) {
            TaskPlan& x = plan.tasks[pi][ti];
            const uint32_t v = net.in_node[pi][ti];
            if (x.driver.kind != Driver::levelling || x.driver.resource < 0 || x.driver.away) continue;
            const Date day = sch.held_day[v];
            int64_t best_class = -1;
            for (uint32_t u : users[static_cast<size_t>(x.driver.resource)]) {
                if (u == v) continue;
                const Node& nu = net.nodes[u];
                WorkCalendar& wc = net.calendar(nu.cal);
                if (wc.date(t.s[u]) > day || wc.date(t.f[u] - 1) < day) continue;
                if (net.eff[u] > best_class) {
                    best_class = net.eff[u];
                    x.driver.project = nu.project;
                    x.driver.task = nu.task;
                }
            }
        }
}

void deadline_findings(Network& net, size_t pi, Plan& plan) {
    const Project& p = net.pf.projects[pi];
    ProjectPlan& pp = plan.projects[pi];
    const std::vector<TaskPlan>& tp = plan.tasks[pi];
    WorkCalendar& wc = net.calendar(net.project_cal[pi]);
    // Working days in (bound, finish]: the same count for a task and for a milestone.
    const auto slip_after = [&wc](Date finish, Date bound) { return wc.index(finish + 1) - wc.index(bound + 1); };
    if (p.deadline && pp.finish > p.deadline.value) {
        const int32_t slip = slip_after(pp.finish, p.deadline.value);
        pp.deadline_slip = slip;
        plan.findings.push_back({rule_id::deadline_missed, Severity::warning, p.deadline.pos,
                                 fmt::format("project '{}' finishes on {}, {} working day{} after its deadline {}",
                                             p.id, pp.finish.iso(), slip, slip == 1 ? "" : "s", p.deadline->iso())});
    }
    for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
        const Task& task = p.tasks[ti];
        if (!task.finish_no_later_than || tp[ti].finish <= task.finish_no_later_than.value) continue;
        const int32_t slip = slip_after(tp[ti].finish, task.finish_no_later_than.value);
        plan.findings.push_back({rule_id::deadline_missed, Severity::warning, task.finish_no_later_than.pos,
                                 fmt::format("task '{}' finishes on {}, {} working day{} after its "
                                             "finish_no_later_than {}",
                                             task.id, tp[ti].finish.iso(), slip, slip == 1 ? "" : "s",
                                             task.finish_no_later_than->iso())});
    }
}

void overallocations(Profiles& profiles, Plan& plan, const Times& t) {
    Network& net = profiles.network();
    profiles.clear();
    std::vector<std::vector<uint32_t>> users(net.resources.size());
    for (uint32_t v = 0; v < net.nodes.size(); ++v) {
        const Node& nv = net.nodes[v];
        if (nv.kind != Node::leaf || !nv.dem_count) continue;
        profiles.book_units(nv, t.s[v], t.f[v]);
        for (uint32_t k = 0; k < nv.dem_count; ++k) {
            auto& u = users[static_cast<size_t>(net.demands[nv.dem_first + k].resource)];
            if (u.empty() || u.back() != v) u.push_back(v);
        }
    }
    for (size_t r = 0; r < net.resources.size(); ++r) {
        const ResourceDays& days = net.resources[r];
        const Load& load = profiles.load(static_cast<int32_t>(r));
        int32_t open = -1, last_over = -1, peak = 0;
        auto close = [&](int32_t from, int32_t to) {
            Overallocation o;
            o.resource = static_cast<int32_t>(r);
            o.from = net.epoch + from;
            o.to = net.epoch + to;
            o.peak_units = peak / 100.0;
            o.capacity = days.cap / 100.0;
            for (uint32_t v : users[r]) {
                const Node& nv = net.nodes[v];
                WorkCalendar& wc = net.calendar(nv.cal);
                if (t.f[v] <= t.s[v] || wc.date(t.s[v]) > o.to || wc.date(t.f[v] - 1) < o.from) continue;
                o.tasks.push_back({nv.project, nv.task});
            }
            plan.overallocations.push_back(std::move(o));
        };
        // Outside the days booked every load is zero: nothing to open or close there.
        const auto [first, last] = load.booked_span();
        for (int32_t off = first; off <= last; ++off) {
            const uint8_t st = days.state[static_cast<size_t>(off)];
            const int32_t units = load.units[static_cast<size_t>(off)];
            const bool over = units > 0 && (st == ResourceDays::away || units > days.cap);
            if (over) {
                if (open < 0) open = off, peak = 0;
                last_over = off;
                peak = std::max(peak, units);
            } else if (open >= 0 && (st == ResourceDays::working || off - last_over > 7)) {
                // A working day within capacity ends the window; days off in between do not.
                close(open, last_over);
                open = -1;
            }
        }
        if (open >= 0) close(open, last_over);
    }
}

}  // namespace pmo::sched
