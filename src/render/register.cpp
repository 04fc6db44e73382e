#include <pmo/render/register.hpp>

#include <pmo/model/fields.hpp>
#include <pmo/render/findings.hpp>
#include <pmo/render/json.hpp>
#include <pmo/render/text.hpp>

#include <charconv>
#include <map>
#include <fmt/format.h>
#include <optional>

namespace pmo {
namespace {

const Record& record_of(const RegisterView& v, const RegisterRow& r) {
    return v.portfolio.projects[static_cast<size_t>(r.project)].records[static_cast<size_t>(r.record)];
}
const std::string& project_of(const RegisterView& v, const RegisterRow& r) {
    return v.portfolio.projects[static_cast<size_t>(r.project)].id;
}

/// The entry's headline: its title, or a stakeholder's or gate's name.
std::string_view title_of(const Record& r) {
    const std::string_view t = record_field(r, "title");
    return t.empty() ? record_field(r, "name") : t;
}

/// The date that matters most for an entry of the register.
std::string_view date_of(const Record& r) {
    if (r.section == "issues" || r.section == "actions") return record_field(r, "due");
    if (r.section == "changes") {
        const std::string_view d = record_field(r, "decided");
        return d.empty() ? record_field(r, "raised") : d;
    }
    return record_field(r, "date");
}

/// What the date column means for a register, in a Markdown heading.
std::string_view date_heading(std::string_view kind) {
    if (kind == "issues" || kind == "actions") return "Due";
    if (kind == "changes") return "Decided (else raised)";
    return "Date";
}

/// The status, or what stands for it: a stakeholder's engagement (and the one desired), a lesson's category.
std::string state_of(const Record& r) {
    if (r.section == "stakeholders") {
        const std::string_view now = record_field(r, "engagement"), want = record_field(r, "desired");
        if (want.empty() || want == now) return std::string(now);
        return fmt::format("{}->{}", now.empty() ? "?" : now, want);
    }
    if (r.section == "lessons") return std::string(record_field(r, "category"));
    return record_status(r);
}

/// What else matters about an entry, in a few words: a change's impact and approver, an
/// issue's priority, a stakeholder's role and communication, where an action was agreed, ...
std::string details_of(const RegisterView& v, const Record& r) {
    struct Detail {
        std::string_view label, key;
    };
    static const std::vector<Detail> none;
    static const std::map<std::string_view, std::vector<Detail>> details = {
        {"changes", {{"cost", "cost_impact"}, {"schedule", "schedule_impact"}, {"approver", "approver"}}},
        {"issues", {{"priority", "priority"}}},
        {"decisions", {{"", "description"}}},
        {"stakeholders", {{"", "role"}, {"interest", "interest"}, {"influence", "influence"},
                          {"", "communication.channel"}, {"", "communication.cadence"}}},
        {"gates", {{"approver", "approver"}, {"", "reason"}}},
        {"lessons", {{"", "description"}}},
        {"actions", {{"from", "from"}}},
    };
    auto it = details.find(r.section);
    std::vector<std::string> parts;
    for (const Detail& d : it == details.end() ? none : it->second) {
        const std::string_view value = record_field(r, d.key);
        if (value.empty()) continue;
        const std::string shown = d.key == "approver" ? v.portfolio.person(value) : std::string(value);
        parts.push_back(d.label.empty() ? shown : fmt::format("{} {}", d.label, shown));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string flags_of(const RegisterRow& row) {
    std::string s = row.overdue ? "overdue" : "";
    if (!row.since.empty()) s += (s.empty() ? "" : ",") + row.since;
    return s;
}

std::string owner_of(const RegisterView& v, const Record& r) {
    const std::string_view o = record_field(r, "owner");
    return o.empty() ? std::string() : v.portfolio.person(o);
}

const ObjectSpec& spec_of(std::string_view kind) { return *find_field(spec::project_file, kind)->object; }

struct Column {
    std::string key;  ///< a field, or "object.field" for a field of a nested object
    FieldType type;
    bool list;
};

/// Every field the registers define, in the order of the format, each once.
std::vector<Column> columns(const std::vector<std::string>& kinds) {
    std::vector<Column> cols;
    auto add = [&](std::string key, FieldType type, bool list) {
        for (const Column& c : cols)
            if (c.key == key) return;
        cols.push_back({std::move(key), type, list});
    };
    for (const std::string& kind : kinds)
        for (const FieldSpec& f : spec_of(kind).fields) {
            if (f.type == FieldType::object && f.object)
                for (const FieldSpec& g : f.object->fields) add(fmt::format("{}.{}", f.key, g.key), g.type, false);
            else add(std::string(f.key), f.type, f.type == FieldType::list);
        }
    return cols;
}

std::string list_text(const Record& r, const std::string& key, std::string_view sep) {
    auto it = r.lists.find(key);
    if (it == r.lists.end()) return "";
    std::string s;
    for (const auto& item : it->second) s += (s.empty() ? "" : std::string(sep)) + item.value;
    return s;
}

/// A money or integer field as a number; nullopt when it is not one.
std::optional<double> number(const std::string& text) {
    double d = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return d;
}

/// A register's heading in Markdown.
std::string_view register_title(std::string_view kind) {
    static const std::map<std::string_view, std::string_view> titles = {
        {"changes", "Change requests"}, {"issues", "Issue log"},     {"decisions", "Decision log"},
        {"stakeholders", "Stakeholders"}, {"gates", "Quality gates"}, {"lessons", "Lessons learned"},
        {"actions", "Actions"}};
    auto it = titles.find(kind);
    return it == titles.end() ? kind : it->second;
}

}  // namespace

void render_register_table(std::ostream& out, const RegisterView& v) {
    const char* bold = v.color ? "\033[1m" : "";
    const char* reset = v.color ? "\033[0m" : "";
    const char* red = v.color ? "\033[31m" : "";
    size_t pw = 7, iw = 2;
    for (const RegisterRow& row : v.listing.rows) {
        pw = std::max(pw, std::min<size_t>(project_of(v, row).size(), 20));
        iw = std::max(iw, std::min<size_t>(record_of(v, row).id.size(), 20));
    }
    out << bold << fmt::format("{:<{}} {:<12} {:<{}} {:<20} {:<18} {:<10} {:<15} {}", "project", pw, "register", "id", iw,
                               "status", "owner", "date", "flags", "title")
        << reset << '\n';
    for (const RegisterRow& row : v.listing.rows) {
        const Record& r = record_of(v, row);
        const std::string_view date = date_of(r);
        out << (row.overdue ? red : "")
            << fmt::format("{:<{}} {:<12} {:<{}} {:<20} {:<18} {:<10} {:<15} {}", terminal_cell(project_of(v, row), 20), pw,
                           r.kind, terminal_cell(r.id, 20), iw, terminal_cell(state_of(r), 20),
                           terminal_cell(owner_of(v, r), 18), date.empty() ? "-" : date, flags_of(row),
                           terminal_text(title_of(r)))
            << (row.overdue ? reset : "") << '\n';
    }
    const size_t n = v.listing.rows.size();
    out << (n == 1 ? std::string("1 entry") : fmt::format("{} entries", n));
    if (!v.since_revision.empty())
        out << fmt::format(" added or changed since {} ({})", terminal_text(v.since_revision), v.since_commit.substr(0, 12));
    out << '\n';
}

void render_register_markdown(std::ostream& out, const RegisterView& v) {
    bool any = false;
    for (const std::string& kind : v.listing.kinds) {
        std::vector<const RegisterRow*> rows;
        for (const RegisterRow& row : v.listing.rows)
            if (record_of(v, row).section == kind) rows.push_back(&row);
        if (rows.empty()) continue;
        any = true;
        const std::string_view state = kind == "stakeholders" ? "Engagement" : kind == "lessons" ? "Category" : "Status";
        out << "## " << register_title(kind) << "\n\n";
        out << fmt::format("| Project | Id | Title | Details | {} | Owner | {} |{}\n|---|---|---|---|---|---|---|{}\n", state,
                           date_heading(kind), v.listing.since ? " Overdue | Since |" : " Overdue |",
                           v.listing.since ? "---|---|" : "---|");
        for (const RegisterRow* row : rows) {
            const Record& r = record_of(v, *row);
            const std::string_view date = date_of(r);
            out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |", md_escape(project_of(v, *row)), md_escape(r.id),
                               md_escape(title_of(r)), md_escape(details_of(v, r)), md_escape(state_of(r)),
                               md_escape(owner_of(v, r)),
                               date.empty() ? "–" : date, row->overdue ? "**overdue**" : "");
            if (v.listing.since) out << ' ' << row->since << " |";
            out << '\n';
        }
        out << '\n';
    }
    if (!any) out << "No register entries match.\n";
    else if (!v.since_revision.empty())
        out << fmt::format("Added or changed since {} ({}).\n", md_escape(v.since_revision), v.since_commit.substr(0, 12));
}

void render_register_csv(std::ostream& out, const RegisterView& v) {
    const std::vector<Column> cols = columns(v.listing.kinds);
    out << "project,register";
    for (const Column& c : cols) out << ',' << csv_field(c.key);
    out << ",overdue" << (v.listing.since ? ",since" : "") << "\r\n";
    for (const RegisterRow& row : v.listing.rows) {
        const Record& r = record_of(v, row);
        out << csv_field(project_of(v, row)) << ',' << csv_field(r.section);
        for (const Column& c : cols) {
            const std::string value = c.list ? list_text(r, c.key, ";")
                                      : c.key == "status" ? record_status(r)
                                                          : std::string(record_field(r, c.key));
            out << ',' << csv_field(value);
        }
        out << ',' << (row.overdue ? "true" : "false");
        if (v.listing.since) out << ',' << row.since;
        out << "\r\n";
    }
}

void render_register_json(std::ostream& out, const RegisterView& v) {
    JsonWriter w(out);
    w.begin_object();
    w.key("registers").begin_array();
    for (const std::string& k : v.listing.kinds) w.value(k);
    w.end_array();
    w.key("since");
    if (v.since_revision.empty()) w.null();
    else w.begin_object().field("revision", v.since_revision).field("commit", v.since_commit).end_object();
    w.key("entries").begin_array();
    for (const RegisterRow& row : v.listing.rows) {
        const Record& r = record_of(v, row);
        w.begin_object().field("project", project_of(v, row)).field("register", r.section).field("id", r.id);
        w.field("location", location(v.portfolio, r.pos));
        const std::string status = record_status(r);
        w.key("status");
        if (status.empty()) w.null();
        else w.value(status);
        w.field("overdue", row.overdue);
        if (v.listing.since) w.field("since", row.since);
        w.key("fields").begin_object();
        std::string open;  // the nested object being written, "" for none
        for (const Column& c : columns({r.section})) {
            const size_t dot = c.key.find('.');
            const std::string parent = dot == std::string::npos ? "" : c.key.substr(0, dot);
            const bool has = c.list ? r.lists.count(c.key) > 0 : r.fields.count(c.key) > 0;
            if (!has || c.key == "id") continue;
            if (parent != open) {
                if (!open.empty()) w.end_object();
                if (!parent.empty()) w.key(parent).begin_object();
                open = parent;
            }
            w.key(dot == std::string::npos ? c.key : c.key.substr(dot + 1));
            if (c.list) {
                w.begin_array();
                for (const auto& item : r.lists.at(c.key)) w.value(item.value);
                w.end_array();
            } else if (const std::string& text = r.fields.at(c.key).value;
                       (c.type == FieldType::money || c.type == FieldType::integer) && number(text)) {
                w.value(*number(text));
            } else {
                w.value(r.fields.at(c.key).value);
            }
        }
        if (!open.empty()) w.end_object();
        w.end_object().end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

}  // namespace pmo
