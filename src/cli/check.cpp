#include <pmo/analyse/baseline.hpp>
#include <pmo/analyse/change_control.hpp>
#include <pmo/check/rules.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/load/source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/render/findings.hpp>
#include <pmo/render/json.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string_view>

namespace pmo {
namespace {

std::string list_rules(const Context& ctx) {
    std::ostringstream s;
    if (ctx.format == "json") {
        JsonWriter w(s);
        w.begin_array();
        for (const Rule& r : rule_catalogue()) {
            w.begin_object();
            w.field("id", r.id).field("kind", to_string(r.kind));
            w.field("severity", to_string(r.directive_only ? Severity::off : r.severity));
            w.field("directive_only", r.directive_only).field("summary", r.summary);
            w.end_object();
        }
        w.end_array();
        w.finish();
        return s.str();
    }
    for (const Rule& r : rule_catalogue())
        s << fmt::format("{:<28} {:<8} {:<8} {}\n", r.id, to_string(r.kind),
                         r.directive_only ? "off" : to_string(r.severity), r.summary);
    return s.str();
}

/// Reads one line of a portfolio file, for the excerpt under a finding on a terminal.
std::string read_line(const std::string& path, uint32_t line) {
    std::ifstream in(path, std::ios::binary);
    std::string l;
    for (uint32_t i = 0; i < line && std::getline(in, l); ++i) {
    }
    if (!l.empty() && l.back() == '\r') l.pop_back();
    return l.size() > 300 ? std::string() : l;
}

/// A --format of pmo check: its name and how findings are written.
struct CheckFormat {
    std::string_view name;
    FindingsFormat format;
};

// The --format choices, in --help's order; auto is github under GitHub Actions, else text.
constexpr CheckFormat kFormats[] = {{"auto", FindingsFormat::text},     {"text", FindingsFormat::text},
                                    {"json", FindingsFormat::json},     {"sarif", FindingsFormat::sarif},
                                    {"github", FindingsFormat::github}, {"junit", FindingsFormat::junit}};

}  // namespace

std::function<int()> setup_check(CLI::App& app, Context& ctx) {
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    auto list = std::make_shared<bool>(false);
    auto baseline = std::make_shared<std::string>();
    app.add_flag("--list-rules", *list, "List every rule with its kind, default severity and summary");
    app.add_option("--baseline", *baseline,
                   "Change control: plan this git revision too (in a pull request: origin/main) and report changes "
                   "since it that no approved change names (unapproved-change)")
        ->option_text("REV");
    app.footer(
        "Exit status: 0 no errors (warnings allowed), 1 errors under the PMO's standards, 2 the files cannot be used.\n"
        "Suppress one finding with a comment on its line or the line above: # pmo: ignore RULE -- reason");
    return [&ctx, list, baseline]() -> int {
        if (*list) {
            ctx.emit(list_rules(ctx));
            return 0;
        }
        LoadResult loaded = ctx.load("check");
        ctx.require_projects(loaded.portfolio);
        CheckOptions options = ctx.check_options();
        if (!baseline->empty() && loaded.usable()) {
            PlanOptions o;
            o.as_of = ctx.as_of_date();
            o.today = ctx.today;
            options.extra = unapproved_changes_since(find_root(ctx.directory), *baseline, loaded.portfolio, o);
        }
        const CheckResult result = check_portfolio(loaded, options);

        std::string_view fmt_name = ctx.format.empty() ? "auto" : std::string_view(ctx.format);
        if (fmt_name == "auto") fmt_name = ctx.env.get("GITHUB_ACTIONS") == "true" ? "github" : "text";
        FindingsFormat f = FindingsFormat::text;
        for (const CheckFormat& x : kFormats)
            if (x.name == fmt_name) f = x.format;
        FindingsStyle style;
        if (f == FindingsFormat::text && ctx.env.out_is_tty && ctx.output.empty() && ctx.at.empty()) {
            style.color = ctx.color_out();
            const Portfolio& pf = loaded.portfolio;
            style.source_line = [&pf](int32_t file, uint32_t line) {
                return read_line(pf.root + "/" + pf.files[static_cast<size_t>(file)], line);
            };
        }
        OutputStream s;
        render_findings(s, f, result, loaded.portfolio, style);
        ctx.emit(s);
        ctx.err << "pmo check: " << findings_summary(result) << '\n';
        if (loaded.portfolio.projects.empty() && !result.format_errors)
            ctx.err << "pmo check: no projects found in " << loaded.portfolio.root
                    << " (a project file starts with 'project:'); is -C right?\n";
        return result.exit_code();
    };
}

}  // namespace pmo
