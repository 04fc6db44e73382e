#include <pmo/render/plan.hpp>

#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <fmt/format.h>

#include <cmath>

namespace pmo {

std::vector<std::string> wbs_numbers(const Project& p) {
    std::vector<std::string> w(p.tasks.size());
    int top = 0;
    for (size_t i = 0; i < p.tasks.size(); ++i) {
        const Task& t = p.tasks[i];
        if (t.parent < 0) w[i] = std::to_string(++top);
        int k = 0;
        for (int32_t c : t.children) w[static_cast<size_t>(c)] = w[i] + "." + std::to_string(++k);
    }
    return w;
}

namespace {

std::string_view dep_name(DepType t) {
    switch (t) {
    case DepType::FS: return "finish-to-start";
    case DepType::SS: return "start-to-start";
    case DepType::FF: return "finish-to-finish";
    case DepType::SF: return "start-to-finish";
    }
    return "";
}

std::string task_ref(const PlanView& v, int32_t project, int32_t task, int32_t from_project) {
    const Project& p = v.portfolio.projects[static_cast<size_t>(project)];
    const std::string& id = p.tasks[static_cast<size_t>(task)].id;
    return project == from_project ? id : p.id + "/" + id;
}

/// "baseline": a project's or task's dates in the baseline plan and its slip; null where it is new.
void baseline_field(JsonWriter& w, const std::optional<TaskBaseline>& b) {
    w.key("baseline");
    if (b) w.begin_object().field("start", b->start.iso()).field("finish", b->finish.iso()).field("slip", b->slip).end_object();
    else w.null();
}

/// Calls `f(pi, p, pp, wbs)` for each project the view shows, with a blank line between two:
/// the table and the Markdown go through the projects alike.
template <class F>
void each_shown_project(std::ostream& out, const PlanView& v, F f) {
    bool first = true;
    for (int32_t pi : v.projects) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        if (!first) out << '\n';
        first = false;
        f(pi, p, v.plan.projects[static_cast<size_t>(pi)], wbs_numbers(p));
    }
}

/// The tasks an over-allocation books, "a, other/b": the ids of its project's tasks bare.
std::string overallocated_tasks(const PlanView& v, const Overallocation& o) {
    std::vector<std::string> tasks;
    for (auto [pj, tk] : o.tasks) tasks.push_back(task_ref(v, pj, tk, -1));
    return fmt::format("{}", fmt::join(tasks, ", "));
}

}  // namespace

/// The over-allocations a view shows: those with a task of one of its projects (with --project,
/// another project's double bookings are not this plan's business; a clash across projects is).
static std::vector<const Overallocation*> shown_overallocations(const PlanView& v) {
    std::vector<const Overallocation*> r;
    for (const Overallocation& o : v.plan.overallocations) {
        bool mine = false;
        for (auto [pj, tk] : o.tasks) mine = mine || std::find(v.projects.begin(), v.projects.end(), pj) != v.projects.end();
        if (mine) r.push_back(&o);
    }
    return r;
}

/// What its logic says: a dependency, a bound, progress, levelling.
std::string logic_driver(const PlanView& v, int32_t project, int32_t task);

std::string explain_driver(const PlanView& v, int32_t project, int32_t task) {
    const Task& t = v.portfolio.projects[static_cast<size_t>(project)].tasks[static_cast<size_t>(task)];
    const TaskPlan& x = v.plan.tasks[static_cast<size_t>(project)][static_cast<size_t>(task)];
    const Driver& d = x.driver;
    std::string why = logic_driver(v, project, task);
    if (!d.people) return why;
    // Its people were all off on the day its logic allows: say who, and until when.
    std::vector<std::string> away;
    for (const Assignment& a : t.assign) {
        if (a.index < 0) continue;
        const Resource& r = v.portfolio.resources[static_cast<size_t>(a.index)];
        for (const Absence& ab : r.absences)
            if (ab.from < x.start && d.allowed <= ab.to)
                away.push_back(fmt::format("{} is away {} to {}", r.id, ab.from.iso(), ab.to.iso()));
    }
    const std::string allows = d.kind == Driver::project_start ? "" : fmt::format(", which allows {}", d.allowed.iso());
    return fmt::format("{}{}, but its people first work on it on {}{}", why, allows, x.start.iso(),
                       away.empty() ? std::string(" (their calendars)") : ": " + fmt::format("{}", fmt::join(away, "; ")));
}

std::string logic_driver(const PlanView& v, int32_t project, int32_t task) {
    const Project& p = v.portfolio.projects[static_cast<size_t>(project)];
    const Task& t = p.tasks[static_cast<size_t>(task)];
    const TaskPlan& x = v.plan.tasks[static_cast<size_t>(project)][static_cast<size_t>(task)];
    const Driver& d = x.driver;
    switch (d.kind) {
    case Driver::project_start: return fmt::format("starts with the project on {}", p.start->iso());
    case Driver::start_no_earlier_than:
        return fmt::format("may not start before {} (start_no_earlier_than)", t.start_no_earlier_than->iso());
    case Driver::status:
        return fmt::format("had not started at the status date {}, so it is planned from then",
                           v.plan.projects[static_cast<size_t>(project)].status_date.iso());
    case Driver::actual:
        if (x.done) return "is finished: its actual dates";
        return fmt::format("is in progress ({}%): it started on {} and its remaining work is planned from the status date",
                           x.percent, x.start.iso());
    case Driver::summary:
        if (t.is_summary()) return "spans its children";
        if (d.project < 0 || d.task < 0) return "waits with its summary task";
        return fmt::format("waits with its summary task '{}', which depends on what comes before it",
                           v.portfolio.projects[static_cast<size_t>(d.project)].tasks[static_cast<size_t>(d.task)].id);
    case Driver::dependency: {
        if (d.project < 0 || d.task < 0) return "waits for a predecessor";
        std::string lag = d.lag ? fmt::format(" with a lag of {}d", d.lag) : std::string();
        return fmt::format("waits for {} ({}{})", task_ref(v, d.project, d.task, project), dep_name(d.type), lag);
    }
    case Driver::levelling: {
        const std::string who = d.resource >= 0 ? v.portfolio.resources[static_cast<size_t>(d.resource)].id : "?";
        const std::string moved = "was moved " + working_days(x.delay) + " by levelling";
        if (d.away) return fmt::format("{}: {} is away on {}", moved, who, d.day.iso());
        std::string by = d.task >= 0 ? fmt::format(", booked by {}", task_ref(v, d.project, d.task, project)) : "";
        return fmt::format("{}: {} is fully booked on {}{}", moved, who, d.day.iso(), by);
    }
    }
    return "";
}

void render_plan_explain(std::ostream& out, const PlanView& v, const std::vector<std::pair<int32_t, int32_t>>& chain) {
    bool first = true;
    for (const auto& [pi, ti] : chain) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        const Task& t = p.tasks[static_cast<size_t>(ti)];
        const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][static_cast<size_t>(ti)];
        out << (first ? "" : "  <- ") << p.id << "/" << t.id << ": " << x.start.iso() << " .. " << x.finish.iso()
            << fmt::format(" ({}d, total float {}d{})", x.f - x.s, x.total_float, x.critical ? ", critical" : "") << '\n'
            << (first ? "  " : "       ") << "because it " << explain_driver(v, pi, ti) << '\n';
        first = false;
    }
}

void render_plan_table(std::ostream& out, const PlanView& v) {
    const char* red = v.color ? "\033[31m" : "";
    const char* bold = v.color ? "\033[1m" : "";
    const char* reset = v.color ? "\033[0m" : "";
    each_shown_project(out, v, [&](int32_t pi, const Project& p, const ProjectPlan& pp, const std::vector<std::string>& wbs) {
        out << bold << p.id << reset << "  " << terminal_text(p.name.value) << "  " << pp.start.iso() << " .. " << pp.finish.iso();
        if (p.deadline) {
            out << "  deadline " << p.deadline->iso();
            if (pp.deadline_slip) out << red << " (missed by " << *pp.deadline_slip << "d)" << reset;
        }
        out << '\n';
        if (v.baseline) {
            const auto& b = v.baseline->projects[static_cast<size_t>(pi)];
            if (b) out << fmt::format("  baseline {}: finish {}, {}\n", v.baseline->revision, b->finish.iso(),
                                      b->slip == 0 ? std::string("no slip")
                                                   : (b->slip > 0 ? "slipped " : "gained ") + working_days(std::abs(b->slip)));
            else out << "  baseline " << v.baseline->revision << ": a new project\n";
        }
        size_t width = 4;
        for (size_t i = 0; i < p.tasks.size(); ++i)
            width = std::max(width, wbs[i].size() + 1 + p.tasks[i].id.size() + 2 * static_cast<size_t>(p.tasks[i].depth));
        width = std::min<size_t>(width, 48);
        out << fmt::format("  {:<{}} {:<10} {:<10} {:>5} {:>5} {:>4}{}  {}\n", "task", width, "start", "finish", "days",
                           "float", "done", v.baseline ? "  slip" : "", "");
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            std::string label = std::string(2 * static_cast<size_t>(t.depth), ' ') + wbs[i] + " " + t.id;
            if (label.size() > width) label = label.substr(0, width - 1) + "~";
            std::string mark;
            if (x.critical) mark += "critical";
            if (t.is_milestone()) mark += mark.empty() ? "milestone" : ", milestone";
            if (x.delay > 0) mark += fmt::format("{}levelled +{}d", mark.empty() ? "" : ", ", x.delay);
            const bool crit = x.critical && !t.is_summary();
            std::string slip;
            if (v.baseline) {
                const auto& b = v.baseline->tasks[static_cast<size_t>(pi)][i];
                slip = b ? (b->slip ? fmt::format(" {:>+5}", b->slip) : "     0") : "   new";
            }
            out << "  " << (crit ? red : "") << (t.is_summary() ? bold : "")
                << fmt::format("{:<{}} {} {} {:>5} {:>5} {:>3}%{}  {}", label, width, x.start.iso(), x.finish.iso(),
                               x.f - x.s, x.total_float, x.percent, slip, mark)
                << reset << '\n';
        }
    });
    if (v.baseline && !v.baseline->removed.empty()) {
        out << '\n' << bold << "removed since " << v.baseline->revision << reset << '\n';
        for (const auto& [p, t] : v.baseline->removed) out << "  " << p << '/' << t << '\n';
    }
    if (const auto shown = shown_overallocations(v); !shown.empty()) {
        out << '\n' << bold << "over-allocations" << reset << '\n';
        for (const Overallocation* op : shown) {
            const Overallocation& o = *op;
            out << fmt::format("  {} {} .. {}  peak {:g}% of {:g}%  {}\n",
                               v.portfolio.resources[static_cast<size_t>(o.resource)].id, o.from.iso(), o.to.iso(),
                               o.peak_units * 100, o.capacity * 100, overallocated_tasks(v, o));
        }
    }
}

void render_plan_markdown(std::ostream& out, const PlanView& v) {
    each_shown_project(out, v, [&](int32_t pi, const Project& p, const ProjectPlan& pp, const std::vector<std::string>& wbs) {
        out << "## " << md_escape(p.name.value) << " (`" << p.id << "`)\n\n";
        out << "Planned " << pp.start.iso() << " to " << pp.finish.iso();
        if (p.deadline) {
            out << ", deadline " << p.deadline->iso();
            if (pp.deadline_slip) out << " (**missed by " << working_days(*pp.deadline_slip) << "**)";
        }
        out << ".\n\n";
        out << "| WBS | Task | Start | Finish | Days | Float | Done | Critical |" << (v.baseline ? " Baseline finish | Slip |" : "") << '\n';
        out << "|---|---|---|---|--:|--:|--:|:-:|" << (v.baseline ? "---|--:|" : "") << '\n';
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            std::string name = md_escape(t.name ? t.name.value : t.id);
            if (t.is_summary()) name = "**" + name + "**";
            if (t.is_milestone()) name = "◆ " + name;
            out << fmt::format("| {} | {}{} | {} | {} | {} | {} | {}% | {} |", wbs[i],
                               std::string(t.depth > 0 ? static_cast<size_t>(t.depth) * 2 : 0, ' '), name,
                               x.start.iso(), x.finish.iso(), x.f - x.s, x.total_float, x.percent,
                               x.critical ? "yes" : "");
            if (v.baseline) {
                const auto& b = v.baseline->tasks[static_cast<size_t>(pi)][i];
                out << (b ? fmt::format(" {} | {:+} |", b->finish.iso(), b->slip) : std::string(" new | |"));
            }
            out << '\n';
        }
    });
    if (const auto shown = shown_overallocations(v); !shown.empty()) {
        out << "\n## Over-allocations\n\n| Resource | From | To | Peak | Capacity | Tasks |\n|---|---|---|--:|--:|---|\n";
        for (const Overallocation* op : shown) {
            const Overallocation& o = *op;
            out << fmt::format("| {} | {} | {} | {:g}% | {:g}% | {} |\n",
                               v.portfolio.resources[static_cast<size_t>(o.resource)].id, o.from.iso(), o.to.iso(),
                               o.peak_units * 100, o.capacity * 100, md_escape(overallocated_tasks(v, o)));
        }
    }
}

void render_plan_csv(std::ostream& out, const PlanView& v) {
    out << "project,wbs,task,name,start,finish,duration,milestone,summary,total_float,free_float,critical,"
           "percent_complete,levelling_delay\r\n";
    for (int32_t pi : v.projects) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        const auto wbs = wbs_numbers(p);
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(p.id), wbs[i], csv_field(t.id),
                               csv_field(t.name ? t.name.value : ""), x.start.iso(), x.finish.iso(), x.f - x.s,
                               t.is_milestone() ? "true" : "false", t.is_summary() ? "true" : "false", x.total_float,
                               x.free_float, x.critical ? "true" : "false", x.percent, x.delay);
        }
    }
}

void render_plan_json(std::ostream& out, const PlanView& v) {
    JsonWriter w(out);
    const auto& pf = v.portfolio;
    w.begin_object();
    w.field("levelled", v.plan.levelled);
    w.key("projects").begin_array();
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        const WorkCalendar& wc = v.plan.calendar(static_cast<size_t>(pi));
        const auto wbs = wbs_numbers(p);
        w.begin_object();
        w.field("id", p.id).field("name", p.name ? p.name.value : p.id);
        w.field("start", pp.start.iso()).field("finish", pp.finish.iso());
        w.field_or_null("deadline", p.deadline);
        w.field_or_null("deadline_slip", pp.deadline_slip);
        w.field("status_date", pp.status_date.iso());
        if (v.baseline) baseline_field(w, v.baseline->projects[static_cast<size_t>(pi)]);
        w.key("tasks").begin_array();
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            w.begin_object();
            w.field("id", t.id).field("name", t.name ? t.name.value : t.id).field("wbs", wbs[i]);
            w.key("parent");
            if (t.parent >= 0) w.value(p.tasks[static_cast<size_t>(t.parent)].id);
            else w.null();
            w.field("start", x.start.iso()).field("finish", x.finish.iso());
            w.field("duration", x.f - x.s);
            w.field("milestone", t.is_milestone() || (!t.is_summary() && x.f == x.s));
            w.field("summary", t.is_summary());
            w.field("early_start", wc.date(x.es).iso());
            w.field("early_finish", (x.ef > x.es ? wc.date(x.ef - 1) : wc.date(x.es)).iso());
            w.field("late_start", wc.date(x.ls).iso());
            w.field("late_finish", (x.lf > x.ls ? wc.date(x.lf - 1) : wc.date(x.ls)).iso());
            w.field("total_float", x.total_float).field("free_float", x.free_float);
            w.field("critical", x.critical);
            w.field("percent_complete", x.percent);
            w.field("levelling_delay", x.delay);
            w.field("why", explain_driver(v, pi, static_cast<int32_t>(i)));
            w.key("levelled_by");
            if (x.driver.kind == Driver::levelling && x.driver.resource >= 0) {
                w.begin_object();
                w.field("resource", pf.resources[static_cast<size_t>(x.driver.resource)].id);
                w.field("day", x.driver.day.iso()).field("away", x.driver.away);
                w.key("task");
                if (x.driver.task >= 0)
                    w.value(pf.projects[static_cast<size_t>(x.driver.project)].id + "/" +
                            pf.projects[static_cast<size_t>(x.driver.project)].tasks[static_cast<size_t>(x.driver.task)].id);
                else w.null();
                w.end_object();
            } else {
                w.null();
            }
            if (v.baseline) baseline_field(w, v.baseline->tasks[static_cast<size_t>(pi)][i]);
            w.key("depends").begin_array();
            for (const Dependency& d : t.depends) {
                w.begin_object();
                w.field("task", d.project == pi ? pf.projects[static_cast<size_t>(d.project)].tasks[static_cast<size_t>(d.task)].id
                                                : pf.projects[static_cast<size_t>(d.project)].id + "/" +
                                                      pf.projects[static_cast<size_t>(d.project)].tasks[static_cast<size_t>(d.task)].id);
                w.field("type", to_string(d.type)).field("lag", d.lag.days(wc.days_per_week(), wc.hours_per_day()));
                w.end_object();
            }
            w.end_array();
            w.key("resources").begin_array();
            for (const Assignment& a : t.assign) {
                w.begin_object().field("id", a.resource).field("units", a.units);
                // What the plan books this person on this task, day by day (hours to 1/1000).
                const Booking* booking = nullptr;
                for (const Booking& b : x.bookings)
                    if (b.resource == a.index) booking = &b;
                auto round = [](double h) { return std::round(h * 1000) / 1000; };
                w.field("hours", round(booking ? booking->hours : 0.0));
                w.key("bookings").begin_array();
                if (booking)
                    for (const auto& [d, h] : booking->days)
                        w.begin_line_object().field("date", d.iso()).field("hours", round(h)).end_object();
                w.end_array();
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    if (v.baseline) {
        w.key("baseline").begin_object();
        w.field("revision", v.baseline->revision).field("commit", v.baseline->commit);
        w.key("removed").begin_array();
        for (const auto& [p, t] : v.baseline->removed) w.value(p + "/" + t);
        w.end_array();
        w.end_object();
    }
    w.key("overallocations").begin_array();
    for (const Overallocation* op : shown_overallocations(v)) {
        const Overallocation& o = *op;
        w.begin_object();
        w.field("resource", pf.resources[static_cast<size_t>(o.resource)].id);
        w.field("from", o.from.iso()).field("to", o.to.iso());
        w.field("peak_units", o.peak_units).field("capacity", o.capacity);
        w.key("tasks").begin_array();
        for (auto [pj, tk] : o.tasks)
            w.value(pf.projects[static_cast<size_t>(pj)].id + "/" +
                    pf.projects[static_cast<size_t>(pj)].tasks[static_cast<size_t>(tk)].id);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

}  // namespace pmo
