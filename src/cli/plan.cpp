#include <pmo/analyse/baseline.hpp>
#include <pmo/check/rules.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/findings.hpp>
#include <pmo/render/plan.hpp>
#include <pmo/schedule/explain.hpp>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>

namespace pmo {
namespace {

struct PlanArgs {
    bool no_level = false;
    std::string explain;
    std::vector<std::string> fail_on;
    int passes = -1;
    bool timings = false;
    std::string baseline;
};

/// Resolves "project/task" for --explain, with suggestions.
std::pair<int32_t, int32_t> find_explained(const Portfolio& pf, const std::string& ref) {
    const size_t slash = ref.find('/');
    if (slash == std::string::npos) throw Error(fmt::format("--explain: expected PROJECT/TASK, got '{}'", ref));
    const std::string pid = ref.substr(0, slash), tid = ref.substr(slash + 1);
    const int32_t pi = pf.project_index(pid);
    if (pi < 0) {
        std::vector<std::string_view> ids;
        for (const Project& p : pf.projects) ids.push_back(p.id);
        throw Error(fmt::format("--explain: no project '{}'{}", pid, did_you_mean(pid, ids)));
    }
    const Project& p = pf.projects[static_cast<size_t>(pi)];
    const int32_t ti = find_task(p, tid);
    if (ti < 0) {
        std::vector<std::string_view> ids;
        for (const Task& t : p.tasks) ids.push_back(t.id);
        throw Error(fmt::format("--explain: project '{}' has no task '{}'{}", pid, tid, did_you_mean(tid, ids)));
    }
    return {pi, ti};
}

/// MS Project XML, and on stderr what it cannot say.
void render_mspdi(std::ostream& out, const PlanView& v, const Context& ctx) {
    for (const std::string& line : render_plan_mspdi(out, v)) ctx.err << "pmo plan: --format mspdi: " << line << '\n';
}

// The --format choices, in --help's order; the first is the default.
constexpr Format<PlanView> kFormats[] = {{"table", render_plan_table},   {"markdown", render_plan_markdown},
                                         {"csv", render_plan_csv},       {"json", render_plan_json},
                                         {"mermaid", render_plan_mermaid}, {"svg", render_plan_svg},
                                         {"mspdi", render_mspdi},        {"ical", render_plan_ical}};

}  // namespace

std::function<int()> setup_plan(CLI::App& app, Context& ctx) {
    auto a = std::make_shared<PlanArgs>();
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    app.add_flag("--no-level", a->no_level, "The pure CPM plan, without resource levelling; lists over-allocations");
    app.add_option("--explain", a->explain, "Why PROJECT/TASK starts when it does, traced back along what drives it")
        ->option_text("PROJECT/TASK");
    app.add_option("--fail-on", a->fail_on, "Exit with status 1 when a gate fails: deadline (a missed deadline)")
        ->check(CLI::IsMember({"deadline"}))
        ->option_text("GATE");
    app.add_option("--passes", a->passes, "Levelling improvement passes (default: chosen from the portfolio's size)")
        ->option_text("N");
    app.add_option("--baseline", a->baseline,
                   "Compare with the plan of a git revision: slips in working days, added and removed tasks")
        ->option_text("REV");
    app.add_flag("--timings", a->timings, "Print how long loading, planning and writing took, on stderr");
    app.footer("The plan is levelled across the whole portfolio: resources are shared between projects.\n"
               "--project only narrows what is shown.");
    return [&ctx, a]() -> int {
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        LoadResult loaded = ctx.load_for_command("plan");
        const auto t1 = Clock::now();
        const Portfolio& pf = loaded.portfolio;
        PlanOptions o;
        o.level = !a->no_level;
        o.as_of = ctx.as_of_date();
        o.today = ctx.today;
        o.passes = a->passes;
        Plan plan = make_plan(pf, o);
        // The baseline: the same options on the portfolio as it was at a revision.
        std::optional<Baseline> then;
        if (!a->baseline.empty()) then = load_baseline(find_root(ctx.directory), a->baseline, o, pf, plan);
        const BaselineComparison* cmp = then ? &then->comparison : nullptr;
        const auto t2 = Clock::now();
        PlanView view{pf, plan, {}, ctx.color_out()};
        view.baseline = cmp;
        view.today = ctx.today;
        view.projects = ctx.shown_projects(pf);

        // Schedule findings (missed deadlines) go to stderr like every diagnostic.
        Findings shown_findings;
        for (const Finding& f : plan.findings) {
            bool shown = ctx.projects.empty();
            for (int32_t pi : view.projects) shown = shown || pf.projects[static_cast<size_t>(pi)].file == f.pos.file;
            if (shown) shown_findings.push_back(f);
        }
        const CheckResult findings = apply_policy(std::move(shown_findings), pf);
        render_findings(ctx.err, FindingsFormat::text, findings, pf);

        OutputStream s;
        if (!a->explain.empty()) {
            auto [pi, ti] = find_explained(pf, a->explain);
            render_plan_explain(s, view, driver_chain(pf, plan, pi, ti));
        } else render_format(s, kFormats, view, ctx);
        ctx.emit(s);
        if (a->timings) {
            const auto t3 = Clock::now();
            auto sec = [](auto d) { return std::chrono::duration<double>(d).count(); };
            ctx.err << fmt::format("pmo plan: load and check {:.3f} s, plan {:.3f} s ({} passes), write {:.3f} s\n",
                                   sec(t1 - t0), sec(t2 - t1), plan.passes, sec(t3 - t2));
        }
        const bool gate = std::find(a->fail_on.begin(), a->fail_on.end(), "deadline") != a->fail_on.end();
        return gate && !findings.findings.empty() ? 1 : 0;
    };
}

}  // namespace pmo
