#pragma once

#include <pmo/schedule/plan.hpp>

#include <optional>

namespace pmo {

enum class Distribution { triangular, pert };

struct SimOptions {
    int iterations = 1000;
    uint64_t seed = 1;
    Distribution distribution = Distribution::triangular;
    unsigned threads = 0;  ///< 0: one per core; the results never depend on it
    bool level = true;     ///< level resources in every iteration, as pmo plan does
    std::optional<Date> as_of;
};

struct Percentiles {
    Date p10, p50, p80, p90;
};

struct SimProject {
    int32_t project = -1;
    Percentiles finish;
    std::optional<double> on_time;  ///< probability of finishing by the deadline
    std::vector<Date> finishes;     ///< every iteration's finish, sorted (for the histogram)
    bool has_cost = false;
    double cost_p50 = 0, cost_p80 = 0;
};

struct SimMilestone {
    int32_t project = -1, task = -1;
    Percentiles date;
    std::optional<double> on_time;  ///< by its finish_no_later_than
};

struct SimTask {
    int32_t project = -1, task = -1;
    double criticality = 0;  ///< share of iterations on the critical path
    double correlation = 0;  ///< Spearman rank correlation of its duration with its project's finish
};

struct Simulation {
    int iterations = 0;
    uint64_t seed = 0;
    Distribution distribution = Distribution::triangular;
    bool exact_calendars = true;
    bool levelled = false;
    std::vector<SimProject> projects;
    std::vector<SimMilestone> milestones;
    std::vector<SimTask> tasks;  ///< every leaf task, portfolio order
};

/// Monte Carlo schedule risk: each iteration draws every estimated task's duration, fires each
/// open risk with its probability, and recomputes the plan (levelled too with options.level).
Simulation simulate(const Portfolio& pf, const SimOptions& options);

}  // namespace pmo
