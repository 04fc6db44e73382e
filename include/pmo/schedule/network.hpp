#pragma once

// The scheduler's precedence network (FORMAT.md section 5): what make_plan, the Monte Carlo
// network and the unit tests share. Not a stable API: the parts of schedule/ build on it.

#include <pmo/schedule/plan.hpp>
#include <pmo/schedule/work_calendar.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pmo::sched {

constexpr int32_t kNeg = INT32_MIN / 4;  ///< no bound: earlier than any day
constexpr int32_t kPos = INT32_MAX / 4;  ///< no bound: later than any day
enum Port : uint8_t { S = 0, F = 1 };

/// A leaf task, or one side of a summary (its children hang between sum_in and sum_out).
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

/// A precedence between two node ports, with its lag in the successor's working days.
struct Edge {
    uint32_t u, v;
    uint8_t pu, pv;
    int32_t w;
    bool dependency;  ///< false for the summary <-> child edges
    DepType type;
};

/// One person on a leaf task.
struct Demand {
    int32_t resource;
    int32_t units;  ///< percent points
    double rate;    ///< hours a day: the units x the person's calendar's hours_per_day
};

/// A resource's days as its calendar and absences make them, by offset from the epoch; grown
/// lazily as far as the schedule reaches.
struct ResourceDays {
    enum State : uint8_t { working = 0, day_off = 1, away = 2 };  ///< day_off: not booked; away: blocks
    int32_t cap = 100;  ///< capacity in percent points
    const Calendar* cal = nullptr;
    std::vector<std::pair<Date, Date>> absences;
    std::vector<uint8_t> state;

private:
    void grow(int32_t off, Date epoch);

public:

    /// Makes day `off` known (the days from the epoch up to it at least).
    void ensure(int32_t off, Date epoch) {
        if (off >= static_cast<int32_t>(state.size())) grow(off, epoch);
    }
    uint8_t at(int32_t off, Date epoch) {
        ensure(off, epoch);
        return state[static_cast<size_t>(off)];
    }
};

/// Nodes, edges (CSR both ways), the topological order, effective priorities, the calendars
/// and conversions between them, and each node's span in its people's days.
class Network {
public:
    /// Builds the network; throws Error on a dependency cycle.
    Network(const Portfolio& portfolio, const PlanOptions& options);

    const Portfolio& pf;
    Date epoch;
    std::vector<std::shared_ptr<WorkCalendar>> cals;
    std::vector<int32_t> project_cal;
    std::vector<int32_t> project_start;  ///< index of the project's start in its calendar
    std::vector<Date> status_date;       ///< by project: the options' as_of, its status date, or today
    std::vector<Node> nodes;
    std::vector<Demand> demands;
    std::vector<double> rates;  ///< demands' rates side by side, for effort_span
    std::vector<Edge> edges;
    std::vector<uint32_t> in_first, in, out_first, out;  ///< CSR of edge indices
    std::vector<uint32_t> topo;
    std::vector<std::vector<uint32_t>> in_node, out_node;  ///< [project][task] -> node
    std::vector<int64_t> eff;  ///< effective priority class (inherited from successors)
    std::vector<ResourceDays> resources;
    bool single_calendar = true;
    bool single_class = true;
    bool any_demand = false;
    bool any_variable = false;
    /// The node being placed or booked: what an Error names (current_task()).
    uint32_t current = UINT32_MAX;

    size_t size() const { return nodes.size(); }
    WorkCalendar& calendar(int32_t slot) const { return *cals[static_cast<size_t>(slot)]; }
    /// "FILE:LINE:COL: task 'p/t': " for the current node, when it is a task, else "".
    std::string current_task() const;

    /// Carries t (a start, port S, or an exclusive finish, port F) from one calendar to another.
    int32_t convert(int32_t t, int32_t from, int32_t to, uint8_t port) const {
        return from == to ? t : convert_across(t, from, to, port);  // inline: every edge of every pass
    }
    /// Largest value in `to`'s calendar that convert() maps to at most t in `from`'s.
    int32_t convert_back(int32_t t, int32_t from, int32_t to, uint8_t port) const {
        return from == to ? t : convert_back_across(t, from, to, port);
    }
    /// The earliest start the predecessors and bounds allow (for an effort the finish bound bf
    /// is left to window(), which knows its span).
    static int32_t earliest(const Node& n, int32_t bs, int32_t bf) {
        return std::max({n.lower, bs, bf <= kNeg || n.variable ? kNeg : bf - n.d});
    }

    /// Whether the node's k-th assignee works on working day i of its calendar (an effort books
    /// only such days; a duration also the days they are away, which levelling keeps it off).
    bool works(const Node& n, uint32_t k, int32_t i);
    /// An effort's span in working days when it may start on day t, delivering `hours`; `lead`
    /// receives the days before anyone works (effort.hpp: the one rule).
    int32_t span_from(const Node& n, int32_t t, double hours, int32_t* lead);
    /// Where the node lies when it may start on day t and must finish no earlier than bf:
    /// [s, f) with s >= t, following its people's calendars (an effort) or its duration.
    void window(const Node& n, int32_t t, int32_t bf, int32_t& s, int32_t& f);
    /// Where finished or started work lies, `es` being where its logic would start it.
    void place_fixed(const Node& n, int32_t es, int32_t& s, int32_t& f);
    /// Calls fn(k, offset) for every day of [s, f) the node books its k-th assignee on.
    template <class Fn>
    void each_booking(const Node& n, int32_t s, int32_t f, Fn&& fn) {
        if (!n.dem_count || f <= s) return;
        WorkCalendar& wc = calendar(n.cal);
        for (int32_t i = std::max(s, 0); i < f; ++i) {
            const int32_t off = wc.date(i) - epoch;
            for (uint32_t k = 0; k < n.dem_count; ++k) {
                const uint8_t st = resources[static_cast<size_t>(demands[n.dem_first + k].resource)].at(off, epoch);
                if (st == ResourceDays::day_off || (st == ResourceDays::away && n.effort)) continue;
                fn(k, off);
            }
        }
    }

private:
    int32_t convert_across(int32_t t, int32_t from, int32_t to, uint8_t port) const;
    int32_t convert_back_across(int32_t t, int32_t from, int32_t to, uint8_t port) const;
    int32_t calendar_slot(const Calendar& c);
    void add_nodes();
    void add_edges();
    void index_edges();
    void order_and_prioritise();

    std::map<const Calendar*, int32_t> m_cal_slot;
};

}  // namespace pmo::sched
