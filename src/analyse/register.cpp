#include <pmo/analyse/register.hpp>

#include <pmo/check/checker.hpp>
#include <pmo/model/fields.hpp>
#include <pmo/model/spell.hpp>

#include <algorithm>

namespace pmo {
namespace {

constexpr std::string_view kKinds[] = {"changes", "issues", "decisions", "stakeholders", "gates", "lessons", "actions"};

/// The same entry in the portfolio of another revision, or nullptr.
const Record* same_record(const Portfolio& then, const Project& p, const Record& r) {
    const Project* q = then.find_project(p.id);
    if (!q) return nullptr;
    for (const Record& x : q->records)
        if (x.section == r.section && x.id == r.id) return &x;
    return nullptr;
}

/// Whether two records say the same, wherever they are written.
bool same_content(const Record& a, const Record& b) {
    auto values = [](const Record& r) {
        std::vector<std::pair<std::string, std::vector<std::string>>> v;
        for (const auto& [k, f] : r.fields) v.push_back({k, {f.value}});
        for (const auto& [k, items] : r.lists) {
            std::vector<std::string> s;
            for (const auto& i : items) s.push_back(i.value);
            v.push_back({"[]" + k, s});
        }
        return v;
    };
    return values(a) == values(b);
}

}  // namespace

std::span<const std::string_view> register_kinds() { return kKinds; }

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > haystack.size()) return false;
    for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (equal_ignoring_case(haystack.substr(i, needle.size()), needle)) return true;
    return false;
}

RegisterListing list_registers(const Portfolio& pf, const RegisterFilter& f) {
    RegisterListing out;
    out.kinds = f.kinds;
    out.since = f.since != nullptr;
    for (size_t pi = 0; pi < pf.projects.size(); ++pi) {
        const Project& p = pf.projects[pi];
        if (!f.projects.empty() && !f.projects.count(p.id)) continue;
        const Date today = status_date(p, f.as_of, f.today);
        for (const std::string& kind : f.kinds)
            for (size_t ri = 0; ri < p.records.size(); ++ri) {
                const Record& r = p.records[ri];
                if (r.section != kind) continue;
                RegisterRow row{static_cast<int32_t>(pi), static_cast<int32_t>(ri), record_overdue(r, today), ""};
                if (f.overdue && !row.overdue) continue;
                if (!f.statuses.empty() && !f.statuses.count(record_status(r))) continue;
                if (!f.owners.empty() && !f.owners.count(std::string(record_field(r, "owner")))) continue;
                if (!f.category.empty() && !equal_ignoring_case(record_field(r, "category"), f.category)) continue;
                if (!f.text.empty() && !contains_ignoring_case(record_field(r, "title"), f.text) &&
                    !contains_ignoring_case(record_field(r, "name"), f.text) &&
                    !contains_ignoring_case(record_field(r, "description"), f.text))
                    continue;
                if (f.since) {
                    const Record* then = same_record(*f.since, p, r);
                    if (then && same_content(*then, r)) continue;
                    row.since = then ? "changed" : "added";
                }
                out.rows.push_back(std::move(row));
            }
    }
    return out;
}

}  // namespace pmo
