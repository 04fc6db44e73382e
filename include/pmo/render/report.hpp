#pragma once

#include <pmo/analyse/governance.hpp>
#include <pmo/analyse/report.hpp>
#include <pmo/analyse/trend.hpp>
#include <pmo/load/changes.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace pmo {

/// One file changed since a revision (`git diff --name-status`).
/// What the report was read from and compared with.
struct ReportProvenance {
    bool in_git = false;
    bool git_missing = false;  ///< not in_git because the git command is not installed
    std::string git_problem;   ///< not in_git because git refuses the repository (its owner, damage): what git said
    std::string commit;  ///< the commit read (HEAD, or --at)
    std::string at;      ///< --at REV as given
    bool dirty = false;  ///< the working tree differs from the commit
    std::string baseline_note;  ///< why there is no baseline revision, when there is none
    std::string since;          ///< --since REV as given
    std::string since_commit;
    std::vector<FileChange> changes;
};

struct ReportView {
    const Portfolio& portfolio;
    const Plan& plan;
    const PortfolioStatus& status;
    const BaselineComparison* baseline = nullptr;
    const ReportProvenance& provenance;
    const GovernanceStatus* governance = nullptr;  ///< gates and registers, per project as in `status`
    const Trend* trend = nullptr;  ///< --trend: the past statuses, oldest first, now last
};

/// "🟢 green", "🟠 amber", "🔴 red" or "—": a RAG colour as the report's tables show it.
std::string rag_cell(Rag r);

void render_report_markdown(std::ostream& out, const ReportView& v);
/// With --trend: a project's milestone trend and the history of its RAG, SPI, CPI and
/// forecast finish, as Markdown tables.
void render_trend_markdown(std::ostream& out, const ReportView& v, const ProjectStatus& st);
/// With --trend: "↑ better", "→ same", "↓ worse" than the trend's first status, or "—".
std::string trend_arrow(const ReportView& v, const ProjectStatus& st);
void render_report_json(std::ostream& out, const ReportView& v);
class JsonWriter;
/// With --trend: a project's "trend" in the JSON report: the direction and its history.
void render_trend_json(JsonWriter& w, const ReportView& v, const ProjectStatus& st);

}  // namespace pmo
