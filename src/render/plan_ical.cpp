#include <pmo/render/plan.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace pmo {
namespace {

std::string ical_text(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == '\\' || c == ';' || c == ',') r += '\\', r += c;
        else if (c == '\n') r += "\\n";
        else if (c != '\r') r += c;
    }
    return r;
}

std::string compact(Date d) {
    std::string s = d.iso();
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

/// RFC 5545 section 3.1: lines of at most 75 octets, CRLF, continued with a space; never
/// splitting a UTF-8 sequence.
void line(std::ostream& out, const std::string& l) {
    size_t at = 0, limit = 75;
    while (l.size() - at > limit) {
        size_t cut = at + limit;
        while (cut > at && (static_cast<unsigned char>(l[cut]) & 0xC0) == 0x80) --cut;
        out << l.substr(at, cut - at) << "\r\n ";
        at = cut;
        limit = 74;  // the leading space counts
    }
    out << l.substr(at) << "\r\n";
}

}  // namespace

void render_plan_ical(std::ostream& out, const PlanView& v) {
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, fmt::format("PRODID:-//pmo//pmo {}//EN", PMO_VERSION));
    line(out, "CALSCALE:GREGORIAN");
    line(out, "X-WR-CALNAME:" + ical_text(v.portfolio.config.name + " milestones"));
    for (int32_t pi : v.projects) {
        const Project& p = v.portfolio.projects[static_cast<size_t>(pi)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            if (t.is_summary() || x.f != x.s) continue;
            line(out, "BEGIN:VEVENT");
            // Stable across runs and machines: the same milestone is the same event.
            line(out, fmt::format("UID:{}/{}@pmo", p.id, t.id));
            // DTSTAMP is required; the status date keeps the output free of wall-clock time.
            line(out, fmt::format("DTSTAMP:{}T000000Z", compact(pp.status_date)));
            line(out, fmt::format("DTSTART;VALUE=DATE:{}", compact(x.start)));
            line(out, fmt::format("DTEND;VALUE=DATE:{}", compact(x.start + 1)));
            line(out, "SUMMARY:" + ical_text(p.name.value + ": " + (t.name ? t.name.value : t.id)));
            std::string desc = fmt::format("{}/{}; total float {}", p.id, t.id, working_days(x.total_float));
            if (x.critical) desc += "; on the critical path";
            if (x.done) desc += "; reached";
            line(out, "DESCRIPTION:" + ical_text(desc));
            line(out, "TRANSP:TRANSPARENT");
            line(out, "END:VEVENT");
        }
    }
    line(out, "END:VCALENDAR");
}

}  // namespace pmo
