#include "../support.hpp"

#include <pmo/model/fields.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::check_text;
using pmo::test::load;
using pmo::test::project;

TEST_CASE("a project file loads into the model, in WBS order") {
    LoadResult r = load({{"p.yaml", project(R"(tasks:
  - id: design
    name: Design
    duration: 2w
  - id: build
    name: Build
    tasks:
      - {id: code, name: Code, effort: 10d, assign: [{resource: ann, units: 50%}], depends: [{task: design, type: SS, lag: -2d}]}
      - {id: review, name: Review, milestone: true, depends: [code]}
)")},
                         {"pool.yaml", "resources:\n  - {id: ann, name: Ann, units: 80%}\n"}});
    CHECK(r.usable());
    REQUIRE(r.portfolio.projects.size() == 1);
    const Project& p = r.portfolio.projects[0];
    REQUIRE(p.tasks.size() == 4);
    CHECK(p.tasks[0].duration->unit == 'w');
    CHECK(p.tasks[1].is_summary());
    CHECK(p.tasks[1].children == std::vector<int32_t>{2, 3});
    CHECK(p.tasks[2].parent == 1);
    CHECK(p.tasks[2].assign[0].units == doctest::Approx(0.5));
    CHECK(p.tasks[2].assign[0].index == 0);
    CHECK(p.tasks[2].depends[0].type == DepType::SS);
    CHECK(p.tasks[2].depends[0].lag.value == -2);
    CHECK(p.tasks[2].depends[0].task == 0);
    CHECK(p.tasks[3].is_milestone());
    CHECK(r.portfolio.resources[0].capacity() == doctest::Approx(0.8));
}

TEST_CASE("unknown keys get a suggestion, with the whole message") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d, dependson: [b]}\n")}}) ==
          "p.yaml:8:36: error: unknown key 'dependson' in a task (did you mean 'depends'?) [unknown-key]\n");
}

TEST_CASE("wrong types say what was expected") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: five days}\n")}}) ==
          "p.yaml:8:32: error: task 'a' duration: expected a duration like 5d, 2w or 16h, got 'five days' "
          "[invalid-value]\n");
}

TEST_CASE("unknown references, within and across projects") {
    const std::string out = check_text({{"a.yaml", project("tasks:\n  - {id: t, name: T, duration: 1d, depends: [b/x, tt]}\n")},
                                        {"b.yaml", "project: {id: b, name: B, start: 2027-03-01}\ntasks:\n  - {id: y, name: Y, duration: 1d}\n"}});
    CHECK(out ==
          "a.yaml:8:46: error: task 't' depends on 'b/x': project 'b' has no task 'x' [unknown-reference]\n"
          "a.yaml:8:51: error: task 't' depends on 'tt': project 'demo' has no task 'tt' (did you mean 't'?) "
          "[unknown-reference]\n");
}

TEST_CASE("a cross-project dependency resolves") {
    LoadResult r = load({{"a.yaml", project("tasks:\n  - {id: t, name: T, duration: 1d, depends: [b/y]}\n")},
                         {"b.yaml", "project: {id: b, name: B, start: 2027-03-01}\ntasks:\n  - {id: y, name: Y, duration: 1d}\n"}});
    CHECK(r.usable());
    const Dependency& d = r.portfolio.projects[1].tasks[0].depends[0];  // "demo" sorts after "b"
    CHECK(d.project == 0);
    CHECK(d.task == 0);
}

TEST_CASE("duplicate project ids point at both files") {
    const std::string out = check_text({{"a.yaml", project("")}, {"b.yaml", project("")}});
    CHECK(out ==
          "b.yaml:2:7: error: project id 'demo' is already used [duplicate-id]\n"
          "a.yaml:2:7: note: first defined here\n");
}

TEST_CASE("a cycle names every task on it, in order") {
    const std::string out = check_text({{"p.yaml", project(R"(tasks:
  - {id: a, name: A, duration: 1d, depends: [c]}
  - {id: b, name: B, duration: 1d, depends: [a]}
  - {id: c, name: C, duration: 1d, depends: [b]}
)")}});
    CHECK(out.starts_with("p.yaml:8:10: error: dependency cycle: demo/a (p.yaml:8) -> demo/b (p.yaml:9) -> demo/c "
                          "(p.yaml:10) -> demo/a [dependency-cycle]\n"));
}

TEST_CASE("depending on your own summary task is a cycle") {
    const std::string out = check_text({{"p.yaml", project(R"(tasks:
  - id: s
    name: S
    tasks:
      - {id: a, name: A, duration: 1d, depends: [s]}
)")}});
    CHECK(out.find("[dependency-cycle]") != std::string::npos);
}

TEST_CASE("a 100,000-task chain, and a cycle through all of it, without recursion") {
    std::string tasks = "tasks:\n";
    const int n = 100000;
    for (int i = 0; i < n; ++i)
        tasks += "  - {id: t" + std::to_string(i) + ", name: T, duration: 1d" +
                 (i ? ", depends: [t" + std::to_string(i - 1) + "]}\n" : ", depends: [t" + std::to_string(n - 1) + "]}\n");
    LoadResult r = load({{"p.yaml", project(tasks)}});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "dependency-cycle");
    CHECK(r.findings[0].notes.size() == static_cast<size_t>(n));
}

TEST_CASE("calendars inherit from their base") {
    LoadResult r = load({{"pool.yaml", R"(calendars:
  default:
    workweek: [mon, tue, wed, thu, fri]
    holidays: [2027-01-01]
  berlin:
    base: default
    hours_per_day: 7.5
    holidays: [{date: 2027-10-03, name: Unity Day}]
)"}});
    CHECK(r.usable());
    const Calendar* b = r.portfolio.find_calendar("berlin");
    REQUIRE(b);
    CHECK(b->all_holidays.size() == 2);
    CHECK(b->hpd == 7.5);
    CHECK(b->days_per_week() == 5);
}

TEST_CASE("a calendar that inherits from itself") {
    const std::string out = check_text({{"pool.yaml", "calendars:\n  a: {base: b}\n  b: {base: a}\n"}});
    CHECK(out.find("inherits from itself") != std::string::npos);
}

TEST_CASE("documents of unknown kind") {
    CHECK(check_text({{"x.yaml", "projct: {id: a}\n"}}) ==
          "x.yaml:1:1: error: not a pmo file: expected 'project:' (a project file) or 'resources:'/'calendars:' (a "
          "pool file) (did you mean 'project'?) [unknown-document]\n");
    CHECK(check_text({{"x.yaml", ""}}).find("empty file") != std::string::npos);
    CHECK(check_text({{"x.yaml", "project: {id: a, name: A, start: 2027-01-01}\nresources: []\n"}}).find("mixes") !=
          std::string::npos);
}

TEST_CASE("globs for [portfolio] exclude") {
    CHECK(glob_match("archive/**", "archive/2026/old.yaml"));
    CHECK(glob_match("**/draft-*.yaml", "projects/x/draft-1.yaml"));
    CHECK(glob_match("*.yaml", "a.yaml"));
    CHECK_FALSE(glob_match("*.yaml", "projects/a.yaml"));
    CHECK(glob_match("projects/?.yaml", "projects/a.yaml"));
    CHECK_FALSE(glob_match("archive/**", "projects/archive.yaml"));
}

TEST_CASE("pmo.toml excludes files and sets the standards") {
    LoadResult r = load({{"pmo.toml", "[pmo]\ntype = \"supportive\"\n[portfolio]\nexclude = [\"old/**\"]\n"},
                         {"old/x.yaml", "garbage: ["},
                         {"p.yaml", project("")}});
    CHECK(r.usable());
    CHECK(r.portfolio.config.type == PmoType::supportive);
    CHECK(r.portfolio.files == std::vector<std::string>{"p.yaml", "pmo.toml"});
}

TEST_CASE("pmo.toml problems are findings with positions") {
    CHECK(check_text({{"pmo.toml", "[risk]\nscale = \"five\"\n"}}) ==
          "pmo.toml:2:9: error: [risk] scale must be a whole number from 2 to 10, got \"five\" [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[pmo\n"}}).starts_with("pmo.toml:1:5: error: TOML syntax error"));
}

TEST_CASE("every number in pmo.toml is checked as what it is: nan, inf and fractional counts are refused") {
    // nan compares false with every bound: `[risk] high = nan` used to mean no risk is ever high.
    CHECK(check_text({{"pmo.toml", "[risk]\nhigh = nan\n"}}) ==
          "pmo.toml:2:8: error: [risk] high must be a number from 1 to 100, got nan [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[rag]\nspi_green = -inf\n"}}) ==
          "pmo.toml:2:13: error: [rag] spi_green must be a number from 0 to 10, got -inf [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[risk]\nmedium = +inf\n"}}) ==
          "pmo.toml:2:10: error: [risk] medium must be a number from 1 to 100, got inf [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[risk]\nprobabilities = [10, nan, 50, 70, 90]\n"}}) ==
          "pmo.toml:2:17: error: [risk] probabilities has 1 entries; the scale has 5 steps [invalid-config]\n"
          "pmo.toml:2:22: error: [risk] probabilities entries must be a number from 0 to 100, got nan [invalid-config]\n");
    // Counts are whole numbers: 5.5 was truncated to 5 without a word.
    CHECK(check_text({{"pmo.toml", "[risk]\nscale = 5.5\n"}}) ==
          "pmo.toml:2:9: error: [risk] scale must be a whole number from 2 to 10, got 5.5 [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[rag]\nslip_red = nan\n"}}) ==
          "pmo.toml:2:12: error: [rag] slip_red must be a whole number from 0 to 10000, got nan [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[report]\ntop_risks = 2.5\n"}}) ==
          "pmo.toml:2:13: error: [report] top_risks must be a whole number from 0 to 100, got 2.5 [invalid-config]\n");
    CHECK(check_text({{"pmo.toml", "[risk]\nreview_days = true\n"}}) ==
          "pmo.toml:2:15: error: [risk] review_days must be a whole number from 1 to 3650, got true [invalid-config]\n");
    LoadResult whole = load({{"pmo.toml", "[risk]\nscale = 4.0\nreview_days = 14\n"}});
    CHECK(whole.findings.empty());
    CHECK(whole.portfolio.config.risk_scale == 4);
    CHECK(whole.portfolio.config.review_days == 14);
}

TEST_CASE("a calendar whose base does not exist is reported and stands alone (found by fuzzing)") {
    LoadResult r = load({{"pool.yaml", "calendars:\n  a: {base: nope, workweek: [mon]}\n"}});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "calendar 'a' refers to calendar 'nope', which is not defined");
    CHECK(r.portfolio.calendars[0].days_per_week() == 1);
}

TEST_CASE("every span is bounded in working days of its calendar, so none overflows the schedule") {
    const std::string tiny = "calendars:\n  default: {workweek: [mon, tue, wed, thu, fri], hours_per_day: 0.0001}\n";
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d}\n"
                                         "  - {id: b, name: B, duration: 1d, depends: [{task: a, lag: 1000000h}]}\n")},
                      {"pool.yaml", tiny}}) ==
          "p.yaml:9:61: error: task 'b' lag after 'a' 1000000h is 10000000000 working days in calendar 'default' (5 "
          "days a week, 0.0001 hours a day); the limit is 1000000 working days [invalid-value]\n");
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, effort: 1000000d, assign: [{resource: ann, "
                                         "units: 0.01%}]}\n")},
                      {"pool.yaml", "resources:\n  - {id: ann, name: Ann}\n"}}) ==
          "p.yaml:8:30: error: task 'a' effort 1000000d, worked at 0.01% in all, is 10000000000 working days in "
          "calendar 'standard' (5 days a week, 8 hours a day); the limit is 1000000 working days [invalid-value]\n");
    // A negative lag is bounded too, and so are estimates and a risk's schedule impact.
    const std::string out =
        check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d}\n"
                                       "  - {id: b, name: B, duration: 1d, depends: [{task: a, lag: -1000000h}], "
                                       "estimate: {optimistic: 1d, likely: 1d, pessimistic: 1000000w}}\n"
                                       "risks:\n  - {id: r, title: R, owner: x, probability: 1, impact: 1, "
                                       "schedule_impact: 1000000w}\n")},
                    {"pool.yaml", tiny}});
    CHECK(out.find("task 'b' lag after 'a' -1000000h is -10000000000 working days") != std::string::npos);
    CHECK(out.find("task 'b' estimate pessimistic 1000000w is 5000000 working days") != std::string::npos);
    CHECK(out.find("risk 'r' schedule_impact 1000000w is 5000000 working days") != std::string::npos);
    // Within the limit, nothing is said.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1000000d}\n")}}).find("the limit is") ==
          std::string::npos);
}

TEST_CASE("a three-point estimate is in order once converted to working days, whatever its units") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, estimate: {optimistic: 5d, "
                                         "likely: 1w, pessimistic: 2h}}\n")}}) ==
          "p.yaml:8:46: error: task 'a' estimate needs optimistic <= likely <= pessimistic, got 5d (5d), 1w (5d), "
          "2h (0.25d) in calendar 'standard' [invalid-value]\n");
    // 1w is five working days here, so 5d <= 1w <= 6d is in order.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, estimate: {optimistic: 5d, "
                                         "likely: 1w, pessimistic: 6d}}\n")}}) == "");
}

TEST_CASE("a plain number where a percent is meant suggests the percent") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d, progress: 70}\n")}}) ==
          "p.yaml:8:46: error: task 'a' progress: must be between 0% and 100%, got '70' (did you mean '70%'?) "
          "[invalid-value]\n");
    // 150 cannot be a progress at all: no suggestion.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d, progress: 150}\n")}}) ==
          "p.yaml:8:46: error: task 'a' progress: must be between 0% and 100%, got '150' [invalid-value]\n");
}

TEST_CASE("dependency types are read without regard to case") {
    LoadResult r = load({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d}\n"
                                            "  - {id: b, name: B, duration: 1d, depends: [{task: a, type: ss}, "
                                            "{task: a, type: Ff}]}\n")}});
    REQUIRE(r.usable());
    CHECK(r.portfolio.projects[0].tasks[1].depends[0].type == DepType::SS);
    CHECK(r.portfolio.projects[0].tasks[1].depends[1].type == DepType::FF);
}

TEST_CASE("tags beyond the YAML core schema are findings at their node; !!str makes text") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: !custom A, duration: !!str 5d, depends: "
                                         "!!python/object [b]}\n  - {id: b, name: !!str B, duration: !!map {x: 1}}\n")}}) ==
          "p.yaml:8:19: error: the YAML tag '!custom' is not part of pmo's format, which uses plain YAML (the core "
          "schema); remove the tag [invalid-value]\n"
          "p.yaml:8:40: error: task 'a' duration: expected a duration like 5d, 2w or 16h, got '5d' written as text (in "
          "quotes or with !!str); write it plain [invalid-value]\n"
          "p.yaml:8:59: error: the YAML tag '!!python/object' is not part of pmo's format, which uses plain YAML (the "
          "core schema); remove the tag [invalid-value]\n"
          "p.yaml:9:38: error: task 'b' duration must be a value, got a mapping [invalid-value]\n");
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d, depends: !!map [b]}\n"
                                         "  - {id: b, name: B, duration: 1d}\n")}})
              .find("p.yaml:8:45: error: the tag '!!map' does not fit this list; remove it [invalid-value]") !=
          std::string::npos);
}

TEST_CASE("an empty list of child tasks is no task without work") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, tasks: []}\n")}}) ==
          "p.yaml:8:10: error: task 'a' has an empty 'tasks:' list and no duration, effort or `milestone: true`; give "
          "it child tasks or work of its own [missing-field]\n");
}

TEST_CASE("without a pmo.toml: the top and projects/, resources/, calendars/ are read; other YAML at the top is passed over") {
    const std::string web = project("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    std::map<std::string, std::string> files = {
        {"projects/web.yaml", web},
        {"resources/people.yaml", "resources:\n  - {id: pat, name: Pat}\n"},
        {"docker-compose.yml", "services:\n  web: {image: nginx}\n"},
        {"scripts/ci.yaml", "steps: [unclosed\n"},
    };
    LoadResult r = load(files);
    CHECK(r.scope == Scope::projects_and_top);
    CHECK(r.findings.empty());
    CHECK(r.portfolio.projects.size() == 1);
    CHECK(r.portfolio.resources.size() == 1);
    CHECK(r.passed_over == std::vector<std::string>{"docker-compose.yml"});
    CHECK(r.files_read == 3);  // scripts/ is never read

    // A key close to a pmo file's is a typo, not another tool's file: still an error at the top.
    CHECK(check_text({{"p.yaml", "projct: {id: a}\n"}}).find("did you mean 'project'?") != std::string::npos);

    // A file in projects/ that is not a pmo file is still an error there.
    files["projects/notes.yaml"] = "todo: [write the plan]\n";
    CHECK(check_text(files).find("projects/notes.yaml:1:1: error: not a pmo file") != std::string::npos);

    // With a pmo.toml (even an empty one), every file below is read and judged.
    files.erase("projects/notes.yaml");
    files["pmo.toml"] = "";
    LoadResult all = load(files);
    CHECK(all.scope == Scope::tree);
    CHECK(all.passed_over.empty());
    const std::string text = check_text(files);
    CHECK(text.find("docker-compose.yml:1:1: error: not a pmo file") != std::string::npos);
    CHECK(text.find("scripts/ci.yaml:") != std::string::npos);
}

TEST_CASE("a project whose file YAML cannot parse is not reported unknown on top of the syntax error") {
    const std::string broken = "project:\n  id: crm\n  name: Phase 3: design\n  start: 2027-01-04\n";
    const std::string web = "project: {id: web, name: Web, start: 2027-01-04}\n"
                            "tasks:\n  - {id: b, name: B, duration: 2d, depends: [crm/a, crmx/a]}\n";
    const std::string text = check_text({{"projects/crm.yaml", broken}, {"projects/web.yaml", web}});
    CHECK(text.find("projects/crm.yaml:3:") != std::string::npos);
    CHECK(text.find("no project 'crm'") == std::string::npos);
    CHECK(text.find("no project 'crmx'") != std::string::npos);  // nothing could define that one

    // A task id in the broken file is not a project id it defines; the project's own id is, in
    // any spelling of the header.
    const std::string tasks = "project:\n  id: erp # the ERP\n  name: A: B\ntasks:\n  - id: b\n";
    const std::string uses = "project: {id: web, name: Web, start: 2027-01-04}\n"
                             "tasks:\n  - {id: t, name: T, duration: 2d, depends: [erp/a, b/a]}\n";
    const std::string text2 = check_text({{"projects/x.yaml", tasks}, {"projects/web.yaml", uses}});
    CHECK(text2.find("no project 'erp'") == std::string::npos);
    CHECK(text2.find("no project 'b'") != std::string::npos);
    const std::string flow = "project: {id: hr, name: A: B}\n";
    const std::string uses_hr = "project: {id: web, name: Web, start: 2027-01-04}\n"
                                "tasks:\n  - {id: t, name: T, duration: 2d, depends: [hr/a]}\n";
    CHECK(check_text({{"projects/y.yaml", flow}, {"projects/web.yaml", uses_hr}}).find("no project 'hr'") == std::string::npos);
}

TEST_CASE("a decode cache gives the same portfolio and findings as decoding every file") {
    using pmo::test::MemorySource;
    auto text_of = [](const LoadResult& r) {
        CheckResult c = check_portfolio(r, {});
        std::ostringstream s;
        render_findings(s, FindingsFormat::text, c, r.portfolio);
        std::string ids;
        for (const Project& p : r.portfolio.projects) ids += p.id + ":" + std::to_string(p.tasks.size()) + ":" + std::to_string(p.pos.file) + " ";
        return ids + "\n" + s.str();
    };
    std::map<std::string, std::string> files{
        {"pmo.toml", "[pmo]\nname = \"x\"\n"},
        {"projects/b.yaml", pmo::test::project("tasks:\n  - {id: t, name: T, duration: 1d, bogus: 1}  # pmo: ignore unknown-key -- test\n")},
        {"projects/c.yaml", "project:\n  id: c\n  name: C\n  start: 2027-03-01\ntasks:\n  - {id: u, name: U, duration: 2x}\n"}};
    DecodeCache cache;
    auto load_with = [&](DecodeCache* c) {
        MemorySource src(files);
        return load_portfolio(src, LoadOptions{.threads = 1, .progress = {}, .cache = c});
    };
    const std::string plain = text_of(load_with(nullptr));
    CHECK(text_of(load_with(&cache)) == plain);
    CHECK(text_of(load_with(&cache)) == plain);  // every file from the cache now
    // A file added before the others moves their positions: still the same as without the cache.
    files["projects/a.yaml"] = "project:\n  id: a\n  name: A\n  start: 2027-03-01\ntasks:\n  - {id: v, name: V, duration: 1d}\n";
    files["projects/c.yaml"] += "  - {id: w, name: W, duration: 1d}\n";
    const std::string moved = text_of(load_with(nullptr));
    CHECK(moved != plain);
    CHECK(text_of(load_with(&cache)) == moved);
}

TEST_CASE("a change request may save money and time; a risk's cost may not be negative") {
    const std::string changes = "changes:\n  - {id: cr-1, title: Descope, owner: pat, status: proposed, cost_impact: -3000, "
                                "schedule_impact: -2d}\n";
    auto ok = pmo::test::check_text({{"projects/a.yaml", pmo::test::project("tasks:\n  - {id: t, name: T, duration: 1d}\n" + changes)}});
    CHECK(ok.find("cost_impact") == std::string::npos);
    auto bad = pmo::test::check_text({{"projects/a.yaml", pmo::test::project(
        "tasks:\n  - {id: t, name: T, duration: 1d}\nrisks:\n  - {id: r, title: R, owner: pat, probability: 2, impact: 2, "
        "cost_impact: -3000}\n")}});
    CHECK(bad.find("risk 'r' cost_impact: an amount must be between 0 and 10^15") != std::string::npos);
}

TEST_CASE("an integer field's range comes from its spec") {
    for (const ObjectSpec* s : {&spec::project, &spec::task, &spec::risk, &spec::stakeholder, &spec::resource})
        for (const FieldSpec& f : s->fields)
            if (f.type == FieldType::integer && f.key != "impact") CHECK_MESSAGE(f.min < f.max, s->name, ".", f.key);
    const std::string out = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d}\nstakeholders:\n  - {id: s, name: S, interest: 6}\n")}});
    CHECK(out.find("stakeholders interest: expected a whole number from 1 to 5, got '6'") != std::string::npos);
}

namespace {
/// A value of the field's type, as a file would hold it.
std::string sample(const FieldSpec& f) {
    switch (f.type) {
    case FieldType::id: return "std";
    case FieldType::date: return "2027-03-01";
    case FieldType::duration: return "3d";
    case FieldType::percent: return "50%";
    case FieldType::money: return "100";
    case FieldType::integer: return std::to_string(f.min + 1);
    case FieldType::boolean: return "true";
    case FieldType::enumeration: return std::string(f.values.back());
    case FieldType::three_point: return "{optimistic: 1d, likely: 2d, pessimistic: 3d}";
    default: return "Some text";
    }
}

/// `key: value` for every field of `o` that has a slot, one per line at `indent`.
std::string slotted(const ObjectSpec& o, const std::string& indent) {
    std::string s;
    for (const FieldSpec& f : o.fields)
        if (!std::holds_alternative<std::monostate>(f.slot)) s += indent + std::string(f.key) + ": " + sample(f) + "\n";
    return s;
}

/// The fields of `o` whose member in `owner` holds no value.
template <class O>
std::string unread(const ObjectSpec& o, const O& owner) {
    std::string missing;
    for (const FieldSpec& f : o.fields)
        std::visit(
            [&]<class M>(M slot) {
                if constexpr (!std::is_same_v<M, std::monostate>)
                    if constexpr (requires { (owner.*slot).present; })
                        if (!(owner.*slot).present) missing += std::string(missing.empty() ? "" : ",") + std::string(f.key);
            },
            f.slot);
    return missing;
}
}  // namespace

TEST_CASE("every field with a slot is read into the member its slot names") {
    const std::string file = "project:\n  id: p\n" + slotted(spec::project, "  ") + "  status:\n" +
                             slotted(spec::status, "    ") + "tasks:\n  - id: t\n" + slotted(spec::task, "    ") +
                             "risks:\n  - id: r\n" + slotted(spec::risk, "    ");
    const std::string pool = "calendars:\n  std: {}\n  own:\n" + slotted(spec::calendar, "    ") + "resources:\n  - id: ann\n" +
                             slotted(spec::resource, "    ");
    LoadResult r = load({{"p.yaml", file}, {"pool.yaml", pool}});
    std::string decode_errors;
    for (const Finding& f : r.findings)
        if (f.rule == "invalid-value" || f.rule == "unknown-key" || f.rule == "invalid-id") decode_errors += f.message + "\n";
    // Every field at once gives a task both a duration and an effort: the one finding expected.
    CHECK(decode_errors == "task 't' has both a duration and an effort; give one (duration with assign makes a "
                           "fixed-duration task)\n");
    REQUIRE(r.portfolio.projects.size() == 1);
    const Project& p = r.portfolio.projects[0];
    REQUIRE(p.tasks.size() == 1);
    REQUIRE(p.risks.size() == 1);
    REQUIRE(r.portfolio.calendars.size() == 2);
    REQUIRE(r.portfolio.resources.size() == 1);
    CHECK(unread(spec::project, p) == "");
    CHECK(unread(spec::status, p) == "");
    CHECK(unread(spec::task, p.tasks[0]) == "");
    CHECK(unread(spec::risk, p.risks[0]) == "");
    const auto own = std::find_if(r.portfolio.calendars.begin(), r.portfolio.calendars.end(),
                                  [](const Calendar& c) { return c.id == "own"; });
    REQUIRE(own != r.portfolio.calendars.end());
    CHECK(unread(spec::calendar, *own) == "");
    CHECK(unread(spec::resource, r.portfolio.resources[0]) == "");
    CHECK(p.tasks[0].estimate->pessimistic.value == 3);
}

TEST_CASE("no two fields put their values in the same member") {
    std::vector<Slot> seen;
    for (const ObjectSpec* o : {&spec::project, &spec::status, &spec::task, &spec::three_point, &spec::risk,
                                &spec::resource, &spec::calendar})
        for (const FieldSpec& f : o->fields) {
            if (std::holds_alternative<std::monostate>(f.slot)) continue;
            CHECK_MESSAGE(std::find(seen.begin(), seen.end(), f.slot) == seen.end(), o->name, ".", f.key);
            seen.push_back(f.slot);
        }
    CHECK(seen.size() > 40);
}

TEST_CASE("a task that assigns one resource twice is refused: it would book them twice over") {
    const std::string out =
        check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, effort: 4d, assign: [ann, {resource: ann, units: 50%}]}\n")},
                    {"pool.yaml", "resources:\n  - {id: ann, name: Ann}\n"}});
    CHECK(out ==
          "p.yaml:8:59: error: task 'a' assigns resource 'ann' twice, which would book them twice over; assign each "
          "resource once, with `units:` for a share of their day [duplicate-id]\n"
          "p.yaml:8:43: note: first assigned here\n");
}
