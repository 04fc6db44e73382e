#pragma once

#include <pmo/model/portfolio.hpp>
#include <pmo/schedule/work_calendar.hpp>

#include <memory>
#include <optional>

namespace pmo {

struct PlanOptions {
    bool level = true;
    std::optional<Date> as_of;  ///< default: each project's status.date, else today
    Date today;                 ///< today's date, read once by the caller (cli's Context)
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
    /// An effort task that waited past the day `kind` allows (`allowed`) for the first day one
    /// of its people works on it: their calendars or absences, not levelling.
    bool people = false;
    Date allowed;
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
    /// The calendars the plan is counted in, one per calendar used, extended to its last day.
    std::vector<WorkCalendar> calendars;
    std::vector<int32_t> project_calendar;  ///< by project: its calendar in `calendars`
    /// The calendar project `project` is counted in; its lookups never change the plan.
    const WorkCalendar& calendar(size_t project) const {
        return calendars[static_cast<size_t>(project_calendar[project])];
    }
};

/// Schedules the portfolio (FORMAT.md section 5). Expects a usable LoadResult.
Plan make_plan(const Portfolio& portfolio, const PlanOptions& options = {});

}  // namespace pmo
