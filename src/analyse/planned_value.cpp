#include <pmo/analyse/planned_value.hpp>

#include <algorithm>

namespace pmo {

PlannedValueCurve::PlannedValueCurve(std::span<const Piece> pieces) {
    for (const Piece& p : pieces) {
        m_knots.push_back(p.from);
        if (p.to > p.from) m_knots.push_back(p.to);
    }
    std::sort(m_knots.begin(), m_knots.end());
    m_knots.erase(std::unique(m_knots.begin(), m_knots.end()), m_knots.end());
    const size_t n = m_knots.size();
    std::vector<double> step(n, 0.0), bend(n, 0.0);
    auto index = [&](double x) {
        return static_cast<size_t>(std::lower_bound(m_knots.begin(), m_knots.end(), x) - m_knots.begin());
    };
    for (const Piece& p : pieces) {
        if (p.to > p.from) {
            const double rate = p.value / (p.to - p.from);
            bend[index(p.from)] += rate;
            bend[index(p.to)] -= rate;
        } else {
            step[index(p.from)] += p.value;
        }
    }
    m_before.assign(n, 0.0);
    m_after.assign(n, 0.0);
    m_slope.assign(n, 0.0);
    double slope = 0;
    for (size_t k = 0; k < n; ++k) {
        if (k > 0) m_before[k] = m_after[k - 1] + m_slope[k - 1] * (m_knots[k] - m_knots[k - 1]);
        m_after[k] = m_before[k] + step[k];
        slope += bend[k];
        // Past the last knot nothing is planned: no rounding residue may keep the curve rising.
        m_slope[k] = k + 1 < n ? std::max(0.0, slope) : 0.0;
    }
}

double PlannedValueCurve::at(double x, bool inclusive) const {
    const auto it = std::upper_bound(m_knots.begin(), m_knots.end(), x);
    if (it == m_knots.begin()) return 0;
    const size_t k = static_cast<size_t>(it - m_knots.begin()) - 1;
    if (m_knots[k] == x) return inclusive ? m_after[k] : m_before[k];
    return m_after[k] + m_slope[k] * (x - m_knots[k]);
}

}  // namespace pmo
