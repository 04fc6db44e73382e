#include "../support.hpp"

#include <pmo/load/import.hpp>

#include <algorithm>
#include <doctest/doctest.h>

using namespace pmo;

namespace {

ImportedPlan csv(const std::string& text, CsvOptions options = {}) { return read_csv(text, "plan.csv", "", options); }

const Task& named(const ImportedPlan& p, const std::string& id) {
    for (const Task& t : p.project.tasks)
        if (t.id == id) return t;
    FAIL("no task " << id);
    return p.project.tasks.front();
}

std::string said(const ImportedPlan& p) {
    std::string s;
    for (const ImportMessage& m : p.not_imported) s += std::to_string(m.line) + ": " + m.text + "\n";
    return s;
}

std::string errors(const ImportedPlan& p) {
    std::string s;
    for (const ImportMessage& m : p.errors) s += std::to_string(m.line) + ":" + std::to_string(m.col) + ": " + m.text + "\n";
    return s;
}

}  // namespace

TEST_CASE("a CSV task list: header by name, quoted fields, outline by indentation") {
    const auto p = csv("Task Name,Duration,Start,Finish,Predecessors,% Complete,Resource Names,Notes\r\n"
                       "Relaunch,,2027-03-01,2027-03-19,,,,\r\n"
                       "  Design,5 days,2027-03-01,2027-03-05,,100%,Alice,\"Wireframes, then \"\"look\"\"\"\r\n"
                       "  Build,2 wks,2027-03-08,2027-03-19,2,40%,\"Bob, Alice[50%]\",\"two\nlines\"\r\n"
                       "Launch,0 days,2027-03-22,2027-03-22,3FS+2d,,,\r\n");
    REQUIRE_MESSAGE(p.errors.empty(), errors(p));
    REQUIRE(p.project.tasks.size() == 4);
    CHECK(p.project.id == "plan");
    CHECK(p.project.start.value == *Date::parse("2027-03-01"));
    const Task& relaunch = named(p, "relaunch");
    CHECK(relaunch.children.size() == 2);
    CHECK(!relaunch.duration);
    const Task& design = named(p, "design");
    CHECK(design.parent == 0);
    CHECK(design.depth == 1);
    CHECK(design.duration->str() == "5d");
    CHECK(design.progress.value == doctest::Approx(1.0));
    CHECK(design.actual_start.value == *Date::parse("2027-03-01"));
    CHECK(design.actual_finish.value == *Date::parse("2027-03-05"));
    CHECK(design.notes.value == "Wireframes, then \"look\"");
    const Task& build = named(p, "build");
    CHECK(build.duration->str() == "2w");
    REQUIRE(build.assign.size() == 2);
    CHECK(build.assign[0].resource == "bob");
    CHECK(build.assign[1].resource == "alice");
    CHECK(build.assign[1].units == doctest::Approx(0.5));
    CHECK(build.notes.value == "two\nlines");
    REQUIRE(build.depends.size() == 1);
    CHECK(build.depends[0].ref == "design");
    const Task& launch = named(p, "launch");
    CHECK(launch.is_milestone());
    REQUIRE(launch.depends.size() == 1);
    CHECK(launch.depends[0].ref == "build");
    CHECK(launch.depends[0].lag.str() == "2d");
    CHECK(p.resources.size() == 2);
    CHECK(p.project.status_date.value == *Date::parse("2027-03-09"));  // the day after the last one work is known of
}

TEST_CASE("CSV predecessors: every link type, signed lags in every unit, ids or row numbers") {
    const auto p = csv("ID,Name,Duration,Start,Predecessors\n"
                       "10,A,4d,2027-03-01,\n"
                       "20,B,1d,,10SS+1 day\n"
                       "30,C,1d,,10FF-2d; 20SF\n"
                       "40,D,2d,,\"10FS+3 hrs, 20FS+50%\"\n"
                       "50,E,1d,,30FS+1w\n"
                       "60,F,1d,,50FS+7ed\n");
    REQUIRE_MESSAGE(p.errors.empty(), errors(p));
    const Task& b = named(p, "b");
    CHECK(b.depends[0].type == DepType::SS);
    CHECK(b.depends[0].lag.str() == "1d");
    const Task& c = named(p, "c");
    REQUIRE(c.depends.size() == 2);
    CHECK(c.depends[0].type == DepType::FF);
    CHECK(c.depends[0].lag.str() == "-2d");
    CHECK(c.depends[1].type == DepType::SF);
    const Task& d = named(p, "d");
    REQUIRE(d.depends.size() == 2);
    CHECK(d.depends[0].lag.str() == "3h");
    CHECK(d.depends[1].lag.str() == "0.5d");  // 50% of B's one day
    CHECK(named(p, "e").depends[0].lag.str() == "1w");
    CHECK(named(p, "f").depends[0].lag.str() == "5d");  // seven elapsed days are five working days
    CHECK(said(p).find("percent lags") != std::string::npos);
    CHECK(said(p).find("7ed (elapsed) as 5d") != std::string::npos);

    // Without an id column, a predecessor is the row's number, 1 being the first task.
    const auto q = csv("Name,Duration,Start,Predecessors\nA,1d,2027-03-01,\nB,1d,,1\n");
    REQUIRE_MESSAGE(q.errors.empty(), errors(q));
    CHECK(named(q, "b").depends[0].ref == "a");
}

TEST_CASE("CSV lengths as the tools write them") {
    const auto p = csv("Name,Duration,Work,Start,Resource Names\n"
                       "A,3,,2027-03-01,\n"
                       "B,\"1,5d\",,2027-03-01,\n"
                       "C,90 mins,,2027-03-01,\n"
                       "D,1 mon,,2027-03-01,\n"
                       "E,2d?,,2027-03-01,\n"
                       "F,,24,2027-03-01,Ann\n"
                       "G,,,2027-03-01,\n");
    REQUIRE_MESSAGE(p.errors.empty(), errors(p));
    CHECK(named(p, "a").duration->str() == "3d");
    CHECK(named(p, "b").duration->str() == "1.5d");
    CHECK(named(p, "c").duration->str() == "1.5h");
    CHECK(named(p, "d").duration->str() == "4w");
    CHECK(named(p, "e").duration->str() == "2d");
    CHECK(!named(p, "f").duration);
    CHECK(named(p, "f").effort->str() == "24h");  // work without a unit is hours, and makes an effort task
    CHECK(named(p, "g").duration->str() == "1d");
    const std::string s = said(p);
    CHECK(s.find("1 mon as 4w") != std::string::npos);
    CHECK(s.find("estimated ('?') lengths") != std::string::npos);
    CHECK(s.find("tasks without a length: 'G': given 1d") != std::string::npos);

    // Jira's Original Estimate is in seconds.
    const auto j = csv("Summary,Issue key,Original Estimate,Assignee,Due Date\nCart,SHOP-2,57600,ann@x.example,01/Mar/27 5:00 PM\n");
    REQUIRE_MESSAGE(j.errors.empty(), errors(j));
    CHECK(named(j, "shop-2").effort->str() == "16h");
    REQUIRE(j.resources.size() == 1);
    CHECK(j.resources[0].id == "ann");
    CHECK(j.resources[0].email.value == "ann@x.example");
}

TEST_CASE("CSV dates: the file tells day from month, --dates overrides") {
    // A day above 12 settles it for the whole file.
    const auto dmy = csv("Name,Start\nA,02/01/27\nB,13/01/27\n");
    REQUIRE_MESSAGE(dmy.errors.empty(), errors(dmy));
    CHECK(dmy.project.start.value == *Date::parse("2027-01-02"));
    CHECK(named(dmy, "b").start_no_earlier_than.value == *Date::parse("2027-01-13"));
    const auto mdy = csv("Name,Start\nA,01/13/27\nB,02/01/27\n");
    CHECK(named(mdy, "b").start_no_earlier_than.value == *Date::parse("2027-02-01"));
    // Nothing settles it: '/' is read month first, '.' day first, and it is said.
    const auto slash = csv("Name,Start\nA,01/02/2027\nB,Mon 01/04/27 8:00 AM\n");
    REQUIRE_MESSAGE(slash.errors.empty(), errors(slash));
    CHECK(named(slash, "b").start_no_earlier_than.value == *Date::parse("2027-01-04"));
    CHECK(said(slash).find("read as month/day/year") != std::string::npos);
    const auto dots = csv("Name;Anfang\nA;01.02.2027\nB;03.02.2027\n");
    CHECK(named(dots, "b").start_no_earlier_than.value == *Date::parse("2027-02-03"));
    CsvOptions o;
    o.dates = "dmy";
    CHECK(named(csv("Name,Start\nA,01/02/2027\nB,01/03/2027\n", o), "b").start_no_earlier_than.value ==
          *Date::parse("2027-03-01"));
    // Month names and ISO dates need no order.
    const auto named_months = csv("Name,Start\nA,2027-03-01T08:00:00\nB,\"Mar 5, 2027\"\nC,8 Mar 2027\n");
    REQUIRE_MESSAGE(named_months.errors.empty(), errors(named_months));
    CHECK(named(named_months, "b").start_no_earlier_than.value == *Date::parse("2027-03-05"));
    CHECK(named(named_months, "c").start_no_earlier_than.value == *Date::parse("2027-03-08"));
    // Both orders in one file: an error that names both cells.
    const auto both = csv("Name,Start\nA,13/01/27\nB,01/13/27\n");
    CHECK(errors(both) == "3:3: '01/13/27' can only be month/day/year, but '13/01/27' at line 2 only day/month/year: give "
                          "--dates mdy or --dates dmy\n");
    // A date that reads neither way is no evidence: it is an error of its own.
    CHECK(errors(csv("Name,Start\nA,03/22/27\nB,13/29/27\n")) ==
          "3:3: '13/29/27' is not a date (2027-03-01, 3/1/27, 01.03.2027, 01/Mar/27, Mar 1, 2027)\n");
}

TEST_CASE("CSV outlines from a level column, WBS numbers or a parent column") {
    const auto level = csv("Outline Level,Name,Duration,Start\n1,A,,2027-03-01\n2,B,1d,2027-03-01\n3,C,1d,2027-03-01\n1,D,1d,2027-03-01\n");
    REQUIRE_MESSAGE(level.errors.empty(), errors(level));
    CHECK(named(level, "c").depth == 2);
    CHECK(named(level, "d").depth == 0);
    const auto wbs = csv("WBS,Name,Duration,Start\n1,A,,2027-03-01\n1.1,B,1d,2027-03-01\n2,D,1d,2027-03-01\n");
    CHECK(named(wbs, "b").parent == 0);
    CHECK(named(wbs, "d").parent == -1);
    // A parent column (Jira's Parent id) may list a summary's tasks anywhere below it: preorder.
    const auto parent = csv("Issue id,Summary,Parent id,Start\n1,Epic,,2027-03-01\n2,Other,,2027-03-01\n3,Story,1,2027-03-01\n");
    REQUIRE_MESSAGE(parent.errors.empty(), errors(parent));
    REQUIRE(parent.project.tasks.size() == 3);
    CHECK(parent.project.tasks[0].id == "epic");
    CHECK(parent.project.tasks[1].id == "story");
    CHECK(parent.project.tasks[1].parent == 0);
    CHECK(parent.project.tasks[2].id == "other");
}

TEST_CASE("CSV progress, status, costs, priorities, milestones and --map") {
    const auto p = csv("Name,Start,Finish,Progress,Status,Cost,Priority,Milestone,Est\n"
                       "A,2027-03-01,2027-03-03,0.5,,\"$1,200.50\",High,,3\n"
                       "B,2027-03-04,2027-03-04,,Done,\"1.200,50 €\",900,,\n"
                       "C,2027-03-05,2027-03-05,,,,,yes,\n");
    REQUIRE_MESSAGE(p.errors.empty(), errors(p));
    const Task& a = named(p, "a");
    CHECK(a.progress.value == doctest::Approx(0.5));  // a column of fractions
    CHECK(a.cost.value == doctest::Approx(1200.5));
    CHECK(a.priority.value == 700);
    CHECK(a.duration->str() == "3d");  // what its dates span
    const Task& b = named(p, "b");
    CHECK(b.progress.value == doctest::Approx(1.0));
    CHECK(b.actual_finish.value == *Date::parse("2027-03-04"));
    CHECK(b.cost.value == doctest::Approx(1200.5));
    CHECK(b.priority.value == 900);
    CHECK(named(p, "c").is_milestone());
    CHECK(said(p).find("'Est'") != std::string::npos);

    CsvOptions o;
    o.map = {{"Est", "duration"}};
    const auto m = csv("Name,Start,Est\nA,2027-03-01,3\n", o);
    REQUIRE_MESSAGE(m.errors.empty(), errors(m));
    CHECK(named(m, "a").duration->str() == "3d");
    CHECK(said(m).empty());
    o.map = {{"Est", "ignore"}};
    CHECK(said(csv("Name,Duration,Start,Est\nA,1d,2027-03-01,3\n", o)).empty());
}

TEST_CASE("CSV files that cannot be imported say where and why") {
    CHECK(errors(csv("")) == "1:1: the file is empty: pmo import needs a header row and one row per task\n");
    CHECK(errors(csv("Name,Start\n\"A,2027-03-01\n")) ==
          "2:1: malformed CSV: this quoted field does not end (a quote inside it is written \"\")\n");
    CHECK(errors(csv("Name,Start\nA 5\" screen,2027-03-01\n")).starts_with("2:4: malformed CSV: a quote inside a field"));
    CHECK(errors(csv("Name,Start\nA,2027-03-01\n\xe9t\xe9,2027-03-02\n")).starts_with("3:1: not UTF-8 text"));
    CHECK(errors(csv("Thing,Start\nA,2027-03-01\n")).starts_with("1:1: the header row names no task name column"));
    CHECK(errors(csv("Name,Duration\nA,1d\n")).find("no task has a start or finish date") != std::string::npos);
    CHECK(errors(csv("Name,Duration,Start\nA,2x,2027-03-01\n")) == "2:3: duration '2x' is not a length (5d, 5 days, 2w, 8h)\n");
    CHECK(errors(csv("Name,Start,Predecessors\nA,2027-03-01,\nB,,7\n")) ==
          "3:4: predecessor '7' is no row's number (write 3, 3FS+2d, 5SS)\n");
    CHECK(errors(csv("Name,Start,Predecessors\nA,2027-03-01,1\n")) == "2:14: predecessor '1' is the task itself\n");
    CHECK(errors(csv("Name,Start,Predecessors\nA,2027-03-01,\n  B,2027-03-01,1\n")).find("a link between them is a loop") !=
          std::string::npos);
    CHECK(errors(csv("Name,Start,Progress\nA,2027-03-01,150%\n")) == "2:14: '150%' is not a percentage (0% to 100%)\n");
    CsvOptions o;
    o.map = {{"Start", "when"}};
    CHECK(errors(csv("Name,Start\nA,2027-03-01\n", o)).starts_with("0:0: --map Start=when: no such field; one of name, id, key"));
}

TEST_CASE("CSV from a German Project: its columns, weekdays, units, link types and amounts") {
    const auto p = csv("Nr.;Gliederungsebene;Vorgangsname;Dauer;Anfang;Ende;Vorgänger;% abgeschlossen;Ressourcennamen;Kosten\n"
                       "1;1;Onlineshop Einführung;20 Tage;Mo 01.03.2027;Fr 26.03.2027;;0%;;\n"
                       "2;2;Konzept;2,5 Tage;Mo 01.03.2027;Mi 03.03.2027;;100%;Anna Müller;3.000 €\n"
                       "3;2;Umsetzung;1,5 Wochen;Mi 03.03.2027;Fr 12.03.2027;2EA+2 Tage;0%;Jörg Weiß[50%];1.200,50 €\n"
                       "4;2;Abnahme;0 Tage;Fr 26.03.2027;Fr 26.03.2027;\"2;3\";0%;;\n");
    REQUIRE_MESSAGE(p.errors.empty(), errors(p));
    REQUIRE(p.project.tasks.size() == 4);
    CHECK(p.project.tasks[0].id == "onlineshop-einfuehrung");
    CHECK(p.project.tasks[0].children.size() == 3);  // Gliederungsebene is the outline
    const Task& konzept = named(p, "konzept");
    CHECK(konzept.duration->str() == "2.5d");
    CHECK(konzept.cost.value == doctest::Approx(3000));  // a semicolon file writes 3.000 for three thousand
    REQUIRE(konzept.assign.size() == 1);
    CHECK(konzept.assign[0].resource == "anna-mueller");
    const Task& umsetzung = named(p, "umsetzung");
    CHECK(umsetzung.duration->str() == "1.5w");
    CHECK(umsetzung.cost.value == doctest::Approx(1200.5));
    REQUIRE(umsetzung.depends.size() == 1);
    CHECK(umsetzung.depends[0].type == DepType::FS);  // Ende-Anfang
    CHECK(umsetzung.depends[0].lag.str() == "2d");
    CHECK(umsetzung.assign[0].resource == "joerg-weiss");
    CHECK(named(p, "abnahme").depends.size() == 2);  // "2;3" in a semicolon file
    CHECK(named(p, "abnahme").is_milestone());
}

TEST_CASE("CSV rows that would shift their values, and what Jira leaves out") {
    CHECK(errors(csv("Name;Start;Predecessors\nA;2027-03-01;\nB;2027-03-02;1;2\n")) ==
          "3:16: this row has 4 fields, the header 3: a value with a ';' in it must be quoted (\"3;4\")\n");
    // Trailing empty fields are harmless.
    CHECK(csv("Name,Start\nA,2027-03-01,,\n").errors.empty());
    CHECK(errors(csv("Name,Start,Predecessors\nA,2027-03-01,\nB,,1XY+2d\n")) ==
          "3:4: predecessor '1XY+2d': row 1, then 'XY+2d', which is no link type and lag pmo reads (FS, SS, FF, SF, also "
          "EA, AA, EE, AE; a lag such as +2d or -1 day)\n");
    // A due date beside an estimate, no start: a bound the plan is checked against; work nobody
    // is assigned to is the task's duration.
    const auto j = csv("Summary,Issue key,Original Estimate,Assignee,Due Date,Created\n"
                       "Cart,SHOP-2,57600,ann@x.example,01/Mar/27 5:00 PM,\n"
                       "Address check,SHOP-3,28800,,26/Feb/27 5:00 PM,\n");
    REQUIRE_MESSAGE(j.errors.empty(), errors(j));
    CHECK(named(j, "shop-2").finish_no_later_than.value == *Date::parse("2027-03-01"));
    CHECK(named(j, "shop-3").duration->str() == "8h");
    CHECK(named(j, "shop-3").finish_no_later_than.value == *Date::parse("2027-02-26"));
    CHECK(said(j).find("work without anyone assigned: 'Address check': kept as its duration, 8h") != std::string::npos);
}
