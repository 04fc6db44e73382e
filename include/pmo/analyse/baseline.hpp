#pragma once

#include <pmo/schedule/plan.hpp>

#include <map>
#include <optional>

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

}  // namespace pmo
