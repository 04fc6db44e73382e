#include <pmo/model/fields.hpp>

#include <array>
#include <utility>

namespace pmo {
namespace spec {
namespace {
using T = FieldType;

constexpr std::string_view kPhases[] = {"initiation", "planning", "execution", "monitoring", "closing", "closed"};
constexpr std::string_view kMethodologies[] = {"waterfall", "agile", "hybrid"};
constexpr std::string_view kRiskStatuses[] = {"open", "mitigating", "occurred", "closed"};
constexpr std::string_view kRiskResponses[] = {"avoid", "mitigate", "transfer", "accept", "escalate"};
constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kDepTypes[] = {"FS", "SS", "FF", "SF"};
constexpr std::string_view kRags[] = {"green", "amber", "red"};
constexpr std::string_view kChangeStatuses[] = {"proposed", "approved", "rejected", "implemented"};
constexpr std::string_view kIssueStatuses[] = {"open", "in-progress", "resolved", "closed"};
constexpr std::string_view kLevels[] = {"low", "medium", "high", "critical"};
constexpr std::string_view kDecisionStatuses[] = {"proposed", "decided", "superseded"};
constexpr std::string_view kGateStatuses[] = {"pending", "passed", "failed", "waived"};
constexpr std::string_view kEngagement[] = {"unaware", "resistant", "neutral", "supportive", "leading"};
constexpr std::string_view kActionStatuses[] = {"open", "in-progress", "done", "cancelled"};
constexpr std::string_view kCadences[] = {"weekly", "biweekly", "monthly", "quarterly"};

const FieldSpec kStatus[] = {
    {.key = "date", .type = T::date, .doc = "The status date the report is as of.", .slot = &Project::status_date},
    {.key = "summary", .type = T::string, .doc = "The project manager's status text.", .slot = &Project::status_summary},
    {.key = "rag",
     .type = T::enumeration,
     .doc = "The project manager's own RAG; shown beside the computed one.",
     .values = kRags,
     .slot = &Project::status_rag},
    {.key = "actual_cost",
     .type = T::money,
     .doc = "Money spent on the project up to the status date (AC); overrides the sum of the tasks' actual_cost.",
     .slot = &Project::actual_cost},
};

const FieldSpec kProject[] = {
    {"id", T::id, "Unique id of the project in the portfolio.", {}, nullptr, T::string, true},
    {.key = "name", .type = T::string, .doc = "Display name.", .required = true, .slot = &Project::name},
    {.key = "start", .type = T::date, .doc = "Planned start.", .required = true, .slot = &Project::start},
    {.key = "deadline", .type = T::date, .doc = "Finish no later than, for the whole project.", .slot = &Project::deadline},
    {.key = "manager", .type = T::string, .doc = "Project manager: a resource id or free text.", .slot = &Project::manager},
    {.key = "sponsor", .type = T::string, .doc = "Sponsor: a resource id or free text.", .slot = &Project::sponsor},
    {.key = "phase", .type = T::enumeration, .doc = "Life-cycle phase.", .values = kPhases, .slot = &Project::phase},
    {.key = "methodology",
     .type = T::enumeration,
     .doc = "Delivery approach.",
     .values = kMethodologies,
     .slot = &Project::methodology},
    {.key = "priority",
     .type = T::integer,
     .doc = "1..1000, higher wins when levelling; default 500.",
     .min = 1,
     .max = 1000,
     .slot = &Project::priority},
    {.key = "calendar",
     .type = T::id,
     .doc = "Calendar id; default pmo.toml [schedule] calendar, else Mon-Fri 8h.",
     .slot = &Project::calendar},
    {.key = "budget", .type = T::money, .doc = "Budget at completion.", .slot = &Project::budget},
    {.key = "description", .type = T::string, .doc = "What the project delivers and why.", .slot = &Project::description},
    {"status", T::object, "What the project manager reports, as of a status date.", {}, &status},
    {.key = "template",
     .type = T::id,
     .doc = "The template the project keeps to: templates/NAME.yaml; pmo check reports what it lacks.",
     .slot = &Project::template_name},
};

const FieldSpec kDependency[] = {
    {"task", T::task_ref, "The predecessor: `task` or `project/task`.", {}, nullptr, T::string, true},
    {"type", T::enumeration, "FS (default), SS, FF or SF.", kDepTypes},
    {"lag", T::duration, "Working time between the two; may be negative."},
};

const FieldSpec kAssignment[] = {
    {"resource", T::id, "Resource id from the pool.", {}, nullptr, T::string, true},
    {"units", T::percent, "Share of the resource's day booked; default 100%."},
};

const FieldSpec kThreePoint[] = {
    {.key = "optimistic", .type = T::duration, .doc = "Best case.", .required = true, .slot = &ThreePoint::optimistic},
    {.key = "likely", .type = T::duration, .doc = "Most likely.", .required = true, .slot = &ThreePoint::likely},
    {.key = "pessimistic", .type = T::duration, .doc = "Worst case.", .required = true, .slot = &ThreePoint::pessimistic},
};

const FieldSpec kTask[] = {
    {"id", T::id, "Unique id of the task in its project.", {}, nullptr, T::string, true},
    {.key = "name", .type = T::string, .doc = "Display name.", .required = true, .slot = &Task::name},
    {.key = "duration", .type = T::duration, .doc = "Elapsed working time (5d, 2w, 16h).", .slot = &Task::duration},
    {.key = "effort", .type = T::duration, .doc = "Person-days of work; needs `assign`.", .slot = &Task::effort},
    {"assign", T::list, "Resources booked: ids, or {resource, units}.", {}, &assignment, T::id, false, true},
    {"depends", T::list, "Predecessors: task references, or {task, type, lag}.", {}, &dependency, T::task_ref, false, true},
    {.key = "estimate",
     .type = T::three_point,
     .doc = "Three-point estimate for Monte Carlo.",
     .object = &three_point,
     .slot = &Task::estimate},
    {.key = "progress",
     .type = T::percent,
     .doc = "Share of the work done at the status date.",
     .min = 0,
     .max = 1,
     .slot = &Task::progress},
    {.key = "actual_start", .type = T::date, .doc = "When work really started.", .slot = &Task::actual_start},
    {.key = "actual_finish", .type = T::date, .doc = "When work really finished.", .slot = &Task::actual_finish},
    {"skills", T::list, "Skills the work needs.", {}, nullptr, T::id},
    {.key = "cost", .type = T::money, .doc = "Fixed cost, added to resource cost.", .slot = &Task::cost},
    {.key = "actual_cost",
     .type = T::money,
     .doc = "Money spent on the task up to the status date (AC), for earned value.",
     .slot = &Task::actual_cost},
    {.key = "start_no_earlier_than",
     .type = T::date,
     .doc = "Hard lower bound on the start.",
     .slot = &Task::start_no_earlier_than},
    {.key = "finish_no_later_than",
     .type = T::date,
     .doc = "Late finish used by the backward pass.",
     .slot = &Task::finish_no_later_than},
    {.key = "milestone", .type = T::boolean, .doc = "A zero-length event.", .slot = &Task::milestone},
    {.key = "priority",
     .type = T::integer,
     .doc = "1..1000, tie-break when levelling; default 500.",
     .min = 1,
     .max = 1000,
     .slot = &Task::priority},
    {.key = "notes", .type = T::string, .doc = "Free text.", .slot = &Task::notes},
    {"tasks", T::list, "Children: makes this a summary task.", {}, &task, T::object},
};

const FieldSpec kRisk[] = {
    {"id", T::id, "Unique id of the risk in its project.", {}, nullptr, T::string, true},
    {.key = "title", .type = T::string, .doc = "What may happen.", .required = true, .slot = &Risk::title},
    {.key = "owner", .type = T::string, .doc = "Who manages it: a resource id or free text.", .slot = &Risk::owner},
    {"probability", T::probability, "1..scale, or a percent."},
    {"impact", T::integer, "1..scale."},
    {.key = "status", .type = T::enumeration, .doc = "Default open.", .values = kRiskStatuses, .slot = &Risk::status},
    {.key = "response",
     .type = T::enumeration,
     .doc = "Response strategy.",
     .values = kRiskResponses,
     .slot = &Risk::response},
    {.key = "mitigation", .type = T::string, .doc = "What is being done about it.", .slot = &Risk::mitigation},
    {"affects", T::list, "Tasks it delays when it occurs.", {}, nullptr, T::task_ref},
    {"schedule_impact", T::duration_or_three_point, "Delay when it occurs."},
    {.key = "cost_impact", .type = T::money, .doc = "Cost when it occurs.", .slot = &Risk::cost_impact},
    {.key = "raised", .type = T::date, .doc = "When it was identified.", .slot = &Risk::raised},
    {.key = "review_by", .type = T::date, .doc = "Next review due.", .slot = &Risk::review_by},
};

const FieldSpec kChange[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"title", T::string, "The change requested.", {}, nullptr, T::string, true},
    {"owner", T::string, "Who requested or owns it."},
    {"status", T::enumeration, "Default proposed.", kChangeStatuses},
    {"raised", T::date, "When it was requested."},
    {"decided", T::date, "When it was approved or rejected."},
    {"approver", T::string, "Who approved or rejected it."},
    {.key = "cost_impact", .type = T::money, .doc = "Effect on cost.", .negative = true},
    {.key = "schedule_impact", .type = T::duration, .doc = "Effect on schedule.", .negative = true},
    {"affects", T::list, "What it changes: task or milestone ids, or the project's id for the whole project; an "
                         "approved change naming them lets pmo check --baseline pass their slip.", {}, nullptr, T::id},
    {"description", T::string, "Details."},
};

const FieldSpec kIssue[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"title", T::string, "The problem.", {}, nullptr, T::string, true},
    {"owner", T::string, "Who resolves it."},
    {"status", T::enumeration, "Default open.", kIssueStatuses},
    {"priority", T::enumeration, "How urgent.", kLevels},
    {"raised", T::date, "When it was raised."},
    {"due", T::date, "When it must be resolved; an open issue past it is an issue-overdue finding."},
    {"description", T::string, "Details."},
};

const FieldSpec kDecision[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"title", T::string, "What was decided.", {}, nullptr, T::string, true},
    {"owner", T::string, "Who decided."},
    {"status", T::enumeration, "Default decided.", kDecisionStatuses},
    {"date", T::date, "When."},
    {"description", T::string, "Rationale and alternatives."},
};

const FieldSpec kStakeholder[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"name", T::string, "Who.", {}, nullptr, T::string, true},
    {"role", T::string, "Their role towards the project."},
    {.key = "interest", .type = T::integer, .doc = "1..5.", .min = 1, .max = 5},
    {.key = "influence", .type = T::integer, .doc = "1..5.", .min = 1, .max = 5},
    {"engagement", T::enumeration, "Current engagement.", kEngagement},
    {"desired", T::enumeration, "The engagement the project needs of them; the report shows the gap.", kEngagement},
    {"owner", T::string, "Who manages the relationship."},
    {"contact", T::string, "How to reach them."},
    {"communication", T::object, "What they are sent, and how often.", {}, &communication},
};

const FieldSpec kCommunication[] = {
    {"channel", T::string, "How: email, steering committee, status report, ...", {}, nullptr, T::string, true},
    {"cadence", T::enumeration, "How often: weekly, biweekly (every other week), monthly or quarterly.", kCadences, nullptr,
     T::string, true},
    {"since", T::date, "The first time it was due; the cadence counts from it (default: the project's start)."},
};

const FieldSpec kGate[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"name", T::string, "The gate.", {}, nullptr, T::string, true},
    {"date", T::date, "Planned review date."},
    {"status", T::enumeration, "Default pending.", kGateStatuses},
    {"approver", T::string, "Who signs it off."},
    {"owner", T::string, "Who prepares it."},
    {"criteria", T::string, "Entry or exit criteria."},
    {"reason", T::string, "Why the gate was waived; a waived gate needs one."},
};

const FieldSpec kLesson[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"title", T::string, "The lesson.", {}, nullptr, T::string, true},
    {"owner", T::string, "Who recorded it."},
    {"date", T::date, "When."},
    {"category", T::string, "Area (planning, vendor, quality, ...)."},
    {"description", T::string, "What happened and what to do next time."},
};

const FieldSpec kAction[] = {
    {"id", T::id, "Unique id in the project.", {}, nullptr, T::string, true},
    {"title", T::string, "What is to be done.", {}, nullptr, T::string, true},
    {"owner", T::string, "Who does it."},
    {"due", T::date, "When it must be done; an open action past it is an action-overdue finding."},
    {"status", T::enumeration, "Default open.", kActionStatuses},
    {"from", T::id, "Where it was agreed: a meeting (steerco-2027-03-01) or the id of a decision."},
    {"raised", T::date, "When it was agreed."},
    {"description", T::string, "Details."},
};

constexpr std::array<FieldSpec, 10> kProjectFile = {{
    {"project", T::object, "The project's header.", {}, &project, T::string, true},
    {"tasks", T::list, "The work breakdown structure, in WBS order.", {}, &task, T::object},
    {"risks", T::list, "The risk register.", {}, &risk, T::object},
    {"changes", T::list, "Change requests.", {}, &change, T::object},
    {"issues", T::list, "The issue log.", {}, &issue, T::object},
    {"decisions", T::list, "The decision log.", {}, &decision, T::object},
    {"stakeholders", T::list, "The stakeholder register.", {}, &stakeholder, T::object},
    {"gates", T::list, "Quality gates.", {}, &gate, T::object},
    {"lessons", T::list, "Lessons learned.", {}, &lesson, T::object},
    {"actions", T::list, "Actions agreed in meetings or decisions.", {}, &action, T::object},
}};

constexpr std::string_view kRegisters[] = {"risks", "changes", "issues", "decisions", "stakeholders", "gates", "lessons",
                                           "actions"};

const FieldSpec kTemplateFields[] = {
    {"phase", T::list, "In these phases (default: every phase).", kPhases, nullptr, T::enumeration},
    {"fields", T::list, "Field paths the project must have, as in pmo.toml [[require]] (project.deadline, risks, ...).",
     {}, nullptr, T::string, true},
};

const FieldSpec kTemplateHeader[] = {
    {"description", T::string, "What the template is for."},
    {"registers", T::list, "Registers every project made from it must keep non-empty.", kRegisters, nullptr,
     T::enumeration},
    {"fields", T::list, "Fields a project must have, by phase.", {}, &template_fields, T::object},
};

/// A template file is a project file with a `template:` block first.
template <size_t N, size_t... I>
constexpr std::array<FieldSpec, N + 1> after(const FieldSpec& first, const std::array<FieldSpec, N>& rest,
                                             std::index_sequence<I...>) {
    return {first, rest[I]...};
}
constexpr std::array kTemplateFile =
    after(FieldSpec{"template", T::object, "What every project made from this template must keep; its milestones and "
                                           "gates are kept by id.", {}, &template_header},
          kProjectFile, std::make_index_sequence<kProjectFile.size()>());

const FieldSpec kHoliday[] = {
    {"date", T::date, "The day.", {}, nullptr, T::string, true},
    {"name", T::string, "What it is."},
};

const FieldSpec kCalendar[] = {
    {.key = "base", .type = T::id, .doc = "Calendar to inherit from; this one adds to it.", .slot = &Calendar::base},
    {"workweek", T::list, "Working days.", kWeekdays, nullptr, T::enumeration},
    {"hours_per_day", T::number, "Working hours in a day; default 8."},
    {"holidays", T::list, "Non-working days: dates, or {date, name}.", {}, &holiday, T::date, false, true},
    {.key = "holidays_from",
     .type = T::string,
     .doc = "An iCalendar file in the portfolio (holidays/de-be.ics): its all-day events are holidays.",
     .slot = &Calendar::holidays_from},
};

const FieldSpec kAbsence[] = {
    {"from", T::date, "First day away.", {}, nullptr, T::string, true},
    {"to", T::date, "Last day away (inclusive).", {}, nullptr, T::string, true},
    {"reason", T::string, "Why (vacation, training, ...)."},
};

const FieldSpec kResource[] = {
    {"id", T::id, "Unique id in the pool.", {}, nullptr, T::string, true},
    {.key = "name", .type = T::string, .doc = "Display name.", .slot = &Resource::name},
    {.key = "role", .type = T::string, .doc = "Role, for roll-ups and demand by role.", .slot = &Resource::role},
    {.key = "email", .type = T::string, .doc = "Contact.", .slot = &Resource::email},
    {"skills", T::list, "What the person can do.", {}, nullptr, T::id},
    {.key = "units",
     .type = T::percent,
     .doc = "Capacity per working day; default 100%; 400% is a team of four.",
     .min = 0,
     .max = 1000,
     .slot = &Resource::units},
    {.key = "rate", .type = T::money, .doc = "Cost per hour.", .slot = &Resource::rate},
    {.key = "calendar", .type = T::id, .doc = "Calendar id; default the portfolio's.", .slot = &Resource::calendar},
    {"absences", T::list, "Days away.", {}, &absence, T::object},
};

const FieldSpec kPoolFile[] = {
    {"calendars", T::map_of, "Working-time calendars by id.", {}, &calendar},
    {"resources", T::list, "The resource pool.", {}, &resource, T::object},
};
}  // namespace

const ObjectSpec status{"status", "What the project manager reports.", kStatus};
const ObjectSpec project{"project", "The project's header.", kProject};
const ObjectSpec dependency{"dependency", "A dependency on another task.", kDependency};
const ObjectSpec assignment{"assignment", "A resource booked on a task.", kAssignment};
const ObjectSpec three_point{"estimate", "A three-point estimate.", kThreePoint};
const ObjectSpec task{"task", "A task, milestone or summary task.", kTask};
const ObjectSpec risk{"risk", "A risk.", kRisk};
const ObjectSpec change{"change", "A change request.", kChange};
const ObjectSpec issue{"issue", "An issue.", kIssue};
const ObjectSpec decision{"decision", "A decision.", kDecision};
const ObjectSpec stakeholder{"stakeholder", "A stakeholder.", kStakeholder};
const ObjectSpec gate{"gate", "A quality gate.", kGate};
const ObjectSpec lesson{"lesson", "A lesson learned.", kLesson};
const ObjectSpec action{"action", "An action agreed in a meeting or a decision.", kAction};
const ObjectSpec communication{"communication", "What a stakeholder is sent, and how often.", kCommunication};
const ObjectSpec project_file{"project file", "One project: header, tasks, risks and registers.", kProjectFile};
const ObjectSpec template_fields{"template fields", "Fields a project must have in some phases.", kTemplateFields};
const ObjectSpec template_header{"template", "What every project made from the template must keep.", kTemplateHeader};
const ObjectSpec template_file{"template file", "A project template: a project file with {{id}}, {{name}} and {{start}} "
                                                "placeholders, and what its projects must keep.", kTemplateFile};
const ObjectSpec holiday{"holiday", "A non-working day.", kHoliday};
const ObjectSpec calendar{"calendar", "A working-time calendar.", kCalendar};
const ObjectSpec absence{"absence", "Days a resource is away.", kAbsence};
const ObjectSpec resource{"resource", "A person or team in the pool.", kResource};
const ObjectSpec pool_file{"pool file", "Calendars and the resource pool.", kPoolFile};

const std::span<const std::string_view> phases = kPhases, methodologies = kMethodologies,
                                        risk_statuses = kRiskStatuses, risk_responses = kRiskResponses,
                                        weekdays = kWeekdays, dep_types = kDepTypes, rags = kRags,
                                        registers = kRegisters;
}  // namespace spec

std::vector<std::string> project_field_paths() {
    std::vector<std::string> known;
    for (const FieldSpec& s : spec::project_file.fields)
        if (s.key != "project") known.push_back(std::string(s.key));
    for (const FieldSpec& s : spec::project.fields)
        if (s.key != "status") known.push_back("project." + std::string(s.key));
    for (const FieldSpec& s : spec::status.fields) known.push_back("project.status." + std::string(s.key));
    return known;
}

const FieldSpec* find_field(const ObjectSpec& object, std::string_view key) {
    for (const FieldSpec& f : object.fields)
        if (f.key == key) return &f;
    return nullptr;
}

}  // namespace pmo
