#include <pmo/model/records.hpp>

namespace pmo {

std::string_view record_field(const Record& r, std::string_view key) {
    auto it = r.fields.find(std::string(key));
    return it == r.fields.end() ? std::string_view() : std::string_view(it->second.value);
}

std::string record_status(const Record& r) {
    if (const std::string_view s = record_field(r, "status"); !s.empty()) return std::string(s);
    if (r.section == "changes") return "proposed";
    if (r.section == "issues" || r.section == "actions") return "open";
    if (r.section == "decisions") return "decided";
    if (r.section == "gates") return "pending";
    return "";
}

bool record_overdue(const Record& r, Date today) {
    const std::string status = record_status(r);
    std::string_view due;
    if (r.section == "issues" || r.section == "actions") {
        if (status != "open" && status != "in-progress") return false;
        due = record_field(r, "due");
    } else if (r.section == "gates") {
        if (status != "pending") return false;
        due = record_field(r, "date");
    }
    const std::optional<Date> d = due.empty() ? std::nullopt : Date::parse(due);
    return d && *d < today;
}

}  // namespace pmo
