#pragma once

#include <pmo/schedule/plan.hpp>

#include <memory>
#include <optional>

namespace pmo {

/// The plan's precedence network, for repeated passes over changed durations (Monte Carlo):
/// the forward and backward passes of make_plan without levelling. Thread-safe after
/// construction, except calendar().
class SimNetwork {
public:
    SimNetwork(const Portfolio& portfolio, const PlanOptions& options);
    ~SimNetwork();
    SimNetwork(const SimNetwork&) = delete;
    SimNetwork& operator=(const SimNetwork&) = delete;

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
    /// float. Not thread-safe: every thread levels with a SimNetwork of its own.
    void run_levelled(const int32_t* dur, int32_t* project_finish, uint8_t* critical, Scratch& scratch);
    WorkCalendar& calendar(int32_t project) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

enum class Distribution { triangular, pert };

struct SimOptions {
    int iterations = 1000;
    uint64_t seed = 1;
    Distribution distribution = Distribution::triangular;
    unsigned threads = 0;  ///< 0: one per core; the results never depend on it
    bool level = true;     ///< level resources in every iteration, as pmo plan does
    std::optional<Date> as_of;
    Date today;  ///< today's date, read once by the caller (cli's Context)
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
