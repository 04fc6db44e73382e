#include <pmo/analyse/baseline.hpp>

#include <pmo/check/rule_ids.hpp>
#include <pmo/load/git_source.hpp>
#include <pmo/model/error.hpp>

#include <fmt/format.h>
#include <memory>

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

Baseline plan_baseline(const std::string& root, const std::string& rev, const PlanOptions& options) {
    std::unique_ptr<GitSource> git;
    try {
        git = std::make_unique<GitSource>(root, rev);
    } catch (const Error& e) {
        throw Error(fmt::format("baseline {}: {}", rev, e.what()));
    }
    Baseline b{load_portfolio(*git), {}, {}, {}};
    if (!b.loaded.usable()) {
        // A file git could not give (a corrupt or missing object) is named with git's words.
        std::string unreadable;
        for (const Finding& f : b.loaded.findings)
            if (f.rule == rule_id::unreadable_file && unreadable.empty() && f.pos.file >= 0)
                unreadable = fmt::format(" ({}: {})", b.loaded.portfolio.files[static_cast<size_t>(f.pos.file)], f.message);
        throw Error(fmt::format("baseline {}: the portfolio at that revision cannot be planned{}: run 'pmo check --at {}'",
                                rev, unreadable, rev));
    }
    // The plan as it was then: each project at its own status date of that revision, else at
    // the day of that commit; never at --as-of or today, which would hold the baseline's
    // unstarted work back to today and hide the slip of work that should have started.
    PlanOptions o = options;
    o.as_of.reset();
    const std::optional<Date> made = git->commit_date();
    if (!made) throw Error(fmt::format("baseline {}: cannot read the date of commit {}", rev, git->commit()));
    for (Project& p : b.loaded.portfolio.projects)
        if (!p.status_date) p.status_date.set(*made, p.pos);
    try {
        b.plan = make_plan(b.loaded.portfolio, o);
    } catch (const Error& e) {
        throw Error(fmt::format("baseline {}: {}", rev, e.what()));
    }
    b.commit = git->commit();
    return b;
}

void compare_with_baseline(Baseline& b, const std::string& rev, const Portfolio& now, const Plan& now_plan) {
    b.comparison = compare_baseline(now, now_plan, b.loaded.portfolio, b.plan);
    b.comparison.revision = rev;
    b.comparison.commit = b.commit;
}

Baseline load_baseline(const std::string& root, const std::string& rev, const PlanOptions& options, const Portfolio& now,
                       const Plan& now_plan) {
    Baseline b = plan_baseline(root, rev, options);
    compare_with_baseline(b, rev, now, now_plan);
    return b;
}

}  // namespace pmo
