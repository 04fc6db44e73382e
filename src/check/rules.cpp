#include <pmo/check/rules.hpp>

#include <algorithm>

namespace pmo {
namespace {
using K = RuleKind;
using S = Severity;
// Sorted by id: `pmo check --list-rules`, the man page and the SARIF rule table follow this order.
constexpr Rule kRules[] = {
    {rule_id::action_overdue, K::standard, S::warning,
     "An open or in-progress action (the actions register) whose due date is before the status date."},
    {rule_id::assignment_over_capacity, K::standard, S::error, "A task books a resource above the resource's units."},
    {rule_id::dangling_task, K::standard, S::warning,
     "A task with no predecessor or no successor, other than the project's first and last (DCMA logic check)."},
    {rule_id::deadline_missed, K::schedule, S::warning,
     "The plan finishes a project after its deadline, or a task after its finish_no_later_than (pmo plan)."},
    {rule_id::dependency_cycle, K::format, S::error, "Tasks depend on each other in a circle; every task on it is named."},
    {rule_id::duplicate_id, K::format, S::error, "An id is used twice where it must be unique, or a task assigns one resource twice."},
    {rule_id::duplicate_key, K::format, S::error, "A key is written twice in one mapping; YAML would silently keep one."},
    {rule_id::effort_without_assignment, K::standard, S::error, "A task has effort but nobody assigned to do it."},
    {rule_id::gate_not_passed, K::standard, S::error,
     "A project works in a phase whose [[gate]] it has not passed (or waived with a reason); its unmet criteria are listed."},
    {rule_id::gate_not_ready, K::standard, S::info,
     "The project's next [[gate]] has criteria that are not met yet: what is still missing before the gate."},
    {rule_id::high_risk_without_response, K::standard, S::error,
     "A risk scoring at or above [risk] high has no response or no mitigation."},
    {rule_id::implausible_date, K::standard, S::warning,
     "A date more than [rules.implausible-date] years (default 50) from the status date: a mistyped year?"},
    {rule_id::inconsistent_progress, K::standard, S::error,
     "Progress and actual dates contradict each other or lie after the status date; progress without an "
     "actual start; progress or actual dates on a summary task (ignored)."},
    {rule_id::invalid_config, K::format, S::error, "pmo.toml has a syntax error, an unknown setting or a bad value."},
    {rule_id::invalid_date, K::format, S::error, "A date that does not exist, such as 2027-02-30."},
    {rule_id::invalid_id, K::format, S::error, "An id that is not [a-z0-9][a-z0-9_.-]*."},
    {rule_id::invalid_suppression, K::standard, S::error,
     "A '# pmo: ignore' comment without a rule or reason, or naming a rule that cannot be suppressed."},
    {rule_id::invalid_value, K::format, S::error, "A value of the wrong type or out of range."},
    {rule_id::issue_overdue, K::standard, S::warning,
     "An open or in-progress issue (the issue log) whose due date is before the status date."},
    {rule_id::link_outside_root, K::standard, S::warning,
     "A symbolic link leads outside the portfolio; it is not followed, so what it points to is not loaded."},
    {rule_id::merge_conflict, K::format, S::error, "Unresolved git merge-conflict markers in a file."},
    {rule_id::milestone_with_work, K::standard, S::error, "A milestone has a duration or an effort."},
    {rule_id::missing_approval, K::standard, S::error,
     "A decided change or a passed gate names no approver (directive PMOs).", true},
    {rule_id::missing_field, K::format, S::error, "A required field is missing, or a task has no duration, effort or children."},
    {rule_id::missing_owner, K::standard, S::error,
     "A change, issue, decision, gate or action has no owner (directive PMOs).", true},
    {rule_id::missing_template, K::standard, S::error,
     "A project names no template, or another one, where pmo.toml [templates] wants one for its methodology."},
    {rule_id::out_of_sequence_progress, K::standard, S::warning,
     "A task has started although a predecessor has not finished (FS) or started (SS), or before its "
     "start_no_earlier_than."},
    {rule_id::person_not_in_pool, K::standard, S::warning,
     "A risk owner or project manager who is not in the pool but nearly spells a pool id or name: a typo?"},
    {rule_id::project_without_manager, K::standard, S::warning, "A project names no manager."},
    {rule_id::project_without_sponsor, K::standard, S::warning, "A project names no sponsor."},
    {rule_id::required_field, K::standard, S::error, "A field that pmo.toml [[require]] asks for in the project's phase is missing."},
    {rule_id::risk_review_overdue, K::standard, S::warning,
     "An open risk's review_by (or raised + [risk] review_days) is before the status date."},
    {rule_id::risk_score_out_of_scale, K::standard, S::error, "A risk's probability or impact is outside 1..[risk] scale."},
    {rule_id::risk_without_owner, K::standard, S::error, "An open risk has no owner."},
    {rule_id::skill_not_in_pool, K::standard, S::warning, "A task needs a skill that no resource in the pool has."},
    {rule_id::summary_with_work, K::format, S::error, "A summary task has a duration or an effort of its own."},
    {rule_id::task_too_long, K::standard, S::warning, "A work package is longer than [rules.task-too-long] max (default 20d)."},
    {rule_id::template_missing_element, K::standard, S::error,
     "A project lacks a milestone, gate, register or field its template (project.template) requires."},
    {rule_id::unapproved_change, K::standard, S::error,
     "pmo check --baseline REV: a slip, budget growth, moved deadline, removed task or added scope since REV that no "
     "approved change names."},
    {rule_id::unknown_document, K::format, S::error, "A YAML file that is neither a project file nor a pool file."},
    {rule_id::unknown_key, K::format, S::error, "A key the format does not define; typos must not vanish silently."},
    {rule_id::unknown_reference, K::format, S::error, "A reference to a task, project, resource or calendar that does not exist."},
    {rule_id::unreadable_file, K::format, S::error, "A file that cannot be read: binary, not UTF-8, a broken link."},
    {rule_id::unused_suppression, K::standard, S::warning, "A '# pmo: ignore' comment that suppresses nothing."},
    {rule_id::yaml_syntax, K::format, S::error, "The file is not valid YAML (or is an alias bomb, or nests too deep)."},
};

// The catalogue has exactly the ids of PMO_RULE_IDS, in order, so every RuleId names an entry.
constexpr bool catalogue_has_every_rule_id() {
    if (std::size(kRules) != std::size(detail::kRuleIds)) return false;
    for (size_t i = 0; i < std::size(kRules); ++i)
        if (kRules[i].id != detail::kRuleIds[i]) return false;
    return true;
}
static_assert(catalogue_has_every_rule_id(), "the catalogue and PMO_RULE_IDS (rule_ids.hpp) must list the same ids");
}  // namespace

std::span<const Rule> rule_catalogue() { return kRules; }

std::string_view to_string(RuleKind k) {
    switch (k) {
    case RuleKind::format: return "format";
    case RuleKind::standard: return "standard";
    case RuleKind::schedule: return "schedule";
    }
    return "standard";
}

const Rule* find_rule(std::string_view id) {
    auto it = std::lower_bound(std::begin(kRules), std::end(kRules), id, [](const Rule& r, std::string_view k) { return r.id < k; });
    return it != std::end(kRules) && it->id == id ? &*it : nullptr;
}

const Rule& rule(RuleId id) { return *find_rule(id); }  // never null: checked above at compile time

}  // namespace pmo
