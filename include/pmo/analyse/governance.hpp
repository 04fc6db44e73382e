#pragma once

#include <pmo/model/gates.hpp>

#include <optional>
#include <vector>

namespace pmo {

/// A project's stage gates for the report: the last passed, the next, and how ready it is.
struct ProjectGovernance {
    int32_t project = -1;
    std::vector<GateState> gates;  ///< every [[gate]] that applies, in phase order
    int32_t last_passed = -1;      ///< index into gates: the last one passed (or waived with a reason)
    int32_t next = -1;             ///< index into gates: the first one not passed
};

/// What the report says about the PMO's process, project by project.
struct GovernanceStatus {
    std::vector<ProjectGovernance> projects;  ///< in the order of `projects` given
};

/// The governance of the projects `projects` (indices into pf.projects).
GovernanceStatus governance_status(const Portfolio& pf, const std::vector<int32_t>& projects);

}  // namespace pmo
