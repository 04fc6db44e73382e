#include "../support.hpp"

#include <pmo/schedule/plan.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::load;

namespace {

// 2027-03-01 is a Monday.
const std::string kPool = R"(calendars:
  default:
    workweek: [mon, tue, wed, thu, fri]
    hours_per_day: 8
    holidays: [2027-03-10]
resources:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob, absences: [{from: 2027-03-03, to: 2027-03-04}]}
  - {id: team, name: Team, units: 300%}
)";

struct Planned {
    LoadResult loaded;
    Plan plan;
    const TaskPlan& task(const std::string& project, const std::string& id) const {
        const int32_t p = loaded.portfolio.project_index(project);
        REQUIRE(p >= 0);
        const int32_t t = find_task(loaded.portfolio.projects[static_cast<size_t>(p)], id);
        REQUIRE(t >= 0);
        return plan.tasks[static_cast<size_t>(p)][static_cast<size_t>(t)];
    }
    std::string dates(const std::string& project, const std::string& id) const {
        const TaskPlan& x = task(project, id);
        return x.start.iso() + ".." + x.finish.iso();
    }
};

Planned plan(const std::string& tasks, bool level = true, const std::string& header = "",
             std::map<std::string, std::string> more = {}) {
    more["pool.yaml"] = kPool;
    more["p.yaml"] = "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-01}\n" + header + tasks;
    Planned r{load(more), {}};
    REQUIRE(r.loaded.usable());
    PlanOptions o;
    o.level = level;
    r.plan = make_plan(r.loaded.portfolio, o);
    return r;
}

}  // namespace

TEST_CASE("a 5d task starting Monday finishes Friday; the next starts Monday") {
    Planned r = plan("tasks:\n  - {id: a, name: A, duration: 5d}\n  - {id: b, name: B, duration: 2d, depends: [a]}\n");
    CHECK(r.dates("p", "a") == "2027-03-01..2027-03-05");
    CHECK(r.dates("p", "b") == "2027-03-08..2027-03-09");
}

TEST_CASE("holidays are skipped, weeks and hours use the calendar") {
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 8d}
  - {id: w, name: W, duration: 1w, depends: [a]}
  - {id: h, name: H, duration: 12h, depends: [w]}
)");
    CHECK(r.dates("p", "a") == "2027-03-01..2027-03-11");  // Wednesday 10th is a holiday
    CHECK(r.dates("p", "w") == "2027-03-12..2027-03-18");
    CHECK(r.dates("p", "h") == "2027-03-19..2027-03-22");  // 12h rounds up to 2 days
}

TEST_CASE("milestones show on the day their predecessors finish") {
    Planned r = plan("tasks:\n  - {id: m0, name: Start, milestone: true}\n  - {id: a, name: A, duration: 3d, depends: [m0]}\n"
                     "  - {id: m, name: Done, milestone: true, depends: [a]}\n");
    CHECK(r.dates("p", "m0") == "2027-03-01..2027-03-01");
    CHECK(r.dates("p", "m") == "2027-03-03..2027-03-03");
    CHECK(r.task("p", "m").f - r.task("p", "m").s == 0);
}

TEST_CASE("dependency types and lags") {
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 5d}
  - {id: ss, name: SS, duration: 2d, depends: [{task: a, type: SS, lag: 2d}]}
  - {id: ff, name: FF, duration: 2d, depends: [{task: a, type: FF}]}
  - {id: sf, name: SF, duration: 2d, depends: [{task: a, type: SF, lag: 3d}]}
  - {id: neg, name: Negative lag, duration: 2d, depends: [{task: a, lag: -2d}]}
)");
    CHECK(r.dates("p", "ss") == "2027-03-03..2027-03-04");   // s >= 0 + 2
    CHECK(r.dates("p", "ff") == "2027-03-04..2027-03-05");   // f >= 5
    CHECK(r.dates("p", "sf") == "2027-03-02..2027-03-03");   // f >= 0 + 3
    CHECK(r.dates("p", "neg") == "2027-03-04..2027-03-05");  // s >= 5 - 2
}

TEST_CASE("effort over units, and fixed-duration tasks") {
    Planned r = plan(R"(tasks:
  - {id: e, name: E, effort: 6d, assign: [team]}
  - {id: e2, name: E2, effort: 6d, assign: [{resource: team, units: 300%}], depends: [e]}
  - {id: half, name: Half, effort: 2d, assign: [{resource: ann, units: 50%}], depends: [e2]}
)");
    CHECK(r.task("p", "e").f - r.task("p", "e").s == 6);
    CHECK(r.task("p", "e2").f - r.task("p", "e2").s == 2);
    CHECK(r.task("p", "half").f - r.task("p", "half").s == 4);
}

TEST_CASE("summary tasks pass their dependencies to every child and span them") {
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 3d}
  - id: s
    name: S
    depends: [a]
    tasks:
      - {id: c1, name: C1, duration: 2d}
      - {id: c2, name: C2, duration: 4d}
  - {id: after, name: After, duration: 1d, depends: [s]}
)");
    CHECK(r.dates("p", "c1") == "2027-03-04..2027-03-05");
    CHECK(r.dates("p", "c2") == "2027-03-04..2027-03-09");
    CHECK(r.dates("p", "s") == "2027-03-04..2027-03-09");
    CHECK(r.dates("p", "after") == "2027-03-11..2027-03-11");  // after c2; the 10th is a holiday
}

TEST_CASE("start_no_earlier_than is a hard bound; a deadline gives negative float, not a moved date") {
    Planned r = plan("tasks:\n  - {id: a, name: A, duration: 5d, start_no_earlier_than: 2027-03-03}\n",
                     true, "  deadline: 2027-03-05\n");
    CHECK(r.dates("p", "a") == "2027-03-03..2027-03-09");
    CHECK(r.task("p", "a").total_float == -2);
    CHECK(r.task("p", "a").critical);
    REQUIRE(r.plan.findings.size() == 1);
    CHECK(r.plan.findings[0].message == "project 'p' finishes on 2027-03-09, 2 working days after its deadline 2027-03-05");
}

TEST_CASE("float and the critical path") {
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 5d}
  - {id: b, name: B, duration: 2d}
  - {id: c, name: C, duration: 1d, depends: [a, b]}
)");
    CHECK(r.task("p", "a").total_float == 0);
    CHECK(r.task("p", "a").critical);
    CHECK(r.task("p", "b").total_float == 3);
    CHECK(r.task("p", "b").free_float == 3);
    CHECK_FALSE(r.task("p", "b").critical);
}

TEST_CASE("progress at the status date") {
    Planned r = plan(R"(tasks:
  - {id: done, name: Done, duration: 5d, actual_start: 2027-03-01, actual_finish: 2027-03-04, progress: 100%}
  - {id: half, name: Half, duration: 4d, actual_start: 2027-03-05, progress: 50%, depends: [done]}
  - {id: next, name: Next, duration: 1d, depends: [half]}
  - {id: free, name: Free, duration: 1d}
)", true, "", {});
    // status date is 2027-03-01 in the header; use --as-of semantics through the options:
    PlanOptions o;
    o.as_of = Date::parse("2027-03-08");
    Plan p = make_plan(r.loaded.portfolio, o);
    const auto& tasks = p.tasks[0];
    CHECK(tasks[0].finish.iso() == "2027-03-04");           // actual dates kept
    CHECK(tasks[1].start.iso() == "2027-03-05");            // actual start kept
    CHECK(tasks[1].finish.iso() == "2027-03-09");           // 2 days left, from the status date
    CHECK(tasks[2].start.iso() == "2027-03-11");            // the 10th is a holiday
    CHECK(tasks[3].start.iso() == "2027-03-08");            // nothing unstarted before the status date
}

TEST_CASE("progress without an actual start: started as early as its logic allows, never before it") {
    // Status date Monday 8 March (the 10th is a holiday). a has not started: it runs from the
    // 8th to the 17th; b reports 30% of 10 days but has no actual start and waits for a; c
    // reports 30% but cannot start before 15 March; d could have started on 1 March, so it did.
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 7d}
  - {id: b, name: B, duration: 10d, progress: 30%, depends: [a]}
  - {id: c, name: C, duration: 10d, progress: 30%, start_no_earlier_than: 2027-03-15}
  - {id: d, name: D, duration: 10d, progress: 30%}
)", false, "", {});
    PlanOptions o;
    o.as_of = Date::parse("2027-03-08");
    o.level = false;
    const Plan p = make_plan(r.loaded.portfolio, o);
    const auto& t = p.tasks[0];
    CHECK(t[0].finish.iso() == "2027-03-17");
    CHECK(t[1].s >= t[0].f);                     // not before its predecessor finishes
    CHECK(t[1].start.iso() == "2027-03-18");
    CHECK(t[1].f - t[1].s == 7);                 // the 70% left
    CHECK(t[2].start.iso() == "2027-03-15");     // not before its start bound
    CHECK(t[3].start.iso() == "2027-03-01");
    CHECK(t[3].finish.iso() == "2027-03-17");    // 7 days left from the status date
}

TEST_CASE("levelling: a resource is never booked above its units, absences block") {
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 3d, assign: [ann]}
  - {id: b, name: B, duration: 2d, assign: [ann]}
  - {id: c, name: C, duration: 2d, assign: [bob]}
)");
    const TaskPlan& a = r.task("p", "a");
    const TaskPlan& b = r.task("p", "b");
    CHECK((b.s >= a.f || a.s >= b.f));  // never both on the same day
    CHECK(r.dates("p", "c") == "2027-03-01..2027-03-02");  // bob is away on the 3rd and 4th
    Planned blocked = plan("tasks:\n  - {id: c, name: C, duration: 3d, assign: [bob]}\n");
    CHECK(blocked.dates("p", "c") == "2027-03-05..2027-03-09");
    CHECK(blocked.task("p", "c").delay == 4);
    CHECK(blocked.task("p", "c").driver.kind == Driver::levelling);
}

TEST_CASE("without levelling, over-allocations are listed") {
    Planned r = plan("tasks:\n  - {id: a, name: A, duration: 3d, assign: [ann]}\n  - {id: b, name: B, duration: 2d, assign: [ann]}\n",
                     false);
    REQUIRE(r.plan.overallocations.size() == 1);
    const Overallocation& o = r.plan.overallocations[0];
    CHECK(o.from.iso() == "2027-03-01");
    CHECK(o.to.iso() == "2027-03-02");
    CHECK(o.peak_units == doctest::Approx(2.0));
    CHECK(o.tasks.size() == 2);
}

TEST_CASE("priority: a higher-priority project is never delayed for a lower one") {
    const std::string low = "project: {id: low, name: Low, start: 2027-03-01, priority: 100, status: {date: 2027-03-01}}\n"
                            "tasks:\n  - {id: x, name: X, duration: 5d, assign: [ann]}\n";
    std::map<std::string, std::string> files{{"low.yaml", low}};
    Planned r = plan("tasks:\n  - {id: y, name: Y, duration: 5d, assign: [ann]}\n", true, "  priority: 900\n", files);
    CHECK(r.dates("p", "y") == "2027-03-01..2027-03-05");
    CHECK(r.dates("low", "x") == "2027-03-08..2027-03-15");  // the 10th is a holiday
}

TEST_CASE("a low-priority predecessor of a high-priority task inherits its priority") {
    Planned r = plan(R"(tasks:
  - {id: other, name: Other, duration: 3d, assign: [ann], priority: 600}
  - {id: pre, name: Pre, duration: 2d, assign: [ann], priority: 100}
  - {id: key, name: Key, duration: 1d, depends: [pre], priority: 900}
)");
    CHECK(r.dates("p", "pre") == "2027-03-01..2027-03-02");
    CHECK(r.dates("p", "other") == "2027-03-03..2027-03-05");
}

TEST_CASE("cross-project dependencies") {
    const std::string q = "project: {id: q, name: Q, start: 2027-03-01, status: {date: 2027-03-01}}\n"
                          "tasks:\n  - {id: after, name: After, duration: 1d, depends: [p/a]}\n";
    Planned r = plan("tasks:\n  - {id: a, name: A, duration: 2d}\n", true, "", {{"q.yaml", q}});
    CHECK(r.dates("q", "after") == "2027-03-03..2027-03-03");
}

TEST_CASE("the same files give the same plan") {
    const std::string tasks = R"(tasks:
  - {id: a, name: A, duration: 3d, assign: [ann]}
  - {id: b, name: B, duration: 2d, assign: [ann, bob]}
  - {id: c, name: C, duration: 4d, assign: [bob], depends: [a]}
  - {id: d, name: D, duration: 1d, assign: [ann], depends: [b]}
)";
    Planned r1 = plan(tasks), r2 = plan(tasks);
    for (const std::string id : {"a", "b", "c", "d"}) CHECK(r1.dates("p", id) == r2.dates("p", id));
}

TEST_CASE("a schedule past the year 9999 is an error, not a hang") {
    Planned r{load({{"p.yaml", "project: {id: p, name: P, start: 9999-01-04}\ntasks:\n  - {id: a, name: A, duration: 900000d}\n"}}), {}};
    REQUIRE(r.loaded.usable());
    CHECK_THROWS_AS(make_plan(r.loaded.portfolio), Error);
    // The message names the task and where it is written.
    CHECK_THROWS_WITH(make_plan(r.loaded.portfolio),
                      doctest::Contains("p.yaml:3:10: task 'p/a': the schedule runs past 9999-12-31"));

    // A task placed earlier is never blamed for what fails after it.
    Planned chain{load({{"p.yaml", "project: {id: p, name: P, start: 2027-01-04}\ntasks:\n"
                                   "  - {id: b1, name: B1, duration: 1000000d}\n"
                                   "  - {id: b2, name: B2, duration: 1000000d, depends: [b1]}\n"
                                   "  - {id: b3, name: B3, duration: 1000000d, depends: [b2]}\n"
                                   "  - {id: z, name: Z, duration: 1d}\n"}}),
                  {}};
    REQUIRE(chain.loaded.usable());
    std::string what;
    try {
        make_plan(chain.loaded.portfolio);
    } catch (const Error& e) {
        what = e.what();
    }
    CHECK(what.find("the schedule runs past 9999-12-31") != std::string::npos);
    CHECK(what.find("'p/z'") == std::string::npos);
}

namespace {

// 2027-03-01 is a Monday; no holidays in March.
const std::string kPeople = R"(calendars:
  default: {workweek: [mon, tue, wed, thu, fri], hours_per_day: 8}
  mon-wed: {base: default, workweek: [mon, tue, wed]}
  short: {base: default, hours_per_day: 6}
resources:
  - {id: ann, name: Ann}
  - {id: pat, name: Pat, calendar: mon-wed}
  - {id: bob, name: Bob, absences: [{from: 2027-03-03, to: 2027-03-04}]}
  - {id: sue, name: Sue, calendar: short}
)";

Planned plan_people(const std::string& tasks, const std::string& status = "2027-03-01", bool level = true) {
    Planned r{load({{"pool.yaml", kPeople},
                    {"p.yaml", "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: " + status + "}\n" + tasks}}),
              {}};
    REQUIRE(r.loaded.usable());
    PlanOptions o;
    o.level = level;
    r.plan = make_plan(r.loaded.portfolio, o);
    return r;
}

double booked(const TaskPlan& x) {
    double h = 0;
    for (const Booking& b : x.bookings) h += b.hours;
    return h;
}

}  // namespace

TEST_CASE("an effort is delivered in its people's own calendars (issue 12, finding 1)") {
    Planned r = plan_people(R"(tasks:
  - {id: part, name: Part, effort: 6d, assign: [pat]}
  - {id: half, name: Half, effort: 2d, assign: [{resource: ann, units: 50%}]}
  - {id: six, name: Six, effort: 3d, assign: [sue]}
)");
    // 48 hours on Mon-Wed days: the 1st-3rd and the 8th-10th, 48 h booked, not 32.
    CHECK(r.dates("p", "part") == "2027-03-01..2027-03-10");
    CHECK(booked(r.task("p", "part")) == doctest::Approx(48));
    REQUIRE(r.task("p", "part").bookings.size() == 1);
    CHECK(r.task("p", "part").bookings[0].days.size() == 6);
    // 16 h at 50% of 8 h: 4 days.
    CHECK(r.dates("p", "half") == "2027-03-01..2027-03-04");
    // 24 h in 6-hour days: 4 days.
    CHECK(r.dates("p", "six") == "2027-03-01..2027-03-04");
    CHECK(booked(r.task("p", "six")) == doctest::Approx(24));
}

TEST_CASE("an absence stretches an effort instead of moving it; a duration keeps its span") {
    Planned r = plan_people(R"(tasks:
  - {id: e, name: E, effort: 3d, assign: [bob]}
  - {id: d, name: D, duration: 4d, assign: [pat], start_no_earlier_than: 2027-03-08}
)");
    // Bob works Monday and Tuesday, is away Wednesday and Thursday, and finishes Friday.
    CHECK(r.dates("p", "e") == "2027-03-01..2027-03-05");
    CHECK(r.task("p", "e").delay == 0);
    REQUIRE(r.task("p", "e").bookings.size() == 1);
    const auto& days = r.task("p", "e").bookings[0].days;
    REQUIRE(days.size() == 3);
    CHECK(days[2].first.iso() == "2027-03-05");
    // A duration books Pat on her days only: Mon-Wed of its four days.
    CHECK(r.dates("p", "d") == "2027-03-08..2027-03-11");
    CHECK(booked(r.task("p", "d")) == doctest::Approx(24));
}

TEST_CASE("an effort that may start on a day its person does not work starts on their next day") {
    Planned r = plan_people("tasks:\n  - {id: e, name: E, effort: 1d, assign: [pat], start_no_earlier_than: 2027-03-04}\n");
    CHECK(r.dates("p", "e") == "2027-03-08..2027-03-08");
}

TEST_CASE("started work is booked first: nothing unstarted goes on top of it (finding 2)") {
    // The unstarted task has the higher priority; the started one runs until the 5th.
    Planned r = plan_people(R"(tasks:
  - {id: wip, name: WIP, duration: 6d, assign: [ann], actual_start: 2027-02-26, progress: 30%, priority: 100}
  - {id: new, name: New, duration: 2d, assign: [ann], priority: 900}
)",
                            "2027-03-01");
    const TaskPlan& wip = r.task("p", "wip");
    const TaskPlan& nw = r.task("p", "new");
    CHECK(wip.started);
    CHECK(nw.s >= wip.f);
    CHECK(r.plan.overallocations.empty());
}

TEST_CASE("a started effort delivers the hours left from the status date, in its people's days") {
    Planned r = plan_people(R"(tasks:
  - {id: e, name: E, effort: 6d, assign: [pat], actual_start: 2027-03-01, progress: 50%}
)",
                            "2027-03-04");
    // 24 h left from Thursday the 4th: Pat's days 8, 9, 10.
    CHECK(r.dates("p", "e") == "2027-03-01..2027-03-10");
    CHECK(booked(r.task("p", "e")) == doctest::Approx(48));
}

TEST_CASE("milestones placed by a start bound show on that day (finding 3)") {
    Planned r = plan_people(R"(tasks:
  - {id: a, name: A, duration: 3d}
  - {id: snet, name: Bound, milestone: true, start_no_earlier_than: 2027-03-10}
  - {id: after, name: After, milestone: true, depends: [a]}
  - {id: ss, name: SS, milestone: true, depends: [{task: a, type: SS, lag: 2d}]}
  - {id: both, name: Both, milestone: true, depends: [a], start_no_earlier_than: 2027-03-04}
  - {id: later, name: Later, milestone: true, depends: [a], start_no_earlier_than: 2027-03-02}
)");
    CHECK(r.dates("p", "snet") == "2027-03-10..2027-03-10");
    CHECK(r.dates("p", "after") == "2027-03-03..2027-03-03");  // the day A finishes
    CHECK(r.dates("p", "ss") == "2027-03-03..2027-03-03");     // two days after A starts
    CHECK(r.dates("p", "both") == "2027-03-04..2027-03-04");   // the bound on the day after A: the bound
    CHECK(r.dates("p", "later") == "2027-03-03..2027-03-03");  // A finishes after the bound
}

TEST_CASE("a project finishes on the day its last milestone is shown, and its slip counts that day") {
    // The launch is bound to Monday 2027-03-15; the work ends Friday 2027-03-05.
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 5d}
  - {id: launch, name: Launch, milestone: true, depends: [a], start_no_earlier_than: 2027-03-15}
)", true, "  deadline: 2027-03-12\n");
    CHECK(r.dates("p", "launch") == "2027-03-15..2027-03-15");
    const ProjectPlan& pp = r.plan.projects[0];
    CHECK(pp.finish.iso() == "2027-03-15");
    REQUIRE(pp.deadline_slip);
    CHECK(*pp.deadline_slip == 1);  // Monday is one working day after Friday's deadline
}

TEST_CASE("a milestone behind a summary follows what placed the summary") {
    Planned r = plan_people(R"(tasks:
  - {id: a, name: A, duration: 3d}
  - id: s
    name: S
    depends: [a]
    tasks:
      - {id: m, name: M, milestone: true}
  - id: t
    name: T
    start_no_earlier_than: 2027-03-10
    tasks:
      - {id: n, name: N, milestone: true}
)");
    CHECK(r.dates("p", "m") == "2027-03-03..2027-03-03");
    CHECK(r.dates("p", "n") == "2027-03-10..2027-03-10");
}

TEST_CASE("a negative lag lends no float past the project's finish") {
    // a [0,5) ends the project; b starts 3 days before a finishes: [2,3); c [0,4) is parallel.
    // Late finishes, all capped at the project's finish 5: a 5 (b's late start 4 + 3 is 7),
    // b 5, c 5. Floats: a 0, b 4-2 = 2, c 1-0 = 1. Only a is critical.
    Planned r = plan(R"(tasks:
  - {id: a, name: A, duration: 5d}
  - {id: b, name: B, duration: 1d, depends: [{task: a, lag: -3d}]}
  - {id: c, name: C, duration: 4d}
)");
    CHECK(r.dates("p", "b") == "2027-03-03..2027-03-03");
    CHECK(r.task("p", "a").total_float == 0);
    CHECK(r.task("p", "a").free_float == 0);
    CHECK(r.task("p", "a").critical);
    CHECK(r.task("p", "b").total_float == 2);
    CHECK_FALSE(r.task("p", "b").critical);
    CHECK(r.task("p", "c").total_float == 1);
    CHECK_FALSE(r.task("p", "c").critical);
}

TEST_CASE("progress without an actual start is booked where its logic puts it, not at the status date") {
    Planned r = plan_people(R"(tasks:
  - {id: a, name: A, duration: 5d, assign: [bob]}
  - {id: b, name: B, duration: 4d, assign: [ann], progress: 25%, depends: [a]}
  - {id: c, name: C, duration: 3d, assign: [ann], priority: 100}
)");
    const TaskPlan& b = r.task("p", "b");
    CHECK(b.s >= r.task("p", "a").f);
    CHECK(r.dates("p", "c") == "2027-03-01..2027-03-03");  // ann is free until b can start
    CHECK(r.plan.overallocations.empty());
}

TEST_CASE("without a status date the plan is made at the options' today, never the machine's clock") {
    // No status.date and no --as-of: the status date is PlanOptions::today. Two values of
    // today, neither the machine's date, give two plans; a library path that read the clock
    // would give the same plan for both.
    LoadResult r = load({{"pool.yaml", kPool},
                         {"p.yaml", "project:\n  id: p\n  name: P\n  start: 2027-03-01\n"
                                    "tasks:\n  - {id: a, name: A, duration: 5d}\n"
                                    "  - {id: b, name: B, duration: 2d, depends: [a]}\n"}});
    REQUIRE(r.usable());
    REQUIRE(!r.portfolio.projects[0].status_date);
    auto planned_at = [&](const char* today) {
        PlanOptions o;
        o.today = *Date::parse(today);
        return make_plan(r.portfolio, o);
    };
    const Plan before = planned_at("2027-02-15");  // before the start: the plan as written
    CHECK(before.projects[0].status_date.iso() == "2027-02-15");
    CHECK(before.tasks[0][0].start.iso() == "2027-03-01");
    CHECK(before.tasks[0][1].finish.iso() == "2027-03-09");
    const Plan later = planned_at("2027-03-08");  // a week late: unstarted work from today
    CHECK(later.projects[0].status_date.iso() == "2027-03-08");
    CHECK(later.tasks[0][0].start.iso() == "2027-03-08");
    CHECK(later.tasks[0][0].finish.iso() == "2027-03-15");  // the 10th is a holiday
    CHECK(later.tasks[0][1].start.iso() == "2027-03-16");
    // --as-of still wins over today.
    PlanOptions o;
    o.today = *Date::parse("2027-03-08");
    o.as_of = Date::parse("2027-02-15");
    CHECK(make_plan(r.portfolio, o).tasks[0][0].start.iso() == "2027-03-01");
}
