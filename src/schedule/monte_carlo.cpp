#include <pmo/schedule/monte_carlo.hpp>

#include <pmo/model/risk_score.hpp>
#include <pmo/schedule/cpm.hpp>
#include <pmo/schedule/effort.hpp>
#include <pmo/schedule/levelling.hpp>
#include <pmo/schedule/random.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <thread>

namespace pmo {
namespace {

/// One stream per block of iterations.
using Rng = sched::Xoshiro256;

struct Three {
    double o, l, p;
};

double draw(Rng& rng, const Three& t, Distribution dist) {
    if (t.p <= t.o) return t.l;
    if (dist == Distribution::pert) {
        // Beta-PERT: shape 4, mean (o + 4l + p) / 6.
        const double a = 1 + 4 * (t.l - t.o) / (t.p - t.o), b = 1 + 4 * (t.p - t.l) / (t.p - t.o);
        const double x = rng.gamma(a), y = rng.gamma(b);
        return t.o + (t.p - t.o) * x / (x + y);
    }
    // Triangular by inverting its CDF.
    const double u = rng.uniform(), fc = (t.l - t.o) / (t.p - t.o);
    if (u < fc) return t.o + std::sqrt(u * (t.p - t.o) * (t.l - t.o));
    return t.p - std::sqrt((1 - u) * (t.p - t.o) * (t.p - t.l));
}

Percentiles percentiles(std::vector<int32_t> v, WorkCalendar& cal) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        // Nearest rank.
        const size_t k = static_cast<size_t>(std::max(1.0, std::ceil(q * static_cast<double>(v.size())))) - 1;
        return cal.date(v[std::min(k, v.size() - 1)] - 1);
    };
    return {at(0.10), at(0.50), at(0.80), at(0.90)};
}

/// Average ranks (ties share their mean rank) of integers: durations and finishes, which span a
/// small range, so counting beats sorting.
void ranks_of(const std::vector<int32_t>& v, std::vector<double>& r) {
    r.resize(v.size());
    if (v.empty()) return;
    const auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
    const int64_t lo = *lo_it, range = static_cast<int64_t>(*hi_it) - lo + 1;
    if (range > 4 * static_cast<int64_t>(v.size()) + 1024) {
        std::vector<size_t> idx(v.size());
        for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
        std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
        for (size_t i = 0; i < idx.size();) {
            size_t j = i;
            while (j < idx.size() && v[idx[j]] == v[idx[i]]) ++j;
            const double mean = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2;
            for (size_t k = i; k < j; ++k) r[idx[k]] = mean;
            i = j;
        }
        return;
    }
    std::vector<double> rank(static_cast<size_t>(range), 0);
    std::vector<uint32_t> count(static_cast<size_t>(range), 0);
    for (int32_t x : v) count[static_cast<size_t>(x - lo)]++;
    double next = 1;
    for (size_t k = 0; k < count.size(); ++k) {
        rank[k] = next + (static_cast<double>(count[k]) - 1) / 2;
        next += count[k];
    }
    for (size_t i = 0; i < v.size(); ++i) r[i] = rank[static_cast<size_t>(v[i] - lo)];
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = static_cast<double>(a.size());
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        sa += a[i];
        sb += b[i];
        saa += a[i] * a[i];
        sbb += b[i] * b[i];
        sab += a[i] * b[i];
    }
    const double va = saa - sa * sa / n, vb = sbb - sb * sb / n;
    if (va <= 1e-12 || vb <= 1e-12) return 0;
    return (sab - sa * sb / n) / std::sqrt(va * vb);
}

}  // namespace

struct SimNetwork::Impl {
    sched::Network net;
    sched::Leveller lev;                          // run_levelled() only
    std::vector<uint32_t> leaf_node;              // leaf index -> node
    std::vector<int32_t> node_leaf;               // node -> leaf index, or -1
    std::vector<std::pair<int32_t, int32_t>> leaf_task;
    bool identity = true;                         // one calendar: no conversions
    bool levelling = false;                       // run_levelled() was called: this copy is one thread's
    std::vector<sched::Node> base;                // the nodes as planned, before any draw
    std::vector<int32_t> base_d, base_rem;        // per leaf: span in the plan, and started: the days left
    Impl(const Portfolio& pf, const PlanOptions& o) : net(pf, o), lev(net) {}
};

SimNetwork::SimNetwork(const Portfolio& pf, const PlanOptions& o) : m(std::make_unique<Impl>(pf, o)) {
    sched::Network& e = m->net;
    m->identity = e.single_calendar;
    m->node_leaf.assign(e.size(), -1);
    for (uint32_t v = 0; v < e.size(); ++v)
        if (e.nodes[v].kind == sched::Node::leaf) {
            m->node_leaf[v] = static_cast<int32_t>(m->leaf_node.size());
            m->leaf_node.push_back(v);
            m->leaf_task.push_back({e.nodes[v].project, e.nodes[v].task});
        }
    m->base = e.nodes;
    // Spans as the plan has them: an effort in its people's calendars lasts what it lasts
    // from where it is, not its nominal days.
    sched::Times t;
    sched::cpm(e, t, nullptr);
    m->base_d.resize(m->leaf_node.size());
    m->base_rem.resize(m->leaf_node.size());
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        const sched::Node& nv = e.nodes[v];
        m->base_d[i] = nv.variable && !nv.done && !nv.started ? t.f[v] - t.s[v] : nv.d;
        m->base_rem[i] = nv.started ? t.f[v] - std::max(nv.status, t.s[v]) : nv.remaining;
    }
}

SimNetwork::~SimNetwork() = default;

size_t SimNetwork::leaves() const { return m->leaf_node.size(); }
std::pair<int32_t, int32_t> SimNetwork::leaf_task(size_t i) const { return m->leaf_task[i]; }
int32_t SimNetwork::planned(size_t i) const { return m->base_d[i]; }
bool SimNetwork::fixed(size_t i) const { return m->net.nodes[m->leaf_node[i]].done; }
WorkCalendar& SimNetwork::calendar(int32_t project) const {
    return m->net.calendar(m->net.project_cal[static_cast<size_t>(project)]);
}
bool SimNetwork::exact_calendars() const { return m->identity; }

int32_t SimNetwork::shown(size_t leaf, const Scratch& sc) const {
    const sched::Network& e = m->net;
    const uint32_t v = m->leaf_node[leaf];
    const int32_t s = sc.s[v], f = sc.f[v];
    if (f != s) return f - 1;
    // Conversions extend calendars: only the levelling copies, one per thread, convert.
    const bool on_finish = e.nodes[v].done ||
                           (m->levelling && !m->identity
                                ? sched::by_finish(e, v, sched::S, sc.s.data(), sc.f.data(), sched::calendars(e))
                                : sched::by_finish(e, v, sched::S, sc.s.data(), sc.f.data(), sched::SameCalendar{}));
    const int32_t ps = e.project_start[static_cast<size_t>(e.nodes[v].project)];
    return on_finish && f - 1 >= ps ? f - 1 : s;
}

void SimNetwork::run_levelled(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& sc) {
    // make_plan's first levelling pass on this thread's own copy of the network, with the leaves
    // taking the drawn durations: an effort's hours scale with its draw and are delivered in its
    // people's calendars as in the plan.
    using sched::kPos;
    sched::Network& e = m->net;
    if (!e.any_demand) {  // nobody to level: the plan is the CPM plan
        m->levelling = false;
        run(dur, project_finish, critical, sc);
        return;
    }
    m->levelling = true;
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        sched::Node& n = e.nodes[v];
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
    sched::Times cpm_times;
    sched::cpm(e, cpm_times, nullptr);
    sched::Schedule best;
    sched::Times lt;
    m->lev.first_pass(cpm_times, lt, sc.keys, best);
    sched::late(e, best.t, lt);
    sc.s = best.t.s;
    sc.f = best.t.f;
    const size_t np = e.pf.projects.size();
    for (size_t p = 0; p < np; ++p) project_finish[p] = e.project_start[p];
    std::vector<int32_t>& minf = sc.min_float;
    minf.assign(np, kPos);
    for (const uint32_t v : m->leaf_node) {
        const sched::Node& nv = e.nodes[v];
        int32_t& pf = project_finish[static_cast<size_t>(nv.project)];
        pf = std::max(pf, sc.f[v]);
        if (!nv.done) minf[static_cast<size_t>(nv.project)] = std::min(minf[static_cast<size_t>(nv.project)], lt.s[v] - sc.s[v]);
    }
    if (!critical) return;
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        const sched::Node& nv = e.nodes[v];
        critical[i] = !nv.done && lt.s[v] - sc.s[v] <= minf[static_cast<size_t>(nv.project)];
    }
}

int32_t SimNetwork::finish(size_t leaf, const Scratch& scratch) const { return scratch.f[m->leaf_node[leaf]]; }

void SimNetwork::run(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& sc) const {
    // The CPM passes of make_plan without levelling, over arrays: no calendars in the loop
    // (one calendar: exact; several: each project counts in its own working days).
    using sched::kNeg;
    using sched::kPos;
    const sched::Network& e = m->net;
    const size_t n = e.size();
    sc.s.resize(n);
    sc.f.resize(n);
    const size_t np = e.pf.projects.size();
    for (size_t p = 0; p < np; ++p) project_finish[p] = e.project_start[p];
    sched::forward(e, sc.s.data(), sc.f.data(), sched::SameCalendar{},
                   [&](uint32_t v, const sched::Node& nv, int32_t bs, int32_t bf) {
                       const size_t leaf = static_cast<size_t>(m->node_leaf[v]);
                       const int32_t d = dur[leaf];
                       if (nv.done) {
                           sc.s[v] = nv.fixed_s;
                           sc.f[v] = nv.fixed_f;
                       } else if (nv.started) {
                           const int32_t es = std::max({nv.lower, bs, bf <= kNeg ? kNeg : bf - d});
                           sc.s[v] = nv.progress_no_actual ? es : nv.fixed_s;
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
                   });
    if (!critical) return;
    // Backward pass: late finishes from successors; a task is critical when its total float
    // is the least of its project's unfinished tasks.
    sched::backward(
        e, sc.s.data(), sc.f.data(), project_finish, sc.ls, sc.lf,
        [](const sched::Edge& ed, int32_t tv, const sched::Node&) { return tv - ed.w; },
        [](const sched::Node&, int32_t lf) { return lf; });
    std::vector<int32_t>& minf = sc.min_float;
    minf.assign(np, kPos);
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        if (e.nodes[v].done) continue;
        int32_t& mf = minf[static_cast<size_t>(e.nodes[v].project)];
        mf = std::min(mf, sc.ls[v] - sc.s[v]);
    }
    for (size_t i = 0; i < m->leaf_node.size(); ++i) {
        const uint32_t v = m->leaf_node[i];
        critical[i] = !e.nodes[v].done && sc.ls[v] - sc.s[v] <= minf[static_cast<size_t>(e.nodes[v].project)];
    }
}

Simulation simulate(const Portfolio& pf, const SimOptions& o) {
    PlanOptions po;
    po.level = false;
    po.as_of = o.as_of;
    po.today = o.today;
    SimNetwork net(pf, po);
    // The plan the simulation varies: its bookings give each task's cost, its dates which child
    // finishes a summary last.
    PlanOptions plan_options = po;
    plan_options.level = o.level;
    const Plan plan = make_plan(pf, plan_options);
    Simulation sim;
    sim.iterations = std::max(1, o.iterations);
    sim.seed = o.seed;
    sim.distribution = o.distribution;
    sim.exact_calendars = net.exact_calendars() || o.level;
    sim.levelled = o.level;
    const size_t nl = net.leaves(), np = pf.projects.size();
    const size_t iters = static_cast<size_t>(sim.iterations);

    // What varies: three-point estimates, and risks that fire.
    std::vector<int32_t> base(nl);
    std::vector<std::optional<Three>> est(nl);
    std::vector<double> work_cost(nl, 0);  // the cost of the people's hours the plan books
    std::vector<double> fixed_cost(nl, 0);
    std::map<std::pair<int32_t, int32_t>, size_t> leaf_of;
    for (size_t i = 0; i < nl; ++i) {
        const auto [p, t] = net.leaf_task(i);
        leaf_of[{p, t}] = i;
        base[i] = net.planned(i);
        const Project& proj = pf.projects[static_cast<size_t>(p)];
        const Task& task = proj.tasks[static_cast<size_t>(t)];
        const Calendar& cal = pf.project_calendar(proj);
        if (task.estimate && !net.fixed(i) && base[i] > 0) {
            if (task.effort) {
                // An effort estimate scales the hours, which its people deliver as in the plan.
                const double hours = effort_hours(*task.effort, cal);
                auto days = [&](const Duration& d) { return hours > 0 ? base[i] * effort_hours(d, cal) / hours : base[i]; };
                est[i] = Three{days(task.estimate->optimistic), days(task.estimate->likely), days(task.estimate->pessimistic)};
            } else {
                auto days = [&](const Duration& d) { return d.days(cal.days_per_week(), cal.hpd); };
                est[i] = Three{days(task.estimate->optimistic), days(task.estimate->likely), days(task.estimate->pessimistic)};
            }
        }
        for (const Booking& b : plan.tasks[static_cast<size_t>(p)][static_cast<size_t>(t)].bookings) {
            const Resource& r = pf.resources[static_cast<size_t>(b.resource)];
            if (r.rate) work_cost[i] += b.hours * r.rate.value;
        }
        if (task.cost) fixed_cost[i] = task.cost.value;
    }
    struct LiveRisk {
        double p;
        std::optional<Three> impact;
        double fixed_days = 0, cost = 0;
        std::vector<size_t> leaves;
        int32_t project;
    };
    std::vector<LiveRisk> risks;
    {
        for (size_t pi = 0; pi < np; ++pi) {
            const Project& p = pf.projects[pi];
            const Calendar& cal = pf.project_calendar(p);
            for (const Risk& r : p.risks) {
                if (!risk_is_live(r)) continue;
                LiveRisk lr{risk_probability(r, pf.config), std::nullopt, 0, r.cost_impact ? r.cost_impact.value : 0, {},
                            static_cast<int32_t>(pi)};
                if (r.schedule_impact) {
                    const UncertainDuration& u = r.schedule_impact.value;
                    auto days = [&](const Duration& d) { return d.days(cal.days_per_week(), cal.hpd); };
                    if (u.range) lr.impact = Three{days(u.range->optimistic), days(u.range->likely), days(u.range->pessimistic)};
                    else lr.fixed_days = days(u.fixed);
                }
                for (const auto& a : r.affects) {
                    std::string_view pid = p.id, tid = a.value;
                    if (auto slash = a.value.find('/'); slash != std::string::npos) {
                        pid = std::string_view(a.value).substr(0, slash);
                        tid = std::string_view(a.value).substr(slash + 1);
                    }
                    const int32_t qp = pf.project_index(pid);
                    if (qp < 0) continue;
                    int32_t qt = find_task(pf.projects[static_cast<size_t>(qp)], tid);
                    // A summary is delayed through the child that finishes it.
                    while (qt >= 0 && pf.projects[static_cast<size_t>(qp)].tasks[static_cast<size_t>(qt)].is_summary()) {
                        int32_t last = -1;
                        for (int32_t c : pf.projects[static_cast<size_t>(qp)].tasks[static_cast<size_t>(qt)].children)
                            if (last < 0 || plan.tasks[static_cast<size_t>(qp)][static_cast<size_t>(c)].f >
                                                plan.tasks[static_cast<size_t>(qp)][static_cast<size_t>(last)].f)
                                last = c;
                        qt = last;
                    }
                    if (auto it = leaf_of.find({qp, qt}); it != leaf_of.end()) lr.leaves.push_back(it->second);
                }
                if (lr.p > 0 && (lr.impact || lr.fixed_days > 0 || lr.cost > 0)) risks.push_back(std::move(lr));
            }
        }
    }
    std::vector<size_t> varying;
    std::vector<char> varies(nl, 0);
    for (size_t i = 0; i < nl; ++i)
        if (est[i]) varies[i] = 1;
    for (const LiveRisk& r : risks)
        for (size_t l : r.leaves) varies[l] = 1;
    for (size_t i = 0; i < nl; ++i)
        if (varies[i]) varying.push_back(i);
    // Durations of varying tasks per iteration, for rank correlations, while memory allows.
    const bool keep_durations = varying.size() * iters <= 50'000'000;

    std::vector<int32_t> finish(iters * np);
    std::vector<double> cost(iters * np);
    std::vector<int32_t> durations(keep_durations ? iters * varying.size() : 0);
    std::vector<uint32_t> crit_count(nl, 0);
    // Milestones: their dates per iteration.
    std::vector<size_t> ms_leaf;
    for (size_t i = 0; i < nl; ++i)
        if (base[i] == 0) ms_leaf.push_back(i);
    std::vector<int32_t> ms_date(iters * ms_leaf.size());

    constexpr size_t kBlock = 64;
    const size_t blocks = (iters + kBlock - 1) / kBlock;
    std::atomic<size_t> next{0};
    std::vector<std::vector<uint32_t>> crit_partial;
    auto worker = [&](std::vector<uint32_t>& crit) {
        SimNetwork::Scratch sc;
        // Levelling books people day by day: each thread levels on a network of its own.
        std::unique_ptr<SimNetwork> own = o.level ? std::make_unique<SimNetwork>(pf, po) : nullptr;
        std::vector<int32_t> dur(nl), pfin(np), ms_day(nl);
        std::vector<uint8_t> critical(nl);
        for (size_t b; (b = next.fetch_add(1)) < blocks;) {
            Rng rng(o.seed * 0x100000001B3ull + b);  // the block's own stream: same results on any thread
            for (size_t it = b * kBlock; it < std::min(iters, (b + 1) * kBlock); ++it) {
                for (size_t i = 0; i < nl; ++i)
                    dur[i] = est[i] ? std::max<int32_t>(1, static_cast<int32_t>(std::lround(draw(rng, *est[i], o.distribution))))
                                    : base[i];
                double* c = &cost[it * np];
                for (const LiveRisk& r : risks) {
                    if (rng.uniform() >= r.p) continue;
                    const int32_t add = r.impact ? static_cast<int32_t>(std::lround(draw(rng, *r.impact, o.distribution)))
                                                 : static_cast<int32_t>(r.fixed_days);
                    for (size_t l : r.leaves) dur[l] += add;
                    c[r.project] += r.cost;
                }
                const SimNetwork& used = own ? *own : net;
                if (own) own->run_levelled(dur.data(), pfin.data(), critical.data(), sc);
                else net.run(dur.data(), pfin.data(), critical.data(), sc);
                for (size_t i : ms_leaf) {
                    ms_day[i] = used.shown(i, sc) + 1;
                    // As in the plan: a project finishes when its last milestone is shown.
                    int32_t& pf_i = pfin[static_cast<size_t>(net.leaf_task(i).first)];
                    pf_i = std::max(pf_i, ms_day[i]);
                }
                for (size_t p = 0; p < np; ++p) finish[it * np + p] = pfin[p];
                for (size_t i = 0; i < nl; ++i) {
                    crit[i] += critical[i];
                    const size_t p = static_cast<size_t>(net.leaf_task(i).first);
                    // The people's cost grows with the work drawn; a fixed cost is fixed.
                    c[p] += (base[i] > 0 ? work_cost[i] * dur[i] / base[i] : work_cost[i]) + fixed_cost[i];
                }
                for (size_t k = 0; k < ms_leaf.size(); ++k) ms_date[it * ms_leaf.size() + k] = ms_day[ms_leaf[k]];
                if (keep_durations)
                    for (size_t k = 0; k < varying.size(); ++k) durations[it * varying.size() + k] = dur[varying[k]];
            }
        }
    };
    unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<size_t>(threads, blocks));
    crit_partial.assign(threads, std::vector<uint32_t>(nl, 0));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, std::ref(crit_partial[t]));
    worker(crit_partial[0]);
    for (auto& t : pool) t.join();
    for (const auto& part : crit_partial)
        for (size_t i = 0; i < nl; ++i) crit_count[i] += part[i];

    // Results.
    std::vector<double> finish_rank, dur_rank, tmp_d;
    std::vector<int32_t> col(iters);
    for (size_t p = 0; p < np; ++p) {
        SimProject sp;
        sp.project = static_cast<int32_t>(p);
        WorkCalendar& cal = net.calendar(static_cast<int32_t>(p));
        for (size_t it = 0; it < iters; ++it) col[it] = finish[it * np + p];
        sp.finish = percentiles(col, cal);
        std::vector<int32_t> sorted = col;
        std::sort(sorted.begin(), sorted.end());
        for (int32_t f : sorted) sp.finishes.push_back(cal.date(f - 1));
        const Project& proj = pf.projects[p];
        if (proj.deadline) {
            size_t ok = 0;
            for (const Date& d : sp.finishes) ok += d <= proj.deadline.value;
            sp.on_time = static_cast<double>(ok) / static_cast<double>(iters);
        }
        std::vector<double> cv(iters);
        for (size_t it = 0; it < iters; ++it) cv[it] = cost[it * np + p];
        std::sort(cv.begin(), cv.end());
        sp.has_cost = cv.back() > 0;
        auto q = [&](double x) { return cv[std::min(iters - 1, static_cast<size_t>(std::max(1.0, std::ceil(x * static_cast<double>(iters)))) - 1)]; };
        sp.cost_p50 = q(0.5);
        sp.cost_p80 = q(0.8);
        sim.projects.push_back(std::move(sp));
    }
    // Task criticality and rank correlation with the task's project finish.
    std::vector<double> corr(nl, 0);
    if (keep_durations && !varying.empty()) {
        std::vector<std::vector<double>> proj_rank(np);
        for (size_t k = 0; k < varying.size(); ++k) {
            const size_t i = varying[k];
            const size_t p = static_cast<size_t>(net.leaf_task(i).first);
            if (proj_rank[p].empty()) {
                for (size_t it = 0; it < iters; ++it) col[it] = finish[it * np + p];
                ranks_of(col, proj_rank[p]);
            }
            std::vector<int32_t> d(iters);
            for (size_t it = 0; it < iters; ++it) d[it] = durations[it * varying.size() + k];
            ranks_of(d, dur_rank);
            corr[i] = pearson(dur_rank, proj_rank[p]);
        }
    }
    for (size_t i = 0; i < nl; ++i) {
        const auto [p, t] = net.leaf_task(i);
        sim.tasks.push_back({p, t, static_cast<double>(crit_count[i]) / static_cast<double>(iters), corr[i]});
    }
    std::sort(sim.tasks.begin(), sim.tasks.end(), [](const SimTask& a, const SimTask& b) {
        return a.project != b.project ? a.project < b.project : a.task < b.task;
    });
    for (size_t k = 0; k < ms_leaf.size(); ++k) {
        const auto [p, t] = net.leaf_task(ms_leaf[k]);
        WorkCalendar& cal = net.calendar(p);
        for (size_t it = 0; it < iters; ++it) col[it] = ms_date[it * ms_leaf.size() + k];
        SimMilestone m;
        m.project = p;
        m.task = t;
        m.date = percentiles(col, cal);
        const Task& task = pf.projects[static_cast<size_t>(p)].tasks[static_cast<size_t>(t)];
        if (task.finish_no_later_than) {
            size_t ok = 0;
            for (int32_t f : col) ok += cal.date(f - 1) <= task.finish_no_later_than.value;
            m.on_time = static_cast<double>(ok) / static_cast<double>(iters);
        }
        sim.milestones.push_back(m);
    }
    return sim;
}

}  // namespace pmo
