// The plan as Microsoft Project XML (MSPDI), written so Project keeps what pmo planned: every
// calendar, absences as resource calendar exceptions, progress, costs, the baseline, and the
// levelled dates held by levelling delays and constraints. Elements follow the order of the MSPDI
// schema (Project's own files); every text goes through xml().
#include <pmo/render/plan.hpp>
#include <pmo/render/text.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace pmo {
namespace {

/// The one escape for everything written into the XML (render/text.hpp's xml_text).
std::string xml(std::string_view s) { return xml_text(s); }

std::string when(Date d, bool end) { return d.iso() + (end ? "T17:00:00" : "T08:00:00"); }

/// ISO 8601 duration of working minutes, as MS Project writes it.
std::string minutes_text(double minutes) {
    const long m = std::lround(minutes);
    return fmt::format("PT{}H{}M0S", m / 60, m % 60);
}
std::string hours(int32_t days, double hpd) { return minutes_text(days * hpd * 60); }

int link_type(DepType t) {
    switch (t) {  // MSPDI: 0 FF, 1 FS, 2 SF, 3 SS
    case DepType::FF: return 0;
    case DepType::FS: return 1;
    case DepType::SF: return 2;
    case DepType::SS: return 3;
    }
    return 1;
}

/// Working times of a day of `hpd` hours: from 08:00, with a lunch hour after four hours.
std::string working_times(double hpd, const std::string& indent) {
    auto hm = [](double h) {
        const long m = std::lround(h * 60);
        return fmt::format("{:02}:{:02}:00", m / 60, m % 60);
    };
    std::string s = indent + "<WorkingTimes>\n";
    if (hpd <= 4) s += indent + "  <WorkingTime><FromTime>08:00:00</FromTime><ToTime>" + hm(8 + hpd) + "</ToTime></WorkingTime>\n";
    else if (hpd <= 10)
        s += indent + "  <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\n" + indent +
             "  <WorkingTime><FromTime>13:00:00</FromTime><ToTime>" + hm(13 + hpd - 4) + "</ToTime></WorkingTime>\n";
    else
        s += indent + "  <WorkingTime><FromTime>00:00:00</FromTime><ToTime>" + (hpd >= 24 ? "00:00:00" : hm(hpd)) +
             "</ToTime></WorkingTime>\n";
    return s + indent + "</WorkingTimes>\n";
}

/// Days off as MSPDI writes them: the pre-2007 WeekDay ranges, which older readers (GNOME Planner)
/// take, and the <Exceptions> with names, which Project 2007 and later take.
struct DaysOff {
    Date from, to;
    std::string name;
};

std::vector<DaysOff> runs(const std::vector<std::pair<Date, std::string>>& days) {
    std::vector<DaysOff> out;
    for (const auto& [d, name] : days) {
        if (!out.empty() && out.back().name == name && out.back().to + 1 == d) out.back().to = d;
        else out.push_back({d, d, name});
    }
    return out;
}

void calendar(std::ostream& out, int uid, const std::string& name, int base_uid, const std::array<bool, 7>* week,
              double hpd, const std::vector<DaysOff>& off) {
    out << "    <Calendar>\n      <UID>" << uid << "</UID>\n      <Name>" << xml(name) << "</Name>\n"
        << "      <IsBaseCalendar>" << (base_uid < 0) << "</IsBaseCalendar>\n      <IsBaselineCalendar>0</IsBaselineCalendar>\n"
        << "      <BaseCalendarUID>" << base_uid << "</BaseCalendarUID>\n";
    if (week || !off.empty()) out << "      <WeekDays>\n";
    if (week)
        for (int d = 1; d <= 7; ++d) {  // MSPDI: 1 Sunday ... 7 Saturday
            const bool working = (*week)[static_cast<size_t>((d + 5) % 7)];
            out << "        <WeekDay>\n          <DayType>" << d << "</DayType>\n          <DayWorking>" << working
                << "</DayWorking>\n";
            if (working) out << working_times(hpd, "          ");
            out << "        </WeekDay>\n";
        }
    for (const DaysOff& o : off)
        out << "        <WeekDay>\n          <DayType>0</DayType>\n          <DayWorking>0</DayWorking>\n"
            << "          <TimePeriod><FromDate>" << o.from.iso() << "T00:00:00</FromDate><ToDate>" << o.to.iso()
            << "T23:59:00</ToDate></TimePeriod>\n        </WeekDay>\n";
    if (week || !off.empty()) out << "      </WeekDays>\n";
    if (!off.empty()) {
        out << "      <Exceptions>\n";
        for (const DaysOff& o : off)
            out << "        <Exception>\n          <EnteredByOccurrences>0</EnteredByOccurrences>\n"
                << "          <TimePeriod><FromDate>" << o.from.iso() << "T00:00:00</FromDate><ToDate>" << o.to.iso()
                << "T23:59:00</ToDate></TimePeriod>\n          <Occurrences>1</Occurrences>\n          <Name>"
                << xml(o.name) << "</Name>\n          <Type>1</Type>\n          <DayWorking>0</DayWorking>\n"
                << "        </Exception>\n";
        out << "      </Exceptions>\n";
    }
    out << "    </Calendar>\n";
}

}  // namespace

std::vector<std::string> render_plan_mspdi(std::ostream& out, const PlanView& v) {
    std::vector<std::string> said;
    const Portfolio& pf = v.portfolio;
    const bool single = v.projects.size() == 1;
    const Calendar& cal = pf.projects.empty() ? standard_calendar() : pf.project_calendar(pf.projects[static_cast<size_t>(v.projects.empty() ? 0 : v.projects[0])]);
    const double hpd = cal.hpd;
    const Project* only = single ? &pf.projects[static_cast<size_t>(v.projects[0])] : nullptr;

    // Calendar UIDs: every calendar of the pool (flattened: Project's base calendars have no
    // base), the built-in one when a project uses it, then one calendar per resource.
    std::map<std::string, int> cal_uid;
    int next_cal = 1;
    if (!pf.find_calendar(cal.id)) cal_uid[cal.id] = next_cal++;
    for (const Calendar& c : pf.calendars) cal_uid[c.id] = next_cal++;
    const int project_cal = cal_uid.at(cal.id);

    // Task UIDs: 0 is the project summary Project expects; with several projects each project is a
    // summary task of its own.
    std::map<std::pair<int32_t, int32_t>, int> uid;
    int next = 1;
    for (int32_t pi : v.projects) {
        if (!single) uid[{pi, -1}] = next++;
        for (size_t i = 0; i < pf.projects[static_cast<size_t>(pi)].tasks.size(); ++i) uid[{pi, static_cast<int32_t>(i)}] = next++;
    }
    Date first{INT32_MAX}, last{INT32_MIN}, status{INT32_MIN};
    for (int32_t pi : v.projects) {
        first = std::min(first, v.plan.projects[static_cast<size_t>(pi)].start);
        last = std::max(last, v.plan.projects[static_cast<size_t>(pi)].finish);
        status = std::max(status, v.plan.projects[static_cast<size_t>(pi)].status_date);
    }
    if (v.projects.empty()) first = last = status = v.today;
    const std::string title = only ? only->name.value : pf.config.name;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    out << "<Project xmlns=\"http://schemas.microsoft.com/project\">\n";
    out << "  <SaveVersion>14</SaveVersion>\n";
    out << "  <Name>" << xml(only ? only->id : pf.config.name) << ".xml</Name>\n";
    out << "  <Title>" << xml(title) << "</Title>\n";
    if (only && only->manager) out << "  <Manager>" << xml(pf.person(only->manager.value)) << "</Manager>\n";
    out << "  <ScheduleFromStart>1</ScheduleFromStart>\n";
    out << "  <StartDate>" << when(first, false) << "</StartDate>\n";
    out << "  <FinishDate>" << when(last, true) << "</FinishDate>\n";
    out << "  <CurrencyCode>" << xml(pf.config.currency) << "</CurrencyCode>\n";
    out << "  <CalendarUID>" << project_cal << "</CalendarUID>\n";
    out << "  <DefaultStartTime>08:00:00</DefaultStartTime>\n";
    out << fmt::format("  <MinutesPerDay>{}</MinutesPerDay>\n  <MinutesPerWeek>{}</MinutesPerWeek>\n  <DaysPerMonth>20</DaysPerMonth>\n",
                       std::lround(hpd * 60), std::lround(hpd * 60 * cal.days_per_week()));
    // Project must not level again and so move what pmo levelled; the levelling delays below hold it.
    out << "  <HonorConstraints>1</HonorConstraints>\n";
    out << "  <StatusDate>" << when(status, true) << "</StatusDate>\n";

    out << "  <Calendars>\n";
    auto holidays_of = [](const Calendar& c) {
        std::vector<std::pair<Date, std::string>> days;
        for (Date d : c.all_holidays) days.emplace_back(d, std::string());
        return days;
    };
    if (!pf.find_calendar(cal.id)) calendar(out, project_cal, cal.id, -1, &cal.week, cal.hpd, runs(holidays_of(cal)));
    for (const Calendar& c : pf.calendars) {
        // A holiday inherited from a base keeps the name the base gives it.
        std::vector<std::pair<Date, std::string>> days;
        for (Date d : c.all_holidays) {
            std::string name;
            for (const Calendar* k = &c; k && name.empty(); k = k->base ? pf.find_calendar(k->base.value) : nullptr) {
                for (const Holiday& h : k->holidays)
                    if (h.date == d) name = h.name;
                if (k->base && k->base.value == k->id) break;
            }
            days.emplace_back(d, name);
        }
        calendar(out, cal_uid.at(c.id), c.id, -1, &c.week, c.hpd, runs(days));
    }
    // Each resource's own calendar: its base, and its absences as exceptions.
    std::vector<int> res_cal(pf.resources.size());
    for (size_t r = 0; r < pf.resources.size(); ++r) {
        const Resource& res = pf.resources[r];
        const Calendar* rc = res.calendar ? pf.find_calendar(res.calendar.value) : nullptr;
        const int base = rc ? cal_uid.at(rc->id) : project_cal;
        std::vector<std::pair<Date, std::string>> days;
        for (const Absence& a : res.absences)
            for (Date d = a.from; d <= a.to && d - a.from < 3660; d = d + 1) days.emplace_back(d, a.reason);
        std::sort(days.begin(), days.end());
        res_cal[r] = next_cal++;
        calendar(out, res_cal[r], res.name ? res.name.value : res.id, base, nullptr, 0, runs(days));
    }
    out << "  </Calendars>\n";

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
            } else if (t.effort && !t.assign.empty()) {
                // The work itself, not what the span would hold: absences stretch an effort task.
                h = t.effort->unit == 'h' ? t.effort->value : t.effort->days(cal.days_per_week(), hpd) * hpd;
                total += h;
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
    auto in_view = [&](int32_t project) { return std::find(v.projects.begin(), v.projects.end(), project) != v.projects.end(); };

    out << "  <Tasks>\n";
    out << "    <Task>\n      <UID>0</UID>\n      <ID>0</ID>\n      <Name>" << xml(title) << "</Name>\n"
        << "      <Type>1</Type>\n      <OutlineNumber>0</OutlineNumber>\n      <OutlineLevel>0</OutlineLevel>\n"
        << "      <Priority>" << (only ? only->effective_priority() : 500) << "</Priority>\n"
        << "      <Start>" << when(first, false) << "</Start>\n      <Finish>" << when(last, true) << "</Finish>\n"
        << "      <Duration>" << hours(std::max(0, (last - first) + 1), hpd) << "</Duration>\n"
        << "      <Work>" << minutes_text(all_work * 60) << "</Work>\n"
        << "      <Milestone>0</Milestone>\n      <Summary>1</Summary>\n";
    if (only && only->deadline) out << "      <Deadline>" << when(only->deadline.value, true) << "</Deadline>\n";
    if (only && only->description) out << "      <Notes>" << xml(only->description.value) << "</Notes>\n";
    out << "    </Task>\n";
    int id = 1;
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        const ProjectPlan& pp = v.plan.projects[static_cast<size_t>(pi)];
        const auto wbs = wbs_numbers(p);
        const int top = id;
        const std::string prefix = single ? "" : fmt::format("{}.", top);
        if (!single) {
            int done = 0, all = 0;
            for (size_t i = 0; i < p.tasks.size(); ++i)
                if (!p.tasks[i].is_summary()) {
                    const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
                    done += x.percent * std::max(1, x.f - x.s);
                    all += 100 * std::max(1, x.f - x.s);
                }
            out << "    <Task>\n      <UID>" << uid[{pi, -1}] << "</UID>\n      <ID>" << id++ << "</ID>\n"
                << "      <Name>" << xml(p.name.value) << "</Name>\n      <Type>1</Type>\n      <WBS>" << xml(p.id)
                << "</WBS>\n      <OutlineNumber>" << top << "</OutlineNumber>\n      <OutlineLevel>1</OutlineLevel>\n"
                << "      <Priority>" << p.effective_priority() << "</Priority>\n"
                << "      <Start>" << when(pp.start, false) << "</Start>\n"
                << "      <Finish>" << when(pp.finish, true) << "</Finish>\n"
                << "      <Duration>" << hours(pp.f - pp.s, hpd) << "</Duration>\n"
                << "      <Work>" << minutes_text(work[{pi, -1}] * 60) << "</Work>\n"
                << "      <Milestone>0</Milestone>\n      <Summary>1</Summary>\n"
                << "      <PercentComplete>" << (all ? done * 100 / all / 100 : 0) << "</PercentComplete>\n";
            if (p.deadline) out << "      <Deadline>" << when(p.deadline.value, true) << "</Deadline>\n";
            out << "    </Task>\n";
        }
        const WorkCalendar* wc = pi < static_cast<int32_t>(v.plan.project_calendar.size()) ? &v.plan.calendar(static_cast<size_t>(pi)) : nullptr;
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const Task& t = p.tasks[i];
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            const bool milestone = !t.is_summary() && x.f == x.s;
            int32_t days = x.f - x.s;
            // A task in progress: its duration is its own length, not the span from its actual start
            // to its planned finish, and what remains is scheduled from the status date, as pmo
            // plans it (the remaining days are ceil((1 - progress) x duration)).
            int32_t remaining = -1;
            const ProjectPlan& own = v.plan.projects[static_cast<size_t>(pi)];
            if (x.started && !x.done && !t.is_summary() && wc && t.progress && t.progress.value < 1) {
                remaining = std::max(0, x.f - wc->index(own.status_date));
                const double done_share = t.progress.value;
                auto fits = [&](int32_t d) {
                    return static_cast<int32_t>(std::ceil((1 - done_share) * d - 1e-9)) == remaining;
                };
                int32_t d = t.duration ? static_cast<int32_t>(t.duration->days(cal.days_per_week(), hpd)) : days;
                if (!fits(d))
                    for (int32_t k = remaining; k <= remaining * 100 + 100; ++k)
                        if (fits(k)) {
                            d = k;
                            break;
                        }
                days = d;
            }
            // Milestones at the end of their day, as Project places one after its predecessor.
            const std::string start = milestone ? when(x.start, true) : when(x.start, false);
            const std::string finish = when(x.finish, true);
            out << "    <Task>\n      <UID>" << uid[{pi, static_cast<int32_t>(i)}] << "</UID>\n      <ID>" << id++
                << "</ID>\n      <Name>" << xml(t.name ? t.name.value : t.id) << "</Name>\n"
                << "      <Type>" << (t.effort ? 2 : 1) << "</Type>\n"
                << "      <WBS>" << xml(prefix + wbs[i]) << "</WBS>\n      <OutlineNumber>" << prefix << wbs[i]
                << "</OutlineNumber>\n      <OutlineLevel>" << t.depth + (single ? 1 : 2) << "</OutlineLevel>\n"
                << "      <Priority>" << (t.priority ? t.priority.value : 500) << "</Priority>\n"
                << "      <Start>" << start << "</Start>\n      <Finish>" << finish << "</Finish>\n"
                << "      <Duration>" << hours(days, hpd) << "</Duration>\n      <DurationFormat>7</DurationFormat>\n"
                << "      <Work>" << minutes_text(work[{pi, static_cast<int32_t>(i)}] * 60) << "</Work>\n"
                << "      <Estimated>0</Estimated>\n"
                << "      <Milestone>" << milestone << "</Milestone>\n      <Summary>" << t.is_summary() << "</Summary>\n"
                << "      <Critical>" << x.critical << "</Critical>\n"
                << "      <FreeSlack>" << std::lround(x.free_float * hpd * 600) << "</FreeSlack>\n"
                << "      <TotalSlack>" << std::lround(x.total_float * hpd * 600) << "</TotalSlack>\n";
            if (t.cost && !t.is_summary()) out << fmt::format("      <FixedCost>{:g}</FixedCost>\n", t.cost.value);
            out << "      <PercentComplete>" << x.percent << "</PercentComplete>\n";
            if (x.started || x.done) {
                out << "      <ActualStart>" << when(t.actual_start ? t.actual_start.value : x.start, milestone) << "</ActualStart>\n";
                if (x.done) out << "      <ActualFinish>" << when(t.actual_finish ? t.actual_finish.value : x.finish, true) << "</ActualFinish>\n";
                if (remaining >= 0)
                    out << "      <ActualDuration>" << hours(days - remaining, hpd) << "</ActualDuration>\n"
                        << "      <RemainingDuration>" << hours(remaining, hpd) << "</RemainingDuration>\n";
            }
            // What pmo planned holds in Project: a start bound Project cannot see (the status date, a
            // project outside this file) becomes a start-no-earlier-than constraint; levelling a delay.
            Date snet{INT32_MIN};
            if (t.start_no_earlier_than) snet = t.start_no_earlier_than.value;
            const Driver& why = x.driver;
            const bool unseen = (why.kind == Driver::status && !x.started && !x.done) ||
                                (why.kind == Driver::dependency && !in_view(why.project));
            if (unseen && !t.is_summary()) snet = std::max(snet, x.start);
            for (const Dependency& d : t.depends)
                if (d.project >= 0 && !in_view(d.project))
                    said.push_back(fmt::format(
                        "{}/{} follows {}: the file holds only the projects shown, so the link is left out{}", p.id, t.id,
                        d.ref, why.kind == Driver::dependency && why.project == d.project && why.task == d.task && !t.is_summary()
                                   ? fmt::format(" and the start it gives kept as start no earlier than {}", x.start.iso())
                                   : std::string()));
            if (snet.days != INT32_MIN)
                out << "      <ConstraintType>4</ConstraintType>\n      <ConstraintDate>" << when(snet, false) << "</ConstraintDate>\n";
            if (t.finish_no_later_than) out << "      <Deadline>" << when(t.finish_no_later_than.value, true) << "</Deadline>\n";
            if (why.kind == Driver::levelling && !t.is_summary() && !x.started && !x.done && wc) {
                const Date early = wc->date(x.es);
                if (x.start > early)
                    out << "      <LevelingDelay>" << (x.start - early) * 14400L << "</LevelingDelay>\n"
                        << "      <LevelingDelayFormat>8</LevelingDelayFormat>\n";
            }
            if (t.notes) out << "      <Notes>" << xml(t.notes.value) << "</Notes>\n";
            for (const Dependency& d : t.depends) {
                if (d.task < 0 || !uid.count({d.project, d.task})) continue;
                const long lag = std::lround(d.lag.days(cal.days_per_week(), hpd) * hpd * 600);  // tenths of minutes
                out << "      <PredecessorLink>\n        <PredecessorUID>" << uid[{d.project, d.task}]
                    << "</PredecessorUID>\n        <Type>" << link_type(d.type) << "</Type>\n"
                    << "        <CrossProject>0</CrossProject>\n        <LinkLag>" << lag
                    << "</LinkLag>\n        <LagFormat>7</LagFormat>\n      </PredecessorLink>\n";
            }
            if (v.baseline && static_cast<size_t>(pi) < v.baseline->tasks.size() && i < v.baseline->tasks[static_cast<size_t>(pi)].size())
                if (const auto& b = v.baseline->tasks[static_cast<size_t>(pi)][i]) {
                    const bool bm = milestone;
                    out << "      <Baseline>\n        <Number>0</Number>\n        <Start>" << when(b->start, bm)
                        << "</Start>\n        <Finish>" << when(b->finish, true) << "</Finish>\n      </Baseline>\n";
                }
            out << "    </Task>\n";
        }
    }
    out << "  </Tasks>\n  <Resources>\n";
    for (size_t r = 0; r < pf.resources.size(); ++r) {
        const Resource& res = pf.resources[r];
        out << "    <Resource>\n      <UID>" << r + 1 << "</UID>\n      <ID>" << r + 1 << "</ID>\n"
            << "      <Name>" << xml(res.name ? res.name.value : res.id) << "</Name>\n      <Type>1</Type>\n"
            << "      <Initials>" << xml(res.id) << "</Initials>\n";
        if (res.role) out << "      <Group>" << xml(res.role.value) << "</Group>\n";
        if (res.email) out << "      <EmailAddress>" << xml(res.email.value) << "</EmailAddress>\n";
        out << fmt::format("      <MaxUnits>{:.2f}</MaxUnits>\n", res.capacity());
        if (res.rate) out << fmt::format("      <StandardRate>{:g}</StandardRate>\n      <StandardRateFormat>2</StandardRateFormat>\n", res.rate.value);
        out << "      <CalendarUID>" << res_cal[r] << "</CalendarUID>\n";
        out << "    </Resource>\n";
    }
    out << "  </Resources>\n  <Assignments>\n";
    int auid = 1;
    for (int32_t pi : v.projects) {
        const Project& p = pf.projects[static_cast<size_t>(pi)];
        for (size_t i = 0; i < p.tasks.size(); ++i) {
            const TaskPlan& x = v.plan.tasks[static_cast<size_t>(pi)][i];
            double units = 0;
            for (const Assignment& a : p.tasks[i].assign) units += a.units;
            const double task_work = work[{pi, static_cast<int32_t>(i)}];
            for (const Assignment& a : p.tasks[i].assign) {
                if (a.index < 0) continue;
                // An effort task's work shared by units; a fixed-duration task books units every day.
                const double minutes = p.tasks[i].effort && units > 0 ? task_work * 60 * a.units / units
                                                                      : (x.f - x.s) * hpd * 60 * a.units;
                out << "    <Assignment>\n      <UID>" << auid++ << "</UID>\n      <TaskUID>" << uid[{pi, static_cast<int32_t>(i)}]
                    << "</TaskUID>\n      <ResourceUID>" << a.index + 1 << "</ResourceUID>\n"
                    << "      <PercentWorkComplete>" << x.percent << "</PercentWorkComplete>\n"
                    << "      <Finish>" << when(x.finish, true) << "</Finish>\n"
                    << "      <Start>" << when(x.start, false) << "</Start>\n"
                    << fmt::format("      <Units>{:g}</Units>\n", a.units)
                    << "      <Work>" << minutes_text(minutes) << "</Work>\n    </Assignment>\n";
            }
        }
    }
    out << "  </Assignments>\n</Project>\n";
    return said;
}

}  // namespace pmo
