#include <pmo/analyse/trend.hpp>

#include <doctest/doctest.h>

using namespace pmo;

namespace {

TrendPoint point(Rag rag, const char* finish) {
    TrendPoint t;
    TrendProject p;
    p.id = "p";
    p.overall = rag;
    p.forecast_finish = *Date::parse(finish);
    t.projects.push_back(p);
    return t;
}

}  // namespace

TEST_CASE("trend direction: the overall colour first, then the forecast finish") {
    Trend t;
    CHECK(trend_direction(t, "p") == Direction::unknown);
    t.points = {point(Rag::amber, "2027-05-01"), point(Rag::green, "2027-06-01")};
    CHECK(trend_direction(t, "p") == Direction::better);  // greener, though later
    t.points = {point(Rag::green, "2027-05-01"), point(Rag::red, "2027-04-01")};
    CHECK(trend_direction(t, "p") == Direction::worse);
    t.points = {point(Rag::amber, "2027-05-01"), point(Rag::amber, "2027-05-03")};
    CHECK(trend_direction(t, "p") == Direction::worse);
    t.points = {point(Rag::amber, "2027-05-03"), point(Rag::amber, "2027-05-01")};
    CHECK(trend_direction(t, "p") == Direction::better);
    t.points = {point(Rag::none, "2027-05-01"), point(Rag::red, "2027-05-01")};
    CHECK(trend_direction(t, "p") == Direction::same);  // no colour then: by the finish only
    CHECK(trend_direction(t, "q") == Direction::unknown);
}
