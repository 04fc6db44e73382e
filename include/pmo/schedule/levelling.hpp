#pragma once

// Resource levelling (FORMAT.md section 5): the serial schedule generation scheme and
// forward-backward justification over the resource profiles.

#include <pmo/schedule/cpm.hpp>
#include <pmo/schedule/profile.hpp>

#include <vector>

namespace pmo::sched {

/// A levelled schedule: node times, and for each leaf how far levelling moved it and why.
struct Schedule {
    Times t;
    std::vector<int32_t> delay;     ///< working days levelling moved the leaf
    std::vector<int32_t> held_res;  ///< the resource that held it last, or -1
    std::vector<Date> held_day;     ///< the last day that resource could not take it
    int64_t cost = 0;               ///< see cost(): lower is better
};

/// Places the network's leaves among its resources' bookings.
class Leveller {
public:
    explicit Leveller(Network& net);

    /// Serial schedule generation: takes the eligible node of highest effective priority (then
    /// the lowest key), places it at the earliest time its predecessors and resources allow.
    void sgs(const std::vector<double>& key, Schedule& out);
    /// Forward-backward improvement (Valls et al.): every task as late as it can go, then as
    /// early; keeps the result when it is no worse.
    void justify(Schedule& sch);
    /// Justification shifts tasks by whole spans; an effort whose span depends on its start
    /// (part-timers, absences) does not shift like that.
    bool justifiable() const;
    /// Each project as short as it can be: the sum of project finishes, then the latest finish.
    int64_t cost(const Times& t) const;
    /// Pass 0 of levelling from the CPM times: late dates `lt`, priority keys `lst`, `best`.
    void first_pass(const Times& cpm_times, Times& lt, std::vector<double>& lst, Schedule& best);
    Network& network() { return m_net; }
    Profiles& profiles() { return m_profiles; }

private:
    /// Books finished and started work before anything else is placed.
    void book_fixed();

    Network& m_net;
    Profiles m_profiles;
};

}  // namespace pmo::sched
