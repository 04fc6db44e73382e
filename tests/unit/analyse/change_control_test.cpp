#include "../support.hpp"

#include <pmo/analyse/change_control.hpp>
#include <pmo/schedule/plan.hpp>

#include <doctest/doctest.h>

using namespace pmo;

namespace {
const std::string kBefore = R"(project:
  id: p
  name: P
  start: 2027-03-01
  deadline: 2027-06-30
  budget: 100000
tasks:
  - {id: a, name: A, duration: 5d}
  - {id: b, name: B, duration: 5d, depends: [a]}
  - {id: m, name: M, milestone: true, depends: [b]}
)";

Findings changes(const std::string& before, const std::string& after) {
    const LoadResult then = test::load({{"projects/p.yaml", before}});
    const LoadResult now = test::load({{"projects/p.yaml", after}});
    REQUIRE(then.usable());
    REQUIRE(now.usable());
    const Plan tp = make_plan(then.portfolio), np = make_plan(now.portfolio);
    BaselineComparison c = compare_baseline(now.portfolio, np, then.portfolio, tp);
    c.revision = "main";
    return unapproved_changes(now.portfolio, np, then.portfolio, tp, c);
}

std::string replaced(std::string s, std::string_view from, std::string_view to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}
}  // namespace

TEST_CASE("within the thresholds nothing needs a change request") {
    CHECK(changes(kBefore, kBefore).empty());
    CHECK(changes(kBefore, replaced(kBefore, "id: b, name: B, duration: 5d", "id: b, name: B, duration: 10d")).empty());
    CHECK(changes(kBefore, replaced(kBefore, "budget: 100000", "budget: 110000")).empty());
}

TEST_CASE("a slip, budget growth, a removed task and a moved deadline are findings unless approved since") {
    std::string after = replaced(kBefore, "id: b, name: B, duration: 5d", "id: b, name: B, duration: 11d");
    after = replaced(after, "budget: 100000", "budget: 110001");
    after = replaced(after, "deadline: 2027-06-30", "deadline: 2027-07-02");
    const Findings f = changes(kBefore, after);
    REQUIRE(f.size() == 3);
    CHECK(f[0].message.starts_with("milestone 'm' (M) slips 6 working days since main (2027-03-12 -> 2027-03-22)"));
    CHECK(f[0].pos.line == 10);
    CHECK(f[1].message.starts_with("the budget of project 'p' grows 10.0% since main (100000 -> 110001 EUR, +10001)"));
    CHECK(f[2].message.starts_with("the deadline of project 'p' moves +2 working days since main (2027-06-30 -> 2027-07-02)"));
    // An approved change naming the project covers all three.
    const std::string approved = after + "changes:\n  - {id: c1, title: More, status: approved, affects: [p]}\n";
    CHECK(changes(kBefore, approved).empty());
    // Approved already at the baseline: it was about something else.
    const std::string before = kBefore + "changes:\n  - {id: c1, title: More, status: approved, affects: [p]}\n";
    CHECK(changes(before, approved).size() == 3);
    // Proposed is not approved; affects naming the milestone covers the slip only.
    CHECK(changes(kBefore, after + "changes:\n  - {id: c1, title: More, status: proposed, affects: [p]}\n").size() == 3);
    CHECK(changes(kBefore, after + "changes:\n  - {id: c1, title: More, status: approved, affects: [m]}\n").size() == 2);
    const Findings removed = changes(kBefore, replaced(replaced(kBefore, "  - {id: a, name: A, duration: 5d}\n", ""), ", depends: [a]", ""));
    REQUIRE(!removed.empty());
    CHECK(removed.back().message.starts_with("task 'a' (A) of project 'p' was removed since main"));
}
