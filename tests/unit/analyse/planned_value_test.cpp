#include <pmo/analyse/planned_value.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace pmo;

namespace {
/// The planned value by `x`, summed piece by piece: what the curve must agree with.
double by_hand(const std::vector<PlannedValueCurve::Piece>& pieces, double x, bool inclusive) {
    double sum = 0;
    for (const auto& [a, b, v] : pieces)
        sum += a < b ? v * std::clamp((x - a) / (b - a), 0.0, 1.0) : (a < x || (inclusive && a <= x) ? v : 0.0);
    return sum;
}
}  // namespace

TEST_CASE("planned value: spans rise evenly, instants step, nothing before or after") {
    const std::vector<PlannedValueCurve::Piece> p{{0, 10, 100}, {5, 5, 40}, {5, 15, 50}};
    const PlannedValueCurve c(p);
    CHECK(c.knots() == std::vector<double>{0, 5, 10, 15});
    CHECK(c.at(-1) == 0);
    CHECK(c.at(0) == 0);
    CHECK(c.at(2.5) == doctest::Approx(25));
    CHECK(c.at(5, false) == doctest::Approx(50));
    CHECK(c.at(5) == doctest::Approx(90));
    CHECK(c.before(1) == doctest::Approx(50));
    CHECK(c.after(1) == doctest::Approx(90));
    CHECK(c.at(10) == doctest::Approx(165));
    CHECK(c.at(15) == doctest::Approx(190));
    CHECK(c.at(1e6) == doctest::Approx(190));
    CHECK(PlannedValueCurve({}).empty());
    CHECK(PlannedValueCurve({}).at(3) == 0);
}

TEST_CASE("planned value: the sweep agrees with the sum piece by piece on random plans") {
    std::mt19937 rng(20261203);
    for (int round = 0; round < 200; ++round) {
        std::vector<PlannedValueCurve::Piece> p;
        const int n = std::uniform_int_distribution<int>(1, 60)(rng);
        double total = 0;
        for (int i = 0; i < n; ++i) {
            const double from = std::uniform_int_distribution<int>(-20, 300)(rng) + (rng() % 2 ? 0.5 : 0.0);
            const double len = rng() % 4 == 0 ? 0 : std::uniform_int_distribution<int>(1, 80)(rng);
            const double value = std::uniform_real_distribution<double>(0.01, 50000)(rng);
            p.push_back({from, from + len, value});
            total += value;
        }
        const PlannedValueCurve c(p);
        const auto& k = c.knots();
        REQUIRE(std::is_sorted(k.begin(), k.end()));
        for (size_t i = 0; i < k.size(); ++i) {
            CHECK(c.before(i) == doctest::Approx(by_hand(p, k[i], false)).epsilon(1e-12).scale(total));
            CHECK(c.after(i) == doctest::Approx(by_hand(p, k[i], true)).epsilon(1e-12).scale(total));
        }
        for (int q = 0; q < 50; ++q) {
            const double x = std::uniform_real_distribution<double>(-30, 400)(rng);
            CHECK(c.at(x) == doctest::Approx(by_hand(p, x, true)).epsilon(1e-12).scale(total));
        }
    }
}
