#include <pmo/render/plan.hpp>

#include <fmt/format.h>
#include <map>

namespace pmo {
namespace {

std::string xml(std::string_view s) {
    std::string r;
    for (char ch : s) {
        switch (ch) {
        case '&': r += "&amp;"; break;
        case '<': r += "&lt;"; break;
        case '>': r += "&gt;"; break;
        case '"': r += "&quot;"; break;
        default:
            if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\n' || ch == '\t') r += ch;
        }
    }
    return r;
}

std::string when(Date d, bool end) { return d.iso() + (end ? "T17:00:00" : "T08:00:00"); }

/// ISO 8601 duration of working hours, as MS Project writes it.
std::string hours(int32_t days, double hpd) {
    const long minutes = std::lround(days * hpd * 60);
    return fmt::format("PT{}H{}M0S", minutes / 60, minutes % 60);
}

std::string work_hours(double h) {
    const long minutes = std::lround(h * 60);
    return fmt::format("PT{}H{}M0S", minutes / 60, minutes % 60);
}

int link_type(DepType t) {
    switch (t) {  // MSPDI: 0 FF, 1 FS, 2 SF, 3 SS
    case DepType::FF: return 0;
    case DepType::FS: return 1;
    case DepType::SF: return 2;
    case DepType::SS: return 3;
    }
    return 1;
}

}  // namespace

void render_plan_mspdi(std::ostream& out, const PlanView& v) {
    const Portfolio& pf = v.portfolio;
    const Calendar& cal = pf.projects.empty() ? standard_calendar() : pf.project_calendar(pf.projects[static_cast<size_t>(v.projects.empty() ? 0 : v.projects[0])]);
    const double hpd = cal.hpd;
    // UIDs: 0 is the project summary MS Project expects; then each project and its tasks.
    std::map<std::pair<int32_t, int32_t>, int> uid;
    int next = 1;
    for (int32_t pi : v.projects) {
        uid[{pi, -1}] = next++;
        for (size_t i = 0; i < pf.projects[static_cast<size_t>(pi)].tasks.size(); ++i) uid[{pi, static_cast<int32_t>(i)}] = next++;
    }
    Date first{INT32_MAX}, last{INT32_MIN};
    for (int32_t pi : v.projects) {
        first = std::min(first, v.plan.projects[static_cast<size_t>(pi)].start);
        last = std::max(last, v.plan.projects[static_cast<size_t>(pi)].finish);
    }
    if (v.projects.empty()) first = last = Date::today();
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    out << "<Project xmlns=\"http://schemas.microsoft.com/project\">\n";
    out << "  <SaveVersion>14</SaveVersion>\n";
    out << "  <Name>" << xml(pf.config.name) << ".xml</Name>\n";
    out << "  <Title>" << xml(pf.config.name) << "</Title>\n";
    out << "  <ScheduleFromStart>1</ScheduleFromStart>\n";
    out << "  <StartDate>" << when(first, false) << "</StartDate>\n";
    out << "  <FinishDate>" << when(last, true) << "</FinishDate>\n";
    out << "  <CalendarUID>1</CalendarUID>\n";
    out << fmt::format("  <MinutesPerDay>{}</MinutesPerDay>\n  <MinutesPerWeek>{}</MinutesPerWeek>\n  <DaysPerMonth>20</DaysPerMonth>\n",
                       std::lround(hpd * 60), std::lround(hpd * 60 * cal.days_per_week()));
    out << "  <CurrencyCode>" << xml(pf.config.currency) << "</CurrencyCode>\n";
    // The working week and holidays of the first project's calendar.
    out << "  <Calendars>\n    <Calendar>\n      <UID>1</UID>\n      <Name>" << xml(cal.id) << "</Name>\n"
        << "      <IsBaseCalendar>1</IsBaseCalendar>\n      <WeekDays>\n";
    for (int d = 1; d <= 7; ++d) {  // MSPDI: 1 Sunday ... 7 Saturday
        const size_t ours = static_cast<size_t>((d + 5) % 7);
        const bool working = cal.week[ours];
        out << "        <WeekDay>\n          <DayType>" << d << "</DayType>\n          <DayWorking>" << working
            << "</DayWorking>\n";
        if (working)
            out << "          <WorkingTimes>\n            <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\n"
                   "            <WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>\n"
                   "          </WorkingTimes>\n";
        out << "        </WeekDay>\n";
    }
    for (Date h : cal.all_holidays)
        out << "        <WeekDay>\n          <DayType>0</DayType>\n          <DayWorking>0</DayWorking>\n"
            << "          <TimePeriod><FromDate>" << h.iso() << "T00:00:00</FromDate><ToDate>" << h.iso()
            << "T23:59:00</ToDate></TimePeriod>\n        </WeekDay>\n";
    out << "      </WeekDays>\n    </Calendar>\n  </Calendars>\n";

    // Work in hours: what the assignments book; summaries and projects add up their children.
    std::map<std::pair<int32_t, int32_t>, double> work;
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        double total = 0;
        for (size_t i = p.tasks.size(); i-- > 0;) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            double h = 0;
            if (t.is_summary()) {
                for (int32_t c : t.children) h += work[{pi, c}];
            } else {
                for (const Assignment& a : t.assign) h += (x.f - x.s) * hpd * a.units;
                total += h;
            }
            work[{pi, static_cast<int32_t>(i)}] = h;
        }
        work[{pi, -1}] = total;
    }
    double all_work = 0;
    for (int32_t pi : v.projects) all_work += work[{pi, -1}];
    out << "  <Tasks>\n";
    out << "    <Task>\n      <UID>0</UID>\n      <ID>0</ID>\n      <Name>" << xml(pf.config.name) << "</Name>\n"
        << "      <OutlineLevel>0</OutlineLevel>\n      <Summary>1</Summary>\n      <Milestone>0</Milestone>\n"
        << "      <Priority>500</Priority>\n      <Type>1</Type>\n"
        << "      <Duration>" << hours(std::max(0, (last - first) + 1), hpd) << "</Duration>\n"
        << "      <Work>" << work_hours(all_work) << "</Work>\n"
        << "      <Start>" << when(first, false) << "</Start>\n      <Finish>" << when(last, true) << "</Finish>\n    </Task>\n";
    int id = 1;
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        const auto wbs = wbs_numbers(p);
        const int top = id;
        out << "    <Task>\n      <UID>" << uid[{pi, -1}] << "</UID>\n      <ID>" << id++ << "</ID>\n"
            << "      <Name>" << xml(p.name.value) << "</Name>\n      <WBS>" << xml(p.id) << "</WBS>\n"
            << "      <OutlineNumber>" << top << "</OutlineNumber>\n      <OutlineLevel>1</OutlineLevel>\n"
            << "      <Summary>1</Summary>\n      <Milestone>0</Milestone>\n      <Type>1</Type>\n"
            << "      <Priority>" << p.effective_priority() << "</Priority>\n"
            << "      <Duration>" << hours(pp.f - pp.s, hpd) << "</Duration>\n"
            << "      <Work>" << work_hours(work[{pi, -1}]) << "</Work>\n"
            << "      <PercentComplete>" << 0 << "</PercentComplete>\n"
            << "      <Start>" << when(pp.start, false) << "</Start>\n"
            << "      <Finish>" << when(pp.finish, true) << "</Finish>\n";
        if (p.deadline) out << "      <Deadline>" << when(p.deadline.value, true) << "</Deadline>\n";
        out << "    </Task>\n";
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            const bool milestone = !t.is_summary() && x.f == x.s;
            const int32_t days = x.f - x.s;
            out << "    <Task>\n      <UID>" << uid[{pi, static_cast<int32_t>(i)}] << "</UID>\n      <ID>" << id++
                << "</ID>\n      <Name>" << xml(t.name ? t.name.value : t.id) << "</Name>\n"
                << "      <WBS>" << xml(wbs[i]) << "</WBS>\n      <OutlineNumber>" << top << "." << wbs[i]
                << "</OutlineNumber>\n      <OutlineLevel>" << t.depth + 2 << "</OutlineLevel>\n"
                << "      <Start>" << when(x.start, false) << "</Start>\n"
                << "      <Finish>" << when(x.finish, !milestone) << "</Finish>\n"
                << "      <Duration>" << hours(days, hpd) << "</Duration>\n      <DurationFormat>7</DurationFormat>\n"
                << "      <Work>" << work_hours(work[{pi, static_cast<int32_t>(i)}]) << "</Work>\n"
                << "      <Priority>" << (t.priority ? t.priority.value : 500) << "</Priority>\n"
                << "      <Type>" << (t.effort ? 2 : 1) << "</Type>\n"
                << "      <Milestone>" << milestone << "</Milestone>\n      <Summary>" << t.is_summary() << "</Summary>\n"
                << "      <Critical>" << x.critical << "</Critical>\n"
                << "      <PercentComplete>" << x.percent << "</PercentComplete>\n"
                << "      <TotalSlack>" << std::lround(x.total_float * hpd * 600) << "</TotalSlack>\n"
                << "      <FreeSlack>" << std::lround(x.free_float * hpd * 600) << "</FreeSlack>\n";
            if (t.start_no_earlier_than)
                out << "      <ConstraintType>4</ConstraintType>\n      <ConstraintDate>"
                    << when(t.start_no_earlier_than.value, false) << "</ConstraintDate>\n";
            if (t.finish_no_later_than) out << "      <Deadline>" << when(t.finish_no_later_than.value, true) << "</Deadline>\n";
            if (t.notes) out << "      <Notes>" << xml(t.notes.value) << "</Notes>\n";
            for (const Dependency& d : t.depends) {
                if (d.task < 0 || !uid.count({d.project, d.task})) continue;
                const long lag = std::lround(d.lag.days(cal.days_per_week(), hpd) * hpd * 600);  // tenths of minutes
                out << "      <PredecessorLink>\n        <PredecessorUID>" << uid[{d.project, d.task}]
                    << "</PredecessorUID>\n        <Type>" << link_type(d.type) << "</Type>\n"
                    << "        <CrossProject>0</CrossProject>\n        <LinkLag>" << lag
                    << "</LinkLag>\n        <LagFormat>7</LagFormat>\n      </PredecessorLink>\n";
            }
            out << "    </Task>\n";
        }
    }
    out << "  </Tasks>\n  <Resources>\n";
    for (size_t r = 0; r < pf.resources.size(); ++r) {
        const Resource& res = pf.resources[r];
        out << "    <Resource>\n      <UID>" << r + 1 << "</UID>\n      <ID>" << r + 1 << "</ID>\n"
            << "      <Name>" << xml(res.name ? res.name.value : res.id) << "</Name>\n"
            << "      <Initials>" << xml(res.id) << "</Initials>\n      <Type>1</Type>\n";
        if (res.role) out << "      <Group>" << xml(res.role.value) << "</Group>\n";
        if (res.email) out << "      <EmailAddress>" << xml(res.email.value) << "</EmailAddress>\n";
        out << fmt::format("      <MaxUnits>{:.2f}</MaxUnits>\n", res.capacity());
        if (res.rate) out << fmt::format("      <StandardRate>{:g}</StandardRate>\n      <StandardRateFormat>2</StandardRateFormat>\n", res.rate.value);
        out << "    </Resource>\n";
    }
    out << "  </Resources>\n  <Assignments>\n";
    int auid = 1;
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            for (const Assignment& a : p.tasks[i].assign) {
                if (a.index < 0) continue;
                out << "    <Assignment>\n      <UID>" << auid++ << "</UID>\n      <TaskUID>" << uid[{pi, static_cast<int32_t>(i)}]
                    << "</TaskUID>\n      <ResourceUID>" << a.index + 1 << "</ResourceUID>\n"
                    << fmt::format("      <Units>{:g}</Units>\n", a.units)
                    << "      <Work>" << hours(static_cast<int32_t>(std::lround((x.f - x.s) * a.units)), hpd) << "</Work>\n"
                    << "      <Start>" << when(x.start, false) << "</Start>\n      <Finish>" << when(x.finish, true)
                    << "</Finish>\n    </Assignment>\n";
            }
        }
    }
    out << "  </Assignments>\n</Project>\n";
}

}  // namespace pmo
