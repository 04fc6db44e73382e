#pragma once

#include <pmo/model/portfolio.hpp>
#include <pmo/schedule/work_calendar.hpp>

#include <memory>
#include <optional>

namespace pmo {

struct PlanOptions {
    bool level = true;
    std::optional<Date> as_of;  ///< default: each project's status.date, else today
    /// Improvement passes after the first levelling pass; -1 picks a number from the size of the
    /// portfolio (never from the clock, so the same files always give the same plan).
    int passes = -1;
    uint64_t seed = 1;
};

/// Why a task starts when it does.
struct Driver {
    enum Kind { project_start, dependency, start_no_earlier_than, status, actual, summary, levelling } kind =
        project_start;
    int32_t project = -1, task = -1;  ///< the predecessor (dependency), or the task that held a resource
    DepType type = DepType::FS;
    int32_t lag = 0;
    int32_t resource = -1;
    bool away = false;  ///< levelling: the resource is absent, not busy
    Date day;           ///< levelling: the last day the resource could not take the task
};

/// One person's work on a task: the hours on each day they work on it (FORMAT.md section 5).
/// Everything that counts hours or cost reads these, never its own idea of the days.
struct Booking {
    int32_t resource = -1;
    std::vector<std::pair<Date, double>> days;  ///< (day, hours), ascending
    double hours = 0;                           ///< their sum
};

struct TaskPlan {
    int32_t s = 0, f = 0;    ///< working-day indices of the project's calendar; [s, f)
    int32_t es = 0, ef = 0;  ///< before levelling (pure CPM)
    int32_t ls = 0, lf = 0;  ///< late start and finish (backward pass over the plan)
    int32_t total_float = 0, free_float = 0;
    Date start, finish;      ///< as shown: inclusive dates
    bool critical = false;
    bool done = false, started = false;
    int32_t delay = 0;       ///< working days levelling moved it
    Driver driver;
    int32_t percent = 0;     ///< progress, 0..100
    std::vector<Booking> bookings;  ///< leaf tasks: one per person assigned, in the order assigned
};

struct ProjectPlan {
    Date start, finish;
    int32_t s = 0, f = 0;
    Date status_date;
    int32_t min_float = 0;
    std::optional<int32_t> deadline_slip;  ///< working days past the deadline, when it is missed
};

/// A window where a resource is booked above what it has, or while away: with levelling off any
/// conflict; with levelling on only work already fixed (finished or started) can conflict.
struct Overallocation {
    int32_t resource = -1;
    Date from, to;
    double peak_units = 0;  ///< booked at the worst day, 1.0 = 100%
    double capacity = 0;
    std::vector<std::pair<int32_t, int32_t>> tasks;  ///< (project, task)
};

/// The plan of a whole portfolio.
struct Plan {
    std::vector<ProjectPlan> projects;
    std::vector<std::vector<TaskPlan>> tasks;  ///< [project][task]
    std::vector<Overallocation> overallocations;
    Findings findings;  ///< deadline-missed
    bool levelled = false;
    int passes = 0;
    /// Calendars the plan is counted in, by project.
    std::vector<std::shared_ptr<WorkCalendar>> calendars;
};

/// The plan's precedence network, for repeated passes over changed durations (Monte Carlo):
/// the forward and backward passes of make_plan without levelling. Thread-safe after
/// construction, except calendar().
class Network {
public:
    Network(const Portfolio& portfolio, const PlanOptions& options);
    ~Network();
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    /// Working memory of one thread.
    struct Scratch {
        std::vector<int32_t> s, f, ls, lf, min_float;
        std::vector<double> keys;
    };

    size_t leaves() const;
    std::pair<int32_t, int32_t> leaf_task(size_t leaf) const;  ///< (project, task)
    int32_t planned(size_t leaf) const;  ///< working days in the plan (an effort: as its people deliver it)
    bool fixed(size_t leaf) const;                             ///< finished: its dates are actual
    /// With one calendar the passes are exact; with several each project counts in its own
    /// working days and dependencies across calendars are not converted.
    bool exact_calendars() const;
    /// Forward pass with leaf durations `dur`: each project's finish (exclusive working-day
    /// index); with `critical`, a backward pass marks the leaves of least total float.
    void run(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& scratch) const;
    /// A leaf's finish (exclusive working-day index) in the last run with `scratch`.
    int32_t finish(size_t leaf, const Scratch& scratch) const;
    /// The working day a leaf is shown finishing on in the last run: a milestone on its
    /// bound's day or its predecessor's finish (FORMAT.md section 5).
    int32_t shown(size_t leaf, const Scratch& scratch) const;
    /// make_plan's first levelling pass with leaf durations `dur` (an effort's hours scale
    /// with its draw): each project's finish and, with `critical`, the leaves of least total
    /// float. Not thread-safe: every thread levels with a Network of its own.
    void run_levelled(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& scratch);
    WorkCalendar& calendar(int32_t project) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// Schedules the portfolio (FORMAT.md section 5). Expects a usable LoadResult.
Plan make_plan(const Portfolio& portfolio, const PlanOptions& options = {});

}  // namespace pmo
