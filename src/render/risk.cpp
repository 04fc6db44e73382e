#include <pmo/render/risk.hpp>

#include <pmo/model/fields.hpp>
#include <pmo/render/findings.hpp>
#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace pmo {
namespace {

const Risk& risk_of(const RiskView& v, const RiskRow& r) {
    return v.portfolio.projects[static_cast<size_t>(r.project)].risks[static_cast<size_t>(r.risk)];
}
std::string rid(const RiskView& v, const RiskRow& r) {
    return v.portfolio.projects[static_cast<size_t>(r.project)].id + "/" + risk_of(v, r).id;
}
std::string status_of(const Risk& r) {
    return std::string(r.status ? spec::risk_statuses[static_cast<size_t>(r.status.value)] : "open");
}
std::string response_of(const Risk& r) {
    return std::string(r.response ? spec::risk_responses[static_cast<size_t>(r.response.value)] : "");
}
std::string pct(double x) { return fmt::format("{:.0f}%", x * 100); }
std::string task_id(const Portfolio& pf, int32_t p, int32_t t) {
    return pf.projects[static_cast<size_t>(p)].id + "/" + pf.projects[static_cast<size_t>(p)].tasks[static_cast<size_t>(t)].id;
}

/// The simulated tasks most often critical, and the strongest drivers of each project's finish.
std::vector<const SimTask*> top(const Simulation& s, bool by_correlation, size_t n) {
    std::vector<const SimTask*> v;
    for (const SimTask& t : s.tasks)
        if (by_correlation ? std::fabs(t.correlation) > 0.005 : t.criticality > 0) v.push_back(&t);
    std::stable_sort(v.begin(), v.end(), [&](const SimTask* a, const SimTask* b) {
        return by_correlation ? std::fabs(a->correlation) > std::fabs(b->correlation) : a->criticality > b->criticality;
    });
    if (v.size() > n) v.resize(n);
    return v;
}

}  // namespace

void render_risk_table(std::ostream& out, const RiskView& v) {
    const auto& pf = v.portfolio;
    const char* bold = v.color ? "\033[1m" : "";
    const char* reset = v.color ? "\033[0m" : "";
    auto level_col = [&](RiskLevel l) {
        if (!v.color) return "";
        return l == RiskLevel::high ? "\033[31m" : l == RiskLevel::medium ? "\033[33m" : "\033[32m";
    };
    out << bold << fmt::format("{:<28} {:>5} {:<6} {:>4} {:>3} {:>10} {:>6}  {:<12} {:<10} {:<10} {}", "risk", "score",
                               "level", "prob", "imp", "EMV", "delay", "owner", "response", "status", "review by")
        << reset << '\n';
    for (const RiskRow& r : v.reg.rows) {
        const Risk& k = risk_of(v, r);
        out << level_col(r.level)
            << fmt::format("{:<28} {:>5g} {:<6} {:>4} {:>3} {:>10} {:>5.1f}d  {:<12} {:<10} {:<10} {}", rid(v, r).substr(0, 28),
                           r.score, to_string(r.level), pct(r.probability), k.impact ? fmt::format("{:g}", k.impact.value) : "-",
                           money(r.emv), r.expected_delay, k.owner ? terminal_cell(k.owner.value, 12) : "-", response_of(k),
                           status_of(k), k.review_by ? k.review_by->iso() : "-")
            << reset << '\n';
    }
    // The heat map: impact down, probability across.
    const int n = v.reg.scale;
    out << '\n' << bold << "heat map (open risks: count per probability x impact)" << reset << '\n';
    for (int i = n; i >= 1; --i) {
        out << fmt::format("  impact {:>2} |", i);
        for (int p = 1; p <= n; ++p) {
            const size_t count = v.reg.heat[static_cast<size_t>(i - 1)][static_cast<size_t>(p - 1)].size();
            const RiskLevel l = risk_level(static_cast<double>(i * p), pf.config);
            const std::string c = count ? fmt::format("{:>3}", count) : "  .";
            out << ' ' << (v.color ? (l == RiskLevel::high ? "\033[41;97m" : l == RiskLevel::medium ? "\033[43;30m" : "\033[42;30m") : "")
                << c << (v.color ? reset : "");
        }
        out << '\n';
    }
    out << "            ";
    for (int p = 1; p <= n; ++p) out << fmt::format(" {:>3}", p);
    out << "  probability\n";
    out << '\n' << bold << fmt::format("{:<24} {:>5} {:>5} {:>12} {:>10}", "exposure", "open", "high", "EMV", "delay") << reset << '\n';
    for (const ProjectExposure& e : v.reg.projects)
        if (e.open)
            out << fmt::format("{:<24} {:>5} {:>5} {:>12} {:>9.1f}d\n", pf.projects[static_cast<size_t>(e.project)].id, e.open,
                               e.high, money(e.emv), e.expected_delay);
    out << fmt::format("contingency reserve (sum of open EMV): {} {}\n", money(v.reg.total_emv), pf.config.currency);
    if (!v.findings.empty()) {
        out << '\n' << bold << "findings" << reset << '\n';
        CheckResult c;
        c.findings = v.findings;
        render_findings(out, FindingsFormat::text, c, pf);
    }
    if (const Simulation* s = v.simulation) {
        out << '\n' << bold << fmt::format("Monte Carlo: {} iterations, seed {}, {}, {}", s->iterations, s->seed,
                                           s->distribution == Distribution::pert ? "Beta-PERT" : "triangular",
                                           s->levelled ? "levelled as pmo plan" : "not levelled (--no-level)")
            << reset << '\n';
        out << bold << fmt::format("  {:<22} {:<10} {:<10} {:<10} {:<10} {:>8} {:>12} {:>12}", "finish", "P10", "P50", "P80",
                                   "P90", "on time", "cost P50", "cost P80")
            << reset << '\n';
        for (const SimProject& p : s->projects)
            out << fmt::format("  {:<22} {} {} {} {} {:>8} {:>12} {:>12}\n", pf.projects[static_cast<size_t>(p.project)].id,
                               p.finish.p10.iso(), p.finish.p50.iso(), p.finish.p80.iso(), p.finish.p90.iso(),
                               p.on_time ? pct(*p.on_time) : "-", p.has_cost ? money(p.cost_p50) : "-",
                               p.has_cost ? money(p.cost_p80) : "-");
        if (!s->milestones.empty()) {
            out << bold << fmt::format("  {:<22} {:<10} {:<10} {:<10} {:<10}", "milestone", "P10", "P50", "P80", "P90") << reset << '\n';
            for (const SimMilestone& m : s->milestones)
                out << fmt::format("  {:<22} {} {} {} {}\n", task_id(pf, m.project, m.task).substr(0, 22), m.date.p10.iso(),
                                   m.date.p50.iso(), m.date.p80.iso(), m.date.p90.iso());
        }
        out << bold << "  most often critical" << reset << '\n';
        for (const SimTask* t : top(*s, false, 10))
            out << fmt::format("    {:<32} {:>4}\n", task_id(pf, t->project, t->task), pct(t->criticality));
        out << bold << "  top drivers of the finish (rank correlation)" << reset << '\n';
        const auto drivers = top(*s, true, 10);
        if (drivers.empty()) out << "    none: no task's duration moved the finish (a task varies only by an estimate or a risk's schedule_impact)\n";
        for (const SimTask* t : drivers)
            out << fmt::format("    {:<32} {:>+5.2f}\n", task_id(pf, t->project, t->task), t->correlation);
        if (!s->exact_calendars)
            out << "  (projects use different calendars: each is simulated in its own working days)\n";
    }
}

void render_risk_markdown(std::ostream& out, const RiskView& v) {
    const auto& pf = v.portfolio;
    out << "## Risk register\n\n| Risk | Title | Score | Level | Probability | Impact | EMV | Expected delay | Owner | Response | Status | Review by |\n"
           "|---|---|--:|---|--:|--:|--:|--:|---|---|---|---|\n";
    for (const RiskRow& r : v.reg.rows) {
        const Risk& k = risk_of(v, r);
        out << fmt::format("| {} | {} | {:g} | {} | {} | {} | {} | {:.1f}d | {} | {} | {} | {} |\n", rid(v, r),
                           md_escape(k.title ? k.title.value : ""), r.score,
                           r.level == RiskLevel::high ? "**high**" : std::string(to_string(r.level)), pct(r.probability),
                           k.impact ? fmt::format("{:g}", k.impact.value) : "–", money(r.emv), r.expected_delay,
                           md_escape(k.owner ? k.owner.value : "–"), response_of(k), status_of(k),
                           k.review_by ? k.review_by->iso() : "–");
    }
    const int n = v.reg.scale;
    out << "\n### Heat map\n\nOpen risks by probability (across) and impact (down); **bold** cells are high.\n\n| Impact |";
    for (int p = 1; p <= n; ++p) out << ' ' << p << " |";
    out << "\n|--:|";
    for (int p = 1; p <= n; ++p) out << ":-:|";
    out << '\n';
    for (int i = n; i >= 1; --i) {
        out << "| " << i << " |";
        for (int p = 1; p <= n; ++p) {
            std::vector<std::string> ids;
            for (size_t k : v.reg.heat[static_cast<size_t>(i - 1)][static_cast<size_t>(p - 1)]) ids.push_back(rid(v, v.reg.rows[k]));
            const bool high = risk_level(static_cast<double>(i * p), pf.config) == RiskLevel::high;
            if (ids.empty()) out << " |";
            else out << ' ' << (high ? "**" : "") << ids.size() << (high ? "**" : "") << ": " << md_escape(fmt::format("{}", fmt::join(ids, ", "))) << " |";
        }
        out << '\n';
    }
    out << "\n### Exposure\n\n| Project | Open | High | EMV | Expected delay |\n|---|--:|--:|--:|--:|\n";
    for (const ProjectExposure& e : v.reg.projects)
        if (e.open)
            out << fmt::format("| {} | {} | {} | {} | {:.1f}d |\n", pf.projects[static_cast<size_t>(e.project)].id, e.open, e.high,
                               money(e.emv), e.expected_delay);
    out << fmt::format("\nSuggested contingency reserve (sum of open EMV): **{} {}**.\n", money(v.reg.total_emv), pf.config.currency);
    if (const Simulation* s = v.simulation) {
        out << fmt::format("\n### Schedule risk (Monte Carlo, {} iterations, seed {}, {})\n\n", s->iterations, s->seed,
                           s->levelled ? "levelled as pmo plan" : "not levelled");
        out << "| Project | P10 | P50 | P80 | P90 | On time | Cost P50 | Cost P80 |\n|---|---|---|---|---|--:|--:|--:|\n";
        for (const SimProject& p : s->projects)
            out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", pf.projects[static_cast<size_t>(p.project)].id,
                               p.finish.p10.iso(), p.finish.p50.iso(), p.finish.p80.iso(), p.finish.p90.iso(),
                               p.on_time ? pct(*p.on_time) : "–", p.has_cost ? money(p.cost_p50) : "–",
                               p.has_cost ? money(p.cost_p80) : "–");
        out << "\n| Top driver | Rank correlation | Criticality |\n|---|--:|--:|\n";
        for (const SimTask* t : top(*s, true, 10))
            out << fmt::format("| {} | {:+.2f} | {} |\n", task_id(pf, t->project, t->task), t->correlation, pct(t->criticality));
    }
}

void render_risk_json(std::ostream& out, const RiskView& v) {
    const auto& pf = v.portfolio;
    JsonWriter w(out);
    w.begin_object();
    w.key("risks").begin_array();
    for (const RiskRow& r : v.reg.rows) {
        const Risk& k = risk_of(v, r);
        w.begin_object();
        w.field("project", pf.projects[static_cast<size_t>(r.project)].id).field("id", k.id);
        w.field("title", k.title ? k.title.value : "");
        w.field("score", r.score).field("level", to_string(r.level)).field("probability", r.probability);
        w.field_or_null("impact", k.impact);
        w.field("emv", r.emv).field("expected_delay", r.expected_delay);
        w.field_or_null("owner", k.owner);
        w.field("response", response_of(k)).field("status", status_of(k));
        w.field_or_null("review_by", k.review_by);
        w.key("affects").begin_array();
        for (const auto& a : k.affects) w.value(a.value);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("exposure").begin_object();
    w.field("contingency_reserve", v.reg.total_emv).field("currency", pf.config.currency);
    w.key("projects").begin_array();
    for (const ProjectExposure& e : v.reg.projects)
        if (e.open)
            w.begin_object()
                .field("id", pf.projects[static_cast<size_t>(e.project)].id)
                .field("open", e.open)
                .field("high", e.high)
                .field("emv", e.emv)
                .field("expected_delay", e.expected_delay)
                .end_object();
    w.end_array();
    w.end_object();
    w.key("findings").begin_array();
    for (const Finding& f : v.findings)
        w.begin_object().field("rule", f.rule).field("severity", to_string(f.severity)).field("location", location(pf, f.pos))
            .field("message", f.message).end_object();
    w.end_array();
    w.key("simulation");
    if (const Simulation* s = v.simulation) {
        w.begin_object();
        w.field("iterations", s->iterations).field("seed", static_cast<long long>(s->seed));
        w.field("distribution", s->distribution == Distribution::pert ? "pert" : "triangular");
        w.field("exact_calendars", s->exact_calendars);
        w.field("levelled", s->levelled);
        w.key("projects").begin_array();
        for (const SimProject& p : s->projects) {
            const Project& proj = pf.projects[static_cast<size_t>(p.project)];
            w.begin_object().field("id", proj.id);
            w.field("p10", p.finish.p10.iso()).field("p50", p.finish.p50.iso()).field("p80", p.finish.p80.iso()).field("p90", p.finish.p90.iso());
            w.field_or_null("deadline", proj.deadline);
            w.field_or_null("on_time", p.on_time);
            w.key("cost_p50");
            if (p.has_cost) w.value(p.cost_p50);
            else w.null();
            w.key("cost_p80");
            if (p.has_cost) w.value(p.cost_p80);
            else w.null();
            w.end_object();
        }
        w.end_array();
        w.key("milestones").begin_array();
        for (const SimMilestone& m : s->milestones) {
            w.begin_object().field("project", pf.projects[static_cast<size_t>(m.project)].id)
                .field("id", pf.projects[static_cast<size_t>(m.project)].tasks[static_cast<size_t>(m.task)].id);
            w.field("p10", m.date.p10.iso()).field("p50", m.date.p50.iso()).field("p80", m.date.p80.iso()).field("p90", m.date.p90.iso());
            w.field_or_null("on_time", m.on_time);
            w.end_object();
        }
        w.end_array();
        w.key("tasks").begin_array();
        for (const SimTask& t : s->tasks)
            w.begin_object()
                .field("project", pf.projects[static_cast<size_t>(t.project)].id)
                .field("id", pf.projects[static_cast<size_t>(t.project)].tasks[static_cast<size_t>(t.task)].id)
                .field("criticality", t.criticality)
                .field("correlation", t.correlation)
                .end_object();
        w.end_array();
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
    w.finish();
}

}  // namespace pmo
