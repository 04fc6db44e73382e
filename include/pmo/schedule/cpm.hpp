#pragma once

// The critical path method over the network: one forward and one backward pass, shared by
// make_plan, the serial schedule and the Monte Carlo network. Each takes how a date crosses
// calendars (`conv(t, from_cal, to_cal, port)`) and, for leaves, how one is placed.

#include <pmo/schedule/network.hpp>

#include <vector>

namespace pmo::sched {

/// Node times: s and f values (aggregates: the bounds they pass on).
struct Times {
    std::vector<int32_t> s, f;
};

/// No calendar conversion: one calendar, or the Monte Carlo network's approximation.
struct SameCalendar {
    int32_t operator()(int32_t t, int32_t, int32_t, uint8_t) const { return t; }
};

/// The start (bs) and finish (bf) bounds node v's predecessors set in the times (s, f); with
/// `binding`, the edge whose bound starts it latest.
template <class Conv>
void bounds(const Network& net, uint32_t v, const int32_t* s, const int32_t* f, Conv&& conv, int32_t& bs,
            int32_t& bf, int32_t* binding = nullptr) {
    const Node& nv = net.nodes[v];
    bs = kNeg;
    bf = kNeg;
    int32_t best = kNeg;
    for (uint32_t k = net.in_first[v]; k < net.in_first[v + 1]; ++k) {
        const Edge& e = net.edges[net.in[k]];
        const int32_t tu = e.pu == S ? s[e.u] : f[e.u];
        if (tu <= kNeg) continue;
        const int32_t val = conv(tu, net.nodes[e.u].cal, nv.cal, e.pu) + e.w;
        if (e.pv == S) bs = std::max(bs, val);
        else bf = std::max(bf, val);
        const int32_t as_start = e.pv == S ? val : val - nv.d;
        if (binding && as_start > best) {
            best = as_start;
            *binding = static_cast<int32_t>(net.in[k]);
        }
    }
}

/// The forward pass in topological order: an aggregate starts at its bound and passes its
/// predecessors' finish on; `place(v, node, bs, bf)` sets a leaf's s[v] and f[v]. With
/// `current`, it names the node being placed (what its Error reports).
template <class Conv, class Place>
void forward(const Network& net, int32_t* s, int32_t* f, Conv&& conv, Place&& place, uint32_t* current = nullptr) {
    for (uint32_t v : net.topo) {
        if (current) *current = v;
        const Node& nv = net.nodes[v];
        int32_t bs, bf;
        bounds(net, v, s, f, conv, bs, bf);
        if (nv.kind != Node::leaf) {
            s[v] = std::max(bs, nv.lower);
            f[v] = bf;
            continue;
        }
        place(v, nv, bs, bf);
    }
    if (current) *current = UINT32_MAX;  // what fails after the loop is not this task's doing
}

/// The backward pass: late start and finish of every node from its successors, in reverse
/// topological order. `back(edge, value, node)` carries a successor's date over the edge into
/// the node's calendar; `limit(node, lf)` tightens a leaf's late finish; no leaf finishes
/// after its project (`project_lf`), and a node without successors finishes with it.
template <class Back, class Limit>
void backward(const Network& net, const int32_t* s, const int32_t* f, const int32_t* project_lf,
              std::vector<int32_t>& ls_out, std::vector<int32_t>& lf_out, Back&& back, Limit&& limit) {
    const size_t n = net.nodes.size();
    ls_out.assign(n, kPos);
    lf_out.assign(n, kPos);
    for (size_t k = n; k-- > 0;) {
        const uint32_t u = net.topo[k];
        const Node& nu = net.nodes[u];
        int32_t ls = kPos, lf = kPos;
        for (uint32_t j = net.out_first[u]; j < net.out_first[u + 1]; ++j) {
            const Edge& e = net.edges[net.out[j]];
            const int32_t tv = e.pv == S ? ls_out[e.v] : lf_out[e.v];
            if (tv >= kPos) continue;
            const int32_t val = back(e, tv, nu);
            if (e.pu == S) ls = std::min(ls, val);
            else lf = std::min(lf, val);
        }
        const bool no_succ = net.out_first[u] == net.out_first[u + 1];
        const int32_t plf = project_lf[static_cast<size_t>(nu.project)];
        if (nu.kind == Node::sum_out && no_succ) lf = plf;
        if (nu.kind != Node::leaf) {
            ls_out[u] = ls;
            lf_out[u] = lf;
            continue;
        }
        // Every task finishes with its project, also one with successors: a negative lag
        // lets a successor finish before its predecessor, and would otherwise lend the
        // predecessor float past the project's finish.
        lf = std::min(lf, plf);
        lf = limit(nu, lf);
        const int32_t d = f[u] - s[u];
        int32_t fin = std::min(lf, ls >= kPos ? kPos : ls + d);
        if (fin >= kPos) fin = plf;
        lf_out[u] = fin;
        ls_out[u] = fin - d;
    }
}

/// Whether node v's start (port S) or finish (port F) in the times (s, f) was set by a
/// predecessor's finish (FS, FF) rather than by a start bound (start_no_earlier_than, SS,
/// SF, the status date, the project start): where a milestone is shown (FORMAT.md section 5).
/// Start bounds win ties.
template <class Conv>
bool by_finish(const Network& net, uint32_t v, uint8_t port, const int32_t* s, const int32_t* f, Conv&& conv) {
    const Node& nv = net.nodes[v];
    const bool leaf = nv.kind == Node::leaf;  // a milestone: its start and finish are one
    int32_t start_bound = leaf || port == S ? nv.lower : kNeg, finish_bound = kNeg;
    for (uint32_t k = net.in_first[v]; k < net.in_first[v + 1]; ++k) {
        const Edge& e = net.edges[net.in[k]];
        if (!leaf && e.pv != port) continue;
        const int32_t tu = e.pu == S ? s[e.u] : f[e.u];
        if (tu <= kNeg) continue;
        const int32_t val = conv(tu, net.nodes[e.u].cal, nv.cal, e.pu) + e.w;
        // A summary passes on what set it; a task's own start is a start bound.
        const bool fin = net.nodes[e.u].kind == Node::leaf ? e.pu == F : by_finish(net, e.u, e.pu, s, f, conv);
        int32_t& bound = fin ? finish_bound : start_bound;
        bound = std::max(bound, val);
    }
    return finish_bound > start_bound;
}

/// Conversions between the network's calendars, for the passes above.
inline auto calendars(const Network& net) {
    return [&net](int32_t t, int32_t from, int32_t to, uint8_t port) { return net.convert(t, from, to, port); };
}

/// The plan's forward pass without levelling: early start and finish of every node in its
/// people's days, finished and started work where it is; with `drivers`, why each leaf starts.
void cpm(Network& net, Times& t, std::vector<Driver>* drivers);
/// The plan's backward pass over times `t`: late dates from successors, project deadlines and
/// finish_no_later_than; what nothing constrains finishes with its project.
void late(const Network& net, const Times& t, Times& lt);
/// Why leaf v starts where it does in the times `t`.
Driver driver_for(const Network& net, uint32_t v, const Times& t);
/// What sets the start bound `es` of leaf v: its lower bound's reason, or the binding edge
/// (followed through summaries); `edge` as `bounds` gives it.
Driver binding_driver(const Network& net, uint32_t v, const Times& t, int32_t edge, int32_t es);

}  // namespace pmo::sched
