#pragma once

#include <pmo/check/rule_ids.hpp>
#include <pmo/model/finding.hpp>

#include <span>
#include <string_view>

namespace pmo {

enum class RuleKind {
    format,    ///< the file cannot be understood: always an error, never suppressed; exit status 2
    standard,  ///< a PMO standard: severity set by [pmo] type and [rules]; exit status 1
    schedule,  ///< found by scheduling (pmo plan, pmo report); severity set by [rules]
};

/// One entry of the rule catalogue.
struct Rule {
    std::string_view id;
    RuleKind kind;
    Severity severity;  ///< under a controlling PMO
    std::string_view summary;
    bool directive_only = false;  ///< off unless [pmo] type = "directive"
};

std::string_view to_string(RuleKind k);

/// Every rule pmo knows, sorted by id.
std::span<const Rule> rule_catalogue();
/// The rule with this id, or null: for ids read from files and options.
const Rule* find_rule(std::string_view id);
/// The rule of a constant of pmo::rule_id; cannot fail.
const Rule& rule(RuleId id);

}  // namespace pmo
