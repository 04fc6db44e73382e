#pragma once

#include <pmo/model/portfolio.hpp>

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pmo {

/// What a field's value must look like. The loader checks values against it and
/// `pmo schema` renders it as JSON Schema, so both always agree.
enum class FieldType {
    id,           ///< [a-z0-9][a-z0-9_.-]*
    string,       ///< any scalar text
    date,         ///< YYYY-MM-DD
    duration,     ///< 5d, 2w, 16h
    percent,      ///< 40% or 0.4
    money,        ///< 250000 or 250000.50
    integer,
    number,
    boolean,
    enumeration,  ///< one of FieldSpec::values
    task_ref,     ///< task or project/task
    three_point,  ///< {optimistic, likely, pessimistic}
    duration_or_three_point,
    probability,  ///< 1..scale or a percent
    object,       ///< a mapping described by FieldSpec::object
    list,         ///< a sequence of FieldSpec::item
    map_of,       ///< a mapping from ids to FieldSpec::object
};

struct ObjectSpec;

/// Where the loader puts a field's value: a member of the record it describes. The member's
/// type and the field's FieldType together say how the value is read (a Located<double> is an
/// amount for FieldType::money, a share for FieldType::percent), so a field with a slot needs no
/// code of its own in the loader. Fields without one (ids, lists, nested objects, values whose
/// meaning depends on other fields) are read by hand.
using Slot = std::variant<std::monostate,  //
                          Located<std::string> Project::*, Located<Date> Project::*, Located<double> Project::*,
                          Located<int> Project::*, Located<Phase> Project::*, Located<Methodology> Project::*,
                          Located<std::string> Task::*, Located<Date> Task::*, Located<Duration> Task::*,
                          Located<double> Task::*, Located<int> Task::*, Located<bool> Task::*,
                          Located<ThreePoint> Task::*, Duration ThreePoint::*,  //
                          Located<std::string> Risk::*, Located<Date> Risk::*, Located<double> Risk::*,
                          Located<RiskStatus> Risk::*, Located<RiskResponse> Risk::*,  //
                          Located<std::string> Resource::*, Located<double> Resource::*,
                          Located<std::string> Calendar::*>;

/// One key of a mapping in the file format.
struct FieldSpec {
    std::string_view key;
    FieldType type;
    std::string_view doc;
    std::span<const std::string_view> values = {};  ///< for enumeration
    const ObjectSpec* object = nullptr;             ///< for object, and list of objects
    FieldType item = FieldType::string;             ///< for list
    bool required = false;
    /// For list items that may also be written as one scalar (`depends: [design]`):
    /// the scalar's type; the object form is `object`.
    bool item_scalar_or_object = false;
    long min = 0, max = 0;  ///< for integer: the whole numbers allowed; for percent: the shares (1 = 100%)
    bool negative = false;  ///< for money and duration: may be below zero (a change that saves)
    Slot slot = {};         ///< where the loader puts the value, if it needs no code of its own
};

/// One kind of mapping in the file format.
struct ObjectSpec {
    std::string_view name;
    std::string_view doc;
    std::span<const FieldSpec> fields;
};

namespace spec {
extern const ObjectSpec project_file, project, status, task, dependency, assignment, three_point, risk,
    change, issue, decision, stakeholder, gate, lesson, action, communication, pool_file, calendar, holiday, resource, absence, template_file,
    template_header, template_fields;
extern const std::span<const std::string_view> phases, methodologies, risk_statuses, risk_responses, weekdays,
    dep_types, rags, registers;
}  // namespace spec

/// Every field path a requirement may name: "risks", "project.sponsor", "project.status.date", ...
std::vector<std::string> project_field_paths();

/// The field `key` of `object`, or nullptr.
const FieldSpec* find_field(const ObjectSpec& object, std::string_view key);

}  // namespace pmo
