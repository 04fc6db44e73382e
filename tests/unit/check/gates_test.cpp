#include "../support.hpp"

#include <pmo/analyse/governance.hpp>

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <fmt/format.h>

using namespace pmo;

namespace {
const std::string kToml = R"([[gate]]
id = "design"
name = "Design sign-off"
opens = "execution"
fields = ["project.budget"]
registers = ["stakeholders"]
files = ["docs/{project}/charter.md"]
risks_responded = true
approver = "sponsor"

[[gate]]
id = "charter"
opens = "planning"
)";

std::string project(std::string_view phase, std::string_view gates) {
    return fmt::format(R"(project:
  id: p
  name: P
  start: 2027-03-01
  manager: pat
  sponsor: Sam
  phase: {}
tasks:
  - {{id: a, name: A, duration: 5d}}
risks:
  - {{id: r1, title: R, owner: pat, probability: 5, impact: 5, mitigation: m}}
{})",
                       phase, gates);
}
}  // namespace

TEST_CASE("a project past a gate's phase needs it passed; the unmet criteria are listed") {
    const std::string text = test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", project("execution", "gates:\n  - {id: charter, name: C, status: passed}\n  - {id: design, name: D, status: pending}\n")}});
    CHECK(text ==
          "projects/p.yaml:7:10: error: project 'p' is in phase execution, but gate 'design' (Design sign-off) is "
          "pending: a project works in execution only once the gate is passed, or waived with a reason [gate-not-passed]\n"
          "pmo.toml:1:1: note: gate 'design' in pmo.toml: opens execution\n"
          "projects/p.yaml:14:10: note: the project's entry for it in its gates register\n"
          "pmo.toml:1:1: note: criterion not met: no project.budget\n"
          "pmo.toml:1:1: note: criterion not met: no stakeholders\n"
          "pmo.toml:1:1: note: criterion not met: no file docs/p/charter.md\n"
          "pmo.toml:1:1: note: criterion not met: high risk 'r1' without a response\n"
          "projects/p.yaml:11:10: error: high risk 'r1' (score 25, high from 15) has no response "
          "[high-risk-without-response]\n");
}

TEST_CASE("a gate waived with a reason counts as passed; without one it does not") {
    const std::string passed = "gates:\n  - {id: charter, name: C, status: passed}\n  - {id: design, name: D, status: waived, reason: Small change}\n";
    std::string responded = project("monitoring", passed);
    responded.replace(responded.find("mitigation: m"), 13, "mitigation: m, response: mitigate");
    CHECK(test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", responded}}) == "");
    const std::string no_reason = "gates:\n  - {id: charter, name: C, status: passed}\n  - {id: design, name: D, status: waived}\n";
    CHECK(test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", project("monitoring", no_reason)}})
              .find("gate 'design' (Design sign-off) is waived without a reason") != std::string::npos);
    CHECK(test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", project("planning", "")}})
              .starts_with("projects/p.yaml:7:10: error: project 'p' is in phase planning, but gate 'charter' is not in "
                           "its gates register"));
}

TEST_CASE("the next gate's unmet criteria are a note; a file that exists meets its criterion") {
    const std::string gates = "stakeholders:\n  - {id: s, name: S}\ngates:\n  - {id: charter, name: C, status: passed}\n";
    std::string p = project("planning", gates);
    p.replace(p.find("mitigation: m"), 13, "mitigation: m, response: mitigate");
    CHECK(test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", p}}) ==
          "projects/p.yaml:7:10: note: project 'p' is not ready for its next gate 'design' (Design sign-off) (opens "
          "execution): 2 of 4 criteria unmet: no project.budget; no file docs/p/charter.md [gate-not-ready]\n"
          "pmo.toml:1:1: note: gate 'design' in pmo.toml\n");
    p.replace(p.find("  sponsor"), 0, "  budget: 1000\n");
    CHECK(test::check_text({{"pmo.toml", kToml}, {"projects/p.yaml", p}, {"docs/p/charter.md", "# Charter\n"}}) == "");
    const LoadResult r = test::load({{"pmo.toml", kToml}, {"projects/p.yaml", p}, {"docs/p/charter.md", "x"}});
    const GovernanceStatus g = governance_status(r.portfolio, std::vector<int32_t>{0});
    REQUIRE(g.projects.size() == 1);
    CHECK(g.projects[0].last_passed == 0);
    CHECK(g.projects[0].next == 1);
    CHECK(g.projects[0].gates[1].ready());
    CHECK(g.projects[0].gates[1].criteria.size() == 4);
}

TEST_CASE("a directive PMO needs the gate's approver role") {
    const std::string toml = "[pmo]\ntype = \"directive\"\n" + kToml;
    const std::string gates = "stakeholders:\n  - {id: s, name: S}\ngates:\n"
                              "  - {id: charter, name: C, status: passed, approver: Sam, owner: pat}\n"
                              "  - {id: design, name: D, status: passed, approver: Pat, owner: pat}\n";
    const std::string text = test::check_text({{"pmo.toml", toml}, {"projects/p.yaml", project("execution", gates)}});
    CHECK(text.find("gate 'design' (Design sign-off) is approved by Pat, not by the sponsor; this PMO needs the sponsor "
                    "to approve it [gate-not-passed]") != std::string::npos);
    CHECK(text.find("gate 'charter'") == std::string::npos);
}

TEST_CASE("[[gate]] settings are checked") {
    CHECK(test::check_text({{"pmo.toml", "[[gate]]\nid = \"g\"\nopens = \"exection\"\nfiles = [\"../secret\"]\n"
                                         "registers = [\"risk\"]\nwhen = 1\n"}}) ==
          "pmo.toml:3:9: error: [[gate]] opens 'exection' is not a phase after initiation (did you mean 'execution'?) "
          "[invalid-config]\n"
          "pmo.toml:4:9: error: [[gate]] file '../secret' must be a path inside the portfolio, like "
          "\"docs/{project}/charter.md\" [invalid-config]\n"
          "pmo.toml:5:13: error: [[gate]] register 'risk' is not a register (risks, changes, issues, decisions, "
          "stakeholders, gates, lessons, actions) (did you mean 'risks'?) [invalid-config]\n"
          "pmo.toml:6:1: error: unknown setting 'when' in [[gate]] [invalid-config]\n");
}

TEST_CASE("a gate's file criterion wants a regular file: a directory of that name is not it") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / fmt::format("pmo-gate-files-test-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir / "projects");
    fs::create_directories(dir / "docs" / "p" / "charter.md");  // a directory, not the charter
    std::ofstream(dir / "pmo.toml") << kToml;
    std::ofstream(dir / "projects" / "p.yaml") << project("planning", "stakeholders:\n  - {id: s, name: S}\n");
    const DirectorySource src(dir.string());
    CHECK(!src.exists("docs/p/charter.md"));
    CHECK(src.present("docs/p/charter.md"));
    CHECK(src.exists("pmo.toml"));
    CHECK(!src.exists("docs/p/nothing.md"));
    CHECK(!src.present("docs/p/nothing.md"));
    auto unmet = [&] {
        const LoadResult r = load_portfolio(src, LoadOptions{.threads = 1, .progress = {}});
        REQUIRE(r.usable());
        const GovernanceStatus g = governance_status(r.portfolio, std::vector<int32_t>{0});
        std::vector<std::string> v;
        for (const GateState& s : g.projects[0].gates)
            for (const GateCriterion& c : s.criteria)
                if (!c.met) v.push_back(c.text);
        return v;
    };
    const std::vector<std::string> with_dir = unmet();
    CHECK(std::find_if(with_dir.begin(), with_dir.end(), [](const std::string& t) { return t.find("charter.md") != std::string::npos; }) !=
          with_dir.end());
    fs::remove(dir / "docs" / "p" / "charter.md");
    std::ofstream(dir / "docs" / "p" / "charter.md") << "# Charter\n";
    const std::vector<std::string> with_file = unmet();
    CHECK(std::find_if(with_file.begin(), with_file.end(), [](const std::string& t) { return t.find("charter.md") != std::string::npos; }) ==
          with_file.end());
    // A pmo.toml that is a directory is still there: an error, never a portfolio read without its standards.
    fs::remove(dir / "pmo.toml");
    fs::create_directories(dir / "pmo.toml");
    CHECK(scope_of(src) == Scope::tree);
    fs::remove_all(dir);
}
