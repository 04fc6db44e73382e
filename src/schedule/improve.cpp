#include <pmo/schedule/improve.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pmo::sched {

int improvement_passes(const Network& net, int requested) {
    if (requested >= 0) return requested;
    const size_t n = net.size();
    // About 100,000 task placements for small plans (a PSPLIB instance gets ~1,000 passes), half
    // that for large ones, where each pass improves less and costs more.
    const size_t budget = n < 2000 ? 100000 : 50000;
    // A pass also books every finished or started task again: with years of actuals (a typo
    // like 4054 for 2027) that work, not the task count, is what a pass costs.
    size_t work = n;
    for (const Node& nv : net.nodes)
        if (nv.kind == Node::leaf && (nv.done || nv.started) && nv.dem_count)
            work += static_cast<size_t>(std::max(0, nv.fixed_f - nv.fixed_s)) * nv.dem_count;
    return static_cast<int>(std::clamp<size_t>(budget / std::max<size_t>(work, 1), 0, 1200));
}

void sampled_keys(const Times& lt, double spread, XorShift64& rng, std::vector<double>& key) {
    const double noise = (0.5 + 2.0 * rng.uniform()) * std::max(1.0, spread);
    for (size_t i = 0; i < key.size(); ++i) key[i] = (lt.s[i] >= kPos ? 1e9 : lt.s[i]) + noise * rng.uniform();
}

void Crossover::operator()(const std::vector<double>& mother, const std::vector<double>& father, size_t q1,
                           size_t q2, std::vector<double>& child) {
    const size_t n = mother.size();
    m_order_m.resize(n);
    m_order_f.resize(n);
    std::iota(m_order_m.begin(), m_order_m.end(), 0u);
    std::iota(m_order_f.begin(), m_order_f.end(), 0u);
    std::sort(m_order_m.begin(), m_order_m.end(), [&](uint32_t a, uint32_t b) { return mother[a] < mother[b]; });
    std::sort(m_order_f.begin(), m_order_f.end(), [&](uint32_t a, uint32_t b) { return father[a] < father[b]; });
    m_taken.assign(n, 0);
    child.assign(n, 0.0);
    size_t pos = 0, im = 0, jf = 0;
    auto take = [&](uint32_t v) {
        m_taken[v] = 1;
        child[v] = static_cast<double>(pos++);
    };
    for (; pos < q1 && im < n; ++im) take(m_order_m[im]);
    for (; pos < q2 && jf < n; ++jf)
        if (!m_taken[m_order_f[jf]]) take(m_order_f[jf]);
    for (im = 0; im < n; ++im)
        if (!m_taken[m_order_m[im]]) take(m_order_m[im]);
}

void mutate(std::vector<double>& key, XorShift64& rng) {
    const size_t n = key.size();
    for (uint32_t i = 0; i < n; ++i)
        if (rng.uniform() < 0.05) {
            const uint32_t j = static_cast<uint32_t>(rng.uniform() * static_cast<double>(n));
            if (std::fabs(key[i] - key[j]) < 3) std::swap(key[i], key[j]);
        }
}

void sample(Leveller& lev, const Times& lt, double spread, int passes, XorShift64& rng, Schedule& best) {
    std::vector<double> key(lev.network().size());
    for (int k = 0; k < passes; ++k) {
        sampled_keys(lt, spread, rng, key);
        Schedule cand;
        lev.sgs(key, cand);
        if (cand.cost < best.cost) best = std::move(cand);
    }
}

void evolve(Leveller& lev, const Times& lt, const std::vector<double>& lst, double spread, int passes,
            XorShift64& rng, Schedule& best) {
    const size_t n = lev.network().size();
    struct Individual {
        std::vector<double> key;
        int64_t cost;
    };
    auto evaluate = [&](std::vector<double>& key) {
        Schedule sch;
        lev.sgs(key, sch);
        lev.justify(sch);
        for (uint32_t i = 0; i < n; ++i) key[i] = sch.t.s[i] + 1e-6 * key[i] / (1.0 + std::fabs(key[i]));
        const int64_t c = sch.cost;
        if (c < best.cost) best = std::move(sch);
        return c;
    };
    const int pop_size = std::clamp(passes / 10, 4, 40);
    std::vector<Individual> pop;
    for (int k = 0; k < pop_size && k < passes; ++k) {
        Individual ind{std::vector<double>(n), 0};
        if (k == 0) ind.key = lst;
        else sampled_keys(lt, spread, rng, ind.key);
        ind.cost = evaluate(ind.key);
        pop.push_back(std::move(ind));
    }
    auto pick = [&] {  // binary tournament
        const size_t a = static_cast<size_t>(rng.uniform() * static_cast<double>(pop.size()));
        const size_t b = static_cast<size_t>(rng.uniform() * static_cast<double>(pop.size()));
        return pop[a].cost <= pop[b].cost ? a : b;
    };
    Crossover crossover;
    for (int k = static_cast<int>(pop.size()); k < passes; ++k) {
        const Individual& mother = pop[pick()];
        const Individual& father = pop[pick()];
        size_t q1 = static_cast<size_t>(rng.uniform() * static_cast<double>(n));
        size_t q2 = static_cast<size_t>(rng.uniform() * static_cast<double>(n));
        if (q1 > q2) std::swap(q1, q2);
        Individual child{{}, 0};
        crossover(mother.key, father.key, q1, q2, child.key);
        mutate(child.key, rng);
        child.cost = evaluate(child.key);
        // Steady state: the child replaces the worst when it is better.
        size_t worst = 0;
        for (size_t i = 1; i < pop.size(); ++i)
            if (pop[i].cost > pop[worst].cost) worst = i;
        if (child.cost < pop[worst].cost) pop[worst] = std::move(child);
    }
}

void improve(Leveller& lev, const Times& lt, const std::vector<double>& lst, int passes, uint64_t seed,
             Schedule& best) {
    XorShift64 rng(seed);
    double spread = 0;
    for (const Node& nv : lev.network().nodes) spread = std::max(spread, static_cast<double>(nv.d));
    if (!lev.justifiable()) sample(lev, lt, spread, passes, rng, best);
    else if (passes > 0) evolve(lev, lt, lst, spread, passes, rng, best);
}

}  // namespace pmo::sched
