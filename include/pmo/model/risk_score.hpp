#pragma once

#include <pmo/model/portfolio.hpp>

namespace pmo {

enum class RiskLevel { low, medium, high };
std::string_view to_string(RiskLevel l);

/// Probability on the 1..scale steps: as written, or the step whose band holds a percent
/// (on 1..5, 0-20% is 1, 20-40% is 2, ...).
double risk_probability_step(const Risk& r, const Config& c);
/// Probability as a fraction: a percent as written, or the scale step's probability.
double risk_probability(const Risk& r, const Config& c);
/// probability step x impact; 0 when either is missing.
double risk_score(const Risk& r, const Config& c);
RiskLevel risk_level(double score, const Config& c);
/// Open or mitigating: the risk can still happen.
bool risk_is_live(const Risk& r);

}  // namespace pmo
