#include <pmo/cli/context.hpp>
#include <pmo/model/error.hpp>
#include <pmo/render/resources.hpp>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/format.h>
#include <sstream>

namespace pmo {
namespace {

// The --format choices, in --help's order; the first is the default.
constexpr Format<ResourceView> kFormats[] = {{"table", render_resources_table},
                                             {"markdown", render_resources_markdown},
                                             {"csv", render_resources_csv},
                                             {"json", render_resources_json},
                                             {"svg", render_resources_svg}};

}  // namespace

std::function<int()> setup_resource(CLI::App& app, Context& ctx) {
    struct Args {
        std::string period = "week", from, to;
        bool no_level = false, timings = false;
    };
    auto a = std::make_shared<Args>();
    add_portfolio_options(app, ctx);
    add_output_options(app, ctx, kFormats);
    app.add_option("--period", a->period, "Columns: week (from Monday) or month")
        ->check(CLI::IsMember({"week", "month"}))
        ->option_text("week|month");
    app.add_option("--from", a->from, "First day counted (default: the plan's start)")->option_text("DATE");
    app.add_option("--to", a->to, "Last day counted (default: the plan's finish)")->option_text("DATE");
    app.add_flag("--no-level", a->no_level, "Load from the raw demand of the unlevelled plan: shows every conflict");
    app.add_flag("--timings", a->timings, "Print how long loading, planning and the analysis took, on stderr");
    app.footer("Booked hours come from the levelled plan of the whole portfolio; --project counts only those\n"
               "projects' work. Available hours: the resource's calendar and units, less holidays and absences.");
    return [&ctx, a]() -> int {
        auto date = [](const std::string& s, const char* opt) -> std::optional<Date> {
            if (s.empty()) return std::nullopt;
            auto d = Date::parse(s);
            if (!d) throw Error(fmt::format("{}: expected a date like 2027-03-01, got '{}'", opt, s));
            return d;
        };
        ResourceOptions ro;
        ro.period = a->period == "month" ? Period::month : Period::week;
        ro.from = date(a->from, "--from");
        ro.to = date(a->to, "--to");
        if (ro.from && ro.to && *ro.to < *ro.from) throw Error("--to is before --from");
        ro.projects.insert(ctx.projects.begin(), ctx.projects.end());
        ro.today = ctx.today;
        using Clock = std::chrono::steady_clock;
        const auto t0 = Clock::now();
        LoadResult loaded = ctx.load_for_command("resource");
        const auto t1 = Clock::now();
        PlanOptions po;
        po.level = !a->no_level;
        po.as_of = ctx.as_of_date();
        po.today = ctx.today;
        Plan plan = make_plan(loaded.portfolio, po);
        if (!ro.projects.empty()) {
            // Only conflicts that involve the projects asked for.
            std::vector<Overallocation> kept;
            for (auto& o : plan.overallocations) {
                bool mine = false;
                for (auto [p, t] : o.tasks) mine = mine || ro.projects.count(loaded.portfolio.projects[static_cast<size_t>(p)].id);
                if (mine) kept.push_back(std::move(o));
            }
            plan.overallocations = std::move(kept);
        }
        const auto t2 = Clock::now();
        const ResourceReport rep = analyse_resources(loaded.portfolio, plan, ro);
        if (rep.plan_end)
            ctx.err << fmt::format("pmo resource: the plan runs from {} to {} (a mistyped date?); showing ten years to {}; "
                                   "use --from and --to to choose\n",
                                   rep.from.iso(), rep.plan_end->iso(), rep.to.iso());
        ResourceView view{loaded.portfolio, plan, rep, ctx.color_out()};
        OutputStream s;
        render_format(s, kFormats, view, ctx);
        ctx.emit(s);
        if (a->timings) {
            auto sec = [](auto d) { return std::chrono::duration<double>(d).count(); };
            ctx.err << fmt::format("pmo resource: load and check {:.3f} s, plan {:.3f} s, analyse and write {:.3f} s\n",
                                   sec(t1 - t0), sec(t2 - t1), sec(Clock::now() - t2));
        }
        return 0;
    };
}

}  // namespace pmo
