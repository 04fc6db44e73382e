#include <pmo/schedule/profile.hpp>

#include <algorithm>

namespace pmo::sched {

void Load::add(int32_t off, int32_t n) {
    units[static_cast<size_t>(off)] += n;
    const uint32_t b = static_cast<uint32_t>(off) >> kBlockBits;
    if (b >= dirty.size()) dirty.resize(b + 1, 0);
    if (!dirty[b]) {
        dirty[b] = 1;
        dirty_blocks.push_back(b);
    }
}

void Load::clear() {
    for (uint32_t b : dirty_blocks) {
        const size_t from = static_cast<size_t>(b) << kBlockBits;
        const size_t to = std::min(units.size(), from + (size_t{1} << kBlockBits));
        std::fill(units.begin() + static_cast<ptrdiff_t>(from), units.begin() + static_cast<ptrdiff_t>(to), 0);
        dirty[b] = 0;
    }
    dirty_blocks.clear();
}

std::pair<int32_t, int32_t> Load::booked_span() const {
    if (dirty_blocks.empty()) return {0, -1};
    const auto [lo, hi] = std::minmax_element(dirty_blocks.begin(), dirty_blocks.end());
    const int64_t last = std::min<int64_t>(static_cast<int64_t>(units.size()) - 1,
                                           ((static_cast<int64_t>(*hi) + 1) << kBlockBits) - 1);
    return {static_cast<int32_t>(*lo) << kBlockBits, static_cast<int32_t>(last)};
}

Profiles::Profiles(Network& net) : m_net(net), m_loads(net.resources.size()) {}

void Profiles::clear() {
    for (Load& l : m_loads) l.clear();
}

Load& Profiles::at(int32_t resource, int32_t off) {
    ResourceDays& days = m_net.resources[static_cast<size_t>(resource)];
    days.ensure(off, m_net.epoch);
    Load& l = m_loads[static_cast<size_t>(resource)];
    if (l.units.size() < days.state.size()) l.units.resize(days.state.size(), 0);
    return l;
}

void Profiles::book(const Node& n, int32_t s, int32_t f, int sign) {
    m_net.each_booking(n, s, f, [&](uint32_t k, int32_t off) {
        const Demand& dm = m_net.demands[n.dem_first + k];
        const int32_t cap = m_net.resources[static_cast<size_t>(dm.resource)].cap;
        at(dm.resource, off).add(off, sign * std::min(dm.units, cap));
    });
}

void Profiles::book_units(const Node& n, int32_t s, int32_t f) {
    m_net.each_booking(n, s, f, [&](uint32_t k, int32_t off) {
        const Demand& dm = m_net.demands[n.dem_first + k];
        at(dm.resource, off).add(off, dm.units);
    });
}

int32_t Profiles::blocked(const Node& n, int32_t i) {
    const int32_t off = m_net.calendar(n.cal).date(i) - m_net.epoch;
    for (uint32_t k = 0; k < n.dem_count; ++k) {
        const Demand& dm = m_net.demands[n.dem_first + k];
        const Load& l = at(dm.resource, off);
        const ResourceDays& days = m_net.resources[static_cast<size_t>(dm.resource)];
        const uint8_t st = days.state[static_cast<size_t>(off)];
        if (st == ResourceDays::day_off) continue;              // not booked, not blocking
        if (st == ResourceDays::away && n.effort) continue;     // an effort waits for them, it does not move
        if (st == ResourceDays::away || l.units[static_cast<size_t>(off)] + std::min(dm.units, days.cap) > days.cap)
            return dm.resource;
    }
    return -1;
}

int32_t Profiles::fit_forward(const Node& n, int32_t t, int32_t bf, int32_t& f, int32_t& held_res, Date& held_day) {
    WorkCalendar& wc = m_net.calendar(n.cal);
    t = std::max(t, 0);
    for (;;) {
        int32_t s;
        m_net.window(n, t, bf, s, f);
        if (!n.dem_count || f == s) return s;
        int32_t conflict = -1;
        for (int32_t i = f - 1; i >= s; --i) {
            const int32_t r = blocked(n, i);
            if (r < 0) continue;
            conflict = i;
            held_res = r;
            held_day = wc.date(i);
            break;
        }
        if (conflict < 0) return s;
        t = conflict + 1;  // the window must start after the last conflicting day
    }
}

int32_t Profiles::fit_backward(const Node& n, int32_t t, int32_t lo) {
    if (!n.dem_count || n.d == 0) return t;
    while (t >= lo && t >= 0) {
        int32_t conflict = -1;
        for (int32_t i = t; i < t + n.d; ++i)
            if (blocked(n, i) >= 0) {
                conflict = i;
                break;
            }
        if (conflict < 0) return t;
        t = conflict - n.d;  // the window must end before the first conflicting day
    }
    return kNeg;
}

}  // namespace pmo::sched
