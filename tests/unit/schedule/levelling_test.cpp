#include "network_support.hpp"

#include <pmo/schedule/levelling.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

namespace {

/// Every dependency holds in the schedule (one calendar: no conversions).
void check_precedences(const Network& net, const Times& t) {
    for (const Edge& e : net.edges) {
        const int32_t tu = e.pu == S ? t.s[e.u] : t.f[e.u];
        const int32_t tv = e.pv == S ? t.s[e.v] : t.f[e.v];
        if (e.dependency) REQUIRE(tv >= tu + e.w);
    }
}

int32_t makespan(const Network& net, const Times& t) {
    int32_t f = 0;
    for (uint32_t v = 0; v < net.size(); ++v)
        if (net.nodes[v].kind == Node::leaf) f = std::max(f, t.f[v]);
    return f;
}

}  // namespace

TEST_CASE("the serial schedule takes the lowest key first and delays the other") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 3d, assign: [ann]}\n  - {id: x, name: X, duration: 2d, assign: [ann]}\n");
    Leveller lev(*b->net);
    const uint32_t a = b->node("p", "a"), x = b->node("p", "x");
    std::vector<double> key(b->net->size(), 0);
    key[x] = -1;  // x first
    Schedule sch;
    lev.sgs(key, sch);
    CHECK(sch.t.s[x] == 0);
    CHECK(sch.t.s[a] == 2);
    CHECK(sch.delay[a] == 2);
    CHECK(sch.held_res[a] == b->resource("ann"));
    CHECK(sch.held_day[a].iso() == "2027-03-02");
    CHECK(sch.cost == lev.cost(sch.t));
    key[x] = 1;
    lev.sgs(key, sch);
    CHECK(sch.t.s[a] == 0);
    CHECK(sch.t.s[x] == 3);
}

TEST_CASE("justification never lengthens a schedule, keeps it valid, and shortens some") {
    int shortened = 0;
    for (uint32_t seed = 1; seed <= 25; ++seed) {
        CAPTURE(seed);
        auto b = build(pmo::test::random_tasks(seed, 25));
        Network& net = *b->net;
        Leveller lev(net);
        REQUIRE(lev.justifiable());
        // A poor priority rule (latest node first) leaves room for justification.
        std::vector<double> key(net.size());
        for (uint32_t v = 0; v < net.size(); ++v) key[v] = -static_cast<double>(v);
        Schedule sch;
        lev.sgs(key, sch);
        const int64_t before = sch.cost;
        const int32_t span_before = makespan(net, sch.t);
        lev.justify(sch);
        CHECK(sch.cost <= before);
        CHECK(makespan(net, sch.t) <= span_before);
        CHECK(sch.cost == lev.cost(sch.t));
        check_precedences(net, sch.t);
        pmo::test::check_capacity(net, sch.t);
        if (sch.cost < before) ++shortened;
    }
    CHECK(shortened > 0);
}

TEST_CASE("justification is off for several priority classes, calendars or varying efforts") {
    CHECK(Leveller(*build("tasks:\n  - {id: a, name: A, duration: 1d, assign: [ann]}\n")->net).justifiable());
    auto classes = build("tasks:\n  - {id: a, name: A, duration: 1d, priority: 900}\n  - {id: b, name: B, duration: 1d}\n");
    CHECK_FALSE(Leveller(*classes->net).justifiable());
    auto away = build("tasks:\n  - {id: e, name: E, effort: 3d, assign: [bob]}\n");  // bob's absence stretches it
    CHECK_FALSE(Leveller(*away->net).justifiable());
}

TEST_CASE("work in progress is booked first: the serial schedule puts nothing on top of it") {
    auto b = build(R"(tasks:
  - {id: new, name: New, duration: 2d, assign: [ann]}
  - {id: old, name: Old, duration: 4d, assign: [ann], actual_start: 2027-03-01, progress: 25%}
)");
    Leveller lev(*b->net);
    std::vector<double> key(b->net->size(), 0);
    Schedule sch;
    lev.sgs(key, sch);
    const uint32_t n = b->node("p", "new"), o = b->node("p", "old");
    CHECK(sch.t.s[o] == 0);
    CHECK(sch.t.s[n] >= sch.t.f[o]);
}
