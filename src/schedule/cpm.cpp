#include <pmo/schedule/cpm.hpp>

namespace pmo::sched {

void cpm(Network& net, Times& t, std::vector<Driver>* drivers) {
    const size_t n = net.size();
    t.s.assign(n, kNeg);
    t.f.assign(n, kNeg);
    if (drivers) drivers->assign(n, Driver{});
    forward(
        net, t.s.data(), t.f.data(), calendars(net),
        [&](uint32_t v, const Node& nv, int32_t bs, int32_t bf) {
            const int32_t es = Network::earliest(nv, bs, bf);
            if (nv.done || nv.started) net.place_fixed(nv, es, t.s[v], t.f[v]);
            else net.window(nv, es, bf, t.s[v], t.f[v]);
            if (drivers) (*drivers)[v] = driver_for(net, v, t);
        },
        &net.current);
}

void late(const Network& net, const Times& t, Times& lt) {
    const size_t n = net.size();
    const auto& projects = net.pf.projects;
    std::vector<int32_t> proj_lf(projects.size(), kNeg);
    for (uint32_t i = 0; i < n; ++i)
        if (net.nodes[i].kind == Node::leaf)
            proj_lf[static_cast<size_t>(net.nodes[i].project)] =
                std::max(proj_lf[static_cast<size_t>(net.nodes[i].project)], t.f[i]);
    for (size_t pi = 0; pi < projects.size(); ++pi) {
        if (proj_lf[pi] <= kNeg) proj_lf[pi] = net.project_start[pi];
        if (projects[pi].deadline) {
            const int32_t dl = net.calendar(net.project_cal[pi]).index(projects[pi].deadline.value + 1);
            proj_lf[pi] = std::min(proj_lf[pi], dl);
        }
    }
    backward(
        net, t.s.data(), t.f.data(), proj_lf.data(), lt.s, lt.f,
        [&](const Edge& e, int32_t tv, const Node& nu) {
            return net.convert_back(tv - e.w, net.nodes[e.v].cal, nu.cal, e.pu);
        },
        [&](const Node& nu, int32_t lf) {
            const Task& task = projects[static_cast<size_t>(nu.project)].tasks[static_cast<size_t>(nu.task)];
            if (!task.finish_no_later_than) return lf;
            return std::min(lf, net.calendar(nu.cal).index(task.finish_no_later_than.value + 1));
        });
}

Driver driver_for(const Network& net, uint32_t v, const Times& t) {
    const Node& nv = net.nodes[v];
    if (nv.done || nv.started) {
        Driver d;
        d.kind = Driver::actual;
        return d;
    }
    int32_t bs, bf, edge = -1;
    bounds(net, v, t.s.data(), t.f.data(), calendars(net), bs, bf, &edge);
    const int32_t es = std::max(bs, bf <= kNeg ? kNeg : bf - (t.f[v] - t.s[v]));
    Driver d = binding_driver(net, v, t, edge, es);
    // An effort task starts on the first day one of its people works (FORMAT.md section 5):
    // later than its logic allows when they are all off then.
    const int32_t allowed = std::max(es, nv.lower);
    if (nv.effort && allowed > kNeg && t.s[v] > allowed) {
        d.people = true;
        d.allowed = net.calendar(nv.cal).date(allowed);
    }
    return d;
}

Driver binding_driver(const Network& net, uint32_t v, const Times& t, int32_t edge, int32_t es) {
    const Node& nv = net.nodes[v];
    if (edge < 0 || es < nv.lower) return nv.lower_driver;
    // Follow summary edges up to the summary that is held back: by a dependency of its own
    // (named as that summary's), or by nothing but the project's start.
    const Edge* e = &net.edges[static_cast<size_t>(edge)];
    while (!e->dependency && net.nodes[e->u].kind == Node::sum_in) {
        const Node& nu = net.nodes[e->u];
        int32_t ubs, ubf, uedge = -1;
        bounds(net, e->u, t.s.data(), t.f.data(), calendars(net), ubs, ubf, &uedge);
        if (uedge < 0 || ubs < nu.lower) {
            if (nu.lower_driver.kind == Driver::project_start) return nu.lower_driver;
            break;  // the summary's own start_no_earlier_than: named as the summary's
        }
        if (net.edges[static_cast<size_t>(uedge)].dependency) break;
        e = &net.edges[static_cast<size_t>(uedge)];
    }
    Driver d;
    d.kind = e->dependency ? Driver::dependency : Driver::summary;
    d.project = net.nodes[e->u].project;
    d.task = net.nodes[e->u].task;
    d.type = e->type;
    d.lag = e->w;
    return d;
}

}  // namespace pmo::sched
