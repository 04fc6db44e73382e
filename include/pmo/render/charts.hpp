#pragma once

#include <pmo/analyse/report.hpp>
#include <pmo/analyse/trend.hpp>
#include <pmo/render/plan.hpp>
#include <pmo/render/resources.hpp>
#include <pmo/render/risk.hpp>

#include <optional>
#include <ostream>
#include <vector>

namespace pmo {

/// Which tasks a Gantt chart draws, and against what.
struct GanttOptions {
    /// Only the main tasks (top-level tasks and every milestone), at most `max_rows` of them
    /// per project, milestones and critical tasks first; else every task.
    bool main_tasks = false;
    size_t max_rows = 30;
    /// Baseline dates drawn under each bar; null: none (plan uses PlanView::baseline).
    const BaselineComparison* baseline = nullptr;
    bool project_headers = true;  ///< a header row per project (off for a one-project chart)
    double width = 1400;          ///< the time axis' length in pixels, within what keeps days visible
};

/// The main tasks of a project as a Gantt or Mermaid chart shows them: top-level tasks and
/// every milestone, at most `max_rows`, milestones and critical tasks kept first; `hidden`
/// gets how many were left out.
std::vector<size_t> main_tasks(const Project& p, const std::vector<TaskPlan>& tp, size_t max_rows, size_t& hidden);

/// A Gantt chart: bars by status (critical, done, in progress), summaries, milestones,
/// deadlines, dependencies, the status date, baseline bars; a legend for all of them.
void render_gantt_svg(std::ostream& out, const PlanView& v, const GanttOptions& o);

/// The resource heat map: a cell per person and period, in the classes its legend shows.
/// `people`: resource indices to draw (empty: everyone in the report); only the periods that
/// overlap [from, to].
void render_resource_heatmap_svg(std::ostream& out, const ResourceView& v, const std::vector<int32_t>& people = {},
                                 Date from = Date{INT32_MIN}, Date to = Date{INT32_MAX});

/// The probability x impact heat map of the live risks in `rows` of `reg` (all of them, or
/// those of `project` when it is not -1).
void render_risk_heatmap_svg(std::ostream& out, const Portfolio& pf, const RiskRegister& reg, int32_t project = -1);

/// Earned value at one past status (from the trend), for the S-curve.
struct EvPoint {
    Date date;
    double pv = 0, ev = 0;
    std::optional<double> ac;
};

/// The S-curve of one project: planned value over the baseline, earned value and actual cost
/// up to the status date (through `history` when there is one), the status date, BAC.
void render_scurve_svg(std::ostream& out, const Portfolio& pf, const ProjectStatus& st,
                       const std::vector<EvPoint>& history = {});

/// The milestone trend analysis chart of one project: each milestone's forecast (up) at each
/// status date (across), the diagonal where forecast meets status.
void render_mta_svg(std::ostream& out, const Trend& t, const std::string& project, const std::string& name);

/// The RAG matrix: a row per project, a column per dimension, each cell its colour and word.
void render_rag_matrix_svg(std::ostream& out, const Portfolio& pf, const PortfolioStatus& s);

/// Every project's milestones on one time line: forecast, baseline, done or late, and the
/// status date.
void render_milestone_timeline_svg(std::ostream& out, const Portfolio& pf, const PortfolioStatus& s);

}  // namespace pmo
