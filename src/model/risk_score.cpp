#include <pmo/model/risk_score.hpp>

#include <algorithm>
#include <cmath>

namespace pmo {

std::string_view to_string(RiskLevel l) {
    switch (l) {
    case RiskLevel::low: return "low";
    case RiskLevel::medium: return "medium";
    case RiskLevel::high: return "high";
    }
    return "low";
}

double risk_probability_step(const Risk& r, const Config& c) {
    if (!r.probability) return 0;
    if (!r.probability_is_percent) return r.probability.value;
    const double step = std::ceil(r.probability.value * c.risk_scale - 1e-9);
    return std::clamp(step, 1.0, static_cast<double>(c.risk_scale));
}

double risk_probability(const Risk& r, const Config& c) {
    if (!r.probability) return 0;
    if (r.probability_is_percent) return r.probability.value;
    const int step = static_cast<int>(std::lround(r.probability.value));
    if (step < 1 || step > static_cast<int>(c.risk_probabilities.size())) return 0;
    return c.risk_probabilities[static_cast<size_t>(step - 1)];
}

double risk_score(const Risk& r, const Config& c) {
    if (!r.probability || !r.impact) return 0;
    return risk_probability_step(r, c) * r.impact.value;
}

RiskLevel risk_level(double score, const Config& c) {
    if (score >= c.risk_high) return RiskLevel::high;
    if (score >= c.risk_medium) return RiskLevel::medium;
    return RiskLevel::low;
}

bool risk_is_live(const Risk& r) {
    return !r.status || r.status.value == RiskStatus::open || r.status.value == RiskStatus::mitigating;
}

}  // namespace pmo
