#include "decode.hpp"

#include <pmo/check/rule_ids.hpp>
#include <pmo/model/spell.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <optional>
#include <type_traits>
#include <variant>

namespace pmo::detail {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

bool valid_id(std::string_view s) {
    if (s.empty()) return false;
    auto ok0 = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!ok0(s[0])) return false;
    for (char c : s)
        if (!ok0(c) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

std::string shown(std::string_view s) {
    // Values quoted in messages: short, one line.
    std::string r(s.substr(0, 60));
    for (char& c : r)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > 60) r += "...";
    return r;
}

class Decoder {
public:
    Decoder(const YDoc& doc, int32_t file, Findings& out) : m_doc(doc), m_file(file), m_out(out) {}

    Pos pos(uint32_t n) const { return Pos{m_file, m_doc.nodes[n].line, m_doc.nodes[n].col}; }
    const YNode& node(uint32_t n) const { return m_doc.nodes[n]; }
    std::string_view text(uint32_t n) const { return m_doc.scalar(m_doc.nodes[n]); }

    void error(RuleId rule, Pos p, std::string msg, std::vector<Note> notes = {}) {
        m_out.push_back(Finding{std::string(rule), Severity::error, p, std::move(msg), std::move(notes)});
    }

    static std::string_view kind_name(const YNode& n) {
        switch (n.kind) {
        case YNode::null: return "nothing";
        case YNode::scalar: return "a value";
        case YNode::sequence: return "a list";
        case YNode::mapping: return "a mapping";
        }
        return "?";
    }

    bool expect(uint32_t n, YNode::Kind kind, std::string_view what) {
        if (node(n).kind == kind) return true;
        std::string_view want = kind == YNode::mapping ? "a mapping (key: value)"
                                : kind == YNode::sequence ? "a list"
                                                          : "a value";
        error(rule_id::invalid_value, pos(n), fmt::format("{} must be {}, got {}", what, want, kind_name(node(n))));
        return false;
    }

    /// Reports unknown keys (with a suggestion) and missing required keys; calls `fn(key, field, value)`
    /// for every known key.
    template <class Fn>
    void fields(uint32_t map, const ObjectSpec& spec, std::string_view what, Fn&& fn) {
        const YNode& m = node(map);
        for (uint32_t k = 0; k + 1 < m.count; k += 2) {
            const uint32_t kn = m_doc.child(m, k), vn = m_doc.child(m, k + 1);
            if (node(kn).kind != YNode::scalar) {
                error(rule_id::invalid_value, pos(kn), "keys must be plain words");
                continue;
            }
            const std::string_view key = text(kn);
            const FieldSpec* f = find_field(spec, key);
            if (!f) {
                std::vector<std::string_view> names;
                for (const FieldSpec& s : spec.fields) names.push_back(s.key);
                error(rule_id::unknown_key, pos(kn),
                      fmt::format("unknown key '{}' in {}{}", shown(key), what, did_you_mean(key, names)));
                continue;
            }
            fn(key, *f, vn, kn);
        }
        for (const FieldSpec& f : spec.fields)
            if (f.required && m_doc.get(m, f.key) == kNone)
                error(rule_id::missing_field, pos(map), fmt::format("{} has no '{}' ({})", what, f.key, f.doc));
    }

    bool scalar(uint32_t n, std::string_view what, std::string_view& out) {
        if (node(n).kind == YNode::null) {
            error(rule_id::invalid_value, pos(n), fmt::format("{} is empty", what));
            return false;
        }
        if (!expect(n, YNode::scalar, what)) return false;
        out = text(n);
        return true;
    }

    bool get_string(uint32_t n, std::string_view what, Located<std::string>& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        out.set(std::string(s), pos(n));
        return true;
    }

    bool get_id(uint32_t n, std::string_view what, std::string& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        if (!valid_id(s)) {
            error(rule_id::invalid_id, pos(n),
                  fmt::format("{} '{}' is not a valid id: use lower-case letters, digits, '_', '.' and '-', "
                              "starting with a letter or digit",
                              what, shown(s)));
            return false;
        }
        out = std::string(s);
        return true;
    }
    bool get_id(uint32_t n, std::string_view what, Located<std::string>& out) {
        std::string s;
        if (!get_id(n, what, s)) return false;
        out.set(std::move(s), pos(n));
        return true;
    }

    /// The id of an entry (a project, task, risk, resource): where the entry is, from then on.
    bool get_entry_id(uint32_t n, std::string_view what, std::string& id, Pos& at) {
        Located<std::string> s;
        if (!get_id(n, what, s)) return false;
        id = std::move(s.value);
        at = s.pos;
        return true;
    }

    /// How a field of an entry is named in messages: "task 'design' duration", or "task duration"
    /// before its id is known.
    static std::string field_of(std::string_view kind, const std::string& id, std::string_view key) {
        return id.empty() ? fmt::format("{} {}", kind, key) : fmt::format("{} '{}' {}", kind, id, key);
    }

    bool get_date(uint32_t n, std::string_view what, Located<Date>& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        if (auto d = Date::parse(s)) {
            out.set(*d, pos(n));
            return true;
        }
        if (looks_like_date(s))
            error(rule_id::invalid_date, pos(n), fmt::format("{}: {} is not a day of the calendar", what, s));
        else
            error(rule_id::invalid_value, pos(n), fmt::format("{}: expected a date like 2027-03-01, got '{}'", what, shown(s)));
        return false;
    }

    /// Why a value that reads well is refused: it is text, in quotes or tagged `!!str`.
    std::string_view as_text(uint32_t n, bool would_parse) const {
        return node(n).quoted && would_parse ? " written as text (in quotes or with !!str); write it plain" : "";
    }

    bool get_duration(uint32_t n, std::string_view what, Located<Duration>& out, bool allow_negative = false) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        auto d = parse_duration(s);
        if (!d || node(n).quoted) {
            error(rule_id::invalid_value, pos(n),
                  fmt::format("{}: expected a duration like 5d, 2w or 16h, got '{}'{}", what, shown(s),
                              as_text(n, d.has_value())));
            return false;
        }
        if (!allow_negative && d->value < 0) {
            error(rule_id::invalid_value, pos(n), fmt::format("{}: a duration cannot be negative, got '{}'", what, shown(s)));
            return false;
        }
        if (std::fabs(d->value) > 1e6) {
            error(rule_id::invalid_value, pos(n),
                  fmt::format("{}: '{}' is beyond any plan (at most 1000000 units)", what, shown(s)));
            return false;
        }
        out.set(*d, pos(n));
        return true;
    }

    bool get_number(uint32_t n, std::string_view what, std::string_view example, Located<double>& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        auto v = node(n).quoted ? std::nullopt : parse_number(s);
        if (!v) {
            error(rule_id::invalid_value, pos(n), fmt::format("{}: expected {}, got '{}'{}", what, example, shown(s),
                                                       as_text(n, parse_number(s).has_value())));
            return false;
        }
        out.set(*v, pos(n));
        return true;
    }

    /// `signed_amount`: a change to an amount (a change request that saves money), so below 0 too.
    bool get_money(uint32_t n, std::string_view what, Located<double>& out, bool signed_amount = false) {
        if (!get_number(n, what, "an amount like 250000 or 250000.50", out)) return false;
        if ((out.value < 0 && !signed_amount) || std::fabs(out.value) > 1e15) {
            error(rule_id::invalid_value, pos(n), fmt::format("{}: an amount must be between {} and 10^15", what,
                                                              signed_amount ? "-10^15" : "0"));
            out.present = false;
            return false;
        }
        return true;
    }

    bool get_int(uint32_t n, std::string_view what, long lo, long hi, Located<int>& out) {
        Located<double> v;
        if (!get_number(n, what, "a whole number", v)) return false;
        if (v.value != std::floor(v.value) || v.value < static_cast<double>(lo) || v.value > static_cast<double>(hi)) {
            error(rule_id::invalid_value, pos(n), fmt::format("{}: expected a whole number from {} to {}, got '{}'", what, lo,
                                                       hi, shown(text(n))));
            return false;
        }
        out.set(static_cast<int>(v.value), pos(n));
        return true;
    }

    /// A whole number in the range of its field's spec.
    bool get_int(uint32_t n, std::string_view what, const FieldSpec& f, Located<int>& out) {
        return get_int(n, what, f.min, f.max, out);
    }

    bool get_percent(uint32_t n, std::string_view what, double lo, double hi, Located<double>& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        auto v = node(n).quoted ? std::nullopt : parse_percent(s);
        if (!v) {
            error(rule_id::invalid_value, pos(n), fmt::format("{}: expected a percent like 40% or 0.4, got '{}'{}", what,
                                                       shown(s), as_text(n, parse_percent(s).has_value())));
            return false;
        }
        if (*v < lo || *v > hi) {
            // `progress: 70` means 70%, not 7000%: a plain number that fits as a percent is one.
            const bool percent_meant = !s.ends_with('%') && *v > hi && *v / 100 >= lo && *v / 100 <= hi;
            error(rule_id::invalid_value, pos(n),
                  fmt::format("{}: must be between {}% and {}%, got '{}'{}", what, lo * 100, hi * 100, shown(s),
                              percent_meant ? fmt::format(" (did you mean '{}%'?)", shown(s)) : std::string()));
            return false;
        }
        out.set(*v, pos(n));
        return true;
    }

    bool get_bool(uint32_t n, std::string_view what, Located<bool>& out) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        if (!node(n).quoted && (s == "true" || s == "false" || s == "yes" || s == "no")) {
            out.set(s == "true" || s == "yes", pos(n));
            return true;
        }
        const bool word = s == "true" || s == "false" || s == "yes" || s == "no";
        error(rule_id::invalid_value, pos(n), fmt::format("{}: expected true or false, got '{}'{}", what, shown(s), as_text(n, word)));
        return false;
    }

    template <class E>
    bool get_enum(uint32_t n, std::string_view what, std::span<const std::string_view> values, Located<E>& out,
                  bool ignore_case = false) {
        std::string_view s;
        if (!scalar(n, what, s)) return false;
        for (size_t i = 0; i < values.size(); ++i)
            if (values[i] == s || (ignore_case && equal_ignoring_case(values[i], s))) {
                out.set(static_cast<E>(i), pos(n));
                return true;
            }
        error(rule_id::invalid_value, pos(n),
              fmt::format("{}: '{}' is not one of {}{}", what, shown(s), fmt::join(values, ", "),
                          did_you_mean(s, {values.begin(), values.end()})));
        return false;
    }

    bool get_enum_text(uint32_t n, std::string_view what, std::span<const std::string_view> values,
                       Located<std::string>& out) {
        Located<int> i;
        if (!get_enum(n, what, values, i)) return false;
        out.set(std::string(values[static_cast<size_t>(i.value)]), i.pos);
        return true;
    }

    bool get_three_point(uint32_t n, std::string_view what, Located<ThreePoint>& out) {
        if (!expect(n, YNode::mapping, what)) return false;
        ThreePoint tp;
        bool ok = true;
        fields(n, spec::three_point, what, [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            ok = into_slot(tp, f, v, fmt::format("{} {}", what, key)).value_or(false) && ok;
        });
        for (auto k : {"optimistic", "likely", "pessimistic"})
            if (m_doc.get(node(n), k) == kNone) ok = false;
        if (!ok) return false;
        out.set(tp, pos(n));
        return true;
    }

    // ---- a value into the member its field's slot names ----

    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Located<std::string>& out) {
        switch (f.type) {
        case FieldType::id: return get_id(n, what, out);
        case FieldType::enumeration: return get_enum_text(n, what, f.values, out);
        default: return get_string(n, what, out);
        }
    }
    bool value(uint32_t n, std::string_view what, const FieldSpec&, Located<Date>& out) { return get_date(n, what, out); }
    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Located<Duration>& out) {
        return get_duration(n, what, out, f.negative);
    }
    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Duration& out) {
        Located<Duration> d;
        if (!get_duration(n, what, d, f.negative)) return false;
        out = d.value;
        return true;
    }
    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Located<double>& out) {
        switch (f.type) {
        case FieldType::money: return get_money(n, what, out, f.negative);
        case FieldType::percent:
            return get_percent(n, what, static_cast<double>(f.min), static_cast<double>(f.max), out);
        default: return get_number(n, what, "a number", out);
        }
    }
    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Located<int>& out) { return get_int(n, what, f, out); }
    bool value(uint32_t n, std::string_view what, const FieldSpec&, Located<bool>& out) { return get_bool(n, what, out); }
    bool value(uint32_t n, std::string_view what, const FieldSpec&, Located<ThreePoint>& out) {
        return get_three_point(n, what, out);
    }
    template <class E>
        requires std::is_enum_v<E>
    bool value(uint32_t n, std::string_view what, const FieldSpec& f, Located<E>& out) {
        return get_enum(n, what, f.values, out);
    }

    template <class M>
    struct member_of;
    template <class T, class C>
    struct member_of<T C::*> {
        using type = C;
    };

    /// Reads `n` into the member of `owner` that `f.slot` names: nullopt when `f` has no slot in
    /// an `O` (the caller reads that key itself), else whether the value was good.
    template <class O>
    std::optional<bool> into_slot(O& owner, const FieldSpec& f, uint32_t n, std::string_view what) {
        std::optional<bool> ok;
        std::visit(
            [&]<class M>(M slot) {
                if constexpr (!std::is_same_v<M, std::monostate>)
                    if constexpr (std::is_same_v<typename member_of<M>::type, O>) ok = value(n, what, f, owner.*slot);
            },
            f.slot);
        return ok;
    }

    /// Calls fn(item) for each item of a list; reports a non-list.
    template <class Fn>
    void each(uint32_t n, std::string_view what, Fn&& fn) {
        if (node(n).kind == YNode::null) return;  // `risks:` with nothing under it: an empty list
        if (!expect(n, YNode::sequence, what)) return;
        const YNode& s = node(n);
        for (uint32_t k = 0; k < s.count; ++k) fn(m_doc.child(s, k));
    }

    // ---- project files ----

    void project_header(uint32_t n, Project& p) {
        if (!expect(n, YNode::mapping, "'project'")) return;
        fields(n, spec::project, "the project", [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            const std::string field = fmt::format("project.{}", key);
            bool ok = true;
            if (key == "id") {
                ok = get_entry_id(v, "project id", p.id, p.pos);
            } else if (auto read = into_slot(p, f, v, field)) {
                ok = *read;
            } else if (key == "status") {
                if (!expect(v, YNode::mapping, "project.status")) return;
                fields(v, spec::status, "project.status", [&](std::string_view k2, const FieldSpec& f2, uint32_t v2, uint32_t) {
                    const std::string path = fmt::format("project.status.{}", k2);
                    if (into_slot(p, f2, v2, path).value_or(true) && node(v2).kind != YNode::null) p.present.push_back(path);
                });
            }
            if (ok && node(v).kind != YNode::null) p.present.push_back(field);
        });
    }

    void dependency(uint32_t n, Task& t) {
        Dependency d;
        d.pos = pos(n);
        if (node(n).kind == YNode::scalar) {
            d.ref = std::string(text(n));
        } else if (expect(n, YNode::mapping, "a dependency")) {
            bool ok = true;
            fields(n, spec::dependency, "a dependency", [&](std::string_view key, const FieldSpec&, uint32_t v, uint32_t) {
                std::string_view s;
                if (key == "task") {
                    if ((ok = scalar(v, "dependency task", s) && ok)) {
                        d.ref = std::string(s);
                        d.pos = pos(v);
                    }
                } else if (key == "type") {
                    Located<DepType> ty;
                    if ((ok = get_enum(v, "dependency type", spec::dep_types, ty, true) && ok)) d.type = ty.value;
                } else if (key == "lag") {
                    Located<Duration> lag;
                    if ((ok = get_duration(v, "dependency lag", lag, true) && ok)) {
                        d.lag = lag.value;
                        d.lag_pos = lag.pos;
                    }
                }
            });
            if (!ok || d.ref.empty()) return;
        } else {
            return;
        }
        t.depends.push_back(std::move(d));
    }

    void assignment(uint32_t n, Task& t) {
        Assignment a;
        a.pos = pos(n);
        if (node(n).kind == YNode::scalar) {
            if (!get_id(n, "assigned resource", a.resource)) return;
        } else if (expect(n, YNode::mapping, "an assignment")) {
            bool ok = true;
            fields(n, spec::assignment, "an assignment", [&](std::string_view key, const FieldSpec&, uint32_t v, uint32_t) {
                if (key == "resource") {
                    ok = get_id(v, "assigned resource", a.resource) && ok;
                    a.pos = pos(v);
                } else {
                    Located<double> u;
                    if ((ok = get_percent(v, "assignment units", 0.0001, 1000, u) && ok)) a.units = u.value;
                }
            });
            if (!ok || a.resource.empty()) return;
        } else {
            return;
        }
        t.assign.push_back(std::move(a));
    }

    void task(uint32_t n, Project& p, int32_t parent, int depth) {
        if (!expect(n, YNode::mapping, "a task")) return;
        const size_t index = p.tasks.size();
        p.tasks.emplace_back();
        p.tasks[index].parent = parent;
        p.tasks[index].depth = depth;
        p.tasks[index].pos = pos(n);
        if (parent >= 0) p.tasks[static_cast<size_t>(parent)].children.push_back(static_cast<int32_t>(index));
        uint32_t children = kNone;
        bool work_given = false;  // a duration or effort key, even an invalid one
        fields(n, spec::task, "a task", [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t kn) {
            Task& t = p.tasks[index];
            if (key == "duration" || key == "effort" || key == "milestone") work_given = true;
            const std::string what = field_of("task", t.id, key);
            if (into_slot(t, f, v, what).has_value()) return;  // read by its spec
            if (key == "id") {
                get_entry_id(v, "task id", t.id, t.pos);
            } else if (key == "assign") {
                if (node(v).kind == YNode::scalar) assignment(v, t);  // `assign: alice` is one resource
                else each(v, what, [&](uint32_t i) { assignment(i, p.tasks[index]); });
            } else if (key == "depends") {
                if (node(v).kind == YNode::scalar) dependency(v, t);
                else each(v, what, [&](uint32_t i) { dependency(i, p.tasks[index]); });
            } else if (key == "skills") {
                each(v, what, [&](uint32_t i) {
                    Located<std::string> s;
                    if (get_id(i, "skill", s)) p.tasks[index].skills.push_back(s);
                });
            } else if (key == "tasks") {
                children = v;
                t.tasks_pos = pos(kn);
            }
        });
        if (children != kNone)
            each(children, "tasks", [&](uint32_t i) { task(i, p, static_cast<int32_t>(index), depth + 1); });
        Task& t = p.tasks[index];
        if (t.id.empty()) return;  // already reported as missing or invalid
        if (t.is_summary()) {
            for (const Located<Duration>* w : {&t.duration, &t.effort})
                if (w->present)
                    error(rule_id::summary_with_work, w->pos,
                          fmt::format("summary task '{}' has a {} of its own; a summary task spans its children, so "
                                      "move the work into a child task",
                                      t.id, w == &t.duration ? "duration" : "effort"));
        } else if (!work_given && children == kNone) {
            error(rule_id::missing_field, t.pos,
                  fmt::format("task '{}' has no duration, effort, `milestone: true` or child tasks", t.id));
        } else if (!work_given) {
            // `tasks: []` (or `tasks:` with nothing under it) would make a task of no time at all.
            error(rule_id::missing_field, t.pos,
                  fmt::format("task '{}' has an empty 'tasks:' list and no duration, effort or `milestone: true`; "
                              "give it child tasks or work of its own",
                              t.id));
        }
        if (t.duration && t.effort)
            error(rule_id::invalid_value, t.effort.pos,
                  fmt::format("task '{}' has both a duration and an effort; give one (duration with assign makes a "
                              "fixed-duration task)",
                              t.id));
    }

    void risk(uint32_t n, Project& p) {
        if (!expect(n, YNode::mapping, "a risk")) return;
        Risk r;
        r.pos = pos(n);
        fields(n, spec::risk, "a risk", [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            const std::string what = field_of("risk", r.id, key);
            if (into_slot(r, f, v, what).has_value()) return;  // read by its spec
            if (key == "id") {
                get_entry_id(v, "risk id", r.id, r.pos);
            } else if (key == "probability") {
                std::string_view s;
                if (!scalar(v, what, s)) return;
                if (s.ends_with('%')) {
                    Located<double> pr;
                    if (get_percent(v, what, 0, 1, pr)) {
                        r.probability = pr;
                        r.probability_is_percent = true;
                    }
                } else {
                    get_number(v, what, "a number on the risk scale, or a percent like 30%", r.probability);
                }
            } else if (key == "impact") get_number(v, what, "a number on the risk scale", r.impact);
            else if (key == "affects") {
                each(v, what, [&](uint32_t i) {
                    Located<std::string> s;
                    if (get_string(i, "affected task", s)) r.affects.push_back(s);
                });
            } else if (key == "schedule_impact") {
                UncertainDuration u;
                if (node(v).kind == YNode::mapping) {
                    Located<ThreePoint> tp;
                    if (!get_three_point(v, what, tp)) return;
                    u.range = tp.value;
                    u.fixed = tp.value.likely;
                } else {
                    Located<Duration> d;
                    if (!get_duration(v, what, d)) return;
                    u.fixed = d.value;
                }
                r.schedule_impact.set(u, pos(v));
            }
        });
        if (!r.id.empty()) p.risks.push_back(std::move(r));
    }

    void record(uint32_t n, std::string_view section, const ObjectSpec& spec, Project& p) {
        const std::string what = fmt::format("an entry of '{}'", section);
        if (!expect(n, YNode::mapping, what)) return;
        Record r;
        r.section = std::string(section);
        r.kind = std::string(spec.name);
        r.pos = pos(n);
        // `path` is the key, or "object.key" for a key of a nested mapping (a stakeholder's communication).
        std::function<void(const std::string&, const FieldSpec&, uint32_t)> field = [&](const std::string& path,
                                                                                         const FieldSpec& f, uint32_t v) {
            const std::string_view key = path;
            const std::string w = fmt::format("{} {}", section, path);
            Located<std::string> s;
            bool ok = false;
            switch (f.type) {
            case FieldType::id: {
                ok = get_id(v, w, s);
                if (ok && key == "id") {
                    r.id = s.value;
                    r.pos = s.pos;
                }
                break;
            }
            case FieldType::date: {
                Located<Date> d;
                if ((ok = get_date(v, w, d))) s.set(d.value.iso(), d.pos);
                break;
            }
            case FieldType::duration: {
                Located<Duration> d;
                if ((ok = get_duration(v, w, d, f.negative))) s.set(d.value.str(), d.pos);
                break;
            }
            case FieldType::money: {
                Located<double> d;
                if ((ok = get_money(v, w, d, f.negative))) s.set(std::string(text(v)), d.pos);
                break;
            }
            case FieldType::integer: {
                Located<int> d;
                if ((ok = get_int(v, w, f, d))) s.set(std::to_string(d.value), d.pos);
                break;
            }
            case FieldType::enumeration: ok = get_enum_text(v, w, f.values, s); break;
            case FieldType::object: {
                const std::string inner = fmt::format("the {} of an entry of '{}'", f.key, section);
                if (!expect(v, YNode::mapping, inner)) return;
                fields(v, *f.object, inner, [&](std::string_view k2, const FieldSpec& f2, uint32_t v2, uint32_t) {
                    field(fmt::format("{}.{}", path, k2), f2, v2);
                });
                return;
            }
            case FieldType::list: {
                auto& items = r.lists[std::string(key)];
                each(v, w, [&](uint32_t i) {
                    Located<std::string> item;
                    if (f.item == FieldType::id ? get_id(i, w, item) : get_string(i, w, item)) items.push_back(item);
                });
                return;
            }
            default: ok = get_string(v, w, s); break;
            }
            if (ok) r.fields[path] = s;
        };
        fields(n, spec, what, [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            field(std::string(key), f, v);
        });
        if (!r.id.empty()) p.records.push_back(std::move(r));
    }

    void project_file(uint32_t root, FileResult& out, const ObjectSpec& file_spec = spec::project_file,
                      Template* tmpl = nullptr) {
        Project& p = out.project;
        p.file = m_file;
        p.pos = pos(root);
        fields(root, file_spec, tmpl ? "a template file" : "a project file", [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            if (key == "template") {
                if (tmpl) template_header(v, *tmpl);
                return;
            }
            if (key == "project") project_header(v, p);
            else if (key == "tasks") each(v, "tasks", [&](uint32_t i) { task(i, p, -1, 0); });
            else if (key == "risks") each(v, "risks", [&](uint32_t i) { risk(i, p); });
            else each(v, key, [&](uint32_t i) { record(i, key, *f.object, p); });
            if (key != "project" && node(v).kind == YNode::sequence && node(v).count > 0)
                p.present.push_back(std::string(key));
        });
    }

    /// The `template:` block of a template file: registers and fields by phase.
    void template_header(uint32_t n, Template& t) {
        if (node(n).kind == YNode::null || !expect(n, YNode::mapping, "'template'")) return;
        const std::vector<std::string> paths = project_field_paths();
        const std::vector<std::string_view> path_views(paths.begin(), paths.end());
        fields(n, spec::template_header, "the template", [&](std::string_view key, const FieldSpec&, uint32_t v, uint32_t) {
            if (key == "description") {
                Located<std::string> s;
                get_string(v, "template description", s);
            } else if (key == "registers") {
                each(v, "template registers", [&](uint32_t i) {
                    Located<std::string> r;
                    if (get_enum_text(i, "template register", spec::registers, r))
                        t.elements.push_back({TemplateElement::register_, r.value, "", {}, r.pos});
                });
            } else if (key == "fields") {
                each(v, "template fields", [&](uint32_t i) {
                    if (!expect(i, YNode::mapping, "an entry of template fields")) return;
                    std::vector<std::string> phases;
                    std::vector<Located<std::string>> wanted;
                    fields(i, spec::template_fields, "an entry of template fields",
                           [&](std::string_view k2, const FieldSpec&, uint32_t v2, uint32_t) {
                               if (k2 == "phase") {
                                   auto one = [&](uint32_t x) {
                                       Located<std::string> ph;
                                       if (get_enum_text(x, "template fields phase", spec::phases, ph))
                                           phases.push_back(ph.value);
                                   };
                                   if (node(v2).kind == YNode::scalar) one(v2);
                                   else each(v2, "template fields phase", one);
                               } else {
                                   each(v2, "template fields", [&](uint32_t x) {
                                       Located<std::string> f;
                                       if (!get_string(x, "template field", f)) return;
                                       if (std::find(paths.begin(), paths.end(), f.value) == paths.end())
                                           error(rule_id::invalid_value, f.pos,
                                                 fmt::format("template field '{}' is not a field of a project file{}",
                                                             shown(f.value), did_you_mean(f.value, path_views)));
                                       else wanted.push_back(f);
                                   });
                               }
                           });
                    for (const auto& f : wanted) t.elements.push_back({TemplateElement::field, f.value, "", phases, f.pos});
                });
            }
        });
    }

    // ---- pool files ----

    void calendar(uint32_t key, uint32_t n, FileResult& out) {
        Calendar c;
        if (!get_id(key, "calendar id", c.id)) return;
        c.pos = pos(key);
        if (node(n).kind == YNode::null) {
            out.calendars.push_back(std::move(c));
            return;
        }
        const std::string what = fmt::format("calendar '{}'", c.id);
        if (!expect(n, YNode::mapping, what)) return;
        fields(n, spec::calendar, what, [&](std::string_view k, const FieldSpec& f, uint32_t v, uint32_t) {
            const std::string w = fmt::format("{} {}", what, k);
            if (into_slot(c, f, v, w).has_value()) return;  // read by its spec
            if (k == "hours_per_day") {
                Located<double> h;
                if (get_number(v, w, "hours like 8 or 7.5", h)) {
                    if (h.value <= 0 || h.value > 24)
                        error(rule_id::invalid_value, h.pos, fmt::format("{}: must be more than 0 and at most 24", w));
                    else c.hours_per_day = h;
                }
            } else if (k == "workweek") {
                std::array<bool, 7> week{};
                bool ok = true;
                each(v, w, [&](uint32_t i) {
                    Located<int> d;
                    if (get_enum(i, "workweek day", spec::weekdays, d)) week[static_cast<size_t>(d.value)] = true;
                    else ok = false;
                });
                if (ok) {
                    if (std::none_of(week.begin(), week.end(), [](bool b) { return b; }))
                        error(rule_id::invalid_value, pos(v), fmt::format("{}: a calendar needs at least one working day", w));
                    else c.workweek.set(week, pos(v));
                }
            } else if (k == "holidays") {
                each(v, w, [&](uint32_t i) {
                    Holiday h;
                    Located<Date> d;
                    if (node(i).kind == YNode::mapping) {
                        fields(i, spec::holiday, "a holiday", [&](std::string_view k2, const FieldSpec&, uint32_t v2, uint32_t) {
                            if (k2 == "date") get_date(v2, "holiday date", d);
                            else {
                                Located<std::string> nm;
                                if (get_string(v2, "holiday name", nm)) h.name = nm.value;
                            }
                        });
                    } else {
                        get_date(i, "holiday", d);
                    }
                    if (d) {
                        h.date = d.value;
                        h.pos = d.pos;
                        c.holidays.push_back(std::move(h));
                    }
                });
            }
        });
        out.calendars.push_back(std::move(c));
    }

    void resource(uint32_t n, FileResult& out) {
        if (!expect(n, YNode::mapping, "a resource")) return;
        Resource r;
        r.pos = pos(n);
        fields(n, spec::resource, "a resource", [&](std::string_view key, const FieldSpec& f, uint32_t v, uint32_t) {
            const std::string what = field_of("resource", r.id, key);
            if (into_slot(r, f, v, what).has_value()) return;  // read by its spec
            if (key == "id") {
                get_entry_id(v, "resource id", r.id, r.pos);
            } else if (key == "skills") {
                each(v, what, [&](uint32_t i) {
                    Located<std::string> s;
                    if (get_id(i, "skill", s)) r.skills.push_back(s);
                });
            } else if (key == "absences") {
                each(v, what, [&](uint32_t i) {
                    if (!expect(i, YNode::mapping, "an absence")) return;
                    Absence a;
                    a.pos = pos(i);
                    Located<Date> from, to;
                    fields(i, spec::absence, "an absence", [&](std::string_view k2, const FieldSpec&, uint32_t v2, uint32_t) {
                        if (k2 == "from") get_date(v2, "absence from", from);
                        else if (k2 == "to") get_date(v2, "absence to", to);
                        else {
                            Located<std::string> s;
                            if (get_string(v2, "absence reason", s)) a.reason = s.value;
                        }
                    });
                    if (!from || !to) return;
                    if (to.value < from.value) {
                        error(rule_id::invalid_value, to.pos,
                              fmt::format("absence ends ({}) before it starts ({})", to.value.iso(), from.value.iso()));
                        return;
                    }
                    a.from = from.value;
                    a.to = to.value;
                    r.absences.push_back(std::move(a));
                });
            }
        });
        if (!r.id.empty()) out.resources.push_back(std::move(r));
    }

    void pool_file(uint32_t root, FileResult& out) {
        fields(root, spec::pool_file, "a pool file", [&](std::string_view key, const FieldSpec&, uint32_t v, uint32_t) {
            if (key == "resources") each(v, "resources", [&](uint32_t i) { resource(i, out); });
            else if (node(v).kind != YNode::null && expect(v, YNode::mapping, "'calendars'")) {
                const YNode& m = node(v);
                for (uint32_t k = 0; k + 1 < m.count; k += 2) calendar(m_doc.child(m, k), m_doc.child(m, k + 1), out);
            }
        });
    }

private:
    const YDoc& m_doc;
    int32_t m_file;
    Findings& m_out;
};

}  // namespace

void decode_file(std::string_view text, int32_t file, FileResult& out) {
    YDoc doc;
    if (!parse_yaml(text, file, doc, out.findings)) return;
    Decoder d(doc, file, out.findings);
    if (doc.empty() || doc.node(doc.root).kind == YNode::null) {
        d.error(rule_id::unknown_document, Pos{file, 1, 1},
                "empty file: a project file starts with 'project:', a pool file with 'resources:' or 'calendars:'");
        return;
    }
    const YNode& root = doc.node(doc.root);
    if (root.kind != YNode::mapping) {
        out.foreign = true;
        d.error(rule_id::unknown_document, d.pos(doc.root),
                "expected a mapping with 'project:' (a project file) or 'resources:'/'calendars:' (a pool file)");
        return;
    }
    bool is_project = false, is_pool = false;
    std::vector<std::string_view> known;
    for (const auto* s : {&spec::project_file, &spec::pool_file})
        for (const FieldSpec& f : s->fields) known.push_back(f.key);
    uint32_t first_key = kNone;
    for (uint32_t k = 0; k + 1 < root.count; k += 2) {
        const YNode& kn = doc.node(doc.child(root, k));
        if (kn.kind != YNode::scalar) continue;
        if (first_key == kNone) first_key = doc.child(root, k);
        const std::string_view key = doc.scalar(kn);
        if (find_field(spec::project_file, key)) is_project = true;
        if (find_field(spec::pool_file, key)) is_pool = true;
    }
    if (is_project && is_pool) {
        d.error(rule_id::unknown_document, d.pos(doc.root),
                "this file mixes a project ('project', 'tasks', ...) with the pool ('resources', 'calendars'); "
                "keep them in separate files");
        return;
    }
    if (!is_project && !is_pool) {
        const uint32_t at = first_key == kNone ? doc.root : first_key;
        std::string hint = first_key == kNone ? std::string() : did_you_mean(d.text(first_key), known);
        out.foreign = hint.empty();
        d.error(rule_id::unknown_document, d.pos(at),
                fmt::format("not a pmo file: expected 'project:' (a project file) or 'resources:'/'calendars:' "
                            "(a pool file){}",
                            hint));
        return;
    }
    if (is_project) {
        out.kind = FileResult::project_file;
        d.project_file(doc.root, out);
    } else {
        out.kind = FileResult::pool_file;
        d.pool_file(doc.root, out);
    }
}

namespace {

/// The placeholders of a template filled with stand-ins a project file can hold, and how to
/// map a position in the filled text back to the template as written: a stand-in is rarely
/// as long as its placeholder ("{{start}}" is 9 characters, "2000-01-03" 10), so everything
/// after it on its line would otherwise be reported some columns off.
class FilledTemplate {
public:
    explicit FilledTemplate(std::string_view text) {
        static constexpr std::pair<std::string_view, std::string_view> kStandIns[] = {
            {"{{id}}", "template"}, {"{{name}}", "Template"}, {"{{start}}", "2000-01-03"}};
        uint32_t line = 1, col = 1;  // of the filled text
        for (size_t at = 0; at < text.size();) {
            const auto* hit = std::find_if(std::begin(kStandIns), std::end(kStandIns),
                                           [&](const auto& kv) { return text.substr(at).starts_with(kv.first); });
            if (hit != std::end(kStandIns)) {
                m_shifts[line].push_back({col, static_cast<uint32_t>(hit->second.size()),
                                          static_cast<int32_t>(hit->second.size()) - static_cast<int32_t>(hit->first.size())});
                m_text += hit->second;
                col += static_cast<uint32_t>(hit->second.size());
                at += hit->first.size();
                continue;
            }
            m_text += text[at];
            if (text[at] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
            ++at;
        }
    }
    const std::string& text() const { return m_text; }

    /// `p`, a position in the filled text of `file`, as a position in the template as written.
    void restore(Pos& p, int32_t file) const {
        auto it = m_shifts.find(p.line);
        if (p.file != file || it == m_shifts.end()) return;
        int32_t delta = 0;
        for (const Shift& s : it->second) {
            if (p.col < s.col) break;
            if (p.col < s.col + s.len) {  // inside the stand-in: at its placeholder
                p.col = static_cast<uint32_t>(static_cast<int32_t>(s.col) - delta);
                return;
            }
            delta += s.delta;
        }
        p.col = static_cast<uint32_t>(static_cast<int32_t>(p.col) - delta);
    }

private:
    struct Shift {
        uint32_t col, len;  ///< where the stand-in starts in the filled line, and its length
        int32_t delta;      ///< the stand-in's length less the placeholder's
    };
    std::string m_text;
    std::map<uint32_t, std::vector<Shift>> m_shifts;  ///< by line
};

/// decode_template on the filled text: its positions are those of the filled text.
void decode_filled_template(std::string_view filled, int32_t file, Template& out, Findings& findings);

}  // namespace

void decode_template(std::string_view text, int32_t file, Template& out, Findings& findings) {
    const FilledTemplate filled(text);
    const size_t first_new = findings.size();
    decode_filled_template(filled.text(), file, out, findings);
    for (size_t i = first_new; i < findings.size(); ++i) {
        filled.restore(findings[i].pos, file);
        for (Note& n : findings[i].notes) filled.restore(n.pos, file);
    }
    filled.restore(out.pos, file);
    for (TemplateElement& e : out.elements) filled.restore(e.pos, file);
}

namespace {
void decode_filled_template(std::string_view filled, int32_t file, Template& out, Findings& findings) {
    YDoc doc;
    if (!parse_yaml(filled, file, doc, findings)) return;
    Decoder d(doc, file, findings);
    if (doc.empty() || doc.node(doc.root).kind != YNode::mapping || doc.get(doc.node(doc.root), "project") == kNone) {
        d.error(rule_id::unknown_document, Pos{file, 1, 1}, "a template is a project file: it starts with 'project:'");
        return;
    }
    FileResult r;
    d.project_file(doc.root, r, spec::template_file, &out);
    // Every milestone and every gate of the template is kept by id; the header comes first.
    std::vector<TemplateElement> kept;
    for (const Task& t : r.project.tasks)
        if (t.is_milestone() && !t.id.empty())
            kept.push_back({TemplateElement::milestone, t.id, t.name ? t.name.value : "", {}, t.pos});
    for (const Record& g : r.project.records)
        if (g.section == "gates") {
            auto name = g.fields.find("name");
            kept.push_back({TemplateElement::gate, g.id, name != g.fields.end() ? name->second.value : "", {}, g.pos});
        }
    kept.insert(kept.end(), out.elements.begin(), out.elements.end());
    out.elements = std::move(kept);
    for (Finding& f : r.findings) findings.push_back(std::move(f));
}

}  // namespace

void scan_suppressions(std::string_view text, int32_t file, std::vector<Suppression>& out, Findings& findings) {
    constexpr std::string_view kTag = "pmo: ignore";
    for (size_t at = text.find(kTag); at != std::string_view::npos; at = text.find(kTag, at + 1)) {
        // Must be inside a comment: a '#' before it on the same line, with only spaces between.
        size_t hash = at;
        while (hash > 0 && (text[hash - 1] == ' ' || text[hash - 1] == '\t')) --hash;
        if (hash == 0 || text[hash - 1] != '#') continue;
        --hash;
        const size_t line_start = text.rfind('\n', hash) == std::string_view::npos ? 0 : text.rfind('\n', hash) + 1;
        const uint32_t line = static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(hash), '\n') + 1);
        const Pos p{file, line, static_cast<uint32_t>(hash - line_start + 1)};
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view rest = text.substr(at + kTag.size(), end - at - kTag.size());
        if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
        std::string_view reason;
        if (size_t dash = rest.find("--"); dash != std::string_view::npos) {
            reason = rest.substr(dash + 2);
            rest = rest.substr(0, dash);
        }
        while (!reason.empty() && reason.front() == ' ') reason.remove_prefix(1);
        while (!reason.empty() && reason.back() == ' ') reason.remove_suffix(1);
        std::vector<std::string> rules;
        std::string cur;
        for (char c : rest) {
            if (c == ' ' || c == ',' || c == '\t') {
                if (!cur.empty()) rules.push_back(std::move(cur));
                cur.clear();
            } else cur += c;
        }
        if (!cur.empty()) rules.push_back(cur);
        if (rules.empty() || reason.empty()) {
            findings.push_back({rule_id::invalid_suppression, Severity::error, p,
                                "a suppression needs a rule and a reason: '# pmo: ignore RULE -- reason'"});
            continue;
        }
        for (auto& r : rules) out.push_back(Suppression{r, std::string(reason), p});
    }
}

}  // namespace pmo::detail
