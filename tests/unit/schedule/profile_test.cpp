#include "network_support.hpp"

#include <pmo/schedule/levelling.hpp>
#include <pmo/schedule/profile.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

TEST_CASE("booking adds the units on the person's working days; unbooking takes them away") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 7d, assign: [ann]}\n");
    Profiles prof(*b->net);
    const Node& a = b->net->nodes[b->node("p", "a")];
    prof.book(a, 0, 7, +1);  // Monday 1st to Tuesday 9th
    const Load& ann = prof.load(b->resource("ann"));
    for (int32_t off : {0, 1, 2, 3, 4, 7, 8}) CHECK(ann.units[static_cast<size_t>(off)] == 100);
    CHECK(ann.units[5] == 0);  // the weekend is not booked
    CHECK(ann.units[6] == 0);
    CHECK(ann.booked_span().first == 0);
    CHECK(ann.booked_span().second >= 8);
    prof.book(a, 0, 7, -1);
    for (int32_t off = 0; off < 9; ++off) CHECK(ann.units[static_cast<size_t>(off)] == 0);
    prof.book(a, 0, 7, +1);
    prof.clear();
    for (int32_t off = 0; off < 9; ++off) CHECK(ann.units[static_cast<size_t>(off)] == 0);
    CHECK(ann.booked_span().second == -1);
}

TEST_CASE("a person at most at their capacity is booked; book_units books what was asked") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 1d, assign: [{resource: ann, units: 300%}]}\n");
    Profiles prof(*b->net);
    const Node& a = b->net->nodes[b->node("p", "a")];
    prof.book(a, 0, 1, +1);
    CHECK(prof.load(b->resource("ann")).units[0] == 100);
    prof.clear();
    prof.book_units(a, 0, 1);
    CHECK(prof.load(b->resource("ann")).units[0] == 300);
}

TEST_CASE("blocked: a full day or an absence blocks a duration; an effort waits for its person") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 5d, assign: [ann]}
  - {id: x, name: X, duration: 2d, assign: [ann]}
  - {id: d, name: D, duration: 2d, assign: [bob]}
  - {id: e, name: E, effort: 2d, assign: [bob]}
)");
    Profiles prof(*b->net);
    const Network& net = *b->net;
    prof.book(net.nodes[b->node("p", "a")], 0, 5, +1);
    const Node& x = net.nodes[b->node("p", "x")];
    for (int32_t i = 0; i < 5; ++i) CHECK(prof.blocked(x, i) == b->resource("ann"));
    CHECK(prof.blocked(x, 5) == -1);
    const Node& d = net.nodes[b->node("p", "d")];
    CHECK(prof.blocked(d, 1) == -1);
    CHECK(prof.blocked(d, 2) == b->resource("bob"));  // away on the 3rd
    CHECK(prof.blocked(net.nodes[b->node("p", "e")], 2) == -1);
}

TEST_CASE("fit_forward starts after the last conflict and names it; fit_backward ends before the first") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 3d, assign: [ann]}
  - {id: x, name: X, duration: 2d, assign: [ann]}
)");
    Profiles prof(*b->net);
    const Network& net = *b->net;
    prof.book(net.nodes[b->node("p", "a")], 2, 5, +1);  // Wednesday to Friday
    const Node& x = net.nodes[b->node("p", "x")];
    int32_t f = 0, held = -1;
    Date day;
    CHECK(prof.fit_forward(x, 1, kNeg, f, held, day) == 5);
    CHECK(f == 7);
    CHECK(held == b->resource("ann"));
    CHECK(day.iso() == "2027-03-05");  // the last day that held it
    CHECK(prof.fit_forward(x, 0, kNeg, f, held, day) == 0);  // Monday and Tuesday are free
    CHECK(prof.fit_backward(x, 4, 0) == 0);                   // latest start <= 4 that fits
    CHECK(prof.fit_backward(x, 4, 1) == kNeg);                // ... but not before 1
    CHECK(prof.fit_backward(x, 5, 0) == 5);
}

TEST_CASE("profile never books above capacity: the serial schedule on random projects") {
    for (uint32_t seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        auto b = build(pmo::test::random_tasks(seed, 30));
        Leveller lev(*b->net);
        pmo::test::check_capacity(*b->net, pmo::test::first_pass(lev).schedule.t);
    }
}
