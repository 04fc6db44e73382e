#include <pmo/schedule/network.hpp>

#include <pmo/schedule/effort.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <queue>

namespace pmo::sched {

void ResourceDays::grow(int32_t off, Date epoch) {
    const size_t old = state.size();
    const size_t want = std::max<size_t>(static_cast<size_t>(off) + 1, old * 2 + 64);
    state.resize(want, working);
    // The new days ascend: walk the sorted holidays beside them rather than search for each
    // day (a plan can reach centuries out), then mark each absence's days in one pass.
    const std::vector<Date>& holidays = cal->all_holidays;
    auto h = std::lower_bound(holidays.begin(), holidays.end(), epoch + static_cast<int32_t>(old));
    for (size_t k = old; k < want; ++k) {
        const Date d = epoch + static_cast<int32_t>(k);
        while (h != holidays.end() && *h < d) ++h;
        const bool holiday = h != holidays.end() && *h == d;
        state[k] = !cal->week[static_cast<size_t>(d.weekday())] || holiday ? day_off : working;
    }
    for (const auto& [from, to] : absences) {
        const int64_t lo = std::max<int64_t>(static_cast<int64_t>(old), from - epoch);
        const int64_t hi = std::min<int64_t>(static_cast<int64_t>(want) - 1, to - epoch);
        for (int64_t k = lo; k <= hi; ++k) state[static_cast<size_t>(k)] = away;
    }
}

Network::Network(const Portfolio& portfolio, const PlanOptions& options) : pf(portfolio) {
    // The epoch: the earliest day anything can happen on.
    epoch = Date{INT32_MAX};
    for (const Project& p : pf.projects) {
        if (p.start) epoch = std::min(epoch, p.start.value);
        for (const Task& t : p.tasks)
            for (const Located<Date>* d : {&t.actual_start, &t.actual_finish})
                if (d->present) epoch = std::min(epoch, d->value);
    }
    if (epoch.days == INT32_MAX) epoch = options.today;
    status_date.reserve(pf.projects.size());
    for (const Project& p : pf.projects)
        status_date.push_back(pmo::status_date(p, options.as_of, options.today));
    // Resources first: effort spans depend on the people's days.
    resources.resize(pf.resources.size());
    for (size_t r = 0; r < pf.resources.size(); ++r) {
        const Resource& res = pf.resources[r];
        ResourceDays& days = resources[r];
        days.cap = static_cast<int32_t>(std::lround(res.capacity() * 100));
        days.cal = &person_calendar(pf, res);
        for (const Absence& a : res.absences) days.absences.push_back({a.from, a.to});
    }
    add_nodes();
    add_edges();
    index_edges();
    order_and_prioritise();
}

int32_t Network::calendar_slot(const Calendar& c) {
    auto it = m_cal_slot.find(&c);
    if (it != m_cal_slot.end()) return it->second;
    const int32_t slot = static_cast<int32_t>(cals.size());
    cals.push_back(std::make_shared<WorkCalendar>(c, epoch));
    m_cal_slot[&c] = slot;
    return slot;
}

void Network::add_nodes() {
    const auto& projects = pf.projects;
    // Sized once: a portfolio of 100,000 tasks would otherwise copy its nodes and edges a dozen times.
    {
        size_t n = 0, e = 0, dm = 0;
        for (const Project& p : projects)
            for (const Task& t : p.tasks) {
                n += t.is_summary() ? 2 : 1;
                e += 4 * t.children.size() + t.depends.size();
                dm += t.assign.size();
            }
        nodes.reserve(n);
        edges.reserve(e);
        demands.reserve(dm);
        rates.reserve(dm);
    }
    project_cal.resize(projects.size());
    project_start.resize(projects.size());
    in_node.resize(projects.size());
    out_node.resize(projects.size());
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        const int32_t slot = calendar_slot(pf.project_calendar(p));
        project_cal[pi] = slot;
        if (slot != project_cal[0]) single_calendar = false;
        WorkCalendar& wc = calendar(slot);
        const int32_t ps = wc.index(p.start ? p.start.value : epoch);
        project_start[pi] = ps;
        const int32_t st = wc.index(status_date[pi]);
        const Calendar& cal = pf.project_calendar(p);
        in_node[pi].resize(p.tasks.size());
        out_node[pi].resize(p.tasks.size());
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            Node n;
            n.project = static_cast<int32_t>(pi);
            n.task = static_cast<int32_t>(ti);
            n.cal = slot;
            n.klass = static_cast<int64_t>(p.effective_priority()) * 1001 + (t.priority ? t.priority.value : 500);
            n.lower = ps;
            n.lower_driver.kind = Driver::project_start;
            n.status = st;
            if (t.start_no_earlier_than) {
                const int32_t snet = wc.index(t.start_no_earlier_than.value);
                if (snet > n.lower) {
                    n.lower = snet;
                    n.lower_driver.kind = Driver::start_no_earlier_than;
                }
            }
            if (t.is_summary()) {
                n.kind = Node::sum_in;
                in_node[pi][ti] = static_cast<uint32_t>(nodes.size());
                nodes.push_back(n);
                n.kind = Node::sum_out;
                n.lower = kNeg;
                out_node[pi][ti] = static_cast<uint32_t>(nodes.size());
                nodes.push_back(n);
                continue;
            }
            const double progress = t.progress ? t.progress.value : 0;
            // Who works on it: each assignee at the assignment's units, for their calendar's hours.
            n.dem_first = static_cast<uint32_t>(demands.size());
            if (!t.is_milestone())
                for (const Assignment& a : t.assign) {
                    if (a.index < 0) continue;
                    const int32_t units = static_cast<int32_t>(std::lround(a.units * 100));
                    if (units <= 0) continue;
                    demands.push_back({a.index, units, a.units * resources[static_cast<size_t>(a.index)].cal->hpd});
                    rates.push_back(demands.back().rate);
                }
            n.dem_count = static_cast<uint32_t>(demands.size()) - n.dem_first;
            double per_day = 0;
            if (t.effort && !t.is_milestone()) {
                n.effort = true;
                n.hours = effort_hours(*t.effort, cal);
                for (uint32_t k = 0; k < n.dem_count; ++k) {
                    const Demand& dm = demands[n.dem_first + k];
                    const ResourceDays& rd = resources[static_cast<size_t>(dm.resource)];
                    per_day += dm.rate;
                    n.variable = n.variable || rd.cal != &cal || !rd.absences.empty();
                }
                if (!n.dem_count) per_day = cal.hpd > 0 ? cal.hpd : 8;
                n.d = effort_days(n.hours, per_day);
                if (n.variable) n.d = span_from(n, n.lower, n.hours, nullptr);
            } else {
                n.d = task_working_days(pf, p, t, wc, n.lower);
            }
            if (n.d == 0) {  // no work to book
                demands.resize(n.dem_first);
                rates.resize(n.dem_first);
                n.dem_count = 0;
                n.variable = false;
            }
            if (n.variable) any_variable = true;
            if (t.actual_finish || (progress >= 1 && t.actual_start)) {
                n.done = true;
                if (t.actual_finish) {
                    n.fixed_f = wc.index(t.actual_finish.value + 1);
                    n.fixed_s = t.actual_start ? wc.index(t.actual_start.value) : n.fixed_f - n.d;
                    if (t.is_milestone()) n.fixed_s = n.fixed_f;
                } else {
                    n.fixed_s = wc.index(t.actual_start.value);
                    n.fixed_f = n.fixed_s + n.d;
                }
                n.fixed_s = std::min(n.fixed_s, n.fixed_f);
            } else if (t.actual_start || progress > 0) {
                n.started = true;
                n.progress_no_actual = !t.actual_start;
                if (t.actual_start) n.fixed_s = wc.index(t.actual_start.value);
                if (n.effort) {
                    n.remaining_hours = std::max(0.0, (1 - progress) * n.hours);
                    n.remaining = effort_days(n.remaining_hours, per_day);
                } else {
                    n.remaining = static_cast<int32_t>(std::ceil((1 - progress) * n.d - 1e-9));
                }
                if (n.d > 0) n.remaining = std::max(n.remaining, progress >= 1 ? 0 : 1);
            } else if (st > n.lower) {
                n.lower = st;
                n.lower_driver.kind = Driver::status;
                if (n.variable) n.d = span_from(n, n.lower, n.hours, nullptr);
            }
            if (n.dem_count) any_demand = true;
            in_node[pi][ti] = out_node[pi][ti] = static_cast<uint32_t>(nodes.size());
            nodes.push_back(n);
        }
    }
}

void Network::add_edges() {
    // Summaries hold their children; dependencies run from the predecessor's out side to the
    // successor's in side.
    const auto& projects = pf.projects;
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        const Calendar& cal = pf.project_calendar(p);
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            for (int32_t c : t.children) {
                const uint32_t a = in_node[pi][ti], b = out_node[pi][ti];
                const uint32_t ci = in_node[pi][static_cast<size_t>(c)], co = out_node[pi][static_cast<size_t>(c)];
                edges.push_back({a, ci, S, S, 0, false, DepType::SS});
                edges.push_back({a, ci, F, F, 0, false, DepType::FF});
                edges.push_back({co, b, S, S, 0, false, DepType::SS});
                edges.push_back({co, b, F, F, 0, false, DepType::FF});
            }
            for (const Dependency& d : t.depends) {
                if (d.task < 0) continue;
                const uint32_t from = out_node[static_cast<size_t>(d.project)][static_cast<size_t>(d.task)];
                const uint8_t pu = d.type == DepType::SS || d.type == DepType::SF ? S : F;
                const uint8_t pv = d.type == DepType::FS || d.type == DepType::SS ? S : F;
                const int32_t lag = static_cast<int32_t>(d.lag.days(cal.days_per_week(), cal.hpd));
                edges.push_back({from, in_node[pi][ti], pu, pv, lag, true, d.type});
            }
        }
    }
}

void Network::index_edges() {
    const size_t n = nodes.size();
    in_first.assign(n + 1, 0);
    out_first.assign(n + 1, 0);
    for (const Edge& e : edges) {
        in_first[e.v + 1]++;
        out_first[e.u + 1]++;
    }
    for (size_t i = 0; i < n; ++i) {
        in_first[i + 1] += in_first[i];
        out_first[i + 1] += out_first[i];
    }
    in.resize(edges.size());
    out.resize(edges.size());
    std::vector<uint32_t> fi(in_first.begin(), in_first.end() - 1), fo(out_first.begin(), out_first.end() - 1);
    for (uint32_t e = 0; e < edges.size(); ++e) {
        in[fi[edges[e].v]++] = e;
        out[fo[edges[e].u]++] = e;
    }
}

void Network::order_and_prioritise() {
    // Topological order (Kahn), lowest node first among the ready: WBS order, deterministic.
    const size_t n = nodes.size();
    std::vector<uint32_t> indeg(n);
    for (size_t i = 0; i < n; ++i) indeg[i] = in_first[i + 1] - in_first[i];
    std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
    topo.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
        if (!indeg[i]) ready.push(i);
    while (!ready.empty()) {
        const uint32_t u = ready.top();
        ready.pop();
        topo.push_back(u);
        for (uint32_t k = out_first[u]; k < out_first[u + 1]; ++k)
            if (--indeg[edges[out[k]].v] == 0) ready.push(edges[out[k]].v);
    }
    if (topo.size() != n) throw Error("the dependencies form a cycle; run 'pmo check'");
    // Effective priority: a task holds the highest priority of everything that waits for it.
    eff.resize(n);
    for (size_t k = n; k-- > 0;) {
        const uint32_t u = topo[k];
        int64_t e = nodes[u].kind == Node::leaf ? nodes[u].klass : 0;
        for (uint32_t j = out_first[u]; j < out_first[u + 1]; ++j) e = std::max(e, eff[edges[out[j]].v]);
        if (e == 0) e = nodes[u].klass;
        eff[u] = e;
    }
    int64_t first = -1;
    for (uint32_t i = 0; i < n; ++i) {
        if (nodes[i].kind != Node::leaf) continue;
        if (first < 0) first = eff[i];
        else if (eff[i] != first) single_class = false;
    }
}

std::string Network::current_task() const {
    if (current >= nodes.size()) return "";
    const Node& n = nodes[current];
    if (n.project < 0 || n.task < 0) return "";
    const Project& p = pf.projects[static_cast<size_t>(n.project)];
    const Task& task = p.tasks[static_cast<size_t>(n.task)];
    const std::string file = task.pos.file >= 0 ? pf.files[static_cast<size_t>(task.pos.file)] : std::string();
    return fmt::format("{}:{}:{}: task '{}/{}': ", file, task.pos.line, task.pos.col, p.id, task.id);
}

int32_t Network::convert_across(int32_t t, int32_t from, int32_t to, uint8_t port) const {
    WorkCalendar& a = calendar(from);
    WorkCalendar& b = calendar(to);
    if (t <= kNeg || t >= kPos) return t;
    if (port == S) return b.index(a.date(t));
    return b.index(a.date(t - 1) + 1);
}

int32_t Network::convert_back_across(int32_t t, int32_t from, int32_t to, uint8_t port) const {
    WorkCalendar& a = calendar(to);
    WorkCalendar& b = calendar(from);
    if (t <= kNeg || t >= kPos) return t;
    if (port == S) return a.index(b.date(t) + 1) - 1;
    return a.index(b.date(t));
}

bool Network::works(const Node& n, uint32_t k, int32_t i) {
    if (i < 0) return false;
    const Demand& dm = demands[n.dem_first + k];
    const int32_t off = calendar(n.cal).date(i) - epoch;
    const uint8_t st = resources[static_cast<size_t>(dm.resource)].at(off, epoch);
    return st == ResourceDays::working || (st == ResourceDays::away && !n.effort);
}

int32_t Network::span_from(const Node& n, int32_t t, double hours, int32_t* lead) {
    if (lead) *lead = 0;
    const double* rate = &rates[n.dem_first];
    const EffortSpan sp = effort_span(hours, rate, n.dem_count, std::max(t, 0),
                                      [&](size_t k, int32_t i) { return works(n, static_cast<uint32_t>(k), i); });
    if (!sp.complete) {
        // Nobody assigned ever works: as if on the project calendar.
        double per_day = 0;
        for (uint32_t k = 0; k < n.dem_count; ++k) per_day += rate[k];
        return effort_days(hours, per_day);
    }
    if (lead) *lead = sp.lead + std::max(t, 0) - t;
    return sp.days;
}

void Network::window(const Node& n, int32_t t, int32_t bf, int32_t& s, int32_t& f) {
    if (!n.variable) {
        s = t;
        f = t + n.d;
        return;
    }
    for (;;) {
        int32_t lead = 0;
        const int32_t d = span_from(n, t, n.hours, &lead);
        s = t + lead;
        f = s + d;
        if (f >= bf || bf <= kNeg) return;
        t = std::max(t + 1, bf - d);  // a later start that may meet the finish bound
    }
}

void Network::place_fixed(const Node& n, int32_t es, int32_t& s, int32_t& f) {
    if (n.done) {
        s = n.fixed_s;
        f = n.fixed_f;
    } else {  // started: the work left is done from the status date on
        // Progress without an actual start: it started as early as its logic allows, never
        // before a predecessor or start bound lets it (pmo check says when that is after D).
        s = n.progress_no_actual ? es : n.fixed_s;
        const int32_t from = std::max(n.status, s);
        int32_t lead = 0;
        const int32_t rest = n.variable && n.remaining > 0 ? span_from(n, from, n.remaining_hours, &lead) : n.remaining;
        f = rest > 0 ? from + lead + rest : from;
        if (n.remaining == 0) f = std::max(s + n.d, f);
    }
}

}  // namespace pmo::sched
