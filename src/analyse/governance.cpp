#include <pmo/analyse/governance.hpp>

namespace pmo {

GovernanceStatus governance_status(const Portfolio& pf, const std::vector<int32_t>& projects) {
    GovernanceStatus g;
    for (int32_t pi : projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        ProjectGovernance pg;
        pg.project = pi;
        pg.gates = project_gates(pf, p);
        for (size_t i = 0; i < pg.gates.size(); ++i) {
            if (pg.gates[i].passed) pg.last_passed = static_cast<int32_t>(i);
            else if (pg.next < 0) pg.next = static_cast<int32_t>(i);
        }
        g.projects.push_back(std::move(pg));
    }
    return g;
}

}  // namespace pmo
