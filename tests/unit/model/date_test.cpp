#include <pmo/model/date.hpp>
#include <pmo/model/duration.hpp>
#include <pmo/model/spell.hpp>

#include <doctest/doctest.h>

using namespace pmo;

TEST_CASE("dates parse strictly and print as ISO 8601") {
    CHECK(Date::parse("2027-03-01")->iso() == "2027-03-01");
    CHECK(Date::parse("2028-02-29").has_value());  // leap year
    CHECK_FALSE(Date::parse("2027-02-29").has_value());
    CHECK_FALSE(Date::parse("2027-02-30").has_value());
    CHECK_FALSE(Date::parse("2027-13-01").has_value());
    CHECK_FALSE(Date::parse("2027-3-1").has_value());
    CHECK_FALSE(Date::parse("2027-03-01T10:00").has_value());
    CHECK_FALSE(Date::parse("0000-01-01").has_value());
    CHECK(Date::parse("9999-12-31")->iso() == "9999-12-31");
    CHECK(looks_like_date("2027-02-30"));
    CHECK_FALSE(looks_like_date("soon"));
}

TEST_CASE("weekdays and arithmetic") {
    const Date mon = *Date::parse("2027-03-01");
    CHECK(mon.weekday() == 0);
    CHECK((mon + 6).weekday() == 6);
    CHECK((mon + 6).iso() == "2027-03-07");
    CHECK(*Date::parse("2027-03-01") - *Date::parse("2027-02-01") == 28);
    CHECK(Date::parse("1970-01-01")->days == 0);
    CHECK(Date::parse("1969-12-31")->days == -1);
    CHECK(Date::from_ymd(2000, 2, 29).iso() == "2000-02-29");
}

TEST_CASE("durations") {
    CHECK(parse_duration("5d")->value == 5);
    CHECK(parse_duration("2w")->unit == 'w');
    CHECK(parse_duration("-3d")->value == -3);
    CHECK(parse_duration("1.5d")->value == 1.5);
    CHECK_FALSE(parse_duration("5").has_value());
    CHECK_FALSE(parse_duration("d").has_value());
    CHECK_FALSE(parse_duration("five days").has_value());
    CHECK_FALSE(parse_duration("1e400d").has_value());
    CHECK_FALSE(parse_duration("nand").has_value());
    CHECK(Duration{2, 'w'}.days(5, 8) == 10);
    CHECK(Duration{2, 'w'}.days(7, 8) == 14);
    CHECK(Duration{16, 'h'}.days(5, 8) == 2);
    CHECK(Duration{17, 'h'}.days(5, 8) == 3);  // hours round up to whole days
    CHECK(Duration{12, 'h'}.days(5, 7.5) == 2);
    CHECK(Duration{1.2, 'd'}.days(5, 8) == 2);
    CHECK(Duration{5, 'd'}.str() == "5d");
}

TEST_CASE("percents") {
    CHECK(*parse_percent("40%") == doctest::Approx(0.4));
    CHECK(*parse_percent("0.4") == doctest::Approx(0.4));
    CHECK(*parse_percent("300%") == doctest::Approx(3.0));
    CHECK_FALSE(parse_percent("forty").has_value());
    CHECK_FALSE(parse_percent("%").has_value());
}

TEST_CASE("did you mean") {
    CHECK(suggest("dependson", {"depends", "duration", "effort"}) == "depends");
    CHECK(suggest("sponsr", {"sponsor", "start"}) == "sponsor");
    CHECK(suggest("xyz", {"depends", "duration"}).empty());
    CHECK(suggest("x", {"y"}).empty());
    CHECK(suggest("tt", {"t"}) == "t");
    CHECK(did_you_mean("chek", {"check", "plan"}) == " (did you mean 'check'?)");
    CHECK(edit_distance("ab", "ba") == 1);
}
