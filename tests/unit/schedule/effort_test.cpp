#include "../support.hpp"

#include <pmo/schedule/effort.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace pmo;
using pmo::test::load;

namespace {

struct Booked {
    size_t who;
    int32_t day;
    double hours;
};

/// Day i is a Monday when i % 7 == 0 in these tests (a plain counter, no calendar).
EffortSpan deliver(double hours, std::vector<double> rate, std::vector<std::vector<int>> off, std::vector<Booked>* out,
                   int32_t first = 0) {
    auto works = [&](size_t k, int32_t day) {
        for (int d : off[k])
            if (d == day) return false;
        return true;
    };
    return deliver_effort(hours, rate.data(), rate.size(), first, works, [&](size_t k, int32_t day, double h) {
        if (out) out->push_back({k, day, h});
    });
}

}  // namespace

TEST_CASE("an effort lasts until its people have delivered its hours") {
    std::vector<Booked> b;
    const EffortSpan sp = deliver(48, {8}, {{}}, &b);
    CHECK(sp.lead == 0);
    CHECK(sp.days == 6);
    CHECK(b.size() == 6);
    double sum = 0;
    for (const Booked& x : b) sum += x.hours;
    CHECK(sum == doctest::Approx(48));
}

TEST_CASE("the last day books only what is left") {
    std::vector<Booked> b;
    CHECK(deliver(20, {8}, {{}}, &b).days == 3);
    REQUIRE(b.size() == 3);
    CHECK(b[2].hours == doctest::Approx(4));
}

TEST_CASE("days nobody works pass with nothing booked: an absence stretches the work") {
    std::vector<Booked> b;
    // Off on days 1 and 2: 3 days of work take days 0, 3 and 4.
    const EffortSpan sp = deliver(24, {8}, {{1, 2}}, &b);
    CHECK(sp.days == 5);
    REQUIRE(b.size() == 3);
    CHECK(b[1].day == 3);
    // Two people: the other one keeps working.
    b.clear();
    CHECK(deliver(32, {8, 8}, {{1, 2}, {}}, &b).days == 3);  // 16, 8, 8
    CHECK(b.size() == 4);
}

TEST_CASE("work starts on the first day someone works, and units and hours per day count") {
    const EffortSpan sp = deliver(12, {4}, {{0, 1}}, nullptr);
    CHECK(sp.lead == 2);
    CHECK(sp.days == 3);
    CHECK(deliver(48, {6}, {{}}, nullptr).days == 8);  // a 6-hour day
}

TEST_CASE("nobody who ever works ends the search instead of hanging") {
    std::vector<int> all;
    for (int i = 0; i <= kEffortIdleLimit + 1; ++i) all.push_back(i);
    const EffortSpan sp = deliver(8, {8}, {all}, nullptr);
    CHECK_FALSE(sp.complete);
}

TEST_CASE("effort_days rounds up but forgives floating-point dust") {
    CHECK(effort_days(16, 8) == 2);
    CHECK(effort_days(81, 4) == 21);
    CHECK(effort_days(0.1 * 3 * 8, 0.3 * 8) == 1);
    CHECK(effort_days(0, 8) == 0);
}

TEST_CASE("task_working_days: people's calendars, units, absences (check and plan agree)") {
    LoadResult r = load({{"pool.yaml", R"(calendars:
  default: {workweek: [mon, tue, wed, thu, fri], hours_per_day: 8}
  three: {base: default, workweek: [mon, tue, wed]}
resources:
  - {id: ann, name: Ann}
  - {id: pat, name: Pat, calendar: three}
  - {id: bob, name: Bob, absences: [{from: 2027-03-03, to: 2027-03-04}]}
)"},
                         {"p.yaml", R"(project: {id: p, name: P, start: 2027-03-01}
tasks:
  - {id: h, name: H, effort: 81h, assign: [{resource: ann, units: 50%}]}
  - {id: part, name: Part, effort: 6d, assign: [pat]}
  - {id: away, name: Away, effort: 3d, assign: [bob]}
  - {id: dur, name: Dur, duration: 4d, assign: [pat]}
)"}});
    REQUIRE(r.usable());
    const Portfolio& pf = r.portfolio;
    const Project& p = pf.projects[0];
    WorkCalendar wc(pf.project_calendar(p), *Date::parse("2027-03-01"));
    // 81 h at 4 h a day: 20.25 days, so 21 (the checker once rounded the hours first: 22).
    CHECK(task_working_days(pf, p, p.tasks[0], wc, 0) == 21);
    // 48 h on Mon-Wed: 3-4-5, 8-9-10: eight working days of the project, not six.
    CHECK(task_working_days(pf, p, p.tasks[1], wc, 0) == 8);
    // From Thursday: the work begins on Monday.
    int32_t lead = -1;
    CHECK(task_working_days(pf, p, p.tasks[1], wc, 3, &lead) == 8);
    CHECK(lead == 2);
    // Bob away Wednesday and Thursday: Mon, Tue, Fri.
    CHECK(task_working_days(pf, p, p.tasks[2], wc, 0) == 5);
    // A duration keeps its span.
    CHECK(task_working_days(pf, p, p.tasks[3], wc, 0) == 4);
}
