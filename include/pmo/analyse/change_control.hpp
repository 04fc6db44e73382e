#pragma once

#include <pmo/analyse/baseline.hpp>

#include <string_view>

namespace pmo {

/// Change control on the diff: what changed since a baseline revision beyond pmo.toml [change]
/// (a milestone or the finish slipping, the budget growing, a deadline moved, a milestone or
/// task removed, scope added) without an approved change that names it, added or approved
/// since that revision. One `unapproved-change` finding each, at the line it is about.
Findings unapproved_changes(const Portfolio& now, const Plan& plan, const Portfolio& then, const Plan& then_plan,
                            const BaselineComparison& comparison);

/// pmo check --baseline REV: `now` and the portfolio at `rev` of the repository of `root`,
/// planned with `options` on two cores at once, and the unapproved changes between them.
Findings unapproved_changes_since(const std::string& root, const std::string& rev, const Portfolio& now,
                                  const PlanOptions& options);

}  // namespace pmo
