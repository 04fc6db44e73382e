#include "../support.hpp"

#include <pmo/load/ical.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::load;

namespace {

std::string ics(const std::string& events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pmo//test//EN\r\n" + events + "END:VCALENDAR\r\n";
}

std::string event(const std::string& body) { return "BEGIN:VEVENT\r\nUID:" + std::to_string(body.size()) + "@t\r\n" + body + "END:VEVENT\r\n"; }

Date d(const char* s) { return *Date::parse(s); }

std::string days(const IcalHolidays& h) {
    std::string s;
    for (const Holiday& x : h.holidays) s += x.date.iso() + " " + x.name + "\n";
    return s;
}

const HolidayWindow k2027{d("2027-01-01"), d("2028-12-31")};

}  // namespace

TEST_CASE("iCalendar: all-day events are holidays, with their names") {
    const auto h = read_ical_holidays(ics(event("DTSTART;VALUE=DATE:20270501\r\nSUMMARY:Labour Day\r\n") +
                                          event("DTSTART;VALUE=DATE:20271224\r\nDTEND;VALUE=DATE:20271227\r\nSUMMARY:Christmas\r\n") +
                                          event("DTSTART:20270301T090000Z\r\nDTEND:20270301T100000Z\r\nSUMMARY:Team meeting\r\n") +
                                          event("DTSTART;VALUE=DATE:20270601\r\nSTATUS:CANCELLED\r\nSUMMARY:Called off\r\n")),
                                      k2027);
    CHECK(h.error.empty());
    CHECK(days(h) == "2027-05-01 Labour Day\n2027-12-24 Christmas\n2027-12-25 Christmas\n2027-12-26 Christmas\n");
    CHECK(h.timed == 1);
    CHECK(h.first_timed == "'Team meeting' 2027-03-01");
}

TEST_CASE("iCalendar: recurring events are expanded over the window, less their exceptions") {
    const auto h = read_ical_holidays(
        ics(event("DTSTART;VALUE=DATE:20200501\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Labour Day\r\n") +
            event("DTSTART;VALUE=DATE:20261003\r\nRRULE:FREQ=YEARLY;COUNT=2\r\nSUMMARY:Unity Day\r\n") +
            event("DTSTART;VALUE=DATE:20270104\r\nRRULE:FREQ=YEARLY\r\nEXDATE;VALUE=DATE:20280104\r\nRDATE;VALUE=DATE:20280105\r\n"
                  "SUMMARY:Founders\r\n")),
        k2027);
    CHECK(h.error.empty());
    CHECK(days(h) == "2027-01-04 Founders\n2027-05-01 Labour Day\n2027-10-03 Unity Day\n2028-01-05 Founders\n"
                     "2028-05-01 Labour Day\n");
}

TEST_CASE("iCalendar: what is not iCalendar says so") {
    CHECK(read_ical_holidays("hello", k2027).error == "not iCalendar (no BEGIN:VCALENDAR ... END:VCALENDAR)");
    CHECK(read_ical_holidays("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270501\r\nEND:VEVENT\r\n", k2027).error ==
          "not iCalendar: it holds a VEVENT, not a VCALENDAR");
    // An endless daily rule cannot run away.
    const auto daily = read_ical_holidays(ics(event("DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:x\r\n")),
                                          HolidayWindow{d("1900-01-01"), d("9999-12-31")});
    CHECK(daily.holidays.size() == 20000);
}

TEST_CASE("a calendar's holidays_from joins its holidays, and its base's") {
    const std::string file = ics(event("DTSTART;VALUE=DATE:20261003\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:German Unity Day\r\n"));
    auto r = load({{"pool.yaml", "calendars:\n  default:\n    holidays: [2027-01-01]\n  berlin:\n    base: default\n"
                                 "    holidays_from: holidays/de-be.ics\n"},
                   {"holidays/de-be.ics", file},
                   {"projects/a.yaml", pmo::test::project("tasks:\n  - {id: t, name: T, duration: 1d}\n")}});
    CHECK(r.usable());
    const Calendar* b = r.portfolio.find_calendar("berlin");
    REQUIRE(b);
    CHECK(std::count(b->all_holidays.begin(), b->all_holidays.end(), d("2027-10-03")) == 1);
    CHECK(std::count(b->all_holidays.begin(), b->all_holidays.end(), d("2027-01-01")) == 1);
    // The window: a year before the project starts to ten years after its last date.
    CHECK(b->all_holidays.front() == d("2026-10-03"));
    CHECK(b->all_holidays.back() == d("2037-10-03"));
    REQUIRE(!b->holidays.empty());
    CHECK(b->holidays.front().pos.line == 6);
    CHECK(b->holidays.front().name == "German Unity Day");

    auto missing = pmo::test::check_text({{"pool.yaml", "calendars:\n  berlin:\n    holidays_from: holidays/none.ics\n"}});
    CHECK(missing.find("pool.yaml:3:20: error: calendar 'berlin' holidays_from: cannot read 'holidays/none.ics': No such "
                       "file or directory [unknown-reference]") != std::string::npos);
    auto outside = pmo::test::check_text({{"pool.yaml", "calendars:\n  berlin:\n    holidays_from: ../x.ics\n"}});
    CHECK(outside.find("'../x.ics' is not a path inside the portfolio") != std::string::npos);
    auto garbage = pmo::test::check_text({{"pool.yaml", "calendars:\n  berlin:\n    holidays_from: h.ics\n"}, {"h.ics", "x"}});
    CHECK(garbage.find("'h.ics' is not iCalendar") != std::string::npos);
    auto meetings = pmo::test::check_text(
        {{"pool.yaml", "calendars:\n  berlin:\n    holidays_from: h.ics\n"},
         {"h.ics", ics(event("DTSTART:20270301T090000Z\r\nSUMMARY:Stand-up\r\nRRULE:FREQ=DAILY\r\n"))}});
    CHECK(meetings.find("'h.ics' has no all-day event, so no holiday: every event has a time of day (1 of them; the first: "
                        "'Stand-up' 2027-03-01)") != std::string::npos);
}
