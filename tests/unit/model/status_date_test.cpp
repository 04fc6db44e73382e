#include <pmo/model/portfolio.hpp>

#include <doctest/doctest.h>

using namespace pmo;

TEST_CASE("a project's status date: --as-of, else its status.date, else the today it is given") {
    Project p;
    const Date today = *Date::parse("2027-03-08");
    CHECK(status_date(p, std::nullopt, today) == today);
    p.status_date.set(*Date::parse("2027-03-01"), Pos{});
    CHECK(status_date(p, std::nullopt, today).iso() == "2027-03-01");
    CHECK(status_date(p, Date::parse("2027-02-15"), today).iso() == "2027-02-15");
}
