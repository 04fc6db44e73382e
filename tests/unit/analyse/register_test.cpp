#include "../support.hpp"

#include <pmo/analyse/governance.hpp>
#include <pmo/analyse/register.hpp>
#include <pmo/schedule/plan.hpp>
#include <pmo/render/register.hpp>

#include <doctest/doctest.h>

using namespace pmo;

namespace {
const std::string kRegisters = R"(
changes:
  - {id: cr-1, title: Scope, owner: pat, status: approved, decided: 2027-03-02}
  - {id: cr-2, title: More scope, owner: Sam}
issues:
  - {id: i-1, title: Late vendor, owner: pat, due: 2027-03-09}
  - {id: i-2, title: Old, owner: pat, status: resolved, due: 2027-03-01}
  - {id: i-3, title: Due today, owner: pat, status: in-progress, due: 2027-03-10}
gates:
  - {id: g-1, name: Design review, date: 2027-03-08}
lessons:
  - {id: l-1, title: Book the Vendor early, category: Vendor, description: "Six weeks, not two."}
  - {id: l-2, title: Test data, category: quality}
)";

const std::string kStatus = "  status:\n    date: 2027-03-10\n";

std::vector<std::string> ids(const Portfolio& pf, const RegisterFilter& f) {
    std::vector<std::string> v;
    for (const RegisterRow& r : list_registers(pf, f).rows) {
        const Record& rec = pf.projects[static_cast<size_t>(r.project)].records[static_cast<size_t>(r.record)];
        v.push_back(rec.id + (r.overdue ? "!" : "") + (r.since.empty() ? "" : ":" + r.since));
    }
    return v;
}

RegisterFilter all() {
    RegisterFilter f;
    f.kinds.assign(register_kinds().begin(), register_kinds().end());
    return f;
}
}  // namespace

TEST_CASE("registers are listed by register, then as written; overdue at the status date") {
    const LoadResult r = test::load({{"projects/demo.yaml", test::project("", kStatus) + kRegisters}});
    REQUIRE(r.usable());
    CHECK(ids(r.portfolio, all()) == std::vector<std::string>{"cr-1", "cr-2", "i-1!", "i-2", "i-3", "g-1!", "l-1", "l-2"});
    RegisterFilter f = all();
    f.overdue = true;
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"i-1!", "g-1!"});
    f.as_of = Date::parse("2027-03-11");
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"i-1!", "i-3!", "g-1!"});
}

TEST_CASE("a status filter counts the register's default status") {
    const LoadResult r = test::load({{"projects/demo.yaml", test::project("", kStatus) + kRegisters}});
    RegisterFilter f = all();
    f.statuses = {"proposed", "open", "pending"};
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"cr-2", "i-1!", "g-1!"});
}

TEST_CASE("lesson search: category and text without regard to case") {
    const LoadResult r = test::load({{"projects/demo.yaml", test::project("", kStatus) + kRegisters}});
    RegisterFilter f = all();
    f.category = "VENDOR";
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"l-1"});
    f.category.clear();
    f.text = "six WEEKS";
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"l-1"});
    f.text = "design";
    CHECK(ids(r.portfolio, f) == std::vector<std::string>{"g-1!"});
    CHECK(contains_ignoring_case("Book the Vendor", "vendor"));
    CHECK(!contains_ignoring_case("ven", "vendor"));
}

TEST_CASE("since: entries added or changed, whatever moved in the file") {
    const LoadResult then = test::load({{"projects/demo.yaml", test::project("", kStatus) + kRegisters}});
    std::string now_text = test::project("", kStatus) + "\n# a comment moves every line\n" + kRegisters;
    now_text.replace(now_text.find("category: quality"), 17, "category: testing");
    now_text += "decisions:\n  - {id: d-1, title: Go, owner: pat}\n";
    const LoadResult now = test::load({{"projects/demo.yaml", now_text}});
    RegisterFilter f = all();
    f.since = &then.portfolio;
    CHECK(ids(now.portfolio, f) == std::vector<std::string>{"d-1:added", "l-2:changed"});
}

TEST_CASE("register CSV: RFC 4180 quoting and the fields of the register") {
    const LoadResult r = test::load({{"projects/demo.yaml", test::project("", kStatus) +
                                                                "lessons:\n  - {id: l-1, title: 'Say \"no\", early', category: x}\n"}});
    RegisterFilter f;
    f.kinds = {"lessons"};
    const RegisterListing l = list_registers(r.portfolio, f);
    std::ostringstream s;
    render_register_csv(s, RegisterView{r.portfolio, l, "", "", false});
    CHECK(s.str() == "project,register,id,title,owner,date,category,description,overdue\r\n"
                     "demo,lessons,l-1,\"Say \"\"no\"\", early\",,,x,,false\r\n");
}

TEST_CASE("communication dates: every 7 or 14 days, or the same day of every month or quarter") {
    auto d = [](const char* s) { return *Date::parse(s); };
    auto iso = [](const std::vector<Date>& v) {
        std::vector<std::string> s;
        for (Date x : v) s.push_back(x.iso());
        return s;
    };
    using V = std::vector<std::string>;
    CHECK(iso(communication_dates("weekly", d("2027-01-08"), d("2027-03-05"), d("2027-03-19"))) == V{"2027-03-12", "2027-03-19"});
    // Due on the status date itself is the last period's, not the next one's.
    CHECK(iso(communication_dates("biweekly", d("2027-01-08"), d("2027-03-05"), d("2027-03-12"))).empty());
    CHECK(iso(communication_dates("biweekly", d("2027-01-08"), d("2027-03-04"), d("2027-03-12"))) == V{"2027-03-05"});
    CHECK(iso(communication_dates("monthly", d("2027-01-31"), d("2027-02-01"), d("2027-04-30"))) ==
          V{"2027-02-28", "2027-03-31", "2027-04-30"});
    CHECK(iso(communication_dates("quarterly", d("2026-11-15"), d("2027-01-01"), d("2027-06-30"))) == V{"2027-02-15", "2027-05-15"});
    // Not yet started: the first one is `since`.
    CHECK(iso(communication_dates("weekly", d("2027-04-01"), d("2027-03-05"), d("2027-04-08"))) == V{"2027-04-01", "2027-04-08"});
    CHECK(communication_dates("daily", d("2027-01-01"), d("2027-01-01"), d("2027-12-31")).empty());
}

TEST_CASE("the report's registers: decided last period, approved to date, issues overdue first, roll-ups") {
    const std::string text = test::project("tasks:\n  - {id: a, name: A, duration: 20d}\n",
                                           "  budget: 100000\n  phase: closing\n" + kStatus) +
                             R"(changes:
  - {id: c1, title: Old, owner: pat, status: approved, decided: 2027-02-01, cost_impact: 5000, schedule_impact: 1w}
  - {id: c2, title: New, owner: pat, status: implemented, decided: 2027-03-08, cost_impact: 1000, schedule_impact: 2d}
  - {id: c3, title: Waiting, owner: pat, raised: 2027-02-28}
  - {id: c4, title: No, owner: pat, status: rejected, decided: 2027-03-09, cost_impact: 9000}
issues:
  - {id: i1, title: Low but late, priority: low, due: 2027-03-01}
  - {id: i2, title: Critical, priority: critical, due: 2027-03-20}
  - {id: i3, title: High, priority: high}
  - {id: i4, title: Closed, priority: critical, status: closed}
actions:
  - {id: a1, title: Minutes, owner: pat, due: 2027-03-02}
gates:
  - {id: g1, name: Review, date: 2027-03-15}
stakeholders:
  - {id: s1, name: CFO, engagement: neutral, desired: leading, communication: {channel: mail, cadence: weekly, since: 2027-03-01}}
lessons:
  - {id: l1, title: Start earlier}
)";
    const LoadResult r = test::load({{"projects/demo.yaml", text}});
    REQUIRE(r.usable());
    const Plan plan = make_plan(r.portfolio);
    Portfolio stripped;
    const Plan pmb_plan = plan_without_progress(r.portfolio, {}, stripped);
    const PortfolioStatus st = portfolio_status(r.portfolio, plan, Pmb{&stripped, &pmb_plan}, nullptr, {});
    const GovernanceStatus g = governance_status(r.portfolio, st);
    const Project& p = r.portfolio.projects[0];
    auto ids = [&](const std::vector<int32_t>& v) {
        std::vector<std::string> s;
        for (int32_t i : v) s.push_back(p.records[static_cast<size_t>(i)].id);
        return s;
    };
    using V = std::vector<std::string>;
    REQUIRE(g.projects.size() == 1);
    const ProjectGovernance& pg = g.projects[0];
    CHECK(ids(pg.changes_decided) == V{"c2", "c4"});
    CHECK(pg.approved_changes == 2);
    CHECK(pg.approved_cost == 6000);
    CHECK(pg.approved_days == 7);
    CHECK(ids(pg.open_issues) == V{"i1", "i2", "i3"});
    CHECK(ids(pg.overdue_issues) == V{"i1"});
    REQUIRE(pg.communications.size() == 1);
    CHECK(pg.communications[0].second.iso() == "2027-03-15");
    REQUIRE(g.awaiting.size() == 1);
    CHECK(g.awaiting[0].days == 10);
    REQUIRE(g.overdue.size() == 2);
    CHECK(p.records[static_cast<size_t>(g.overdue[0].record)].id == "i1");
    CHECK(g.overdue[0].days == 9);
    CHECK(p.records[static_cast<size_t>(g.overdue[1].record)].id == "a1");
    REQUIRE(g.gates_next.size() == 1);
    CHECK(g.gates_next[0].date.iso() == "2027-03-15");
    CHECK(g.lessons.size() == 1);
}
