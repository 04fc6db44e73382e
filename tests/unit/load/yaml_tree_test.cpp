#include <pmo/load/yaml_tree.hpp>

#include <doctest/doctest.h>
#include <string>

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
