#include "../support.hpp"

#include <pmo/analyse/register.hpp>
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
