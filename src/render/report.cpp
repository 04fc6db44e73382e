#include <pmo/model/fields.hpp>
#include <pmo/render/charts.hpp>
#include <pmo/render/governance.hpp>
#include <pmo/render/json.hpp>
#include <pmo/render/plan.hpp>
#include <pmo/render/report.hpp>
#include <pmo/render/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace pmo {

std::string rag_cell(Rag r) {
    switch (r) {
        case Rag::green: return "🟢 green";
        case Rag::amber: return "🟠 amber";
        case Rag::red: return "🔴 red";
        case Rag::none: break;
    }
    return "—";
}

namespace {

constexpr int kGanttRows = 30;  ///< main tasks drawn per project at most


std::string pm_rag(const Project& p) {
    if (!p.status_rag) return "—";
    const std::string& s = p.status_rag.value;
    return rag_cell(s == "green" ? Rag::green : s == "amber" ? Rag::amber : s == "red" ? Rag::red : Rag::none);
}

std::string opt_ratio(const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : "—"; }

std::string short_commit(const std::string& c) { return c.substr(0, 12); }

std::string signed_days(int32_t d) { return d > 0 ? fmt::format("+{}", d) : fmt::format("{}", d); }

std::string count(int n) { return n > 0 ? std::to_string(n) : "—"; }
std::string days(int n) { return n > 0 ? fmt::format("{} d", n) : "—"; }

/// Every window: "150% of 100%, 2027-03-04 to 2027-03-05".
std::string overallocated(const std::vector<OverWindow>& windows) {
    if (windows.empty()) return "—";
    std::vector<std::string> parts;
    for (const OverWindow& w : windows)
        parts.push_back(w.from == w.to ? fmt::format("{:.0f}% of {:.0f}% on {}", w.peak_units * 100, w.capacity * 100,
                                                     w.from.iso())
                                       : fmt::format("{:.0f}% of {:.0f}%, {} to {}", w.peak_units * 100,
                                                     w.capacity * 100, w.from.iso(), w.to.iso()));
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string phase_of(const Project& p) {
    return p.phase ? std::string(spec::phases[static_cast<size_t>(p.phase.value)]) : "—";
}

std::string response_of(const Risk& r) {
    return r.response ? std::string(spec::risk_responses[static_cast<size_t>(r.response.value)]) : "—";
}

/// The budgets against the plans of the same projects; the others' plans on their own, named.
std::string budget_line(const Portfolio& pf, const BudgetRollup& m, const std::string& cur) {
    const size_t without = m.unbudgeted.size(), all = static_cast<size_t>(m.with_budget) + without;
    if (m.with_budget == 0)
        return fmt::format("no project has a budget; the plans cost {} {}.", money(m.planned_unbudgeted), cur);
    if (without == 0)
        return fmt::format("{} {} in all; the plans cost {} {}.", money(m.budget), cur, money(m.planned), cur);
    std::vector<std::string> names;
    for (size_t i = 0; i < without && i < 3; ++i) {
        const Project& p = pf.projects[static_cast<size_t>(m.unbudgeted[i])];
        names.push_back(p.name ? p.name.value : p.id);  // as the tables name it
    }
    std::string who = names.size() == 1 ? names[0]
                                        : fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
    if (without > 3) who = fmt::format("{}, {} and {} more", names[0], names[1], without - 2);
    return fmt::format("{} {} for the {} of {} projects with a budget; their plans cost {} {}. {} {} no budget; {} "
                       "cost{} {} {}.",
                       money(m.budget), cur, m.with_budget, all, money(m.planned), cur, md_escape(who),
                       without == 1 ? "has" : "have", without == 1 ? "its plan" : "their plans", without == 1 ? "s" : "",
                       money(m.planned_unbudgeted), cur);
}

std::string period_word(Period p) { return p == Period::week ? "week" : "month"; }

std::string task_name(const Task& t) { return md_escape(t.name ? t.name.value : t.id); }

/// Values of earned value: money in the portfolio's currency, or planned working days.
struct Units {
    bool money;
    std::string amount(double v) const { return money ? ::pmo::money(v) : fmt::format("{:.1f} d", v); }
    std::string amount(const std::optional<double>& v) const { return v ? amount(*v) : "—"; }
};

/// The main tasks of a project as a Mermaid gantt: top-level tasks and every milestone, the
/// critical ones marked; at most kGanttRows, milestones and critical tasks first.
std::string gantt(const Project& p, const std::vector<TaskPlan>& tp) {
    // The same main tasks as the HTML report's Gantt: top-level tasks and milestones.
    size_t hidden = 0;
    const std::vector<size_t> rows = main_tasks(p, tp, static_cast<size_t>(kGanttRows), hidden);
    std::ostringstream out;
    out << "```mermaid\ngantt\n    title " << mermaid_text(p.name ? p.name.value : p.id)
        << "\n    dateFormat YYYY-MM-DD\n    axisFormat %d %b\n    todayMarker off\n";
    int n = 0;
    for (size_t i : rows) {
        out << mermaid_gantt_row(p.tasks[i], tp[i], fmt::format("m{}", ++n));
    }
    if (hidden > 0) out << fmt::format("    %% {} more top-level tasks left out\n", hidden);
    out << "```\n";
    return out.str();
}

void md_header(std::ostream& out, const ReportView& v) {
    const Portfolio& pf = v.portfolio;
    const PortfolioStatus& s = v.status;
    const ReportProvenance& pr = v.provenance;
    out << "# " << md_escape(pf.config.name) << ": status report\n\n";
    out << "| | |\n|---|---|\n";
    out << "| Status date | " << s.status_date.iso() << " |\n";
    std::string read;
    if (!pr.in_git)
        read = pr.git_missing             ? "the files as they are (git is not installed)"
               : !pr.git_problem.empty() ? fmt::format("the files as they are ({})", md_escape(pr.git_problem))
                                         : "the files as they are (not in a git repository)";
    else if (!pr.at.empty()) read = fmt::format("revision {} (commit {})", md_escape(pr.at), short_commit(pr.commit));
    else read = fmt::format("commit {}{}", short_commit(pr.commit), pr.dirty ? " with uncommitted changes" : "");
    out << "| Read from | " << read << " |\n";
    if (v.baseline)
        out << "| Baseline | " << md_escape(v.baseline->revision) << " (commit " << short_commit(v.baseline->commit)
            << ") |\n";
    else
        out << "| Baseline | none: " << md_escape(pr.baseline_note) << " |\n";
    out << "| Projects | " << s.projects.size();
    if (!s.projects.empty()) {
        std::vector<std::string> parts;
        for (Rag r : {Rag::red, Rag::amber, Rag::green, Rag::none})
            if (s.counts[static_cast<int>(r)] > 0)
                parts.push_back(fmt::format("{} {}", s.counts[static_cast<int>(r)], r == Rag::none ? "unrated" : to_string(r)));
        out << ": " << fmt::format("{}", fmt::join(parts, ", "));
    }
    out << " |\n\n";
    if (!v.baseline)
        out << "**No baseline revision:** SPI, CPI and the \"Planned\" dates are measured against the same files "
               "with all progress removed, not against a plan anyone committed to. Whatever was re-planned since "
               "work began (scope, estimates, dates, budgets) counts as if it had always been the plan, so SV, SPI, "
               "SPI(t), CV, CPI, EAC and the milestone slips show none of it and are unreliable as a measure "
               "against the original plan. Name a committed plan with `--baseline REV` or `[report] baseline` in "
               "pmo.toml.\n\n";
}

void md_summary(std::ostream& out, const ReportView& v) {
    const Portfolio& pf = v.portfolio;
    out << "## Portfolio summary\n\n";
    if (v.status.projects.empty()) {
        out << "No projects.\n\n";
        return;
    }
    // With --trend, an arrow beside the overall colour: better, same or worse than then.
    out << "| Project | Phase | Manager | Overall | " << (v.trend ? "Trend | " : "")
        << "PM's RAG | Schedule | Cost | Risk | Resources | Complete | Forecast finish | Deadline | SPI | CPI | Top issue |\n";
    out << "|---|---|---|---|" << (v.trend ? "---|" : "") << "---|---|---|---|---|--:|---|---|--:|--:|---|\n";
    for (const ProjectStatus& st : v.status.projects) {
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        std::string deadline = p.deadline ? p.deadline.value.iso() : "—";
        if (st.deadline_slip && *st.deadline_slip > 0) deadline += fmt::format(" (late {} d)", *st.deadline_slip);
        out << fmt::format("| [{}](#{}) | {} | {} | {} | {} | {} | {} | {} | {} | {:.0f}% | {} | {} | {} | {} | {} |\n",
                           md_escape(p.name ? p.name.value : p.id), p.id,
                           phase_of(p),
                           p.manager ? md_escape(pf.person(p.manager.value)) : "—",
                           rag_cell(st.overall) + (v.trend ? " | " + trend_arrow(v, st) : ""), pm_rag(p),
                           rag_cell(st.schedule.rag), rag_cell(st.cost.rag), rag_cell(st.risk.rag),
                           rag_cell(st.resources.rag), st.percent_complete * 100, st.forecast_finish.iso(), deadline,
                           opt_ratio(st.ev.spi), opt_ratio(st.ev.cpi),
                           st.top_issue.empty() ? "—" : md_escape(st.top_issue));
    }
    out << '\n';
}

void md_rollups(std::ostream& out, const ReportView& v) {
    const Portfolio& pf = v.portfolio;
    const PortfolioStatus& s = v.status;
    const std::string& cur = pf.config.currency;
    out << "## Portfolio roll-ups\n\n";
    int live = 0, high = 0;
    for (const RiskRow& r : s.risks.rows)
        if (r.live) {
            ++live;
            high += r.level == RiskLevel::high;
        }
    out << fmt::format("- **Risk exposure:** {} {} over {} open risk{} ({} high); expected delay {:.1f} working days "
                       "summed over projects.\n",
                       money(s.exposure), cur, live, live == 1 ? "" : "s", high, s.expected_delay);
    out << "- **Budget:** " << budget_line(pf, s.money, cur) << '\n';
    out << '\n';

    out << "### People over-allocated or holding up work\n\n";
    if (s.hot_spots.empty()) {
        out << "Nobody: no one is over-allocated and no task waits for a person.\n\n";
    } else {
        out << "| Person | Role | Over-allocated | Tasks waiting | Longest wait |\n|---|---|---|--:|--:|\n";
        for (const PortfolioHotSpot& h : s.hot_spots) {
            const Resource& r = pf.resources[static_cast<size_t>(h.resource)];
            const std::string over = overallocated(h.overallocated);
            out << fmt::format("| {} | {} | {} | {} | {} |\n", md_escape(r.name ? r.name.value : r.id),
                               r.role ? md_escape(r.role.value) : "—", over, count(h.tasks), days(h.delay_days));
        }
        out << '\n';
    }

    out << "### Milestones due next " << period_word(s.period) << "\n\n";
    if (s.due_next.empty()) {
        out << "None.\n\n";
    } else {
        out << "| Date | Project | Milestone |\n|---|---|---|\n";
        for (const DueMilestone& m : s.due_next) {
            const Project& p = pf.projects[static_cast<size_t>(m.project)];
            out << fmt::format("| {} | {} | {} |\n", m.date.iso(), md_escape(p.name ? p.name.value : p.id),
                               task_name(p.tasks[static_cast<size_t>(m.task)]));
        }
        out << '\n';
    }
    if (v.governance) render_register_rollups_markdown(out, pf, *v.governance, period_word(s.period));
    if (!s.removed_projects.empty()) {
        out << "### Projects removed since the baseline\n\n";
        for (const auto& [id, name] : s.removed_projects)
            out << "- " << (name.empty() ? "" : md_escape(name) + " ") << "(`" << id << "`)\n";
        out << '\n';
    }
}

void md_since(std::ostream& out, const ReportView& v) {
    const ReportProvenance& pr = v.provenance;
    if (pr.since.empty()) return;
    out << "## Changes in the files since " << md_escape(pr.since) << " (commit " << short_commit(pr.since_commit)
        << ")\n\n";
    if (pr.changes.empty()) {
        out << "No file changed.\n\n";
        return;
    }
    out << "| Change | File |\n|---|---|\n";
    for (const FileChange& c : pr.changes)
        out << "| " << c.status << " | `" << md_escape(c.path) << "`"
            << (c.from.empty() ? "" : " (from `" + md_escape(c.from) + "`)") << " |\n";
    out << '\n';
}

const ProjectGovernance* governance_of(const ReportView& v, const ProjectStatus& st) {
    if (!v.governance) return nullptr;
    for (const ProjectGovernance& g : v.governance->projects)
        if (g.project == st.project) return &g;
    return nullptr;
}

void md_project(std::ostream& out, const ReportView& v, const ProjectStatus& st) {
    const Portfolio& pf = v.portfolio;
    const Project& p = pf.projects[static_cast<size_t>(st.project)];
    const auto& tp = v.plan.tasks[static_cast<size_t>(st.project)];
    const std::string& cur = pf.config.currency;
    // The anchor the summary links to: an HTML anchor, stable whatever the heading says.
    out << "<a id=\"" << p.id << "\"></a>\n\n## " << md_escape(p.name ? p.name.value : p.id) << " (`" << p.id
        << "`)\n\n";
    std::vector<std::string> facts;
    if (p.manager) facts.push_back("Manager: " + md_escape(pf.person(p.manager.value)));
    if (p.sponsor) facts.push_back("Sponsor: " + md_escape(p.sponsor.value));
    facts.push_back("Status date: " + st.status_date.iso());
    facts.push_back(fmt::format("Forecast finish: {}", st.forecast_finish.iso()));
    if (p.deadline) facts.push_back("Deadline: " + p.deadline.value.iso());
    out << fmt::format("{}\n\n", fmt::join(facts, " · "));
    if (p.status_summary)
        out << "> " << md_escape(p.status_summary.value) << "\n>\n> — "
            << (p.manager ? md_escape(pf.person(p.manager.value)) : "the PM")
            << ", " << (p.status_date ? p.status_date.value.iso() : st.status_date.iso()) << "\n\n";
    else
        out << "*No status text from the project manager.*\n\n";

    out << "**RAG " << rag_cell(st.overall) << "** (the PM says: " << pm_rag(p) << ")\n\n";
    out << "| Dimension | RAG | Why |\n|---|---|---|\n";
    const std::pair<const char*, const RagDimension*> dims[] = {
        {"Schedule", &st.schedule}, {"Cost", &st.cost}, {"Risk", &st.risk}, {"Resources", &st.resources}};
    for (const auto& [name, d] : dims) {
        std::vector<std::string> why;
        for (const std::string& r : d->reasons) why.push_back(md_escape(r));
        std::string cell = fmt::format("{}", fmt::join(why, "; "));
        // What was not judged, set apart from what made the colour.
        std::vector<std::string> notes;
        for (const std::string& n : d->notes) notes.push_back(md_escape(n));
        if (!notes.empty()) cell += fmt::format("{}*not judged: {}*", cell.empty() ? "" : " — ", fmt::join(notes, "; "));
        out << "| " << name << " | " << rag_cell(d->rag) << " | " << cell << " |\n";
    }
    out << '\n';

    // Milestones.
    out << "### Milestones\n\n";
    if (st.milestones.empty()) {
        out << "None.\n\n";
    } else {
        out << "| Milestone | " << (v.baseline ? "Baseline" : "Planned")
            << " | Forecast | Slip (working days) | Deadline | Status |\n|---|---|---|--:|---|---|\n";
        for (const MilestoneStatus& m : st.milestones) {
            const Task& t = p.tasks[static_cast<size_t>(m.task)];
            std::string status = m.done ? "done" : m.late ? fmt::format("late by {} d", *m.late) : "on track";
            if (!m.done && !m.late && m.slip && *m.slip > 0) status = "slipping";
            out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", task_name(t), m.baseline ? m.baseline->iso() : "—",
                               m.forecast.iso(), m.slip ? signed_days(*m.slip) : "—", m.deadline ? m.deadline->iso() : "—",
                               status);
        }
        out << '\n';
    }

    // Earned value.
    const EarnedValue& ev = st.ev;
    const Units u{ev.money};
    out << "### Earned value\n\n";
    if (!ev.money)
        out << "No task has a cost (no rates, no fixed costs): values are planned working days, and the cost "
               "measures are not available.\n\n";
    if (!v.baseline)
        out << "*Measured against the same files with progress removed (no baseline revision): SV, SPI, SPI(t), "
               "CPI and EAC do not show what was re-planned since work began.*\n\n";
    out << fmt::format("| Measure | Value{} | |\n|---|--:|---|\n", ev.money ? " (" + cur + ")" : "");
    auto row = [&](const char* name, const std::string& value, const char* meaning) {
        out << "| " << name << " | " << value << " | " << meaning << " |\n";
    };
    row("BAC", u.amount(ev.bac), "budget at completion: the baseline's planned value of all work");
    row("PV", u.amount(ev.pv), "planned value: what the baseline planned done before the status date");
    row("EV", u.amount(ev.ev), "earned value: the planned value of the work actually done");
    row("AC", ev.money ? u.amount(ev.ac) : "—", "actual cost of the work done");
    row("SV", u.amount(ev.sv), "schedule variance, EV − PV");
    row("CV", u.amount(ev.cv), "cost variance, EV − AC");
    row("SPI", opt_ratio(ev.spi), "schedule performance index, EV / PV");
    row("CPI", opt_ratio(ev.cpi), "cost performance index, EV / AC");
    row("EAC (CPI)", u.amount(ev.eac_cpi), "estimate at completion: AC + labour still to do / CPI + fixed costs still to come");
    row("EAC (CPI × SPI)", u.amount(ev.eac_cpi_spi), "the same with CPI × SPI");
    row("ETC", u.amount(ev.etc), "estimate to complete, EAC − AC");
    row("VAC", u.amount(ev.vac), "variance at completion, BAC − EAC");
    row("TCPI", opt_ratio(ev.tcpi), "to-complete performance index, (BAC − EV) / (BAC − AC)");
    row("SPI(t)", opt_ratio(ev.spi_t),
        ev.es ? "earned schedule / actual time" : "earned schedule / actual time (no time elapsed yet)");
    if (ev.es)
        out << fmt::format("\nEarned schedule (ES) {:.1f} working days against {:.0f} elapsed (AT) from the baseline's "
                           "start to {}. {:.0f}% complete.\n\n",
                           *ev.es, *ev.at, ev.finished ? "the last finish" : "the status date", st.percent_complete * 100);
    else
        out << fmt::format("\n{:.0f}% complete.\n\n", st.percent_complete * 100);

    // Top risks.
    out << "### Top risks\n\n";
    if (st.top_risks.empty()) {
        out << "No open risks.\n\n";
    } else {
        out << fmt::format("| Risk | Title | Score | Level | Owner | Response | EMV ({}) |\n|---|---|--:|---|---|---|--:|\n",
                           cur);
        for (size_t k : st.top_risks) {
            const RiskRow& r = v.status.risks.rows[k];
            const Risk& risk = p.risks[static_cast<size_t>(r.risk)];
            out << fmt::format("| {} | {} | {:.0f} | {} | {} | {} | {} |\n", risk.id,
                               risk.title ? md_escape(risk.title.value) : "—", r.score, to_string(r.level),
                               risk.owner ? md_escape(pf.person(risk.owner.value)) : "**none**",
                               response_of(risk), money(r.emv));
        }
        out << '\n';
    }

    // Resource hot spots.
    out << "### Resource hot spots\n\n";
    if (st.hot_spots.empty()) {
        out << "None: no task of this project waits for a person, nobody on it is over-allocated.\n\n";
    } else {
        out << "| Person | Tasks waiting | Longest wait | Over-allocated |\n|---|--:|--:|---|\n";
        for (const HotSpot& h : st.hot_spots) {
            const Resource& r = pf.resources[static_cast<size_t>(h.resource)];
            out << fmt::format("| {} | {} | {} | {} |\n", md_escape(r.name ? r.name.value : r.id), count(h.tasks),
                               days(h.delay_days),
                               overallocated(h.overallocated));
        }
        out << '\n';
    }

    // The last and the next period.
    const std::string word = period_word(v.status.period);
    out << fmt::format("### Last {} and next {}\n\n", word, word);
    auto list = [&](const std::vector<int32_t>& tasks, bool finish) {
        std::vector<std::string> items;
        for (int32_t ti : tasks) {
            const TaskPlan& x = tp[static_cast<size_t>(ti)];
            items.push_back(fmt::format("{} ({})", task_name(p.tasks[static_cast<size_t>(ti)]),
                                        (finish ? x.finish : x.start).iso()));
        }
        return items.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(items, ", "));
    };
    out << fmt::format("- **Finished** {} .. {}: {}\n", (st.last_from + 1).iso(), st.status_date.iso(),
                       list(st.finished, true));
    out << fmt::format("- **Starting** {} .. {}: {}\n\n", (st.status_date + 1).iso(), st.next_to.iso(),
                       list(st.starting, false));

    // Against the baseline revision.
    if (v.baseline) {
        out << "### Against the baseline\n\n";
        if (st.new_since_baseline) {
            out << "A new project since the baseline.\n\n";
        } else {
            if (st.baseline_finish)
                out << fmt::format("- Finish: {} → {} ({})\n", st.baseline_finish->iso(),
                                   st.forecast_finish.iso(), signed_working_days(st.finish_slip.value_or(0)));
            int moved = 0;
            for (const MilestoneStatus& m : st.milestones) moved += m.slip && *m.slip != 0;
            out << fmt::format("- Milestones moved: {}\n", moved);
            auto ids = [](const std::vector<std::string>& names) {
                std::vector<std::string> q;
                for (const std::string& s : names) q.push_back("`" + s + "`");
                return q.empty() ? std::string("none") : fmt::format("{}", fmt::join(q, ", "));
            };
            out << "- Tasks added: " << ids(st.added) << "\n- Tasks removed: " << ids(st.removed) << '\n';
            if (st.budget_before)
                out << fmt::format("- Budget: {} → {} {}\n", money(*st.budget_before),
                                   p.budget ? money(p.budget.value) : std::string("none"), cur);
            else
                out << "- Budget: unchanged\n";
            out << '\n';
        }
    }

    if (const ProjectGovernance* g = governance_of(v, st)) {
        render_governance_markdown(out, pf, *g);
        render_registers_markdown(out, pf, *g, period_word(v.status.period));
    }
    out << "### Main tasks\n\n" << gantt(p, tp) << '\n';
}

void json_rag(JsonWriter& w, const RagDimension& d) {
    w.begin_object().field("rag", to_string(d.rag)).key("reasons").begin_array();
    for (const std::string& r : d.reasons) w.value(r);
    w.end_array().key("notes").begin_array();
    for (const std::string& r : d.notes) w.value(r);
    w.end_array().end_object();
}

void json_window(JsonWriter& w, const OverWindow& o) {
    w.begin_object().field("from", o.from.iso()).field("to", o.to.iso()).field("peak_units", o.peak_units)
        .field("capacity", o.capacity).end_object();
}

/// "overallocations": every window not over by the status date; "overallocated": the first.
void json_overallocation(JsonWriter& w, const std::vector<OverWindow>& windows) {
    w.key("overallocated");
    if (windows.empty()) w.null();
    else json_window(w, windows.front());
    w.key("overallocations").begin_array();
    for (const OverWindow& o : windows) json_window(w, o);
    w.end_array();
}

}  // namespace

void render_report_markdown(std::ostream& out, const ReportView& v) {
    md_header(out, v);
    md_summary(out, v);
    md_rollups(out, v);
    md_since(out, v);
    for (const ProjectStatus& st : v.status.projects) {
        md_project(out, v, st);
        render_trend_markdown(out, v, st);
    }
}

void render_report_json(std::ostream& out, const ReportView& v) {
    const Portfolio& pf = v.portfolio;
    const PortfolioStatus& s = v.status;
    const ReportProvenance& pr = v.provenance;
    JsonWriter w(out);
    w.begin_object();
    w.field("portfolio", pf.config.name).field("status_date", s.status_date.iso()).field("currency", pf.config.currency);
    w.field("period", period_word(s.period));
    w.key("source").begin_object().field("git", pr.in_git);
    if (!pr.git_problem.empty()) w.field("git_problem", pr.git_problem);
    if (pr.in_git) {
        w.field("commit", pr.commit).field("dirty", pr.dirty);
        if (!pr.at.empty()) w.field("at", pr.at);
    }
    w.end_object();
    w.key("baseline");
    if (v.baseline)
        w.begin_object().field("revision", v.baseline->revision).field("commit", v.baseline->commit).end_object();
    else
        w.null().field("baseline_note", pr.baseline_note);
    // What earned value and the planned dates are measured against.
    w.field("measured_against", v.baseline ? "baseline revision" : "the same files with progress removed");
    w.field("overall", to_string(s.overall));
    w.key("rollups").begin_object();
    w.field("exposure", s.exposure).field("expected_delay_days", s.expected_delay);
    // planned_cost: of every project shown; budget and planned_cost_budgeted: of those with a budget.
    w.field("budget", s.money.budget).field("planned_cost", s.money.planned + s.money.planned_unbudgeted);
    w.field("planned_cost_budgeted", s.money.planned);
    w.field("projects_with_budget", s.money.with_budget);
    w.key("projects_without_budget").begin_array();
    for (int32_t pi : s.money.unbudgeted) w.value(pf.projects[static_cast<size_t>(pi)].id);
    w.end_array();
    w.key("hot_spots").begin_array();
    for (const PortfolioHotSpot& h : s.hot_spots) {
        w.begin_object().field("resource", pf.resources[static_cast<size_t>(h.resource)].id).field("tasks_waiting", h.tasks);
        w.field("longest_wait_days", h.delay_days);
        json_overallocation(w, h.overallocated);
        w.end_object();
    }
    w.end_array();
    w.key("milestones_due_next").begin_array();
    for (const DueMilestone& m : s.due_next) {
        const Project& p = pf.projects[static_cast<size_t>(m.project)];
        w.begin_object().field("project", p.id).field("task", p.tasks[static_cast<size_t>(m.task)].id)
            .field("date", m.date.iso()).end_object();
    }
    w.end_array();
    w.key("projects_removed").begin_array();
    for (const auto& [id, name] : s.removed_projects) w.value(id);
    w.end_array();
    if (v.governance) render_register_rollups_json(w, pf, *v.governance);
    w.end_object();
    if (!pr.since.empty()) {
        w.key("since").begin_object().field("revision", pr.since).field("commit", pr.since_commit).key("changes").begin_array();
        for (const FileChange& c : pr.changes) {
            w.begin_object().field("status", c.status).field("path", c.path);
            if (!c.from.empty()) w.field("from", c.from);
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.key("projects").begin_array();
    for (const ProjectStatus& st : s.projects) {
        const Project& p = pf.projects[static_cast<size_t>(st.project)];
        const auto& tp = v.plan.tasks[static_cast<size_t>(st.project)];
        w.begin_object().field("id", p.id).field("name", p.name ? p.name.value : p.id);
        w.key("phase");
        if (p.phase) w.value(phase_of(p));
        else w.null();
        w.field_or_null("manager", p.manager);
        w.key("manager_name");
        if (p.manager) w.value(pf.person(p.manager.value));
        else w.null();
        w.field_or_null("sponsor", p.sponsor);
        w.field("status_date", st.status_date.iso());
        w.field_or_null("summary", p.status_summary);
        w.field_or_null("pm_rag", p.status_rag);
        w.key("rag").begin_object().field("overall", to_string(st.overall));
        w.key("schedule");
        json_rag(w, st.schedule);
        w.key("cost");
        json_rag(w, st.cost);
        w.key("risk");
        json_rag(w, st.risk);
        w.key("resources");
        json_rag(w, st.resources);
        w.end_object();
        w.field("percent_complete", st.percent_complete * 100).field("forecast_finish", st.forecast_finish.iso());
        w.field_or_null("deadline", p.deadline);
        w.field_or_null("deadline_slip_days", st.deadline_slip);
        w.field_or_null("baseline_finish", st.baseline_finish);
        w.field_or_null("finish_slip_days", st.finish_slip);
        w.field("planned_cost", st.planned_cost);
        w.field_or_null("forecast_cost", st.forecast_cost);
        w.field("remaining_cost", st.remaining_cost);
        w.field_or_null("budget", p.budget);
        w.field("resource_delay_days", st.resource_delay);
        const EarnedValue& ev = st.ev;
        w.key("earned_value").begin_object().field("unit", ev.money ? pf.config.currency : std::string("days"));
        w.field("bac", ev.bac).field("pv", ev.pv).field("ev", ev.ev);
        w.field_or_null("ac", ev.ac);
        w.field("sv", ev.sv);
        w.field_or_null("cv", ev.cv);
        w.field_or_null("spi", ev.spi);
        w.field_or_null("cpi", ev.cpi);
        w.field_or_null("eac_cpi", ev.eac_cpi);
        w.field_or_null("eac_cpi_spi", ev.eac_cpi_spi);
        w.field_or_null("etc", ev.etc);
        w.field_or_null("vac", ev.vac);
        w.field_or_null("tcpi", ev.tcpi);
        w.field_or_null("es_days", ev.es);
        w.field_or_null("at_days", ev.at);
        w.field_or_null("spi_t", ev.spi_t);
        w.field("finished", ev.finished);
        w.end_object();
        w.key("milestones").begin_array();
        for (const MilestoneStatus& m : st.milestones) {
            w.begin_object().field("task", p.tasks[static_cast<size_t>(m.task)].id).field("forecast", m.forecast.iso());
            w.field_or_null("baseline", m.baseline);
            w.field_or_null("slip_days", m.slip);
            w.field_or_null("deadline", m.deadline);
            w.field_or_null("late_days", m.late);
            w.field("done", m.done).end_object();
        }
        w.end_array();
        w.key("top_risks").begin_array();
        for (size_t k : st.top_risks) {
            const RiskRow& r = s.risks.rows[k];
            const Risk& risk = p.risks[static_cast<size_t>(r.risk)];
            w.begin_object().field("id", risk.id);
            w.field_or_null("title", risk.title);
            w.field("score", r.score).field("level", to_string(r.level));
            w.field_or_null("owner", risk.owner);
            w.key("owner_name");
            if (risk.owner) w.value(pf.person(risk.owner.value));
            else w.null();
            w.key("response");
            if (risk.response) w.value(response_of(risk));
            else w.null();
            w.field("emv", r.emv).end_object();
        }
        w.end_array();
        w.key("hot_spots").begin_array();
        for (const HotSpot& h : st.hot_spots) {
            w.begin_object().field("resource", pf.resources[static_cast<size_t>(h.resource)].id)
                .field("tasks_waiting", h.tasks).field("longest_wait_days", h.delay_days);
            json_overallocation(w, h.overallocated);
            w.end_object();
        }
        w.end_array();
        auto tasks = [&](std::string_view key, const std::vector<int32_t>& ids, bool finish) {
            w.key(key).begin_array();
            for (int32_t ti : ids)
                w.begin_object().field("task", p.tasks[static_cast<size_t>(ti)].id)
                    .field("date", (finish ? tp[static_cast<size_t>(ti)].finish : tp[static_cast<size_t>(ti)].start).iso())
                    .end_object();
            w.end_array();
        };
        tasks("finished_last_period", st.finished, true);
        tasks("starting_next_period", st.starting, false);
        w.key("top_issue");
        if (st.top_issue.empty()) w.null();
        else w.value(st.top_issue);
        if (v.baseline) {
            w.key("against_baseline").begin_object().field("new_project", st.new_since_baseline);
            w.key("tasks_added").begin_array();
            for (const std::string& t : st.added) w.value(t);
            w.end_array().key("tasks_removed").begin_array();
            for (const std::string& t : st.removed) w.value(t);
            w.end_array();
            w.field_or_null("budget_before", st.budget_before);
            w.end_object();
        }
        if (const ProjectGovernance* g = governance_of(v, st)) render_governance_json(w, pf, *g);
        if (v.trend) render_trend_json(w, v, st);
        w.end_object();
    }
    w.end_array();
    if (v.trend) {
        // The statuses the trend is made of, oldest first; the last is the files read now.
        w.key("trend").begin_object().field("weeks", v.trend->weeks);
        w.key("since");
        if (v.trend->since.empty()) w.null();
        else w.value(v.trend->since);
        w.key("statuses").begin_array();
        for (const TrendPoint& pt : v.trend->points) {
            w.begin_line_object().key("commit");
            if (pt.commit.empty()) w.null();
            else w.value(pt.commit);
            w.field("week", pt.week.iso()).end_object();
        }
        w.end_array().end_object();
    }
    w.end_object();
    w.finish();
}

}  // namespace pmo
