#include <pmo/schedule/plan.hpp>

#include <pmo/schedule/effort.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <numeric>
#include <queue>

namespace pmo {

namespace {

constexpr int32_t kNeg = INT32_MIN / 4;
constexpr int32_t kPos = INT32_MAX / 4;
enum Port : uint8_t { S = 0, F = 1 };

struct Node {
    enum Kind : uint8_t { leaf, sum_in, sum_out } kind = leaf;
    int32_t project = -1, task = -1;
    int32_t cal = 0;
    int32_t d = 0;
    int32_t lower = kNeg;
    Driver lower_driver;
    int64_t klass = 0;  ///< own priority: project priority, then task priority
    // progress
    bool done = false, started = false, progress_no_actual = false;
    bool effort = false;    ///< its people deliver hours (FORMAT.md section 5); else a duration
    bool variable = false;  ///< effort whose span depends on its start: people off the project calendar, absences
    double hours = 0;       ///< effort: the hours to deliver
    double remaining_hours = 0;  ///< started effort: the hours left from the status date
    int32_t fixed_s = 0, fixed_f = 0;
    int32_t remaining = 0;  ///< started tasks: working days left from the status date
    int32_t status = 0;     ///< status-date index
    uint32_t dem_first = 0, dem_count = 0;
};

struct Edge {
    uint32_t u, v;
    uint8_t pu, pv;
    int32_t w;
    bool dependency;  ///< false for the summary <-> child edges
    DepType type;
};

struct Demand {
    int32_t resource;
    int32_t units;  ///< percent points
    double rate;    ///< hours a day: the units x the person's calendar's hours_per_day
};

/// A resource's bookings and availability by day (offset from the plan's epoch).
struct Profile {
    int32_t cap = 100;
    const Calendar* cal = nullptr;
    std::vector<std::pair<Date, Date>> absences;
    std::vector<int32_t> load;
    std::vector<uint8_t> state;  ///< 0 works, 1 not a working day (not booked), 2 absent (blocks)
    /// Blocks of 2^kBlockBits days booked since the last clear(): a plan can reach centuries out
    /// (a mistyped year), and clearing every day of that span each pass would dominate.
    static constexpr int kBlockBits = 10;
    std::vector<uint8_t> dirty;
    std::vector<uint32_t> dirty_blocks;

    void add(int32_t off, int32_t units) {
        load[static_cast<size_t>(off)] += units;
        const uint32_t b = static_cast<uint32_t>(off) >> kBlockBits;
        if (b >= dirty.size()) dirty.resize(b + 1, 0);
        if (!dirty[b]) {
            dirty[b] = 1;
            dirty_blocks.push_back(b);
        }
    }
    /// Zeroes the days booked since the last clear, block by block.
    void clear() {
        for (uint32_t b : dirty_blocks) {
            const size_t from = static_cast<size_t>(b) << kBlockBits;
            const size_t to = std::min(load.size(), from + (size_t{1} << kBlockBits));
            std::fill(load.begin() + static_cast<ptrdiff_t>(from), load.begin() + static_cast<ptrdiff_t>(to), 0);
            dirty[b] = 0;
        }
        dirty_blocks.clear();
    }
    /// The days [first, last] that may hold bookings: the span of the dirty blocks.
    std::pair<int32_t, int32_t> booked_span() const {
        if (dirty_blocks.empty()) return {0, -1};
        const auto [lo, hi] = std::minmax_element(dirty_blocks.begin(), dirty_blocks.end());
        const int64_t last = std::min<int64_t>(static_cast<int64_t>(load.size()) - 1,
                                               ((static_cast<int64_t>(*hi) + 1) << kBlockBits) - 1);
        return {static_cast<int32_t>(*lo) << kBlockBits, static_cast<int32_t>(last)};
    }
};

/// Node times: s and f values (aggregates: the bounds they pass on).
struct Times {
    std::vector<int32_t> s, f;
};

class Engine {
public:
    Engine(const Portfolio& pf, const PlanOptions& o) : m_pf(pf), m_o(o) {}

    Plan run();

    // The network is shared with Network (Monte Carlo), defined below in this file.
    friend class pmo::Network;

private:
    // ---- setup ----
    void build();
    int32_t calendar_slot(const Calendar& c);
    Date epoch() const { return m_epoch; }

    // ---- time conversions between calendars ----
    int32_t convert(int32_t t, int32_t from, int32_t to, uint8_t port) {
        if (from == to) return t;
        WorkCalendar& a = *m_cals[static_cast<size_t>(from)];
        WorkCalendar& b = *m_cals[static_cast<size_t>(to)];
        if (t <= kNeg || t >= kPos) return t;
        if (port == S) return b.index(a.date(t));
        return b.index(a.date(t - 1) + 1);
    }
    int32_t convert_back(int32_t t, int32_t from, int32_t to, uint8_t port) {
        // Largest value in `to`'s calendar that `convert` maps to at most t in `from`'s.
        if (from == to) return t;
        WorkCalendar& a = *m_cals[static_cast<size_t>(to)];
        WorkCalendar& b = *m_cals[static_cast<size_t>(from)];
        if (t <= kNeg || t >= kPos) return t;
        if (port == S) return a.index(b.date(t) + 1) - 1;
        return a.index(b.date(t));
    }

    // ---- resources ----
    Profile& profile(int32_t r) { return m_profiles[static_cast<size_t>(r)]; }
    void ensure(Profile& p, int32_t off);
    /// Whether the node's k-th assignee works on working day i of its calendar (an effort books
    /// only such days; a duration also the days they are away, which levelling keeps it off).
    bool works(const Node& n, uint32_t k, int32_t i);
    /// An effort's span in working days when it may start on day t, delivering `hours`; `lead`
    /// receives the days before anyone works (effort.hpp: the one rule).
    int32_t span_from(const Node& n, int32_t t, double hours, int32_t* lead);
    /// Where the node lies when it may start on day t and must finish no earlier than bf:
    /// [s, f) with s >= t, following its people's calendars (an effort) or its duration.
    void window(const Node& n, int32_t t, int32_t bf, int32_t& s, int32_t& f);
    /// Calls fn(k, profile, offset) for every day of [s, f) the node books its k-th assignee.
    template <class Fn>
    void each_booking(const Node& n, int32_t s, int32_t f, Fn&& fn);
    void book(const Node& n, int32_t s, int32_t f, int sign);
    /// The resource that cannot take the node on its working day i, or -1.
    int32_t blocked(const Node& n, int32_t i, WorkCalendar& wc);
    /// First start >= t where the node's demands fit; sets the resource and day that held it last.
    int32_t fit_forward(const Node& n, int32_t t, int32_t bf, int32_t& f, int32_t& held_res, Date& held_day);
    /// Latest start <= t (and >= lo) where the node fits, or kNeg.
    int32_t fit_backward(const Node& n, int32_t t, int32_t lo);

    // ---- passes ----
    void cpm(Times& t, std::vector<Driver>* drivers);
    void late(const Times& t, Times& lt);
    /// The backward pass the plan and the Monte Carlo network share: late start and finish
    /// of every node from its successors, in reverse topological order. `back(edge, value,
    /// node)` carries a successor's date over the edge into the node's calendar; `limit(node,
    /// lf)` tightens a leaf's late finish; no leaf finishes after its project (`project_lf`),
    /// and a node without successors finishes with it.
    template <class Back, class Limit>
    void backward(const int32_t* s, const int32_t* f, const int32_t* project_lf, std::vector<int32_t>& ls_out,
                  std::vector<int32_t>& lf_out, Back&& back, Limit&& limit) const {
        const size_t n = m_nodes.size();
        ls_out.assign(n, kPos);
        lf_out.assign(n, kPos);
        for (size_t k = n; k-- > 0;) {
            const uint32_t u = m_topo[k];
            const Node& nu = m_nodes[u];
            int32_t ls = kPos, lf = kPos;
            for (uint32_t j = m_out_first[u]; j < m_out_first[u + 1]; ++j) {
                const Edge& e = m_edges[m_out[j]];
                const int32_t tv = e.pv == S ? ls_out[e.v] : lf_out[e.v];
                if (tv >= kPos) continue;
                const int32_t val = back(e, tv, nu);
                if (e.pu == S) ls = std::min(ls, val);
                else lf = std::min(lf, val);
            }
            const bool no_succ = m_out_first[u] == m_out_first[u + 1];
            const int32_t plf = project_lf[static_cast<size_t>(nu.project)];
            if (nu.kind == Node::sum_out && no_succ) lf = plf;
            if (nu.kind != Node::leaf) {
                ls_out[u] = ls;
                lf_out[u] = lf;
                continue;
            }
            // Every task finishes with its project, also one with successors: a negative lag
            // lets a successor finish before its predecessor, and would otherwise lend the
            // predecessor float past the project's finish.
            lf = std::min(lf, plf);
            lf = limit(nu, lf);
            const int32_t d = f[u] - s[u];
            int32_t fin = std::min(lf, ls >= kPos ? kPos : ls + d);
            if (fin >= kPos) fin = plf;
            lf_out[u] = fin;
            ls_out[u] = fin - d;
        }
    }
    struct Schedule {
        Times t;
        std::vector<int32_t> delay;
        std::vector<int32_t> held_res;
        std::vector<Date> held_day;
        int64_t cost = 0;
    };
    void sgs(const std::vector<double>& key, Schedule& out);
    /// Pass 0 of levelling from the CPM times: late dates `lt`, priority keys `lst`, `best`.
    void first_pass(const Times& cpm_times, Times& lt, std::vector<double>& lst, Schedule& best);
    /// Justification shifts tasks by whole spans; an effort whose span depends on its start
    /// (part-timers, absences) does not shift like that.
    bool justifiable() const { return m_single_calendar && m_single_class && !m_any_variable; }
    void justify(Schedule& sch);
    int64_t cost(const Times& t) const;
    void bound_from_preds(uint32_t v, const Times& t, int32_t& bs, int32_t& bf, int32_t* binding);
    Driver driver_for(uint32_t v, const Times& t);
    void place_fixed(const Node& n, int32_t es, int32_t& s, int32_t& f);
    /// The earliest start the predecessors and bounds allow (for an effort the finish bound bf
    /// is left to window(), which knows its span).
    int32_t earliest(const Node& n, int32_t bs, int32_t bf) const {
        return std::max({n.lower, bs, bf <= kNeg || n.variable ? kNeg : bf - n.d});
    }

    // ---- results ----
    /// Whether node v's start (port S) or finish (port F) in the times (s, f) was set by a
    /// predecessor's finish (FS, FF) rather than by a start bound (start_no_earlier_than, SS,
    /// SF, the status date, the project start): where a milestone is shown (FORMAT.md section 5).
    /// Start bounds win ties.
    bool by_finish(uint32_t v, uint8_t port, const int32_t* s, const int32_t* f) {
        return by_finish(v, port, s, f, [this](int32_t t, int32_t from, int32_t to, uint8_t p) { return convert(t, from, to, p); });
    }
    /// The same with `conv(t, from_cal, to_cal, port)` carrying a date across calendars.
    template <class Conv>
    bool by_finish(uint32_t v, uint8_t port, const int32_t* s, const int32_t* f, Conv&& conv) const {
        const Node& nv = m_nodes[v];
        const bool leaf = nv.kind == Node::leaf;  // a milestone: its start and finish are one
        int32_t start_bound = leaf || port == S ? nv.lower : kNeg, finish_bound = kNeg;
        for (uint32_t k = m_in_first[v]; k < m_in_first[v + 1]; ++k) {
            const Edge& e = m_edges[m_in[k]];
            if (!leaf && e.pv != port) continue;
            const int32_t tu = e.pu == S ? s[e.u] : f[e.u];
            if (tu <= kNeg) continue;
            const int32_t val = conv(tu, m_nodes[e.u].cal, nv.cal, e.pu) + e.w;
            // A summary passes on what set it; a task's own start is a start bound.
            const bool fin = m_nodes[e.u].kind == Node::leaf ? e.pu == F : by_finish(e.u, e.pu, s, f, conv);
            int32_t& bound = fin ? finish_bound : start_bound;
            bound = std::max(bound, val);
        }
        return finish_bound > start_bound;
    }
    /// The hours the node books each of its people on each day of [s, f) (FORMAT.md section 5).
    void bookings(const Node& n, int32_t s, int32_t f, std::vector<Booking>& out);
    void fill(Plan& plan, const Schedule& sch, const Times& cpm_times, const std::vector<Driver>& drivers);
    void overallocations(Plan& plan, const Times& t);

public:
    /// "FILE:LINE:COL: task 'p/t': " for the task being placed or booked, when there is one: what
    /// a ScheduleError (a schedule past 9999-12-31) names.
    std::string current_task() const {
        if (m_current >= m_nodes.size()) return "";
        const Node& n = m_nodes[m_current];
        if (n.project < 0 || n.task < 0) return "";
        const Project& p = m_pf.projects[static_cast<size_t>(n.project)];
        const Task& task = p.tasks[static_cast<size_t>(n.task)];
        const std::string file = task.pos.file >= 0 ? m_pf.files[static_cast<size_t>(task.pos.file)] : std::string();
        return fmt::format("{}:{}:{}: task '{}/{}': ", file, task.pos.line, task.pos.col, p.id, task.id);
    }

private:
    uint32_t m_current = UINT32_MAX;  ///< the node being placed or booked
    const Portfolio& m_pf;
    const PlanOptions& m_o;
    Date m_epoch;
    std::vector<std::shared_ptr<WorkCalendar>> m_cals;
    std::map<const Calendar*, int32_t> m_cal_slot;
    std::vector<int32_t> m_project_cal;
    std::vector<int32_t> m_project_start;  ///< index of the project's start in its calendar
    std::vector<Node> m_nodes;
    std::vector<Demand> m_demands;
    std::vector<double> m_rates;  ///< m_demands' rates side by side, for effort_span
    std::vector<Edge> m_edges;
    std::vector<uint32_t> m_in_first, m_in, m_out_first, m_out;  // CSR of edge indices
    std::vector<uint32_t> m_topo;
    std::vector<std::vector<uint32_t>> m_in_node, m_out_node;  // [project][task] -> node
    std::vector<int64_t> m_eff;  // effective priority class (inherited from successors)
    std::vector<Profile> m_profiles;
    bool m_single_calendar = true;
    bool m_single_class = true;
    bool m_any_demand = false;
    bool m_any_variable = false;
};

int32_t Engine::calendar_slot(const Calendar& c) {
    auto it = m_cal_slot.find(&c);
    if (it != m_cal_slot.end()) return it->second;
    const int32_t slot = static_cast<int32_t>(m_cals.size());
    m_cals.push_back(std::make_shared<WorkCalendar>(c, m_epoch));
    m_cal_slot[&c] = slot;
    return slot;
}

void Engine::build() {
    const auto& projects = m_pf.projects;
    // The epoch: the earliest day anything can happen on.
    m_epoch = Date{INT32_MAX};
    for (const Project& p : projects) {
        if (p.start) m_epoch = std::min(m_epoch, p.start.value);
        for (const Task& t : p.tasks)
            for (const Located<Date>* d : {&t.actual_start, &t.actual_finish})
                if (d->present) m_epoch = std::min(m_epoch, d->value);
    }
    if (m_epoch.days == INT32_MAX) m_epoch = Date::today();
    // Resource profiles first: effort spans depend on the people's days.
    m_profiles.resize(m_pf.resources.size());
    for (size_t r = 0; r < m_pf.resources.size(); ++r) {
        const Resource& res = m_pf.resources[r];
        Profile& p = m_profiles[r];
        p.cap = static_cast<int32_t>(std::lround(res.capacity() * 100));
        p.cal = &person_calendar(m_pf, res);
        for (const Absence& a : res.absences) p.absences.push_back({a.from, a.to});
    }

    // Sized once: a portfolio of 100,000 tasks would otherwise copy its nodes and edges a dozen times.
    {
        size_t nodes = 0, edges = 0, demands = 0;
        for (const Project& p : projects)
            for (const Task& t : p.tasks) {
                nodes += t.is_summary() ? 2 : 1;
                edges += 4 * t.children.size() + t.depends.size();
                demands += t.assign.size();
            }
        m_nodes.reserve(nodes);
        m_edges.reserve(edges);
        m_demands.reserve(demands);
        m_rates.reserve(demands);
    }
    m_project_cal.resize(projects.size());
    m_project_start.resize(projects.size());
    m_in_node.resize(projects.size());
    m_out_node.resize(projects.size());
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        const int32_t slot = calendar_slot(m_pf.project_calendar(p));
        m_project_cal[pi] = slot;
        if (slot != m_project_cal[0]) m_single_calendar = false;
        WorkCalendar& wc = *m_cals[static_cast<size_t>(slot)];
        const int32_t ps = wc.index(p.start ? p.start.value : m_epoch);
        m_project_start[pi] = ps;
        const Date status = m_o.as_of ? *m_o.as_of : p.status_date ? p.status_date.value : Date::today();
        const int32_t st = wc.index(status);
        const Calendar& cal = m_pf.project_calendar(p);
        m_in_node[pi].resize(p.tasks.size());
        m_out_node[pi].resize(p.tasks.size());
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
                m_in_node[pi][ti] = static_cast<uint32_t>(m_nodes.size());
                m_nodes.push_back(n);
                n.kind = Node::sum_out;
                n.lower = kNeg;
                m_out_node[pi][ti] = static_cast<uint32_t>(m_nodes.size());
                m_nodes.push_back(n);
                continue;
            }
            const double progress = t.progress ? t.progress.value : 0;
            // Who works on it: each assignee at the assignment's units, for their calendar's hours.
            n.dem_first = static_cast<uint32_t>(m_demands.size());
            if (!t.is_milestone())
                for (const Assignment& a : t.assign) {
                    if (a.index < 0) continue;
                    const int32_t units = static_cast<int32_t>(std::lround(a.units * 100));
                    if (units <= 0) continue;
                    m_demands.push_back({a.index, units, a.units * profile(a.index).cal->hpd});
                    m_rates.push_back(m_demands.back().rate);
                }
            n.dem_count = static_cast<uint32_t>(m_demands.size()) - n.dem_first;
            double per_day = 0;
            if (t.effort && !t.is_milestone()) {
                n.effort = true;
                n.hours = effort_hours(*t.effort, cal);
                for (uint32_t k = 0; k < n.dem_count; ++k) {
                    const Demand& dm = m_demands[n.dem_first + k];
                    const Profile& pr = profile(dm.resource);
                    per_day += dm.rate;
                    n.variable = n.variable || pr.cal != &cal || !pr.absences.empty();
                }
                if (!n.dem_count) per_day = cal.hpd > 0 ? cal.hpd : 8;
                n.d = effort_days(n.hours, per_day);
                if (n.variable) n.d = span_from(n, n.lower, n.hours, nullptr);
            } else {
                n.d = task_working_days(m_pf, p, t, wc, n.lower);
            }
            if (n.d == 0) {  // no work to book
                m_demands.resize(n.dem_first);
                m_rates.resize(n.dem_first);
                n.dem_count = 0;
                n.variable = false;
            }
            if (n.variable) m_any_variable = true;
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
            if (n.dem_count) m_any_demand = true;
            m_in_node[pi][ti] = m_out_node[pi][ti] = static_cast<uint32_t>(m_nodes.size());
            m_nodes.push_back(n);
        }
    }
    // Edges: summaries hold their children; dependencies run from the predecessor's out side to
    // the successor's in side.
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        const Calendar& cal = m_pf.project_calendar(p);
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            for (int32_t c : t.children) {
                const uint32_t a = m_in_node[pi][ti], b = m_out_node[pi][ti];
                const uint32_t ci = m_in_node[pi][static_cast<size_t>(c)], co = m_out_node[pi][static_cast<size_t>(c)];
                m_edges.push_back({a, ci, S, S, 0, false, DepType::SS});
                m_edges.push_back({a, ci, F, F, 0, false, DepType::FF});
                m_edges.push_back({co, b, S, S, 0, false, DepType::SS});
                m_edges.push_back({co, b, F, F, 0, false, DepType::FF});
            }
            for (const Dependency& d : t.depends) {
                if (d.task < 0) continue;
                const uint32_t from = m_out_node[static_cast<size_t>(d.project)][static_cast<size_t>(d.task)];
                const uint8_t pu = d.type == DepType::SS || d.type == DepType::SF ? S : F;
                const uint8_t pv = d.type == DepType::FS || d.type == DepType::SS ? S : F;
                const int32_t lag = static_cast<int32_t>(d.lag.days(cal.days_per_week(), cal.hpd));
                m_edges.push_back({from, m_in_node[pi][ti], pu, pv, lag, true, d.type});
            }
        }
    }
    const size_t n = m_nodes.size();
    m_in_first.assign(n + 1, 0);
    m_out_first.assign(n + 1, 0);
    for (const Edge& e : m_edges) {
        m_in_first[e.v + 1]++;
        m_out_first[e.u + 1]++;
    }
    for (size_t i = 0; i < n; ++i) {
        m_in_first[i + 1] += m_in_first[i];
        m_out_first[i + 1] += m_out_first[i];
    }
    m_in.resize(m_edges.size());
    m_out.resize(m_edges.size());
    {
        std::vector<uint32_t> fi(m_in_first.begin(), m_in_first.end() - 1), fo(m_out_first.begin(), m_out_first.end() - 1);
        for (uint32_t e = 0; e < m_edges.size(); ++e) {
            m_in[fi[m_edges[e].v]++] = e;
            m_out[fo[m_edges[e].u]++] = e;
        }
    }
    // Topological order (Kahn), lowest node first among the ready: WBS order, deterministic.
    std::vector<uint32_t> indeg(n);
    for (size_t i = 0; i < n; ++i) indeg[i] = m_in_first[i + 1] - m_in_first[i];
    std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
    m_topo.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
        if (!indeg[i]) ready.push(i);
    while (!ready.empty()) {
        const uint32_t u = ready.top();
        ready.pop();
        m_topo.push_back(u);
        for (uint32_t k = m_out_first[u]; k < m_out_first[u + 1]; ++k)
            if (--indeg[m_edges[m_out[k]].v] == 0) ready.push(m_edges[m_out[k]].v);
    }
    if (m_topo.size() != n) throw ScheduleError("the dependencies form a cycle; run 'pmo check'");
    // Effective priority: a task holds the highest priority of everything that waits for it.
    m_eff.resize(n);
    for (size_t k = n; k-- > 0;) {
        const uint32_t u = m_topo[k];
        int64_t e = m_nodes[u].kind == Node::leaf ? m_nodes[u].klass : 0;
        for (uint32_t j = m_out_first[u]; j < m_out_first[u + 1]; ++j) e = std::max(e, m_eff[m_edges[m_out[j]].v]);
        if (e == 0) e = m_nodes[u].klass;
        m_eff[u] = e;
    }
    for (uint32_t i = 0; i < n; ++i)
        if (m_nodes[i].kind == Node::leaf && m_eff[i] != m_eff[m_topo.empty() ? 0 : m_topo[0]]) m_single_class = false;
    {
        int64_t first = -1;
        m_single_class = true;
        for (uint32_t i = 0; i < n; ++i) {
            if (m_nodes[i].kind != Node::leaf) continue;
            if (first < 0) first = m_eff[i];
            else if (m_eff[i] != first) m_single_class = false;
        }
    }
}

void Engine::ensure(Profile& p, int32_t off) {
    if (off < static_cast<int32_t>(p.state.size())) return;
    const size_t old = p.state.size();
    const size_t want = std::max<size_t>(static_cast<size_t>(off) + 1, old * 2 + 64);
    p.load.resize(want, 0);
    p.state.resize(want, 0);
    // The new days ascend: walk the sorted holidays beside them rather than search for each
    // day (a plan can reach centuries out), then mark each absence's days in one pass.
    const std::vector<Date>& holidays = p.cal->all_holidays;
    auto h = std::lower_bound(holidays.begin(), holidays.end(), m_epoch + static_cast<int32_t>(old));
    for (size_t k = old; k < want; ++k) {
        const Date d = m_epoch + static_cast<int32_t>(k);
        while (h != holidays.end() && *h < d) ++h;
        const bool holiday = h != holidays.end() && *h == d;
        p.state[k] = !p.cal->week[static_cast<size_t>(d.weekday())] || holiday ? 1 : 0;
    }
    for (const auto& [from, to] : p.absences) {
        const int64_t lo = std::max<int64_t>(static_cast<int64_t>(old), from - m_epoch);
        const int64_t hi = std::min<int64_t>(static_cast<int64_t>(want) - 1, to - m_epoch);
        for (int64_t k = lo; k <= hi; ++k) p.state[static_cast<size_t>(k)] = 2;
    }
}

bool Engine::works(const Node& n, uint32_t k, int32_t i) {
    if (i < 0) return false;
    const Demand& dm = m_demands[n.dem_first + k];
    Profile& p = profile(dm.resource);
    const int32_t off = m_cals[static_cast<size_t>(n.cal)]->date(i) - m_epoch;
    ensure(p, off);
    const uint8_t st = p.state[static_cast<size_t>(off)];
    return st == 0 || (st == 2 && !n.effort);
}

int32_t Engine::span_from(const Node& n, int32_t t, double hours, int32_t* lead) {
    if (lead) *lead = 0;
    const double* rate = &m_rates[n.dem_first];
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

void Engine::window(const Node& n, int32_t t, int32_t bf, int32_t& s, int32_t& f) {
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

template <class Fn>
void Engine::each_booking(const Node& n, int32_t s, int32_t f, Fn&& fn) {
    if (!n.dem_count || f <= s) return;
    WorkCalendar& wc = *m_cals[static_cast<size_t>(n.cal)];
    for (int32_t i = std::max(s, 0); i < f; ++i) {
        const int32_t off = wc.date(i) - m_epoch;
        for (uint32_t k = 0; k < n.dem_count; ++k) {
            Profile& p = profile(m_demands[n.dem_first + k].resource);
            ensure(p, off);
            const uint8_t st = p.state[static_cast<size_t>(off)];
            if (st == 1 || (st == 2 && n.effort)) continue;
            fn(k, p, off);
        }
    }
}

void Engine::book(const Node& n, int32_t s, int32_t f, int sign) {
    each_booking(n, s, f, [&](uint32_t k, Profile& p, int32_t off) {
        p.add(off, sign * std::min(m_demands[n.dem_first + k].units, p.cap));
    });
}

int32_t Engine::blocked(const Node& n, int32_t i, WorkCalendar& wc) {
    const int32_t off = wc.date(i) - m_epoch;
    for (uint32_t k = 0; k < n.dem_count; ++k) {
        const Demand& dm = m_demands[n.dem_first + k];
        Profile& p = profile(dm.resource);
        ensure(p, off);
        const uint8_t st = p.state[static_cast<size_t>(off)];
        if (st == 1) continue;                // not a working day of the resource: not booked, not blocking
        if (st == 2 && n.effort) continue;    // away: an effort waits for them, it does not move
        if (st == 2 || p.load[static_cast<size_t>(off)] + std::min(dm.units, p.cap) > p.cap) return dm.resource;
    }
    return -1;
}

int32_t Engine::fit_forward(const Node& n, int32_t t, int32_t bf, int32_t& f, int32_t& held_res, Date& held_day) {
    WorkCalendar& wc = *m_cals[static_cast<size_t>(n.cal)];
    t = std::max(t, 0);
    for (;;) {
        int32_t s;
        window(n, t, bf, s, f);
        if (!n.dem_count || f == s) return s;
        int32_t conflict = -1;
        for (int32_t i = f - 1; i >= s; --i) {
            const int32_t r = blocked(n, i, wc);
            if (r < 0) continue;
            conflict = i;
            held_res = r;
            held_day = wc.date(i);
            break;
        }
        if (conflict < 0) return s;
        t = conflict + 1;  // the window must start after the last conflicting day
    }
}

int32_t Engine::fit_backward(const Node& n, int32_t t, int32_t lo) {
    // Only for plans without effort spans that vary (justify() is not run on them).
    if (!n.dem_count || n.d == 0) return t;
    WorkCalendar& wc = *m_cals[static_cast<size_t>(n.cal)];
    while (t >= lo && t >= 0) {
        int32_t conflict = -1;
        for (int32_t i = t; i < t + n.d; ++i)
            if (blocked(n, i, wc) >= 0) {
                conflict = i;
                break;
            }
        if (conflict < 0) return t;
        t = conflict - n.d;  // the window must end before the first conflicting day
    }
    return kNeg;
}

void Engine::bound_from_preds(uint32_t v, const Times& t, int32_t& bs, int32_t& bf, int32_t* binding) {
    const Node& nv = m_nodes[v];
    bs = kNeg;
    bf = kNeg;
    int32_t best = kNeg;
    for (uint32_t k = m_in_first[v]; k < m_in_first[v + 1]; ++k) {
        const Edge& e = m_edges[m_in[k]];
        const int32_t tu = e.pu == S ? t.s[e.u] : t.f[e.u];
        if (tu <= kNeg) continue;
        const int32_t val = convert(tu, m_nodes[e.u].cal, nv.cal, e.pu) + e.w;
        if (e.pv == S) bs = std::max(bs, val);
        else bf = std::max(bf, val);
        const int32_t as_start = e.pv == S ? val : val - nv.d;
        if (binding && as_start > best) {
            best = as_start;
            *binding = static_cast<int32_t>(m_in[k]);
        }
    }
}

Driver Engine::driver_for(uint32_t v, const Times& t) {
    const Node& nv = m_nodes[v];
    if (nv.done || nv.started) {
        Driver d;
        d.kind = Driver::actual;
        return d;
    }
    int32_t bs, bf, edge = -1;
    bound_from_preds(v, t, bs, bf, &edge);
    const int32_t es = std::max(bs, bf <= kNeg ? kNeg : bf - (t.f[v] - t.s[v]));
    if (edge < 0 || es < nv.lower) return nv.lower_driver;
    // Follow summary edges up to the dependency that binds: the summary passes it on.
    const Edge* e = &m_edges[static_cast<size_t>(edge)];
    Driver d;
    d.kind = e->dependency ? Driver::dependency : Driver::summary;
    d.project = m_nodes[e->u].project;
    d.task = m_nodes[e->u].task;
    d.type = e->type;
    d.lag = e->w;
    return d;
}

void Engine::place_fixed(const Node& n, int32_t es, int32_t& s, int32_t& f) {
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

void Engine::cpm(Times& t, std::vector<Driver>* drivers) {
    const size_t n = m_nodes.size();
    t.s.assign(n, kNeg);
    t.f.assign(n, kNeg);
    if (drivers) drivers->assign(n, Driver{});
    for (uint32_t v : m_topo) {
        m_current = v;  // named if the schedule runs past the last date
        const Node& nv = m_nodes[v];
        int32_t bs, bf;
        bound_from_preds(v, t, bs, bf, nullptr);
        if (nv.kind != Node::leaf) {
            t.s[v] = std::max(bs, nv.lower);
            t.f[v] = bf;
            continue;
        }
        const int32_t es = earliest(nv, bs, bf);
        if (nv.done || nv.started) place_fixed(nv, es, t.s[v], t.f[v]);
        else window(nv, es, bf, t.s[v], t.f[v]);
        if (drivers) (*drivers)[v] = driver_for(v, t);
    }
    m_current = UINT32_MAX;  // what fails after the loop is not this task's doing
}

int64_t Engine::cost(const Times& t) const {
    // Each project as short as it can be: the sum of project finishes, then the latest finish.
    std::vector<int32_t> fin(m_pf.projects.size(), kNeg);
    for (uint32_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].kind == Node::leaf)
            fin[static_cast<size_t>(m_nodes[i].project)] = std::max(fin[static_cast<size_t>(m_nodes[i].project)], t.f[i]);
    int64_t sum = 0, mx = 0;
    for (int32_t f : fin)
        if (f > kNeg) {
            sum += f;
            mx = std::max<int64_t>(mx, f);
        }
    return sum * 4096 + mx;
}

void Engine::sgs(const std::vector<double>& key, Schedule& out) {
    // Serial schedule generation: take the eligible node of highest effective priority (then the
    // lowest key), place it at the earliest time its predecessors and the resources allow.
    const size_t n = m_nodes.size();
    Times& t = out.t;
    t.s.assign(n, kNeg);
    t.f.assign(n, kNeg);
    out.delay.assign(n, 0);
    out.held_res.assign(n, -1);
    out.held_day.assign(n, Date{});
    for (Profile& p : m_profiles) p.clear();
    // Finished and started work is where it is: book it first, so that nothing unstarted is
    // placed on top of work in progress. A started task's work left runs from the status date
    // whatever its predecessors do; only its start before that date can depend on them.
    // (Progress without an actual start waits for its logic: it is booked where that puts it.)
    for (uint32_t v = 0; v < n; ++v) {
        const Node& nv = m_nodes[v];
        if (nv.kind != Node::leaf || !(nv.done || nv.started) || nv.progress_no_actual) continue;
        int32_t s, f;
        place_fixed(nv, nv.status, s, f);
        book(nv, nv.done ? s : std::max(s, nv.status), f, +1);
    }
    std::vector<uint32_t> indeg(n);
    for (size_t i = 0; i < n; ++i) indeg[i] = m_in_first[i + 1] - m_in_first[i];
    auto cmp = [&](uint32_t a, uint32_t b) {
        if (m_eff[a] != m_eff[b]) return m_eff[a] < m_eff[b];
        if (key[a] != key[b]) return key[a] > key[b];
        return a > b;
    };
    std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(cmp)> heap(cmp);
    std::vector<uint32_t> zero;  // aggregates are placed as soon as they are eligible
    auto release = [&](uint32_t u) {
        for (uint32_t k = m_out_first[u]; k < m_out_first[u + 1]; ++k) {
            const uint32_t v = m_edges[m_out[k]].v;
            if (--indeg[v] == 0) (m_nodes[v].kind == Node::leaf ? heap.push(v) : zero.push_back(v));
        }
    };
    for (uint32_t i = 0; i < n; ++i)
        if (!indeg[i]) (m_nodes[i].kind == Node::leaf ? heap.push(i) : zero.push_back(i));
    while (!heap.empty() || !zero.empty()) {
        uint32_t v;
        if (!zero.empty()) {
            v = zero.back();
            zero.pop_back();
        } else {
            v = heap.top();
            heap.pop();
        }
        m_current = v;  // named if the schedule runs past the last date
        const Node& nv = m_nodes[v];
        int32_t bs, bf;
        bound_from_preds(v, t, bs, bf, nullptr);
        if (nv.kind != Node::leaf) {
            t.s[v] = std::max(bs, nv.lower);
            t.f[v] = bf;
        } else {
            const int32_t es = earliest(nv, bs, bf);
            if (nv.done || nv.started) {
                // Booked before anything else was placed (work in progress comes first).
                place_fixed(nv, es, t.s[v], t.f[v]);
                if (nv.progress_no_actual) book(nv, std::max(t.s[v], nv.status), t.f[v], +1);
            } else {
                int32_t res = -1, f = 0, s0 = es, f0 = 0;
                Date day;
                if (nv.variable) window(nv, es, bf, s0, f0);  // where its people's days alone put it
                const int32_t s = fit_forward(nv, es, bf, f, res, day);
                t.s[v] = s;
                t.f[v] = f;
                out.delay[v] = s - s0;
                if (s > s0) {
                    out.held_res[v] = res;
                    out.held_day[v] = day;
                }
                book(nv, t.s[v], t.f[v], +1);
            }
        }
        release(v);
    }
    m_current = UINT32_MAX;
    out.cost = cost(t);
}

void Engine::justify(Schedule& sch) {
    // Forward-backward improvement (Valls et al.): shift every task as late as it can go in order
    // of decreasing finish, then as early as it can go in order of increasing start. Never worse.
    const size_t n = m_nodes.size();
    std::vector<int32_t> proj_finish(m_pf.projects.size(), kNeg);
    for (uint32_t i = 0; i < n; ++i)
        if (m_nodes[i].kind == Node::leaf)
            proj_finish[static_cast<size_t>(m_nodes[i].project)] =
                std::max(proj_finish[static_cast<size_t>(m_nodes[i].project)], sch.t.f[i]);
    Times back;
    back.s.assign(n, kPos);
    back.f.assign(n, kPos);
    for (Profile& p : m_profiles) p.clear();
    for (uint32_t v = 0; v < n; ++v) {
        const Node& nv = m_nodes[v];
        if (nv.kind == Node::leaf && (nv.done || nv.started)) {
            back.s[v] = sch.t.s[v];
            back.f[v] = sch.t.f[v];
            book(nv, back.s[v], back.f[v], +1);
        }
    }
    std::vector<uint32_t> outdeg(n);
    for (size_t i = 0; i < n; ++i) outdeg[i] = m_out_first[i + 1] - m_out_first[i];
    auto cmp = [&](uint32_t a, uint32_t b) {
        if (sch.t.f[a] != sch.t.f[b]) return sch.t.f[a] < sch.t.f[b];
        return a < b;
    };
    std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(cmp)> heap(cmp);
    for (uint32_t i = 0; i < n; ++i)
        if (!outdeg[i]) heap.push(i);
    while (!heap.empty()) {
        const uint32_t u = heap.top();
        heap.pop();
        const Node& nu = m_nodes[u];
        int32_t ls = kPos, lf = kPos;
        for (uint32_t k = m_out_first[u]; k < m_out_first[u + 1]; ++k) {
            const Edge& e = m_edges[m_out[k]];
            const int32_t tv = e.pv == S ? back.s[e.v] : back.f[e.v];
            if (tv >= kPos) continue;
            const int32_t val = tv - e.w;
            if (e.pu == S) ls = std::min(ls, val);
            else lf = std::min(lf, val);
        }
        if (nu.kind != Node::leaf) {
            back.s[u] = ls;
            back.f[u] = lf;
        } else if (!(nu.done || nu.started)) {
            int32_t latest = std::min(ls, lf >= kPos ? kPos : lf - nu.d);
            latest = std::min(latest, proj_finish[static_cast<size_t>(nu.project)] - nu.d);
            int32_t s = fit_backward(nu, latest, sch.t.s[u]);
            if (s <= kNeg) s = sch.t.s[u];  // cannot happen: the old place is still free
            back.s[u] = s;
            back.f[u] = s + nu.d;
            book(nu, back.s[u], back.f[u], +1);
        }
        for (uint32_t k = m_in_first[u]; k < m_in_first[u + 1]; ++k)
            if (--outdeg[m_edges[m_in[k]].u] == 0) heap.push(m_edges[m_in[k]].u);
    }
    // Forward again, by the right-justified starts.
    std::vector<double> key(n);
    for (uint32_t i = 0; i < n; ++i) key[i] = m_nodes[i].kind == Node::leaf ? back.s[i] : 0;
    Schedule fwd;
    sgs(key, fwd);
    if (fwd.cost <= sch.cost) sch = std::move(fwd);
}

void Engine::late(const Times& t, Times& lt) {
    // Backward pass over the plan: late dates from successors, project deadlines and
    // finish_no_later_than; what nothing constrains finishes with its project.
    const size_t n = m_nodes.size();
    const auto& projects = m_pf.projects;
    std::vector<int32_t> proj_lf(projects.size(), kNeg);
    for (uint32_t i = 0; i < n; ++i)
        if (m_nodes[i].kind == Node::leaf)
            proj_lf[static_cast<size_t>(m_nodes[i].project)] = std::max(proj_lf[static_cast<size_t>(m_nodes[i].project)], t.f[i]);
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        if (proj_lf[pi] <= kNeg) proj_lf[pi] = m_project_start[pi];
        if (projects[pi].deadline) {
            const int32_t dl = m_cals[static_cast<size_t>(m_project_cal[pi])]->index(projects[pi].deadline.value + 1);
            proj_lf[pi] = std::min(proj_lf[pi], dl);
        }
    }
    backward(
        t.s.data(), t.f.data(), proj_lf.data(), lt.s, lt.f,
        [&](const Edge& e, int32_t tv, const Node& nu) {
            return convert_back(tv - e.w, m_nodes[e.v].cal, nu.cal, e.pu);
        },
        [&](const Node& nu, int32_t lf) {
            const Task& task = projects[static_cast<size_t>(nu.project)].tasks[static_cast<size_t>(nu.task)];
            if (!task.finish_no_later_than) return lf;
            return std::min(lf, m_cals[static_cast<size_t>(nu.cal)]->index(task.finish_no_later_than.value + 1));
        });
}

void Engine::bookings(const Node& n, int32_t s, int32_t f, std::vector<Booking>& out) {
    out.clear();
    if (!n.dem_count || f <= s) return;
    WorkCalendar& wc = *m_cals[static_cast<size_t>(n.cal)];
    out.resize(n.dem_count);
    for (uint32_t k = 0; k < n.dem_count; ++k) out[k].resource = m_demands[n.dem_first + k].resource;
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
        each_booking(n, from, to, [&](uint32_t k, Profile&, int32_t) { sum += m_rates[n.dem_first + k]; });
        return sum;
    };
    auto spread = [&](int32_t from, int32_t to, double scale) {
        if (to <= from) return;
        for (int32_t i = std::max(from, 0); i < to; ++i)
            for (uint32_t k = 0; k < n.dem_count; ++k)
                if (works(n, k, i)) add(k, i, m_rates[n.dem_first + k] * scale);
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
    const double* rate = &m_rates[n.dem_first];
    deliver_effort(
        rest, rate, n.dem_count, split, [&](size_t k, int32_t i) { return i < f && works(n, static_cast<uint32_t>(k), i); },
        [&](size_t k, int32_t i, double h) { add(static_cast<uint32_t>(k), i, h); });
}

void Engine::fill(Plan& plan, const Schedule& sch, const Times& cpm_times, const std::vector<Driver>& drivers) {
    const auto& projects = m_pf.projects;
    const Times& t = sch.t;
    Times lt;
    late(t, lt);
    plan.calendars.resize(projects.size());
    plan.projects.resize(projects.size());
    plan.tasks.resize(projects.size());
    // Free float: the slack to the nearest successor, through summaries.
    const size_t n = m_nodes.size();
    std::vector<int32_t> ff(n, kPos);
    for (size_t k = n; k-- > 0;) {
        const uint32_t u = m_topo[k];
        const Node& nu = m_nodes[u];
        int32_t best = kPos;
        for (uint32_t j = m_out_first[u]; j < m_out_first[u + 1]; ++j) {
            const Edge& e = m_edges[m_out[j]];
            const Node& nv = m_nodes[e.v];
            const int32_t tu = e.pu == S ? t.s[u] : t.f[u];
            const int32_t tv = e.pv == S ? t.s[e.v] : t.f[e.v];
            if (tu <= kNeg || tv <= kNeg) continue;
            int32_t slack = tv - (convert(tu, nu.cal, nv.cal, e.pu) + e.w);
            if (nv.kind != Node::leaf) slack = ff[e.v] >= kPos ? kPos : slack + ff[e.v];
            best = std::min(best, slack);
        }
        ff[u] = best;
    }
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        const Project& p = projects[pi];
        WorkCalendar& wc = *m_cals[static_cast<size_t>(m_project_cal[pi])];
        plan.calendars[pi] = m_cals[static_cast<size_t>(m_project_cal[pi])];
        std::vector<TaskPlan>& tp = plan.tasks[pi];
        tp.resize(p.tasks.size());
        ProjectPlan& pp = plan.projects[pi];
        pp.s = m_project_start[pi];
        pp.f = pp.s;
        pp.status_date = m_o.as_of ? *m_o.as_of : p.status_date ? p.status_date.value : Date::today();
        bool any = false;
        int32_t min_s = kPos;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const uint32_t v = m_in_node[pi][ti];
            const Node& nv = m_nodes[v];
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
            m_current = v;
            bookings(nv, x.s, x.f, x.bookings);
            m_current = UINT32_MAX;
            x.delay = sch.delay[v];
            x.driver = drivers[v];
            if (x.delay > 0) {
                x.driver.kind = Driver::levelling;
                x.driver.resource = sch.held_res[v];
                x.driver.day = sch.held_day[v];
                if (x.driver.resource >= 0) {
                    Profile& prof = profile(x.driver.resource);
                    const int32_t off = x.driver.day - m_epoch;
                    ensure(prof, off);
                    x.driver.away = prof.state[static_cast<size_t>(off)] == 2;
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
            m_current = m_in_node[pi][ti];  // its dates are where a calendar may run out
            x.critical = x.total_float <= min_float && !x.done;
            const bool milestone = !p.tasks[ti].is_summary() && x.f == x.s;
            if (milestone) {
                // Reached: on its actual day. Placed by a predecessor's finish: on the day that
                // finishes. Placed by a start bound: on that bound's day.
                const uint32_t v = m_in_node[pi][ti];
                const bool on_finish = x.done || by_finish(v, S, t.s.data(), t.f.data());
                x.start = x.finish = on_finish && x.f - 1 >= m_project_start[pi] ? wc.date(x.f - 1) : wc.date(x.s);
            } else {
                x.start = wc.date(x.s);
                x.finish = wc.date(x.f - 1);
            }
        }
        m_current = UINT32_MAX;
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
        // Working days in (bound, finish]: the same count for a task and for a milestone.
        const auto slip_after = [&wc](Date finish, Date bound) { return wc.index(finish + 1) - wc.index(bound + 1); };
        if (p.deadline && pp.finish > p.deadline.value) {
            const int32_t slip = slip_after(pp.finish, p.deadline.value);
            pp.deadline_slip = slip;
            plan.findings.push_back({"deadline-missed", Severity::warning, p.deadline.pos,
                                     fmt::format("project '{}' finishes on {}, {} working day{} after its deadline {}",
                                                 p.id, pp.finish.iso(), slip, slip == 1 ? "" : "s",
                                                 p.deadline->iso())});
        }
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& task = p.tasks[ti];
            if (!task.finish_no_later_than || tp[ti].finish <= task.finish_no_later_than.value) continue;
            const int32_t slip = slip_after(tp[ti].finish, task.finish_no_later_than.value);
            plan.findings.push_back({"deadline-missed", Severity::warning, task.finish_no_later_than.pos,
                                     fmt::format("task '{}' finishes on {}, {} working day{} after its "
                                                 "finish_no_later_than {}",
                                                 task.id, tp[ti].finish.iso(), slip, slip == 1 ? "" : "s",
                                                 task.finish_no_later_than->iso())});
        }
    }
    // Who held the tasks that levelling moved: the task booking that resource on that day.
    // Only that resource's tasks are searched.
    std::vector<std::vector<uint32_t>> users(m_profiles.size());
    for (uint32_t u = 0; u < m_nodes.size(); ++u) {
        const Node& nu = m_nodes[u];
        if (nu.kind != Node::leaf || t.f[u] <= t.s[u]) continue;
        for (uint32_t k = 0; k < nu.dem_count; ++k) {
            auto& list = users[static_cast<size_t>(m_demands[nu.dem_first + k].resource)];
            if (list.empty() || list.back() != u) list.push_back(u);
        }
    }
    for (size_t pi = 0; pi < projects.size(); ++pi)
        for (size_t ti = 0; ti < projects[pi].tasks.size(); ++ti) {
            TaskPlan& x = plan.tasks[pi][ti];
            const uint32_t v = m_in_node[pi][ti];
            if (x.driver.kind != Driver::levelling || x.driver.resource < 0 || x.driver.away) continue;
            const Date day = sch.held_day[v];
            int64_t best_class = -1;
            for (uint32_t u : users[static_cast<size_t>(x.driver.resource)]) {
                if (u == v) continue;
                const Node& nu = m_nodes[u];
                WorkCalendar& wc = *m_cals[static_cast<size_t>(nu.cal)];
                if (wc.date(t.s[u]) > day || wc.date(t.f[u] - 1) < day) continue;
                if (m_eff[u] > best_class) {
                    best_class = m_eff[u];
                    x.driver.project = nu.project;
                    x.driver.task = nu.task;
                }
            }
        }
}

void Engine::overallocations(Plan& plan, const Times& t) {
    for (Profile& p : m_profiles) p.clear();
    std::vector<std::vector<uint32_t>> users(m_profiles.size());
    for (uint32_t v = 0; v < m_nodes.size(); ++v) {
        const Node& nv = m_nodes[v];
        if (nv.kind != Node::leaf || !nv.dem_count) continue;
        // Book the real units here, even above capacity: this is what we report.
        each_booking(nv, t.s[v], t.f[v],
                     [&](uint32_t k, Profile& p, int32_t off) { p.add(off, m_demands[nv.dem_first + k].units); });
        for (uint32_t k = 0; k < nv.dem_count; ++k) {
            auto& u = users[static_cast<size_t>(m_demands[nv.dem_first + k].resource)];
            if (u.empty() || u.back() != v) u.push_back(v);
        }
    }
    for (size_t r = 0; r < m_profiles.size(); ++r) {
        Profile& p = m_profiles[r];
        int32_t open = -1, last_over = -1, peak = 0;
        auto close = [&](int32_t from, int32_t to) {
            Overallocation o;
            o.resource = static_cast<int32_t>(r);
            o.from = m_epoch + from;
            o.to = m_epoch + to;
            o.peak_units = peak / 100.0;
            o.capacity = p.cap / 100.0;
            for (uint32_t v : users[r]) {
                const Node& nv = m_nodes[v];
                WorkCalendar& wc = *m_cals[static_cast<size_t>(nv.cal)];
                if (t.f[v] <= t.s[v] || wc.date(t.s[v]) > o.to || wc.date(t.f[v] - 1) < o.from) continue;
                o.tasks.push_back({nv.project, nv.task});
            }
            plan.overallocations.push_back(std::move(o));
        };
        // Outside the days booked every load is zero: nothing to open or close there.
        const auto [first, last] = p.booked_span();
        for (int32_t off = first; off <= last; ++off) {
            const uint8_t st = p.state[static_cast<size_t>(off)];
            const int32_t load = p.load[static_cast<size_t>(off)];
            const bool over = load > 0 && (st == 2 || load > p.cap);
            if (over) {
                if (open < 0) open = off, peak = 0;
                last_over = off;
                peak = std::max(peak, load);
            } else if (open >= 0 && (st == 0 || off - last_over > 7)) {
                // A working day within capacity ends the window; days off in between do not.
                close(open, last_over);
                open = -1;
            }
        }
        if (open >= 0) close(open, last_over);
    }
}

void Engine::first_pass(const Times& cpm_times, Times& lt, std::vector<double>& lst, Schedule& best) {
    // The documented rule: least total float (late start from the CPM backward pass), then WBS
    // order; then one forward-backward improvement where it applies.
    late(cpm_times, lt);
    const size_t n = m_nodes.size();
    lst.resize(n);
    for (uint32_t i = 0; i < n; ++i) lst[i] = lt.s[i] >= kPos ? 1e9 : lt.s[i] - cpm_times.s[i];
    sgs(lst, best);
    if (justifiable()) justify(best);
}

Plan Engine::run() {
    build();
    Plan plan;
    Times cpm_times;
    std::vector<Driver> drivers;
    cpm(cpm_times, &drivers);
    Schedule best;
    if (!m_o.level || !m_any_demand) {
        best.t = cpm_times;
        best.delay.assign(m_nodes.size(), 0);
        best.held_res.assign(m_nodes.size(), -1);
        best.held_day.assign(m_nodes.size(), Date{});
        plan.levelled = m_o.level;
        fill(plan, best, cpm_times, drivers);
        overallocations(plan, cpm_times);
        return plan;
    }
    plan.levelled = true;
    Times lt;
    std::vector<double> lst;
    first_pass(cpm_times, lt, lst, best);
    const size_t n = m_nodes.size();
    const bool can_justify = justifiable();
    // Improvement passes. The number depends on the size only, never on the clock: the same
    // files always give the same plan.
    int passes = m_o.passes;
    // About 100,000 task placements for small plans (a PSPLIB instance gets ~1,000 passes), half
    // that for large ones, where each pass improves less and costs more.
    const size_t budget = n < 2000 ? 100000 : 50000;
    // A pass also books every finished or started task again: with years of actuals (a typo
    // like 4054 for 2027) that work, not the task count, is what a pass costs.
    size_t work = n;
    for (const Node& nv : m_nodes)
        if (nv.kind == Node::leaf && (nv.done || nv.started) && nv.dem_count)
            work += static_cast<size_t>(std::max(0, nv.fixed_f - nv.fixed_s)) * nv.dem_count;
    if (passes < 0) passes = static_cast<int>(std::clamp<size_t>(budget / std::max<size_t>(work, 1), 0, 1200));
    uint64_t state = m_o.seed * 0x9E3779B97F4A7C15ull + 1;
    auto rnd = [&state] {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return static_cast<double>((state * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
    };
    double spread = 0;
    for (uint32_t i = 0; i < n; ++i) spread = std::max(spread, static_cast<double>(m_nodes[i].d));
    auto sampled_keys = [&](std::vector<double>& key) {
        // Late starts from the CPM backward pass, perturbed: biased random sampling.
        const double noise = (0.5 + 2.0 * rnd()) * std::max(1.0, spread);
        for (uint32_t i = 0; i < n; ++i) key[i] = (lt.s[i] >= kPos ? 1e9 : lt.s[i]) + noise * rnd();
    };
    if (!can_justify) {
        // Several priority classes or calendars: sampling within each class keeps the guarantee
        // that no task waits for one of lower priority.
        std::vector<double> key(n);
        for (int k = 0; k < passes; ++k) {
            sampled_keys(key);
            Schedule cand;
            sgs(key, cand);
            if (cand.cost < best.cost) best = std::move(cand);
        }
    } else if (passes > 0) {
        // A hybrid genetic algorithm on activity lists: two-point crossover, every child improved
        // by forward-backward justification, and its improved start times written back into its
        // genome so good schedules are inherited (after Valls, Ballestin and Quintanilla, 2008).
        struct Individual {
            std::vector<double> key;
            int64_t cost;
        };
        auto evaluate = [&](std::vector<double>& key) {
            Schedule sch;
            sgs(key, sch);
            justify(sch);
            for (uint32_t i = 0; i < n; ++i) key[i] = sch.t.s[i] + 1e-6 * key[i] / (1.0 + std::fabs(key[i]));
            const int64_t c = sch.cost;
            if (c < best.cost) best = std::move(sch);
            return c;
        };
        const int pop_size = std::clamp(passes / 10, 4, 40);
        std::vector<Individual> pop;
        for (int k = 0; k < pop_size && k < passes; ++k) {
            Individual ind{std::vector<double>(n), 0};
            if (k == 0) ind.key = lst;
            else sampled_keys(ind.key);
            ind.cost = evaluate(ind.key);
            pop.push_back(std::move(ind));
        }
        std::vector<uint32_t> order_m(n), order_f(n);
        std::vector<char> taken(n);
        for (int k = static_cast<int>(pop.size()); k < passes; ++k) {
            auto pick = [&] {
                const size_t a = static_cast<size_t>(rnd() * static_cast<double>(pop.size()));
                const size_t b = static_cast<size_t>(rnd() * static_cast<double>(pop.size()));
                return pop[a].cost <= pop[b].cost ? a : b;
            };
            const Individual& mother = pop[pick()];
            const Individual& father = pop[pick()];
            // Activity lists: nodes by key.
            std::iota(order_m.begin(), order_m.end(), 0u);
            std::iota(order_f.begin(), order_f.end(), 0u);
            std::sort(order_m.begin(), order_m.end(), [&](uint32_t a, uint32_t b) { return mother.key[a] < mother.key[b]; });
            std::sort(order_f.begin(), order_f.end(), [&](uint32_t a, uint32_t b) { return father.key[a] < father.key[b]; });
            size_t q1 = static_cast<size_t>(rnd() * static_cast<double>(n)), q2 = static_cast<size_t>(rnd() * static_cast<double>(n));
            if (q1 > q2) std::swap(q1, q2);
            std::fill(taken.begin(), taken.end(), 0);
            Individual child{std::vector<double>(n), 0};
            size_t pos = 0, im = 0, jf = 0;
            auto take = [&](uint32_t v) {
                taken[v] = 1;
                child.key[v] = static_cast<double>(pos++);
            };
            // Mother's first q1, father's next up to q2, mother's rest: each in its own order.
            for (; pos < q1 && im < n; ++im) take(order_m[im]);
            for (; pos < q2 && jf < n; ++jf)
                if (!taken[order_f[jf]]) take(order_f[jf]);
            for (im = 0; im < n; ++im)
                if (!taken[order_m[im]]) take(order_m[im]);
            // Mutation: swap a few neighbours.
            for (uint32_t i = 0; i < n; ++i)
                if (rnd() < 0.05) {
                    const uint32_t j = static_cast<uint32_t>(rnd() * static_cast<double>(n));
                    if (std::fabs(child.key[i] - child.key[j]) < 3) std::swap(child.key[i], child.key[j]);
                }
            child.cost = evaluate(child.key);
            // Steady state: the child replaces the worst when it is better.
            size_t worst = 0;
            for (size_t i = 1; i < pop.size(); ++i)
                if (pop[i].cost > pop[worst].cost) worst = i;
            if (child.cost < pop[worst].cost) pop[worst] = std::move(child);
        }
    }
    plan.passes = passes + 1;
    // The drivers of the final plan: which dependency or constraint binds each task now.
    std::vector<Driver> final_drivers(n);
    for (uint32_t v = 0; v < n; ++v)
        if (m_nodes[v].kind == Node::leaf) final_drivers[v] = driver_for(v, best.t);
    fill(plan, best, cpm_times, final_drivers);
    // After levelling only what is fixed can still conflict (two started tasks, one person).
    overallocations(plan, best.t);
    return plan;
}

}  // namespace

struct Network::Impl {
    PlanOptions options;
    Engine engine;
    std::vector<uint32_t> leaf_node;              // leaf index -> node
    std::vector<int32_t> node_leaf;               // node -> leaf index, or -1
    std::vector<std::pair<int32_t, int32_t>> leaf_task;
    bool identity = true;                         // one calendar: no conversions
    bool levelling = false;                       // run_levelled() was called: this copy is one thread's
    std::vector<Node> base;                       // the nodes as planned, before any draw
    std::vector<int32_t> base_d, base_rem;        // per leaf: span in the plan, and started: the days left
    Impl(const Portfolio& pf, const PlanOptions& o) : options(o), engine(pf, options) {}
};

Network::Network(const Portfolio& pf, const PlanOptions& o) : m(std::make_unique<Impl>(pf, o)) {
    Engine& e = m->engine;
    e.build();
    m->identity = e.m_single_calendar;
    m->node_leaf.assign(e.m_nodes.size(), -1);
    for (uint32_t v = 0; v < e.m_nodes.size(); ++v)
        if (e.m_nodes[v].kind == Node::leaf) {
            m->node_leaf[v] = static_cast<int32_t>(m->leaf_node.size());
            m->leaf_node.push_back(v);
            m->leaf_task.push_back({e.m_nodes[v].project, e.m_nodes[v].task});
        }
    m->base = e.m_nodes;
    // Spans as the plan has them: an effort in its people's calendars lasts what it lasts
    // from where it is, not its nominal days.
    Times t;
    e.cpm(t, nullptr);
    m->base_d.resize(m->leaf_node.size());
    m->base_rem.resize(m->leaf_node.size());
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        const Node& nv = e.m_nodes[v];
        m->base_d[i] = nv.variable && !nv.done && !nv.started ? t.f[v] - t.s[v] : nv.d;
        m->base_rem[i] = nv.started ? t.f[v] - std::max(nv.status, t.s[v]) : nv.remaining;
    }
}

Network::~Network() = default;

size_t Network::leaves() const { return m->leaf_node.size(); }
std::pair<int32_t, int32_t> Network::leaf_task(size_t i) const { return m->leaf_task[i]; }
int32_t Network::planned(size_t i) const { return m->base_d[i]; }
bool Network::fixed(size_t i) const { return m->engine.m_nodes[m->leaf_node[i]].done; }
WorkCalendar& Network::calendar(int32_t project) const {
    const Engine& e = m->engine;
    return *e.m_cals[static_cast<size_t>(e.m_project_cal[static_cast<size_t>(project)])];
}
bool Network::exact_calendars() const { return m->identity; }

int32_t Network::shown(size_t leaf, const Scratch& sc) const {
    const uint32_t v = m->leaf_node[leaf];
    const int32_t s = sc.s[v], f = sc.f[v];
    if (f != s) return f - 1;
    Engine& e = const_cast<Engine&>(m->engine);  // conversions extend calendars: levelling copies only
    const bool on_finish =
        e.m_nodes[v].done ||
        (m->levelling && !m->identity
             ? e.by_finish(v, S, sc.s.data(), sc.f.data())
             : e.by_finish(v, S, sc.s.data(), sc.f.data(), [](int32_t t, int32_t, int32_t, uint8_t) { return t; }));
    const int32_t ps = e.m_project_start[static_cast<size_t>(e.m_nodes[v].project)];
    return on_finish && f - 1 >= ps ? f - 1 : s;
}

void Network::run_levelled(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& sc) {
    // make_plan's first levelling pass on this thread's own copy of the engine, with the leaves
    // taking the drawn durations: an effort's hours scale with its draw and are delivered in its
    // people's calendars as in the plan.
    Engine& e = m->engine;
    if (!e.m_any_demand) {  // nobody to level: the plan is the CPM plan
        m->levelling = false;
        run(dur, project_finish, critical, sc);
        return;
    }
    m->levelling = true;
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        Node& n = e.m_nodes[v];
        n = m->base[v];
        const int32_t b = m->base_d[i];
        if (n.done || b <= 0 || dur[i] == b) continue;
        const double scale = static_cast<double>(dur[i]) / b;
        n.d = n.variable ? std::max(1, static_cast<int32_t>(std::lround(n.d * scale))) : dur[i];
        n.hours *= scale;
        n.remaining_hours *= scale;
        if (n.started && n.remaining > 0)
            n.remaining = std::max(1, static_cast<int32_t>((static_cast<int64_t>(m->base_rem[i]) * dur[i] + b - 1) / b));
    }
    Times cpm_times;
    e.cpm(cpm_times, nullptr);
    Engine::Schedule best;
    Times lt;
    e.first_pass(cpm_times, lt, sc.keys, best);
    e.late(best.t, lt);
    sc.s = best.t.s;
    sc.f = best.t.f;
    const size_t np = e.m_pf.projects.size();
    for (size_t p = 0; p < np; ++p) project_finish[p] = e.m_project_start[p];
    std::vector<int32_t>& minf = sc.min_float;
    minf.assign(np, kPos);
    for (const uint32_t v : m->leaf_node) {
        const Node& nv = e.m_nodes[v];
        int32_t& pf = project_finish[static_cast<size_t>(nv.project)];
        pf = std::max(pf, sc.f[v]);
        if (!nv.done) minf[static_cast<size_t>(nv.project)] = std::min(minf[static_cast<size_t>(nv.project)], lt.s[v] - sc.s[v]);
    }
    if (!critical) return;
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        const Node& nv = e.m_nodes[v];
        critical[i] = !nv.done && lt.s[v] - sc.s[v] <= minf[static_cast<size_t>(nv.project)];
    }
}

int32_t Network::finish(size_t leaf, const Scratch& scratch) const { return scratch.f[m->leaf_node[leaf]]; }

void Network::run(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& sc) const {
    // The CPM passes of make_plan without levelling, over arrays: no calendars in the loop
    // (one calendar: exact; several: each project counts in its own working days).
    const Engine& e = m->engine;
    const size_t n = e.m_nodes.size();
    sc.s.resize(n);
    sc.f.resize(n);
    const size_t np = e.m_pf.projects.size();
    for (size_t p = 0; p < np; ++p) project_finish[p] = e.m_project_start[p];
    for (uint32_t v : e.m_topo) {
        const Node& nv = e.m_nodes[v];
        int32_t bs = kNeg, bf = kNeg;
        for (uint32_t k = e.m_in_first[v]; k < e.m_in_first[v + 1]; ++k) {
            const Edge& ed = e.m_edges[e.m_in[k]];
            const int32_t tu = ed.pu == S ? sc.s[ed.u] : sc.f[ed.u];
            if (tu <= kNeg) continue;
            const int32_t val = tu + ed.w;
            if (ed.pv == S) bs = std::max(bs, val);
            else bf = std::max(bf, val);
        }
        if (nv.kind != Node::leaf) {
            sc.s[v] = std::max(bs, nv.lower);
            sc.f[v] = bf;
            continue;
        }
        const int32_t d = dur[m->node_leaf[v]];
        if (nv.done) {
            sc.s[v] = nv.fixed_s;
            sc.f[v] = nv.fixed_f;
        } else if (nv.started) {
            const int32_t es = std::max({nv.lower, bs, bf <= kNeg ? kNeg : bf - d});
            sc.s[v] = nv.progress_no_actual ? es : nv.fixed_s;
            const size_t leaf = static_cast<size_t>(m->node_leaf[v]);
            const int32_t b = m->base_d[leaf], left = m->base_rem[leaf];
            const int32_t rem = b > 0 ? static_cast<int32_t>((static_cast<int64_t>(left) * d + b - 1) / b) : 0;
            sc.f[v] = std::max(nv.status, sc.s[v]) + rem;
        } else {
            const int32_t es = std::max({nv.lower, bs, bf <= kNeg ? kNeg : bf - d});
            sc.s[v] = es;
            sc.f[v] = es + d;
        }
        int32_t& pf = project_finish[static_cast<size_t>(nv.project)];
        pf = std::max(pf, sc.f[v]);
    }
    if (!critical) return;
    // Backward pass: late finishes from successors; a task is critical when its total float
    // is the least of its project's unfinished tasks.
    e.backward(
        sc.s.data(), sc.f.data(), project_finish, sc.ls, sc.lf,
        [](const Edge& ed, int32_t tv, const Node&) { return tv - ed.w; }, [](const Node&, int32_t lf) { return lf; });
    std::vector<int32_t>& minf = sc.min_float;
    minf.assign(np, kPos);
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        if (e.m_nodes[v].done) continue;
        int32_t& mf = minf[static_cast<size_t>(e.m_nodes[v].project)];
        mf = std::min(mf, sc.ls[v] - sc.s[v]);
    }
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        critical[i] = !e.m_nodes[v].done && sc.ls[v] - sc.s[v] <= minf[static_cast<size_t>(e.m_nodes[v].project)];
    }
}

Plan make_plan(const Portfolio& portfolio, const PlanOptions& options) {
    Engine e(portfolio, options);
    try {
        return e.run();
    } catch (const ScheduleError& err) {
        throw ScheduleError(e.current_task() + err.what());
    }
}

}  // namespace pmo
