#pragma once

#include <pmo/analyse/baseline.hpp>
#include <pmo/schedule/plan.hpp>

#include <ostream>

namespace pmo {

struct PlanView {
    const Portfolio& portfolio;
    const Plan& plan;
    std::vector<int32_t> projects;  ///< indices of the projects to show, in order
    bool color = false;
    const BaselineComparison* baseline = nullptr;  ///< with --baseline
    Date today{};  ///< MSPDI's dates when no project is shown; read once by the caller (cli's Context)
};

/// WBS numbers ("1", "1.2", "1.2.1") of a project's tasks, in task order.
std::vector<std::string> wbs_numbers(const Project& p);

/// One sentence on why a task starts when it does.
std::string explain_driver(const PlanView& v, int32_t project, int32_t task);
/// --explain: each task of a driver chain (schedule/explain.hpp), its dates and float, and
/// why it starts when it does.
void render_plan_explain(std::ostream& out, const PlanView& v, const std::vector<std::pair<int32_t, int32_t>>& chain);

/// One task of a Mermaid gantt: its title, tags (crit, done, active, milestone) and dates.
std::string mermaid_gantt_row(const Task& t, const TaskPlan& x, const std::string& id);

void render_plan_table(std::ostream& out, const PlanView& v);
void render_plan_markdown(std::ostream& out, const PlanView& v);
void render_plan_csv(std::ostream& out, const PlanView& v);
void render_plan_json(std::ostream& out, const PlanView& v);
void render_plan_mermaid(std::ostream& out, const PlanView& v);
void render_plan_svg(std::ostream& out, const PlanView& v);
/// Returns what the file cannot hold as pmo has it, one line each (a link to a project the view
/// leaves out is written as the date it gives).
std::vector<std::string> render_plan_mspdi(std::ostream& out, const PlanView& v);
void render_plan_ical(std::ostream& out, const PlanView& v);

}  // namespace pmo
