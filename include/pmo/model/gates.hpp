#pragma once

#include <pmo/model/portfolio.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pmo {

/// One criterion of a stage gate, judged on the files as they are now.
struct GateCriterion {
    std::string text;  ///< what is asked, as a sentence ("project.budget is given")
    bool met = false;
    std::string detail;  ///< when unmet: what is missing
};

/// A `[[gate]]` of pmo.toml as it stands for one project.
struct GateState {
    const GateRule* rule = nullptr;
    const Record* record = nullptr;  ///< the project's `gates:` entry of that id, if any
    std::string status = "pending";  ///< the entry's status; pending without one
    bool passed = false;              ///< passed, or waived with a reason
    bool due = false;                 ///< the project is in the phase the gate opens, or later
    std::optional<Date> date;         ///< the entry's planned review date
    std::vector<GateCriterion> criteria;
    std::string approval_problem;     ///< empty: the approver is as the gate asks (checked for directive PMOs)

    bool ready() const {
        for (const GateCriterion& c : criteria)
            if (!c.met) return false;
        return true;
    }
    int met() const {
        int n = 0;
        for (const GateCriterion& c : criteria) n += c.met;
        return n;
    }
};

/// The file a gate's criterion names for a project: `{project}` replaced by its id.
std::string gate_file(const std::string& pattern, const Project& p);

/// Every `[[gate]]` that applies to `p` (by methodology), in the order of the phases they open.
std::vector<GateState> project_gates(const Portfolio& pf, const Project& p);

}  // namespace pmo
