#pragma once

#include <pmo/model/finding.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmo {

/// One node of a parsed YAML document. Positions are 1-based.
struct YNode {
    enum Kind : uint8_t { null, scalar, sequence, mapping };
    Kind kind = null;
    bool quoted = false;  ///< a quoted scalar: never a number, date or boolean
    uint32_t line = 0, col = 0;
    uint32_t text_off = 0, text_len = 0;  ///< scalar text in YDoc::text
    uint32_t first = 0, count = 0;        ///< children in YDoc::kids (mapping: key, value, key, value...)
};

/// A parsed YAML document: a compact tree that keeps every key (duplicates are reported,
/// never dropped) and shares aliased nodes instead of copying them.
class YDoc {
public:
    std::vector<YNode> nodes;
    std::vector<uint32_t> kids;
    std::string text;
    uint32_t root = UINT32_MAX;

    bool empty() const { return root == UINT32_MAX; }
    const YNode& node(uint32_t i) const { return nodes[i]; }
    std::string_view scalar(const YNode& n) const { return {text.data() + n.text_off, n.text_len}; }
    uint32_t child(const YNode& n, uint32_t k) const { return kids[n.first + k]; }
    /// Value of `key` in a mapping, or UINT32_MAX.
    uint32_t get(const YNode& map, std::string_view key) const;
};

/// Limits that keep hostile input bounded in time and memory.
struct YamlLimits {
    uint64_t max_expanded_nodes = 5'000'000;  ///< alias expansion budget per document
    bool split = true;  ///< parse a large file's tasks (or resources) in two halves on two threads
};

/// Parses YAML text. Problems (syntax errors, merge-conflict markers, bad encoding, more than one
/// document, duplicate keys, alias bombs) are appended to `out` with `file` as the position's file.
/// Returns false when the document cannot be used at all.
bool parse_yaml(std::string_view source, int32_t file, YDoc& doc, Findings& out, const YamlLimits& limits = {});

}  // namespace pmo
