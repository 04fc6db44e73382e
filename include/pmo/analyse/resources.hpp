#pragma once

#include <pmo/schedule/plan.hpp>

#include <optional>
#include <set>

namespace pmo {

enum class Period { week, month };

struct ResourceOptions {
    Period period = Period::week;
    std::optional<Date> from, to;  ///< default: the span of the plan
    std::set<std::string> projects;  ///< count only these projects' work; empty: all
    Date today;                      ///< the range without any work; read once by the caller (cli's Context)
};

/// Hours and money in one period (a week from Monday, or a calendar month).
struct PeriodFigures {
    double booked_hours = 0, available_hours = 0, cost = 0;
};

struct ResourceLoad {
    int32_t resource = -1;
    std::vector<PeriodFigures> periods;
    double booked_hours = 0, available_hours = 0, cost = 0;
    double utilisation() const { return available_hours > 0 ? booked_hours / available_hours : booked_hours > 0 ? 9.99 : 0; }
};

struct RoleLoad {
    std::string role;
    std::vector<PeriodFigures> periods;  ///< demand (booked) against supply (available)
    double booked_hours = 0, available_hours = 0;
};

struct ProjectCost {
    int32_t project = -1;
    std::vector<double> spend;  ///< per period: resource cost plus fixed costs
    std::vector<double> hours;  ///< per period: hours booked on the project
    double booked_hours = 0, resource_cost = 0, fixed_cost = 0;
    double total() const { return resource_cost + fixed_cost; }
    std::optional<double> budget;
};

/// A task needing a skill that none of its assignees has.
struct SkillGap {
    int32_t project = -1, task = -1;
    std::string skill;
    bool in_pool = false;  ///< someone else in the pool has it
};

struct ResourceReport {
    Period period = Period::week;
    std::vector<Date> starts;  ///< first day of each period
    Date from, to;             ///< inclusive range counted
    std::optional<Date> plan_end;  ///< set when the default range was cut to ten years: where the plan ends
    std::vector<ResourceLoad> resources;  ///< pool order
    std::vector<RoleLoad> roles;          ///< by role name
    std::vector<ProjectCost> projects;    ///< portfolio order
    std::vector<SkillGap> skill_gaps;
    std::vector<std::string> missing_skills;  ///< needed, and nobody in the pool has them
};

/// Every skill someone in the pool has.
std::set<std::string> pool_skills(const Portfolio& pf);
/// The skills project `project`'s tasks need: where the people assigned lack one (into `gaps`),
/// and the ones nobody in `pool` has (into `missing`).
void find_skill_gaps(const Portfolio& pf, size_t project, const std::set<std::string>& pool, std::vector<SkillGap>& gaps,
                     std::set<std::string>& missing);

/// Load, utilisation, cost and skills from a plan (levelled or not).
ResourceReport analyse_resources(const Portfolio& pf, const Plan& plan, const ResourceOptions& options);

/// The calendar a resource works by: its own, else pmo.toml's [schedule] calendar, else
/// "default", else Mon-Fri 8h.
const Calendar& resource_calendar(const Portfolio& pf, const Resource& r);
/// Whether the calendar has `d` as a working day.
bool works_on(const Calendar& cal, Date d);

/// The first day of the period holding `d`.
Date period_start(Date d, Period p);
/// The first day of the period after the one that starts on `d` (a period's start).
Date next_period(Date d, Period p);

}  // namespace pmo
