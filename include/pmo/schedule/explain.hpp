#pragma once

#include <pmo/schedule/plan.hpp>

#include <utility>
#include <vector>

namespace pmo {

/// What drives a task's start, traced back like a critical path: the task itself, then the
/// task that drives it (a summary: the child that finishes last; a dependency, a summary's
/// predecessor or levelling: the task named by its driver), until a bound or a finished or
/// started task starts the chain. Each (project, task) appears once.
std::vector<std::pair<int32_t, int32_t>> driver_chain(const Portfolio& pf, const Plan& plan, int32_t project,
                                                      int32_t task);

}  // namespace pmo
