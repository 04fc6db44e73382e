#include <pmo/cli/cli.hpp>
#include <pmo/load/template.hpp>

#include "../support.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

using namespace pmo;

namespace {
const std::string kTemplate = R"(template:
  # kept out of the project
  registers: [risks]

project:
  id: web
  name: Web
  start: 2027-03-01
  manager: pm
  sponsor: To be named

tasks:
  - {id: charter, name: Charter, duration: 5d, assign: [pm]}
  - id: build
    name: Build
    effort: 30d
    assign: [{resource: dev, units: 300%}]
    depends: [charter]
  - id: test
    name: Test
    duration: 5d
    assign:
      - pm
      - resource: dev
        units: 50%
    depends: [build]

risks:
  - {id: r1, title: Late, owner: pm}
)";

std::optional<double> nobody(std::string_view) { return std::nullopt; }
std::optional<double> anyone(std::string_view) { return 10.0; }
}  // namespace

TEST_CASE("a template's people are mapped to the pool's with --assign") {
    const TemplateInstance t = instantiate_template(kTemplate, "web-tmpl", {{"pm", "alice"}, {"dev", "bob"}}, anyone);
    REQUIRE(t.error.empty());
    CHECK(t.left_out.empty());
    CHECK(t.text == R"(project:
  id: web
  template: web-tmpl
  name: Web
  start: 2027-03-01
  manager: alice
  sponsor: To be named

tasks:
  - {id: charter, name: Charter, duration: 5d, assign: [alice]}
  - id: build
    name: Build
    effort: 30d
    assign: [{resource: bob, units: 300%}]
    depends: [charter]
  - id: test
    name: Test
    duration: 5d
    assign:
      - alice
      - resource: bob
        units: 50%
    depends: [build]

risks:
  - {id: r1, title: Late, owner: alice}
)");
    CHECK(t.people == std::vector<std::string>{"pm", "dev"});
}

TEST_CASE("placeholders neither mapped nor in the pool are left out with a comment") {
    const TemplateInstance t = instantiate_template(kTemplate, "web-tmpl", {{"pm", "alice"}}, nobody);
    REQUIRE(t.error.empty());
    CHECK(t.left_out == std::vector<std::string>{"dev"});
    CHECK(t.text.find(R"(  # pmo init: left out 'dev' (of template 'web-tmpl', not in the pool); assign someone, or create with --assign dev=ID
  # pmo init: effort 30d written as duration 10d, the time the template's people would take; assign someone and make it effort again
  - id: build
    name: Build
    duration: 10d
    assign: []
    depends: [charter]
  # pmo init: left out 'dev' (of template 'web-tmpl', not in the pool); assign someone, or create with --assign dev=ID
  - id: test
    name: Test
    duration: 5d
    assign:
      - alice
    depends: [build]
)") != std::string::npos);
}

TEST_CASE("a team placeholder mapped to one person books what that person has") {
    const TemplateInstance t = instantiate_template(kTemplate, "w", {{"pm", "alice"}, {"dev", "bob"}}, [](std::string_view) {
        return std::optional<double>(1.0);
    });
    CHECK(t.text.find("  # pmo init: bob books 100% (bob's units), not the 300% the template gives 'dev'\n  - id: build\n"
                      "    name: Build\n    effort: 30d\n    assign: [{resource: bob, units: 100%}]\n") != std::string::npos);
    CHECK(t.text.find("      - resource: bob\n        units: 50%\n") != std::string::npos);
}

TEST_CASE("people already in the pool stay; a block list left empty loses its key") {
    const TemplateInstance t =
        instantiate_template(kTemplate, "", {}, [](std::string_view who) { return who == "pm" ? std::optional<double>(1.0) : std::nullopt; });
    REQUIRE(t.error.empty());
    CHECK(t.text.find("template:") == std::string::npos);  // no file of the portfolio: nothing to keep to
    CHECK(t.text.find("assign: [pm]") != std::string::npos);
    const TemplateInstance none = instantiate_template(kTemplate, "x", {}, nobody);
    CHECK(none.text.find("    assign:\n") == std::string::npos);
    CHECK(none.text.find("      - pm\n") == std::string::npos);
}

TEST_CASE("a project written from a template keeps to it, and pmo check says what it lost") {
    std::string tmpl = kTemplate;
    tmpl.replace(tmpl.find("  registers: [risks]"), 20, "  registers: [risks, issues]");
    tmpl += "\ngates:\n  - {id: g1, name: Design review}\n";
    const TemplateInstance t = instantiate_template(tmpl, "web-tmpl", {{"pm", "alice"}, {"dev", "bob"}}, anyone);
    std::string project = t.text;
    const std::string pool = "resources:\n  - {id: alice}\n  - {id: bob, units: 300%}\n";
    CHECK(test::check_text({{"pool.yaml", pool}, {"projects/web.yaml", project}, {"templates/web-tmpl.yaml", tmpl}}) ==
          "projects/web.yaml:2:7: error: project 'web' has no issues register (or an empty one); template 'web-tmpl' "
          "requires it [template-missing-element]\n"
          "templates/web-tmpl.yaml:3:22: note: required by template 'web-tmpl' here\n");
    project.erase(project.find("\ngates:"));
    project.replace(project.find("  - id: test"), 0, "");
    CHECK(test::check_text({{"pool.yaml", pool}, {"projects/web.yaml", project}, {"templates/web-tmpl.yaml", tmpl}})
              .find("project 'web' has no gate 'g1' (Design review) in its gates register; template 'web-tmpl' requires "
                    "it [template-missing-element]\ntemplates/web-tmpl.yaml:32:10: note:") != std::string::npos);
}

TEST_CASE("a template that does not exist, and one the PMO wants, are findings") {
    const std::string project = "project: {id: p, name: P, start: 2027-03-01, manager: a, sponsor: b, "
                                "methodology: agile, template: agil}\n";
    CHECK(test::check_text({{"projects/p.yaml", project}}) ==
          "projects/p.yaml:1:100: error: project 'p' follows template 'agil', but there is no templates/agil.yaml "
          "[unknown-reference]\n");
    CHECK(test::check_text({{"pmo.toml", "[templates]\nkanban = \"x\"\nagile = \"../x.yaml\"\n"}}) ==
          "pmo.toml:2:1: error: [templates] 'kanban' is not a methodology (waterfall, agile, hybrid) [invalid-config]\n"
          "pmo.toml:3:9: error: [templates] agile: '../x.yaml' is not a file of templates/ (write "
          "\"templates/NAME.yaml\") [invalid-config]\n");
    const std::string toml = "[templates]\nagile = \"templates/agile.yaml\"\n";
    const std::string tmpl = "project: {id: '{{id}}', name: x, start: 2027-03-01}\n";
    std::string fixed = project;
    fixed.replace(fixed.find("agil}"), 5, "other}");
    CHECK(test::check_text({{"pmo.toml", toml}, {"projects/p.yaml", fixed}, {"templates/agile.yaml", tmpl},
                            {"templates/other.yaml", tmpl}}) ==
          "projects/p.yaml:1:100: error: agile project 'p' follows template 'other'; the PMO wants 'agile' for agile "
          "projects [missing-template]\n"
          "pmo.toml:2:9: note: required by pmo.toml [templates]\n");
}

TEST_CASE("pmo init --project writes a project that checks clean in a portfolio with its own people") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "pmo-init-template-test";
    fs::remove_all(dir);
    fs::copy(fs::path(PMO_SOURCE_DIR) / "examples", dir, fs::copy_options::recursive);
    fs::remove_all(dir / "invalid");
    std::ostringstream out, err;
    const std::string d = dir.string();
    std::vector<const char*> init{"pmo", "init", "--project", "billing", "-C", d.c_str(), "--template", "waterfall",
                                  "--assign", "pm=alice,dev=ops-team", "--start", "2027-04-05"};
    CHECK(run(static_cast<int>(init.size()), init.data(), out, err, {}) == 0);
    CHECK(err.str() == "");
    std::ifstream written(dir / "projects" / "billing.yaml");
    const std::string text((std::istreambuf_iterator<char>(written)), {});
    CHECK(text.find("  template: waterfall\n") != std::string::npos);
    CHECK(text.find("[{resource: ops-team, units: 300%}]") != std::string::npos);
    std::ostringstream out2, err2;
    std::vector<const char*> check{"pmo", "check", "-C", d.c_str()};
    CHECK(run(static_cast<int>(check.size()), check.data(), out2, err2, {}) == 0);
    CHECK(out2.str().find("billing") == std::string::npos);  // the examples' own notes aside, nothing on the new one
    fs::remove_all(dir);
}

TEST_CASE("positions after a placeholder are those of the template as written") {
    const std::string project = "project: {id: p, name: P, start: 2027-03-01, manager: a, sponsor: b, template: t}\n";
    // Each stand-in is longer than its placeholder: {{start}} by 1, {{id}} by 2; {{name}} is as long.
    const std::string tmpl = "project:\n  id: {{id}}\n  name: {{name}}\n  start: {{start}}\n"
                             "tasks:\n"
                             "  - {id: kick-off, name: Kick-off, start_no_earlier_than: {{start}}, milestone: true, bogus: 1}\n"
                             "  - {id: a, name: '{{id}} {{start}} {{name}}', duration: 5d, depends: [kick-off], colour: red}\n"
                             "  - {id: b, name: B, duration: 5d, depends: [a], deadline: {{start}}}\n";
    CHECK(test::check_text({{"projects/p.yaml", project}, {"templates/t.yaml", tmpl}}) ==
          "templates/t.yaml:6:87: error: unknown key 'bogus' in a task [unknown-key]\n"
          "templates/t.yaml:7:83: error: unknown key 'colour' in a task [unknown-key]\n"
          "templates/t.yaml:8:50: error: unknown key 'deadline' in a task [unknown-key]\n");
}
