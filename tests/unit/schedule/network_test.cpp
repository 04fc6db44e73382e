#include "network_support.hpp"

#include <pmo/schedule/network.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

TEST_CASE("a summary is an in and an out node holding each child by four edges; a leaf is one node") {
    auto b = build(R"(tasks:
  - id: s
    name: S
    tasks:
      - {id: a, name: A, duration: 2d}
      - {id: b, name: B, duration: 3d}
  - {id: c, name: C, duration: 1d, depends: [s]}
)");
    const Network& net = *b->net;
    CHECK(net.size() == 5);  // s in, s out, a, b, c
    CHECK(net.edges.size() == 4 * 2 + 1);
    const int32_t p = b->project("p");
    const size_t s = static_cast<size_t>(find_task(b->loaded.portfolio.projects[static_cast<size_t>(p)], "s"));
    const uint32_t s_in = net.in_node[static_cast<size_t>(p)][s], s_out = net.out_node[static_cast<size_t>(p)][s];
    CHECK(net.nodes[s_in].kind == Node::sum_in);
    CHECK(net.nodes[s_out].kind == Node::sum_out);
    CHECK(net.nodes[b->node("p", "a")].kind == Node::leaf);
    // Topological order: the summary opens before its children and closes after them, and C
    // (depending on the summary) comes last.
    auto at = [&](uint32_t v) { return std::find(net.topo.begin(), net.topo.end(), v) - net.topo.begin(); };
    CHECK(at(s_in) < at(b->node("p", "a")));
    CHECK(at(b->node("p", "b")) < at(s_out));
    CHECK(at(s_out) < at(b->node("p", "c")));
    // The dependency runs from the summary's out side to C.
    const uint32_t c = b->node("p", "c");
    REQUIRE(net.in_first[c + 1] - net.in_first[c] == 1);
    const Edge& e = net.edges[net.in[net.in_first[c]]];
    CHECK(e.u == s_out);
    CHECK(e.dependency);
}

TEST_CASE("durations and bounds are in working days of the project's calendar") {
    auto b = build(R"(tasks:
  - {id: a, name: A, duration: 1w}
  - {id: n, name: N, duration: 2d, start_no_earlier_than: 2027-03-11}
)");
    const Network& net = *b->net;
    CHECK(net.epoch.iso() == "2027-03-01");
    CHECK(net.nodes[b->node("p", "a")].d == 5);
    const Node& n = net.nodes[b->node("p", "n")];
    CHECK(n.lower == 7);  // the 10th is a holiday: the 11th is working day 7
    CHECK(n.lower_driver.kind == Driver::start_no_earlier_than);
}

TEST_CASE("effective priority: a predecessor holds the highest class of what waits for it") {
    auto b = build(R"(tasks:
  - {id: pre, name: Pre, duration: 2d, priority: 100}
  - {id: key, name: Key, duration: 1d, depends: [pre], priority: 900}
  - {id: other, name: Other, duration: 1d, priority: 600}
)");
    const Network& net = *b->net;
    const int64_t pre = net.eff[b->node("p", "pre")], key = net.eff[b->node("p", "key")];
    CHECK(pre == key);
    CHECK(net.eff[b->node("p", "other")] < key);
    CHECK_FALSE(net.single_class);
    auto same = build("tasks:\n  - {id: a, name: A, duration: 2d}\n  - {id: b, name: B, duration: 1d, depends: [a]}\n");
    CHECK(same->net->single_class);
}

TEST_CASE("a dependency cycle is an Error") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    std::map<std::string, std::string> files{
        {"pool.yaml", pmo::test::kSchedulePool},
        {"p.yaml", "project: {id: p, name: P, start: 2027-03-01}\ntasks:\n"
                   "  - {id: a, name: A, duration: 1d, depends: [b]}\n  - {id: b, name: B, duration: 1d, depends: [a]}\n"}};
    const LoadResult loaded = pmo::test::load(files);
    CHECK_THROWS_WITH_AS(Network(loaded.portfolio, PlanOptions{}), "the dependencies form a cycle; run 'pmo check'",
                         Error);
}

TEST_CASE("the status date: the options' as_of wins over the project's") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    CHECK(b->net->status_date[0].iso() == "2027-03-01");
    PlanOptions o;
    o.as_of = Date::from_ymd(2027, 3, 3);
    auto c = build("tasks:\n  - {id: a, name: A, duration: 1d}\n", o);
    CHECK(c->net->status_date[0].iso() == "2027-03-03");
    CHECK(c->net->nodes[c->node("p", "a")].lower == 2);  // unstarted work waits for the status date
    CHECK(c->net->nodes[c->node("p", "a")].lower_driver.kind == Driver::status);
}

TEST_CASE("a resource's days: weekends and holidays are off, absences away") {
    auto b = build("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    ResourceDays& bob = b->net->resources[static_cast<size_t>(b->resource("bob"))];
    const Date epoch = b->net->epoch;
    CHECK(bob.at(0, epoch) == ResourceDays::working);   // Monday 1st
    CHECK(bob.at(2, epoch) == ResourceDays::away);      // 3rd and 4th: away
    CHECK(bob.at(3, epoch) == ResourceDays::away);
    CHECK(bob.at(5, epoch) == ResourceDays::day_off);   // Saturday
    CHECK(bob.at(9, epoch) == ResourceDays::day_off);   // the 10th: a holiday
    CHECK(bob.at(400, epoch) == ResourceDays::working); // 2028-04-05, a Wednesday: grown on demand
    CHECK(b->net->resources[static_cast<size_t>(b->resource("team"))].cap == 200);
}

TEST_CASE("convert_back is the largest value convert maps to at most t") {
    const std::string other = "calendars:\n  fourday:\n    workweek: [mon, tue, wed, thu]\n    hours_per_day: 8\n";
    std::map<std::string, std::string> more{
        {"cal.yaml", other},
        {"q.yaml", "project: {id: q, name: Q, start: 2027-03-01, calendar: fourday}\ntasks:\n  - {id: x, name: X, duration: 1d}\n"}};
    auto b = build("tasks:\n  - {id: a, name: A, duration: 1d}\n", {}, more);
    const Network& net = *b->net;
    REQUIRE_FALSE(net.single_calendar);
    const int32_t p = net.project_cal[static_cast<size_t>(b->project("p"))];
    const int32_t q = net.project_cal[static_cast<size_t>(b->project("q"))];
    for (uint8_t port : {S, F})
        for (int32_t t = 0; t < 40; ++t) {
            const int32_t back = net.convert_back(t, p, q, port);
            CHECK(net.convert(back, q, p, port) <= t);
            CHECK(net.convert(back + 1, q, p, port) > t);
        }
    // Friday 5th is working day 4 in p and not a working day in q: a start carried to q waits
    // for Monday (q's day 4), a finish after it ends on Thursday (q's day 4 exclusive).
    CHECK(net.convert(4, p, q, S) == 4);
    CHECK(net.convert(5, p, q, F) == 4);
}
