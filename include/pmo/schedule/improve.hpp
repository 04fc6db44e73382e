#pragma once

// Improvement passes after the first levelling pass: biased random sampling of priority keys,
// or a hybrid genetic algorithm on activity lists where justification applies.

#include <pmo/schedule/levelling.hpp>
#include <pmo/schedule/random.hpp>

#include <vector>

namespace pmo::sched {

/// How many passes to run: `requested`, or when it is negative a number from the size of the
/// plan (never from the clock, so the same files always give the same plan).
int improvement_passes(const Network& net, int requested);

/// Priority keys around the late starts `lt`, perturbed by up to (0.5..2.5) x `spread` days.
void sampled_keys(const Times& lt, double spread, XorShift64& rng, std::vector<double>& key);

/// Two-point crossover of activity lists (nodes ordered by key): the mother's first q1, the
/// father's next up to q2, the mother's rest, each in its own order; `child` receives each
/// node's position. Keeps its working memory between calls.
class Crossover {
public:
    void operator()(const std::vector<double>& mother, const std::vector<double>& father, size_t q1, size_t q2,
                    std::vector<double>& child);

private:
    std::vector<uint32_t> m_order_m, m_order_f;
    std::vector<char> m_taken;
};

/// Swaps a few neighbours (positions less than 3 apart) in an activity list.
void mutate(std::vector<double>& key, XorShift64& rng);

/// Biased random sampling, for several priority classes or calendars: `passes` serial schedules
/// with sampled keys, keeping the best in `best`. Sampling within each class keeps the guarantee
/// that no task waits for one of lower priority.
void sample(Leveller& lev, const Times& lt, double spread, int passes, XorShift64& rng, Schedule& best);

/// A hybrid genetic algorithm on activity lists, where justification applies: two-point
/// crossover, every child improved by forward-backward justification and its improved start
/// times written back into its genome so good schedules are inherited (after Valls, Ballestin
/// and Quintanilla, 2008). The population starts from the first pass's keys `lst`.
void evolve(Leveller& lev, const Times& lt, const std::vector<double>& lst, double spread, int passes,
            XorShift64& rng, Schedule& best);

/// Improves `best`, the first pass (keys `lst`, late dates `lt`), with `passes` more; never
/// makes it worse. Deterministic in `seed`.
void improve(Leveller& lev, const Times& lt, const std::vector<double>& lst, int passes, uint64_t seed,
             Schedule& best);

}  // namespace pmo::sched
