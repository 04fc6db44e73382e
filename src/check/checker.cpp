#include <pmo/check/checker.hpp>

#include <pmo/check/rules.hpp>
#include <pmo/model/fields.hpp>
#include <pmo/model/gates.hpp>
#include <pmo/model/records.hpp>
#include <pmo/model/risk_score.hpp>
#include <pmo/model/spell.hpp>
#include <pmo/schedule/effort.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <tuple>

namespace pmo {

void sort_findings(Findings& f, const Portfolio& p) {
    auto file = [&](const Finding& x) -> std::string_view {
        return x.pos.file >= 0 ? std::string_view(p.files[static_cast<size_t>(x.pos.file)]) : std::string_view();
    };
    std::stable_sort(f.begin(), f.end(), [&](const Finding& a, const Finding& b) {
        if (file(a) != file(b)) return file(a) < file(b);
        if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
        if (a.pos.col != b.pos.col) return a.pos.col < b.pos.col;
        if (a.rule != b.rule) return a.rule < b.rule;
        return a.message < b.message;
    });
}

namespace {

std::string pct(double v) { return fmt::format("{:g}%", std::round(v * 1000) / 10); }

class Checker {
public:
    Checker(const Portfolio& p, const CheckOptions& o, Findings& out) : m_p(p), m_o(o), m_out(out) {
        for (const Resource& r : p.resources)
            for (const auto& s : r.skills) m_skills.insert(s.value);
        // Which tasks something depends on, across the whole portfolio, found in one pass.
        m_depended_on.resize(p.projects.size());
        for (size_t i = 0; i < p.projects.size(); ++i) m_depended_on[i].assign(p.projects[i].tasks.size(), 0);
        for (const Project& q : p.projects)
            for (const Task& t : q.tasks)
                for (const Dependency& d : t.depends)
                    if (d.project >= 0 && d.task >= 0)
                        m_depended_on[static_cast<size_t>(d.project)][static_cast<size_t>(d.task)] = 1;
    }

    void add(RuleId id, Pos pos, std::string msg, std::vector<Note> notes = {}) {
        m_out.push_back({std::string(id), rule(id).severity, pos, std::move(msg), std::move(notes)});
    }

    void run() {
        for (const Project& p : m_p.projects) {
            if (!m_o.projects.empty() && !m_o.projects.count(p.id)) continue;
            project(p);
            dates(p);
            tasks(p);
            risks(p);
            records(p);
        }
    }

private:
    bool has(const Project& p, std::string_view field) const {
        return std::find(p.present.begin(), p.present.end(), field) != p.present.end();
    }
    static bool listed(const std::vector<std::string>& v, std::string_view x) {
        return v.empty() || std::find(v.begin(), v.end(), x) != v.end();
    }

    void project(const Project& p) {
        bool sponsor_required = false, manager_required = false;
        for (const Requirement& r : m_p.config.requirements) {
            const std::string_view phase = p.phase ? spec::phases[static_cast<size_t>(p.phase.value)] : "";
            const std::string_view meth = p.methodology ? spec::methodologies[static_cast<size_t>(p.methodology.value)] : "";
            if (!r.phases.empty() && (phase.empty() || !listed(r.phases, phase))) continue;
            if (!r.methodologies.empty() && (meth.empty() || !listed(r.methodologies, meth))) continue;
            for (const std::string& f : r.fields) {
                if (f == "project.sponsor") sponsor_required = true;
                if (f == "project.manager") manager_required = true;
                if (has(p, f)) continue;
                std::string why = phase.empty() ? std::string() : fmt::format(" in phase {}", phase);
                add(rule_id::required_field, p.pos, fmt::format("project '{}'{} must have '{}'", p.id, why, f),
                    {{r.pos, "required by this [[require]] in pmo.toml"}});
            }
        }
        templates(p);
        if (p.manager) person(p.manager, fmt::format("project '{}' manager", p.id));
        gates(p);
        if (!p.manager && !manager_required)
            add(rule_id::project_without_manager, p.pos, fmt::format("project '{}' names no manager", p.id));
        if (!p.sponsor && !sponsor_required)
            add(rule_id::project_without_sponsor, p.pos, fmt::format("project '{}' names no sponsor", p.id));
    }

    static std::string_view phase_name(const Project& p) {
        return p.phase ? spec::phases[static_cast<size_t>(p.phase.value)] : std::string_view();
    }

    /// The template the PMO wants for the project's methodology, and what the template wants kept.
    void templates(const Project& p) {
        const std::string_view meth = p.methodology ? spec::methodologies[static_cast<size_t>(p.methodology.value)] : "";
        for (const TemplateRule& r : m_p.config.templates) {
            if (r.methodology != meth || (p.template_name && p.template_name.value == r.name)) continue;
            if (!p.template_name)
                add(rule_id::missing_template, p.pos,
                    fmt::format("{} project '{}' names no template; the PMO wants 'template: {}'", meth, p.id, r.name),
                    {{r.pos, "required by pmo.toml [templates]"}});
            else
                add(rule_id::missing_template, p.template_name.pos,
                    fmt::format("{} project '{}' follows template '{}'; the PMO wants '{}' for {} projects", meth, p.id,
                                p.template_name.value, r.name, meth),
                    {{r.pos, "required by pmo.toml [templates]"}});
        }
        if (!p.template_name) return;
        const Template* t = m_p.find_template(p.template_name.value);
        if (!t || !t->found()) return;  // reported by the loader
        const std::string_view phase = phase_name(p);
        for (const TemplateElement& e : t->elements) {
            const std::string named = e.name.empty() ? std::string() : fmt::format(" ({})", e.name);
            std::string missing;
            switch (e.kind) {
            case TemplateElement::milestone: {
                const int32_t ti = find_task(p, e.id);
                if (ti < 0) missing = fmt::format("has no milestone '{}'{}", e.id, named);
                else if (!p.tasks[static_cast<size_t>(ti)].is_milestone())
                    missing = fmt::format("has '{}'{} as a task, not as a milestone", e.id, named);
                break;
            }
            case TemplateElement::gate: {
                const bool kept = std::any_of(p.records.begin(), p.records.end(),
                                              [&](const Record& r) { return r.section == "gates" && r.id == e.id; });
                if (!kept) missing = fmt::format("has no gate '{}'{} in its gates register", e.id, named);
                break;
            }
            case TemplateElement::register_:
                if (!has(p, e.id)) missing = fmt::format("has no {} register (or an empty one)", e.id);
                break;
            case TemplateElement::field:
                if (!e.phases.empty() && (phase.empty() || !listed(e.phases, phase))) break;
                if (!has(p, e.id))
                    missing = fmt::format("has no '{}'{}", e.id,
                                          phase.empty() ? std::string() : fmt::format(" in phase {}", phase));
                break;
            }
            if (!missing.empty())
                add(rule_id::template_missing_element, p.pos,
                    fmt::format("project '{}' {}; template '{}' requires it", p.id, missing, t->name),
                    {{e.pos, fmt::format("required by template '{}' here", t->name)}});
        }
    }

    /// Stage gates: passed before the phase they open, and what the next one still lacks.
    void gates(const Project& p) {
        if (!p.phase) return;
        const std::string_view phase = phase_name(p);
        bool next_seen = false;
        for (const GateState& g : project_gates(m_p, p)) {
            const GateRule& rule = *g.rule;
            const std::string gate = rule.name.empty() ? fmt::format("'{}'", rule.id) : fmt::format("'{}' ({})", rule.id, rule.name);
            const std::string_view opens = spec::phases[static_cast<size_t>(rule.opens)];
            std::vector<Note> notes{{rule.pos, fmt::format("gate '{}' in pmo.toml: opens {}", rule.id, opens)}};
            if (g.record) notes.push_back({g.record->pos, "the project's entry for it in its gates register"});
            for (const GateCriterion& c : g.criteria)
                if (!c.met) notes.push_back({rule.pos, fmt::format("criterion not met: {}", c.detail)});
            if (g.due && !g.passed) {
                const std::string state = !g.record ? "is not in its gates register"
                                          : g.status == "waived" ? "is waived without a reason"
                                                                 : fmt::format("is {}", g.status);
                add(rule_id::gate_not_passed, p.phase.pos,
                    fmt::format("project '{}' is in phase {}, but gate {} {}: a project works in {} only once the gate "
                                "is passed, or waived with a reason",
                                p.id, phase, gate, state, opens),
                    std::move(notes));
                continue;
            }
            if (g.due && m_p.config.type == PmoType::directive && !g.approval_problem.empty() &&
                g.approval_problem != "names no approver") {  // no approver at all: missing-approval
                add(rule_id::gate_not_passed, p.phase.pos,
                    fmt::format("project '{}' is in phase {}, but gate {} {}; this PMO needs the {} to approve it", p.id,
                                phase, gate, g.approval_problem, rule.approver),
                    std::move(notes));
                continue;
            }
            if (g.due || g.passed || next_seen) continue;
            next_seen = true;  // the next gate ahead of the project: what it still lacks
            if (g.ready()) continue;
            std::vector<std::string> missing;
            for (const GateCriterion& c : g.criteria)
                if (!c.met) missing.push_back(c.detail);
            add(rule_id::gate_not_ready, p.phase.pos,
                fmt::format("project '{}' is not ready for its next gate {} (opens {}): {} of {} criteria unmet: {}", p.id,
                            gate, opens, missing.size(), g.criteria.size(), fmt::join(missing, "; ")),
                {{rule.pos, fmt::format("gate '{}' in pmo.toml", rule.id)}});
        }
    }

    /// Dates that shape the plan but lie decades from the status date: most likely a mistyped
    /// year (8880 for 2028), which would stretch the plan over centuries without a word.
    void dates(const Project& p) {
        const Date ref = status_date(p, m_o.as_of, m_o.today);
        const std::string_view ref_what = m_o.as_of || p.status_date ? "the status date" : "today";
        const int limit = m_p.config.implausible_date_years;
        auto look = [&](const Located<Date>& d, std::string_view what, std::string_view id, std::string_view field) {
            if (!d.present) return;
            const int years = static_cast<int>(std::abs(static_cast<double>(d.value - ref)) / 365.2425);
            if (years < limit) return;
            add(rule_id::implausible_date, d.pos,
                fmt::format("{} '{}' {} {} is {} years {} {} {}; a mistyped year?", what, id, field, d.value.iso(), years,
                            d.value < ref ? "before" : "after", ref_what, ref.iso()));
        };
        look(p.start, "project", p.id, "start");
        look(p.deadline, "project", p.id, "deadline");
        if (m_o.as_of) look(p.status_date, "project", p.id, "status date");  // else it is the reference
        for (const Task& t : p.tasks) {
            look(t.actual_start, "task", t.id, "actual_start");
            look(t.actual_finish, "task", t.id, "actual_finish");
            look(t.start_no_earlier_than, "task", t.id, "start_no_earlier_than");
            look(t.finish_no_later_than, "task", t.id, "finish_no_later_than");
        }
        for (const Risk& r : p.risks) {
            look(r.raised, "risk", r.id, "raised");
            look(r.review_by, "risk", r.id, "review_by");
        }
    }

    void tasks(const Project& p) {
        const Calendar& cal = m_p.project_calendar(p);
        const Date today = status_date(p, m_o.as_of, m_o.today);
        const double max_days = m_p.config.task_too_long_max.days(cal.days_per_week(), cal.hpd);
        const Date epoch = p.start ? p.start.value : today;
        WorkCalendar work_calendar(cal, epoch);
        auto first_day = [&](const Task& t) {
            return work_calendar.index(t.start_no_earlier_than && t.start_no_earlier_than.value > epoch
                                           ? t.start_no_earlier_than.value
                                           : epoch);
        };

        // Logic links of leaf tasks, counting what summaries pass on (a summary's dependencies
        // apply to its children; a dependency on a summary is one on all its children).
        std::vector<char> has_pred(p.tasks.size(), 0);
        std::vector<char> has_succ = m_depended_on[static_cast<size_t>(&p - m_p.projects.data())];
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            if (!t.depends.empty()) has_pred[i] = 1;
            if (t.parent >= 0) {
                // Preorder: the parent is already final.
                has_pred[i] |= has_pred[static_cast<size_t>(t.parent)];
            }
        }
        // Preorder puts parents first, so one forward pass hands a summary's successors to every descendant.
        for (size_t i = 0; i < p.tasks.size(); ++i)
            if (p.tasks[i].parent >= 0 && has_succ[static_cast<size_t>(p.tasks[i].parent)]) has_succ[i] = 1;
        int32_t first_leaf = -1, last_leaf = -1;
        for (size_t i = 0; i < p.tasks.size(); ++i)
            if (!p.tasks[i].is_summary()) {
                if (first_leaf < 0) first_leaf = static_cast<int32_t>(i);
                last_leaf = static_cast<int32_t>(i);
            }

        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            if (t.id.empty()) continue;
            const bool leaf = !t.is_summary();
            if (leaf && !t.is_milestone()) {
                double days = 0;
                Pos at;
                if (t.duration) {
                    days = t.duration->days(cal.days_per_week(), cal.hpd);
                    at = t.duration.pos;
                } else if (t.effort && !t.assign.empty()) {
                    // The plan's own rule: its people's calendars and units, from its earliest start.
                    try {
                        days = task_working_days(m_p, p, t, work_calendar, first_day(t));
                    } catch (const Error&) {
                        days = 0;  // it runs past 9999: pmo plan says so
                    }
                    at = t.effort.pos;
                }
                if (days > max_days)
                    add(rule_id::task_too_long, at,
                        fmt::format("task '{}' lasts {:g} working days, more than the work-package limit of {}; split it",
                                    t.id, days, m_p.config.task_too_long_max.str()));
            }
            if (t.effort && t.assign.empty())
                add(rule_id::effort_without_assignment, t.effort.pos,
                    fmt::format("task '{}' has an effort of {} but nobody is assigned to it", t.id, t.effort->str()));
            for (const Assignment& a : t.assign) {
                if (a.index < 0) continue;
                const Resource& r = m_p.resources[static_cast<size_t>(a.index)];
                if (a.units > r.capacity() + 1e-9)
                    add(rule_id::assignment_over_capacity, a.pos,
                        fmt::format("task '{}' books {} at {}, but {} has {} a day", t.id, r.id, pct(a.units), r.id,
                                    pct(r.capacity())));
            }
            if (t.is_milestone()) {
                if (t.duration && t.duration->value != 0)
                    add(rule_id::milestone_with_work, t.duration.pos,
                        fmt::format("milestone '{}' has a duration of {}; a milestone takes no time", t.id, t.duration->str()));
                if (t.effort)
                    add(rule_id::milestone_with_work, t.effort.pos,
                        fmt::format("milestone '{}' has an effort of {}; a milestone takes no work", t.id, t.effort->str()));
            }
            if (leaf) {
                if (!has_pred[i] && static_cast<int32_t>(i) != first_leaf && !t.start_no_earlier_than && !t.actual_start)
                    add(rule_id::dangling_task, t.pos,
                        fmt::format("task '{}' has no predecessor: link it to what it needs, or give it "
                                    "start_no_earlier_than",
                                    t.id));
                if (!has_succ[i] && static_cast<int32_t>(i) != last_leaf)
                    add(rule_id::dangling_task, t.pos,
                        fmt::format("task '{}' has no successor: nothing waits for it, so a slip cannot show in the "
                                    "project's finish",
                                    t.id));
            }
            for (const auto& s : t.skills)
                if (!m_skills.count(s.value))
                    add(rule_id::skill_not_in_pool, s.pos,
                        fmt::format("task '{}' needs skill '{}', which no resource in the pool has", t.id, s.value));
            progress(p, t, today);
        }
    }

    /// As the scheduler reads the files: finished, and started (finished included).
    static bool finished(const Task& t) {
        return t.actual_finish || (t.progress && t.progress.value >= 1 && t.actual_start);
    }
    static bool started(const Task& t) { return finished(t) || t.actual_start || (t.progress && t.progress.value > 0); }

    /// Whether every leaf below (or at) task `ti` of project `p` is finished, or started.
    bool all_leaves(const Project& p, int32_t ti, bool (*test)(const Task&)) const {
        const Task& t = p.tasks[static_cast<size_t>(ti)];
        if (!t.is_summary()) return test(t);
        for (int32_t c : t.children)
            if (!all_leaves(p, c, test)) return false;
        return true;
    }

    /// Progress that cannot be true, or that pmo cannot use: said, never silently taken.
    void impossible_progress(const Project& p, const Task& t, Date today) {
        if (t.is_summary()) {
            for (const auto& [what, present, pos] :
                 {std::tuple{"a progress", t.progress.present, t.progress.pos},
                  std::tuple{"an actual_start", t.actual_start.present, t.actual_start.pos},
                  std::tuple{"an actual_finish", t.actual_finish.present, t.actual_finish.pos}})
                if (present)
                    add(rule_id::inconsistent_progress, pos,
                        fmt::format("summary task '{}' has {} of its own; pmo ignores it and rolls up its tasks' "
                                    "progress and dates: record it on them",
                                    t.id, what));
            return;
        }
        if (!started(t)) return;
        const Pos at = t.progress ? t.progress.pos : t.actual_start ? t.actual_start.pos : t.actual_finish.pos;
        const std::string done = t.progress ? pct(t.progress.value) + " complete" : "started";
        if (!t.actual_start && !t.actual_finish && t.progress)
            add(rule_id::inconsistent_progress, t.progress.pos,
                fmt::format("task '{}' is {} complete but has no actual_start; pmo assumes it started as early as its "
                            "dependencies and start_no_earlier_than allow: record the day it started",
                            t.id, pct(t.progress.value)));
        const std::string assume = t.actual_start
                                       ? "pmo keeps its actual start and plans the remaining work from the status date"
                                       : "pmo keeps the logic and plans the remaining work from when it allows";
        if (t.start_no_earlier_than && t.actual_start && t.actual_start.value < t.start_no_earlier_than.value)
            add(rule_id::out_of_sequence_progress, t.actual_start.pos,
                fmt::format("task '{}' started on {}, before its start_no_earlier_than {}; {}", t.id,
                            t.actual_start->iso(), t.start_no_earlier_than->iso(), assume));
        else if (t.start_no_earlier_than && !t.actual_start && t.start_no_earlier_than.value > today)
            add(rule_id::out_of_sequence_progress, at,
                fmt::format("task '{}' is {} at the status date {}, but cannot start before its "
                            "start_no_earlier_than {}; {}",
                            t.id, done, today.iso(), t.start_no_earlier_than->iso(), assume));
        // Its own dependencies and those of the summaries above it.
        for (int32_t ti = static_cast<int32_t>(&t - p.tasks.data()); ti >= 0; ti = p.tasks[static_cast<size_t>(ti)].parent)
            for (const Dependency& d : p.tasks[static_cast<size_t>(ti)].depends) {
                if (d.project < 0 || d.task < 0 || d.lag.value < 0) continue;
                if (d.type != DepType::FS && d.type != DepType::SS) continue;
                const Project& q = m_p.projects[static_cast<size_t>(d.project)];
                const bool fs = d.type == DepType::FS;
                if (all_leaves(q, d.task, fs ? finished : started)) continue;
                add(rule_id::out_of_sequence_progress, at,
                    fmt::format("task '{}' is {}, but its predecessor '{}' has not {} by the status date {} ({}); {}",
                                t.id, done, d.ref, fs ? "finished" : "started", today.iso(), to_string(d.type),
                                assume));
            }
    }

    /// Whether the project's calendar has a working day in [from, to).
    bool worked_before(const Project& p, Date from, Date to) const {
        const WorkCalendar cal(m_p.project_calendar(p), from);
        for (Date d = from; d < to; d = d + 1)
            if (cal.is_working(d)) return true;
        return false;
    }

    void progress(const Project& p, const Task& t, Date today) {
        impossible_progress(p, t, today);
        const double done = t.progress ? t.progress.value : 0;
        if (done >= 1 && !t.actual_finish && !t.is_summary())
            add(rule_id::inconsistent_progress, t.progress.pos,
                fmt::format("task '{}' is 100% complete but has no actual_finish", t.id));
        if (t.actual_start && !t.actual_finish && done > 0 && done < 1 && t.actual_start.value <= today &&
            !worked_before(p, t.actual_start.value, today))
            // The work done lies from the actual start up to the status date: with no working day
            // there, the plan has nowhere to book it, and its hours and cost would vanish.
            add(rule_id::inconsistent_progress, t.progress.pos,
                fmt::format("task '{}' is {} complete, but no working day lies between its actual_start {} and the "
                            "status date {}, so the work done has no day to be booked on: record the day it really "
                            "started, or a later status date (the status date is the first day of the remaining work)",
                            t.id, pct(done), t.actual_start->iso(), today.iso()));
        if (t.actual_finish && t.progress && done < 1)
            add(rule_id::inconsistent_progress, t.actual_finish.pos,
                fmt::format("task '{}' has an actual_finish but is only {} complete", t.id, pct(done)));
        if (t.actual_finish && !t.actual_start)
            add(rule_id::inconsistent_progress, t.actual_finish.pos,
                fmt::format("task '{}' has an actual_finish but no actual_start", t.id));
        if (t.actual_start && t.actual_finish && t.actual_finish.value < t.actual_start.value)
            add(rule_id::inconsistent_progress, t.actual_finish.pos,
                fmt::format("task '{}' finishes ({}) before it starts ({})", t.id, t.actual_finish->iso(),
                            t.actual_start->iso()));
        for (const Located<Date>* d : {&t.actual_start, &t.actual_finish})
            if (d->present && d->value > today)
                add(rule_id::inconsistent_progress, d->pos,
                    fmt::format("task '{}' has an actual date ({}) after the status date ({})", t.id, d->value.iso(),
                                today.iso()));
    }

    /// A person named as free text is anyone outside the pool; one that nearly spells someone
    /// in the pool (`jonah` for `jonas`) is most likely a typo, and would not be found by
    /// `pmo risk --owner` nor count as the pool person's risk.
    void person(const Located<std::string>& who, const std::string& what) {
        if (m_people.empty()) {
            for (const Resource& r : m_p.resources) {
                m_people.push_back(r.id);
                if (r.name) m_people.push_back(r.name.value);
            }
            std::sort(m_people.begin(), m_people.end());
        }
        if (std::binary_search(m_people.begin(), m_people.end(), std::string_view(who.value))) return;
        const std::string hint = did_you_mean(who.value, m_people);
        if (hint.empty()) return;
        add(rule_id::person_not_in_pool, who.pos,
            fmt::format("{} '{}' is no one in the pool{}; write the pool id, or the full name of someone outside "
                        "the pool",
                        what, who.value, hint));
    }

    void risks(const Project& p) {
        const Config& c = m_p.config;
        const Date today = status_date(p, m_o.as_of, m_o.today);
        for (const Risk& r : p.risks) {
            bool in_scale = true;
            if (r.probability && !r.probability_is_percent) {
                const double v = r.probability.value;
                if (v < 1 || v > c.risk_scale || v != std::floor(v)) {
                    in_scale = false;
                    add(rule_id::risk_score_out_of_scale, r.probability.pos,
                        fmt::format("risk '{}' probability {:g} is not a step of the scale 1..{} (or write a percent "
                                    "like 30%)",
                                    r.id, v, c.risk_scale));
                }
            }
            if (r.impact) {
                const double v = r.impact.value;
                if (v < 1 || v > c.risk_scale || v != std::floor(v)) {
                    in_scale = false;
                    add(rule_id::risk_score_out_of_scale, r.impact.pos,
                        fmt::format("risk '{}' impact {:g} is not a step of the scale 1..{}", r.id, v, c.risk_scale));
                }
            }
            if (r.owner) person(r.owner, fmt::format("risk '{}' owner", r.id));
            if (!risk_is_live(r)) continue;
            if (!r.owner)
                add(rule_id::risk_without_owner, r.pos, fmt::format("open risk '{}' has no owner", r.id));
            const double score = risk_score(r, c);
            if (in_scale && score >= c.risk_high) {
                std::vector<std::string_view> missing;
                if (!r.response) missing.push_back("response");
                if (!r.mitigation) missing.push_back("mitigation");
                if (!missing.empty())
                    add(rule_id::high_risk_without_response, r.pos,
                        fmt::format("high risk '{}' (score {:g}, high from {:g}) has no {}", r.id, score, c.risk_high,
                                    fmt::join(missing, " and no ")));
            }
            Date due;
            Pos at = r.pos;
            if (r.review_by) {
                due = r.review_by.value;
                at = r.review_by.pos;
            } else if (r.raised) {
                due = r.raised.value + c.review_days;
                at = r.raised.pos;
            } else {
                continue;
            }
            if (due < today)
                add(rule_id::risk_review_overdue, at,
                    fmt::format("risk '{}' was due for review on {}, {} days before the status date {}", r.id, due.iso(),
                                today - due, today.iso()));
        }
    }

    void records(const Project& p) {
        const Date today = status_date(p, m_o.as_of, m_o.today);
        for (const Record& r : p.records) {
            if ((r.section == "actions" || r.section == "issues") && record_overdue(r, today)) {
                const Located<std::string>& due = r.fields.at("due");
                const auto late = today - *Date::parse(due.value);
                add(r.section == "actions" ? rule_id::action_overdue : rule_id::issue_overdue, due.pos,
                    fmt::format("{} '{}' was due on {}, {} before the status date {}, and is still {}", r.kind, r.id, due.value,
                                late == 1 ? std::string("1 day") : fmt::format("{} days", late), today.iso(),
                                record_status(r)));
            }
            if (r.section == "stakeholders" || r.section == "lessons") continue;
            if (!r.fields.count("owner"))
                add(rule_id::missing_owner, r.pos, fmt::format("{} '{}' has no owner", r.kind, r.id));
            auto status = r.fields.find("status");
            const bool decided = status != r.fields.end() &&
                                 ((r.section == "changes" && (status->second.value == "approved" ||
                                                              status->second.value == "rejected" ||
                                                              status->second.value == "implemented")) ||
                                  (r.section == "gates" && status->second.value == "passed"));
            if (decided && !r.fields.count("approver"))
                add(rule_id::missing_approval, status->second.pos,
                    fmt::format("{} '{}' is {} but names no approver", r.kind, r.id, status->second.value));
        }
    }

    const Portfolio& m_p;
    const CheckOptions& m_o;
    Findings& m_out;
    std::set<std::string> m_skills;
    std::vector<std::string_view> m_people;  ///< pool ids and names, sorted; filled when first needed
    std::vector<std::vector<char>> m_depended_on;  ///< [project][task]
};

}  // namespace

Severity effective_severity(const Rule& rule, const Config& c) {
    if (rule.kind == RuleKind::format) return Severity::error;
    Severity s = rule.severity;
    if (rule.directive_only && c.type != PmoType::directive) s = Severity::off;
    if (c.type == PmoType::supportive && s == Severity::error) s = Severity::warning;
    if (c.type == PmoType::directive && s == Severity::warning) s = Severity::error;
    if (auto it = c.severities.find(std::string(rule.id)); it != c.severities.end()) s = it->second.first;
    return s;
}

namespace {

void check_config_rules(const Config& c, Findings& out) {
    std::vector<std::string_view> ids;
    for (const Rule& r : rule_catalogue()) ids.push_back(r.id);
    auto check = [&](const std::string& id, Pos pos) {
        const Rule* r = find_rule(id);
        if (!r)
            out.push_back({rule_id::invalid_config, Severity::error, pos,
                           fmt::format("[rules] names unknown rule '{}'{}", id, did_you_mean(id, ids))});
        else if (r->kind == RuleKind::format)
            out.push_back({rule_id::invalid_config, Severity::error, pos,
                           fmt::format("rule '{}' reports a problem with the format; it is always an error", id)});
    };
    for (const auto& [id, v] : c.severities) check(id, v.second);
    for (const auto& [id, pos] : c.rule_tables)
        if (!c.severities.count(id)) check(id, pos);
}

}  // namespace

CheckResult check_portfolio(const LoadResult& loaded, const CheckOptions& options) {
    const Portfolio& pf = loaded.portfolio;
    CheckResult res;
    res.files = loaded.files_read;
    Findings all = loaded.findings;
    check_config_rules(pf.config, all);
    // Standards rules need a sound model: with format errors they would only add noise.
    const bool usable = std::none_of(all.begin(), all.end(), [](const Finding& f) {
        const Rule* r = find_rule(f.rule);
        return f.severity == Severity::error && r && r->kind == RuleKind::format;
    });
    if (usable) {
        Checker(pf, options, all).run();
        for (const Finding& f : options.extra)
            if (options.projects.empty() || std::any_of(options.projects.begin(), options.projects.end(), [&](const std::string& id) {
                    const Project* p = pf.find_project(id);
                    return p && p->file == f.pos.file;
                }))
                all.push_back(f);
    }

    CheckResult policy = apply_policy(std::move(all), pf, usable);
    policy.files = res.files;
    return policy;
}

CheckResult apply_policy(Findings all, const Portfolio& pf, bool report_unused) {
    CheckResult res;
    // Suppressions: on the finding's line or the line above, same file, same rule.
    std::map<std::tuple<int32_t, uint32_t, std::string_view>, std::vector<const Suppression*>> by_line;
    for (const Suppression& s : pf.suppressions) {
        const Rule* r = find_rule(s.rule);
        if (!r) {
            std::vector<std::string_view> ids;
            for (const Rule& x : rule_catalogue()) ids.push_back(x.id);
            all.push_back({rule_id::invalid_suppression, Severity::error, s.pos,
                           fmt::format("'# pmo: ignore' names unknown rule '{}'{}", s.rule, did_you_mean(s.rule, ids))});
            continue;
        }
        if (r->kind == RuleKind::format) {
            all.push_back({rule_id::invalid_suppression, Severity::error, s.pos,
                           fmt::format("rule '{}' reports a problem with the format and cannot be suppressed; fix the file",
                                       s.rule)});
            continue;
        }
        by_line[{s.pos.file, s.pos.line, s.rule}].push_back(&s);
    }
    Findings kept;
    std::set<const Suppression*> used;
    for (Finding& f : all) {
        const Rule* rule = find_rule(f.rule);
        if (rule) f.severity = effective_severity(*rule, pf.config);
        if (f.severity == Severity::off) continue;
        if (rule && rule->kind != RuleKind::format && f.pos.known()) {
            bool hit = false;
            for (uint32_t line : {f.pos.line, f.pos.line - 1}) {
                auto it = by_line.find({f.pos.file, line, f.rule});
                if (it == by_line.end()) continue;
                for (const Suppression* s : it->second) used.insert(s);
                hit = true;
            }
            if (hit) {
                ++res.suppressed;
                continue;
            }
        }
        kept.push_back(std::move(f));
    }
    if (report_unused) {
        const Severity unused = effective_severity(rule(rule_id::unused_suppression), pf.config);
        for (const Suppression& s : pf.suppressions)
            if (!used.count(&s) && find_rule(s.rule) && find_rule(s.rule)->kind == RuleKind::standard && unused != Severity::off)
                kept.push_back({rule_id::unused_suppression, unused, s.pos,
                                fmt::format("'# pmo: ignore {}' suppresses nothing on this line or the next; remove it",
                                            s.rule)});
    }
    sort_findings(kept, pf);
    for (const Finding& f : kept) {
        if (f.severity == Severity::error) {
            ++res.errors;
            const Rule* r = find_rule(f.rule);
            if (r && r->kind == RuleKind::format) res.format_errors = true;
        } else if (f.severity == Severity::warning) ++res.warnings;
        else if (f.severity == Severity::info) ++res.infos;
    }
    res.findings = std::move(kept);
    return res;
}

}  // namespace pmo
