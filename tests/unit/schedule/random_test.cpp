#include <pmo/schedule/random.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace pmo::sched;

TEST_CASE("xoshiro256** seeded by splitmix64 gives the reference sequence") {
    // Reference values from an independent implementation of splitmix64 and xoshiro256**
    // (Blackman and Vigna), outputs >> 11 scaled by 2^-53.
    Xoshiro256 rng(1);
    CHECK(rng.uniform() == doctest::Approx(0.7029218331588505).epsilon(1e-15));
    CHECK(rng.uniform() == doctest::Approx(0.5204366199388569).epsilon(1e-15));
    CHECK(rng.uniform() == doctest::Approx(0.5741057000197225).epsilon(1e-15));
}

TEST_CASE("xorshift64* gives the reference sequence") {
    XorShift64 rng(1);
    CHECK(rng.uniform() == doctest::Approx(0.5014830908300653).epsilon(1e-15));
    CHECK(rng.uniform() == doctest::Approx(0.02366760553943681).epsilon(1e-15));
}

TEST_CASE("uniform numbers lie in [0, 1) with mean 1/2; normal and gamma have their means") {
    XorShift64 a(5);
    Xoshiro256 b(5);
    double sa = 0, sb = 0, sn = 0, sg = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform(), y = b.uniform();
        REQUIRE(x >= 0);
        REQUIRE(x < 1);
        REQUIRE(y >= 0);
        REQUIRE(y < 1);
        sa += x;
        sb += y;
        sn += b.normal();
        sg += b.gamma(3);
    }
    CHECK(sa / n == doctest::Approx(0.5).epsilon(0.01));
    CHECK(sb / n == doctest::Approx(0.5).epsilon(0.01));
    CHECK(std::fabs(sn / n) < 0.01);
    CHECK(sg / n == doctest::Approx(3).epsilon(0.01));  // gamma(k, 1) has mean k
}
