#include <pmo/render/schema.hpp>

#include <pmo/render/json.hpp>

#include <set>
#include <string>

namespace pmo {
namespace {

std::string def_name(const ObjectSpec& o) {
    std::string s(o.name);
    for (char& c : s)
        if (c == ' ') c = '_';
    return s;
}

void scalar_type(JsonWriter& w, FieldType t, std::span<const std::string_view> values) {
    switch (t) {
    case FieldType::id: w.field("$ref", "#/definitions/id"); break;
    case FieldType::date: w.field("$ref", "#/definitions/date"); break;
    case FieldType::duration: w.field("$ref", "#/definitions/duration"); break;
    case FieldType::percent: w.field("$ref", "#/definitions/percent"); break;
    case FieldType::money: w.field("$ref", "#/definitions/money"); break;
    case FieldType::task_ref: w.field("$ref", "#/definitions/task_ref"); break;
    case FieldType::probability: w.field("$ref", "#/definitions/probability"); break;
    case FieldType::integer: w.field("type", "integer"); break;
    case FieldType::number: w.field("type", "number"); break;
    case FieldType::boolean: w.field("type", "boolean"); break;
    case FieldType::enumeration:
        w.key("enum").begin_array();
        for (auto v : values) w.value(v);
        // pmo reads a dependency type in any case (ss is SS): the editor must not flag it.
        if (values.data() == spec::dep_types.data())
            for (auto v : values) {
                std::string lower(v);
                for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
                w.value(lower);
            }
        w.end_array();
        break;
    default: w.key("type").begin_array().value("string").value("number").value("boolean").end_array(); break;
    }
}

void field_schema(JsonWriter& w, const FieldSpec& f, std::set<const ObjectSpec*>& needed) {
    w.begin_object();
    w.field("description", f.doc);
    switch (f.type) {
    case FieldType::object:
        needed.insert(f.object);
        w.field("$ref", "#/definitions/" + def_name(*f.object));
        break;
    case FieldType::three_point:
        w.field("$ref", "#/definitions/estimate");
        break;
    case FieldType::duration_or_three_point:
        w.key("anyOf").begin_array();
        w.begin_object().field("$ref", "#/definitions/duration").end_object();
        w.begin_object().field("$ref", "#/definitions/estimate").end_object();
        w.end_array();
        break;
    case FieldType::map_of:
        needed.insert(f.object);
        w.key("type").begin_array().value("object").value("null").end_array();
        w.key("propertyNames").begin_object().field("$ref", "#/definitions/id").end_object();
        w.key("additionalProperties").begin_object();
        w.key("anyOf").begin_array();
        w.begin_object().field("$ref", "#/definitions/" + def_name(*f.object)).end_object();
        w.begin_object().field("type", "null").end_object();
        w.end_array();
        w.end_object();
        break;
    case FieldType::list:
        w.key("type").begin_array().value("array").value("null").end_array();
        w.key("items").begin_object();
        if (f.object) {
            needed.insert(f.object);
            if (f.item_scalar_or_object) {
                w.key("anyOf").begin_array();
                w.begin_object();
                scalar_type(w, f.item, f.values);
                w.end_object();
                w.begin_object().field("$ref", "#/definitions/" + def_name(*f.object)).end_object();
                w.end_array();
            } else {
                w.field("$ref", "#/definitions/" + def_name(*f.object));
            }
        } else {
            scalar_type(w, f.item, f.values);
        }
        w.end_object();
        break;
    default: scalar_type(w, f.type, f.values); break;
    }
    w.end_object();
}

/// An object of exactly the keys of `o`: its type, required keys and properties.
void object_members(JsonWriter& w, const ObjectSpec& o, std::set<const ObjectSpec*>& needed) {
    w.field("type", "object");
    w.field("additionalProperties", false);
    bool any_required = false;
    for (const FieldSpec& f : o.fields) any_required |= f.required;
    if (any_required) {
        w.key("required").begin_array();
        for (const FieldSpec& f : o.fields)
            if (f.required) w.value(f.key);
        w.end_array();
    }
    w.key("properties").begin_object();
    for (const FieldSpec& f : o.fields) {
        w.key(f.key);
        field_schema(w, f, needed);
    }
    w.end_object();
}

void object_schema(JsonWriter& w, const ObjectSpec& o, std::set<const ObjectSpec*>& needed) {
    w.begin_object();
    w.field("description", o.doc);
    object_members(w, o, needed);
    w.end_object();
}

}  // namespace

void render_schema(std::ostream& out, const ObjectSpec& file) {
    JsonWriter w(out);
    std::set<const ObjectSpec*> needed{&spec::three_point}, done;
    w.begin_object();
    w.field("$schema", "http://json-schema.org/draft-07/schema#");
    w.field("$id", "https://pmo.dev/schemas/" + def_name(file) + ".json");
    w.field("title", "pmo " + std::string(file.name));
    w.field("description", file.doc);
    object_members(w, file, needed);
    w.key("definitions").begin_object();
    w.key("id").begin_object().field("type", "string").field("pattern", "^[a-z0-9][a-z0-9_.-]*$").end_object();
    w.key("date").begin_object().field("type", "string").field("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$").end_object();
    w.key("duration").begin_object()
        .field("description", "Working time: 5d (days), 2w (weeks), 16h (hours).")
        .field("type", "string").field("pattern", "^-?[0-9]+(\\.[0-9]+)?[dwh]$").end_object();
    w.key("percent").begin_object().key("anyOf").begin_array();
    w.begin_object().field("type", "string").field("pattern", "^[0-9]+(\\.[0-9]+)?%$").end_object();
    w.begin_object().field("type", "number").field("minimum", 0).end_object();
    w.end_array().end_object();
    w.key("probability").begin_object().key("anyOf").begin_array();
    w.begin_object().field("type", "string").field("pattern", "^[0-9]+(\\.[0-9]+)?%$").end_object();
    w.begin_object().field("type", "number").field("minimum", 0).end_object();
    w.end_array().end_object();
    w.key("money").begin_object().field("type", "number").field("minimum", 0).end_object();
    w.key("task_ref").begin_object()
        .field("description", "A task of this project, or project/task of another.")
        .field("type", "string").field("pattern", "^([a-z0-9][a-z0-9_.-]*/)?[a-z0-9][a-z0-9_.-]*$").end_object();
    // Object definitions, each once, following references until none is new.
    while (true) {
        const ObjectSpec* next = nullptr;
        for (const ObjectSpec* o : needed)
            if (!done.count(o) && (!next || o->name < next->name)) next = o;
        if (!next) break;
        done.insert(next);
        w.key(def_name(*next));
        object_schema(w, *next, needed);
    }
    w.end_object();
    w.end_object();
    w.finish();
}

}  // namespace pmo
