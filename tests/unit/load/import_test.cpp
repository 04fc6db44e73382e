#include "../support.hpp"

#include <pmo/load/import.hpp>

#include <algorithm>
#include <doctest/doctest.h>

using namespace pmo;

namespace {

/// A Microsoft Project XML file around the given parts, with Project's usual Standard calendar.
std::string mspdi(const std::string& tasks, const std::string& extra = {}, const std::string& calendars = {}) {
    const std::string standard = R"(
    <Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
      </WeekDays>
    </Calendar>)";
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Title>Apollo</Title>
  <StartDate>2027-01-04T08:00:00</StartDate>
  <CalendarUID>1</CalendarUID>
  <MinutesPerDay>480</MinutesPerDay>
  <MinutesPerWeek>2400</MinutesPerWeek>
)" + extra + "  <Calendars>" + standard + calendars + "\n  </Calendars>\n  <Tasks>\n" +
           "    <Task><UID>0</UID><Name>Apollo</Name><OutlineLevel>0</OutlineLevel></Task>\n" + tasks +
           "  </Tasks>\n</Project>\n";
}

std::string task(int uid, const std::string& name, int level, const std::string& more = "<Duration>PT8H0M0S</Duration>") {
    return "    <Task><UID>" + std::to_string(uid) + "</UID><Name>" + name + "</Name><OutlineLevel>" +
           std::to_string(level) + "</OutlineLevel>" + more + "</Task>\n";
}

std::string link(int pred, int type, long lag = 0, int format = 7) {
    return "<PredecessorLink><PredecessorUID>" + std::to_string(pred) + "</PredecessorUID><Type>" + std::to_string(type) +
           "</Type><LinkLag>" + std::to_string(lag) + "</LinkLag><LagFormat>" + std::to_string(format) +
           "</LagFormat></PredecessorLink>";
}

const Task& by_id(const ImportedPlan& p, const std::string& id) {
    for (const Task& t : p.project.tasks)
        if (t.id == id) return t;
    FAIL("no task " << id);
    static Task none;
    return none;
}

std::string notes(const ImportedPlan& p) {
    std::string s;
    for (const ImportMessage& m : p.not_imported) s += std::to_string(m.line) + ": " + m.text + "\n";
    return s;
}

}  // namespace

TEST_CASE("import mspdi: the project, and the outline as nested summary tasks") {
    const ImportedPlan p = read_mspdi(mspdi(task(1, "Design phase", 1, "") + task(2, "Sketch", 2) +
                                            task(3, "Review &amp; sign-off", 3) + task(4, "Build", 1)),
                                      "plans/apollo-2027.xml", "");
    REQUIRE(p.errors.empty());
    CHECK(p.project.id == "apollo-2027");
    CHECK(p.project.name.value == "Apollo");
    CHECK(p.project.start.value.iso() == "2027-01-04");
    CHECK(p.project.calendar.value == "standard");
    REQUIRE(p.project.tasks.size() == 4);
    CHECK(p.project.tasks[0].id == "design-phase");
    CHECK(p.project.tasks[0].children == std::vector<int32_t>{1});
    CHECK(p.project.tasks[1].children == std::vector<int32_t>{2});
    CHECK(p.project.tasks[2].name.value == "Review & sign-off");
    CHECK(p.project.tasks[2].id == "review-sign-off");
    CHECK(p.project.tasks[2].depth == 2);
    CHECK(p.project.tasks[3].parent == -1);
    CHECK_FALSE(p.project.tasks[0].duration.present);  // a summary spans its children
    CHECK(read_mspdi(mspdi(""), "x.xml", "given").project.id == "given");
}

TEST_CASE("import mspdi: task ids are unique even when names repeat or are empty") {
    const ImportedPlan p = read_mspdi(mspdi(task(1, "Task 1", 1) + task(2, "Task 1", 1) + task(7, "", 1)), "a.xml", "");
    CHECK(p.project.tasks[0].id == "task-1");
    CHECK(p.project.tasks[1].id == "task-1-2");
    CHECK(p.project.tasks[2].id == "task-7");
}

TEST_CASE("import mspdi: durations in every unit") {
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Two days", 1, "<Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat>") +
              task(2, "Half a day", 1, "<Duration>PT4H0M0S</Duration><DurationFormat>5</DurationFormat>") +
              task(3, "A week", 1, "<Duration>PT40H0M0S</Duration><DurationFormat>9</DurationFormat>") +
              task(4, "Minutes", 1, "<Duration>PT0H90M0S</Duration><DurationFormat>3</DurationFormat>") +
              task(5, "Guess", 1, "<Duration>PT24H0M0S</Duration><DurationFormat>39</DurationFormat><Estimated>1</Estimated>") +
              // Three elapsed days from Friday: Friday and Monday are the working days it spans.
              task(6, "Curing", 1,
                   "<Start>2027-01-08T08:00:00</Start><Finish>2027-01-11T08:00:00</Finish><Duration>PT72H0M0S</Duration>"
                   "<DurationFormat>8</DurationFormat>")),
        "a.xml", "");
    CHECK(by_id(p, "two-days").duration->str() == "2d");
    CHECK(by_id(p, "half-a-day").duration->str() == "4h");
    CHECK(by_id(p, "a-week").duration->str() == "5d");
    CHECK(by_id(p, "minutes").duration->str() == "1.5h");
    CHECK(by_id(p, "guess").duration->str() == "3d");
    CHECK(by_id(p, "curing").duration->str() == "1d");  // Friday only: it ends at the start of Monday
    const std::string n = notes(p);
    CHECK(n.find("estimated ('?') durations: 'Guess'") != std::string::npos);
    CHECK(n.find("elapsed durations: 'Curing' 3ed elapsed: pmo counts working days, so it is the 1d Project's dates span") !=
          std::string::npos);
}

TEST_CASE("import mspdi: milestones") {
    const ImportedPlan p = read_mspdi(mspdi(task(1, "Go-live", 1, "<Duration>PT0H0M0S</Duration><Milestone>1</Milestone>") +
                                            task(2, "Gate", 1, "<Duration>PT8H0M0S</Duration><Milestone>1</Milestone>") +
                                            task(3, "Zero", 1, "<Duration>PT0H0M0S</Duration>")),
                                      "a.xml", "");
    for (const char* id : {"go-live", "gate", "zero"}) {
        CHECK(by_id(p, id).is_milestone());
        CHECK_FALSE(by_id(p, id).duration.present);
    }
    CHECK(notes(p).find("durations of milestones: 'Gate' PT8H0M0S: a pmo milestone takes no time") != std::string::npos);
}

TEST_CASE("import mspdi: every link type, with lags in every format") {
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "A", 1, "<Duration>PT80H0M0S</Duration>") +
              task(2, "FF", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 0)) +
              task(3, "FS", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 1, 4800)) +
              task(4, "SF", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 2, -4800)) +
              task(5, "SS", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 3, 2400, 5)) +
              task(6, "Weeks", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 1, 24000, 9)) +
              task(7, "Elapsed", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 1, 7 * 14400, 8)) +
              task(8, "Percent", 1, "<Duration>PT8H0M0S</Duration>" + link(1, 3, 500, 19)) +
              task(9, "Outside", 1, "<Duration>PT8H0M0S</Duration>" + link(99, 1))),
        "a.xml", "");
    auto dep = [&](const char* id) { return by_id(p, id).depends.at(0); };
    CHECK(dep("ff").type == DepType::FF);
    CHECK(dep("ff").ref == "a");
    CHECK(dep("ff").lag.value == 0);
    CHECK(dep("fs").type == DepType::FS);
    CHECK(dep("fs").lag.str() == "1d");
    CHECK(dep("sf").type == DepType::SF);
    CHECK(dep("sf").lag.str() == "-1d");
    CHECK(dep("ss").type == DepType::SS);
    CHECK(dep("ss").lag.str() == "4h");
    CHECK(dep("weeks").lag.str() == "5d");
    CHECK(dep("elapsed").lag.str() == "5d");  // seven calendar days are five working days
    CHECK(dep("percent").lag.str() == "5d");  // 50% of A's ten days
    CHECK(by_id(p, "outside").depends.empty());
    const std::string n = notes(p);
    CHECK(n.find("elapsed lags: 'Elapsed' 7ed: pmo lags are working time, so it is 5d") != std::string::npos);
    CHECK(n.find("percent lags: 'Percent' 50%") != std::string::npos);
    CHECK(n.find("links to tasks outside the file: 'Outside' after task 99") != std::string::npos);
}

TEST_CASE("import mspdi: constraints, deadlines, priority, notes, cost") {
    auto c = [](int type, const char* date) {
        return std::string("<Duration>PT8H0M0S</Duration><ConstraintType>") + std::to_string(type) +
               "</ConstraintType><ConstraintDate>" + date + "</ConstraintDate>";
    };
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Snet", 1, c(4, "2027-02-01T08:00:00")) + task(2, "Fnlt", 1, c(7, "2027-02-05T17:00:00")) +
              task(3, "Mso", 1, c(2, "2027-03-01T08:00:00")) + task(4, "Alap", 1, c(1, "2027-03-01T08:00:00")) +
              task(5, "Snlt", 1, c(5, "2027-03-01T08:00:00")) + task(6, "Fnet", 1, c(6, "2027-03-01T17:00:00")) +
              task(7, "Mfo", 1, c(3, "2027-03-05T17:00:00")) +
              task(8, "Due", 1,
                   "<Duration>PT8H0M0S</Duration><Deadline>2027-04-30T17:00:00</Deadline><Priority>900</Priority>"
                   "<Notes>Call the vendor.\nThen the lawyer.</Notes><FixedCost>1500</FixedCost>")),
        "a.xml", "");
    CHECK(by_id(p, "snet").start_no_earlier_than->iso() == "2027-02-01");
    CHECK(by_id(p, "fnlt").finish_no_later_than->iso() == "2027-02-05");
    CHECK(by_id(p, "mso").start_no_earlier_than->iso() == "2027-03-01");
    CHECK(by_id(p, "mfo").finish_no_later_than->iso() == "2027-03-05");
    CHECK_FALSE(by_id(p, "alap").start_no_earlier_than.present);
    CHECK_FALSE(by_id(p, "snlt").start_no_earlier_than.present);
    CHECK_FALSE(by_id(p, "fnet").start_no_earlier_than.present);
    const Task& due = by_id(p, "due");
    CHECK(due.finish_no_later_than->iso() == "2027-04-30");
    CHECK(due.priority.value == 900);
    CHECK(due.notes.value == "Call the vendor.\nThen the lawyer.");
    CHECK(due.cost.value == 1500);
    const std::string n = notes(p);
    CHECK(n.find("as-late-as-possible constraints: 'Alap': pmo schedules it as soon as possible") != std::string::npos);
    CHECK(n.find("must-start-on constraints: 'Mso' 2027-03-01: pmo keeps it as start_no_earlier_than") != std::string::npos);
    CHECK(n.find("start-no-later-than constraints: 'Snlt' 2027-03-01") != std::string::npos);
    CHECK(n.find("finish-no-earlier-than constraints: 'Fnet' 2027-03-01") != std::string::npos);
    CHECK(n.find("must-finish-on constraints: 'Mfo' 2027-03-05") != std::string::npos);
}

TEST_CASE("import mspdi: calendars with work weeks, exceptions and recurring exceptions") {
    const std::string site = R"(
    <Calendar><UID>2</UID><Name>Site Berlin</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
      <WeekDays>
        <WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>
      </WeekDays>
      <Exceptions>
        <Exception><TimePeriod><FromDate>2027-10-03T00:00:00</FromDate><ToDate>2027-10-03T23:59:00</ToDate></TimePeriod>
          <Name>German Unity Day</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>
        <Exception><TimePeriod><FromDate>2027-01-01T00:00:00</FromDate><ToDate>2029-01-01T23:59:00</ToDate></TimePeriod>
          <Occurrences>3</Occurrences><Name>New Year</Name><Type>2</Type><Month>0</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking></Exception>
        <Exception><TimePeriod><FromDate>2027-01-01T00:00:00</FromDate><ToDate>2027-03-31T23:59:00</ToDate></TimePeriod>
          <Name>Team day</Name><Type>5</Type><Period>1</Period><MonthItem>4</MonthItem><MonthPosition>4</MonthPosition><DayWorking>0</DayWorking></Exception>
        <Exception><TimePeriod><FromDate>2027-01-04T00:00:00</FromDate><ToDate>2027-01-31T23:59:00</ToDate></TimePeriod>
          <Name>Fortnightly</Name><Type>6</Type><Period>2</Period><DaysOfWeek>8</DaysOfWeek><DayWorking>0</DayWorking></Exception>
        <Exception><TimePeriod><FromDate>2027-06-05T00:00:00</FromDate><ToDate>2027-06-05T23:59:00</ToDate></TimePeriod>
          <Name>Open day</Name><Type>1</Type><DayWorking>1</DayWorking></Exception>
      </Exceptions>
    </Calendar>
    <Calendar><UID>3</UID><Name>Old style</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
      <WeekDays><WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2027-05-03T00:00:00</FromDate><ToDate>2027-05-04T23:59:00</ToDate></TimePeriod></WeekDay></WeekDays>
    </Calendar>)";
    const std::string res = R"(<Resources>
    <Resource><UID>1</UID><Name>Ann</Name><CalendarUID>2</CalendarUID></Resource>
    <Resource><UID>2</UID><Name>Ben</Name><CalendarUID>3</CalendarUID></Resource>
  </Resources>)";
    const ImportedPlan p = read_mspdi(mspdi("", res, site), "a.xml", "");
    REQUIRE(p.calendars.size() == 3);
    CHECK(p.calendars[0].id == "standard");
    CHECK(p.calendars[0].workweek.value == std::array<bool, 7>{true, true, true, true, true, false, false});
    const Calendar& b = p.calendars[1];
    CHECK(b.id == "site-berlin");
    CHECK(b.base.value == "standard");
    CHECK(b.workweek.value == std::array<bool, 7>{true, true, true, true, false, false, false});  // no Fridays
    std::vector<std::string> days;
    for (const Holiday& h : b.holidays) days.push_back(h.date.iso() + " " + h.name);
    CHECK(days == std::vector<std::string>{"2027-01-01 New Year", "2027-01-06 Fortnightly", "2027-01-20 Fortnightly",
                                           "2027-01-25 Team day", "2027-02-22 Team day", "2027-03-29 Team day",
                                           "2027-10-03 German Unity Day", "2028-01-01 New Year", "2029-01-01 New Year"});
    std::vector<std::string> old;
    for (const Holiday& h : p.calendars[2].holidays) old.push_back(h.date.iso());
    CHECK(old == std::vector<std::string>{"2027-05-03", "2027-05-04"});
    CHECK(notes(p).find("working exceptions (extra working time): calendar 'Site Berlin' 'Open day' from 2027-06-05") !=
          std::string::npos);
}

TEST_CASE("import mspdi: resources and assignments") {
    const std::string res = R"(<Resources>
    <Resource><UID>0</UID><Name></Name></Resource>
    <Resource><UID>1</UID><Name>Alice Chen</Name><Type>1</Type><Group>Developer</Group><EmailAddress>alice@example.com</EmailAddress>
      <MaxUnits>0.5</MaxUnits><StandardRate>90</StandardRate><OvertimeRate>120</OvertimeRate><CalendarUID>1</CalendarUID></Resource>
    <Resource><UID>2</UID><Name>Concrete</Name><Type>0</Type></Resource>
    <Resource><UID>3</UID><Name>Testers</Name><MaxUnits>3</MaxUnits></Resource>
  </Resources>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment>
    <Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>3</ResourceUID><Units>2</Units></Assignment>
    <Assignment><UID>3</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>
    <Assignment><UID>4</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>
  </Assignments>)";
    const ImportedPlan p = read_mspdi(mspdi(task(1, "Build", 1, "<Duration>PT40H0M0S</Duration>"), res), "a.xml", "");
    REQUIRE(p.resources.size() == 2);
    const Resource& a = p.resources[0];
    CHECK(a.id == "alice-chen");
    CHECK(a.name.value == "Alice Chen");
    CHECK(a.role.value == "Developer");
    CHECK(a.email.value == "alice@example.com");
    CHECK(a.units.value == 0.5);
    CHECK(a.rate.value == 90);
    CHECK_FALSE(a.calendar.present);  // the project's calendar
    CHECK(p.resources[1].units.value == 3);
    const Task& t = by_id(p, "build");
    REQUIRE(t.assign.size() == 2);
    CHECK(t.assign[0].resource == "alice-chen");
    CHECK(t.assign[0].units == 0.5);
    CHECK(t.assign[1].resource == "testers");
    CHECK(t.assign[1].units == 2);
    const std::string n = notes(p);
    CHECK(n.find("material resources: 'Concrete'") != std::string::npos);
    CHECK(n.find("overtime rates: 'Alice Chen' 120/h") != std::string::npos);
}

TEST_CASE("import mspdi: progress, actual dates and the status date") {
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Done", 1,
                   "<Duration>PT16H0M0S</Duration><PercentComplete>100</PercentComplete>"
                   "<ActualStart>2027-01-04T08:00:00</ActualStart><ActualFinish>2027-01-05T17:00:00</ActualFinish>") +
                  task(2, "Going", 1,
                       "<Duration>PT40H0M0S</Duration><PercentComplete>40</PercentComplete>"
                       "<ActualStart>2027-01-06T08:00:00</ActualStart>"),
              "<StatusDate>2027-01-08T17:00:00</StatusDate>"),
        "a.xml", "");
    const Task& done = by_id(p, "done");
    CHECK(done.progress.value == 1.0);
    CHECK(done.actual_start->iso() == "2027-01-04");
    CHECK(done.actual_finish->iso() == "2027-01-05");
    CHECK(by_id(p, "going").progress.value == doctest::Approx(0.4));
    CHECK(p.project.status_date->iso() == "2027-01-08");
    // Without progress the plan is as it was at its start, whatever day the file was saved.
    CHECK(read_mspdi(mspdi(task(1, "A", 1), "<CurrentDate>2030-01-01T08:00:00</CurrentDate>"), "a.xml", "")
              .project.status_date->iso() == "2027-01-04");
}

TEST_CASE("import mspdi: progress without its actual dates, and tasks started with nothing done") {
    const std::string status = "<StatusDate>2027-01-08T17:00:00</StatusDate>";
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Done", 1,
                   "<Duration>PT16H0M0S</Duration><Start>2027-01-04T08:00:00</Start><Finish>2027-01-05T17:00:00</Finish>"
                   "<PercentComplete>100</PercentComplete>") +
                  task(2, "Going", 1,
                       "<Duration>PT40H0M0S</Duration><Start>2027-01-06T08:00:00</Start><Finish>2027-01-12T17:00:00</Finish>"
                       "<PercentComplete>40</PercentComplete>") +
                  task(3, "Begun", 1,
                       "<Duration>PT40H0M0S</Duration><PercentComplete>0</PercentComplete>"
                       "<ActualStart>2027-01-07T08:00:00</ActualStart>") +
                  task(4, "Later", 1,
                       "<Duration>PT40H0M0S</Duration><PercentComplete>0</PercentComplete>"
                       "<ActualStart>2027-01-11T08:00:00</ActualStart>"),
              status),
        "a.xml", "");
    // Project would show the planned dates as the actual ones: so does the import, and says so.
    CHECK(by_id(p, "done").actual_start->iso() == "2027-01-04");
    CHECK(by_id(p, "done").actual_finish->iso() == "2027-01-05");
    CHECK(by_id(p, "going").actual_start->iso() == "2027-01-06");
    CHECK(!by_id(p, "going").actual_finish);
    REQUIRE(!p.not_imported.empty());
    CHECK(p.not_imported[0].text.starts_with("progress without actual dates: 'Done' 100%"));
    // Started by the status date with nothing done yet: started. After it: TaskJuggler's planned starts.
    CHECK(by_id(p, "begun").actual_start->iso() == "2027-01-07");
    CHECK(!by_id(p, "begun").progress);
    CHECK(!by_id(p, "later").actual_start);
    // Without a status date an actual start at 0% says nothing.
    const ImportedPlan q = read_mspdi(
        mspdi(task(1, "Begun", 1, "<Duration>PT40H0M0S</Duration><ActualStart>2027-01-07T08:00:00</ActualStart>")), "a.xml", "");
    CHECK(!by_id(q, "begun").actual_start);
}

TEST_CASE("import mspdi: manually scheduled tasks keep their start") {
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Pinned", 1, "<Manual>1</Manual><Start>2027-01-13T08:00:00</Start><Duration>PT8H0M0S</Duration>")),
        "a.xml", "");
    CHECK(by_id(p, "pinned").start_no_earlier_than->iso() == "2027-01-13");
    CHECK(notes(p).find("manual scheduling: 'Pinned'") != std::string::npos);
}

TEST_CASE("import mspdi: not imported, with the line it is on") {
    const std::string file = mspdi(task(1, "A", 1,
                                        "<Duration>PT8H0M0S</Duration>\n<ExtendedAttribute><FieldID>1</FieldID>"
                                        "</ExtendedAttribute>") +
                                   task(2, "B", 1, "<Duration>PT8H0M0S</Duration><ExtendedAttribute/>"));
    const ImportedPlan p = read_mspdi(file, "a.xml", "");
    const std::string before = file.substr(0, file.find("<ExtendedAttribute>"));
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::string n = notes(p);
    CHECK_MESSAGE(n.find(std::to_string(line) + ": custom field values: task 'A' (and 1 more)") != std::string::npos, n);
}

TEST_CASE("import mspdi: files that cannot be imported") {
    ImportedPlan p = read_mspdi("<?xml version=\"1.0\"?>\n<Project>\n  <Title>x</Titel>\n</Project>\n", "a.xml", "");
    REQUIRE(p.errors.size() == 1);
    CHECK_MESSAGE(p.errors[0].line == 3, p.errors[0].text);
    CHECK(p.errors[0].text.find("not well-formed XML") == 0);
    p = read_mspdi("<html><body/></html>", "a.xml", "");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].text == "not Microsoft Project XML: the document is <html>, not <Project>");
    p = read_mspdi("<Project><Title>x</Title></Project>", "a.xml", "");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].text == "the project has no <StartDate>");
    // An entity that would pull in a local file is not expanded.
    p = read_mspdi("<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                   "<Project><Title>&x;</Title><StartDate>2027-01-04T08:00:00</StartDate></Project>",
                   "a.xml", "");
    CHECK(p.project.name.value.find("root") == std::string::npos);
}

TEST_CASE("import: the YAML written loads back as the same plan") {
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Phase: one # really", 1, "") +
                  task(2, "yes", 2, "<Duration>PT16H0M0S</Duration><Notes>Line one\nLine two</Notes>") +
                  task(3, "\"Quoted\" - [x]", 2, "<Duration>PT4H0M0S</Duration>" + link(2, 3, 4800)),
              R"(<Resources><Resource><UID>1</UID><Name>O'Brien, Pat</Name><MaxUnits>1.5</MaxUnits></Resource></Resources>
  <Assignments><Assignment><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Units>0.75</Units></Assignment></Assignments>)"),
        "a.xml", "");
    const LoadResult r = test::load({{"projects/a.yaml", project_yaml(p)}, {"resources/a.yaml", pool_yaml(p)}});
    CHECK_MESSAGE(r.findings.empty(), project_yaml(p));
    REQUIRE(r.portfolio.projects.size() == 1);
    const Project& q = r.portfolio.projects[0];
    REQUIRE(q.tasks.size() == 3);
    CHECK(q.tasks[0].name.value == "Phase: one # really");
    CHECK(q.tasks[1].name.value == "yes");
    CHECK(q.tasks[1].notes.value == "Line one\nLine two");
    CHECK(q.tasks[1].assign.at(0).units == 0.75);
    CHECK(q.tasks[2].name.value == "\"Quoted\" - [x]");
    CHECK(q.tasks[2].depends.at(0).type == DepType::SS);
    CHECK(q.tasks[2].depends.at(0).lag.str() == "1d");
    CHECK(q.tasks[2].duration->str() == "4h");
    CHECK(r.portfolio.resources.at(0).name.value == "O'Brien, Pat");
    CHECK(r.portfolio.resources.at(0).units.value == 1.5);
}

TEST_CASE("import: ids made from names") {
    CHECK(make_id("Design & Build (Phase 2)", "x") == "design-build-phase-2");
    // Letters with marks as a person would spell them in plain ASCII; other scripts separate.
    CHECK(make_id("  --Ünïcode--  ", "x") == "uenicode");
    CHECK(make_id("Müller", "x") == "mueller");
    CHECK(make_id("Weiß", "x") == "weiss");
    CHECK(make_id("Onlineshop Einführung", "x") == "onlineshop-einfuehrung");
    CHECK(make_id("Łódź, Škoda, Ærø, Crème brûlée", "x") == "lodz-skoda-aero-creme-brulee");
    CHECK(make_id("日本 plan", "x") == "plan");
    CHECK(make_id("2 × 3 ÷ 4", "x") == "2-3-4");
    CHECK(make_id("!!!", "fallback") == "fallback");
    CHECK(make_id(std::string(60, 'a'), "x").size() == 40);
}

TEST_CASE("import mspdi: a resource's own calendar gives its absences; levelling delays keep the start") {
    const std::string own = R"(
    <Calendar><UID>2</UID><Name>Ann</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
      <Exceptions>
        <Exception><TimePeriod><FromDate>2027-02-01T00:00:00</FromDate><ToDate>2027-02-05T23:59:00</ToDate></TimePeriod>
          <Name>Ski trip</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>
        <Exception><TimePeriod><FromDate>2027-03-10T00:00:00</FromDate><ToDate>2027-03-10T23:59:00</ToDate></TimePeriod>
          <Name>Dentist</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>
      </Exceptions>
    </Calendar>
    <Calendar><UID>3</UID><Name>Ben</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
      <WeekDays><WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays>
    </Calendar>)";
    const std::string res = R"(<Resources>
    <Resource><UID>1</UID><Name>Ann</Name><CalendarUID>2</CalendarUID></Resource>
    <Resource><UID>2</UID><Name>Ben</Name><CalendarUID>3</CalendarUID></Resource>
  </Resources>)";
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Held", 1,
                   "<Start>2027-01-13T08:00:00</Start><Duration>PT8H0M0S</Duration><LevelingDelay>28800</LevelingDelay>"
                   "<LevelingDelayFormat>8</LevelingDelayFormat>"),
              res, own),
        "a.xml", "");
    REQUIRE(p.resources.size() == 2);
    const Resource& ann = p.resources[0];
    CHECK_FALSE(ann.calendar.present);  // her calendar's week is the project's
    REQUIRE(ann.absences.size() == 2);
    CHECK(ann.absences[0].from.iso() == "2027-02-01");
    CHECK(ann.absences[0].to.iso() == "2027-02-05");
    CHECK(ann.absences[0].reason == "Ski trip");
    CHECK(ann.absences[1].reason == "Dentist");
    const Resource& ben = p.resources[1];
    CHECK(ben.calendar.value == "ben");  // no Fridays: a calendar of his own
    REQUIRE(p.calendars.size() == 2);
    CHECK(p.calendars[1].holidays.empty());
    CHECK(by_id(p, "held").start_no_earlier_than->iso() == "2027-01-13");
    CHECK(notes(p).find("levelling delays: 'Held': kept as start_no_earlier_than 2027-01-13") != std::string::npos);
}

TEST_CASE("import mspdi: a fixed-work task with people on it is an effort task") {
    const std::string res = R"(<Resources><Resource><UID>1</UID><Name>Ann</Name></Resource><Resource><UID>2</UID><Name>Ben</Name></Resource></Resources>
  <Assignments>
    <Assignment><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units></Assignment>
    <Assignment><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID><Units>0.5</Units></Assignment>
  </Assignments>)";
    const ImportedPlan p = read_mspdi(
        mspdi(task(1, "Migrate", 1, "<Type>2</Type><Duration>PT64H0M0S</Duration><Work>PT96H0M0S</Work>") +
                  task(2, "Alone", 1, "<Type>2</Type><Duration>PT16H0M0S</Duration><Work>PT16H0M0S</Work>"),
              res),
        "a.xml", "");
    const Task& m = by_id(p, "migrate");
    CHECK(m.effort->str() == "12d");  // 96 hours of work
    CHECK_FALSE(m.duration.present);
    CHECK(by_id(p, "alone").duration->str() == "2d");  // nobody to do the work: its duration
    CHECK_FALSE(by_id(p, "alone").effort.present);
}
