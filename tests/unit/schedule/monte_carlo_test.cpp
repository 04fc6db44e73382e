#include "../support.hpp"

#include <pmo/schedule/monte_carlo.hpp>

#include <cmath>
#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::load;

namespace {

// An every-day calendar keeps working days equal to calendar days.
const std::string kPool = "calendars:\n  default:\n    workweek: [mon, tue, wed, thu, fri, sat, sun]\n";

LoadResult portfolio(const std::string& tasks, const std::string& risks = "") {
    LoadResult r = load({{"pool.yaml", kPool},
                         {"p.yaml", "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-01}\n" +
                                        tasks + risks}});
    REQUIRE(r.usable());
    return r;
}

/// Project finish in days after the start, +1: the duration of the project.
std::vector<int> spans(const Simulation& s) {
    std::vector<int> v;
    for (const Date& d : s.projects[0].finishes) v.push_back(d - *Date::parse("2027-03-01") + 1);
    return v;
}

double mean(const std::vector<int>& v) {
    double m = 0;
    for (int x : v) m += x;
    return m / static_cast<double>(v.size());
}
double variance(const std::vector<int>& v) {
    const double m = mean(v);
    double s = 0;
    for (int x : v) s += (x - m) * (x - m);
    return s / static_cast<double>(v.size() - 1);
}

}  // namespace

TEST_CASE("a chain of independent triangular tasks: means and variances add") {
    std::string tasks = "tasks:\n";
    for (int i = 0; i < 30; ++i)
        tasks += "  - {id: t" + std::to_string(i) + ", name: T, duration: 10d, estimate: {optimistic: 5d, likely: 10d, pessimistic: 30d}" +
                 (i ? ", depends: [t" + std::to_string(i - 1) + "]}\n" : "}\n");
    LoadResult r = portfolio(tasks);
    SimOptions o;
    o.iterations = 20000;
    const auto v = spans(simulate(r.portfolio, o));
    // Triangular(5, 10, 30): mean 15, variance (a²+b²+c²-ab-ac-bc)/18 = 525/18. Rounding to
    // whole days adds about 1/12 per task.
    CHECK(mean(v) == doctest::Approx(30 * 15.0).epsilon(0.005));
    CHECK(variance(v) == doctest::Approx(30 * (525.0 / 18 + 1.0 / 12)).epsilon(0.05));
    // Near normal: the median is close to the mean.
    std::vector<int> s = v;
    std::sort(s.begin(), s.end());
    CHECK(std::abs(s[s.size() / 2] - mean(v)) < 3);
}

TEST_CASE("one task's quantiles follow the triangular CDF") {
    LoadResult r = portfolio("tasks:\n  - {id: a, name: A, duration: 10d, estimate: {optimistic: 4d, likely: 10d, pessimistic: 22d}}\n");
    SimOptions o;
    o.iterations = 40000;
    auto v = spans(simulate(r.portfolio, o));
    std::sort(v.begin(), v.end());
    // Inverse CDF of Triangular(4, 10, 22), then rounded to the nearest whole day.
    auto inv = [](double u) {
        const double a = 4, c = 10, b = 22, fc = (c - a) / (b - a);
        return u < fc ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1 - u) * (b - a) * (b - c));
    };
    for (double q : {0.1, 0.5, 0.8, 0.9}) {
        const int got = v[static_cast<size_t>(q * static_cast<double>(v.size()))];
        CHECK(std::abs(got - inv(q)) <= 1.0);
    }
}

TEST_CASE("two parallel paths: the finish is the maximum of the two") {
    LoadResult r = portfolio(R"(tasks:
  - {id: a, name: A, duration: 10d, estimate: {optimistic: 5d, likely: 10d, pessimistic: 15d}}
  - {id: b, name: B, duration: 10d, estimate: {optimistic: 5d, likely: 10d, pessimistic: 15d}}
  - {id: end, name: End, milestone: true, depends: [a, b]}
)");
    SimOptions o;
    o.iterations = 40000;
    const Simulation sim = simulate(r.portfolio, o);
    const auto v = spans(sim);
    // Max of two symmetric triangular(5, 10, 15): P(max <= 10) = 1/4, so the median is above 10.
    size_t at_most_10 = 0;
    for (int x : v) at_most_10 += x <= 10;
    const double share = static_cast<double>(at_most_10) / static_cast<double>(v.size());
    // With rounding, "<= 10" means the draw is below 10.5: F(10.5) = 1 - 4.5²/50 = 0.595, squared.
    CHECK(share == doctest::Approx(0.595 * 0.595).epsilon(0.03));
    // Each path is critical about half of the time.
    CHECK(sim.tasks[0].criticality == doctest::Approx(0.5 + 0.5 * 0.09).epsilon(0.1));
}

TEST_CASE("a risk with probability p and a fixed impact moves exactly a share p of the iterations") {
    LoadResult r = portfolio("tasks:\n  - {id: a, name: A, duration: 10d}\n",
                             "risks:\n  - {id: r, title: R, owner: x, probability: 30%, impact: 3, affects: [a], schedule_impact: 5d}\n");
    SimOptions o;
    o.iterations = 20000;
    const auto v = spans(simulate(r.portfolio, o));
    size_t late = 0;
    for (int x : v) {
        CHECK((x == 10 || x == 15));
        late += x == 15;
    }
    CHECK(static_cast<double>(late) / static_cast<double>(v.size()) == doctest::Approx(0.30).epsilon(0.04));
}

TEST_CASE("same seed, same results, whatever the number of threads") {
    LoadResult r = portfolio(R"(tasks:
  - {id: a, name: A, duration: 10d, estimate: {optimistic: 5d, likely: 10d, pessimistic: 25d}}
  - {id: b, name: B, duration: 8d, estimate: {optimistic: 5d, likely: 8d, pessimistic: 20d}, depends: [a]}
)", "risks:\n  - {id: r, title: R, owner: x, probability: 2, impact: 3, affects: [b], schedule_impact: {optimistic: 1d, likely: 3d, pessimistic: 9d}}\n");
    SimOptions o;
    o.iterations = 3000;
    o.seed = 42;
    o.threads = 1;
    const Simulation one = simulate(r.portfolio, o);
    o.threads = 2;
    const Simulation two = simulate(r.portfolio, o);
    CHECK(one.projects[0].finishes == two.projects[0].finishes);
    CHECK(one.tasks[1].criticality == two.tasks[1].criticality);
    CHECK(one.tasks[0].correlation == two.tasks[0].correlation);
    o.seed = 43;
    CHECK(simulate(r.portfolio, o).projects[0].finishes != one.projects[0].finishes);
}

TEST_CASE("Beta-PERT has the PERT mean") {
    LoadResult r = portfolio("tasks:\n  - {id: a, name: A, duration: 10d, estimate: {optimistic: 4d, likely: 10d, pessimistic: 28d}}\n");
    SimOptions o;
    o.iterations = 30000;
    o.distribution = Distribution::pert;
    CHECK(mean(spans(simulate(r.portfolio, o))) == doctest::Approx((4 + 4 * 10 + 28) / 6.0).epsilon(0.02));
}

TEST_CASE("--levelled: a shared person makes parallel work sequential in every iteration") {
    LoadResult r = load({{"pool.yaml", kPool + "resources:\n  - {id: ann, name: Ann}\n"},
                         {"p.yaml", "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-01}\n"
                                    "tasks:\n  - {id: a, name: A, duration: 5d, assign: [ann], estimate: {optimistic: 4d, likely: 5d, pessimistic: 6d}}\n"
                                    "  - {id: b, name: B, duration: 5d, assign: [ann]}\n"}});
    REQUIRE(r.usable());
    SimOptions o;
    o.iterations = 200;
    o.level = false;
    const auto free = spans(simulate(r.portfolio, o));
    o.level = true;
    o.threads = 1;
    const Simulation one = simulate(r.portfolio, o);
    const auto levelled = spans(one);
    CHECK(*std::max_element(free.begin(), free.end()) <= 6);   // a and b side by side
    CHECK(*std::min_element(levelled.begin(), levelled.end()) >= 9);  // one after the other
    o.threads = 2;
    CHECK(simulate(r.portfolio, o).projects[0].finishes == one.projects[0].finishes);
}

TEST_CASE("the simulation levels as pmo plan does by default: nothing drawn, every iteration is the plan") {
    // Part-timers, an absence, shared people, started work, milestones on bounds (issue 12, 8).
    LoadResult r = load({{"pool.yaml", R"(calendars:
  default: {workweek: [mon, tue, wed, thu, fri], hours_per_day: 8}
  mon-wed: {base: default, workweek: [mon, tue, wed]}
resources:
  - {id: ann, name: Ann, rate: 10}
  - {id: pat, name: Pat, calendar: mon-wed, rate: 20}
  - {id: bob, name: Bob, absences: [{from: 2027-03-10, to: 2027-03-12}]}
)"},
                         {"p.yaml", R"(project: {id: p, name: P, start: 2027-03-01, status: {date: 2027-03-03}}
tasks:
  - {id: a, name: A, effort: 6d, assign: [pat], estimate: {optimistic: 6d, likely: 6d, pessimistic: 6d}}
  - {id: b, name: B, effort: 4d, assign: [ann, {resource: pat, units: 50%}], depends: [a]}
  - {id: c, name: C, duration: 5d, assign: [ann], actual_start: 2027-03-01, progress: 20%}
  - {id: d, name: D, effort: 5d, assign: [bob, ann]}
  - {id: m, name: M, milestone: true, start_no_earlier_than: 2027-03-17}
  - {id: n, name: N, milestone: true, depends: [b]}
)"}});
    REQUIRE(r.usable());
    const Plan plan = make_plan(r.portfolio);
    SimOptions o;
    o.iterations = 50;
    const Simulation sim = simulate(r.portfolio, o);
    CHECK(sim.levelled);
    REQUIRE(sim.projects.size() == 1);
    CHECK(sim.projects[0].finish.p10 == plan.projects[0].finish);
    CHECK(sim.projects[0].finish.p90 == plan.projects[0].finish);
    REQUIRE(sim.milestones.size() == 2);
    for (const SimMilestone& m : sim.milestones) {
        CHECK(m.date.p10 == plan.tasks[0][static_cast<size_t>(m.task)].finish);
        CHECK(m.date.p90 == plan.tasks[0][static_cast<size_t>(m.task)].finish);
    }
    // The cost is what the plan books: Pat's 48 h and 16 h on Mon-Wed, Ann's share of b, c and d.
    double cost = 0;
    for (size_t t = 0; t < plan.tasks[0].size(); ++t)
        for (const Booking& b : plan.tasks[0][t].bookings) {
            const Resource& who = r.portfolio.resources[static_cast<size_t>(b.resource)];
            cost += b.hours * (who.rate ? who.rate.value : 0);
        }
    CHECK(sim.projects[0].cost_p50 == doctest::Approx(cost));
    // And the criticality is the plan's.
    for (const SimTask& t : sim.tasks)
        CHECK(t.criticality == (plan.tasks[0][static_cast<size_t>(t.task)].critical ? 1.0 : 0.0));
}

TEST_CASE("a project whose last milestone sits on a start bound finishes on that day in every iteration") {
    LoadResult r = load({{"pool.yaml", "calendars:\n  default: {workweek: [mon, tue, wed, thu, fri]}\n"},
                         {"p.yaml", R"(project: {id: p, name: P, start: 2027-03-01, status: {date: 2027-03-01}}
tasks:
  - {id: a, name: A, duration: 5d}
  - {id: launch, name: Launch, milestone: true, depends: [a], start_no_earlier_than: 2027-03-15}
)"}});
    REQUIRE(r.usable());
    SimOptions o;
    o.iterations = 20;
    const Simulation sim = simulate(r.portfolio, o);
    REQUIRE(sim.projects.size() == 1);
    CHECK(sim.projects[0].finish.p10.iso() == "2027-03-15");
    CHECK(sim.projects[0].finish.p90.iso() == "2027-03-15");
}
