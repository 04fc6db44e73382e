#include <pmo/render/governance.hpp>

#include <pmo/model/fields.hpp>
#include <pmo/render/text.hpp>

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

void render_governance_json(JsonWriter& w, const Portfolio&, const ProjectGovernance& g) {
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
        w.key("date");
        if (s.date) w.value(s.date->iso());
        else w.null();
        w.field("ready", s.ready()).key("criteria").begin_array();
        for (const GateCriterion& c : s.criteria) w.begin_object().field("criterion", c.text).field("met", c.met).end_object();
        w.end_array().end_object();
    }
    w.end_array();
}

}  // namespace pmo
