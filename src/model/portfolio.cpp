#include <pmo/model/portfolio.hpp>

#include <algorithm>

namespace pmo {

std::string_view to_string(Severity s) {
    switch (s) {
    case Severity::off: return "off";
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    }
    return "error";
}

bool parse_severity(std::string_view t, Severity& out) {
    for (Severity s : {Severity::off, Severity::info, Severity::warning, Severity::error})
        if (t == to_string(s)) {
            out = s;
            return true;
        }
    return false;
}

std::string_view to_string(DepType t) {
    switch (t) {
    case DepType::FS: return "FS";
    case DepType::SS: return "SS";
    case DepType::FF: return "FF";
    case DepType::SF: return "SF";
    }
    return "FS";
}

const Template* Portfolio::find_template(std::string_view name) const {
    for (const Template& t : templates)
        if (t.name == name) return &t;
    return nullptr;
}

namespace {
template <class V>
int32_t index_by_id(const V& v, std::string_view id) {
    auto it = std::lower_bound(v.begin(), v.end(), id, [](const auto& x, std::string_view k) { return x.id < k; });
    return it != v.end() && it->id == id ? static_cast<int32_t>(it - v.begin()) : -1;
}
}  // namespace

int32_t Portfolio::project_index(std::string_view id) const { return index_by_id(projects, id); }
int32_t Portfolio::resource_index(std::string_view id) const { return index_by_id(resources, id); }
int32_t Portfolio::calendar_index(std::string_view id) const { return index_by_id(calendars, id); }

const Project* Portfolio::find_project(std::string_view id) const {
    const int32_t i = project_index(id);
    return i < 0 ? nullptr : &projects[static_cast<size_t>(i)];
}
const Resource* Portfolio::find_resource(std::string_view id) const {
    const int32_t i = resource_index(id);
    return i < 0 ? nullptr : &resources[static_cast<size_t>(i)];
}
std::string Portfolio::person(std::string_view who) const {
    const Resource* r = find_resource(who);
    return r && r->name && !r->name.value.empty() ? r->name.value : std::string(who);
}
const Calendar* Portfolio::find_calendar(std::string_view id) const {
    const int32_t i = calendar_index(id);
    return i < 0 ? nullptr : &calendars[static_cast<size_t>(i)];
}

const Calendar& standard_calendar() {
    static const Calendar c = [] {
        Calendar s;
        s.id = "standard";
        return s;
    }();
    return c;
}

const Calendar& Portfolio::project_calendar(const Project& p) const {
    if (p.calendar)
        if (const Calendar* c = find_calendar(p.calendar.value)) return *c;
    if (!config.calendar.empty())
        if (const Calendar* c = find_calendar(config.calendar)) return *c;
    if (const Calendar* c = find_calendar("default")) return *c;
    return standard_calendar();
}

int32_t find_task(const Project& p, std::string_view id) {
    auto it = p.task_ids.find(std::string(id));
    return it == p.task_ids.end() ? -1 : it->second;
}

Date status_date(const Project& p, const std::optional<Date>& as_of, Date today) {
    if (as_of) return *as_of;
    if (p.status_date) return p.status_date.value;
    return today;
}

}  // namespace pmo
