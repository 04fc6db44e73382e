#pragma once

// Pseudo-random numbers for the scheduler: seeded from the options only, never from the
// clock, so the same files always give the same plan and the same simulation.

#include <cstdint>

namespace pmo::sched {

/// xorshift64*: the levelling's improvement passes (PlanOptions::seed).
class XorShift64 {
public:
    explicit XorShift64(uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 1) {}
    /// Uniform in [0, 1).
    double uniform() {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return static_cast<double>((m_state * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
    }

private:
    uint64_t m_state;
};

/// xoshiro256** seeded by splitmix64: Monte Carlo, one stream per block of iterations.
class Xoshiro256 {
public:
    explicit Xoshiro256(uint64_t seed);
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    /// Standard normal (Marsaglia's polar method).
    double normal();
    /// Gamma with shape k >= 1 and scale 1 (Marsaglia and Tsang).
    double gamma(double k);

private:
    uint64_t next() {
        const uint64_t r = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return r;
    }
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

}  // namespace pmo::sched
