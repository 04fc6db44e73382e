#include "network_support.hpp"

#include <pmo/schedule/cpm.hpp>
#include <pmo/schedule/monte_carlo.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

namespace {

// a 3d; b 2d after a; c 4d starting one day after a starts (SS +1d); d 2d finishing two
// days after c finishes (FF +2d). By hand, in working days from Monday (day 0):
//   a [0, 3)   b [3, 5)   c [1, 5)   d [5, 7)   -> the project finishes at 7.
// Backward from 7: b and d finish late at 7 (b: float 2, d: 0); c must finish by 7 - 2 = 5
// (float 0); a must finish by b's late start 5 and start by c's late start 1 - 1 = 0, so it
// ends at 3 (float 0).
const std::string kHand = R"(tasks:
  - {id: a, name: A, duration: 3d}
  - {id: b, name: B, duration: 2d, depends: [a]}
  - {id: c, name: C, duration: 4d, depends: [{task: a, type: SS, lag: 1d}]}
  - {id: d, name: D, duration: 2d, depends: [{task: c, type: FF, lag: 2d}]}
)";

}  // namespace

TEST_CASE("cpm forward pass equals a hand-computed network") {
    auto b = build(kHand);
    Times t;
    std::vector<Driver> drivers;
    cpm(*b->net, t, &drivers);
    auto at = [&](const char* id) {
        const uint32_t v = b->node("p", id);
        return std::pair{t.s[v], t.f[v]};
    };
    CHECK(at("a") == std::pair{0, 3});
    CHECK(at("b") == std::pair{3, 5});
    CHECK(at("c") == std::pair{1, 5});
    CHECK(at("d") == std::pair{5, 7});
    CHECK(drivers[b->node("p", "a")].kind == Driver::project_start);
    const Driver& d = drivers[b->node("p", "d")];
    CHECK(d.kind == Driver::dependency);
    CHECK(d.type == DepType::FF);
    CHECK(d.lag == 2);
    CHECK(d.task == find_task(b->loaded.portfolio.projects[0], "c"));
}

TEST_CASE("cpm backward pass equals a hand-computed network") {
    auto b = build(kHand);
    Times t, lt;
    cpm(*b->net, t, nullptr);
    late(*b->net, t, lt);
    auto late_of = [&](const char* id) {
        const uint32_t v = b->node("p", id);
        return std::pair{lt.s[v], lt.f[v]};
    };
    CHECK(late_of("a") == std::pair{0, 3});
    CHECK(late_of("b") == std::pair{5, 7});
    CHECK(late_of("c") == std::pair{1, 5});
    CHECK(late_of("d") == std::pair{5, 7});
}

TEST_CASE("a deadline and finish_no_later_than pull the late dates in; float goes negative") {
    auto b = build("  deadline: 2027-03-03\ntasks:\n  - {id: a, name: A, duration: 5d}\n"
                   "  - {id: n, name: N, duration: 1d, finish_no_later_than: 2027-03-01}\n");
    Times t, lt;
    cpm(*b->net, t, nullptr);
    late(*b->net, t, lt);
    CHECK(lt.f[b->node("p", "a")] == 3);  // finishes by Wednesday evening
    CHECK(lt.s[b->node("p", "a")] - t.s[b->node("p", "a")] == -2);
    CHECK(lt.f[b->node("p", "n")] == 1);
}

TEST_CASE("a summary passes its predecessor on to every child") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 2d}
  - id: s
    name: S
    depends: [a]
    tasks:
      - {id: x, name: X, duration: 1d}
      - {id: y, name: Y, duration: 3d}
)");
    Times t;
    std::vector<Driver> drivers;
    cpm(*b->net, t, &drivers);
    CHECK(t.s[b->node("p", "x")] == 2);
    CHECK(t.s[b->node("p", "y")] == 2);
    CHECK(drivers[b->node("p", "x")].kind == Driver::summary);
}

TEST_CASE("by_finish: a milestone after a finish shows on it; a start bound wins") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 2d}
  - {id: m, name: M, milestone: true, depends: [a]}
  - {id: n, name: N, milestone: true, depends: [a], start_no_earlier_than: 2027-03-03}
)");
    Times t;
    cpm(*b->net, t, nullptr);
    CHECK(by_finish(*b->net, b->node("p", "m"), S, t.s.data(), t.f.data(), calendars(*b->net)));
    // n's bound (Wednesday, day 2) equals a's finish: start bounds win ties.
    CHECK_FALSE(by_finish(*b->net, b->node("p", "n"), S, t.s.data(), t.f.data(), SameCalendar{}));
}

TEST_CASE("the Monte Carlo pass with the planned durations is the plan's pass") {
    // The same forward and backward passes: finishes and critical tasks agree with cpm.
    auto b = build(kHand);
    pmo::SimNetwork mc(b->loaded.portfolio, PlanOptions{});
    std::vector<int32_t> dur(mc.leaves());
    for (size_t i = 0; i < dur.size(); ++i) dur[i] = mc.planned(i);
    std::vector<int32_t> finish(1);
    std::vector<uint8_t> critical(mc.leaves());
    pmo::SimNetwork::Scratch sc;
    mc.run(dur.data(), finish.data(), critical.data(), sc);
    CHECK(finish[0] == 7);
    Times t;
    cpm(*b->net, t, nullptr);
    for (size_t i = 0; i < mc.leaves(); ++i) {
        const auto [p, task] = mc.leaf_task(i);
        const uint32_t v = b->net->in_node[static_cast<size_t>(p)][static_cast<size_t>(task)];
        CHECK(mc.finish(i, sc) == t.f[v]);
        CHECK(bool(critical[i]) == (v != b->node("p", "b")));  // b alone has float
    }
    // A longer draw for b makes it, not c and d, critical.
    dur[1] = 5;
    mc.run(dur.data(), finish.data(), critical.data(), sc);
    CHECK(finish[0] == 8);
    CHECK(critical[1]);
    CHECK_FALSE(critical[2]);
}

TEST_CASE("a child of a summary that nothing holds back starts with the project, not 'with its summary'") {
    auto b = build(R"(tasks:
  - id: s
    name: S
    tasks:
      - {id: x, name: X, duration: 1d}
  - {id: a, name: A, duration: 2d}
  - id: outer
    name: Outer
    depends: [a]
    tasks:
      - id: inner
        name: Inner
        tasks:
          - {id: y, name: Y, duration: 1d}
)");
    Times t;
    std::vector<Driver> drivers;
    cpm(*b->net, t, &drivers);
    CHECK(drivers[b->node("p", "x")].kind == Driver::project_start);
    // Nested: the summary named is the one whose dependency holds it back.
    const Driver& y = drivers[b->node("p", "y")];
    CHECK(y.kind == Driver::summary);
    CHECK(y.task == 3);  // outer, in WBS order: s, x, a, outer, inner, y
}
