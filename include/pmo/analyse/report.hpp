#pragma once

#include <pmo/analyse/baseline.hpp>
#include <pmo/analyse/resources.hpp>
#include <pmo/analyse/risk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pmo {

/// A RAG colour; `none` when there is nothing to judge by (no budget, no actual cost, ...).
enum class Rag { none, green, amber, red };
std::string_view to_string(Rag r);
/// The worse of two colours (`none` is better than green: it never colours the overall).
Rag worst(Rag a, Rag b);

struct RagDimension {
    Rag rag = Rag::none;
    std::vector<std::string> reasons;  ///< what made the colour, one sentence each
    std::vector<std::string> notes;    ///< what was not judged, and why (a CPI too early to tell)
};

/// Earned value at the status date. Without any cost in the plan, values are planned
/// working days instead of money (`money` false) and the cost indices are unknown.
struct EarnedValue {
    bool money = true;
    double bac = 0, pv = 0, ev = 0;
    std::optional<double> ac;  ///< status.actual_cost, else the sum of the tasks' actual_cost
    double sv = 0;
    std::optional<double> cv, spi, cpi, eac_cpi, eac_cpi_spi, etc, vac, tcpi;
    /// Earned schedule: working days from the baseline start at which the plan had earned
    /// today's EV; the actual time; SPI(t) = ES / AT.
    std::optional<double> es, at, spi_t;
    bool finished = false;  ///< all work done: AT ends at the last actual finish, not the status date
    /// Planned value over time (the S-curve): (a working day, PV before it, as `pv` at the
    /// status date), from the baseline's start to its finish.
    std::vector<std::pair<Date, double>> pv_curve;
};

struct MilestoneStatus {
    int32_t task = -1;
    Date forecast;
    std::optional<Date> baseline;
    std::optional<int32_t> slip;      ///< working days against the baseline, positive: later
    std::optional<Date> deadline;     ///< the milestone's own finish_no_later_than
    std::optional<int32_t> late;      ///< working days past the deadline
    bool done = false;
};

/// A window in which someone is booked above their units (or while away), inclusive dates.
struct OverWindow {
    Date from, to;
    double peak_units = 0;  ///< booked at the worst day (1.0 = 100%)
    double capacity = 0;
    bool operator==(const OverWindow&) const = default;
};

/// A person who holds up this project's work: levelling delays, or over-allocation.
struct HotSpot {
    int32_t resource = -1;
    int32_t tasks = 0;         ///< tasks of this project it delays
    int32_t delay_days = 0;    ///< the largest levelling delay among them, working days
    /// Over-allocations on this project's tasks that have not ended before its status date, by date.
    std::vector<OverWindow> overallocated;
};

struct ProjectStatus {
    int32_t project = -1;
    Date status_date;
    RagDimension schedule, cost, risk, resources;
    Rag overall = Rag::none;
    double percent_complete = 0;  ///< EV / BAC, 0..1
    Date forecast_finish;
    std::optional<Date> baseline_finish;
    std::optional<int32_t> finish_slip;  ///< against the baseline, working days
    std::optional<int32_t> deadline_slip;  ///< past the deadline, working days
    double planned_cost = 0;  ///< the current plan's resource and fixed cost
    /// EAC (CPI) from [rag] cpi_min_complete on; below it, or without a CPI, the actual cost plus
    /// the remaining planned cost; without an actual cost, the planned cost.
    std::optional<double> forecast_cost;
    double remaining_cost = 0;  ///< the current plan's cost of the work from the status date on
    int32_t resource_delay = 0;  ///< working days levelling adds to the finish
    EarnedValue ev;
    std::vector<MilestoneStatus> milestones;
    std::vector<size_t> top_risks;  ///< indices into the register's rows
    std::vector<HotSpot> hot_spots;
    std::vector<int32_t> finished;  ///< leaf tasks finished in the last period
    std::vector<int32_t> starting;  ///< leaf tasks starting in the next period
    Date last_from, next_to;        ///< the windows: (last_from, status] and (status, next_to]
    std::string top_issue;
    std::vector<std::string> added, removed;  ///< task ids against the baseline
    std::optional<double> budget_before;       ///< the budget at the baseline, when it changed
    bool new_since_baseline = false;
};

/// Who is over-allocated or holds up the most work, across the portfolio.
struct PortfolioHotSpot {
    int32_t resource = -1;
    int32_t tasks = 0, delay_days = 0;
    std::vector<OverWindow> overallocated;  ///< every window still open at a project's status date, by date
};

struct DueMilestone {
    int32_t project = -1, task = -1;
    Date date;
};

/// The portfolio's money: budgets against the plans of the same projects, so that projects
/// without a budget neither hide an overrun nor make one.
struct BudgetRollup {
    double budget = 0;            ///< the budgets of the projects that have one
    double planned = 0;           ///< what the plans of those projects cost
    double planned_unbudgeted = 0;  ///< what the plans of the projects without a budget cost
    int with_budget = 0;
    std::vector<int32_t> unbudgeted;  ///< the projects without a budget, in portfolio order
};

struct PortfolioStatus {
    Date status_date;  ///< --as-of, else the latest of the projects' status dates
    Period period = Period::week;
    std::vector<ProjectStatus> projects;  ///< the projects shown, in portfolio order
    RiskRegister risks;                   ///< the projects shown
    double exposure = 0, expected_delay = 0;  ///< live risks: EMV, and delay in working days
    BudgetRollup money;                       ///< the projects shown
    std::vector<PortfolioHotSpot> hot_spots;
    std::vector<DueMilestone> due_next;  ///< milestones due in the next period, by date
    std::vector<std::pair<std::string, std::string>> removed_projects;  ///< (project id, name) gone since the baseline
    bool has_baseline = false;
    Rag overall = Rag::none;
    int counts[4] = {0, 0, 0, 0};  ///< projects by overall colour
};

struct StatusOptions {
    Period period = Period::week;
    std::vector<int32_t> projects;  ///< to show; empty: all
    int top_risks = 3;
    std::optional<Date> as_of;
    Date today;  ///< today's date, read once by the caller (cli's Context)
};

/// The performance measurement baseline: the plan earned value is measured against.
struct Pmb {
    const Portfolio* portfolio = nullptr;
    const Plan* plan = nullptr;
};

/// The plan of `pf` as if no work had started (progress and actual dates removed), levelled
/// like `options` says: the baseline when there is no baseline revision.
Plan plan_without_progress(const Portfolio& pf, const PlanOptions& options, Portfolio& stripped);

/// Everything the status report says, from the current plan, a baseline (a revision's
/// plan, or the plan without progress) and an optional comparison with a revision.
PortfolioStatus portfolio_status(const Portfolio& pf, const Plan& plan, const Pmb& pmb,
                                 const BaselineComparison* baseline, const StatusOptions& options);

/// The cost the plan books on one leaf task: its resources' hours times their rates, plus
/// its fixed cost.
double task_cost(const Portfolio& pf, const Plan& plan, size_t project, size_t task);

}  // namespace pmo
