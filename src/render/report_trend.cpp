#include <pmo/render/json.hpp>
#include <pmo/render/report.hpp>
#include <pmo/render/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace pmo {
namespace {

std::string ratio(const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : "—"; }

std::string commit_of(const TrendPoint& t) { return t.commit.empty() ? "now" : "`" + t.commit.substr(0, 12) + "`"; }

}  // namespace

std::string trend_arrow(const ReportView& v, const ProjectStatus& st) {
    if (!v.trend) return "—";
    switch (trend_direction(*v.trend, v.portfolio.projects[static_cast<size_t>(st.project)].id)) {
        case Direction::better: return "↑ better";
        case Direction::same: return "→ same";
        case Direction::worse: return "↓ worse";
        case Direction::unknown: break;
    }
    return "—";
}

void render_trend_json(JsonWriter& w, const ReportView& v, const ProjectStatus& st) {
    const Trend& t = *v.trend;
    const std::string& id = v.portfolio.projects[static_cast<size_t>(st.project)].id;
    w.key("trend").begin_object();
    const char* direction = "unknown";
    switch (trend_direction(t, id)) {
        case Direction::better: direction = "better"; break;
        case Direction::same: direction = "same"; break;
        case Direction::worse: direction = "worse"; break;
        case Direction::unknown: break;
    }
    w.field("direction", direction);
    // One entry per status the project was in, oldest first, as the Markdown's History rows.
    w.key("history").begin_array();
    for (const TrendPoint& pt : t.points) {
        const TrendProject* p = pt.find(id);
        if (!p) continue;
        w.begin_object().key("commit");
        if (pt.commit.empty()) w.null();
        else w.value(pt.commit);
        w.field("week", pt.week.iso()).field("status_date", p->status_date.iso()).field("overall", to_string(p->overall));
        w.field_or_null("spi", p->spi);
        w.field_or_null("cpi", p->cpi);
        w.field("forecast_finish", p->forecast_finish.iso());
        w.field("unit", p->money ? v.portfolio.config.currency : std::string("days")).field("pv", p->pv).field("ev", p->ev);
        w.field_or_null("ac", p->ac);
        w.key("milestones").begin_array();
        for (const TrendMilestone& m : p->milestones)
            w.begin_line_object().field("task", m.task).field("name", m.name).field("forecast", m.forecast.iso())
                .field("done", m.done).end_object();
        w.end_array().end_object();
    }
    w.end_array().end_object();
}

void render_trend_markdown(std::ostream& out, const ReportView& v, const ProjectStatus& st) {
    if (!v.trend) return;
    const Trend& t = *v.trend;
    const std::string& id = v.portfolio.projects[static_cast<size_t>(st.project)].id;
    // Every milestone any status had, by id: today's in their order, then those gone since.
    std::vector<std::pair<std::string, std::string>> milestones;  // (id, name)
    for (auto it = t.points.rbegin(); it != t.points.rend(); ++it)
        if (const TrendProject* p = it->find(id))
            for (const TrendMilestone& m : p->milestones)
                if (std::none_of(milestones.begin(), milestones.end(), [&](const auto& x) { return x.first == m.task; }))
                    milestones.push_back({m.task, m.name});
    const std::string span = t.since.empty() ? fmt::format("the past {} week{}", t.weeks, t.weeks == 1 ? "" : "s")
                                             : fmt::format("the weeks since {}", md_escape(t.since));
    out << "### Milestone trend\n\n";
    if (milestones.empty()) {
        out << "No milestones.\n\n";
    } else {
        out << "The forecast of each milestone at the last commit of each of " << span
            << " (the last row is now): a date that rises row by row is slipping.\n\n";
        out << "| Status date | Commit |";
        for (const auto& [mid, name] : milestones) out << ' ' << md_escape(name) << " |";
        out << "\n|---|---|";
        for (size_t i = 0; i < milestones.size(); ++i) out << "---|";
        out << '\n';
        for (const TrendPoint& pt : t.points) {
            const TrendProject* p = pt.find(id);
            if (!p) continue;
            out << "| " << p->status_date.iso() << " | " << commit_of(pt) << " |";
            for (const auto& entry : milestones) {
                const auto mid = entry.first;  // a structured binding cannot be captured before clang 16
                auto m = std::find_if(p->milestones.begin(), p->milestones.end(), [&](const TrendMilestone& x) { return x.task == mid; });
                out << ' ' << (m == p->milestones.end() ? "—" : m->forecast.iso() + (m->done ? " (done)" : "")) << " |";
            }
            out << '\n';
        }
        out << '\n';
    }
    out << "### History\n\n";
    out << "| Status date | Commit | RAG | SPI | CPI | Forecast finish |\n|---|---|---|--:|--:|---|\n";
    for (const TrendPoint& pt : t.points)
        if (const TrendProject* p = pt.find(id))
            out << "| " << p->status_date.iso() << " | " << commit_of(pt) << " | " << rag_cell(p->overall) << " | "
                << ratio(p->spi) << " | " << ratio(p->cpi) << " | " << p->forecast_finish.iso() << " |\n";
    out << "\nTrend against " << (t.points.size() > 1 ? "the first of these statuses" : "nothing (no earlier commit)")
        << ": " << trend_arrow(v, st) << ".\n\n";
}

}  // namespace pmo
