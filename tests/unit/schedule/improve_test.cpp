#include "network_support.hpp"

#include <pmo/schedule/improve.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace pmo;
using namespace pmo::sched;
using pmo::test::build;

namespace {

std::vector<int> positions(const std::vector<double>& key) {
    std::vector<int> out;
    for (double k : key) out.push_back(static_cast<int>(k));
    return out;
}

bool is_permutation_of_positions(const std::vector<double>& key) {
    std::vector<double> sorted = key;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size(); ++i)
        if (sorted[i] != static_cast<double>(i)) return false;
    return true;
}

}  // namespace

TEST_CASE("two-point crossover: the mother's first q1, the father's next up to q2, the mother's rest") {
    // Mother's list: 0 1 2 3 4 5; father's: 5 4 3 2 1 0.
    const std::vector<double> mother{0, 1, 2, 3, 4, 5}, father{5, 4, 3, 2, 1, 0};
    Crossover crossover;
    std::vector<double> child;
    crossover(mother, father, 2, 4, child);
    // List: 0 1 (mother), 5 4 (father), 2 3 (mother's rest): node -> position.
    CHECK(positions(child) == std::vector<int>{0, 1, 4, 5, 3, 2});
    crossover(mother, father, 0, 6, child);
    CHECK(positions(child) == std::vector<int>{5, 4, 3, 2, 1, 0});  // all the father's
    crossover(mother, father, 3, 3, child);
    CHECK(positions(child) == std::vector<int>{0, 1, 2, 3, 4, 5});  // all the mother's
}

TEST_CASE("mutation swaps only neighbours and keeps an activity list") {
    // Positions 0 and 5 are too far apart ever to swap; every swap keeps a permutation.
    std::vector<double> key{0, 1, 2, 3, 4, 5};
    XorShift64 rng(7);
    int changed = 0;
    for (int round = 0; round < 100; ++round) {
        const std::vector<double> before = key;
        mutate(key, rng);
        REQUIRE(is_permutation_of_positions(key));
        changed += key != before;
    }
    CHECK(changed > 0);
    std::vector<double> far{0, 10, 20, 30};  // nothing less than 3 apart: never swapped
    for (int round = 0; round < 100; ++round) mutate(far, rng);
    CHECK(far == std::vector<double>{0, 10, 20, 30});
}

TEST_CASE("sampled keys lie between the late start and the late start plus the noise") {
    Times lt;
    lt.s = {0, 5, kPos, 12};
    std::vector<double> key(4);
    XorShift64 rng(3);
    sampled_keys(lt, 4, rng, key);
    for (size_t i : {0u, 1u, 3u}) {
        CHECK(key[i] >= lt.s[i]);
        CHECK(key[i] < lt.s[i] + 2.5 * 4);
    }
    CHECK(key[2] >= 1e9);  // nothing bounds it late: last
}

TEST_CASE("improvement_passes: what was asked, else from the size and never from the clock") {
    auto b = build(pmo::test::random_tasks(1, 30));
    CHECK(improvement_passes(*b->net, 7) == 7);
    CHECK(improvement_passes(*b->net, 0) == 0);
    CHECK(improvement_passes(*b->net, -1) == 1200);  // 100,000 / 30 nodes, at most 1200
}

TEST_CASE("improvement never makes the first pass worse; the same seed gives the same schedule") {
    for (uint32_t seed = 1; seed <= 6; ++seed) {
        CAPTURE(seed);
        auto b = build(pmo::test::random_tasks(seed, 25));
        Leveller lev(*b->net);
        const pmo::test::FirstPass fp = pmo::test::first_pass(lev);
        const Schedule& first = fp.schedule;
        Schedule best = first, again = first;
        improve(lev, fp.late, fp.keys, 60, 1, best);
        improve(lev, fp.late, fp.keys, 60, 1, again);
        CHECK(best.cost <= first.cost);
        CHECK(best.t.s == again.t.s);
        CHECK(best.t.f == again.t.f);
    }
}

TEST_CASE("sampling, used with several priority classes, keeps the classes' order") {
    // The high-priority project's task never waits for the low one, whatever the keys.
    std::map<std::string, std::string> more{
        {"low.yaml", "project: {id: low, name: Low, start: 2027-03-01, priority: 100, status: {date: 2027-03-01}}\n"
                     "tasks:\n  - {id: x, name: X, duration: 5d, assign: [ann]}\n"},
        {"p.yaml", "project: {id: p, name: P, start: 2027-03-01, priority: 900, status: {date: 2027-03-01}}\n"
                   "tasks:\n  - {id: y, name: Y, duration: 5d, assign: [ann]}\n"}};
    auto b = build("", {}, more);
    Network& net = *b->net;
    Times t, lt;
    cpm(net, t, nullptr);
    Leveller lev(net);
    REQUIRE_FALSE(lev.justifiable());
    std::vector<double> lst;
    Schedule best;
    lev.first_pass(t, lt, lst, best);
    improve(lev, lt, lst, 50, 9, best);
    CHECK(best.t.s[b->node("p", "y")] == 0);
    CHECK(best.t.s[b->node("low", "x")] == 5);
}
