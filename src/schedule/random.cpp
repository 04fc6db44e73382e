#include <pmo/schedule/random.hpp>

#include <cmath>

namespace pmo::sched {

Xoshiro256::Xoshiro256(uint64_t seed) {
    for (uint64_t& x : m_s) {
        seed += 0x9E3779B97F4A7C15ull;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        x = z ^ (z >> 31);
    }
}

double Xoshiro256::normal() {
    for (;;) {
        const double u = 2 * uniform() - 1, v = 2 * uniform() - 1, s = u * u + v * v;
        if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
    }
}

double Xoshiro256::gamma(double k) {
    // PERT shapes are at least 1, so the k < 1 boost is not needed.
    const double d = k - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = normal();
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = uniform();
        if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
    }
}

}  // namespace pmo::sched
