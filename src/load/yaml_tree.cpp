#include <pmo/load/yaml_tree.hpp>
#include <pmo/check/rule_ids.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace pmo {

uint32_t YDoc::get(const YNode& map, std::string_view key) const {
    if (map.kind != YNode::mapping) return UINT32_MAX;
    for (uint32_t k = 0; k + 1 < map.count; k += 2) {
        const YNode& kn = nodes[kids[map.first + k]];
        if (kn.kind == YNode::scalar && scalar(kn) == key) return kids[map.first + k + 1];
    }
    return UINT32_MAX;
}

namespace {

/// yaml-cpp marks are 0-based; everything pmo shows is 1-based. This is the one conversion.
Pos to_pos(int32_t file, const YAML::Mark& m) {
    return Pos{file, static_cast<uint32_t>(std::max(m.line, 0) + 1), static_cast<uint32_t>(std::max(m.column, 0) + 1)};
}

const std::string kCoreTag = "tag:yaml.org,2002:";
const std::string kStrTag = kCoreTag + "str";

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(YDoc& doc, int32_t file, Findings& out, std::string_view source = {})
        : m_doc(doc), m_file(file), m_out(out), m_source(source) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        add(make(YNode::null, mark), anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end()) {
            // yaml-cpp reports unknown aliases itself; keep the tree well-formed regardless.
            add(make(YNode::null, mark), 0);
            return;
        }
        m_aliases++;
        add(it->second, 0);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        const uint32_t i = make(YNode::scalar, mark);
        YNode& n = m_doc.nodes[i];
        // `!` is a quoted scalar (or the non-specific tag, which means the same: text); `!!str`
        // makes a value text as well, so `duration: !!str 5d` is no duration.
        n.quoted = tag == "!" || tag == kStrTag;
        check_tag(tag, mark, YNode::scalar);
        if (n.quoted) check_closed(mark);
        n.text_off = static_cast<uint32_t>(m_doc.text.size());
        n.text_len = static_cast<uint32_t>(value.size());
        m_doc.text += value;
        add(i, anchor);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        check_tag(tag, mark, YNode::sequence);
        open(YNode::sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        check_tag(tag, mark, YNode::mapping);
        open(YNode::mapping, mark, anchor);
    }
    void OnMapEnd() override { close(); }

    /// Tags beyond the YAML core schema's (`!custom`, `!!python/object`, `!!set`) would be
    /// dropped without a word, and a core tag on the wrong kind of node (`!!map` on a list)
    /// contradicts the node: both are findings at the node.
    void check_tag(const std::string& tag, const YAML::Mark& mark, YNode::Kind kind) {
        if (tag.empty() || tag == "?" || tag == "!") return;
        static const std::pair<std::string_view, YNode::Kind> kCore[] = {
            {"str", YNode::scalar}, {"int", YNode::scalar}, {"float", YNode::scalar}, {"bool", YNode::scalar},
            {"null", YNode::scalar}, {"map", YNode::mapping}, {"seq", YNode::sequence}};
        const bool core = tag.starts_with(kCoreTag);
        const std::string_view name = core ? std::string_view(tag).substr(kCoreTag.size()) : std::string_view(tag);
        if (core)
            for (const auto& [n, k] : kCore)
                if (n == name) {
                    if (k == kind) return;
                    m_out.push_back(Finding{rule_id::invalid_value, Severity::error, to_pos(m_file, mark),
                                            fmt::format("the tag '!!{}' does not fit this {}; remove it", name,
                                                        kind == YNode::mapping    ? "mapping"
                                                        : kind == YNode::sequence ? "list"
                                                                                  : "value")});
                    return;
                }
        m_out.push_back(Finding{rule_id::invalid_value, Severity::error, to_pos(m_file, mark),
                                fmt::format("the YAML tag '{}{}' is not part of pmo's format, which uses plain YAML "
                                            "(the core schema); remove the tag",
                                            core ? "!!" : "", shown_tag(name))});
    }
    static std::string shown_tag(std::string_view t) {
        std::string r;
        for (char c : t.substr(0, 60)) r += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
        return t.size() > 60 ? r + "..." : r;
    }

    uint64_t aliases() const { return m_aliases; }
    bool unclosed() const { return m_unclosed; }

    /// yaml-cpp accepts a quote left open before a line break and takes the rest of the file
    /// into the string; a missing quote must not silently eat the keys after it.
    void check_closed(const YAML::Mark& mark) {
        if (m_source.empty() || mark.pos < 0 || static_cast<size_t>(mark.pos) >= m_source.size()) return;
        const size_t open = static_cast<size_t>(mark.pos);
        const char q = m_source[open];
        if (q != '"' && q != '\'') return;
        for (size_t k = open + 1; k < m_source.size(); ++k) {
            if (q == '"' && m_source[k] == '\\') {
                ++k;
                continue;
            }
            if (m_source[k] != q) continue;
            if (q == '\'' && k + 1 < m_source.size() && m_source[k + 1] == '\'') {
                ++k;  // '' is an escaped quote
                continue;
            }
            return;
        }
        m_unclosed = true;
        m_out.push_back(Finding{rule_id::yaml_syntax, Severity::error, to_pos(m_file, mark),
                                fmt::format("this {}-quoted string is never closed: the rest of the file would be read "
                                            "as part of it; add the missing {}",
                                            q == '"' ? "double" : "single", q)});
    }
    uint64_t expanded_size() const { return m_doc.root == UINT32_MAX ? 0 : m_size[m_doc.root]; }

private:
    struct Frame {
        uint32_t node;
        YAML::anchor_t anchor;
        std::vector<uint32_t> kids;
    };

    uint32_t make(YNode::Kind kind, const YAML::Mark& mark) {
        const Pos p = to_pos(m_file, mark);
        YNode n;
        n.kind = kind;
        n.line = p.line;
        n.col = p.col;
        m_doc.nodes.push_back(n);
        m_size.push_back(1);
        return static_cast<uint32_t>(m_doc.nodes.size() - 1);
    }
    void add(uint32_t node, YAML::anchor_t anchor) {
        if (anchor) m_anchors[anchor] = node;
        if (m_stack.empty()) {
            if (m_doc.root == UINT32_MAX) m_doc.root = node;
        } else {
            m_stack.back().kids.push_back(node);
        }
    }
    void open(YNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        Frame f{make(kind, mark), anchor, {}};
        if (!m_free.empty()) {
            f.kids = std::move(m_free.back());
            m_free.pop_back();
        }
        m_stack.push_back(std::move(f));
    }
    void close() {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        YNode& n = m_doc.nodes[f.node];
        n.first = static_cast<uint32_t>(m_doc.kids.size());
        n.count = static_cast<uint32_t>(f.kids.size());
        m_doc.kids.insert(m_doc.kids.end(), f.kids.begin(), f.kids.end());
        if (n.kind == YNode::mapping) check_keys(n);
        // Size with every alias expanded, computed as each container closes, when all of its
        // children (aliased ones included) are complete. Saturates instead of overflowing.
        uint64_t size = 1;
        for (uint32_t k : f.kids) size = std::min<uint64_t>(size + m_size[k], UINT64_MAX / 2);
        m_size[f.node] = size;
        f.kids.clear();
        m_free.push_back(std::move(f.kids));
        add(f.node, f.anchor);
    }
    void check_keys(const YNode& map) {
        // Report every key written twice: yaml-cpp's own Node API would silently keep one.
        const uint32_t n = map.count / 2;
        if (n < 2) return;
        std::vector<std::pair<std::string_view, uint32_t>> keys;
        keys.reserve(n);
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t ki = m_doc.kids[map.first + 2 * k];
            const YNode& kn = m_doc.nodes[ki];
            if (kn.kind == YNode::scalar) keys.emplace_back(m_doc.scalar(kn), ki);
        }
        std::stable_sort(keys.begin(), keys.end(), [](auto& a, auto& b) { return a.first < b.first; });
        for (size_t k = 1; k < keys.size(); ++k) {
            if (keys[k].first != keys[k - 1].first) continue;
            size_t first = k - 1;
            while (first > 0 && keys[first - 1].first == keys[k].first) --first;
            const YNode& dup = m_doc.nodes[keys[k].second];
            const YNode& orig = m_doc.nodes[keys[first].second];
            m_out.push_back(Finding{rule_id::duplicate_key, Severity::error, Pos{m_file, dup.line, dup.col},
                                    fmt::format("duplicate key '{}' in this mapping; YAML would silently "
                                                "keep only one of them",
                                                keys[k].first),
                                    {Note{Pos{m_file, orig.line, orig.col}, "first written here"}}});
        }
    }

    YDoc& m_doc;
    int32_t m_file;
    Findings& m_out;
    std::vector<Frame> m_stack;
    std::vector<std::vector<uint32_t>> m_free;
    std::unordered_map<YAML::anchor_t, uint32_t> m_anchors;
    uint64_t m_aliases = 0;
    std::vector<uint64_t> m_size;
    std::string_view m_source;
    bool m_unclosed = false;
};

/// "UTF-16LE" or "UTF-16BE" when the text looks like UTF-16 (a byte-order mark, or ASCII
/// with a NUL beside every character, as Windows editors save "Unicode" text), else empty.
std::string_view utf16(std::string_view s) {
    if (s.size() >= 2 && s[0] == '\xff' && s[1] == '\xfe') return "UTF-16LE";
    if (s.size() >= 2 && s[0] == '\xfe' && s[1] == '\xff') return "UTF-16BE";
    if (s.size() < 4) return {};
    const size_t n = std::min<size_t>(s.size() & ~size_t{1}, 256);
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        even += s[i] == 0;
        odd += s[i + 1] == 0;
    }
    if (odd * 10 >= n / 2 * 9 && even == 0) return "UTF-16LE";
    if (even * 10 >= n / 2 * 9 && odd == 0) return "UTF-16BE";
    return {};
}

bool check_encoding(std::string_view s, int32_t file, Findings& out) {
    if (const std::string_view enc = utf16(s); !enc.empty()) {
        out.push_back({rule_id::unreadable_file, Severity::error, Pos{file, 1, 1},
                       fmt::format("this file is {} text, not UTF-8; save it as UTF-8 (in the editor's "
                                   "\"Save as\" or \"Encoding\" menu)",
                                   enc)});
        return false;
    }
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) {
            out.push_back({rule_id::unreadable_file, Severity::error, Pos{file, line, col},
                           "this is a binary file (it contains a NUL byte), not YAML"});
            return false;
        }
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
        if (!ok) {
            out.push_back({rule_id::unreadable_file, Severity::error, Pos{file, line, col},
                           fmt::format("invalid UTF-8 (byte 0x{:02x}); save the file as UTF-8", c)});
            return false;
        }
        if (c == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += len;
    }
    return true;
}

bool check_merge_markers(std::string_view s, int32_t file, Findings& out) {
    bool clean = true;
    uint32_t line = 1;
    for (size_t i = 0; i < s.size();) {
        size_t e = s.find('\n', i);
        if (e == std::string_view::npos) e = s.size();
        std::string_view l = s.substr(i, e - i);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        const bool marker = l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======" ||
                            l.starts_with("||||||| ");
        if (marker) {
            out.push_back({rule_id::merge_conflict, Severity::error, Pos{file, line, 1},
                           fmt::format("unresolved git merge conflict: '{}' marker; resolve the conflict and "
                                       "remove the markers",
                                       l.substr(0, 7))});
            clean = false;
        }
        ++line;
        i = e + 1;
    }
    return clean;
}

}  // namespace

namespace {
bool parse_raw(std::string_view source, int32_t file, YDoc& doc, Findings& out, const YamlLimits& limits);

/// The line where the block sequence under the top-level key `tasks:` or `resources:` starts,
/// its items' indentation, and where it ends; false when the file has no such sequence.
struct SeqBlock {
    size_t begin = 0, end = 0;  ///< byte range of the items
    size_t key_line = 0;        ///< 1-based line of the key
    size_t indent = 0;
    std::string_view key;  ///< "tasks" or "resources"
};
bool find_sequence(std::string_view s, SeqBlock& b) {
    size_t line = 1;
    for (size_t at = 0; at < s.size();) {
        size_t e = s.find('\n', at);
        if (e == std::string_view::npos) e = s.size();
        const std::string_view l = s.substr(at, e - at);
        if (l == "tasks:" || l == "resources:" || l == "tasks:\r" || l == "resources:\r") {
            b.key_line = line;
            b.key = l.starts_with("tasks") ? "tasks" : "resources";
            b.begin = e + 1;
            if (b.begin >= s.size()) return false;
            const size_t first = s.find_first_not_of(' ', b.begin);
            if (first == std::string_view::npos || s[first] != '-') return false;
            b.indent = first - b.begin;
            // The block ends at the next line that starts at column 0 with something other than
            // a comment or (for an unindented sequence) an item.
            size_t p = b.begin;
            while (p < s.size()) {
                const char c = s[p];
                const bool ends = c != ' ' && c != '\n' && c != '\r' && c != '#' && !(b.indent == 0 && c == '-');
                if (ends) break;
                const size_t n = s.find('\n', p);
                p = n == std::string_view::npos ? s.size() : n + 1;
            }
            b.end = p;
            return true;
        }
        ++line;
        at = e + 1;
    }
    return false;
}

/// Appends the items of `part`'s sequence (under `key`) to those of `doc`'s.
bool append_items(YDoc& doc, const YDoc& part, std::string_view key) {
    if (doc.empty() || part.empty()) return false;
    const uint32_t seq = doc.get(doc.node(doc.root), key);
    const uint32_t pseq = part.get(part.node(part.root), key);
    if (seq == UINT32_MAX || pseq == UINT32_MAX) return false;
    if (doc.node(seq).kind != YNode::sequence || part.node(pseq).kind != YNode::sequence) return false;
    const uint32_t node_off = static_cast<uint32_t>(doc.nodes.size());
    const uint32_t kid_off = static_cast<uint32_t>(doc.kids.size());
    const uint32_t text_off = static_cast<uint32_t>(doc.text.size());
    for (YNode n : part.nodes) {
        n.text_off += text_off;
        n.first += kid_off;
        doc.nodes.push_back(n);
    }
    for (uint32_t k : part.kids) doc.kids.push_back(k + node_off);
    doc.text += part.text;
    YNode& s = doc.nodes[seq];
    const YNode& ps = part.node(pseq);
    const uint32_t first = static_cast<uint32_t>(doc.kids.size());
    for (uint32_t k = 0; k < s.count; ++k) doc.kids.push_back(doc.kids[s.first + k]);
    for (uint32_t k = 0; k < ps.count; ++k) doc.kids.push_back(part.kids[ps.first + k] + node_off);
    doc.nodes[seq].first = first;
    doc.nodes[seq].count = s.count + ps.count;
    return true;
}

/// Parses a large file in two halves on two threads: the sequence of tasks (or resources) is
/// cut at an item boundary; the second half is padded with empty lines so every position stays
/// exact. Refuses (returns false) whenever that could change the result: anchors and aliases,
/// or any problem in either half.
bool parse_split(std::string_view source, int32_t file, YDoc& doc, const YamlLimits& limits) {
    if (!limits.split || source.size() < (1u << 19) || source.find_first_of("&*") != std::string_view::npos) return false;
    SeqBlock b;
    if (!find_sequence(source, b) || b.end <= b.begin) return false;
    // The item boundary nearest the middle of the block.
    const std::string item = "\n" + std::string(b.indent, ' ') + "- ";
    size_t cut = source.find(item, b.begin + (b.end - b.begin) / 2);
    if (cut == std::string_view::npos || cut + 1 >= b.end) return false;
    ++cut;  // the cut is at the start of the item's line
    const size_t cut_line = b.key_line + 1 +
                            static_cast<size_t>(std::count(source.begin() + static_cast<long>(b.begin),
                                                           source.begin() + static_cast<long>(cut), '\n'));
    const std::string_view seq_key = b.key;
    std::string first(source.substr(0, cut));
    first += source.substr(b.end);
    std::string second(cut_line - 2, '\n');
    second += std::string(seq_key) + ":\n";
    second += source.substr(cut, b.end - cut);
    YDoc other;
    Findings f1, f2;
    bool ok2 = false;
    std::thread t([&] { ok2 = parse_raw(second, file, other, f2, limits); });
    const bool ok1 = parse_raw(first, file, doc, f1, limits);
    t.join();
    if (!ok1 || !ok2 || !f1.empty() || !f2.empty() || !append_items(doc, other, seq_key)) {
        doc = YDoc();
        return false;
    }
    return true;
}
}  // namespace

namespace {
/// Line `n` (1-based) of `text`, without its line break; empty past the end.
std::string_view line_of(std::string_view text, uint32_t n) {
    size_t ls = 0;
    for (uint32_t l = 1; l < n && ls != std::string_view::npos; ++l) {
        ls = text.find('\n', ls);
        if (ls != std::string_view::npos) ++ls;
    }
    if (ls == std::string_view::npos || ls > text.size()) return {};
    const size_t end = text.find('\n', ls);
    std::string_view line = text.substr(ls, end == std::string_view::npos ? std::string_view::npos : end - ls);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
}

size_t indent_of(std::string_view line) {
    const size_t n = line.find_first_not_of(' ');
    return n == std::string_view::npos ? line.size() : n;
}

/// The likely cause of a yaml-cpp error at `line`, which its messages never say: a tab, a
/// value holding ': ' without quotes, or indentation off from the lines above.
std::string syntax_hint(std::string_view source, uint32_t line, std::string_view msg) {
    const std::string_view here = line_of(source, line);
    if (here.find('\t') != std::string_view::npos && msg.find("tab") == std::string_view::npos)
        return " (the line contains a tab; YAML indentation must use spaces)";
    // `name: Phase 3: design`: the second ': ' starts a mapping where a plain value may not.
    if (msg.find("illegal map value") != std::string_view::npos) {
        std::string_view body = here.substr(indent_of(here));
        if (body.starts_with("- ")) body = body.substr(std::min(body.size(), body.find_first_not_of(' ', 1)));
        const size_t colon = body.find(": ");
        if (colon != std::string_view::npos) {
            const std::string_view key = body.substr(0, colon);
            std::string_view value = body.substr(colon + 2);
            value = value.substr(std::min(value.size(), value.find_first_not_of(' ')));
            if (const size_t hash = value.find(" #"); hash != std::string_view::npos) value = value.substr(0, hash);
            while (value.ends_with(' ')) value.remove_suffix(1);
            if (!value.empty() && value.front() != '"' && value.front() != '\'' && value.front() != '{' &&
                value.front() != '[' && value.find(": ") != std::string_view::npos)
            {
                // Double quotes would read a backslash as an escape: single quotes take it as is.
                if (value.find_first_of("\"\\") == std::string_view::npos)
                    return fmt::format(" (a value holding ': ' needs quotes: {}: \"{}\")", key, value);
                std::string single;  // in single quotes, a ' is written twice
                for (char c : value) single += c == '\'' ? std::string("''") : std::string(1, c);
                return fmt::format(" (a value holding ': ' needs quotes: {}: '{}')", key, single);
            }
        }
    }
    // Indentation: compare with the nearest line above that holds something. Not at a blank line
    // or the end of the file, where the parser stops looking for what was never closed.
    if (here.find_first_not_of(' ') == std::string_view::npos) return "";
    for (uint32_t l = line; l-- > 1;) {
        const std::string_view above = line_of(source, l);
        const size_t first = above.find_first_not_of(' ');
        if (first == std::string_view::npos || above[first] == '#') continue;
        const size_t a = indent_of(above), h = indent_of(here);
        if (h != a && (h > a ? h - a : a - h) % 2 == 1)
            return fmt::format(" (indentation: {} space{} here, {} on line {}; is this line off by one?)", h,
                               h == 1 ? "" : "s", a, l);
        break;
    }
    return "";
}
}  // namespace

bool parse_yaml(std::string_view source, int32_t file, YDoc& doc, Findings& out, const YamlLimits& limits) {
    if (!check_encoding(source, file, out)) return false;
    if (!check_merge_markers(source, file, out)) return false;
    if (parse_split(source, file, doc, limits)) return true;
    return parse_raw(source, file, doc, out, limits);
}

namespace {
bool parse_raw(std::string_view source, int32_t file, YDoc& doc, Findings& out, const YamlLimits& limits) {
    std::string copy(source);
    std::istringstream in(std::move(copy));
    try {
        YAML::Parser parser(in);
        TreeBuilder builder(doc, file, out, source);
        parser.HandleNextDocument(builder);
        if (builder.unclosed()) return false;
        YDoc extra;
        Findings ignored;
        TreeBuilder second(extra, file, ignored);
        if (parser.HandleNextDocument(second) && !extra.empty()) {
            const YNode& n = extra.nodes[extra.root];
            out.push_back({rule_id::yaml_syntax, Severity::error, Pos{file, n.line, n.col},
                           "a second YAML document ('---'); a file holds one document"});
            return false;
        }
        if (builder.aliases() > 0 && builder.expanded_size() > limits.max_expanded_nodes) {
            out.push_back({rule_id::yaml_syntax, Severity::error, Pos{file, 1, 1},
                           fmt::format("aliases expand to more than {} nodes (an alias bomb?); refusing to "
                                       "expand them",
                                       limits.max_expanded_nodes)});
            return false;
        }
    } catch (const YAML::DeepRecursion& e) {
        out.push_back({rule_id::yaml_syntax, Severity::error, to_pos(file, e.mark),
                       fmt::format("nesting deeper than {} levels", e.depth())});
        return false;
    } catch (const YAML::Exception& e) {
        // An unclosed quote, already reported, explains whatever the parser trips over next.
        if (!out.empty() && out.back().rule == rule_id::yaml_syntax && out.back().pos.file == file &&
            out.back().message.find("is never closed") != std::string::npos)
            return false;
        std::string msg = e.msg;
        if (msg.empty()) msg = "invalid YAML";
        msg += syntax_hint(source, to_pos(file, e.mark).line, msg);
        out.push_back({rule_id::yaml_syntax, Severity::error, to_pos(file, e.mark), msg});
        return false;
    }
    return true;
}
}  // namespace

}  // namespace pmo
