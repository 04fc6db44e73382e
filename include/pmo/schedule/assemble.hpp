#pragma once

// A schedule into a Plan: dates, floats, drivers, bookings, summaries, over-allocations and
// missed deadlines (FORMAT.md section 5).

#include <pmo/schedule/levelling.hpp>

#include <vector>

namespace pmo::sched {

/// The hours the node books each of its people on each day of [s, f).
void bookings(Network& net, const Node& n, int32_t s, int32_t f, std::vector<Booking>& out);

/// Fills plan.projects, plan.tasks, plan.calendars and the deadline findings from the final
/// schedule `sch`, the CPM times before levelling and each leaf's driver in `sch`.
void assemble(Network& net, Plan& plan, const Schedule& sch, const Times& cpm_times, const std::vector<Driver>& drivers);

/// The windows where a resource is booked above its capacity, or while away, in times `t`.
void overallocations(Profiles& profiles, Plan& plan, const Times& t);

/// deadline-missed findings of project `pi`: its deadline and its tasks' finish_no_later_than.
void deadline_findings(Network& net, size_t pi, Plan& plan);

}  // namespace pmo::sched
