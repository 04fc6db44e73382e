#include "network_support.hpp"

#include <pmo/schedule/assemble.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

namespace {

/// The CPM schedule of the network, unlevelled, as make_plan would keep it.
Schedule unlevelled(Network& net, std::vector<Driver>& drivers) {
    Schedule sch;
    cpm(net, sch.t, &drivers);
    sch.delay.assign(net.size(), 0);
    sch.held_res.assign(net.size(), -1);
    sch.held_day.assign(net.size(), Date{});
    return sch;
}

}  // namespace

TEST_CASE("bookings: an effort's hours add up to its effort, a duration's to its days at the rate") {
    auto b = build(R"(tasks:
  - {id: e, name: E, effort: 3d, assign: [ann, {resource: cat, units: 50%}]}
  - {id: d, name: D, duration: 2d, assign: [{resource: ann, units: 50%}]}
)");
    Network& net = *b->net;
    Times t;
    cpm(net, t, nullptr);
    std::vector<Booking> out;
    const uint32_t e = b->node("p", "e");
    bookings(net, net.nodes[e], t.s[e], t.f[e], out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].hours + out[1].hours == doctest::Approx(24));
    CHECK(out[0].resource == b->resource("ann"));
    double sum = 0;
    for (const auto& [day, h] : out[1].days) sum += h;
    CHECK(sum == doctest::Approx(out[1].hours));
    const uint32_t d = b->node("p", "d");
    bookings(net, net.nodes[d], t.s[d], t.f[d], out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].hours == doctest::Approx(8));  // 2 days at 4 h
    CHECK(out[0].days.size() == 2);
}

TEST_CASE("assemble: dates, float, criticality, summaries and the status date") {
    auto b = build(R"(tasks:
  - id: s
    name: S
    tasks:
      - {id: a, name: A, duration: 3d}
      - {id: b, name: B, duration: 1d}
  - {id: m, name: M, milestone: true, depends: [s]}
)");
    Network& net = *b->net;
    std::vector<Driver> drivers;
    Schedule sch = unlevelled(net, drivers);
    Plan plan;
    assemble(net, plan, sch, sch.t, drivers);
    const auto& tp = plan.tasks[0];
    const Project& p = b->loaded.portfolio.projects[0];
    const TaskPlan& s = tp[static_cast<size_t>(find_task(p, "s"))];
    const TaskPlan& a = tp[static_cast<size_t>(find_task(p, "a"))];
    const TaskPlan& bb = tp[static_cast<size_t>(find_task(p, "b"))];
    const TaskPlan& m = tp[static_cast<size_t>(find_task(p, "m"))];
    CHECK(s.start.iso() == "2027-03-01");
    CHECK(s.finish.iso() == "2027-03-03");
    CHECK(s.driver.kind == Driver::summary);
    CHECK(a.critical);
    CHECK_FALSE(bb.critical);
    CHECK(bb.total_float == 2);
    CHECK(m.start.iso() == "2027-03-03");  // on the day the summary finishes
    CHECK(plan.projects[0].finish.iso() == "2027-03-03");
    CHECK(plan.projects[0].status_date.iso() == "2027-03-01");
    CHECK(plan.project_calendar == std::vector<int32_t>{0});  // make_plan hands the calendars over
    CHECK(plan.findings.empty());
}

TEST_CASE("deadline findings name the date, the slip in working days and the deadline") {
    auto b = build("  deadline: 2027-03-02\ntasks:\n  - {id: a, name: A, duration: 5d}\n"
                   "  - {id: n, name: N, duration: 1d, finish_no_later_than: 2027-03-01, depends: [a]}\n");
    Network& net = *b->net;
    std::vector<Driver> drivers;
    Schedule sch = unlevelled(net, drivers);
    Plan plan;
    assemble(net, plan, sch, sch.t, drivers);
    REQUIRE(plan.findings.size() == 2);
    CHECK(plan.findings[0].rule == "deadline-missed");
    CHECK(plan.findings[0].message == "project 'p' finishes on 2027-03-08, 4 working days after its deadline 2027-03-02");
    CHECK(plan.findings[1].message ==
          "task 'n' finishes on 2027-03-08, 5 working days after its finish_no_later_than 2027-03-01");
    CHECK(plan.projects[0].deadline_slip == 4);
}

TEST_CASE("over-allocations: one window across a weekend, closed by a working day within capacity") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 7d, assign: [ann]}
  - {id: x, name: X, duration: 7d, assign: [ann]}
  - {id: y, name: Y, duration: 2d, assign: [ann], start_no_earlier_than: 2027-03-15}
  - {id: z, name: Z, duration: 1d, assign: [ann], start_no_earlier_than: 2027-03-15}
)");
    Network& net = *b->net;
    std::vector<Driver> drivers;
    Schedule sch = unlevelled(net, drivers);
    Plan plan;
    Profiles prof(net);
    overallocations(prof, plan, sch.t);
    REQUIRE(plan.overallocations.size() == 2);
    const Overallocation& o = plan.overallocations[0];
    CHECK(o.from.iso() == "2027-03-01");
    CHECK(o.to.iso() == "2027-03-09");  // across the weekend
    CHECK(o.peak_units == doctest::Approx(2.0));
    CHECK(o.capacity == doctest::Approx(1.0));
    CHECK(o.tasks.size() == 2);
    CHECK(plan.overallocations[1].from.iso() == "2027-03-15");
    CHECK(plan.overallocations[1].to.iso() == "2027-03-15");
}
