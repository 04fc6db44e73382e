#include <pmo/load/template.hpp>

#include <pmo/load/yaml_tree.hpp>
#include <pmo/model/duration.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace pmo {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

/// Edits of whole lines and of spans within them, applied together at the end, so that every
/// position of the parsed document stays true while they are collected.
class LineEdits {
public:
    explicit LineEdits(std::string_view text) {
        for (size_t at = 0; at < text.size();) {
            size_t nl = text.find('\n', at);
            if (nl == std::string_view::npos) nl = text.size();
            m_lines.emplace_back(text.substr(at, nl - at));
            at = nl + 1;
        }
        m_deleted.assign(m_lines.size() + 1, 0);
    }
    const std::string& line(uint32_t l) const { return m_lines[l - 1]; }
    uint32_t lines() const { return static_cast<uint32_t>(m_lines.size()); }
    /// Does the source at (line, col) read `s`?
    bool reads(uint32_t l, uint32_t col, std::string_view s) const {
        return l >= 1 && l <= lines() && col >= 1 && line(l).compare(col - 1, s.size(), s) == 0;
    }
    void replace(uint32_t l, uint32_t col, size_t len, std::string text) { m_spans.push_back({l, col, len, std::move(text)}); }
    void erase_line(uint32_t l) { m_deleted[l] = 1; }
    void insert_before(uint32_t l, std::string text) { m_before.emplace(l, std::move(text)); }
    void insert_after(uint32_t l, std::string text) { m_after.emplace(l, std::move(text)); }
    std::string indent(uint32_t l) const {
        const std::string& s = line(l);
        return s.substr(0, s.find_first_not_of(" \t") == std::string::npos ? s.size() : s.find_first_not_of(" \t"));
    }

    std::string str() {
        std::stable_sort(m_spans.begin(), m_spans.end(), [](const Span& a, const Span& b) {
            return a.line != b.line ? a.line < b.line : a.col > b.col;  // right to left within a line
        });
        for (const Span& s : m_spans) m_lines[s.line - 1].replace(s.col - 1, s.len, s.text);
        std::string out;
        for (uint32_t l = 1; l <= lines(); ++l) {
            for (auto [it, end] = m_before.equal_range(l); it != end; ++it) out += it->second + '\n';
            if (!m_deleted[l]) out += m_lines[l - 1] + '\n';
            for (auto [it, end] = m_after.equal_range(l); it != end; ++it) out += it->second + '\n';
        }
        return out;
    }

private:
    struct Span {
        uint32_t line, col;
        size_t len;
        std::string text;
    };
    std::vector<std::string> m_lines;
    std::vector<char> m_deleted;
    std::vector<Span> m_spans;
    std::multimap<uint32_t, std::string> m_before, m_after;
};

class Instantiator {
public:
    Instantiator(const YDoc& doc, LineEdits& edits, const std::map<std::string, std::string>& assign,
                 const std::function<std::optional<double>(std::string_view)>& capacity, std::string_view name,
                 TemplateInstance& out)
        : m_doc(doc), m_edits(edits), m_assign(assign), m_capacity(capacity), m_name(name), m_out(out) {}

    void run() {
        const YNode& root = m_doc.node(m_doc.root);
        for (uint32_t k = 0; k + 1 < root.count; k += 2) {
            const YNode& key = m_doc.node(m_doc.child(root, k));
            const uint32_t v = m_doc.child(root, k + 1);
            const std::string_view name = m_doc.scalar(key);
            if (name == "template") {
                // The template's own block: from its key up to the next top-level key.
                const uint32_t end = k + 2 < root.count ? m_doc.node(m_doc.child(root, k + 2)).line : m_edits.lines() + 1;
                for (uint32_t l = key.line; l < end; ++l) m_edits.erase_line(l);
            } else if (name == "project") header(v);
            else if (name == "tasks") tasks(v);
            else if (node(v).kind == YNode::sequence)
                for (uint32_t i = 0; i < node(v).count; ++i) {
                    const uint32_t item = m_doc.child(node(v), i);
                    if (node(item).kind != YNode::mapping) continue;
                    for (std::string_view who : {"owner", "approver"}) person(m_doc.get(node(item), who));
                }
        }
    }

private:
    const YNode& node(uint32_t n) const { return m_doc.node(n); }
    std::string_view text(uint32_t n) const { return m_doc.scalar(node(n)); }
    bool plain(uint32_t n) const {
        return n != kNone && node(n).kind == YNode::scalar && !node(n).quoted &&
               m_edits.reads(node(n).line, node(n).col, text(n));
    }
    void fail(uint32_t n, std::string_view what) {
        if (m_out.error.empty())
            m_out.error = fmt::format("line {}: {}; map every person with --assign", n == kNone ? 0 : node(n).line, what);
    }
    void met(std::string_view who) {
        if (std::find(m_out.people.begin(), m_out.people.end(), who) == m_out.people.end())
            m_out.people.emplace_back(who);
    }

    /// A manager or owner: written as the person it maps to, else as it stands (free text is allowed there).
    void person(uint32_t n) {
        if (!plain(n)) return;
        const std::string_view who = text(n);
        if (std::all_of(who.begin(), who.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            }))
            met(who);  // an id: someone --assign may map; free text is nobody's placeholder
        if (auto it = m_assign.find(std::string(text(n))); it != m_assign.end())
            m_edits.replace(node(n).line, node(n).col, text(n).size(), it->second);
    }

    void header(uint32_t n) {
        if (node(n).kind != YNode::mapping) return;
        person(m_doc.get(node(n), "manager"));
        person(m_doc.get(node(n), "sponsor"));
        const YNode& h = node(n);
        if (m_name.empty() || m_doc.get(h, "template") != kNone) return;
        // `template: NAME` after the id, as a key of the same block mapping.
        for (uint32_t k = 0; k + 1 < h.count; k += 2) {
            const YNode& key = node(m_doc.child(h, k));
            if (text(m_doc.child(h, k)) != "id") continue;
            const YNode& val = node(m_doc.child(h, k + 1));
            if (key.line == val.line && m_edits.reads(key.line, key.col, "id:") &&
                m_edits.line(key.line).find_first_not_of(' ') == key.col - 1)
                m_edits.insert_after(key.line, fmt::format("{}template: {}", std::string(key.col - 1, ' '), m_name));
            else fail(m_doc.child(h, k), "the project header is not written one key per line");
        }
    }

    void tasks(uint32_t n) {
        if (node(n).kind != YNode::sequence) return;
        for (uint32_t i = 0; i < node(n).count; ++i) {
            const uint32_t t = m_doc.child(node(n), i);
            if (node(t).kind != YNode::mapping) continue;
            task(t);
            const uint32_t kids = m_doc.get(node(t), "tasks");
            if (kids != kNone) tasks(kids);
        }
    }

    struct Item {
        uint32_t node = kNone;     ///< the item
        uint32_t id_node = kNone;  ///< its resource id scalar
        uint32_t units_node = kNone;
        std::string id, units;     ///< units as written, empty: 100%
        double share = 1;
        std::string to;            ///< the resource it becomes; empty: left out
    };

    void task(uint32_t t) {
        const uint32_t a = m_doc.get(node(t), "assign");
        if (a == kNone || node(a).kind != YNode::sequence) return;
        std::vector<Item> items;
        for (uint32_t i = 0; i < node(a).count; ++i) {
            Item it;
            it.node = m_doc.child(node(a), i);
            it.id_node = node(it.node).kind == YNode::mapping ? m_doc.get(node(it.node), "resource") : it.node;
            if (!plain(it.id_node)) return fail(it.node, "an assignment pmo init cannot read");
            it.id = std::string(text(it.id_node));
            if (node(it.node).kind == YNode::mapping) {
                const uint32_t u = m_doc.get(node(it.node), "units");
                if (u != kNone && node(u).kind == YNode::scalar) {
                    it.units = std::string(text(u));
                    if (auto p = parse_percent(it.units)) it.share = *p;
                    it.units_node = u;
                }
            }
            met(it.id);
            if (auto m = m_assign.find(it.id); m != m_assign.end()) it.to = m->second;
            else if (m_capacity(it.id)) it.to = it.id;
            else if (std::find(m_out.left_out.begin(), m_out.left_out.end(), it.id) == m_out.left_out.end())
                m_out.left_out.push_back(it.id);
            if (!it.to.empty() && it.units_node != kNone) {
                // A team placeholder (dev at 300%) mapped to one person books what that person has.
                const double cap = m_capacity(it.to).value_or(1.0);
                if (it.share > cap + 1e-9) {
                    it.units = fmt::format("{:g}%", std::round(cap * 1000) / 10);
                    m_edits.insert_before(node(t).line,
                                          fmt::format("{}# pmo init: {} books {} ({}'s units), not the {} the template "
                                                      "gives '{}'",
                                                      m_edits.indent(node(t).line), it.to, it.units, it.to,
                                                      text(it.units_node), it.id));
                    if (!plain(it.units_node)) return fail(it.units_node, "units pmo init cannot read");
                    m_edits.replace(node(it.units_node).line, node(it.units_node).col, text(it.units_node).size(), it.units);
                }
            }
            items.push_back(std::move(it));
        }
        const bool all_kept = std::all_of(items.begin(), items.end(), [](const Item& x) { return !x.to.empty(); });
        if (all_kept) {
            for (const Item& x : items)
                if (x.to != x.id) m_edits.replace(node(x.id_node).line, node(x.id_node).col, x.id.size(), x.to);
            return;
        }
        std::vector<std::string> gone;
        for (const Item& x : items)
            if (x.to.empty() && std::find(gone.begin(), gone.end(), x.id) == gone.end()) gone.push_back(x.id);
        const uint32_t line = node(t).line;
        const std::string indent = m_edits.indent(line);
        std::vector<std::string> mapping;
        for (const std::string& g : gone) mapping.push_back(fmt::format("--assign {}=ID", g));
        m_edits.insert_before(line, fmt::format("{}# pmo init: left out {} (of template '{}', not in the pool); "
                                                "assign someone, or create with {}",
                                                indent, quoted_list(gone), m_name.empty() ? "built in" : m_name,
                                                fmt::join(mapping, " ")));
        const bool flow = m_edits.reads(node(a).line, node(a).col, "[");
        const bool none_left = std::none_of(items.begin(), items.end(), [](const Item& x) { return !x.to.empty(); });
        if (flow) {
            const std::string& l = m_edits.line(node(a).line);
            size_t end = node(a).col - 1;
            for (int depth = 0; end < l.size(); ++end) {
                if (l[end] == '[' || l[end] == '{') ++depth;
                else if ((l[end] == ']' || l[end] == '}') && --depth == 0) break;
            }
            if (end >= l.size()) return fail(a, "an assignment list over several lines");
            std::vector<std::string> kept;
            for (const Item& x : items) {
                if (x.to.empty()) continue;
                kept.push_back(x.units.empty() && node(x.node).kind != YNode::mapping
                                   ? x.to
                                   : x.units.empty() ? fmt::format("{{resource: {}}}", x.to)
                                                     : fmt::format("{{resource: {}, units: {}}}", x.to, x.units));
            }
            m_edits.replace(node(a).line, node(a).col, end - (node(a).col - 1) + 1, fmt::format("[{}]", fmt::join(kept, ", ")));
        } else {
            // A block list: each item spans its own line and the more indented ones below it.
            for (const Item& x : items) {
                if (!x.to.empty()) {
                    if (x.to != x.id) m_edits.replace(node(x.id_node).line, node(x.id_node).col, x.id.size(), x.to);
                    continue;
                }
                const uint32_t first = node(x.node).line;
                const size_t dash = m_edits.line(first).find('-');
                m_edits.erase_line(first);
                for (uint32_t l = first + 1; l <= m_edits.lines(); ++l) {
                    const std::string& s = m_edits.line(l);
                    const size_t ind = s.find_first_not_of(' ');
                    if (ind == std::string::npos || ind <= dash) break;
                    m_edits.erase_line(l);
                }
            }
            if (none_left) {
                // Nobody left: the key goes too.
                for (uint32_t k = 0; k + 1 < node(t).count; k += 2)
                    if (m_doc.child(node(t), k + 1) == a) m_edits.erase_line(node(m_doc.child(node(t), k)).line);
            }
        }
        if (!none_left) return;
        // Effort needs someone to deliver it: what the template's people would have taken, as a duration.
        const YNode& tm = node(t);
        for (uint32_t k = 0; k + 1 < tm.count; k += 2) {
            const uint32_t key = m_doc.child(tm, k), val = m_doc.child(tm, k + 1);
            if (text(key) != "effort" || !plain(key) || !plain(val)) continue;
            auto d = parse_duration(text(val));
            if (!d) continue;
            double units = 0;
            for (const Item& x : items) units += x.share;
            const double days = std::ceil(d->days(5, 8) / std::max(units, 0.01) - 1e-9);
            const std::string written = fmt::format("{:g}d", days);
            m_edits.insert_before(line, fmt::format("{}# pmo init: effort {} written as duration {}, the time the "
                                                    "template's people would take; assign someone and make it effort again",
                                                    indent, text(val), written));
            m_edits.replace(node(val).line, node(val).col, text(val).size(), written);
            m_edits.replace(node(key).line, node(key).col, 6, "duration");
        }
    }

    static std::string quoted_list(const std::vector<std::string>& v) {
        std::vector<std::string> q;
        for (const auto& s : v) q.push_back("'" + s + "'");
        return fmt::format("{}", fmt::join(q, ", "));
    }

    const YDoc& m_doc;
    LineEdits& m_edits;
    const std::map<std::string, std::string>& m_assign;
    const std::function<std::optional<double>(std::string_view)>& m_capacity;
    std::string_view m_name;
    TemplateInstance& m_out;
};

}  // namespace

TemplateInstance instantiate_template(std::string_view text, std::string_view name,
                                      const std::map<std::string, std::string>& assign,
                                      const std::function<std::optional<double>(std::string_view)>& capacity) {
    TemplateInstance out;
    YDoc doc;
    Findings problems;
    if (!parse_yaml(text, -1, doc, problems) || doc.empty() || doc.node(doc.root).kind != YNode::mapping) {
        out.error = problems.empty() ? std::string("it is not a project file")
                                     : fmt::format("line {}: {}", problems.front().pos.line, problems.front().message);
        return out;
    }
    LineEdits edits(text);
    Instantiator(doc, edits, assign, capacity, name, out).run();
    if (out.error.empty()) out.text = edits.str();
    return out;
}

}  // namespace pmo
