// libFuzzer target over load + check + plan + resources + risk + report + render. One input is a whole portfolio: files
// separated by lines "#8< NAME" (the first file, before any separator, is projects/p.yaml).
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -DPMO_FUZZ=ON && cmake --build build-fuzz
// Run:   build-fuzz/tests/fuzz_portfolio tests/fuzz/corpus -max_total_time=600
#include <pmo/analyse/resources.hpp>
#include <pmo/analyse/risk.hpp>
#include <pmo/check/checker.hpp>
#include <pmo/load/loader.hpp>
#include <pmo/render/plan.hpp>
#include <pmo/render/report.hpp>
#include <pmo/render/resources.hpp>
#include <pmo/render/risk.hpp>
#include <pmo/schedule/monte_carlo.hpp>
#include <pmo/schedule/plan.hpp>

#include "../unit/support.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>

namespace {

std::map<std::string, std::string> split(std::string_view in) {
    std::map<std::string, std::string> files;
    std::string name = "projects/p.yaml";
    size_t at = 0;
    while (true) {
        const size_t sep = in.find("\n#8< ", at);
        const std::string_view part = in.substr(at, sep == std::string_view::npos ? std::string_view::npos : sep - at);
        files[name] += std::string(part);
        if (sep == std::string_view::npos) break;
        const size_t eol = in.find('\n', sep + 5);
        name = std::string(in.substr(sep + 5, eol == std::string_view::npos ? std::string_view::npos : eol - sep - 5));
        if (name.empty() || name.size() > 64) name = "x.yaml";
        if (eol == std::string_view::npos) break;
        at = eol + 1;
    }
    return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 200000) return 0;
    pmo::test::MemorySource src(split(std::string_view(reinterpret_cast<const char*>(data), size)));
    pmo::LoadResult loaded = pmo::load_portfolio(src, pmo::LoadOptions{.threads = 1, .progress = {}});
    pmo::CheckOptions co;
    co.as_of = pmo::Date::parse("2027-03-01");
    pmo::CheckResult checked = pmo::check_portfolio(loaded, co);
    if (checked.format_errors) return 0;
    pmo::PlanOptions po;
    po.as_of = co.as_of;
    po.passes = 2;
    for (bool level : {true, false}) {
        po.level = level;
        try {
            pmo::Plan plan = pmo::make_plan(loaded.portfolio, po);
            pmo::PlanView view{loaded.portfolio, plan, {}, false};
            for (size_t i = 0; i < loaded.portfolio.projects.size(); ++i) view.projects.push_back(static_cast<int32_t>(i));
            std::ostringstream out;
            pmo::render_plan_json(out, view);
            pmo::render_plan_mermaid(out, view);
            pmo::render_plan_ical(out, view);
            if (level) {
                pmo::ResourceOptions ro;
                const pmo::ResourceReport rep = pmo::analyse_resources(loaded.portfolio, plan, ro);
                pmo::ResourceView rv{loaded.portfolio, plan, rep, false};
                pmo::render_resources_json(out, rv);
                pmo::render_resources_markdown(out, rv);
                // The status report, against the plan without progress.
                pmo::Portfolio stripped;
                const pmo::Plan pmb = pmo::plan_without_progress(loaded.portfolio, po, stripped);
                const pmo::PortfolioStatus status =
                    pmo::portfolio_status(loaded.portfolio, plan, pmo::Pmb{&stripped, &pmb}, nullptr, {});
                const pmo::ReportProvenance pr;
                const pmo::ReportView rpv{loaded.portfolio, plan, status, nullptr, pr};
                pmo::render_report_markdown(out, rpv);
                pmo::render_report_json(out, rpv);
            }
        } catch (const pmo::Error&) {
            // A plan past the year 9999: reported to the user, not a crash.
        }
    }
    // The risk register and a short simulation.
    const pmo::RiskRegister reg = pmo::risk_register(loaded.portfolio, {});
    pmo::SimOptions so;
    so.iterations = 16;
    so.threads = 1;
    so.as_of = co.as_of;
    try {
        const pmo::Simulation sim = pmo::simulate(loaded.portfolio, so);
        pmo::Findings none;
        pmo::RiskView rv{loaded.portfolio, reg, none, &sim, false};
        std::ostringstream out;
        pmo::render_risk_json(out, rv);
        pmo::render_risk_svg(out, rv);
    } catch (const pmo::Error&) {
    }
    return 0;
}
