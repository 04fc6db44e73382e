#include <pmo/render/governance.hpp>

#include <pmo/model/duration.hpp>
#include <pmo/model/fields.hpp>
#include <pmo/model/records.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace pmo {
namespace {

std::string gate_title(const GateState& g) {
    const GateRule& r = *g.rule;
    return r.name.empty() ? fmt::format("`{}`", r.id) : fmt::format("{} (`{}`)", md_escape(r.name), r.id);
}

std::string_view opens(const GateState& g) { return spec::phases[static_cast<size_t>(g.rule->opens)]; }

std::string status_of(const GateState& g) {
    if (g.status == "waived" && !g.passed) return "waived without a reason";
    if (!g.passed && g.due) return g.status + " — **overdue: the project is in " + std::string(opens(g)) + "**";
    return g.status;
}

}  // namespace

void render_governance_markdown(std::ostream& out, const Portfolio&, const ProjectGovernance& g) {
    if (g.gates.empty()) return;
    out << "### Gates\n\n";
    if (g.last_passed >= 0) {
        const GateState& l = g.gates[static_cast<size_t>(g.last_passed)];
        out << "Last passed: " << gate_title(l) << (l.status == "waived" ? " (waived)" : "")
            << (l.date ? ", " + l.date->iso() : std::string()) << ". ";
    } else {
        out << "No gate passed yet. ";
    }
    if (g.next >= 0) {
        const GateState& n = g.gates[static_cast<size_t>(g.next)];
        out << "Next: " << gate_title(n) << ", opens " << opens(n) << ", "
            << (n.date ? "planned " + n.date->iso() : std::string("no date planned")) << "; "
            << (n.criteria.empty() ? std::string("no criteria")
                                   : fmt::format("{} of {} criteria met{}", n.met(), n.criteria.size(),
                                                 n.ready() ? ": ready" : ""))
            << ".\n\n";
        for (const GateCriterion& c : n.criteria) out << "- [" << (c.met ? 'x' : ' ') << "] " << md_escape(c.text) << '\n';
        if (!n.criteria.empty()) out << '\n';
    } else {
        out << "Every gate passed.\n\n";
    }
    out << "| Gate | Opens | Status | Date | Criteria met now |\n|---|---|---|---|---|\n";
    for (const GateState& s : g.gates)
        out << "| " << gate_title(s) << " | " << opens(s) << " | " << status_of(s) << " | "
            << (s.date ? s.date->iso() : std::string("—")) << " | "
            << (s.criteria.empty() ? std::string("—") : fmt::format("{} of {}", s.met(), s.criteria.size())) << " |\n";
    out << '\n';
}

void render_governance_json(JsonWriter& w, const Portfolio& pf, const ProjectGovernance& g) {
    auto id_of = [&](int32_t i) {
        if (i < 0) w.null();
        else w.value(g.gates[static_cast<size_t>(i)].rule->id);
    };
    w.key("last_gate_passed");
    id_of(g.last_passed);
    w.key("next_gate");
    id_of(g.next);
    w.key("gates").begin_array();
    for (const GateState& s : g.gates) {
        w.begin_object().field("id", s.rule->id).field("name", s.rule->name).field("opens", opens(s));
        w.field("status", s.status).field("passed", s.passed).field("due", s.due);
        w.field_or_null("date", s.date);
        w.field("ready", s.ready()).key("criteria").begin_array();
        for (const GateCriterion& c : s.criteria) w.begin_object().field("criterion", c.text).field("met", c.met).end_object();
        w.end_array().end_object();
    }
    w.end_array();
    const Project& p = pf.projects[static_cast<size_t>(g.project)];
    auto ids = [&](std::string_view key, const std::vector<int32_t>& v) {
        w.key(key).begin_array();
        for (int32_t i : v) w.value(p.records[static_cast<size_t>(i)].id);
        w.end_array();
    };
    w.key("registers").begin_object();
    ids("changes_decided_last_period", g.changes_decided);
    w.key("approved_changes").begin_object().field("count", g.approved_changes).field("cost_impact", g.approved_cost);
    w.field("schedule_impact_days", g.approved_days).end_object();
    ids("open_issues", g.open_issues);
    ids("overdue_issues", g.overdue_issues);
    ids("decisions_last_period", g.decisions);
    w.key("stakeholders").begin_array();
    for (int32_t i : g.stakeholders) {
        const Record& r = p.records[static_cast<size_t>(i)];
        w.begin_object().field("id", r.id);
        for (std::string_view k : {"engagement", "desired"}) {
            w.key(k);
            if (const std::string_view s = record_field(r, k); s.empty()) w.null();
            else w.value(s);
        }
        w.end_object();
    }
    w.end_array();
    w.key("communications_due_next_period").begin_array();
    for (const auto& [i, due] : g.communications)
        w.begin_object().field("stakeholder", p.records[static_cast<size_t>(i)].id).field("date", due.iso()).end_object();
    w.end_array();
    w.end_object();
}

}  // namespace pmo

namespace pmo {
namespace {

const Record& rec(const Portfolio& pf, int32_t project, int32_t record) {
    return pf.projects[static_cast<size_t>(project)].records[static_cast<size_t>(record)];
}

std::string field_or(const Record& r, std::string_view key, std::string_view none = "—") {
    const std::string_view s = record_field(r, key);
    return s.empty() ? std::string(none) : md_escape(s);
}

std::string owner_cell(const Portfolio& pf, const Record& r) {
    const std::string_view o = record_field(r, "owner");
    return o.empty() ? std::string("—") : md_escape(pf.person(o));
}

std::string title_cell(const Record& r) {
    return fmt::format("{}: {}", md_escape(r.id), field_or(r, r.section == "stakeholders" || r.section == "gates" ? "name" : "title"));
}

std::string project_name(const Portfolio& pf, int32_t project) {
    const Project& p = pf.projects[static_cast<size_t>(project)];
    return md_escape(p.name ? p.name.value : p.id);
}

/// "+18,000 EUR, +5 working days": what a change does to cost and schedule, as written.
std::string impact(const Portfolio& pf, const Record& r) {
    std::vector<std::string> parts;
    if (auto c = parse_number(record_field(r, "cost_impact")))
        parts.push_back(fmt::format("{}{} {}", *c >= 0 ? "+" : "-", money(std::abs(*c)), pf.config.currency));
    if (const std::string_view d = record_field(r, "schedule_impact"); !d.empty())
        parts.push_back(d.starts_with('-') ? std::string(d) : fmt::format("+{}", d));
    return parts.empty() ? std::string("—") : fmt::format("{}", fmt::join(parts, ", "));
}

int engagement_rank(std::string_view e) {
    constexpr std::string_view order[] = {"unaware", "resistant", "neutral", "supportive", "leading"};
    for (size_t i = 0; i < std::size(order); ++i)
        if (order[i] == e) return static_cast<int>(i);
    return -1;
}

}  // namespace

void render_registers_markdown(std::ostream& out, const Portfolio& pf, const ProjectGovernance& g, std::string_view period) {
    const Project& p = pf.projects[static_cast<size_t>(g.project)];
    auto at = [&](int32_t i) -> const Record& { return p.records[static_cast<size_t>(i)]; };
    if (!g.changes_decided.empty() || g.approved_changes > 0) {
        out << "### Changes\n\n";
        for (int32_t i : g.changes_decided)
            out << fmt::format("- Decided last {}: {} — {} on {}, {}.\n", period, title_cell(at(i)), record_status(at(i)),
                               record_field(at(i), "decided"), impact(pf, at(i)));
        if (g.approved_changes > 0) {
            std::string share;
            if (p.budget && p.budget.value > 0)
                share = fmt::format(" ({:.1f}% of the budget of {} {})", 100 * g.approved_cost / p.budget.value,
                                    money(p.budget.value), pf.config.currency);
            out << fmt::format("- Approved to date: {} {}, {}{} {}{} and {:+g} working days.\n", g.approved_changes,
                               g.approved_changes == 1 ? "change" : "changes", g.approved_cost >= 0 ? "+" : "-",
                               money(std::abs(g.approved_cost)), pf.config.currency, share, g.approved_days);
        }
        out << '\n';
    }
    if (!g.open_issues.empty()) {
        out << "### Open issues\n\n| Issue | Priority | Owner | Due |\n|---|---|---|---|\n";
        for (int32_t i : g.open_issues) {
            const bool late = std::find(g.overdue_issues.begin(), g.overdue_issues.end(), i) != g.overdue_issues.end();
            out << fmt::format("| {} | {} | {} | {}{} |\n", title_cell(at(i)), field_or(at(i), "priority"),
                               owner_cell(pf, at(i)), field_or(at(i), "due"), late ? " **overdue**" : "");
        }
        out << '\n';
    }
    if (!g.decisions.empty()) {
        out << "### Decisions last " << period << "\n\n";
        for (int32_t i : g.decisions)
            out << fmt::format("- {} ({}, {}).\n", title_cell(at(i)), record_field(at(i), "date"), owner_cell(pf, at(i)));
        out << '\n';
    }
    if (!g.stakeholders.empty()) {
        out << "### Stakeholders\n\n| Stakeholder | Role | Interest / influence | Engagement | Desired |\n|---|---|---|---|---|\n";
        for (int32_t i : g.stakeholders) {
            const Record& r = at(i);
            const std::string_view now = record_field(r, "engagement"), want = record_field(r, "desired");
            const bool short_of = !want.empty() && engagement_rank(now) < engagement_rank(want);
            out << fmt::format("| {} | {} | {} / {} | {} | {}{} |\n", field_or(r, "name"), field_or(r, "role"),
                               field_or(r, "interest"), field_or(r, "influence"), field_or(r, "engagement"),
                               field_or(r, "desired"), short_of ? " **gap**" : "");
        }
        out << '\n';
    }
    if (!g.communications.empty()) {
        out << "### Communications due next " << period << "\n\n";
        for (const auto& [i, due] : g.communications)
            out << fmt::format("- {}: {} — {} ({}), by {}.\n", due.iso(), field_or(at(i), "name"),
                               field_or(at(i), "communication.channel"), record_field(at(i), "communication.cadence"),
                               owner_cell(pf, at(i)));
        out << '\n';
    }
}

void render_register_rollups_markdown(std::ostream& out, const Portfolio& pf, const GovernanceStatus& g,
                                      std::string_view period) {
    if (!g.awaiting.empty()) {
        out << "### Change requests awaiting a decision\n\n| Project | Change | Raised | Waiting | Impact |\n|---|---|---|--:|---|\n";
        for (const RegisterItem& c : g.awaiting) {
            const Record& r = rec(pf, c.project, c.record);
            out << fmt::format("| {} | {} | {} | {} | {} |\n", project_name(pf, c.project), title_cell(r),
                               field_or(r, "raised"), counted(c.days, "day"), impact(pf, r));
        }
        out << '\n';
    }
    if (!g.overdue.empty()) {
        out << "### Overdue issues and actions\n\n| Project | Entry | Owner | Due | Overdue by |\n|---|---|---|---|--:|\n";
        for (const RegisterItem& c : g.overdue) {
            const Record& r = rec(pf, c.project, c.record);
            out << fmt::format("| {} | {} {} | {} | {} | {} |\n", project_name(pf, c.project), r.kind, title_cell(r),
                               owner_cell(pf, r), c.date.iso(), counted(c.days, "day"));
        }
        out << '\n';
    }
    if (!g.gates_next.empty()) {
        out << "### Gates due next " << period << "\n\n| Date | Project | Gate | Owner |\n|---|---|---|---|\n";
        for (const RegisterItem& c : g.gates_next) {
            const Record& r = rec(pf, c.project, c.record);
            out << fmt::format("| {} | {} | {} | {} |\n", c.date.iso(), project_name(pf, c.project), title_cell(r),
                               owner_cell(pf, r));
        }
        out << '\n';
    }
    if (!g.lessons.empty()) {
        out << "### Lessons learned from closing and closed projects\n\n";
        for (const RegisterItem& c : g.lessons) {
            const Record& r = rec(pf, c.project, c.record);
            const std::string_view category = record_field(r, "category"), text = record_field(r, "description");
            out << fmt::format("- {}{}: {}{}\n", project_name(pf, c.project),
                               category.empty() ? std::string() : fmt::format(" ({})", md_escape(category)),
                               field_or(r, "title"), text.empty() ? std::string() : " — " + md_escape(text));
        }
        out << '\n';
    }
}

void render_register_rollups_json(JsonWriter& w, const Portfolio& pf, const GovernanceStatus& g) {
    auto items = [&](std::string_view key, const std::vector<RegisterItem>& v, std::string_view days_key) {
        w.key(key).begin_array();
        for (const RegisterItem& c : v) {
            const Record& r = rec(pf, c.project, c.record);
            w.begin_object().field("project", pf.projects[static_cast<size_t>(c.project)].id).field("register", r.section);
            w.field("id", r.id).field("date", c.date.iso());
            if (!days_key.empty()) w.field(days_key, c.days);
            w.end_object();
        }
        w.end_array();
    };
    items("changes_awaiting_decision", g.awaiting, "days_waiting");
    items("overdue_issues_and_actions", g.overdue, "days_overdue");
    items("gates_due_next", g.gates_next, "");
    items("lessons", g.lessons, "");
}

}  // namespace pmo
