#pragma once

#include <pmo/model/fields.hpp>

#include <ostream>

namespace pmo {

/// Writes the JSON Schema (draft-07) of a file kind (spec::project_file or spec::pool_file),
/// for editors: yaml-language-server reads it through a `# yaml-language-server: $schema=` modeline.
void render_schema(std::ostream& out, const ObjectSpec& file);

}  // namespace pmo
