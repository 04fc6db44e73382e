#include <pmo/schedule/explain.hpp>

#include <set>

namespace pmo {

std::vector<std::pair<int32_t, int32_t>> driver_chain(const Portfolio& pf, const Plan& plan, int32_t pi, int32_t ti) {
    std::vector<std::pair<int32_t, int32_t>> chain;
    std::set<std::pair<int32_t, int32_t>> seen;
    while (pi >= 0 && ti >= 0 && seen.insert({pi, ti}).second) {
        chain.push_back({pi, ti});
        const Task& t = pf.projects[static_cast<size_t>(pi)].tasks[static_cast<size_t>(ti)];
        const std::vector<TaskPlan>& tp = plan.tasks[static_cast<size_t>(pi)];
        const Driver& d = tp[static_cast<size_t>(ti)].driver;
        if (t.is_summary()) {
            // A summary waits for the child that finishes last.
            int32_t last = -1;
            for (int32_t c : t.children)
                if (last < 0 || tp[static_cast<size_t>(c)].f > tp[static_cast<size_t>(last)].f) last = c;
            ti = last;
        } else if (d.kind == Driver::dependency || d.kind == Driver::summary || (d.kind == Driver::levelling && d.task >= 0)) {
            pi = d.project;
            ti = d.task;
        } else {
            break;
        }
    }
    return chain;
}

}  // namespace pmo
