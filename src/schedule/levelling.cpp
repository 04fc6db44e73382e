#include <pmo/schedule/levelling.hpp>

#include <algorithm>
#include <queue>

namespace pmo::sched {

Leveller::Leveller(Network& net) : m_net(net), m_profiles(net) {}

bool Leveller::justifiable() const { return m_net.single_calendar && m_net.single_class && !m_net.any_variable; }

int64_t Leveller::cost(const Times& t) const {
    std::vector<int32_t> fin(m_net.pf.projects.size(), kNeg);
    for (uint32_t i = 0; i < m_net.size(); ++i)
        if (m_net.nodes[i].kind == Node::leaf)
            fin[static_cast<size_t>(m_net.nodes[i].project)] =
                std::max(fin[static_cast<size_t>(m_net.nodes[i].project)], t.f[i]);
    int64_t sum = 0, mx = 0;
    for (int32_t f : fin)
        if (f > kNeg) {
            sum += f;
            mx = std::max<int64_t>(mx, f);
        }
    return sum * 4096 + mx;
}

void Leveller::book_fixed() {
    // A started task's work left runs from the status date whatever its predecessors do; only
    // its start before that date can depend on them. (Progress without an actual start waits
    // for its logic: it is booked where that puts it.)
    for (uint32_t v = 0; v < m_net.size(); ++v) {
        const Node& nv = m_net.nodes[v];
        if (nv.kind != Node::leaf || !(nv.done || nv.started) || nv.progress_no_actual) continue;
        int32_t s, f;
        m_net.place_fixed(nv, nv.status, s, f);
        m_profiles.book(nv, nv.done ? s : std::max(s, nv.status), f, +1);
    }
}

void Leveller::sgs(const std::vector<double>& key, Schedule& out) {
    const size_t n = m_net.size();
    const std::vector<Node>& nodes = m_net.nodes;
    const std::vector<int64_t>& eff = m_net.eff;
    Times& t = out.t;
    t.s.assign(n, kNeg);
    t.f.assign(n, kNeg);
    out.delay.assign(n, 0);
    out.held_res.assign(n, -1);
    out.held_day.assign(n, Date{});
    m_profiles.clear();
    // Finished and started work is where it is: booked first, so that nothing unstarted is
    // placed on top of work in progress.
    book_fixed();
    std::vector<uint32_t> indeg(n);
    for (size_t i = 0; i < n; ++i) indeg[i] = m_net.in_first[i + 1] - m_net.in_first[i];
    auto cmp = [&](uint32_t a, uint32_t b) {
        if (eff[a] != eff[b]) return eff[a] < eff[b];
        if (key[a] != key[b]) return key[a] > key[b];
        return a > b;
    };
    std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(cmp)> heap(cmp);
    std::vector<uint32_t> zero;  // aggregates are placed as soon as they are eligible
    auto release = [&](uint32_t u) {
        for (uint32_t k = m_net.out_first[u]; k < m_net.out_first[u + 1]; ++k) {
            const uint32_t v = m_net.edges[m_net.out[k]].v;
            if (--indeg[v] == 0) (nodes[v].kind == Node::leaf ? heap.push(v) : zero.push_back(v));
        }
    };
    for (uint32_t i = 0; i < n; ++i)
        if (!indeg[i]) (nodes[i].kind == Node::leaf ? heap.push(i) : zero.push_back(i));
    const auto conv = calendars(m_net);
    while (!heap.empty() || !zero.empty()) {
        uint32_t v;
        if (!zero.empty()) {
            v = zero.back();
            zero.pop_back();
        } else {
            v = heap.top();
            heap.pop();
        }
        m_net.current = v;  // named if the schedule runs past the last date
        const Node& nv = nodes[v];
        int32_t bs, bf;
        bounds(m_net, v, t.s.data(), t.f.data(), conv, bs, bf);
        if (nv.kind != Node::leaf) {
            t.s[v] = std::max(bs, nv.lower);
            t.f[v] = bf;
        } else {
            const int32_t es = Network::earliest(nv, bs, bf);
            if (nv.done || nv.started) {
                // Booked before anything else was placed (work in progress comes first).
                m_net.place_fixed(nv, es, t.s[v], t.f[v]);
                if (nv.progress_no_actual) m_profiles.book(nv, std::max(t.s[v], nv.status), t.f[v], +1);
            } else {
                int32_t res = -1, f = 0, s0 = es, f0 = 0;
                Date day;
                if (nv.variable) m_net.window(nv, es, bf, s0, f0);  // where its people's days alone put it
                const int32_t s = m_profiles.fit_forward(nv, es, bf, f, res, day);
                t.s[v] = s;
                t.f[v] = f;
                out.delay[v] = s - s0;
                if (s > s0) {
                    out.held_res[v] = res;
                    out.held_day[v] = day;
                }
                m_profiles.book(nv, t.s[v], t.f[v], +1);
            }
        }
        release(v);
    }
    m_net.current = UINT32_MAX;
    out.cost = cost(t);
}

void Leveller::justify(Schedule& sch) {
    // Shift every task as late as it can go in order of decreasing finish, then as early as it
    // can go in order of increasing start. Never worse.
    const size_t n = m_net.size();
    const std::vector<Node>& nodes = m_net.nodes;
    std::vector<int32_t> proj_finish(m_net.pf.projects.size(), kNeg);
    for (uint32_t i = 0; i < n; ++i)
        if (nodes[i].kind == Node::leaf)
            proj_finish[static_cast<size_t>(nodes[i].project)] =
                std::max(proj_finish[static_cast<size_t>(nodes[i].project)], sch.t.f[i]);
    Times back;
    back.s.assign(n, kPos);
    back.f.assign(n, kPos);
    m_profiles.clear();
    for (uint32_t v = 0; v < n; ++v) {
        const Node& nv = nodes[v];
        if (nv.kind == Node::leaf && (nv.done || nv.started)) {
            back.s[v] = sch.t.s[v];
            back.f[v] = sch.t.f[v];
            m_profiles.book(nv, back.s[v], back.f[v], +1);
        }
    }
    std::vector<uint32_t> outdeg(n);
    for (size_t i = 0; i < n; ++i) outdeg[i] = m_net.out_first[i + 1] - m_net.out_first[i];
    auto cmp = [&](uint32_t a, uint32_t b) {
        if (sch.t.f[a] != sch.t.f[b]) return sch.t.f[a] < sch.t.f[b];
        return a < b;
    };
    std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(cmp)> heap(cmp);
    for (uint32_t i = 0; i < n; ++i)
        if (!outdeg[i]) heap.push(i);
    while (!heap.empty()) {
        const uint32_t u = heap.top();
        heap.pop();
        const Node& nu = nodes[u];
        int32_t ls = kPos, lf = kPos;
        for (uint32_t k = m_net.out_first[u]; k < m_net.out_first[u + 1]; ++k) {
            const Edge& e = m_net.edges[m_net.out[k]];
            const int32_t tv = e.pv == S ? back.s[e.v] : back.f[e.v];
            if (tv >= kPos) continue;
            const int32_t val = tv - e.w;
            if (e.pu == S) ls = std::min(ls, val);
            else lf = std::min(lf, val);
        }
        if (nu.kind != Node::leaf) {
            back.s[u] = ls;
            back.f[u] = lf;
        } else if (!(nu.done || nu.started)) {
            int32_t latest = std::min(ls, lf >= kPos ? kPos : lf - nu.d);
            latest = std::min(latest, proj_finish[static_cast<size_t>(nu.project)] - nu.d);
            int32_t s = m_profiles.fit_backward(nu, latest, sch.t.s[u]);
            if (s <= kNeg) s = sch.t.s[u];  // cannot happen: the old place is still free
            back.s[u] = s;
            back.f[u] = s + nu.d;
            m_profiles.book(nu, back.s[u], back.f[u], +1);
        }
        for (uint32_t k = m_net.in_first[u]; k < m_net.in_first[u + 1]; ++k)
            if (--outdeg[m_net.edges[m_net.in[k]].u] == 0) heap.push(m_net.edges[m_net.in[k]].u);
    }
    // Forward again, by the right-justified starts.
    std::vector<double> key(n);
    for (uint32_t i = 0; i < n; ++i) key[i] = nodes[i].kind == Node::leaf ? back.s[i] : 0;
    Schedule fwd;
    sgs(key, fwd);
    if (fwd.cost <= sch.cost) sch = std::move(fwd);
}

void Leveller::first_pass(const Times& cpm_times, Times& lt, std::vector<double>& lst, Schedule& best) {
    // The documented rule: least total float (late start from the CPM backward pass), then WBS
    // order; then one forward-backward improvement where it applies.
    late(m_net, cpm_times, lt);
    const size_t n = m_net.size();
    lst.resize(n);
    for (uint32_t i = 0; i < n; ++i) lst[i] = lt.s[i] >= kPos ? 1e9 : lt.s[i] - cpm_times.s[i];
    sgs(lst, best);
    if (justifiable()) justify(best);
}

}  // namespace pmo::sched
