#include "../support.hpp"

#include <pmo/schedule/plan.hpp>
#include <pmo/schedule/work_calendar.hpp>

#include <doctest/doctest.h>

using namespace pmo;

namespace {

Calendar weekdays_with_holiday() {
    Calendar c;
    c.week = {true, true, true, true, true, false, false};
    c.hpd = 8;
    c.all_holidays = {Date::from_ymd(2027, 3, 10), Date::from_ymd(2031, 1, 1)};
    return c;
}

}  // namespace

TEST_CASE("a const calendar gives the extending calendar's values without growing") {
    const Calendar cal = weekdays_with_holiday();
    const Date epoch = Date::from_ymd(2027, 3, 1);
    WorkCalendar grown(cal, epoch);
    WorkCalendar small(cal, epoch);
    small.reserve_until(epoch + 20);
    const WorkCalendar& view = small;
    const size_t known = view.known_days();
    for (int32_t k = -5; k < 2000; k += 7) {
        CAPTURE(k);
        CHECK(view.index(epoch + k) == grown.index(epoch + k));
    }
    for (int32_t i = -3; i < 1500; i += 11) {
        CAPTURE(i);
        CHECK(view.date(i) == grown.date(i));
    }
    CHECK(view.known_days() == known);  // nothing was stored
    CHECK(view.index(Date::from_ymd(2027, 3, 11)) == 7);  // the 10th is a holiday
    CHECK(view.date(7).iso() == "2027-03-11");
}

TEST_CASE("const and extending lookups fail alike past 9999-12-31") {
    const Calendar cal = weekdays_with_holiday();
    const Date epoch = Date::from_ymd(9999, 11, 1);
    const Date last = Date::from_ymd(9999, 12, 31);
    const std::string message = "the schedule runs past 9999-12-31; is a duration, effort or lag far too large?";
    for (int32_t i = 0; i < 50; ++i) {
        CAPTURE(i);
        WorkCalendar grown(cal, epoch);
        const WorkCalendar fresh(cal, epoch);
        bool grown_threw = false, const_threw = false;
        Date a, b;
        try {
            a = grown.date(i);
        } catch (const Error& e) {
            grown_threw = true;
            CHECK(std::string(e.what()) == message);
        }
        try {
            b = fresh.date(i);
        } catch (const Error& e) {
            const_threw = true;
            CHECK(std::string(e.what()) == message);
        }
        CHECK(grown_threw == const_threw);
        if (!grown_threw) CHECK(a == b);
    }
    const WorkCalendar fresh(cal, epoch);
    CHECK(fresh.index(last) > 0);
    CHECK_THROWS_WITH_AS(fresh.index(last + 1), message.c_str(), Error);
}

TEST_CASE("a plan owns its calendars: reading a const plan never changes it") {
    LoadResult r = pmo::test::load(
        {{"p.yaml", "project: {id: p, name: P, start: 2027-03-01, status: {date: 2027-03-01}}\n"
                    "tasks:\n  - {id: a, name: A, duration: 5d}\n"}});
    REQUIRE(r.usable());
    const Plan plan = make_plan(r.portfolio);
    const WorkCalendar& wc = plan.calendar(0);
    const size_t known = wc.known_days();
    CHECK(known >= 31);  // extended once, past the plan's last day
    CHECK(wc.index(Date::from_ymd(2040, 1, 1)) > 0);
    CHECK(wc.date(5000) > Date::from_ymd(2040, 1, 1));
    CHECK(wc.known_days() == known);
}
