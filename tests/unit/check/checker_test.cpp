#include "../support.hpp"

#include <pmo/check/rules.hpp>

#include <doctest/doctest.h>

using namespace pmo;
using pmo::test::check_text;
using pmo::test::load;
using pmo::test::project;

namespace {
const std::string kTwoTasks = "tasks:\n  - {id: a, name: A, duration: 25d}\n  - {id: b, name: B, duration: 1d, depends: [a]}\n";
}

TEST_CASE("the rule catalogue is sorted and documented") {
    auto rules = rule_catalogue();
    REQUIRE(rules.size() > 20);
    for (size_t i = 1; i < rules.size(); ++i) CHECK(rules[i - 1].id < rules[i].id);
    for (const Rule& r : rules) {
        CHECK(find_rule(r.id) == &r);
        CHECK_FALSE(r.summary.empty());
    }
    CHECK(find_rule("no-such-rule") == nullptr);
}

TEST_CASE("every rule id constant names its catalogue entry") {
    // rules.cpp checks this at compile time; a RuleId cannot be made from an unknown id.
    CHECK(rule(rule_id::invalid_value).id == "invalid-value");
    CHECK(&rule(rule_id::yaml_syntax) == find_rule("yaml-syntax"));
    CHECK(rule(rule_id::task_too_long).kind == RuleKind::standard);
    CHECK(std::string(rule_id::dependency_cycle) == "dependency-cycle");
    CHECK(std::string("unknown-key") == rule_id::unknown_key);
    CHECK(rule_catalogue().size() == std::size(detail::kRuleIds));
}

TEST_CASE("severity follows the PMO type") {
    const std::string controlling = check_text({{"p.yaml", project(kTwoTasks)}});
    CHECK(controlling.find("warning: task 'a' lasts 25 working days") != std::string::npos);
    const std::string directive =
        check_text({{"pmo.toml", "[pmo]\ntype = \"directive\"\n"}, {"p.yaml", project(kTwoTasks)}});
    CHECK(directive.find("error: task 'a' lasts 25 working days") != std::string::npos);
    const std::string supportive = check_text(
        {{"pmo.toml", "[pmo]\ntype = \"supportive\"\n"},
         {"p.yaml", project("tasks:\n  - {id: a, name: A, effort: 2d}\n")}});
    CHECK(supportive.find("warning: task 'a' has an effort of 2d but nobody is assigned") != std::string::npos);
}

TEST_CASE("[rules] overrides severities and options") {
    CHECK(check_text({{"pmo.toml", "[rules]\ntask-too-long = \"off\"\n"}, {"p.yaml", project(kTwoTasks)}}).empty());
    CHECK(check_text({{"pmo.toml", "[rules.task-too-long]\nmax = \"30d\"\n"}, {"p.yaml", project(kTwoTasks)}}).empty());
    CHECK(check_text({{"pmo.toml", "[rules]\ntask-to-long = \"off\"\n"}, {"p.yaml", project("")}}) ==
          "pmo.toml:2:16: error: [rules] names unknown rule 'task-to-long' (did you mean 'task-too-long'?) "
          "[invalid-config]\n");
}

TEST_CASE("suppressions: on the line or the line above, counted, unused ones reported") {
    LoadResult r = load({{"p.yaml", project("tasks:\n  # pmo: ignore task-too-long -- contract fixes it\n"
                                            "  - {id: a, name: A, duration: 25d}\n"
                                            "  - {id: b, name: B, duration: 1d, depends: [a]}  # pmo: ignore dangling-task -- why\n")}});
    CheckResult c = check_portfolio(r, test::check_options());
    CHECK(c.suppressed == 1);
    REQUIRE(c.findings.size() == 1);
    CHECK(c.findings[0].rule == "unused-suppression");
    CHECK(c.findings[0].pos.line == 10);
}

TEST_CASE("format problems cannot be suppressed") {
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d, x: 1}  # pmo: ignore unknown-key -- no\n")}})
              .find("cannot be suppressed") != std::string::npos);
}

TEST_CASE("required fields by phase") {
    const std::string toml = "[[require]]\nphase = [\"execution\"]\nfields = [\"project.budget\", \"risks\"]\n";
    CHECK(check_text({{"pmo.toml", toml}, {"p.yaml", project("", "  phase: planning\n")}}).empty());
    CHECK(check_text({{"pmo.toml", toml}, {"p.yaml", project("", "  phase: execution\n")}}) ==
          "p.yaml:2:7: error: project 'demo' in phase execution must have 'project.budget' [required-field]\n"
          "pmo.toml:1:1: note: required by this [[require]] in pmo.toml\n"
          "p.yaml:2:7: error: project 'demo' in phase execution must have 'risks' [required-field]\n"
          "pmo.toml:1:1: note: required by this [[require]] in pmo.toml\n");
}

TEST_CASE("dangling logic honours summaries and the first and last task") {
    CHECK(check_text({{"p.yaml", project(R"(tasks:
  - {id: start, name: Start, milestone: true}
  - id: s
    name: S
    depends: [start]
    tasks:
      - {id: a, name: A, duration: 1d}
      - {id: b, name: B, duration: 1d}
  - {id: end, name: End, milestone: true, depends: [s]}
)")}})
              .empty());
    CHECK(check_text({{"p.yaml", project(R"(tasks:
  - {id: a, name: A, duration: 1d}
  - {id: b, name: B, duration: 1d}
  - {id: c, name: C, duration: 1d, depends: [a]}
)")}}) == "p.yaml:9:10: warning: task 'b' has no predecessor: link it to what it needs, or give it "
             "start_no_earlier_than [dangling-task]\n"
             "p.yaml:9:10: warning: task 'b' has no successor: nothing waits for it, so a slip cannot show in the "
             "project's finish [dangling-task]\n");
}

TEST_CASE("risks: owner, scale, high without response, review") {
    const std::string out = check_text({{"p.yaml", project("", "  status: {date: 2027-06-01}\n") + R"(risks:
  - {id: r1, title: A, probability: 4, impact: 4}
  - {id: r2, title: B, owner: pat, probability: 6, impact: 1}
  - {id: r3, title: C, owner: pat, probability: 90%, impact: 5, response: mitigate, mitigation: Plan B., review_by: 2027-05-01}
  - {id: r4, title: D, probability: 5, impact: 5, status: closed}
)"}});
    CHECK(out ==
          "p.yaml:9:10: error: high risk 'r1' (score 16, high from 15) has no response and no mitigation "
          "[high-risk-without-response]\n"
          "p.yaml:9:10: error: open risk 'r1' has no owner [risk-without-owner]\n"
          "p.yaml:10:49: error: risk 'r2' probability 6 is not a step of the scale 1..5 (or write a percent like 30%) "
          "[risk-score-out-of-scale]\n"
          "p.yaml:11:117: warning: risk 'r3' was due for review on 2027-05-01, 31 days before the status date "
          "2027-06-01 [risk-review-overdue]\n");
}

TEST_CASE("inconsistent progress, against --as-of") {
    CheckOptions o;
    o.as_of = Date::parse("2027-03-03");
    const std::string out = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, actual_start: 2027-03-01, actual_finish: 2027-03-05, progress: 100%}\n")}}, o);
    CHECK(out == "p.yaml:8:77: error: task 'a' has an actual date (2027-03-05) after the status date (2027-03-03) "
                 "[inconsistent-progress]\n");
}

TEST_CASE("progress that cannot be true is a finding at its place, never silently taken") {
    CheckOptions o;
    o.as_of = Date::parse("2027-03-10");
    // Progress on a summary task: ignored, and said so.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - id: s\n    name: S\n    progress: 50%\n    tasks:\n"
                                         "      - {id: a, name: A, duration: 2d}\n")}},
                     o) ==
          "p.yaml:10:15: error: summary task 's' has a progress of its own; pmo ignores it and rolls up its tasks' "
          "progress and dates: record it on them [inconsistent-progress]\n");
    // Progress without an actual start.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, progress: 30%}\n")}}, o) ==
          "p.yaml:8:46: error: task 'a' is 30% complete but has no actual_start; pmo assumes it started as early as "
          "its dependencies and start_no_earlier_than allow: record the day it started [inconsistent-progress]\n");
    // Started, though its start bound is after the status date, or its predecessor is not done.
    const std::string snet = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, start_no_earlier_than: 2027-04-01,"
                            " progress: 30%}\n")}},
        o);
    CHECK(snet.find("p.yaml:8:81: warning: task 'a' is 30% complete at the status date 2027-03-10, but cannot start "
                    "before its start_no_earlier_than 2027-04-01; pmo keeps the logic and plans the remaining work "
                    "from when it allows [out-of-sequence-progress]\n") != std::string::npos);
    const std::string pred = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, actual_start: 2027-03-01, progress: 50%}\n"
                            "  - {id: b, name: B, duration: 5d, depends: [a], actual_start: 2027-03-08}\n"
                            "  - {id: c, name: C, duration: 5d, depends: [{task: a, type: SS}], actual_start: "
                            "2027-03-08}\n")}},
        o);
    CHECK(pred.find("p.yaml:9:64: warning: task 'b' is started, but its predecessor 'a' has not finished by the status "
                    "date 2027-03-10 (FS); pmo keeps its actual start and plans the remaining work from the status date "
                  "[out-of-sequence-progress]\n") != std::string::npos);
    CHECK(pred.find("task 'c'") == std::string::npos);  // SS: a has started
    // Finished predecessors, a negative lag, and a start bound already passed are fine.
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, actual_start: 2027-03-01,"
                                         " actual_finish: 2027-03-05, progress: 100%}\n"
                                         "  - {id: b, name: B, duration: 5d, depends: [a], actual_start: 2027-03-08,"
                                         " start_no_earlier_than: 2027-03-08, progress: 10%}\n"
                                         "  - {id: c, name: C, duration: 5d, depends: [{task: b, type: FS, lag: -2d}],"
                                         " actual_start: 2027-03-09, progress: 10%}\n")}},
                     o)
              .empty());
}

TEST_CASE("exit codes: 2 for the format, 1 for standards errors, 0 otherwise") {
    CHECK(check_portfolio(load({{"p.yaml", "project: ["}})).exit_code() == 2);
    CHECK(check_portfolio(load({{"p.yaml", project("tasks:\n  - {id: a, name: A, effort: 2d}\n")}})).exit_code() == 1);
    CHECK(check_portfolio(load({{"p.yaml", project(kTwoTasks)}})).exit_code() == 0);
}

TEST_CASE("implausible-date: a date decades from the status date, at its place; the limit from pmo.toml") {
    const std::string tasks =
        "tasks:\n  - {id: a, name: A, duration: 2d, start_no_earlier_than: 2207-03-01}\n"
        "  - {id: b, name: B, duration: 1d, depends: [a], finish_no_later_than: 2027-12-31}\n";
    const std::string status = "  status: {date: 2027-03-05}\n";
    CHECK(check_text({{"p.yaml", project(tasks, status)}}) ==
          "p.yaml:9:59: warning: task 'a' start_no_earlier_than 2207-03-01 is 179 years after the status date "
          "2027-03-05; a mistyped year? [implausible-date]\n");
    // The year 1013 for 2013: before the status date; --as-of is the reference when given.
    CheckOptions o;
    o.as_of = Date::parse("2027-03-05");
    CHECK(check_text({{"p.yaml", "project:\n  id: demo\n  name: Demo\n  start: 1013-03-01\n  manager: pat\n  sponsor: sam\n"
                                 "tasks:\n  - {id: a, name: A, duration: 2d}\n"}},
                     o) ==
          "p.yaml:4:10: warning: project 'demo' start 1013-03-01 is 1014 years before the status date 2027-03-05; "
          "a mistyped year? [implausible-date]\n");
    // Under the limit: quiet; a lower limit in pmo.toml catches it; the option is checked.
    std::string near = project(tasks, status);
    near.replace(near.find("2207"), 4, "2060");
    CHECK(check_text({{"p.yaml", near}}).empty());
    CHECK(check_text({{"pmo.toml", "[rules.implausible-date]\nyears = 20\n"}, {"p.yaml", near}})
              .find("start_no_earlier_than 2060-03-01 is 32 years after the status date") != std::string::npos);
    CHECK(check_text({{"pmo.toml", "[rules.implausible-date]\nyears = 0\n"}, {"p.yaml", project("")}}) ==
          "pmo.toml:2:9: error: [rules.implausible-date] years must be a whole number from 1 to 1000, got 0 [invalid-config]\n");
}

TEST_CASE("task-too-long counts a task's days as the plan does (issue 12, finding 9)") {
    // 81 h at 50% of 8 h: 20.25 days, so 21 working days; the checker once said 22.
    const std::string pool = "resources:\n  - {id: ann, name: Ann}\n";
    const std::string task = "tasks:\n  - {id: a, name: A, effort: 81h, assign: [{resource: ann, units: 50%}]}\n";
    CHECK(check_text({{"pmo.toml", "[rules.task-too-long]\nmax = \"21d\"\n"}, {"pool.yaml", pool}, {"p.yaml", project(task)}})
              .find("task-too-long") == std::string::npos);
    CHECK(check_text({{"pmo.toml", "[rules.task-too-long]\nmax = \"20d\"\n"}, {"pool.yaml", pool}, {"p.yaml", project(task)}})
              .find("task 'a' lasts 21 working days") != std::string::npos);
}

TEST_CASE("a person who nearly spells someone in the pool is a typo, one far from everyone is outside it") {
    const std::string pool = "resources:\n  - {id: jonas, name: Jonas Berg}\n";
    const std::string risks = "risks:\n  - {id: r1, title: T, owner: jonah, probability: 1, impact: 1}\n"
                              "  - {id: r2, title: T, owner: Jonas Berg, probability: 1, impact: 1}\n"
                              "  - {id: r3, title: T, owner: Dana Whitfield (CFO), probability: 1, impact: 1}\n";
    CHECK(check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 1d}\n" + risks)}, {"pool.yaml", pool}}) ==
          "p.yaml:10:31: warning: risk 'r1' owner 'jonah' is no one in the pool (did you mean 'jonas'?); write the "
          "pool id, or the full name of someone outside the pool [person-not-in-pool]\n");
    std::string text = project("tasks:\n  - {id: a, name: A, duration: 1d}\n");
    text.replace(text.find("manager: pat"), 12, "manager: jonsa");
    CHECK(check_text({{"p.yaml", text}, {"pool.yaml", pool}})
              .find("project 'demo' manager 'jonsa' is no one in the pool (did you mean 'jonas'?)") != std::string::npos);
}

TEST_CASE("action-overdue: an open or in-progress action past its due date, at the due date") {
    CheckOptions o;
    o.as_of = Date::parse("2027-03-10");
    const std::string out = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d}\n"
                            "actions:\n"
                            "  - {id: a1, title: Minutes, owner: pat, due: 2027-03-05, from: kick-off}\n"
                            "  - {id: a2, title: Room, owner: pat, due: 2027-03-05, status: done}\n"
                            "  - {id: a3, title: Laptops, owner: pat, due: 2027-03-09, status: in-progress}\n"
                            "  - {id: a4, title: Today, owner: pat, due: 2027-03-10}\n")}},
        o);
    CHECK(out == "p.yaml:10:47: warning: action 'a1' was due on 2027-03-05, 5 days before the status date 2027-03-10, "
                 "and is still open [action-overdue]\n"
                 "p.yaml:12:47: warning: action 'a3' was due on 2027-03-09, 1 day before the status date 2027-03-10, "
                 "and is still in-progress [action-overdue]\n");
}

TEST_CASE("issue-overdue: an open or in-progress issue past its due date, at the due date") {
    CheckOptions o;
    o.as_of = Date::parse("2027-03-10");
    const std::string out = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d}\n"
                            "issues:\n"
                            "  - {id: i1, title: Data, owner: pat, due: 2027-03-05}\n"
                            "  - {id: i2, title: VPN, owner: pat, due: 2027-03-05, status: resolved}\n"
                            "  - {id: i3, title: Licences, owner: pat, due: 2027-03-09, status: in-progress}\n"
                            "  - {id: i4, title: Today, owner: pat, due: 2027-03-10}\n"
                            "  - {id: i5, title: Closed, owner: pat, due: 2027-03-01, status: closed}\n")}},
        o);
    CHECK(out == "p.yaml:10:44: warning: issue 'i1' was due on 2027-03-05, 5 days before the status date 2027-03-10, "
                 "and is still open [issue-overdue]\n"
                 "p.yaml:12:48: warning: issue 'i3' was due on 2027-03-09, 1 day before the status date 2027-03-10, "
                 "and is still in-progress [issue-overdue]\n");
}

TEST_CASE("a stakeholder's communication: checked key by key, kept as communication.KEY") {
    const std::string good = project("tasks:\n  - {id: a, name: A, duration: 5d}\n"
                                     "stakeholders:\n"
                                     "  - {id: cfo, name: CFO, desired: leading, communication: {channel: e-mail, "
                                     "cadence: monthly, since: 2027-03-01}}\n");
    const LoadResult r = test::load({{"p.yaml", good}});
    REQUIRE(r.usable());
    const Record& s = r.portfolio.projects[0].records[0];
    CHECK(s.fields.at("communication.cadence").value == "monthly");
    CHECK(s.fields.at("communication.since").value == "2027-03-01");
    CHECK(s.fields.at("desired").value == "leading");
    const std::string out = check_text(
        {{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d}\n"
                            "stakeholders:\n"
                            "  - {id: cfo, name: CFO, communication: {chanel: e-mail, cadence: daily}}\n")}});
    CHECK(out.find("unknown key 'chanel' in the communication of an entry of 'stakeholders' (did you mean 'channel'?) "
                   "[unknown-key]") != std::string::npos);
    CHECK(out.find("[invalid-value]") != std::string::npos);
    CHECK(out.find("has no 'channel'") != std::string::npos);
}

TEST_CASE("progress on a task started on the status date has no day to be booked on") {
    CheckOptions o;
    o.as_of = Date::parse("2027-03-08");  // a Monday
    auto out = [&](const std::string& start) {
        return check_text({{"p.yaml", project("tasks:\n  - {id: a, name: A, duration: 5d, actual_start: " + start +
                                              ", progress: 25%}\n")}},
                          o);
    };
    CHECK(out("2027-03-08") ==
          "p.yaml:8:72: error: task 'a' is 25% complete, but no working day lies between its actual_start 2027-03-08 "
          "and the status date 2027-03-08, so the work done has no day to be booked on: record the day it really "
          "started, or a later status date (the status date is the first day of the remaining work) "
          "[inconsistent-progress]\n");
    // Only the weekend lies between: the same.
    CHECK(out("2027-03-06").find("no working day lies between its actual_start 2027-03-06") != std::string::npos);
    // Friday was a working day: the 25% were done then.
    CHECK(out("2027-03-05") == "");
}
