// An imported plan as pmo's YAML. yaml-cpp's emitter does the quoting and escaping, so a task named
// `yes: no # really` comes back as it was written.
#include <pmo/load/import.hpp>
#include <pmo/model/error.hpp>
#include <pmo/model/words.hpp>

#include <cmath>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace pmo {
namespace {

constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string percent(double fraction) { return two_decimals(fraction * 100) + "%"; }

std::string duration(const Duration& d) { return two_decimals(d.value) + d.unit; }

/// Free text: several lines as a literal block, so notes stay readable in the file; yaml-cpp's
/// block keeps one final newline, so only text that ends in one is written that way.
void text(YAML::Emitter& e, const std::string& s) {
    bool plain_lines = s.find('\n') != std::string::npos && s.ends_with('\n') && !s.ends_with("\n\n");
    for (char c : s)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) plain_lines = false;
    if (plain_lines && (s.back() == ' ' || s.find(" \n") != std::string::npos)) plain_lines = false;
    if (plain_lines) e << YAML::Literal;
    e << s;
}

void task(YAML::Emitter& e, const Project& p, const Task& t) {
    e << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << t.id;
    e << YAML::Key << "name" << YAML::Value;
    text(e, t.name.value);
    if (t.milestone && t.milestone.value) e << YAML::Key << "milestone" << YAML::Value << true;
    if (t.duration) e << YAML::Key << "duration" << YAML::Value << duration(t.duration.value);
    if (t.effort) e << YAML::Key << "effort" << YAML::Value << duration(t.effort.value);
    if (!t.assign.empty()) {
        e << YAML::Key << "assign" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const Assignment& a : t.assign) {
            if (std::fabs(a.units - 1) < 1e-9) e << a.resource;
            else
                e << YAML::Flow << YAML::BeginMap << YAML::Key << "resource" << YAML::Value << a.resource << YAML::Key
                  << "units" << YAML::Value << percent(a.units) << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    if (!t.depends.empty()) {
        e << YAML::Key << "depends" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const Dependency& d : t.depends) {
            if (d.type == DepType::FS && d.lag.value == 0) e << d.ref;
            else {
                e << YAML::Flow << YAML::BeginMap << YAML::Key << "task" << YAML::Value << d.ref;
                if (d.type != DepType::FS) e << YAML::Key << "type" << YAML::Value << std::string(to_string(d.type));
                if (d.lag.value != 0) e << YAML::Key << "lag" << YAML::Value << duration(d.lag);
                e << YAML::EndMap;
            }
        }
        e << YAML::EndSeq;
    }
    if (t.start_no_earlier_than) e << YAML::Key << "start_no_earlier_than" << YAML::Value << t.start_no_earlier_than.value.iso();
    if (t.finish_no_later_than) e << YAML::Key << "finish_no_later_than" << YAML::Value << t.finish_no_later_than.value.iso();
    if (t.progress) e << YAML::Key << "progress" << YAML::Value << percent(t.progress.value);
    if (t.actual_start) e << YAML::Key << "actual_start" << YAML::Value << t.actual_start.value.iso();
    if (t.actual_finish) e << YAML::Key << "actual_finish" << YAML::Value << t.actual_finish.value.iso();
    if (t.cost) e << YAML::Key << "cost" << YAML::Value << two_decimals(t.cost.value);
    if (t.priority) e << YAML::Key << "priority" << YAML::Value << t.priority.value;
    if (t.notes) {
        e << YAML::Key << "notes" << YAML::Value;
        text(e, t.notes.value);
    }
    if (t.is_summary()) {
        e << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
        for (int32_t c : t.children) task(e, p, p.tasks[static_cast<size_t>(c)]);
        e << YAML::EndSeq;
    }
    e << YAML::EndMap;
}

std::string finish(YAML::Emitter& e) {
    if (!e.good()) throw Error("cannot write YAML: " + e.GetLastError());
    std::string s = e.c_str();
    if (s.empty() || s.back() != '\n') s += '\n';
    return s;
}

}  // namespace

std::string project_yaml(const ImportedPlan& plan) {
    const Project& p = plan.project;
    YAML::Emitter e;
    e.SetIndent(2);
    e << YAML::BeginMap;
    e << YAML::Key << "project" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "id" << YAML::Value << p.id;
    e << YAML::Key << "name" << YAML::Value << p.name.value;
    if (p.start) e << YAML::Key << "start" << YAML::Value << p.start.value.iso();
    if (p.manager) e << YAML::Key << "manager" << YAML::Value << p.manager.value;
    if (p.calendar) e << YAML::Key << "calendar" << YAML::Value << p.calendar.value;
    if (p.description) {
        e << YAML::Key << "description" << YAML::Value;
        text(e, p.description.value);
    }
    if (p.status_date)
        e << YAML::Key << "status" << YAML::Value << YAML::BeginMap << YAML::Key << "date" << YAML::Value
          << p.status_date.value.iso() << YAML::EndMap;
    e << YAML::EndMap;
    e << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
    for (const Task& t : p.tasks)
        if (t.parent < 0) task(e, p, t);
    e << YAML::EndSeq << YAML::EndMap;
    return finish(e);
}

std::string pool_yaml(const ImportedPlan& plan) {
    if (plan.calendars.empty() && plan.resources.empty()) return {};
    YAML::Emitter e;
    e.SetIndent(2);
    e << YAML::BeginMap;
    if (!plan.calendars.empty()) {
        e << YAML::Key << "calendars" << YAML::Value << YAML::BeginMap;
        for (const Calendar& c : plan.calendars) {
            e << YAML::Key << c.id << YAML::Value << YAML::BeginMap;
            if (c.base) e << YAML::Key << "base" << YAML::Value << c.base.value;
            if (c.workweek) {
                e << YAML::Key << "workweek" << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (size_t d = 0; d < 7; ++d)
                    if (c.workweek.value[d]) e << std::string(kWeekdays[d]);
                e << YAML::EndSeq;
            }
            if (c.hours_per_day) e << YAML::Key << "hours_per_day" << YAML::Value << two_decimals(c.hours_per_day.value);
            if (!c.holidays.empty()) {
                e << YAML::Key << "holidays" << YAML::Value << YAML::BeginSeq;
                for (const Holiday& h : c.holidays) {
                    if (h.name.empty()) e << h.date.iso();
                    else
                        e << YAML::Flow << YAML::BeginMap << YAML::Key << "date" << YAML::Value << h.date.iso() << YAML::Key
                          << "name" << YAML::Value << h.name << YAML::EndMap;
                }
                e << YAML::EndSeq;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndMap;
    }
    if (!plan.resources.empty()) {
        e << YAML::Key << "resources" << YAML::Value << YAML::BeginSeq;
        for (const Resource& r : plan.resources) {
            e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << r.id;
            if (r.name) e << YAML::Key << "name" << YAML::Value << r.name.value;
            if (r.role) e << YAML::Key << "role" << YAML::Value << r.role.value;
            if (r.email) e << YAML::Key << "email" << YAML::Value << r.email.value;
            if (r.units) e << YAML::Key << "units" << YAML::Value << percent(r.units.value);
            if (r.rate) e << YAML::Key << "rate" << YAML::Value << two_decimals(r.rate.value);
            if (r.calendar) e << YAML::Key << "calendar" << YAML::Value << r.calendar.value;
            if (!r.absences.empty()) {
                e << YAML::Key << "absences" << YAML::Value << YAML::BeginSeq;
                for (const Absence& a : r.absences) {
                    e << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << a.from.iso() << YAML::Key
                      << "to" << YAML::Value << a.to.iso();
                    if (!a.reason.empty()) e << YAML::Key << "reason" << YAML::Value << a.reason;
                    e << YAML::EndMap;
                }
                e << YAML::EndSeq;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    e << YAML::EndMap;
    return finish(e);
}

}  // namespace pmo
