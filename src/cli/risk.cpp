#include <pmo/check/rules.hpp>
#include <pmo/cli/context.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/render/risk.hpp>

#include <CLI/CLI.hpp>
#include <charconv>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <sstream>

namespace pmo {

namespace {

/// A whole number from 0 to `max`, checked as written: CLI11 would clamp a seed beyond 64 bits
/// to the largest one, and its own range check prints the digits of DBL_MAX.
CLI::Validator whole_number(uint64_t max, std::string_view what) {
    return CLI::Validator(
        [max, what = std::string(what)](std::string& text) -> std::string {
            uint64_t v = 0;
            const char* end = text.data() + text.size();
            auto [p, ec] = std::from_chars(text.data(), end, v);
            if (ec == std::errc::result_out_of_range || (ec == std::errc() && p == end && v > max))
                return fmt::format("'{}' is too large: {} is a whole number from 0 to {}", text, what, max);
            if (ec != std::errc() || p != end || text.empty())
                return fmt::format("expected {}, a whole number from 0 to {}, got '{}'", what, max, text);
            return {};
        },
        "N");
}

// The --format choices, in --help's order; the first is the default.
constexpr Format<RiskView> kFormats[] = {{"table", render_risk_table},
                                         {"markdown", render_risk_markdown},
                                         {"json", render_risk_json},
                                         {"svg", render_risk_svg}};

}  // namespace

std::function<int()> setup_risk(CLI::App& app, Context& ctx) {
    struct Args {
        std::vector<std::string> owners, statuses, levels;
        int top = 0, simulate = 0;
        uint64_t seed = 1;
        std::string distribution = "triangular";
        bool timings = false, levelled = false, no_level = false;
    };
    auto a = std::make_shared<Args>();
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    app.add_option("--owner", a->owners, "Only risks of this owner (repeatable)")->option_text("NAME");
    app.add_option("--status", a->statuses, "Only risks in this status (repeatable)")
        ->check(CLI::IsMember({"open", "mitigating", "occurred", "closed"}))
        ->option_text("STATUS");
    app.add_option("--level", a->levels, "Only risks of this level (repeatable)")
        ->check(CLI::IsMember({"low", "medium", "high"}))
        ->option_text("LEVEL");
    app.add_option("--top", a->top, "Only the N risks of highest score")
        ->option_text("N")
        ->check(whole_number(INT32_MAX, "a count of risks"));
    app.add_option("--simulate", a->simulate, "Monte Carlo schedule risk with N iterations")
        ->option_text("N")
        ->check(CLI::Range(1, 10'000'000));
    app.add_option("--seed", a->seed, "Random seed of the simulation (default 1): same seed, same results")
        ->option_text("S")
        ->check(whole_number(UINT64_MAX, "the seed"));
    app.add_option("--distribution", a->distribution, "Three-point estimates as triangular (default) or pert (Beta-PERT)")
        ->check(CLI::IsMember({"triangular", "pert"}))
        ->option_text("NAME");
    auto* no_level = app.add_flag("--no-level", a->no_level,
                                  "Simulate the pure CPM plan: no levelling in the iterations (faster, optimistic)");
    app.add_flag("--levelled", a->levelled, "Level in every iteration (the default; kept for old scripts)")
        ->excludes(no_level);
    app.add_flag("--timings", a->timings, "Print how long loading and the simulation took, on stderr");
    app.footer("Risk findings are those of pmo check. The simulation levels resources in every iteration, as pmo plan "
               "does, unless --no-level.");
    return [&ctx, a]() -> int {
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        LoadResult loaded = ctx.load_for_command("risk");
        const Portfolio& pf = loaded.portfolio;
        const auto t1 = Clock::now();
        std::vector<std::string_view> risk_owners;
        for (const Project& p : pf.projects)
            for (const Risk& risk : p.risks)
                if (risk.owner) risk_owners.push_back(risk.owner.value);
        RiskFilter f;
        f.projects.insert(ctx.projects.begin(), ctx.projects.end());
        for (const std::string& who : a->owners) {
            const std::vector<std::string> as = owner_spellings(pf, who, risk_owners, "risk");
            f.owners.insert(as.begin(), as.end());
        }
        f.statuses.insert(a->statuses.begin(), a->statuses.end());
        f.levels.insert(a->levels.begin(), a->levels.end());
        f.top = a->top;
        const RiskRegister reg = risk_register(pf, f);
        // The risk rules of pmo check, computed by the same checker.
        Findings findings;
        for (const Finding& x : check_portfolio(loaded, ctx.check_options()).findings)
            if (x.rule.starts_with("risk-") || x.rule == rule_id::high_risk_without_response) findings.push_back(x);
        std::optional<Simulation> sim;
        if (a->simulate > 0) {
            SimOptions so;
            so.iterations = a->simulate;
            so.seed = a->seed;
            so.distribution = a->distribution == "pert" ? Distribution::pert : Distribution::triangular;
            so.as_of = ctx.as_of_date();
            so.today = ctx.today;
            so.level = !a->no_level;
            sim = simulate(pf, so);
            if (!ctx.projects.empty()) {
                auto keep = [&](int32_t p) {
                    return std::find(ctx.projects.begin(), ctx.projects.end(), pf.projects[static_cast<size_t>(p)].id) !=
                           ctx.projects.end();
                };
                std::erase_if(sim->projects, [&](const SimProject& p) { return !keep(p.project); });
                std::erase_if(sim->milestones, [&](const SimMilestone& m) { return !keep(m.project); });
                std::erase_if(sim->tasks, [&](const SimTask& t) { return !keep(t.project); });
            }
        }
        const auto t2 = Clock::now();
        RiskView view{pf, reg, findings, sim ? &*sim : nullptr, ctx.color_out()};
        OutputStream s;
        render_format(s, kFormats, view, ctx);
        ctx.emit(s);
        if (a->timings) {
            auto sec = [](auto d) { return std::chrono::duration<double>(d).count(); };
            ctx.err << fmt::format("pmo risk: load and check {:.3f} s, register and simulation {:.3f} s\n", sec(t1 - t0),
                                   sec(t2 - t1));
        }
        return 0;
    };
}

}  // namespace pmo
