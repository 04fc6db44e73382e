#include <pmo/analyse/governance.hpp>

#include <pmo/model/duration.hpp>
#include <pmo/model/records.hpp>

#include <algorithm>

namespace pmo {
namespace {

std::optional<Date> date_field(const Record& r, std::string_view key) {
    const std::string_view s = record_field(r, key);
    return s.empty() ? std::nullopt : Date::parse(s);
}

/// `d` plus `months` calendar months; the month's last day when it is shorter.
Date add_months(Date d, int months) {
    const int m0 = static_cast<int>(d.month()) - 1 + months;
    const int y = d.year() + m0 / 12;
    const unsigned m = static_cast<unsigned>(m0 % 12) + 1;
    const Date first = Date::from_ymd(y, m, 1);
    const Date next_first = m == 12 ? Date::from_ymd(y + 1, 1, 1) : Date::from_ymd(y, m + 1, 1);
    const unsigned last = static_cast<unsigned>(next_first - first);
    return Date::from_ymd(y, m, std::min(d.day(), last));
}

int priority_rank(std::string_view p) {
    if (p == "critical") return 0;
    if (p == "high") return 1;
    if (p == "medium") return 2;
    if (p == "low") return 3;
    return 4;
}

void by_date(std::vector<int32_t>& v, const Project& p, std::string_view key) {
    std::stable_sort(v.begin(), v.end(), [&](int32_t a, int32_t b) {
        return record_field(p.records[static_cast<size_t>(a)], key) < record_field(p.records[static_cast<size_t>(b)], key);
    });
}

void registers(const Portfolio& pf, const Project& p, const ProjectStatus& st, ProjectGovernance& g, GovernanceStatus& out) {
    const Date today = st.status_date;
    const Calendar& cal = pf.project_calendar(p);
    auto in_last = [&](std::optional<Date> d) { return d && st.last_from < *d && *d <= today; };
    for (size_t i = 0; i < p.records.size(); ++i) {
        const Record& r = p.records[i];
        const auto ri = static_cast<int32_t>(i);
        const std::string status = record_status(r);
        const bool overdue = record_overdue(r, today);
        if (r.section == "changes") {
            if (status != "proposed" && in_last(date_field(r, "decided"))) g.changes_decided.push_back(ri);
            if (status == "approved" || status == "implemented") {
                ++g.approved_changes;
                if (auto c = parse_number(record_field(r, "cost_impact"))) g.approved_cost += *c;
                if (auto d = parse_duration(record_field(r, "schedule_impact")))
                    g.approved_days += d->days(cal.days_per_week(), cal.hpd);
            }
            if (status == "proposed") {
                const std::optional<Date> raised = date_field(r, "raised");
                out.awaiting.push_back({st.project, ri, raised ? today - *raised : 0, raised.value_or(today)});
            }
        } else if (r.section == "issues" && (status == "open" || status == "in-progress")) {
            g.open_issues.push_back(ri);
            if (overdue) g.overdue_issues.push_back(ri);
        } else if (r.section == "decisions" && in_last(date_field(r, "date"))) {
            g.decisions.push_back(ri);
        } else if (r.section == "stakeholders") {
            g.stakeholders.push_back(ri);
            const std::string_view cadence = record_field(r, "communication.cadence");
            if (cadence.empty()) continue;
            const Date since = date_field(r, "communication.since").value_or(p.start ? p.start.value : today);
            const std::vector<Date> due = communication_dates(cadence, since, today, st.next_to);
            if (!due.empty()) g.communications.push_back({ri, due.front()});
        } else if (r.section == "gates" && status == "pending") {
            const std::optional<Date> d = date_field(r, "date");
            if (d && today < *d && *d <= st.next_to) out.gates_next.push_back({st.project, ri, 0, *d});
        } else if (r.section == "lessons" && p.phase && p.phase.value >= Phase::closing) {
            out.lessons.push_back({st.project, ri, 0, date_field(r, "date").value_or(today)});
        }
        if (overdue && r.section != "gates") {
            const Date due = *date_field(r, "due");
            out.overdue.push_back({st.project, ri, today - due, due});
        }
    }
    by_date(g.changes_decided, p, "decided");
    by_date(g.decisions, p, "date");
    std::stable_sort(g.open_issues.begin(), g.open_issues.end(), [&](int32_t a, int32_t b) {
        const Record& x = p.records[static_cast<size_t>(a)];
        const Record& y = p.records[static_cast<size_t>(b)];
        const bool ox = record_overdue(x, today), oy = record_overdue(y, today);
        if (ox != oy) return ox;
        const int px = priority_rank(record_field(x, "priority")), py = priority_rank(record_field(y, "priority"));
        if (px != py) return px < py;
        // An issue without a due date after those with one.
        const std::string_view dx = record_field(x, "due"), dy = record_field(y, "due");
        if (dx.empty() != dy.empty()) return dy.empty();
        return dx < dy;
    });
    std::stable_sort(g.communications.begin(), g.communications.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
}

}  // namespace

std::vector<Date> communication_dates(std::string_view cadence, Date since, Date from, Date to) {
    std::vector<Date> out;
    const int step_days = cadence == "weekly" ? 7 : cadence == "biweekly" ? 14 : 0;
    const int step_months = cadence == "monthly" ? 1 : cadence == "quarterly" ? 3 : 0;
    if (step_days == 0 && step_months == 0) return out;
    if (step_days > 0) {
        // The first occurrence after `from`, without walking from `since` day by day.
        int32_t k = from < since ? 0 : (from - since) / step_days + 1;
        for (Date d = since + k * step_days; d <= to; d = since + (++k) * step_days)
            if (from < d) out.push_back(d);
        return out;
    }
    int k = 0;
    if (since <= from) k = ((from.year() - since.year()) * 12 + static_cast<int>(from.month()) - static_cast<int>(since.month())) / step_months;
    for (Date d = add_months(since, k * step_months); d <= to; d = add_months(since, (++k) * step_months))
        if (from < d) out.push_back(d);
    return out;
}

GovernanceStatus governance_status(const Portfolio& pf, const std::vector<int32_t>& projects) {
    GovernanceStatus g;
    for (int32_t pi : projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        ProjectGovernance pg;
        pg.project = pi;
        pg.gates = project_gates(pf, p);
        for (size_t i = 0; i < pg.gates.size(); ++i) {
            if (pg.gates[i].passed) pg.last_passed = static_cast<int32_t>(i);
            else if (pg.next < 0) pg.next = static_cast<int32_t>(i);
        }
        g.projects.push_back(std::move(pg));
    }
    return g;
}

GovernanceStatus governance_status(const Portfolio& pf, const PortfolioStatus& status) {
    std::vector<int32_t> shown;
    for (const ProjectStatus& ps : status.projects) shown.push_back(ps.project);
    GovernanceStatus g = governance_status(pf, shown);
    for (size_t i = 0; i < status.projects.size(); ++i) {
        const ProjectStatus& st = status.projects[i];
        registers(pf, pf.projects[static_cast<size_t>(st.project)], st, g.projects[i], g);
    }
    std::stable_sort(g.awaiting.begin(), g.awaiting.end(), [](const RegisterItem& a, const RegisterItem& b) { return a.days > b.days; });
    std::stable_sort(g.overdue.begin(), g.overdue.end(), [](const RegisterItem& a, const RegisterItem& b) { return a.days > b.days; });
    std::stable_sort(g.gates_next.begin(), g.gates_next.end(), [](const RegisterItem& a, const RegisterItem& b) { return a.date < b.date; });
    return g;
}

}  // namespace pmo
