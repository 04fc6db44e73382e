#pragma once
// Test helpers for the scheduler's parts: a network built from project text.

#include "../support.hpp"

#include <pmo/schedule/levelling.hpp>
#include <pmo/schedule/network.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace pmo::test {

// 2027-03-01 is a Monday; the 10th is a holiday.
inline const std::string kSchedulePool = R"(calendars:
  default:
    workweek: [mon, tue, wed, thu, fri]
    hours_per_day: 8
    holidays: [2027-03-10]
resources:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob, absences: [{from: 2027-03-03, to: 2027-03-04}]}
  - {id: cat, name: Cat}
  - {id: team, name: Team, units: 200%}
)";

/// A loaded portfolio and its network (which refers to it, so the two live together).
struct Built {
    LoadResult loaded;
    std::unique_ptr<sched::Network> net;

    int32_t project(const std::string& id) const {
        const int32_t p = loaded.portfolio.project_index(id);
        REQUIRE(p >= 0);
        return p;
    }
    /// The node of a leaf task (a summary's in side).
    uint32_t node(const std::string& project_id, const std::string& task) const {
        const int32_t p = project(project_id);
        const int32_t t = find_task(loaded.portfolio.projects[static_cast<size_t>(p)], task);
        REQUIRE(t >= 0);
        return net->in_node[static_cast<size_t>(p)][static_cast<size_t>(t)];
    }
    int32_t resource(const std::string& id) const {
        const auto& rs = loaded.portfolio.resources;
        for (size_t r = 0; r < rs.size(); ++r)
            if (rs[r].id == id) return static_cast<int32_t>(r);
        FAIL("no resource " << id);
        return -1;
    }
};

/// Project p (start Monday 2027-03-01, status that day) with `tasks`, over kSchedulePool.
inline std::unique_ptr<Built> build(const std::string& tasks, PlanOptions options = {},
                                    std::map<std::string, std::string> more = {}) {
    more["pool.yaml"] = kSchedulePool;
    if (!more.count("p.yaml"))
        more["p.yaml"] = "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-01}\n" + tasks;
    auto b = std::make_unique<Built>();
    b->loaded = load(more);
    REQUIRE(b->loaded.usable());
    b->net = std::make_unique<sched::Network>(b->loaded.portfolio, options);
    return b;
}

/// make_plan's first levelling pass over a built network: the CPM times, the late dates,
/// the priority keys and the schedule.
struct FirstPass {
    sched::Times cpm, late;
    std::vector<double> keys;
    sched::Schedule schedule;
};
inline FirstPass first_pass(sched::Leveller& lev) {
    FirstPass r;
    sched::cpm(lev.network(), r.cpm, nullptr);
    lev.first_pass(r.cpm, r.late, r.keys, r.schedule);
    return r;
}

/// Every day of every resource, the schedule's leaves booked at their real units, within capacity.
inline void check_capacity(sched::Network& net, const sched::Times& t) {
    sched::Profiles booked(net);
    for (uint32_t v = 0; v < net.size(); ++v)
        if (net.nodes[v].kind == sched::Node::leaf) booked.book_units(net.nodes[v], t.s[v], t.f[v]);
    for (size_t r = 0; r < booked.size(); ++r)
        for (int32_t u : booked.load(static_cast<int32_t>(r)).units) REQUIRE(u <= net.resources[r].cap);
}

/// A pseudo-random project of `n` tasks (durations 1..5 days, up to two predecessors among
/// the tasks before, one or two of ann, bob, cat each): for properties that must hold always.
inline std::string random_tasks(uint32_t seed, int n) {
    uint64_t s = seed * 2654435761ull + 1;
    auto next = [&s](uint32_t m) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<uint32_t>((s >> 33) % m);
    };
    const char* people[] = {"ann", "bob", "cat"};
    std::string out = "tasks:\n";
    for (int i = 0; i < n; ++i) {
        out += "  - {id: t" + std::to_string(i) + ", name: T, duration: " + std::to_string(1 + next(5)) + "d, assign: [";
        const uint32_t first = next(3);
        out += people[first];
        if (next(3) == 0) out += std::string(", ") + people[(first + 1 + next(2)) % 3];  // someone else
        out += "]";
        std::string deps;
        for (int k = 0; k < 2 && i > 0; ++k)
            if (next(2)) {
                const std::string d = "t" + std::to_string(next(static_cast<uint32_t>(i)));
                if (deps.find(d + ",") == std::string::npos && deps.find(d + "]") == std::string::npos &&
                    deps != d && !deps.ends_with(", " + d))
                    deps += (deps.empty() ? "" : ", ") + d;
            }
        if (!deps.empty()) out += ", depends: [" + deps + "]";
        out += "}\n";
    }
    return out;
}

}  // namespace pmo::test
