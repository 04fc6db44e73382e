#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace pmo {

/// Planned value over working-day time: the sum of pieces, each spread evenly over [from, to)
/// or planned at the instant `from` when from == to (a milestone). Built once by one sorted
/// sweep and read anywhere by binary search, so earned value and earned schedule stay linear
/// in the number of tasks (a project of 1,000 tasks has 2,000 knots).
class PlannedValueCurve {
public:
    struct Piece {
        double from, to, value;
    };
    explicit PlannedValueCurve(std::span<const Piece> pieces);

    bool empty() const { return m_knots.empty(); }
    /// The value planned by `x`, with what is planned at the instant `x` itself when `inclusive`.
    double at(double x, bool inclusive = true) const;
    /// Every point where the curve bends or steps, ascending and without repeats.
    const std::vector<double>& knots() const { return m_knots; }
    /// At knots()[k]: without the instants planned there, and with them.
    double before(size_t k) const { return m_before[k]; }
    double after(size_t k) const { return m_after[k]; }

private:
    std::vector<double> m_knots, m_before, m_after, m_slope;  ///< m_slope: from knot k to k + 1
};

}  // namespace pmo
