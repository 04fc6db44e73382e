#include <pmo/cli/context.hpp>
#include <pmo/render/schema.hpp>

#include <CLI/CLI.hpp>
#include <sstream>

namespace pmo {

std::function<int()> setup_schema(CLI::App& app, Context& ctx) {
    auto kind = std::make_shared<std::string>();
    app.add_option("KIND", *kind, "project or pool")->required()->check(CLI::IsMember({"project", "pool"}));
    app.add_option("-o,--output", ctx.output, "Write the schema to FILE (atomically) instead of stdout")
        ->option_text("FILE");
    app.footer(
        "Editors with yaml-language-server complete and check files that start with a modeline:\n"
        "  # yaml-language-server: $schema=../.schemas/project.schema.json");
    return [&ctx, kind]() -> int {
        OutputStream s;
        render_schema(s, *kind == "project" ? spec::project_file : spec::pool_file);
        ctx.emit(s);
        return 0;
    };
}

}  // namespace pmo
