#include <pmo/load/yaml_tree.hpp>

#include <doctest/doctest.h>
#include <string>
#include <tuple>

using namespace pmo;

namespace {
Findings parse(const std::string& text, YDoc* out = nullptr) {
    YDoc doc;
    Findings f;
    parse_yaml(text, 0, doc, f);
    if (out) *out = std::move(doc);
    return f;
}
}  // namespace

TEST_CASE("positions are 1-based") {
    YDoc doc;
    CHECK(parse("a: 1\nlist:\n  - x\n", &doc).empty());
    const YNode& root = doc.node(doc.root);
    const YNode& list = doc.node(doc.get(root, "list"));
    const YNode& x = doc.node(doc.child(list, 0));
    CHECK(x.line == 3);
    CHECK(x.col == 5);
    CHECK(doc.scalar(x) == "x");
}

TEST_CASE("quoted scalars are marked, so '5' is text and 5d stays a duration") {
    YDoc doc;
    parse("a: '5d'\nb: 5d\n", &doc);
    const YNode& root = doc.node(doc.root);
    CHECK(doc.node(doc.get(root, "a")).quoted);
    CHECK_FALSE(doc.node(doc.get(root, "b")).quoted);
}

TEST_CASE("a key written twice is reported at both places") {
    Findings f = parse("task:\n  depends: [a]\n  name: x\n  depends: [b]\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "duplicate-key");
    CHECK(f[0].pos.line == 4);
    CHECK(f[0].pos.col == 3);
    CHECK(f[0].message == "duplicate key 'depends' in this mapping; YAML would silently keep only one of them");
    REQUIRE(f[0].notes.size() == 1);
    CHECK(f[0].notes[0].pos.line == 2);
}

TEST_CASE("syntax errors carry their position") {
    Findings f = parse("a: [1, 2\nb: 3\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "yaml-syntax");
    CHECK(f[0].pos.line >= 1);
}

TEST_CASE("tabs in indentation are explained") {
    Findings f = parse("project:\n\tid: x\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "yaml-syntax");
    CHECK(f[0].message.find("tab") != std::string::npos);
}

TEST_CASE("merge-conflict markers are named, with their lines") {
    Findings f = parse("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> topic\n");
    REQUIRE(f.size() == 3);
    CHECK(f[0].rule == "merge-conflict");
    CHECK(f[0].pos.line == 2);
    CHECK(f[1].pos.line == 4);
    CHECK(f[2].pos.line == 6);
}

TEST_CASE("binary and non-UTF-8 input") {
    Findings bin = parse(std::string("a: 1\nb: \0\n", 9));
    REQUIRE(bin.size() == 1);
    CHECK(bin[0].rule == "unreadable-file");
    CHECK(bin[0].pos.line == 2);
    Findings latin = parse("name: Caf\xe9\n");
    REQUIRE(latin.size() == 1);
    CHECK(latin[0].message == "invalid UTF-8 (byte 0xe9); save the file as UTF-8");
    CHECK(latin[0].pos.col == 10);
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
    Findings f = parse(std::string(200000, '[') + std::string(200000, ']'));
    REQUIRE_FALSE(f.empty());
    CHECK(f[0].rule == "yaml-syntax");
}

TEST_CASE("an alias bomb is refused without expanding it") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = c;
    }
    Findings f = parse(bomb);
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("alias bomb") != std::string::npos);
}

TEST_CASE("a second document is refused") {
    Findings f = parse("a: 1\n---\nb: 2\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].pos.line == 3);
}

TEST_CASE("a large file parsed in two halves gives the same tree, positions included") {
    std::string text = "# a big project\nproject:\n  id: big\n  name: Big\n  start: 2027-01-04\ntasks:\n";
    for (int i = 0; i < 12000; ++i)
        text += "  - id: t" + std::to_string(i) + "\n    name: \"Task " + std::to_string(i) +
                "\"\n    duration: 3d\n    depends: [t" + std::to_string(i > 0 ? i - 1 : 0) + "]\n";
    text += "risks:\n  - {id: r1, title: Late}\n";
    REQUIRE(text.size() > (1u << 19));
    YDoc split, whole;
    Findings f1, f2;
    YamlLimits one;
    one.split = false;
    REQUIRE(parse_yaml(text, 0, split, f1));
    REQUIRE(parse_yaml(text, 0, whole, f2, one));
    CHECK(f1.empty());
    // The same items, in the same order, at the same places.
    auto items = [](const YDoc& d) {
        std::vector<std::tuple<uint32_t, uint32_t, std::string>> v;
        const YNode& tasks = d.node(d.get(d.node(d.root), "tasks"));
        for (uint32_t k = 0; k < tasks.count; ++k) {
            const YNode& item = d.node(d.child(tasks, k));
            const YNode& id = d.node(d.get(item, "id"));
            v.emplace_back(id.line, id.col, std::string(d.scalar(id)));
        }
        return v;
    };
    const auto a = items(split), b = items(whole);
    REQUIRE(a.size() == 12000);
    CHECK(a == b);
    CHECK(split.get(split.node(split.root), "risks") != UINT32_MAX);
    // The split really happened: the second half brings its own root, key and sequence nodes.
    CHECK(split.nodes.size() == whole.nodes.size() + 3);
}

TEST_CASE("problems in a large file are reported exactly as without splitting") {
    std::string text = "project:\n  id: big\n  name: Big\n  start: 2027-01-04\ntasks:\n";
    for (int i = 0; i < 12000; ++i) text += "  - {id: t" + std::to_string(i) + ", name: T, duration: 3d}\n";
    text += "  - {id: bad, name: [unclosed\n";
    YDoc d1, d2;
    Findings f1, f2;
    YamlLimits one;
    one.split = false;
    parse_yaml(text, 0, d1, f1);
    parse_yaml(text, 0, d2, f2, one);
    REQUIRE(f1.size() == 1);
    REQUIRE(f2.size() == 1);
    CHECK(f1[0].pos == f2[0].pos);
    CHECK(f1[0].message == f2[0].message);
}

TEST_CASE("an unclosed quote is named where it opens, not where the parser gives up") {
    Findings f = parse("project:\n  name: \"Build\n  start: 2027-03-01\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].pos.line == 2);
    CHECK(f[0].pos.col == 9);
    CHECK(f[0].message ==
          "this double-quoted string is never closed: the rest of the file would be read as part of it; add the "
          "missing \"");
    CHECK(parse("a: 'it''s'\nb: \"say \\\"hi\\\"\"\n").empty());
}

TEST_CASE("UTF-16 text is named so, with the way out, not called binary") {
    const std::string le("\xff\xfep\0r\0o\0j\0e\0c\0t\0:\0\n\0", 20);
    const std::string be_no_bom("\0p\0r\0o\0j\0e\0c\0t\0:\0\n", 18);
    for (const std::string& text : {le, be_no_bom}) {
        Findings f = parse(text);
        REQUIRE(f.size() == 1);
        CHECK(f[0].rule == "unreadable-file");
        CHECK(f[0].message.find("UTF-16") != std::string::npos);
        CHECK(f[0].message.find("save it as UTF-8") != std::string::npos);
    }
    CHECK(parse(le)[0].message.starts_with("this file is UTF-16LE text"));
    CHECK(parse(be_no_bom)[0].message.starts_with("this file is UTF-16BE text"));
}

TEST_CASE("the likely cause of a syntax error: a value holding ': ', indentation off by one") {
    Findings f = parse("project:\n  id: crm\n  name: Phase 3: design\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].pos.line == 3);
    CHECK(f[0].message == "illegal map value (a value holding ': ' needs quotes: name: \"Phase 3: design\")");
    f = parse("tasks:\n  - id: a\n    name: Say \"hi\": now\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.ends_with("(a value holding ': ' needs quotes: name: 'Say \"hi\": now')"));
    f = parse("tasks:\n  - id: a\n    name: A\n   duration: 2d\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("(indentation: 3 spaces here, 4 on line 3; is this line off by one?)") != std::string::npos);
    // Quoted, or no second ': ': no hint that would mislead.
    f = parse("a: [1, 2\nb: 3\n");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("needs quotes") == std::string::npos);
}
