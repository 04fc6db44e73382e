#include "../support.hpp"

#include <pmo/schedule/explain.hpp>

#include <doctest/doctest.h>

using namespace pmo;

namespace {

struct Chain {
    LoadResult loaded;
    Plan plan;
    /// The chain of p/`id` as task ids.
    std::vector<std::string> of(const std::string& id) const {
        const Portfolio& pf = loaded.portfolio;
        std::vector<std::string> ids;
        for (auto [pi, ti] : driver_chain(pf, plan, 0, find_task(pf.projects[0], id)))
            ids.push_back(pf.projects[static_cast<size_t>(pi)].tasks[static_cast<size_t>(ti)].id);
        return ids;
    }
};

Chain plan_of(const std::string& tasks) {
    Chain c{pmo::test::load({{"pool.yaml", "resources:\n  - {id: ann, name: Ann}\n"},
                             {"p.yaml", "project: {id: p, name: P, start: 2027-03-01, status: {date: 2027-03-01}}\n" + tasks}}),
            {}};
    REQUIRE(c.loaded.usable());
    c.plan = make_plan(c.loaded.portfolio);
    return c;
}

}  // namespace

TEST_CASE("the driver chain follows dependencies back to where the chain starts") {
    const Chain c = plan_of(R"(tasks:
  - {id: a, name: A, duration: 2d}
  - {id: side, name: Side, duration: 1d}
  - {id: b, name: B, duration: 1d, depends: [a, side]}
  - {id: c, name: C, duration: 1d, depends: [b]}
)");
    CHECK(c.of("c") == std::vector<std::string>{"c", "b", "a"});  // a, not side, binds b
    CHECK(c.of("a") == std::vector<std::string>{"a"});            // the project start
}

TEST_CASE("the driver chain enters a summary at its last child and follows levelling to the holder") {
    const Chain c = plan_of(R"(tasks:
  - id: s
    name: S
    tasks:
      - {id: x, name: X, duration: 1d}
      - {id: y, name: Y, duration: 3d}
  - {id: first, name: First, duration: 2d, assign: [ann], priority: 900}
  - {id: later, name: Later, duration: 1d, assign: [ann]}
)");
    CHECK(c.of("s") == std::vector<std::string>{"s", "y"});
    CHECK(c.of("later") == std::vector<std::string>{"later", "first"});
}

TEST_CASE("an effort task whose people are away when its logic allows says so, not only the dependency") {
    Chain c{pmo::test::load({{"pool.yaml", "resources:\n  - {id: ann, name: Ann, absences: [{from: 2027-03-03, to: 2027-03-09}]}\n"},
                             {"p.yaml", "project: {id: p, name: P, start: 2027-03-01}\ntasks:\n"
                                        "  - {id: a, name: A, duration: 2d}\n"
                                        "  - {id: b, name: B, effort: 1d, assign: [ann], depends: [a]}\n"}}),
            {}};
    REQUIRE(c.loaded.usable());
    c.plan = make_plan(c.loaded.portfolio);
    const Driver& d = c.plan.tasks[0][1].driver;
    CHECK(d.kind == Driver::dependency);
    CHECK(d.people);
    CHECK(d.allowed.iso() == "2027-03-03");
    CHECK(c.plan.tasks[0][1].start.iso() == "2027-03-10");
    CHECK(c.of("b") == std::vector<std::string>{"b", "a"});
}
