#include <pmo/check/rules.hpp>

#include <algorithm>

namespace pmo {
namespace {
using K = RuleKind;
using S = Severity;
// Sorted by id: `pmo check --list-rules`, the man page and the SARIF rule table follow this order.
constexpr Rule kRules[] = {
    {"action-overdue", K::standard, S::warning,
     "An open or in-progress action (the actions register) whose due date is before the status date."},
    {"assignment-over-capacity", K::standard, S::error, "A task books a resource above the resource's units."},
    {"dangling-task", K::standard, S::warning,
     "A task with no predecessor or no successor, other than the project's first and last (DCMA logic check)."},
    {"deadline-missed", K::schedule, S::warning,
     "The plan finishes a project after its deadline, or a task after its finish_no_later_than (pmo plan)."},
    {"dependency-cycle", K::format, S::error, "Tasks depend on each other in a circle; every task on it is named."},
    {"duplicate-id", K::format, S::error, "An id is used twice where it must be unique."},
    {"duplicate-key", K::format, S::error, "A key is written twice in one mapping; YAML would silently keep one."},
    {"effort-without-assignment", K::standard, S::error, "A task has effort but nobody assigned to do it."},
    {"gate-not-passed", K::standard, S::error,
     "A project works in a phase whose [[gate]] it has not passed (or waived with a reason); its unmet criteria are listed."},
    {"gate-not-ready", K::standard, S::info,
     "The project's next [[gate]] has criteria that are not met yet: what is still missing before the gate."},
    {"high-risk-without-response", K::standard, S::error,
     "A risk scoring at or above [risk] high has no response or no mitigation."},
    {"implausible-date", K::standard, S::warning,
     "A date more than [rules.implausible-date] years (default 50) from the status date: a mistyped year?"},
    {"inconsistent-progress", K::standard, S::error,
     "Progress and actual dates contradict each other or lie after the status date; progress without an "
     "actual start; progress or actual dates on a summary task (ignored)."},
    {"invalid-config", K::format, S::error, "pmo.toml has a syntax error, an unknown setting or a bad value."},
    {"invalid-date", K::format, S::error, "A date that does not exist, such as 2027-02-30."},
    {"invalid-id", K::format, S::error, "An id that is not [a-z0-9][a-z0-9_.-]*."},
    {"invalid-suppression", K::standard, S::error,
     "A '# pmo: ignore' comment without a rule or reason, or naming a rule that cannot be suppressed."},
    {"invalid-value", K::format, S::error, "A value of the wrong type or out of range."},
    {"link-outside-root", K::standard, S::warning,
     "A symbolic link leads outside the portfolio; it is not followed, so what it points to is not loaded."},
    {"merge-conflict", K::format, S::error, "Unresolved git merge-conflict markers in a file."},
    {"milestone-with-work", K::standard, S::error, "A milestone has a duration or an effort."},
    {"missing-approval", K::standard, S::error,
     "A decided change or a passed gate names no approver (directive PMOs).", true},
    {"missing-field", K::format, S::error, "A required field is missing, or a task has no duration, effort or children."},
    {"missing-owner", K::standard, S::error,
     "A change, issue, decision, gate or action has no owner (directive PMOs).", true},
    {"missing-template", K::standard, S::error,
     "A project names no template, or another one, where pmo.toml [templates] wants one for its methodology."},
    {"out-of-sequence-progress", K::standard, S::warning,
     "A task has started although a predecessor has not finished (FS) or started (SS), or before its "
     "start_no_earlier_than."},
    {"person-not-in-pool", K::standard, S::warning,
     "A risk owner or project manager who is not in the pool but nearly spells a pool id or name: a typo?"},
    {"project-without-manager", K::standard, S::warning, "A project names no manager."},
    {"project-without-sponsor", K::standard, S::warning, "A project names no sponsor."},
    {"required-field", K::standard, S::error, "A field that pmo.toml [[require]] asks for in the project's phase is missing."},
    {"risk-review-overdue", K::standard, S::warning,
     "An open risk's review_by (or raised + [risk] review_days) is before the status date."},
    {"risk-score-out-of-scale", K::standard, S::error, "A risk's probability or impact is outside 1..[risk] scale."},
    {"risk-without-owner", K::standard, S::error, "An open risk has no owner."},
    {"skill-not-in-pool", K::standard, S::warning, "A task needs a skill that no resource in the pool has."},
    {"summary-with-work", K::format, S::error, "A summary task has a duration or an effort of its own."},
    {"task-too-long", K::standard, S::warning, "A work package is longer than [rules.task-too-long] max (default 20d)."},
    {"template-missing-element", K::standard, S::error,
     "A project lacks a milestone, gate, register or field its template (project.template) requires."},
    {"unapproved-change", K::standard, S::error,
     "pmo check --baseline REV: a slip, budget growth, moved deadline, removed task or added scope since REV that no "
     "approved change names."},
    {"unknown-document", K::format, S::error, "A YAML file that is neither a project file nor a pool file."},
    {"unknown-key", K::format, S::error, "A key the format does not define; typos must not vanish silently."},
    {"unknown-reference", K::format, S::error, "A reference to a task, project, resource or calendar that does not exist."},
    {"unreadable-file", K::format, S::error, "A file that cannot be read: binary, not UTF-8, a broken link."},
    {"unused-suppression", K::standard, S::warning, "A '# pmo: ignore' comment that suppresses nothing."},
    {"yaml-syntax", K::format, S::error, "The file is not valid YAML (or is an alias bomb, or nests too deep)."},
};
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

}  // namespace pmo
