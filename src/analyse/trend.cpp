#include <pmo/analyse/trend.hpp>

namespace pmo {

const TrendProject* TrendPoint::find(std::string_view id) const {
    for (const TrendProject& p : projects)
        if (p.id == id) return &p;
    return nullptr;
}

TrendPoint trend_point(const Portfolio& pf, const PortfolioStatus& status) {
    TrendPoint t;
    for (const ProjectStatus& st : status.projects) {
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        TrendProject tp;
        tp.id = p.id;
        tp.status_date = st.status_date;
        tp.overall = st.overall;
        tp.spi = st.ev.spi;
        tp.cpi = st.ev.cpi;
        tp.forecast_finish = st.forecast_finish;
        tp.pv = st.ev.pv;
        tp.ev = st.ev.ev;
        tp.ac = st.ev.ac;
        tp.money = st.ev.money;
        for (const MilestoneStatus& m : st.milestones) {
            const Task& task = p.tasks[static_cast<size_t>(m.task)];
            tp.milestones.push_back({task.id, task.name ? task.name.value : task.id, m.forecast, m.done});
        }
        t.projects.push_back(std::move(tp));
    }
    return t;
}

Direction trend_direction(const Trend& t, std::string_view project) {
    if (t.points.size() < 2) return Direction::unknown;
    const TrendProject* then = t.points.front().find(project);
    const TrendProject* now = t.points.back().find(project);
    if (!then || !now) return Direction::unknown;
    // Red is worst; a project without a colour is compared by its finish only.
    if (now->overall != then->overall && now->overall != Rag::none && then->overall != Rag::none)
        return static_cast<int>(now->overall) < static_cast<int>(then->overall) ? Direction::better : Direction::worse;
    if (now->forecast_finish < then->forecast_finish) return Direction::better;
    if (now->forecast_finish > then->forecast_finish) return Direction::worse;
    return Direction::same;
}

}  // namespace pmo
