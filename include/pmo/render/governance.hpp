#pragma once

#include <pmo/analyse/governance.hpp>
#include <pmo/render/json.hpp>

#include <ostream>

namespace pmo {

/// The report's "Gates" section of one project, in Markdown.
void render_governance_markdown(std::ostream& out, const Portfolio& pf, const ProjectGovernance& g);

/// The same as a JSON object's fields, written into an object already begun.
void render_governance_json(JsonWriter& w, const Portfolio& pf, const ProjectGovernance& g);

}  // namespace pmo
