#pragma once

#include <pmo/model/date.hpp>
#include <pmo/model/duration.hpp>
#include <pmo/model/finding.hpp>
#include <pmo/model/position.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace pmo {

enum class DepType { FS, SS, FF, SF };
std::string_view to_string(DepType t);

/// A three-point estimate (optimistic, most likely, pessimistic).
struct ThreePoint {
    Duration optimistic, likely, pessimistic;
};

/// A duration that is either fixed or a three-point estimate (risk schedule impact).
struct UncertainDuration {
    Duration fixed;
    std::optional<ThreePoint> range;
};

struct Dependency {
    std::string ref;  ///< `task` or `project/task`, as written
    Pos pos;
    DepType type = DepType::FS;
    Duration lag{0, 'd'};
    Pos lag_pos;           ///< where the lag is written, when it is
    int32_t project = -1;  ///< resolved project index
    int32_t task = -1;     ///< resolved task index in that project
};

struct Assignment {
    std::string resource;
    double units = 1.0;  ///< 1.0 = 100%
    Pos pos;
    int32_t index = -1;  ///< resolved resource index in the pool
};

struct Task {
    std::string id;
    Pos pos;  ///< the task's `id` value
    Located<std::string> name;
    Located<Duration> duration;
    Located<Duration> effort;
    std::vector<Assignment> assign;
    std::vector<Dependency> depends;
    Located<ThreePoint> estimate;
    Located<double> progress;  ///< 0..1
    Located<Date> actual_start, actual_finish;
    std::vector<Located<std::string>> skills;
    Located<double> cost;
    Located<double> actual_cost;  ///< spent up to the status date
    Located<Date> start_no_earlier_than, finish_no_later_than;
    Located<bool> milestone;
    Located<int> priority;
    Located<std::string> notes;
    Pos tasks_pos;  ///< where `tasks:` is, for summaries

    int32_t parent = -1;            ///< index of the summary task above, in the same project
    std::vector<int32_t> children;  ///< indices of the tasks below, in WBS order
    int depth = 0;

    bool is_summary() const { return !children.empty(); }
    bool is_milestone() const { return milestone.present && milestone.value; }
};

enum class RiskStatus { open, mitigating, occurred, closed };
enum class RiskResponse { avoid, mitigate, transfer, accept, escalate };

struct Risk {
    std::string id;
    Pos pos;
    Located<std::string> title, owner, mitigation;
    Located<double> probability;  ///< as written: 1..scale, or a fraction when probability_is_percent
    bool probability_is_percent = false;
    Located<double> impact;
    Located<RiskStatus> status;
    Located<RiskResponse> response;
    std::vector<Located<std::string>> affects;
    Located<UncertainDuration> schedule_impact;
    Located<double> cost_impact;
    Located<Date> raised, review_by;
};

/// A record of one of the project's registers: changes, issues, decisions, stakeholders, gates, lessons.
struct Record {
    std::string section;  ///< "changes", "issues", ...
    std::string kind;     ///< "change", "issue", ... for messages
    std::string id;
    Pos pos;
    std::map<std::string, Located<std::string>> fields;  ///< validated scalar fields, as written
    std::map<std::string, std::vector<Located<std::string>>> lists;  ///< list fields (a change's affects)
};

enum class Phase { initiation, planning, execution, monitoring, closing, closed };
enum class Methodology { waterfall, agile, hybrid };

struct Project {
    std::string id;
    Pos pos;     ///< the project's `id` value
    int32_t file = -1;
    Located<std::string> name, manager, sponsor, calendar, description, status_summary, status_rag;
    Located<std::string> template_name;  ///< project.template: templates/NAME.yaml
    Located<Date> start, deadline, status_date;
    Located<double> actual_cost;  ///< status.actual_cost: spent up to the status date
    Located<Phase> phase;
    Located<Methodology> methodology;
    Located<int> priority;
    Located<double> budget;
    std::vector<Task> tasks;  ///< WBS preorder
    std::vector<Risk> risks;
    std::vector<Record> records;
    std::vector<std::string> present;  ///< field paths given in the file ("project.sponsor", "risks", ...)
    std::unordered_map<std::string, int32_t> task_ids;  ///< task id -> index (first definition wins)

    int effective_priority() const { return priority ? priority.value : 500; }
};

struct Holiday {
    Date date;
    std::string name;
    Pos pos;
};

struct Calendar {
    std::string id;
    Pos pos;
    Located<std::string> base;
    Located<std::array<bool, 7>> workweek;
    Located<double> hours_per_day;
    std::vector<Holiday> holidays;  ///< as written, then those of holidays_from
    Located<std::string> holidays_from;  ///< an iCalendar file in the portfolio

    // Filled in by the loader after `base` inheritance:
    std::array<bool, 7> week{true, true, true, true, true, false, false};
    double hpd = 8;
    std::vector<Date> all_holidays;  ///< sorted, unique

    int days_per_week() const {
        int n = 0;
        for (bool b : week) n += b;
        return n;
    }
};

struct Absence {
    Date from, to;  ///< inclusive
    std::string reason;
    Pos pos;
};

struct Resource {
    std::string id;
    Pos pos;
    Located<std::string> name, role, email, calendar;
    std::vector<Located<std::string>> skills;
    Located<double> units;  ///< capacity per working day, 1.0 = 100%
    Located<double> rate;   ///< cost per hour
    std::vector<Absence> absences;
    int32_t calendar_index = -1;

    double capacity() const { return units ? units.value : 1.0; }
};

enum class PmoType { supportive, controlling, directive };

/// One `[[require]]` table of pmo.toml.
struct Requirement {
    std::vector<std::string> phases, methodologies, fields;
    Pos pos;
};

/// A `# pmo: ignore RULE -- reason` comment.
struct Suppression {
    std::string rule, reason;
    Pos pos;
};

/// One thing a project made from a template must keep.
struct TemplateElement {
    enum Kind { milestone, gate, register_, field } kind = milestone;
    std::string id;                   ///< task or gate id, register name, or field path
    std::string name;                 ///< the milestone's or gate's name in the template
    std::vector<std::string> phases;  ///< for a field: only in these phases (empty: every phase)
    Pos pos;                          ///< where the template says so
};

/// A project template of templates/, as far as `pmo check` enforces it.
struct Template {
    std::string name;  ///< NAME of templates/NAME.yaml
    std::string path;  ///< relative to the root; empty when no such file exists
    Pos pos;           ///< the file's first line
    std::vector<TemplateElement> elements;

    bool found() const { return !path.empty(); }
};

/// One `[[gate]]` of pmo.toml: a stage gate a project must pass before it works in a phase.
struct GateRule {
    std::string id, name;
    Phase opens = Phase::execution;       ///< projects in this phase or a later one need it passed
    std::vector<std::string> methodologies;  ///< only projects of these (empty: all)
    std::vector<std::string> fields;      ///< criteria: field paths present ("project.budget", "risks", ...)
    std::vector<std::string> registers;   ///< criteria: registers with at least one entry
    std::vector<std::string> files;       ///< criteria: files of the repository; {project} is the project id
    bool risks_responded = false;         ///< criterion: no open high risk without a response
    std::string approver;                 ///< the role that signs it off: sponsor, manager, or a pool role
    Pos pos;
};

/// pmo.toml [templates]: the template projects of a methodology must name.
struct TemplateRule {
    std::string methodology, name;
    Pos pos;
};

/// pmo.toml [change]: what `pmo check --baseline` calls a change that needs a change request.
struct ChangeRules {
    int slip_days = 5;           ///< a milestone or the finish slipping more working days than this
    double budget_percent = 10;  ///< the budget growing by more than this percent
    int scope_days = 10;         ///< a task added that lasts more working days than this
};

/// pmo.toml [rag]: when the report colours a dimension amber or red.
struct RagRules {
    double spi_green = 0.95, spi_amber = 0.90;        ///< SPI at or above: green; at or above amber: amber; else red
    double cpi_green = 0.95, cpi_amber = 0.90;        ///< the same for CPI
    double budget_amber = 1.00, budget_red = 1.10;    ///< forecast cost / budget above: amber, red
    double exposure_amber = 0.05, exposure_red = 0.10;  ///< live risks' EMV / budget above: amber, red
    int slip_amber = 5, slip_red = 10;                ///< a milestone's slip against the baseline, working days
    int resource_delay_amber = 5;                     ///< levelling delays the finish by more than this: amber
    double cpi_min_complete = 0.20;  ///< below this share complete, cost is judged by forecast cost, not CPI
};

/// pmo.toml, with defaults for everything.
struct Config {
    bool present = false;
    int32_t file = -1;
    std::string name = "PMO";
    PmoType type = PmoType::controlling;
    std::string currency = "EUR";
    std::vector<std::string> exclude;
    std::string calendar;  ///< [schedule] calendar
    int risk_scale = 5;
    double risk_high = 15, risk_medium = 8;
    int review_days = 30;
    std::vector<double> risk_probabilities;  ///< probability of each scale step, 1..scale
    std::map<std::string, std::pair<Severity, Pos>> severities;  ///< [rules]
    std::map<std::string, Pos> rule_tables;                      ///< [rules.NAME] tables, for checking NAME
    Duration task_too_long_max{20, 'd'};
    int implausible_date_years = 50;  ///< [rules.implausible-date] years
    std::vector<Requirement> requirements;
    std::vector<TemplateRule> templates;  ///< [templates], by methodology
    std::vector<GateRule> gates;          ///< [[gate]], in the order of their phases
    RagRules rag;
    ChangeRules change;
    std::string report_baseline;  ///< [report] baseline: a git revision
    Pos report_baseline_pos;
    std::string report_period = "week";  ///< [report] period: week | month
    int report_top_risks = 3;            ///< [report] top_risks
};

/// Everything read from a portfolio directory, sorted by id.
struct Portfolio {
    std::string root;                ///< absolute path of the portfolio root
    std::vector<std::string> files;  ///< paths relative to root, indexed by Pos::file
    Config config;
    std::vector<Project> projects;
    std::vector<Calendar> calendars;
    std::vector<Resource> resources;
    std::vector<Suppression> suppressions;
    std::vector<Template> templates;  ///< named by projects or pmo.toml, sorted by name
    std::set<std::string> files_present;  ///< the files [[gate]] criteria name that exist, per project

    const Template* find_template(std::string_view name) const;
    const Project* find_project(std::string_view id) const;
    const Resource* find_resource(std::string_view id) const;
    const Calendar* find_calendar(std::string_view id) const;
    int32_t project_index(std::string_view id) const;
    int32_t resource_index(std::string_view id) const;
    int32_t calendar_index(std::string_view id) const;
    /// The calendar a project schedules in: its own, else pmo.toml's, else "default", else Mon-Fri 8h.
    const Calendar& project_calendar(const Project& p) const;
    /// How a report names someone: the pool resource `who` is the id of, by its name; anyone
    /// else (free text, or a resource without a name) as written.
    std::string person(std::string_view who) const;
};

/// The built-in Mon-Fri, 8 hours, no holidays calendar.
const Calendar& standard_calendar();

/// Returns the index of `id` in tasks of `p`, or -1.
int32_t find_task(const Project& p, std::string_view id);

/// The status date of a project, the day its progress is measured on: `as_of` (--as-of), else
/// its status.date, else `today` (read once, by the command line; the library never reads the clock).
Date status_date(const Project& p, const std::optional<Date>& as_of, Date today);

}  // namespace pmo
