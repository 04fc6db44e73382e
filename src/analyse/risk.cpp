#include <pmo/analyse/risk.hpp>

#include <pmo/model/fields.hpp>

#include <algorithm>
#include <cmath>

namespace pmo {

double mean_impact_days(const UncertainDuration& u, const Calendar& cal) {
    auto days = [&](const Duration& d) { return d.days(cal.days_per_week(), cal.hpd); };
    if (u.range) return (days(u.range->optimistic) + days(u.range->likely) + days(u.range->pessimistic)) / 3.0;
    return days(u.fixed);
}

RiskRegister risk_register(const Portfolio& pf, const RiskFilter& f) {
    RiskRegister reg;
    const Config& c = pf.config;
    reg.scale = c.risk_scale;
    reg.heat.assign(static_cast<size_t>(c.risk_scale), std::vector<std::vector<size_t>>(static_cast<size_t>(c.risk_scale)));
    reg.projects.resize(pf.projects.size());
    for (size_t pi = 0; pi < pf.projects.size(); ++pi) {
        const Project& p = pf.projects[pi];
        reg.projects[pi].project = static_cast<int32_t>(pi);
        if (!f.projects.empty() && !f.projects.count(p.id)) continue;
        const Calendar& cal = pf.project_calendar(p);
        for (size_t ri = 0; ri < p.risks.size(); ++ri) {
            const Risk& r = p.risks[ri];
            RiskRow row;
            row.project = static_cast<int32_t>(pi);
            row.risk = static_cast<int32_t>(ri);
            row.probability = risk_probability(r, c);
            row.score = risk_score(r, c);
            row.level = risk_level(row.score, c);
            row.emv = r.cost_impact ? row.probability * r.cost_impact.value : 0;
            row.expected_delay = r.schedule_impact ? row.probability * mean_impact_days(r.schedule_impact.value, cal) : 0;
            row.live = risk_is_live(r);
            const std::string status(r.status ? spec::risk_statuses[static_cast<size_t>(r.status.value)] : "open");
            if (!f.owners.empty() && (!r.owner || !f.owners.count(r.owner.value))) continue;
            if (!f.statuses.empty() && !f.statuses.count(status)) continue;
            if (!f.levels.empty() && !f.levels.count(std::string(to_string(row.level)))) continue;
            if (row.live) {
                ProjectExposure& e = reg.projects[pi];
                e.emv += row.emv;
                e.expected_delay += row.expected_delay;
                ++e.open;
                e.high += row.level == RiskLevel::high;
                reg.total_emv += row.emv;
            }
            reg.rows.push_back(row);
        }
    }
    std::stable_sort(reg.rows.begin(), reg.rows.end(), [&](const RiskRow& a, const RiskRow& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.emv != b.emv) return a.emv > b.emv;
        if (a.project != b.project) return a.project < b.project;
        return a.risk < b.risk;
    });
    if (f.top > 0 && reg.rows.size() > static_cast<size_t>(f.top)) reg.rows.resize(static_cast<size_t>(f.top));
    for (size_t i = 0; i < reg.rows.size(); ++i) {
        const RiskRow& row = reg.rows[i];
        const Risk& r = pf.projects[static_cast<size_t>(row.project)].risks[static_cast<size_t>(row.risk)];
        if (!row.live || !r.probability || !r.impact) continue;
        const int pstep = static_cast<int>(std::lround(risk_probability_step(r, c)));
        const int istep = static_cast<int>(std::lround(r.impact.value));
        if (pstep < 1 || istep < 1 || pstep > c.risk_scale || istep > c.risk_scale) continue;
        reg.heat[static_cast<size_t>(istep - 1)][static_cast<size_t>(pstep - 1)].push_back(i);
    }
    return reg;
}

}  // namespace pmo
