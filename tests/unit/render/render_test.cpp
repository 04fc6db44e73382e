#include "../support.hpp"

#include <pmo/render/json.hpp>

#include <doctest/doctest.h>

using namespace pmo;

TEST_CASE("JSON strings are escaped") {
    CHECK(json_quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST_CASE("the JSON writer nests and indents") {
    std::ostringstream s;
    JsonWriter w(s);
    w.begin_object().field("a", 1).key("b").begin_array().value("x").value(true).end_array();
    w.key("c").begin_object().end_object();
    w.key("d").begin_array().begin_line_object().field("date", "2027-01-04").field("hours", 7.5);
    w.key("of").begin_array().value(1).value(2).end_array().end_object();
    w.begin_line_object().end_object().end_array().end_object();
    w.finish();
    CHECK(s.str() ==
          "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    true\n  ],\n  \"c\": {},\n  \"d\": [\n"
          "    {\"date\": \"2027-01-04\", \"hours\": 7.5, \"of\": [1, 2]},\n    {}\n  ]\n}\n");
}

TEST_CASE("JSON strings: escapes, invalid UTF-8 replaced, plain text copied as it is") {
    CHECK(json_quote("p1/t-2 2027") == "\"p1/t-2 2027\"");
    CHECK(json_quote("a\"b\\c\nd\x01\x7f") == "\"a\\\"b\\\\c\\nd\\u0001\\u007f\"");
    CHECK(json_quote("K\xc3\xb6ln") == "\"K\xc3\xb6ln\"");
    CHECK(json_quote("K\xf6ln") == "\"K\xef\xbf\xbdln\"");
}

TEST_CASE("the JSON writer hands over everything, however long, on finish or when destroyed") {
    std::string want = "[";
    std::ostringstream s;
    {
        JsonWriter w(s);
        w.begin_array();
        for (long long i = 0; i < 100000; ++i) {
            w.value(i);
            want += (i ? ",\n  " : "\n  ") + std::to_string(i);
        }
        w.end_array();
    }
    CHECK(s.str() == want + "\n]");
}

TEST_CASE("GitHub annotations escape %, newlines, ':' and ','") {
    LoadResult r = test::load({{"a,b:c.yaml", "projct: 1\n"}});
    CheckResult c = check_portfolio(r);
    c.findings[0].message = "50% done\nnext: line";
    std::ostringstream s;
    render_findings(s, FindingsFormat::github, c, r.portfolio);
    CHECK(s.str() == "::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=unknown-document::50%25 done%0Anext: line\n");
}

TEST_CASE("the summary counts") {
    CheckResult c;
    c.errors = 1;
    c.warnings = 2;
    c.suppressed = 3;
    c.files = 1;
    CHECK(findings_summary(c) == "1 error, 2 warnings (3 suppressed) in 1 file");
}

#include <pmo/render/plan.hpp>

TEST_CASE("Mermaid: explicit dates, sections per summary, and rolled up under 50,000 characters") {
    std::string tasks = "tasks:\n";
    for (int s = 0; s < 40; ++s) {
        tasks += "  - id: s" + std::to_string(s) + "\n    name: \"Phase: " + std::to_string(s) + "\"\n    tasks:\n";
        for (int i = 0; i < 60; ++i)
            tasks += "      - {id: t" + std::to_string(s) + "-" + std::to_string(i) + ", name: A rather long task name number " +
                     std::to_string(i) + ", duration: 2d}\n";
    }
    LoadResult r = test::load({{"p.yaml", "project: {id: p, name: P, start: 2027-03-01, status: {date: 2027-03-01}}\n" + tasks}});
    REQUIRE(r.usable());
    PlanOptions o;
    o.level = false;
    Plan plan = make_plan(r.portfolio, o);
    PlanView v{r.portfolio, plan, {0}, false};
    std::ostringstream s;
    render_plan_mermaid(s, v);
    const std::string m = s.str();
    CHECK(m.size() <= 50000);
    CHECK(m.starts_with("gantt\n"));
    CHECK(m.find(" after ") == std::string::npos);
    // 2,400 leaves do not fit: the phases are drawn as one bar each, under a section.
    CHECK(m.find("Phase\xea\x9e\x89 39") != std::string::npos);  // ':' replaced, so the line stays parseable
    CHECK(m.find("A rather long task name") == std::string::npos);
}

#include <pmo/render/output_buffer.hpp>

TEST_CASE("an output buffer keeps every byte in order across its blocks") {
    OutputStream s;
    std::string want;
    CHECK(s.buffer().blocks().empty());
    for (int i = 0; i < 40000; ++i) {
        const std::string piece(static_cast<size_t>(i % 211), static_cast<char>('a' + i % 26));
        s << piece;
        s.put('|');
        want += piece;
        want += '|';
    }
    const std::string big(OutputBuffer::kBlock + 17, 'x');  // one write larger than a block
    s << big;
    want += big;
    s.flush();
    CHECK(s.buffer().size() == want.size());
    CHECK(s.str() == want);
    size_t total = 0;
    for (std::string_view b : s.buffer().blocks()) {
        CHECK(b.size() <= OutputBuffer::kBlock);
        total += b.size();
    }
    CHECK(total == want.size());
    CHECK(s.buffer().blocks().size() == (want.size() + OutputBuffer::kBlock - 1) / OutputBuffer::kBlock);
}
