#include <pmo/analyse/planned_value.hpp>
#include <pmo/analyse/report.hpp>
#include <pmo/model/words.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace pmo {

std::string_view to_string(Rag r) {
    switch (r) {
        case Rag::green: return "green";
        case Rag::amber: return "amber";
        case Rag::red: return "red";
        case Rag::none: break;
    }
    return "none";
}

Rag worst(Rag a, Rag b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

namespace {
/// The cost of what a leaf task's people are booked on from day `from` on.
double labour_cost(const Portfolio& pf, const Plan& plan, size_t pi, size_t ti, Date from) {
    const TaskPlan& x = plan.tasks[pi][ti];
    double cost = 0;
    // What the plan booked: an effort in its people's calendars (FORMAT.md section 5).
    for (const Booking& b : x.bookings) {
        const Resource& r = pf.resources[static_cast<size_t>(b.resource)];
        if (!r.rate) continue;
        if (b.days.empty() || b.days.front().first >= from) {
            cost += b.hours * r.rate.value;
            continue;
        }
        for (const auto& [day, hours] : b.days)
            if (day >= from) cost += hours * r.rate.value;
    }
    return cost;
}
}  // namespace

double task_cost(const Portfolio& pf, const Plan& plan, size_t pi, size_t ti) {
    const Task& t = pf.projects[pi].tasks[ti];
    if (t.is_summary()) return 0;
    return (t.cost ? t.cost.value : 0) + labour_cost(pf, plan, pi, ti, Date{INT32_MIN});
}

Plan plan_without_progress(const Portfolio& pf, const PlanOptions& options, Portfolio& stripped) {
    stripped = pf;
    Date first{INT32_MAX};
    for (Project& p : stripped.projects) {
        if (p.start) first = std::min(first, p.start.value);
        for (Task& t : p.tasks) {
            t.progress = {};
            t.actual_start = {};
            t.actual_finish = {};
        }
    }
    PlanOptions o = options;
    // A status date before every start: nothing is held back to "today".
    o.as_of = first.days == INT32_MAX ? std::nullopt : std::optional<Date>(first);
    return make_plan(stripped, o);
}

namespace {

Date add_months(Date d, int months) {
    int y = d.year(), m = static_cast<int>(d.month()) + months;
    while (m > 12) m -= 12, ++y;
    while (m < 1) m += 12, --y;
    // The same day of that month, or its last day (31 March less a month is 28 or 29 February).
    unsigned day = d.day();
    Date r = Date::from_ymd(y, static_cast<unsigned>(m), 1);
    while (day > 28 && Date::from_ymd(y, static_cast<unsigned>(m), day).month() != static_cast<unsigned>(m)) --day;
    return r + static_cast<int32_t>(day - 1);
}

std::string ratio(double v) { return fmt::format("{:.2f}", v); }

/// "SPI 0.945 is below 0.95": as many decimals as it takes for the figure not to read as the
/// threshold it fails (two, unless rounding would make them look equal; at most four).
std::string below(std::string_view what, double value, double limit) {
    int places = 2;
    while (places < 4 && fmt::format("{:.{}f}", value, places) == fmt::format("{:.{}f}", limit, places)) ++places;
    return fmt::format("{} {:.{}f} is below {:.{}f}", what, value, places, limit, places);
}

/// "150% from 2027-03-04 to 2027-03-05; 120% on 2027-04-01"
std::string windows_text(const std::vector<OverWindow>& windows) {
    std::vector<std::string> parts;
    for (const OverWindow& w : windows)
        parts.push_back(w.from == w.to ? fmt::format("{:.0f}% on {}", w.peak_units * 100, w.from.iso())
                                       : fmt::format("{:.0f}% from {} to {}", w.peak_units * 100, w.from.iso(), w.to.iso()));
    return fmt::format("{}", fmt::join(parts, "; "));
}

/// Rank of an issue's priority (critical first), for the top issue.
int priority_rank(const Record& r) {
    auto it = r.fields.find("priority");
    if (it == r.fields.end()) return 4;
    const std::string& v = it->second.value;
    return v == "critical" ? 0 : v == "high" ? 1 : v == "medium" ? 2 : v == "low" ? 3 : 4;
}

/// Task `id` in the baseline's project `b`: most often at the same index `ti` as now.
int32_t same_task(const Project& b, size_t ti, const std::string& id) {
    if (ti < b.tasks.size() && b.tasks[ti].id == id) return static_cast<int32_t>(ti);
    return find_task(b, id);
}

struct Analyser {
    const Portfolio& pf;
    const Plan& plan;
    const Pmb& pmb;
    const BaselineComparison* cmp;
    const StatusOptions& o;
    const RiskRegister& risks;
    std::set<std::string> pool;  ///< every skill someone in the pool has

    /// A leaf task's planned value as the baseline books it: the share done at the baseline's
    /// status date over its working days before that date, the rest over its days from it on.
    struct Leaf {
        int32_t s = 0, f = 0;  ///< [s, f) in the current project's calendar
        int32_t split = 0;     ///< the status date of the plan it is measured against
        double done_then = 0;  ///< the share done at that status date
        double labour = 0, fixed = 0;
        double done = 0;       ///< the share done now
    };

    /// The task in the baseline plan, in the current project's calendar; false when the
    /// baseline does not have it (added since).
    bool pmb_leaf(size_t pi, size_t ti, Leaf& l) {
        const Project& p = pf.projects[pi];
        const int32_t bpi = pmb.portfolio->project_index(p.id);
        if (bpi < 0) return false;
        const Project& b = pmb.portfolio->projects[static_cast<size_t>(bpi)];
        const int32_t bti = same_task(b, ti, p.tasks[ti].id);
        if (bti < 0 || b.tasks[static_cast<size_t>(bti)].is_summary()) return false;
        const TaskPlan& x = pmb.plan->tasks[static_cast<size_t>(bpi)][static_cast<size_t>(bti)];
        const Task& bt = b.tasks[static_cast<size_t>(bti)];
        l.fixed = bt.cost ? bt.cost.value : 0;
        l.labour = task_cost(*pmb.portfolio, *pmb.plan, static_cast<size_t>(bpi), static_cast<size_t>(bti)) - l.fixed;
        // Its working-day indices, by their dates, in the current calendar (which may differ).
        const WorkCalendar& wc = plan.calendar(pi);
        const WorkCalendar& bc = pmb.plan->calendar(static_cast<size_t>(bpi));
        l.f = wc.index(bc.date(x.f));
        l.s = std::min(l.f, wc.index(bc.date(x.s)));
        l.split = wc.index(pmb.plan->projects[static_cast<size_t>(bpi)].status_date);
        l.done_then = x.done ? 1.0 : x.percent / 100.0;
        return true;
    }

    /// The pieces of a leaf's planned value: (from, to, value), spread evenly over working days
    /// [from, to), or planned at the instant `from` when from == to. A milestone not reached by
    /// the status date is planned half a day after it, so a milestone due on the status date
    /// itself is not planned before it.
    static void pieces(const Leaf& l, double value, std::vector<PlannedValueCurve::Piece>& out) {
        const double before = value * l.done_then, after = value - before;
        if (before > 0) {
            const int32_t b = std::min(l.f, l.split);
            if (l.s < b) out.push_back({double(l.s), double(b), before});
            else out.push_back({double(std::min(l.s, l.split)), double(std::min(l.s, l.split)), before});
        }
        if (after > 0) {
            const int32_t a = std::max(l.s, l.split);
            if (a < l.f) out.push_back({double(a), double(l.f), after});
            else if (l.f > l.split) out.push_back({double(l.f), double(l.f), after});
            else out.push_back({l.split + 0.5, l.split + 0.5, after});
        }
    }

    void earned_value(size_t pi, ProjectStatus& st) {
        const Project& p = pf.projects[pi];
        const WorkCalendar& wc = plan.calendar(pi);
        std::vector<Leaf> leaves;
        double pmb_cost = 0;
        bool all_done = true;           // then actual time stops at the finish (earned schedule)
        int32_t done_by = INT32_MIN;    // the last actual finish, working-day index
        const int32_t now = wc.index(st.status_date);  // working days before the status date
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            if (t.is_summary()) continue;
            const TaskPlan& x = plan.tasks[pi][ti];
            Leaf l;
            if (!pmb_leaf(pi, ti, l)) {
                // Not in the baseline (added since): measured against its current plan.
                l.s = x.s;
                l.f = x.f;
                l.split = now;
                l.done_then = x.done ? 1.0 : x.percent / 100.0;
                l.fixed = t.cost ? t.cost.value : 0;
                l.labour = task_cost(pf, plan, pi, ti) - l.fixed;
            }
            l.done = x.done ? 1.0 : x.percent / 100.0;
            all_done = all_done && x.done;
            if (x.done) done_by = std::max(done_by, x.f);
            pmb_cost += l.labour + l.fixed;
            leaves.push_back(l);
        }
        EarnedValue& ev = st.ev;
        ev.money = pmb_cost > 0;
        std::vector<PlannedValueCurve::Piece> pieces_of_pv;
        double bac_fixed = 0, ev_fixed = 0;
        for (const Leaf& l : leaves) {
            const double value = ev.money ? l.labour + l.fixed : static_cast<double>(l.f - l.s);
            ev.bac += value;
            ev.ev += value * l.done;
            if (ev.money) {
                bac_fixed += l.fixed;
                ev_fixed += l.fixed * l.done;
            }
            pieces(l, value, pieces_of_pv);
        }
        // The value planned by `day`, piece by piece in the plan's order (inclusive: with the
        // steps at `day`). PV and the earned-schedule point come from it, as they always have:
        // the JSON prints doubles exactly, and the curve's running sums differ in the last bits.
        // The curve serves the searches along the knots and the S-curve.
        auto planned_by = [&](double day, bool inclusive) {
            double sum = 0;
            for (const auto& [a, b, val] : pieces_of_pv)
                sum += a < b ? val * std::clamp((day - a) / (b - a), 0.0, 1.0) : (a < day || (inclusive && a <= day) ? val : 0.0);
            return sum;
        };
        ev.pv = planned_by(now, true);
        const PlannedValueCurve curve(pieces_of_pv);
        if (ev.money) {
            if (p.actual_cost) ev.ac = p.actual_cost.value;
            else {
                double sum = 0;
                bool any = false;
                for (const Task& t : p.tasks)
                    if (t.actual_cost) {
                        any = true;
                        sum += t.actual_cost.value;
                    }
                if (any) ev.ac = sum;
            }
        }
        // A plan measured against itself is on plan to the last cent, not to the last bit.
        ev.sv = std::abs(ev.ev - ev.pv) <= 1e-9 * std::max(1.0, ev.bac) ? 0.0 : ev.ev - ev.pv;
        if (ev.pv > 0) ev.spi = ev.sv == 0 ? 1.0 : ev.ev / ev.pv;
        if (ev.ac) {
            ev.cv = ev.ev - *ev.ac;
            if (*ev.ac > 0 && ev.ev > 0) {
                ev.cpi = ev.ev / *ev.ac;
                // CPI scales the labour still to do, never fixed costs: those are commitments.
                const double labour_left = (ev.bac - bac_fixed) - (ev.ev - ev_fixed);
                const double fixed_left = bac_fixed - ev_fixed;
                ev.eac_cpi = *ev.ac + labour_left / *ev.cpi + fixed_left;
                ev.etc = *ev.eac_cpi - *ev.ac;
                ev.vac = ev.bac - *ev.eac_cpi;
                if (ev.spi && *ev.spi > 0) ev.eac_cpi_spi = *ev.ac + labour_left / (*ev.cpi * *ev.spi) + fixed_left;
            }
            if (ev.bac - *ev.ac > 0) ev.tcpi = (ev.bac - ev.ev) / (ev.bac - *ev.ac);
        }
        st.percent_complete = ev.bac > 0 ? ev.ev / ev.bac : 0;

        // Earned schedule: when the baseline had planned what is earned now. The planned value
        // curve is piecewise linear with steps (milestones) at its knots; where it is flat at
        // EV, ES is the point of that stretch nearest the actual time, so a plan measured
        // against itself has SPI(t) 1 even between tasks.
        if (curve.empty() || ev.bac <= 0) return;
        const std::vector<double>& knots = curve.knots();
        const double lo = knots.front(), hi = knots.back();
        // The S-curve: PV at the start of each working day of the baseline, at most about 200 points.
        {
            const int32_t from = static_cast<int32_t>(std::floor(lo)), to = static_cast<int32_t>(std::ceil(hi));
            const int32_t every = std::max<int32_t>(1, (to - from) / 200);
            for (int32_t k = from;; k += every) {
                const int32_t at_k = std::min(k, to);
                ev.pv_curve.emplace_back(wc.date(at_k), curve.at(at_k));
                if (at_k == to) break;
            }
        }
        // Actual time: up to the status date, or up to the finish once all work is done, so a
        // project that finished on time keeps SPI(t) 1 in every later report.
        ev.finished = all_done && done_by != INT32_MIN && done_by <= now;
        const double until = ev.finished ? done_by : now;
        const double at = until - lo;
        if (at <= 0) return;
        const double eps = 1e-9 * std::max(1.0, ev.bac);
        // first: the earliest day the curve reaches EV; last: the latest day it is not above it.
        double first = hi, last = hi;
        bool have_first = false;
        double prev = lo;
        for (size_t k = 0; k < knots.size(); ++k) {
            const double x = knots[k], c_ex = curve.before(k), c_in = curve.after(k);
            auto between = [&]() {  // where the line from (prev, prev_in) to (x, c_ex) meets EV
                const double from = k > 0 ? planned_by(prev, true) : 0.0, to = planned_by(x, false);
                return to > from ? prev + (x - prev) * std::clamp((ev.ev - from) / (to - from), 0.0, 1.0) : x;
            };
            if (!have_first && (c_ex >= ev.ev - eps || c_in >= ev.ev - eps)) {
                first = k > 0 && c_ex >= ev.ev - eps ? between() : x;
                have_first = true;
            }
            if (c_in > ev.ev + eps) {
                last = k > 0 && c_ex > ev.ev + eps ? between() : x;
                break;
            }
            prev = x;
        }
        const double es = std::clamp(until, first, std::max(first, last)) - lo;
        ev.es = es;
        ev.at = at;
        ev.spi_t = std::abs(es - at) <= 1e-9 ? 1.0 : es / at;
    }

    void schedule_rag(size_t pi, ProjectStatus& st) {
        const Project& p = pf.projects[pi];
        const RagRules& r = pf.config.rag;
        RagDimension& d = st.schedule;
        std::vector<std::string> red, amber, green;
        if (st.deadline_slip && *st.deadline_slip > 0)
            red.push_back(fmt::format("forecast finish {} is {} after the deadline {}",
                                      st.forecast_finish.iso(), working_days(*st.deadline_slip), p.deadline.value.iso()));
        else if (p.deadline)
            green.push_back(fmt::format("forecast finish {} meets the deadline {}", st.forecast_finish.iso(),
                                        p.deadline.value.iso()));
        for (const MilestoneStatus& m : st.milestones) {
            const Task& t = p.tasks[static_cast<size_t>(m.task)];
            const std::string& name = t.name && !t.name.value.empty() ? t.name.value : t.id;  // as the tables show it
            if (m.late && *m.late > 0 && t.finish_no_later_than)
                red.push_back(fmt::format("milestone '{}' is forecast {} after its date {}", name,
                                          working_days(*m.late), m.deadline->iso()));
            if (m.slip && !m.done) {
                if (*m.slip > r.slip_red)
                    red.push_back(fmt::format("milestone '{}' slipped {} (more than {})", name, working_days(*m.slip),
                                              r.slip_red));
                else if (*m.slip > r.slip_amber)
                    amber.push_back(fmt::format("milestone '{}' slipped {} (more than {})", name,
                                                working_days(*m.slip), r.slip_amber));
            }
        }
        if (st.ev.spi) {
            const double spi = *st.ev.spi;
            if (spi < r.spi_amber) red.push_back(below("SPI", spi, r.spi_amber));
            else if (spi < r.spi_green) amber.push_back(below("SPI", spi, r.spi_green));
            else green.push_back(fmt::format("SPI {}", ratio(spi)));
        } else {
            green.push_back("no work was planned before the status date yet (no SPI)");
        }
        settle(d, red, amber, green);
    }

    /// The colour of the worst non-empty list, and that list as the reasons: a reason list
    /// names only what made the colour ("meets the deadline" is never a reason for red).
    static void settle(RagDimension& d, std::vector<std::string>& red, std::vector<std::string>& amber,
                       std::vector<std::string>& green) {
        d.rag = !red.empty() ? Rag::red : !amber.empty() ? Rag::amber : !green.empty() ? Rag::green : Rag::none;
        std::vector<std::string>& why = !red.empty() ? red : !amber.empty() ? amber : green;
        d.reasons.insert(d.reasons.end(), why.begin(), why.end());
    }

    void cost_rag(size_t pi, ProjectStatus& st) {
        const Project& p = pf.projects[pi];
        const RagRules& r = pf.config.rag;
        const std::string& cur = pf.config.currency;
        RagDimension& d = st.cost;
        std::vector<std::string> red, amber, green;
        if (!st.ev.money) {
            d.notes.push_back("no cost in the plan: no rates on the people assigned and no fixed costs");
            return;
        }
        const bool early = st.percent_complete < r.cpi_min_complete;
        if (st.ev.cpi && early) {
            d.notes.push_back(fmt::format("CPI {} at {:.0f}% complete, too early to tell (below [rag] "
                                          "cpi_min_complete {:.0f}%): the forecast is actual plus remaining planned cost",
                                          ratio(*st.ev.cpi), st.percent_complete * 100, r.cpi_min_complete * 100));
        } else if (st.ev.cpi) {
            const double cpi = *st.ev.cpi;
            if (cpi < r.cpi_amber) red.push_back(below("CPI", cpi, r.cpi_amber));
            else if (cpi < r.cpi_green) amber.push_back(below("CPI", cpi, r.cpi_green));
            else green.push_back(fmt::format("CPI {}", ratio(cpi)));
        } else if (!st.ev.ac) {
            d.notes.push_back("no CPI without an actual cost (status.actual_cost or the tasks' actual_cost)");
        }
        if (p.budget && st.forecast_cost && p.budget.value > 0) {
            const double share = *st.forecast_cost / p.budget.value;
            const std::string what = !st.ev.ac             ? "planned cost"
                                     : st.ev.cpi && !early ? "forecast cost (EAC by CPI)"
                                                           : "forecast cost (actual plus remaining planned)";
            const std::string text = fmt::format("{} {} {} is {:.0f}% of the budget {} {}", what, money(*st.forecast_cost),
                                                 cur, share * 100, money(p.budget.value), cur);
            if (share > r.budget_red) red.push_back(text);
            else if (share > r.budget_amber) amber.push_back(text);
            else green.push_back(text);
        } else if (!p.budget) {
            d.notes.push_back("no budget");
        }
        settle(d, red, amber, green);
    }

    void risk_rag(size_t pi, ProjectStatus& st) {
        const Project& p = pf.projects[pi];
        const RagRules& r = pf.config.rag;
        RagDimension& d = st.risk;
        std::vector<std::string> red, amber, green;
        double emv = 0;
        int live = 0;
        for (const RiskRow& row : risks.rows) {
            if (row.project != static_cast<int32_t>(pi) || !row.live) continue;
            ++live;
            emv += row.emv;
            const Risk& k = p.risks[static_cast<size_t>(row.risk)];
            const bool open = !k.status || k.status.value == RiskStatus::open;
            const bool mitigated = k.mitigation && !k.mitigation.value.empty();
            if (open && row.level == RiskLevel::high && !mitigated)
                amber.push_back(fmt::format("high risk '{}' (score {:.0f}) is open without a mitigation", k.id, row.score));
        }
        if (p.budget && p.budget.value > 0 && emv > 0) {
            const double share = emv / p.budget.value;
            const std::string text = fmt::format("risk exposure {} {} is {:.1f}% of the budget", money(emv),
                                                 pf.config.currency, share * 100);
            if (share > r.exposure_red) red.push_back(text);
            else if (share > r.exposure_amber) amber.push_back(text);
            else green.push_back(text);
        }
        if (live == 0) green.push_back("no open risks");
        else if (red.empty() && amber.empty() && green.empty())
            green.push_back(fmt::format("{} open risk{}, no high one without a mitigation", live, live == 1 ? "" : "s"));
        settle(d, red, amber, green);
    }

    /// The person whose waiting moves the project's finish most: the working days levelling held
    /// each task on the chain that drives the last task, summed per person who held it. The chain
    /// follows each task's driver: a predecessor (a summary: its child that finishes last), or the
    /// task that held the person it waited for; it ends at a start bound or at a summary's start.
    int32_t most_waited_for(size_t pi) const {
        const auto& tp = plan.tasks[pi];
        int32_t last = -1;
        for (size_t ti = 0; ti < tp.size(); ++ti)
            if (!pf.projects[pi].tasks[ti].is_summary() && (last < 0 || tp[ti].f > tp[static_cast<size_t>(last)].f))
                last = static_cast<int32_t>(ti);
        std::map<int32_t, int32_t> waited;
        size_t steps = 0, all = 0;
        for (const auto& t : plan.tasks) all += t.size();
        for (int32_t p = static_cast<int32_t>(pi), t = last; t >= 0 && steps++ <= all;) {
            // A summary finishes with the child that finishes it last.
            for (const Task* s; !(s = &pf.projects[static_cast<size_t>(p)].tasks[static_cast<size_t>(t)])->children.empty();) {
                const auto& ptp = plan.tasks[static_cast<size_t>(p)];
                int32_t c = s->children.front();
                for (int32_t k : s->children)
                    if (ptp[static_cast<size_t>(k)].f > ptp[static_cast<size_t>(c)].f) c = k;
                t = c;
            }
            const TaskPlan& x = plan.tasks[static_cast<size_t>(p)][static_cast<size_t>(t)];
            const Driver& d = x.driver;
            if (d.kind == Driver::levelling && d.resource >= 0) waited[d.resource] += x.delay;
            if (d.kind != Driver::levelling && d.kind != Driver::dependency) break;
            p = d.project;
            t = d.task;
            if (p < 0) break;
        }
        int32_t most = -1, days = 0;
        for (auto [r, n] : waited)
            if (n > days) most = r, days = n;
        return most;
    }

    void resources(size_t pi, ProjectStatus& st) {
        const Project& p = pf.projects[pi];
        const RagRules& r = pf.config.rag;
        const auto& tp = plan.tasks[pi];
        std::map<int32_t, HotSpot> spots;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const TaskPlan& x = tp[ti];
            if (x.done || x.driver.kind != Driver::levelling || x.driver.resource < 0 || x.delay <= 0) continue;
            HotSpot& h = spots[x.driver.resource];
            h.resource = x.driver.resource;
            ++h.tasks;
            h.delay_days = std::max(h.delay_days, x.delay);
        }
        for (const Overallocation& over : plan.overallocations) {
            // A double booking that ended before the status date is history, not a reason.
            if (over.to < st.status_date) continue;
            bool mine = false;
            for (auto [opi, oti] : over.tasks) mine = mine || opi == static_cast<int32_t>(pi);
            if (!mine) continue;
            HotSpot& h = spots[over.resource];
            h.resource = over.resource;
            h.overallocated.push_back({over.from, over.to, over.peak_units, over.capacity});
        }
        for (auto& [id, h] : spots) st.hot_spots.push_back(h);
        std::stable_sort(st.hot_spots.begin(), st.hot_spots.end(), [](const HotSpot& a, const HotSpot& b) {
            if (a.overallocated.empty() != b.overallocated.empty()) return !a.overallocated.empty();
            return a.delay_days > b.delay_days;
        });

        RagDimension& d = st.resources;
        std::vector<std::string> red, amber, green;
        for (const HotSpot& h : st.hot_spots)
            if (!h.overallocated.empty())
                red.push_back(fmt::format("{} is booked above {:.0f}% by work already fixed: {}",
                                          pf.person(pf.resources[static_cast<size_t>(h.resource)].id),
                                          h.overallocated.front().capacity * 100, windows_text(h.overallocated)));
        std::set<std::string> missing, lacking;
        std::vector<SkillGap> gaps;
        find_skill_gaps(pf, pi, pool, gaps, missing);
        for (const SkillGap& g : gaps)
            if (g.in_pool) lacking.insert(g.skill);
        for (const std::string& s : missing) red.push_back(fmt::format("nobody in the pool has the skill '{}'", s));
        for (const std::string& s : lacking)
            amber.push_back(fmt::format("the people assigned lack the skill '{}' (others in the pool have it)", s));
        if (st.resource_delay > r.resource_delay_amber) {
            std::string who;
            if (const int32_t most = most_waited_for(pi); most >= 0)
                who = fmt::format(" (most: {})", pf.person(pf.resources[static_cast<size_t>(most)].id));
            amber.push_back(fmt::format("waiting for people moves the finish by {}{}", working_days(st.resource_delay), who));
        } else if (st.resource_delay > 0) {
            green.push_back(fmt::format("waiting for people moves the finish by {}", working_days(st.resource_delay)));
        }
        if (red.empty() && amber.empty() && green.empty()) green.push_back("nobody over-allocated; no skill gaps");
        settle(d, red, amber, green);
    }

    ProjectStatus project(size_t pi) {
        const Project& p = pf.projects[pi];
        const ProjectPlan& pp = plan.projects[pi];
        const auto& tp = plan.tasks[pi];
        const WorkCalendar& wc = plan.calendar(pi);
        ProjectStatus st;
        st.project = static_cast<int32_t>(pi);
        st.status_date = pp.status_date;
        st.forecast_finish = pp.finish;
        st.deadline_slip = pp.deadline_slip;
        auto slip = [&](Date before, Date after) { return wc.index(after + 1) - wc.index(before + 1); };

        // The baseline the report compares dates with: the revision's plan, else the PMB.
        const int32_t bpi = pmb.portfolio->project_index(p.id);
        if (cmp) {
            if (cmp->projects[pi]) {
                st.baseline_finish = cmp->projects[pi]->finish;
                st.finish_slip = cmp->projects[pi]->slip;
            } else {
                st.new_since_baseline = true;
            }
            for (size_t ti = 0; ti < p.tasks.size(); ++ti)
                if (cmp->projects[pi] && !cmp->tasks[pi][ti]) st.added.push_back(p.tasks[ti].id);
            for (const auto& [rp, rt] : cmp->removed)
                if (rp == p.id) st.removed.push_back(rt);
            // A budget added, removed or changed since the baseline.
            const auto& before = cmp->budget_before[pi].second;
            const bool changed = before.has_value() != p.budget.present || (before && *before != p.budget.value);
            if (cmp->projects[pi] && changed) st.budget_before = before.value_or(0.0);
        } else if (bpi >= 0) {
            st.baseline_finish = pmb.plan->projects[static_cast<size_t>(bpi)].finish;
            st.finish_slip = slip(*st.baseline_finish, pp.finish);
        }

        // Milestones.
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            if (!t.is_milestone() || t.is_summary()) continue;
            const TaskPlan& x = tp[ti];
            MilestoneStatus m;
            m.task = static_cast<int32_t>(ti);
            m.forecast = x.finish;
            m.done = x.done;
            if (cmp) {
                if (cmp->tasks[pi][ti]) {
                    m.baseline = cmp->tasks[pi][ti]->finish;
                    m.slip = cmp->tasks[pi][ti]->slip;
                }
            } else if (bpi >= 0) {
                const Project& b = pmb.portfolio->projects[static_cast<size_t>(bpi)];
                const int32_t bti = same_task(b, ti, t.id);
                if (bti >= 0) {
                    m.baseline = pmb.plan->tasks[static_cast<size_t>(bpi)][static_cast<size_t>(bti)].finish;
                    m.slip = slip(*m.baseline, m.forecast);
                }
            }
            if (t.finish_no_later_than) m.deadline = t.finish_no_later_than.value;
            if (m.deadline) {
                const int32_t late = slip(*m.deadline, m.forecast);
                if (late > 0) m.late = late;
            }
            st.milestones.push_back(m);
        }

        earned_value(pi, st);
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            if (t.is_summary()) continue;
            st.planned_cost += task_cost(pf, plan, pi, ti);
            // What is still to spend: the people booked from the status date on, and the fixed
            // cost of the work not done yet.
            const TaskPlan& x = tp[ti];
            if (x.done) continue;
            st.remaining_cost += labour_cost(pf, plan, pi, ti, st.status_date) + (t.cost ? t.cost.value : 0) * (1 - x.percent / 100.0);
        }
        if (st.ev.money) {
            if (!st.ev.ac) st.forecast_cost = st.planned_cost;
            else if (st.ev.eac_cpi && st.percent_complete >= pf.config.rag.cpi_min_complete) st.forecast_cost = *st.ev.eac_cpi;
            else st.forecast_cost = *st.ev.ac + st.remaining_cost;
        }

        // What levelling adds: the levelled finish against the pure CPM finish.
        int32_t cpm = INT32_MIN;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti)
            if (!p.tasks[ti].is_summary()) cpm = std::max(cpm, tp[ti].ef);
        if (cpm != INT32_MIN) st.resource_delay = std::max(0, pp.f - cpm);

        // Top risks: the register is sorted by score.
        for (size_t k = 0; k < risks.rows.size() && static_cast<int>(st.top_risks.size()) < o.top_risks; ++k)
            if (risks.rows[k].project == static_cast<int32_t>(pi) && risks.rows[k].live) st.top_risks.push_back(k);

        resources(pi, st);
        schedule_rag(pi, st);
        cost_rag(pi, st);
        risk_rag(pi, st);
        for (const RagDimension* d : {&st.schedule, &st.cost, &st.risk, &st.resources}) st.overall = worst(st.overall, d->rag);

        // The last and the next period around the status date.
        const Date sd = st.status_date;
        st.last_from = o.period == Period::week ? sd - 7 : add_months(sd, -1);
        st.next_to = o.period == Period::week ? sd + 7 : add_months(sd, 1);
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            const TaskPlan& x = tp[ti];
            if (t.is_summary()) continue;
            if (x.done && x.finish > st.last_from && x.finish <= sd) st.finished.push_back(static_cast<int32_t>(ti));
            if (!x.done && !x.started && !t.is_milestone() && x.start > sd && x.start <= st.next_to)
                st.starting.push_back(static_cast<int32_t>(ti));
        }
        auto by_date = [&](bool finish) {
            return [&, finish](int32_t a, int32_t b) {
                const TaskPlan& x = tp[static_cast<size_t>(a)];
                const TaskPlan& y = tp[static_cast<size_t>(b)];
                return finish ? x.finish < y.finish : x.start < y.start;
            };
        };
        std::stable_sort(st.finished.begin(), st.finished.end(), by_date(true));
        std::stable_sort(st.starting.begin(), st.starting.end(), by_date(false));

        // The top issue: the project's most urgent open issue, else what colours it worst.
        const Record* top = nullptr;
        for (const Record& rec : p.records) {
            if (rec.section != "issues") continue;
            auto status = rec.fields.find("status");
            if (status != rec.fields.end() && (status->second.value == "resolved" || status->second.value == "closed"))
                continue;
            auto due = [](const Record& x) {
                auto it = x.fields.find("due");
                return it == x.fields.end() ? std::string("9999") : it->second.value;
            };
            if (!top || priority_rank(rec) < priority_rank(*top) ||
                (priority_rank(rec) == priority_rank(*top) && due(rec) < due(*top)))
                top = &rec;
        }
        if (top) {
            auto title = top->fields.find("title");
            st.top_issue = fmt::format("{}: {}", top->id, title != top->fields.end() ? title->second.value : "");
        } else if (st.overall == Rag::red || st.overall == Rag::amber) {
            for (const RagDimension* d : {&st.schedule, &st.cost, &st.risk, &st.resources})
                if (d->rag == st.overall && !d->reasons.empty()) {
                    st.top_issue = d->reasons.front();
                    break;
                }
        }
        return st;
    }
};

}  // namespace

PortfolioStatus portfolio_status(const Portfolio& pf, const Plan& plan, const Pmb& pmb,
                                 const BaselineComparison* baseline, const StatusOptions& o) {
    PortfolioStatus ps;
    ps.period = o.period;
    ps.has_baseline = baseline != nullptr;
    std::vector<int32_t> shown = o.projects;
    if (shown.empty())
        for (size_t i = 0; i < pf.projects.size(); ++i) shown.push_back(static_cast<int32_t>(i));
    RiskFilter filter;
    for (int32_t pi : shown) filter.projects.insert(pf.projects[static_cast<size_t>(pi)].id);
    ps.risks = risk_register(pf, filter);
    for (const RiskRow& r : ps.risks.rows)
        if (r.live) {
            ps.exposure += r.emv;
            ps.expected_delay += r.expected_delay;
        }
    Analyser a{pf, plan, pmb, baseline, o, ps.risks, pool_skills(pf)};

    ps.status_date = o.as_of ? *o.as_of : Date{INT32_MIN};
    std::map<int32_t, PortfolioHotSpot> spots;
    for (int32_t pi : shown) {
        ProjectStatus st = a.project(static_cast<size_t>(pi));
        if (!o.as_of) ps.status_date = std::max(ps.status_date, st.status_date);
        ps.overall = worst(ps.overall, st.overall);
        ++ps.counts[static_cast<int>(st.overall)];
        if (const Project& p = pf.projects[static_cast<size_t>(pi)]; p.budget) {
            ps.money.budget += p.budget.value;
            ps.money.planned += st.planned_cost;
            ++ps.money.with_budget;
        } else {
            ps.money.planned_unbudgeted += st.planned_cost;
            ps.money.unbudgeted.push_back(pi);
        }
        for (const HotSpot& h : st.hot_spots) {
            PortfolioHotSpot& g = spots[h.resource];
            g.resource = h.resource;
            g.tasks += h.tasks;
            g.delay_days = std::max(g.delay_days, h.delay_days);
            for (const OverWindow& w : h.overallocated)
                if (std::find(g.overallocated.begin(), g.overallocated.end(), w) == g.overallocated.end())
                    g.overallocated.push_back(w);
        }
        for (const MilestoneStatus& m : st.milestones)
            if (!m.done && m.forecast > st.status_date && m.forecast <= st.next_to)
                ps.due_next.push_back({pi, m.task, m.forecast});
        ps.projects.push_back(std::move(st));
    }
    if (ps.status_date.days == INT32_MIN) ps.status_date = o.today;
    for (auto& [id, g] : spots) {
        std::stable_sort(g.overallocated.begin(), g.overallocated.end(),
                         [](const OverWindow& x, const OverWindow& y) { return x.from < y.from; });
        ps.hot_spots.push_back(g);
    }
    std::stable_sort(ps.hot_spots.begin(), ps.hot_spots.end(), [](const PortfolioHotSpot& x, const PortfolioHotSpot& y) {
        if (x.overallocated.empty() != y.overallocated.empty()) return !x.overallocated.empty();
        if (x.tasks != y.tasks) return x.tasks > y.tasks;
        return x.delay_days > y.delay_days;
    });
    std::stable_sort(ps.due_next.begin(), ps.due_next.end(),
                     [](const DueMilestone& x, const DueMilestone& y) { return x.date < y.date; });
    if (baseline) {
        std::set<std::string> gone;
        for (const auto& [rp, rt] : baseline->removed)
            if (pf.project_index(rp) < 0 && gone.insert(rp).second) {
                const Project* then = pmb.portfolio ? pmb.portfolio->find_project(rp) : nullptr;
                ps.removed_projects.push_back({rp, then ? then->name.value : std::string()});
            }
    }
    return ps;
}

}  // namespace pmo
