#pragma once

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace pmo {

// Every rule id of the catalogue (src/check/rules.cpp), sorted: one line here gives the constant
// pmo::rule_id::<name>, and rules.cpp checks at compile time that its catalogue has exactly these
// ids in this order. Adding a rule is a line here and its entry in the catalogue.
#define PMO_RULE_IDS(X) \
    X(action_overdue, "action-overdue") \
    X(assignment_over_capacity, "assignment-over-capacity") \
    X(dangling_task, "dangling-task") \
    X(deadline_missed, "deadline-missed") \
    X(dependency_cycle, "dependency-cycle") \
    X(duplicate_id, "duplicate-id") \
    X(duplicate_key, "duplicate-key") \
    X(effort_without_assignment, "effort-without-assignment") \
    X(gate_not_passed, "gate-not-passed") \
    X(gate_not_ready, "gate-not-ready") \
    X(high_risk_without_response, "high-risk-without-response") \
    X(implausible_date, "implausible-date") \
    X(inconsistent_progress, "inconsistent-progress") \
    X(invalid_config, "invalid-config") \
    X(invalid_date, "invalid-date") \
    X(invalid_id, "invalid-id") \
    X(invalid_suppression, "invalid-suppression") \
    X(invalid_value, "invalid-value") \
    X(issue_overdue, "issue-overdue") \
    X(link_outside_root, "link-outside-root") \
    X(merge_conflict, "merge-conflict") \
    X(milestone_with_work, "milestone-with-work") \
    X(missing_approval, "missing-approval") \
    X(missing_field, "missing-field") \
    X(missing_owner, "missing-owner") \
    X(missing_template, "missing-template") \
    X(out_of_sequence_progress, "out-of-sequence-progress") \
    X(person_not_in_pool, "person-not-in-pool") \
    X(project_without_manager, "project-without-manager") \
    X(project_without_sponsor, "project-without-sponsor") \
    X(required_field, "required-field") \
    X(risk_review_overdue, "risk-review-overdue") \
    X(risk_score_out_of_scale, "risk-score-out-of-scale") \
    X(risk_without_owner, "risk-without-owner") \
    X(skill_not_in_pool, "skill-not-in-pool") \
    X(summary_with_work, "summary-with-work") \
    X(task_too_long, "task-too-long") \
    X(template_missing_element, "template-missing-element") \
    X(unapproved_change, "unapproved-change") \
    X(unknown_document, "unknown-document") \
    X(unknown_key, "unknown-key") \
    X(unknown_reference, "unknown-reference") \
    X(unreadable_file, "unreadable-file") \
    X(unused_suppression, "unused-suppression") \
    X(yaml_syntax, "yaml-syntax")

namespace detail {
#define PMO_RULE_ID_STRING(name, id) id,
inline constexpr std::string_view kRuleIds[] = {PMO_RULE_IDS(PMO_RULE_ID_STRING)};
#undef PMO_RULE_ID_STRING
static_assert(std::is_sorted(std::begin(kRuleIds), std::end(kRuleIds)), "PMO_RULE_IDS must be sorted by id");
}  // namespace detail

/// The id of a rule of the catalogue. It can only be made at compile time from an id the catalogue
/// has, so `rule(id)` cannot fail; use the constants in pmo::rule_id.
class RuleId {
public:
    consteval explicit RuleId(std::string_view id) : m_id(id) {
        if (!std::binary_search(std::begin(detail::kRuleIds), std::end(detail::kRuleIds), id))
            throw "not a rule id of PMO_RULE_IDS";  // a compile-time error
    }
    constexpr std::string_view str() const { return m_id; }
    constexpr operator std::string_view() const { return m_id; }
    operator std::string() const { return std::string(m_id); }
    friend constexpr bool operator==(RuleId a, std::string_view b) { return a.m_id == b; }

private:
    std::string_view m_id;
};

namespace rule_id {
#define PMO_RULE_ID_CONSTANT(name, id) inline constexpr RuleId name{id};
PMO_RULE_IDS(PMO_RULE_ID_CONSTANT)
#undef PMO_RULE_ID_CONSTANT
}  // namespace rule_id

}  // namespace pmo
