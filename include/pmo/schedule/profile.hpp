#pragma once

// Resource profiles: the units booked on each resource day by day, and where a task fits
// among them (the serial schedule's and justification's questions).

#include <pmo/schedule/network.hpp>

#include <vector>

namespace pmo::sched {

/// One resource's bookings in percent points by day (offset from the plan's epoch).
struct Load {
    std::vector<int32_t> units;
    /// Blocks of 2^kBlockBits days booked since the last clear(): a plan can reach centuries out
    /// (a mistyped year), and clearing every day of that span each pass would dominate.
    static constexpr int kBlockBits = 10;
    std::vector<uint8_t> dirty;
    std::vector<uint32_t> dirty_blocks;

    /// Books `n` more units on day `off`, which must be within `units`.
    void add(int32_t off, int32_t n);
    /// Zeroes the days booked since the last clear, block by block.
    void clear();
    /// The days [first, last] that may hold bookings: the span of the dirty blocks.
    std::pair<int32_t, int32_t> booked_span() const;
};

/// Every resource's bookings over the network's resource days.
class Profiles {
public:
    explicit Profiles(Network& net);

    /// Forgets every booking.
    void clear();
    /// Books (sign +1) or unbooks (-1) the node's people on the days of [s, f) they work on
    /// it, each at most at their capacity.
    void book(const Node& n, int32_t s, int32_t f, int sign);
    /// Books the node's people at their real units, even above capacity: what an
    /// over-allocation reports.
    void book_units(const Node& n, int32_t s, int32_t f);
    /// The resource that cannot take the node on its working day i, or -1.
    int32_t blocked(const Node& n, int32_t i);
    /// First start >= t where the node's demands fit, finishing at f (no earlier than bf); sets
    /// the resource and day that held it last.
    int32_t fit_forward(const Node& n, int32_t t, int32_t bf, int32_t& f, int32_t& held_res, Date& held_day);
    /// Latest start <= t (and >= lo) where the node fits, or kNeg. Only for nodes whose span
    /// does not depend on their start.
    int32_t fit_backward(const Node& n, int32_t t, int32_t lo);
    const Load& load(int32_t resource) const { return m_loads[static_cast<size_t>(resource)]; }
    size_t size() const { return m_loads.size(); }
    Network& network() { return m_net; }

private:
    /// The resource's load, made to cover day `off` of its days.
    Load& at(int32_t resource, int32_t off);

    Network& m_net;
    std::vector<Load> m_loads;
};

}  // namespace pmo::sched
