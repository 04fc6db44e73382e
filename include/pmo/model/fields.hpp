#pragma once

#include <span>
#include <string>
#include <string_view>
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
    long min = 0, max = 0;  ///< for integer: the whole numbers allowed, min..max
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
