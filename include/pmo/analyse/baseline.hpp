#pragma once

#include <pmo/load/loader.hpp>
#include <pmo/schedule/plan.hpp>

#include <map>
#include <optional>
#include <string>

namespace pmo {

/// A task's dates in the baseline plan, and how far the current plan moved it.
struct TaskBaseline {
    Date start, finish;
    int32_t slip = 0;  ///< working days the finish moved (positive: later)
};

/// The current plan against the plan of a baseline revision, task by task (matched by
/// project id and task id).
struct BaselineComparison {
    std::string revision;  ///< as given
    std::string commit;    ///< the full commit id
    std::vector<std::vector<std::optional<TaskBaseline>>> tasks;  ///< [project][task]; none: added
    std::vector<std::optional<TaskBaseline>> projects;            ///< none: the project is new
    std::vector<std::pair<std::string, std::string>> removed;     ///< (project, task) gone since
    std::vector<std::pair<std::string, std::optional<double>>> budget_before;  ///< [project] budget then
};

BaselineComparison compare_baseline(const Portfolio& now, const Plan& plan, const Portfolio& then, const Plan& then_plan);

/// The portfolio at a baseline revision, its plan, and the current plan against it.
struct Baseline {
    LoadResult loaded;
    Plan plan;
    BaselineComparison comparison;
    std::string commit;  ///< the full commit id the revision names
};

/// Loads the portfolio at git revision `rev` of the repository at `root` (a portfolio root, as
/// find_root gives it) and plans it with `options`, but each project at its own status date of
/// that revision, else at the date of the commit: never at options.as_of. Not compared yet, so
/// that it can run beside the current plan. Throws Error (exit status 2), "baseline REV: ...",
/// when the revision cannot be read or planned.
Baseline plan_baseline(const std::string& root, const std::string& rev, const PlanOptions& options);

/// Fills `b.comparison`: the current plan against the baseline's, named by `rev` as given and
/// the commit it names.
void compare_with_baseline(Baseline& b, const std::string& rev, const Portfolio& now, const Plan& now_plan);

/// plan_baseline, then compare_with_baseline.
Baseline load_baseline(const std::string& root, const std::string& rev, const PlanOptions& options, const Portfolio& now,
                       const Plan& now_plan);

}  // namespace pmo
