#include "../support.hpp"

#include <pmo/analyse/report.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::load;

namespace {

const std::string kPool = R"(resources:
  - {id: ann, name: Ann, role: dev, rate: 100, skills: [java]}
  - {id: bob, name: Bob, role: dev, rate: 50}
)";

/// A loaded portfolio, its plan and the plan without progress, kept together.
struct Fixture {
    LoadResult loaded;
    Plan plan;
    Portfolio stripped;
    Plan stripped_plan;
    PortfolioStatus status;

    Fixture(const std::string& project, const std::string& config = "", StatusOptions o = {}) {
        std::map<std::string, std::string> files = {{"pool.yaml", kPool}, {"p.yaml", project}};
        if (!config.empty()) files["pmo.toml"] = config;
        pmo::test::MemorySource src(files);
        loaded = load_portfolio(src, LoadOptions{.threads = 1, .progress = {}});
        REQUIRE(loaded.usable());
        plan = make_plan(loaded.portfolio, {});
        stripped_plan = plan_without_progress(loaded.portfolio, {}, stripped);
        status = portfolio_status(loaded.portfolio, plan, Pmb{&stripped, &stripped_plan}, nullptr, o);
        REQUIRE(status.projects.size() == 1);
    }
    const ProjectStatus& p() const { return status.projects[0]; }
};

// Mon 2027-03-01 .. Fri 03-05 is week 1. a: 5 days of Ann (8 h x 100 = 4,000), 60% done at
// Friday, the status date: the plan books its remaining work from that day on, so what was
// planned done by then is Monday to Thursday. b: 10 days of Bob after a (8 h x 50 x 10 = 4,000).
std::string project(const std::string& status_extra = "", const std::string& more = "") {
    return "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  budget: 20000\n"
           "  status:\n    date: 2027-03-05\n" +
           status_extra +
           "tasks:\n"
           "  - {id: a, name: A, duration: 5d, assign: [ann], progress: 60%, actual_start: 2027-03-01}\n"
           "  - {id: b, name: B, duration: 10d, assign: [bob], depends: [a]}\n" +
           more;
}

}  // namespace

TEST_CASE("earned value by hand: BAC, PV, EV, AC and everything derived from them") {
    Fixture f(project("    actual_cost: 3000\n"));
    const EarnedValue& ev = f.p().ev;
    CHECK(ev.money);
    CHECK(ev.bac == doctest::Approx(8000));
    CHECK(ev.pv == doctest::Approx(3200));  // a's first four days were planned before Friday
    CHECK(ev.ev == doctest::Approx(2400));  // 60% of a
    REQUIRE(ev.ac);
    CHECK(*ev.ac == 3000);
    CHECK(ev.sv == doctest::Approx(-800));
    CHECK(*ev.cv == doctest::Approx(-600));
    CHECK(*ev.spi == doctest::Approx(0.75));
    CHECK(*ev.cpi == doctest::Approx(0.8));
    CHECK(*ev.eac_cpi == doctest::Approx(10000));
    CHECK(*ev.etc == doctest::Approx(7000));
    CHECK(*ev.vac == doctest::Approx(-2000));
    CHECK(*ev.eac_cpi_spi == doctest::Approx(3000 + 5600 / (0.8 * 0.75)));
    CHECK(*ev.tcpi == doctest::Approx(5600.0 / 5000.0));
    // Earned schedule: a earns 800 a day, so 2,400 was planned by the end of day 3 of 5.
    CHECK(*ev.es == doctest::Approx(3.0));
    CHECK(*ev.at == doctest::Approx(4.0));
    CHECK(*ev.spi_t == doctest::Approx(0.75));
    CHECK(f.p().percent_complete == doctest::Approx(0.3));
    // The current plan: a now runs 6 days (its last two from Friday), so Ann costs 4,800.
    CHECK(f.p().planned_cost == doctest::Approx(8800));
    CHECK(*f.p().forecast_cost == doctest::Approx(10000));
}

TEST_CASE("actual cost: the project's status.actual_cost wins over the tasks' sum; none leaves CPI unknown") {
    const std::string tasks_ac =
        "  - {id: c, name: C, duration: 1d, depends: [b], actual_cost: 100}\n"
        "  - {id: d, name: D, duration: 1d, depends: [b], actual_cost: 250}\n";
    CHECK(*Fixture(project("", tasks_ac)).p().ev.ac == 350);
    CHECK(*Fixture(project("    actual_cost: 999\n", tasks_ac)).p().ev.ac == 999);
    Fixture none(project());
    CHECK_FALSE(none.p().ev.ac);
    CHECK_FALSE(none.p().ev.cpi);
    CHECK_FALSE(none.p().ev.eac_cpi);
    // The cost colour then comes from the current plan's cost against the budget: 8,800 of 20,000.
    CHECK(none.p().cost.rag == Rag::green);
    CHECK(*none.p().forecast_cost == doctest::Approx(8800));
}

TEST_CASE("without any cost, earned value counts planned working days") {
    Fixture f("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-05}\ntasks:\n"
              "  - {id: a, name: A, duration: 5d, progress: 60%, actual_start: 2027-03-01}\n"
              "  - {id: b, name: B, duration: 10d, depends: [a]}\n");
    const EarnedValue& ev = f.p().ev;
    CHECK_FALSE(ev.money);
    CHECK(ev.bac == doctest::Approx(15));
    CHECK(ev.pv == doctest::Approx(4));
    CHECK(ev.ev == doctest::Approx(3));
    CHECK(*ev.spi == doctest::Approx(0.75));
    CHECK(f.p().cost.rag == Rag::none);
}

TEST_CASE("RAG: defaults, then [rag] thresholds from pmo.toml") {
    Fixture f(project("    actual_cost: 3000\n"));
    // SPI 0.75 and CPI 0.8 are both below 0.90.
    CHECK(f.p().schedule.rag == Rag::red);
    CHECK(f.p().cost.rag == Rag::red);
    CHECK(f.p().risk.rag == Rag::green);
    CHECK(f.p().resources.rag == Rag::green);
    CHECK(f.p().overall == Rag::red);
    CHECK(f.p().schedule.reasons.front().find("SPI 0.75 is below 0.90") != std::string::npos);

    Fixture lenient(project("    actual_cost: 3000\n"),
                    "[rag]\nspi_green = 0.8\nspi_amber = 0.5\ncpi_green = 0.8\ncpi_amber = 0.5\n");
    CHECK(lenient.p().schedule.rag == Rag::amber);
    CHECK(lenient.p().cost.rag == Rag::green);
    CHECK(lenient.p().overall == Rag::amber);

    // A figure that rounds to its threshold is shown with the decimals that tell them apart.
    Fixture close(project("    actual_cost: 3000\n"), "[rag]\nspi_green = 0.751\nspi_amber = 0.5\n");
    CHECK(close.p().schedule.rag == Rag::amber);
    CHECK(close.p().schedule.reasons.front().find("SPI 0.750 is below 0.751") != std::string::npos);
}

TEST_CASE("RAG: a missed deadline is red; a high open risk without mitigation is amber") {
    Fixture missed("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  deadline: 2027-03-10\n  budget: 20000\n"
                   "  status: {date: 2027-03-01}\ntasks:\n"
                   "  - {id: a, name: A, duration: 10d, assign: [ann]}\n"
                   "risks:\n  - {id: r1, title: T, owner: ann, probability: 5, impact: 4, response: accept}\n");
    CHECK(missed.p().schedule.rag == Rag::red);
    CHECK(missed.p().schedule.reasons.front().find("after the deadline 2027-03-10") != std::string::npos);
    CHECK(missed.p().risk.rag == Rag::amber);
    CHECK(missed.p().risk.reasons.front().find("high risk 'r1'") != std::string::npos);
    // With a mitigation it is green again.
    Fixture mitigated("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  budget: 20000\n"
                      "  status: {date: 2027-03-01}\ntasks:\n  - {id: a, name: A, duration: 10d, assign: [ann]}\n"
                      "risks:\n  - {id: r1, title: T, owner: ann, probability: 5, impact: 4, response: mitigate,"
                      " mitigation: Do it}\n");
    CHECK(mitigated.p().risk.rag == Rag::green);
}

TEST_CASE("RAG: exposure against the budget, and skills nobody has") {
    // A risk of 90% x 3,000 = 2,700 EMV on a 20,000 budget is 13.5%: red.
    Fixture f(project("", "  - {id: c, name: C, duration: 1d, depends: [b], skills: [cobol]}\n") +
              "risks:\n  - {id: r1, title: T, owner: ann, probability: 90%, impact: 2, cost_impact: 3000,"
              " response: mitigate, mitigation: M}\n");
    CHECK(f.p().risk.rag == Rag::red);
    CHECK(f.p().resources.rag == Rag::red);
    CHECK(f.p().resources.reasons.front() == "nobody in the pool has the skill 'cobol'");
}

TEST_CASE("the top issue is the most urgent open issue; finished and starting tasks by period") {
    Fixture f(project("", "issues:\n"
                          "  - {id: i1, title: Low one, priority: low}\n"
                          "  - {id: i2, title: Closed one, priority: critical, status: closed}\n"
                          "  - {id: i3, title: High one, priority: high}\n"));
    CHECK(f.p().top_issue == "i3: High one");
    // a's remaining two days are Friday 5 and Monday 8; b starts Tuesday 9, inside (5th, 12th].
    REQUIRE(f.p().starting.size() == 1);
    CHECK(f.loaded.portfolio.projects[0].tasks[static_cast<size_t>(f.p().starting[0])].id == "b");
    CHECK(f.p().last_from == *Date::parse("2027-02-26"));
    CHECK(f.p().next_to == *Date::parse("2027-03-12"));

    StatusOptions monthly;
    monthly.period = Period::month;
    Fixture g(project(), "", monthly);
    CHECK(g.p().last_from == *Date::parse("2027-02-05"));
    CHECK(g.p().next_to == *Date::parse("2027-04-05"));
}

TEST_CASE("milestone slip against the plan without progress, and the slip thresholds") {
    // a is 60% done on Friday: its last two days move to next week, and so does everything after.
    Fixture f(project("", "  - {id: m, name: M, milestone: true, depends: [b]}\n"));
    REQUIRE(f.p().milestones.size() == 1);
    const MilestoneStatus& m = f.p().milestones[0];
    REQUIRE(m.baseline);
    REQUIRE(m.slip);
    CHECK(*m.baseline == *Date::parse("2027-03-19"));
    CHECK(m.forecast == *Date::parse("2027-03-22"));
    CHECK(*m.slip == 1);
    Fixture amber(project("", "  - {id: m, name: M, milestone: true, depends: [b]}\n"),
                  "[rag]\nspi_amber = 0\nspi_green = 0\nslip_amber = 0\nslip_red = 1\n");
    CHECK(amber.p().schedule.rag == Rag::amber);
    Fixture red(project("", "  - {id: m, name: M, milestone: true, depends: [b]}\n"),
                "[rag]\nspi_amber = 0\nspi_green = 0\nslip_amber = 0\nslip_red = 0\n");
    CHECK(red.p().schedule.rag == Rag::red);
}

TEST_CASE("earned schedule: actual time stops when all the work is done") {
    // a: 5 days of Ann planned Mon 1 .. Fri 5 March, done on time; the status date is 26 March.
    const std::string on_time =
        "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-26}\ntasks:\n"
        "  - {id: a, name: A, duration: 5d, assign: [ann], progress: 100%, actual_start: 2027-03-01,"
        " actual_finish: 2027-03-05}\n";
    Fixture f(on_time);
    REQUIRE(f.p().ev.spi_t);
    CHECK(f.p().ev.finished);
    CHECK(*f.p().ev.es == doctest::Approx(5.0));
    CHECK(*f.p().ev.at == doctest::Approx(5.0));
    CHECK(*f.p().ev.spi_t == doctest::Approx(1.0));
    // Finished a week late: 5 days earned in 10, and it stays 0.5 however late the report.
    std::string late = on_time;
    late.replace(late.find("actual_finish: 2027-03-05"), 25, "actual_finish: 2027-03-12");
    Fixture g(late);
    CHECK(g.p().ev.finished);
    CHECK(*g.p().ev.at == doctest::Approx(10.0));
    CHECK(*g.p().ev.spi_t == doctest::Approx(0.5));
    // Not finished: actual time runs to the status date (19 working days before 26 March).
    std::string open = on_time;
    open.replace(open.find("progress: 100%"), 14, "progress: 60%");
    open.replace(open.find(", actual_finish: 2027-03-05"), 27, "");
    Fixture h(open);
    CHECK_FALSE(h.p().ev.finished);
    CHECK(*h.p().ev.at == doctest::Approx(19.0));
    CHECK(*h.p().ev.spi_t == doctest::Approx(3.0 / 19.0));
}

TEST_CASE("people are named as the pool names them; free text stays as written") {
    // Bob books 150% on one day: the reason names him, not his id.
    Fixture f("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  manager: ann\n  status: {date: 2027-03-05}\n"
              "tasks:\n  - {id: a, name: A, duration: 2d, assign: [bob], progress: 50%, actual_start: 2027-03-04}\n"
              "  - {id: b, name: B, duration: 2d, assign: [{resource: bob, units: 50%}], progress: 50%,"
              " actual_start: 2027-03-04}\n");
    const Portfolio& pf = f.loaded.portfolio;
    CHECK(pf.person("ann") == "Ann");
    CHECK(pf.person("Dana Whitfield (CFO)") == "Dana Whitfield (CFO)");
    REQUIRE_FALSE(f.p().resources.reasons.empty());
    CHECK(f.p().resources.reasons.front() ==
          "Bob is booked above 100% by work already fixed: 150% from 2027-03-04 to 2027-03-05");
}

TEST_CASE("a plan measured against itself is on plan: SV 0, SPI 1, SPI(t) 1, no slip") {
    // a is 60% done on Friday, its remaining two days run Friday and Monday; c is finished; d
    // waits for b. An even spread of a's value over its six days would plan 4/6 of it by Friday.
    const std::string files = project("    actual_cost: 3000\n",
                                      "  - {id: c, name: C, duration: 2d, assign: [bob], progress: 100%,"
                                      " actual_start: 2027-03-01, actual_finish: 2027-03-02}\n"
                                      "  - {id: d, name: D, duration: 3d, assign: [ann], depends: [b], cost: 5000}\n"
                                      "  - {id: m, name: M, milestone: true, depends: [d]}\n");
    std::map<std::string, std::string> in = {{"pool.yaml", kPool}, {"p.yaml", files}};
    pmo::test::MemorySource src(in);
    const LoadResult loaded = load_portfolio(src, LoadOptions{.threads = 1, .progress = {}});
    REQUIRE(loaded.usable());
    const Plan plan = make_plan(loaded.portfolio, {});
    BaselineComparison cmp = compare_baseline(loaded.portfolio, plan, loaded.portfolio, plan);
    const PortfolioStatus s = portfolio_status(loaded.portfolio, plan, Pmb{&loaded.portfolio, &plan}, &cmp, {});
    const ProjectStatus& p = s.projects[0];
    CHECK(p.ev.ev > 0);
    CHECK(p.ev.sv == 0);
    REQUIRE(p.ev.spi);
    CHECK(*p.ev.spi == 1.0);
    REQUIRE(p.ev.spi_t);
    CHECK(*p.ev.spi_t == 1.0);
    CHECK(p.schedule.rag == Rag::green);
    for (const MilestoneStatus& m : p.milestones) CHECK(m.slip == 0);
}

TEST_CASE("resources RAG counts over-allocations from the status date on, each window with start, end, peak") {
    // Bob was double booked on 1-2 March (both tasks finished) and is again from 8 March (both
    // started); the status date is 8 March.
    Fixture f("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-08}\ntasks:\n"
              "  - {id: a, name: A, duration: 2d, assign: [bob], progress: 100%, actual_start: 2027-03-01,"
              " actual_finish: 2027-03-02}\n"
              "  - {id: b, name: B, duration: 2d, assign: [bob], progress: 100%, actual_start: 2027-03-01,"
              " actual_finish: 2027-03-02}\n"
              "  - {id: c, name: C, duration: 4d, assign: [bob], progress: 50%, actual_start: 2027-03-08}\n"
              "  - {id: d, name: D, duration: 4d, assign: [{resource: bob, units: 50%}], progress: 25%,"
              " actual_start: 2027-03-08}\n");
    REQUIRE(f.plan.overallocations.size() == 2);  // the plan still reports both
    REQUIRE(f.p().hot_spots.size() == 1);
    const HotSpot& h = f.p().hot_spots[0];
    REQUIRE(h.overallocated.size() == 1);  // the report counts only the one not over yet
    CHECK(h.overallocated[0].from == *Date::parse("2027-03-08"));
    CHECK(h.overallocated[0].to == *Date::parse("2027-03-09"));  // c's last remaining day
    CHECK(h.overallocated[0].peak_units == doctest::Approx(1.5));
    CHECK(f.p().resources.rag == Rag::red);
    REQUIRE(f.p().resources.reasons.size() == 1);
    CHECK(f.p().resources.reasons[0] == "Bob is booked above 100% by work already fixed: 150% from 2027-03-08 to 2027-03-09");
    REQUIRE(f.status.hot_spots.size() == 1);
    CHECK(f.status.hot_spots[0].overallocated == h.overallocated);

    // Only the history: green.
    Fixture g("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-08}\ntasks:\n"
              "  - {id: a, name: A, duration: 2d, assign: [bob], progress: 100%, actual_start: 2027-03-01,"
              " actual_finish: 2027-03-02}\n"
              "  - {id: b, name: B, duration: 2d, assign: [bob], progress: 100%, actual_start: 2027-03-01,"
              " actual_finish: 2027-03-02}\n");
    CHECK(g.p().resources.rag == Rag::green);
    CHECK(g.p().hot_spots.empty());
}

TEST_CASE("the person named for waiting is the one on the chain that moves the finish") {
    // Ann's two 10-day tasks run one after the other: that moves the finish by 10 days. Bob's three
    // 6-day tasks wait longer (12 days) but finish before Ann's: Bob does not move the finish.
    Fixture f("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  status: {date: 2027-03-01}\ntasks:\n"
              "  - {id: e, name: E, duration: 10d, assign: [ann]}\n"
              "  - {id: g, name: G, duration: 10d, assign: [ann]}\n"
              "  - {id: k, name: K, duration: 6d, assign: [bob]}\n"
              "  - {id: l, name: L, duration: 6d, assign: [bob]}\n"
              "  - {id: m, name: M, duration: 6d, assign: [bob]}\n");
    REQUIRE(f.p().hot_spots.size() == 2);
    CHECK(f.p().hot_spots[0].delay_days == 12);  // Bob waits longest
    CHECK(f.p().resources.rag == Rag::amber);
    REQUIRE(f.p().resources.reasons.size() == 1);
    CHECK(f.p().resources.reasons[0] == "waiting for people moves the finish by 10 working days (most: Ann)");
}

TEST_CASE("cost RAG: below [rag] cpi_min_complete the forecast is actual plus remaining planned, never CPI") {
    // a: 10 days of Ann (8,000), 1 day done by Tuesday, and 3,000 spent on it; v: a vendor's
    // fixed price of 100,000 after a. 1,000 of 108,000 earned: under 1% complete, CPI 0.33.
    const std::string files =
        "project:\n  id: p\n  name: P\n  start: 2027-03-01\n  budget: 115000\n"
        "  status: {date: 2027-03-02, actual_cost: 3000}\ntasks:\n"
        "  - {id: a, name: A, duration: 10d, assign: [ann], progress: 10%, actual_start: 2027-03-01}\n"
        "  - {id: v, name: V, duration: 5d, depends: [a], cost: 100000}\n";
    Fixture f(files);
    const ProjectStatus& p = f.p();
    REQUIRE(p.ev.cpi);
    CHECK(*p.ev.cpi == doctest::Approx(800.0 / 3000));
    CHECK(p.percent_complete < 0.2);
    // CPI never scales the fixed price: EAC = 3,000 + 7,200 / CPI + 100,000 = 130,000.
    REQUIRE(p.ev.eac_cpi);
    CHECK(*p.ev.eac_cpi == doctest::Approx(3000 + 7200 / (800.0 / 3000) + 100000));
    // The forecast: 3,000 spent, a's remaining 9 days from Tuesday (7,200) and the vendor.
    REQUIRE(p.forecast_cost);
    CHECK(*p.forecast_cost == doctest::Approx(3000 + 7200 + 100000));
    CHECK(p.cost.rag == Rag::green);  // 110,200 of 115,000
    REQUIRE(p.cost.reasons.size() == 1);
    CHECK(p.cost.reasons[0] ==
          "forecast cost (actual plus remaining planned) 110,200 EUR is 96% of the budget 115,000 EUR");
    REQUIRE(p.cost.notes.size() == 1);
    CHECK(p.cost.notes[0].find("CPI 0.27 at 1% complete, too early to tell") == 0);

    // From [rag] cpi_min_complete on, CPI judges: red.
    Fixture g(files, "[rag]\ncpi_min_complete = 0\n");
    CHECK(g.p().cost.rag == Rag::red);
    CHECK(*g.p().forecast_cost == doctest::Approx(*g.p().ev.eac_cpi));
}

TEST_CASE("a reason list names only what made the colour; a milestone's deadline is its own") {
    // SPI 0.75 (red) while the forecast meets the deadline: that is no reason for red.
    Fixture g("project:\n  id: p\n  name: P\n  start: 2027-03-01\n  deadline: 2027-12-31\n  budget: 20000\n"
              "  status:\n    date: 2027-03-05\ntasks:\n"
              "  - {id: a, name: A, duration: 5d, assign: [ann], progress: 20%, actual_start: 2027-03-01}\n"
              "  - {id: b, name: B, duration: 10d, assign: [bob], depends: [a]}\n"
              "  - {id: m, name: M, milestone: true, depends: [b]}\n"
              "  - {id: n, name: N, milestone: true, depends: [b], finish_no_later_than: 2027-04-30}\n");
    const ProjectStatus& p = g.p();
    CHECK(p.schedule.rag == Rag::red);
    for (const std::string& r : p.schedule.reasons) CHECK(r.find("meets the deadline") == std::string::npos);
    REQUIRE(p.milestones.size() == 2);
    CHECK_FALSE(p.milestones[0].deadline);  // not the project's deadline repeated
    REQUIRE(p.milestones[1].deadline);
    CHECK(*p.milestones[1].deadline == *Date::parse("2027-04-30"));
}

TEST_CASE("the S-curve: planned value at each working day of the baseline") {
    Fixture f(project());
    const EarnedValue& ev = f.p().ev;
    const auto& c = ev.pv_curve;
    // a: Mon 03-01 .. Fri 03-05, b: Mon 03-08 .. Fri 03-19; a day per point.
    REQUIRE(c.size() >= 15);
    CHECK(c.front().first == *Date::parse("2027-03-01"));
    CHECK(c.front().second == 0);
    CHECK(c.back().second == doctest::Approx(ev.bac));
    bool at_status = false;
    for (size_t i = 0; i < c.size(); ++i) {
        if (i > 0) {
            CHECK(c[i].first > c[i - 1].first);
            CHECK(c[i].second >= c[i - 1].second - 1e-9);
        }
        if (c[i].first == f.p().status_date) {
            at_status = true;
            CHECK(c[i].second == doctest::Approx(ev.pv));  // the PV of the status date is on the curve
        }
        CHECK(c[i].first.weekday() < 5);  // working days only
    }
    CHECK(at_status);
}
