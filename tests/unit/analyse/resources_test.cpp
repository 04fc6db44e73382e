#include "../support.hpp"

#include <pmo/analyse/resources.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::load;

namespace {

// Week of 2027-03-01 (Mon) .. 03-07; holiday on Wednesday 03-03.
const std::string kPool = R"(calendars:
  default:
    workweek: [mon, tue, wed, thu, fri]
    hours_per_day: 8
    holidays: [2027-03-03]
  short:
    base: default
    workweek: [mon, tue, wed]
    hours_per_day: 6
resources:
  - {id: ann, name: Ann, role: dev, rate: 100}
  - {id: bob, name: Bob, role: dev, rate: 50, absences: [{from: 2027-03-08, to: 2027-03-09}]}
  - {id: pat, name: Pat, role: pm, units: 50%, calendar: short}
)";

ResourceReport report(const std::string& tasks, Period period = Period::week, bool level = false) {
    LoadResult r = load({{"pool.yaml", kPool},
                         {"p.yaml", "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  budget: 1000\n  status: {date: 2027-03-01}\n" + tasks}});
    REQUIRE(r.usable());
    PlanOptions po;
    po.level = level;
    static Plan plan;
    static LoadResult keep;
    plan = make_plan(r.portfolio, po);
    keep = std::move(r);
    ResourceOptions ro;
    ro.period = period;
    ro.from = Date::parse("2027-03-01");
    ro.to = Date::parse("2027-03-14");
    return analyse_resources(keep.portfolio, plan, ro);
}

}  // namespace

TEST_CASE("available hours: calendar, holidays, absences, units and the resource's own hours") {
    ResourceReport r = report("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    REQUIRE(r.starts.size() == 2);
    // Ann: 4 working days in week 1 (the 3rd is a holiday), 5 in week 2.
    CHECK(r.resources[0].periods[0].available_hours == 32);
    CHECK(r.resources[0].periods[1].available_hours == 40);
    // Bob is away Monday and Tuesday of week 2.
    CHECK(r.resources[1].periods[1].available_hours == 24);
    // Pat: Mon-Tue in week 1 (Wednesday is the holiday, inherited), 6 h days, at 50%.
    CHECK(r.resources[2].periods[0].available_hours == 6);
    CHECK(r.resources[2].periods[1].available_hours == 9);
}

TEST_CASE("booked hours: units times the person's hours, on the days the person works") {
    ResourceReport r = report(R"(tasks:
  - {id: a, name: A, duration: 5d, assign: [ann, {resource: pat, units: 50%}]}
  - {id: b, name: B, effort: 2d, assign: [{resource: bob, units: 50%}], depends: [a], cost: 300}
)");
    // a: Mon 1, Tue 2, Thu 4, Fri 5 (week 1), Mon 8 (week 2).
    CHECK(r.resources[0].periods[0].booked_hours == 32);
    CHECK(r.resources[0].periods[1].booked_hours == 8);
    // Pat works Mon-Wed only: the 1st and 2nd, then the 8th: 3 h each.
    CHECK(r.resources[2].periods[0].booked_hours == 6);
    CHECK(r.resources[2].periods[1].booked_hours == 3);
    // b: 2 person-days (16 h) at 50% = 4 days of Bob's. It may start Tuesday 9th, but Bob is
    // away: his 4 h days are the 10th, 11th, 12th and 15th, the last one after the range.
    CHECK(r.resources[1].booked_hours == 12);
    CHECK(r.resources[0].cost == 4000);
    // Cost by project: hours x rate plus the fixed cost.
    const ProjectCost& pc = r.projects[0];
    CHECK(pc.resource_cost == doctest::Approx(40 * 100 + 9 * 0 + 16 * 50));
    CHECK(pc.fixed_cost == 300);
    CHECK(pc.total() > *pc.budget);
    // Hours by project and period add up to the project's hours in the range.
    CHECK(pc.booked_hours == doctest::Approx(40 + 9 + 16));
    CHECK(pc.hours[0] + pc.hours[1] == doctest::Approx(pc.booked_hours - 4));
    CHECK(pc.hours[0] == doctest::Approx(32 + 6));
    // Roles add up their people.
    REQUIRE(r.roles.size() == 2);
    CHECK(r.roles[0].role == "dev");
    CHECK(r.roles[0].booked_hours == 40 + 12);
}

TEST_CASE("months start on the first") {
    ResourceReport r = report("tasks:\n  - {id: a, name: A, duration: 1d}\n", Period::month);
    REQUIRE(r.starts.size() == 1);
    CHECK(r.starts[0].iso() == "2027-03-01");
    CHECK(period_start(*Date::parse("2027-03-17"), Period::week).iso() == "2027-03-15");
}

TEST_CASE("skill gaps: the assignees lack it; nobody in the pool has it") {
    ResourceReport r = report("tasks:\n  - {id: a, name: A, duration: 1d, assign: [ann], skills: [cobol]}\n");
    REQUIRE(r.skill_gaps.size() == 1);
    CHECK(r.skill_gaps[0].skill == "cobol");
    CHECK_FALSE(r.skill_gaps[0].in_pool);
    CHECK(r.missing_skills == std::vector<std::string>{"cobol"});
}
