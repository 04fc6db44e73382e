#include <pmo/analyse/baseline.hpp>

namespace pmo {

BaselineComparison compare_baseline(const Portfolio& now, const Plan& plan, const Portfolio& then, const Plan& then_plan) {
    BaselineComparison c;
    c.tasks.resize(now.projects.size());
    c.projects.resize(now.projects.size());
    for (size_t pi = 0; pi < now.projects.size(); ++pi) {
        const Project& p = now.projects[pi];
        c.tasks[pi].resize(p.tasks.size());
        const int32_t bi = then.project_index(p.id);
        c.budget_before.push_back({p.id, bi >= 0 && then.projects[static_cast<size_t>(bi)].budget
                                             ? std::optional<double>(then.projects[static_cast<size_t>(bi)].budget.value)
                                             : std::nullopt});
        if (bi < 0) continue;
        const Project& b = then.projects[static_cast<size_t>(bi)];
        // Slips in working days of the current calendar.
        const WorkCalendar& cal = plan.calendar(pi);
        auto slip = [&](Date before, Date after) { return cal.index(after + 1) - cal.index(before + 1); };
        const ProjectPlan& pp = plan.projects[pi];
        const ProjectPlan& bp = then_plan.projects[static_cast<size_t>(bi)];
        c.projects[pi] = TaskBaseline{bp.start, bp.finish, slip(bp.finish, pp.finish)};
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const int32_t bt = find_task(b, p.tasks[ti].id);
            if (bt < 0) continue;
            const TaskPlan& x = then_plan.tasks[static_cast<size_t>(bi)][static_cast<size_t>(bt)];
            c.tasks[pi][ti] = TaskBaseline{x.start, x.finish, slip(x.finish, plan.tasks[pi][ti].finish)};
        }
        for (const Task& t : b.tasks)
            if (find_task(p, t.id) < 0) c.removed.push_back({p.id, t.id});
    }
    for (const Project& b : then.projects)
        if (now.project_index(b.id) < 0)
            for (const Task& t : b.tasks) c.removed.push_back({b.id, t.id});
    return c;
}

}  // namespace pmo
