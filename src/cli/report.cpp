#include <pmo/analyse/baseline.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/analyse/trend.hpp>
#include <pmo/load/changes.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/error.hpp>
#include <pmo/render/report.hpp>
#include <pmo/render/report_html.hpp>

#include <CLI/CLI.hpp>
#include <chrono>
#include <future>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sstream>

namespace pmo {
namespace {

/// What pmo report's formats draw on: the report, and for HTML's pictures the plans behind it.
struct ReportOutput {
    const ReportView& view;
    const Portfolio& pf;
    const Plan& plan;
    const Baseline* then;        ///< the baseline revision's, or null
    const Portfolio& stripped;   ///< the portfolio without progress
    const Plan& pmb_plan;        ///< its plan
    Date today;                  ///< the Context's
};

void render_markdown(std::ostream& out, const ReportOutput& o) { render_report_markdown(out, o.view); }
void render_json(std::ostream& out, const ReportOutput& o) { render_report_json(out, o.view); }

void render_html(std::ostream& out, const ReportOutput& o) {
    // The pictures' baseline bars: the baseline revision's plan, else the plan without
    // progress, as earned value is measured; the load of everyone, week by week.
    std::optional<BaselineComparison> bars;
    if (!o.then) bars = compare_baseline(o.pf, o.plan, o.stripped, o.pmb_plan);
    ResourceOptions ro;
    ro.period = Period::week;
    ro.today = o.today;
    const ResourceReport load = analyse_resources(o.pf, o.plan, ro);
    HtmlPictures pictures;
    pictures.bars = o.then ? &o.then->comparison : &*bars;
    pictures.resources = &load;
    render_report_html(out, o.view, pictures);
}

// The --format choices, in --help's order; the first is the default.
constexpr Format<ReportOutput> kFormats[] = {{"markdown", render_markdown}, {"json", render_json}, {"html", render_html}};

}  // namespace

std::function<int()> setup_report(CLI::App& app, Context& ctx) {
    struct Args {
        std::string baseline, since, period, trend_since;
        bool no_baseline = false, no_level = false, timings = false;
        int top_risks = -1, trend = 0;
    };
    auto a = std::make_shared<Args>();
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    app.add_option("--baseline", a->baseline,
                   "Compare with the plan of a git revision (default: [report] baseline in pmo.toml)")
        ->option_text("REV");
    app.add_flag("--no-baseline", a->no_baseline, "Ignore [report] baseline in pmo.toml");
    app.add_option("--since", a->since, "List the portfolio files changed since a git revision")->option_text("REV");
    app.add_option("--period", a->period, "The last and next period around the status date (default: [report] period, else week)")
        ->check(CLI::IsMember({"week", "month"}))
        ->option_text("week|month");
    app.add_option("--top-risks", a->top_risks, "Risks listed per project (default: [report] top_risks, else 3)")
        ->check(CLI::Range(0, 100))
        ->option_text("N");
    auto* trend_opt = app.add_option("--trend", a->trend,
                                 "Add the trend of the past N weeks: the last commit of each week, planned")
                      ->check(CLI::Range(1, 520))
                      ->option_text("N");
    app.add_option("--trend-since", a->trend_since, "Add the trend of every week since a git revision")
        ->option_text("REV")
        ->excludes(trend_opt);
    app.add_flag("--no-level", a->no_level, "Report on the pure CPM plan, without resource levelling");
    app.add_flag("--timings", a->timings, "Print how long loading, planning and writing took, on stderr");
    app.footer("RAG rules come from pmo.toml [rag] (see man pmo-report). Earned value is measured against the\n"
               "baseline revision's plan, else against the plan of the same files with progress removed.");
    return [&ctx, a]() -> int {
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        LoadResult loaded = ctx.load_for_command("report");
        const auto t1 = Clock::now();
        const Portfolio& pf = loaded.portfolio;
        const Config& cfg = pf.config;

        StatusOptions so;
        const std::string period = a->period.empty() ? cfg.report_period : a->period;
        so.period = period == "month" ? Period::month : Period::week;
        so.top_risks = a->top_risks >= 0 ? a->top_risks : cfg.report_top_risks;
        so.as_of = ctx.as_of_date();
        so.today = ctx.today;
        so.projects = ctx.shown_projects(pf);

        // What was read: a commit, with or without changes on top, or plain files.
        ReportProvenance pr;
        const std::string root = find_root(ctx.directory);
        const GitProvenance git = read_provenance(root, ctx.at, *ctx.make_source());
        pr.in_git = git.in_git;
        pr.git_missing = git.git_missing;
        pr.git_problem = git.git_problem;
        pr.commit = git.commit;
        pr.dirty = git.dirty;
        if (git.repository) pr.at = ctx.at;

        PlanOptions o;
        o.level = !a->no_level;
        o.as_of = so.as_of;
        o.today = ctx.today;

        // The baseline: --baseline, else pmo.toml's [report] baseline.
        std::string rev = a->baseline;
        if (rev.empty() && !a->no_baseline && !cfg.report_baseline.empty()) {
            if (pr.in_git) rev = cfg.report_baseline;
            else if (!pr.git_problem.empty())
                throw Error(fmt::format("[report] baseline {}: {}", cfg.report_baseline, pr.git_problem));
            else pr.baseline_note = fmt::format("pmo.toml names {}, but {}", cfg.report_baseline,
                                                pr.git_missing ? "git is not installed" : "this is not a git repository");
        }
        if (rev.empty() && pr.baseline_note.empty())
            pr.baseline_note = pr.git_missing ? "git is not installed"
                               : !pr.git_problem.empty() ? pr.git_problem
                               : !pr.in_git ? "not a git repository"
                                            : "no --baseline given and no [report] baseline in pmo.toml";

        // Without a baseline revision, the plan without progress is the baseline: planned on
        // the other core while this one plans the portfolio as it is.
        Portfolio stripped;
        std::future<Plan> stripped_plan;
        if (rev.empty())
            stripped_plan = std::async(std::launch::async, [&] { return plan_without_progress(pf, o, stripped); });
        // When make_plan throws, the future's destructor waits for the other core.
        Plan plan = make_plan(pf, o), pmb_plan;
        if (stripped_plan.valid()) pmb_plan = stripped_plan.get();
        std::optional<Baseline> then;
        Pmb pmb{&stripped, &pmb_plan};
        if (!rev.empty()) {
            then = load_baseline(root, rev, o, pf, plan);
            pmb = {&then->loaded.portfolio, &then->plan};
        }
        if (!a->since.empty()) {
            if (!pr.in_git)
                throw Error(fmt::format("--since {}: {}", a->since,
                                        pr.git_missing           ? "git is not installed"
                                        : !pr.git_problem.empty() ? pr.git_problem
                                                       : fmt::format("{} is not in a git repository", root)));
            pr.since = a->since;
            // The revision's errors name --since; a file that cannot be read names itself.
            std::optional<GitSource> then_files;
            try {
                then_files.emplace(root, a->since);
            } catch (const Error& e) {
                throw Error(fmt::format("--since {}: {}", a->since, e.what()));
            }
            pr.since_commit = then_files->commit();
            pr.changes = changes_between(*then_files, *ctx.make_source());
        }
        const PortfolioStatus status = portfolio_status(pf, plan, pmb, then ? &then->comparison : nullptr, so);
        std::optional<Trend> trend;
        if (a->trend > 0 || !a->trend_since.empty()) {
            const std::string flag = a->trend > 0 ? "--trend" : "--trend-since " + a->trend_since;
            if (!pr.in_git)
                throw Error(fmt::format("{}: {}", flag,
                                        pr.git_missing ? "git is not installed"
                                                       : fmt::format("{} is not in a git repository", root)));
            TrendRequest tr;
            tr.weeks = a->trend;
            tr.since = a->trend_since;
            tr.root = root;
            tr.anchor = pr.commit;
            tr.plan = o;
            tr.status = so;
            const Pmb fixed = pmb;
            if (then) tr.pmb = &fixed;
            trend = collect_trend(tr, pf, status);
            for (const std::string& why : trend->left_out) ctx.err << "pmo report: --trend: " << why << "; left out\n";
        }
        const auto t2 = Clock::now();

        const GovernanceStatus governance = governance_status(pf, status);
        ReportView view{pf, plan, status, then ? &then->comparison : nullptr, pr, &governance, trend ? &*trend : nullptr};
        OutputStream s;
        render_format(s, kFormats, ReportOutput{view, pf, plan, then ? &*then : nullptr, stripped, pmb_plan, ctx.today}, ctx);
        ctx.emit(s);
        if (a->timings) {
            const auto t3 = Clock::now();
            auto sec = [](auto d) { return std::chrono::duration<double>(d).count(); };
            ctx.err << fmt::format("pmo report: load and check {:.3f} s, plans and analysis {:.3f} s, write {:.3f} s\n",
                                   sec(t1 - t0), sec(t2 - t1), sec(t3 - t2));
        }
        return 0;
    };
}

}  // namespace pmo
