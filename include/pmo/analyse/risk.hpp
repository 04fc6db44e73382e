#pragma once

#include <pmo/model/risk_score.hpp>

#include <optional>
#include <set>

namespace pmo {

struct RiskFilter {
    std::set<std::string> projects, owners, statuses, levels;
    int top = 0;  ///< 0: all
};

/// One risk of the register, with what follows from it.
struct RiskRow {
    int32_t project = -1, risk = -1;
    double probability = 0;     ///< as a chance, 0..1
    double score = 0;           ///< probability step x impact
    RiskLevel level = RiskLevel::low;
    double emv = 0;             ///< probability x cost_impact
    double expected_delay = 0;  ///< probability x mean schedule impact, working days
    bool live = true;           ///< open or mitigating
};

struct ProjectExposure {
    int32_t project = -1;
    double emv = 0, expected_delay = 0;
    int open = 0, high = 0;
};

struct RiskRegister {
    std::vector<RiskRow> rows;  ///< sorted by score, then exposure, then project and id
    std::vector<ProjectExposure> projects;
    double total_emv = 0;      ///< open risks: the suggested contingency reserve
    int scale = 5;
    /// heat[impact - 1][probability step - 1]: indices into rows (live risks only).
    std::vector<std::vector<std::vector<size_t>>> heat;
};

RiskRegister risk_register(const Portfolio& pf, const RiskFilter& filter);

/// Mean of a schedule impact in working days of `cal` (three-point: (o + l + p) / 3).
double mean_impact_days(const UncertainDuration& u, const Calendar& cal);

}  // namespace pmo
