#include <pmo/analyse/change_control.hpp>
#include <pmo/check/rule_ids.hpp>
#include <pmo/model/words.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <future>

namespace pmo {
namespace {

bool approved(const Record& r) {
    auto s = r.fields.find("status");
    return s != r.fields.end() && (s->second.value == "approved" || s->second.value == "implemented");
}

/// The changes of `p` approved now that were not approved (or not there) at the baseline.
std::vector<const Record*> new_approvals(const Project& p, const Project* before) {
    std::vector<const Record*> out;
    for (const Record& r : p.records) {
        if (r.section != "changes" || !approved(r)) continue;
        const bool then = before && std::any_of(before->records.begin(), before->records.end(), [&](const Record& b) {
                              return b.section == "changes" && b.id == r.id && approved(b);
                          });
        if (!then) out.push_back(&r);
    }
    return out;
}

std::string money(double v) { return fmt::format("{:.0f}", v); }

class Control {
public:
    Control(const Portfolio& now, const Plan& plan, const Portfolio& then, const BaselineComparison& c)
        : m_now(now), m_plan(plan), m_then(then), m_c(c) {}

    Findings run() {
        for (size_t pi = 0; pi < m_now.projects.size(); ++pi) project(pi);
        return std::move(m_out);
    }

private:
    void project(size_t pi) {
        const Project& p = m_now.projects[pi];
        const int32_t bi = m_then.project_index(p.id);
        if (bi < 0) return;  // a new project is new scope of the portfolio, not a change of a project
        const Project& b = m_then.projects[static_cast<size_t>(bi)];
        const ChangeRules& rules = m_now.config.change;
        m_approvals = new_approvals(p, &b);
        m_file = p.file >= 0 ? m_now.files[static_cast<size_t>(p.file)] : std::string();
        const WorkCalendar& cal = m_plan.calendar(pi);
        auto wd = [&](Date before, Date after) { return cal.index(after + 1) - cal.index(before + 1); };

        bool milestone_seen = false;
        for (size_t ti = 0; ti < p.tasks.size(); ++ti) {
            const Task& t = p.tasks[ti];
            const auto& base = m_c.tasks[pi][ti];
            if (t.is_milestone() && base && base->slip > rules.slip_days) {
                milestone_seen = true;
                add(p, t.id, t.pos,
                    fmt::format("milestone '{}'{} slips {} since {} ({} -> {}), more than [change] slip_days "
                                "{}",
                                t.id, named(t), working_days(base->slip), m_c.revision, base->finish.iso(),
                                m_plan.tasks[pi][ti].finish.iso(), rules.slip_days));
            }
            if (!base && !t.is_summary()) {
                const TaskPlan& tp = m_plan.tasks[pi][ti];
                const int32_t days = tp.f - tp.s;
                if (days > rules.scope_days)
                    add(p, t.id, t.pos,
                        fmt::format("task '{}'{} is new since {} and lasts {} ({} -> {}), more than "
                                    "[change] scope_days {}: added scope",
                                    t.id, named(t), m_c.revision, working_days(days), tp.start.iso(), tp.finish.iso(), rules.scope_days));
            }
            if (base && t.finish_no_later_than) {
                const int32_t bt = find_task(b, t.id);
                const Task& old = b.tasks[static_cast<size_t>(bt)];
                if (old.finish_no_later_than && old.finish_no_later_than.value != t.finish_no_later_than.value)
                    add(p, t.id, t.finish_no_later_than.pos,
                        fmt::format("task '{}'{} finish_no_later_than moves {} since {} ({} -> {})", t.id,
                                    named(t), signed_working_days(wd(old.finish_no_later_than.value, t.finish_no_later_than.value)),
                                    m_c.revision, old.finish_no_later_than.value.iso(), t.finish_no_later_than.value.iso()));
            }
        }
        if (const auto& fin = m_c.projects[pi]; fin && fin->slip > rules.slip_days && !milestone_seen)
            add(p, p.id, p.pos,
                fmt::format("project '{}' finishes {} later since {} ({} -> {}), more than [change] "
                            "slip_days {}",
                            p.id, working_days(fin->slip), m_c.revision, fin->finish.iso(), m_plan.projects[pi].finish.iso(),
                            rules.slip_days));
        if (p.budget && b.budget && b.budget.value > 0) {
            const double growth = (p.budget.value - b.budget.value) / b.budget.value * 100;
            if (growth > rules.budget_percent + 1e-9)
                add(p, p.id, p.budget.pos,
                    fmt::format("the budget of project '{}' grows {:.1f}% since {} ({} -> {} {}, +{}), more than [change] "
                                "budget_percent {:g}",
                                p.id, growth, m_c.revision, money(b.budget.value), money(p.budget.value),
                                m_now.config.currency, money(p.budget.value - b.budget.value), rules.budget_percent));
        }
        if (p.deadline && b.deadline && p.deadline.value != b.deadline.value)
            add(p, p.id, p.deadline.pos,
                fmt::format("the deadline of project '{}' moves {} since {} ({} -> {})", p.id,
                            signed_working_days(wd(b.deadline.value, p.deadline.value)), m_c.revision, b.deadline.value.iso(),
                            p.deadline.value.iso()));
        else if (!p.deadline && b.deadline)
            add(p, p.id, p.pos,
                fmt::format("project '{}' no longer has the deadline {} it had at {}", p.id, b.deadline.value.iso(),
                            m_c.revision));
        for (const auto& [pid, tid] : m_c.removed) {
            if (pid != p.id) continue;
            const Task& old = b.tasks[static_cast<size_t>(find_task(b, tid))];
            if (old.parent >= 0 && find_task(p, b.tasks[static_cast<size_t>(old.parent)].id) < 0) continue;  // its summary went too
            add(p, tid, p.pos,
                fmt::format("{} '{}'{} of project '{}' was removed since {}", old.is_milestone() ? "milestone" : "task",
                            tid, named(old), p.id, m_c.revision));
        }
    }

    static std::string named(const Task& t) { return t.name ? fmt::format(" ({})", t.name.value) : std::string(); }

    void add(const Project& p, const std::string& element, Pos pos, std::string what) {
        for (const Record* r : m_approvals) {
            auto it = r->lists.find("affects");
            if (it == r->lists.end()) continue;
            for (const auto& a : it->second)
                if (a.value == element || a.value == p.id) return;  // approved: on record
        }
        m_out.push_back({rule_id::unapproved_change, Severity::error, pos,
                         fmt::format("{}, and no change approved since names it: record one under 'changes:' in {} "
                                     "(status: approved, affects: [{}])",
                                     what, m_file, element)});
    }

    const Portfolio& m_now;
    const Plan& m_plan;
    const Portfolio& m_then;
    const BaselineComparison& m_c;
    std::vector<const Record*> m_approvals;
    std::string m_file;
    Findings m_out;
};

}  // namespace

Findings unapproved_changes(const Portfolio& now, const Plan& plan, const Portfolio& then, const Plan&,
                            const BaselineComparison& comparison) {
    return Control(now, plan, then, comparison).run();
}

Findings unapproved_changes_since(const std::string& root, const std::string& rev, const Portfolio& now,
                                  const PlanOptions& options) {
    std::future<Baseline> then = std::async(std::launch::async, [&] { return plan_baseline(root, rev, options); });
    // When make_plan throws, the future's destructor waits for the baseline's plan.
    const Plan plan = make_plan(now, options);
    Baseline b = then.get();
    compare_with_baseline(b, rev, now, plan);
    return unapproved_changes(now, plan, b.loaded.portfolio, b.plan, b.comparison);
}

}  // namespace pmo
