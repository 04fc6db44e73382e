#pragma once

#include <pmo/analyse/governance.hpp>
#include <pmo/render/json.hpp>

#include <ostream>
#include <string_view>

namespace pmo {

/// The report's "Gates" section of one project, in Markdown.
void render_governance_markdown(std::ostream& out, const Portfolio& pf, const ProjectGovernance& g);

/// The same as a JSON object's fields, written into an object already begun; with the registers.
void render_governance_json(JsonWriter& w, const Portfolio& pf, const ProjectGovernance& g);

/// The report's register sections of one project (changes, issues, decisions, stakeholders,
/// communications), in Markdown; `period` is "week" or "month". Empty sections are left out.
void render_registers_markdown(std::ostream& out, const Portfolio& pf, const ProjectGovernance& g,
                               std::string_view period);

/// The portfolio roll-ups of the registers: changes awaiting a decision, overdue issues and
/// actions, gates due next period, lessons of closing and closed projects. Empty ones are left out.
void render_register_rollups_markdown(std::ostream& out, const Portfolio& pf, const GovernanceStatus& g,
                                      std::string_view period);
/// The same as fields of the JSON report's roll-ups object.
void render_register_rollups_json(JsonWriter& w, const Portfolio& pf, const GovernanceStatus& g);

}  // namespace pmo
