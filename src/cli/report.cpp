#include <pmo/cli/context.hpp>
#include <pmo/cli/error.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/render/report.hpp>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <sstream>

namespace pmo {
namespace {

/// The files a portfolio is made of, as git pathspecs relative to its root.
const std::vector<std::string> kPortfolioFiles = {"--", "*.yaml", "*.yml", "pmo.toml"};

std::string git_out(const std::string& dir, std::vector<std::string> args, bool& ok) {
    std::string out, err;
    ok = run_git(dir, args, "", out, err) == 0;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

std::string resolve_commit(const std::string& root, const std::string& rev, const char* what) {
    bool ok = false;
    const std::string c = git_out(root, {"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"}, ok);
    if (!ok || c.empty()) throw Error(fmt::format("{} {}: no such revision in the git repository at {}", what, rev, root));
    return c;
}

/// `git diff --name-status -z` output, and untracked files, as changes.
std::vector<FileChange> changes_since(const std::string& root, const std::string& since, const std::string& at) {
    std::vector<std::string> args = {"-c", "core.quotepath=off", "diff", "--name-status", "-z", "-M", "--relative", since};
    if (!at.empty()) args.push_back(at);
    args.insert(args.end(), kPortfolioFiles.begin(), kPortfolioFiles.end());
    bool ok = false;
    std::string out, err;
    ok = run_git(root, args, "", out, err) == 0;
    if (!ok) throw Error(fmt::format("--since {}: git diff failed: {}", since, err));
    std::vector<std::string> f;
    for (size_t i = 0; i < out.size();) {
        size_t j = out.find('\0', i);
        if (j == std::string::npos) j = out.size();
        f.push_back(out.substr(i, j - i));
        i = j + 1;
    }
    std::vector<FileChange> changes;
    for (size_t i = 0; i < f.size();) {
        const std::string& st = f[i];
        if (st.empty()) {
            ++i;
            continue;
        }
        FileChange c;
        const char k = st[0];
        c.status = k == 'A' ? "added" : k == 'D' ? "deleted" : k == 'R' ? "renamed" : k == 'C' ? "copied"
                 : k == 'T' ? "type changed" : "modified";
        if ((k == 'R' || k == 'C') && i + 2 < f.size()) {
            c.from = f[i + 1];
            c.path = f[i + 2];
            i += 3;
        } else if (i + 1 < f.size()) {
            c.path = f[i + 1];
            i += 2;
        } else {
            break;
        }
        changes.push_back(std::move(c));
    }
    if (at.empty()) {
        // New files not yet added to git are changes too.
        std::vector<std::string> ls = {"-c", "core.quotepath=off", "ls-files", "-z", "--others", "--exclude-standard"};
        ls.insert(ls.end(), kPortfolioFiles.begin(), kPortfolioFiles.end());
        if (run_git(root, ls, "", out, err) == 0)
            for (size_t i = 0; i < out.size();) {
                size_t j = out.find('\0', i);
                if (j == std::string::npos) j = out.size();
                if (j > i) changes.push_back({"added (not in git yet)", out.substr(i, j - i), ""});
                i = j + 1;
            }
    }
    std::stable_sort(changes.begin(), changes.end(), [](const FileChange& a, const FileChange& b) { return a.path < b.path; });
    return changes;
}

}  // namespace

std::function<int()> setup_report(CLI::App& app, Context& ctx) {
    struct Args {
        std::string baseline, since, period;
        bool no_baseline = false, no_level = false, timings = false;
        int top_risks = -1;
    };
    auto a = std::make_shared<Args>();
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, {"markdown", "json"});
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
        for (size_t i = 0; i < pf.projects.size(); ++i)
            if (ctx.projects.empty() ||
                std::find(ctx.projects.begin(), ctx.projects.end(), pf.projects[i].id) != ctx.projects.end())
                so.projects.push_back(static_cast<int32_t>(i));

        // What was read: a commit, with or without changes on top, or plain files.
        ReportProvenance pr;
        const std::string root = find_root(ctx.directory);
        {
            bool ok = false;
            git_out(root, {"rev-parse", "--show-toplevel"}, ok);
            pr.in_git = ok;
        }
        if (pr.in_git) {
            bool ok = false;
            pr.at = ctx.at;
            pr.commit = git_out(root, {"rev-parse", "--verify", "--quiet", (ctx.at.empty() ? "HEAD" : ctx.at) + "^{commit}"}, ok);
            if (!ok) pr.in_git = false;  // a repository without a commit yet
            else if (ctx.at.empty()) {
                std::vector<std::string> args = {"status", "--porcelain", "--untracked-files=normal"};
                args.insert(args.end(), kPortfolioFiles.begin(), kPortfolioFiles.end());
                pr.dirty = !git_out(root, args, ok).empty();
            }
        }

        PlanOptions o;
        o.level = !a->no_level;
        o.as_of = so.as_of;
        Plan plan;
        try {
            plan = make_plan(pf, o);
        } catch (const ScheduleError& e) {
            throw Error(e.what());
        }

        // The baseline: --baseline, else pmo.toml's [report] baseline.
        std::string rev = a->baseline;
        if (rev.empty() && !a->no_baseline && !cfg.report_baseline.empty()) {
            if (pr.in_git) rev = cfg.report_baseline;
            else pr.baseline_note = fmt::format("pmo.toml names {}, but this is not a git repository", cfg.report_baseline);
        }
        std::optional<Baseline> then;
        Portfolio stripped;
        Plan stripped_plan;
        Pmb pmb;
        if (!rev.empty()) {
            then = ctx.load_baseline(rev, o, pf, plan);
            pmb = {&then->loaded.portfolio, &then->plan};
        } else {
            if (pr.baseline_note.empty())
                pr.baseline_note = !pr.in_git ? "not a git repository"
                                              : "no --baseline given and no [report] baseline in pmo.toml";
            try {
                stripped_plan = plan_without_progress(pf, o, stripped);
            } catch (const ScheduleError& e) {
                throw Error(e.what());
            }
            pmb = {&stripped, &stripped_plan};
        }
        if (!a->since.empty()) {
            if (!pr.in_git) throw Error(fmt::format("--since {}: {} is not in a git repository", a->since, root));
            pr.since = a->since;
            pr.since_commit = resolve_commit(root, a->since, "--since");
            pr.changes = changes_since(root, pr.since_commit, ctx.at.empty() ? "" : pr.commit);
        }
        const PortfolioStatus status = portfolio_status(pf, plan, pmb, then ? &then->comparison : nullptr, so);
        const auto t2 = Clock::now();

        ReportView view{pf, plan, status, then ? &then->comparison : nullptr, pr};
        std::ostringstream s;
        if (ctx.format == "json") render_report_json(s, view);
        else render_report_markdown(s, view);
        ctx.emit(s.str());
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
