#pragma once

#include <pmo/analyse/risk.hpp>
#include <pmo/check/checker.hpp>
#include <pmo/schedule/monte_carlo.hpp>

#include <ostream>

namespace pmo {

struct RiskView {
    const Portfolio& portfolio;
    const RiskRegister& reg;
    const Findings& findings;       ///< the risk rules of pmo check
    const Simulation* simulation;   ///< null without --simulate
    bool color = false;
};

void render_risk_table(std::ostream& out, const RiskView& v);
void render_risk_markdown(std::ostream& out, const RiskView& v);
void render_risk_json(std::ostream& out, const RiskView& v);
/// The heat map of the open risks; with a simulation, each project's finish-date histogram
/// and cumulative curve under it, the P50, P80 and deadline marked.
void render_risk_svg(std::ostream& out, const RiskView& v);

}  // namespace pmo
