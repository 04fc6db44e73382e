#include <pmo/schedule/plan.hpp>

#include <pmo/schedule/assemble.hpp>
#include <pmo/schedule/improve.hpp>

#include <algorithm>
#include <optional>

namespace pmo {

namespace {

/// The plan takes the network's calendars, extended once to a month past the last day it
/// shows: its readers' lookups are then quick, and never change it.
void hand_over_calendars(sched::Network& net, Plan& plan) {
    Date last = net.epoch;
    for (size_t pi = 0; pi < plan.projects.size(); ++pi) {
        last = std::max({last, plan.projects[pi].finish, plan.projects[pi].status_date});
        for (const TaskPlan& x : plan.tasks[pi]) last = std::max(last, x.finish);
    }
    plan.calendars.reserve(net.cals.size());
    for (const std::shared_ptr<WorkCalendar>& c : net.cals) {
        c->reserve_until(last + 31);
        plan.calendars.push_back(std::move(*c));
    }
}

Plan plan_network(sched::Network& net, const PlanOptions& options) {
    using namespace sched;
    Plan plan;
    Times cpm_times;
    std::vector<Driver> drivers;
    cpm(net, cpm_times, &drivers);
    Leveller lev(net);
    if (!options.level || !net.any_demand) {
        Schedule sch;
        sch.t = cpm_times;
        sch.delay.assign(net.size(), 0);
        sch.held_res.assign(net.size(), -1);
        sch.held_day.assign(net.size(), Date{});
        plan.levelled = options.level;
        assemble(net, plan, sch, cpm_times, drivers);
        overallocations(lev.profiles(), plan, cpm_times);
        hand_over_calendars(net, plan);
        return plan;
    }
    plan.levelled = true;
    Times lt;
    std::vector<double> lst;
    Schedule best;
    lev.first_pass(cpm_times, lt, lst, best);
    const int passes = improvement_passes(net, options.passes);
    improve(lev, lt, lst, passes, options.seed, best);
    plan.passes = passes + 1;
    // The drivers of the final plan: which dependency or constraint binds each task now.
    for (uint32_t v = 0; v < net.size(); ++v)
        drivers[v] = net.nodes[v].kind == Node::leaf ? driver_for(net, v, best.t) : Driver{};
    assemble(net, plan, best, cpm_times, drivers);
    // After levelling only what is fixed can still conflict (two started tasks, one person).
    overallocations(lev.profiles(), plan, best.t);
    hand_over_calendars(net, plan);
    return plan;
}

}  // namespace

Plan make_plan(const Portfolio& portfolio, const PlanOptions& options) {
    std::optional<sched::Network> net;
    try {
        net.emplace(portfolio, options);
        return plan_network(*net, options);
    } catch (const Error& err) {
        throw Error((net ? net->current_task() : std::string()) + err.what());
    }
}

}  // namespace pmo
