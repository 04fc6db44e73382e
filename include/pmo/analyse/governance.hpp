#pragma once

#include <pmo/analyse/report.hpp>
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

    // The registers (indices into the project's records), filled by the report's governance_status.
    std::vector<int32_t> changes_decided;  ///< changes decided in the last period, by date
    int approved_changes = 0;              ///< approved or implemented changes, ever
    double approved_cost = 0;              ///< their cost_impact summed
    double approved_days = 0;              ///< their schedule_impact summed, working days of the project's calendar
    std::vector<int32_t> open_issues;      ///< open or in progress: overdue first, then by priority, then due date
    std::vector<int32_t> overdue_issues;   ///< those of open_issues that are overdue
    std::vector<int32_t> decisions;        ///< decisions dated in the last period, by date
    std::vector<int32_t> stakeholders;     ///< every stakeholder, as written
    std::vector<std::pair<int32_t, Date>> communications;  ///< stakeholders due a communication next period, by date
};

/// One register entry of a portfolio roll-up.
struct RegisterItem {
    int32_t project = -1, record = -1;
    int days = 0;  ///< waiting for a decision, or past due: calendar days to the status date
    Date date;     ///< the date that counts: raised, due, or the gate's date
};

/// What the report says about the PMO's process, project by project.
struct GovernanceStatus {
    std::vector<ProjectGovernance> projects;  ///< in the order of `projects` given
    std::vector<RegisterItem> awaiting;   ///< proposed changes, longest waiting first
    std::vector<RegisterItem> overdue;    ///< open issues and actions past due, longest overdue first
    std::vector<RegisterItem> gates_next;  ///< pending gates dated in the next period, by date
    std::vector<RegisterItem> lessons;    ///< lessons of closing and closed projects, by project then as written
};

/// The governance of the projects `projects` (indices into pf.projects).
GovernanceStatus governance_status(const Portfolio& pf, const std::vector<int32_t>& projects);

/// The same for the report's projects, with their registers against the report's periods:
/// what was decided in the last period, what is open and overdue at the status date, what is
/// due in the next one.
GovernanceStatus governance_status(const Portfolio& pf, const PortfolioStatus& status);

/// The days a communication of `cadence` (weekly, biweekly, monthly, quarterly) falls due,
/// counted from `since`, in (from, to].
std::vector<Date> communication_dates(std::string_view cadence, Date since, Date from, Date to);

}  // namespace pmo
