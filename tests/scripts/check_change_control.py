#!/usr/bin/env python3
"""pmo check --baseline REV on a real git repository: a slip in a second commit is an
unapproved-change at the milestone's line, in text, GitHub annotations and SARIF; an approved
change that names it, added since REV, lets it pass; one approved before REV does not; budget
growth, a moved deadline, a removed task and added scope are findings too; the working tree is
never touched."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

pmo, root = sys.argv[1], sys.argv[2]
problems = []
GIT = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]


def run(*args, cwd=None):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


def edit(path, old, new):
    text = open(path).read()
    if old not in text:
        sys.exit(f"test setup: {old!r} not in {path}")
    open(path, "w").write(text.replace(old, new, 1))


def line_of(path, needle):
    for i, l in enumerate(open(path), 1):
        if needle in l:
            return i
    return 0


with tempfile.TemporaryDirectory() as repo:
    shutil.copytree(os.path.join(root, "examples"), repo, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("invalid"))
    run("git", "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-qm", "baseline", cwd=repo)
    crm = os.path.join(repo, "projects", "crm-migration.yaml")
    # The second commit: user acceptance testing takes three weeks longer; nobody approved it.
    edit(crm, "    name: User acceptance test\n    duration: 10d", "    name: User acceptance test\n    duration: 25d")
    run(*GIT, "commit", "-qam", "longer UAT", cwd=repo)
    golive = line_of(crm, "- id: golive")

    r = run(pmo, "check", "-C", repo, "--baseline", "HEAD~1")
    want = (f"projects/crm-migration.yaml:{golive}:9: error: milestone 'golive' (Go-live) slips 15 working days since "
            "HEAD~1 (2027-05-06 -> 2027-05-31), more than [change] slip_days 5, and no change approved since names it: "
            "record one under 'changes:' in projects/crm-migration.yaml (status: approved, affects: [golive]) "
            "[unapproved-change]\n")
    if r.returncode != 1 or want not in r.stdout:
        problems.append(f"slip in the second commit: exit {r.returncode}:\n{r.stdout}{r.stderr}\nwanted:\n{want}")
    if run(pmo, "check", "-C", repo).returncode != 0:
        problems.append("without --baseline the same files are clean")

    gh = run(pmo, "check", "-C", repo, "--baseline", "HEAD~1", "--format", "github").stdout
    if f"::error file=projects/crm-migration.yaml,line={golive},col=9," not in gh or "unapproved-change" not in gh:
        problems.append(f"GitHub annotation not on the milestone's line:\n{gh}")
    sarif = json.loads(run(pmo, "check", "-C", repo, "--baseline", "HEAD~1", "--format", "sarif").stdout)
    results = [x for x in sarif["runs"][0]["results"] if x["ruleId"] == "unapproved-change"]
    loc = results[0]["locations"][0]["physicalLocation"] if results else {}
    if not results or loc["artifactLocation"]["uri"] != "projects/crm-migration.yaml" or loc["region"]["startLine"] != golive:
        problems.append(f"SARIF result not on the milestone's line: {results}")

    # A change approved before the baseline does not cover a slip made after it.
    edit(crm, "    schedule_impact: 5d\n", "    schedule_impact: 5d\n    affects: [golive]\n")
    run(*GIT, "commit", "-qam", "cr-1 names go-live", cwd=repo)
    r = run(pmo, "check", "-C", repo, "--baseline", "HEAD~1", "--format", "json")
    if "unapproved-change" in r.stdout:
        problems.append("HEAD~1 already has the slip: nothing changed since it")
    r = run(pmo, "check", "-C", repo, "--baseline", "HEAD~2")
    if r.returncode != 1 or "milestone 'golive'" not in r.stdout:
        problems.append(f"a change approved before the baseline covered the slip: {r.stdout}")

    # The change request, approved in the pull request, names the milestone: the slip passes.
    edit(crm, "\nissues:", """  - id: cr-9
    title: Three more weeks of user acceptance testing
    owner: alice
    status: approved
    approver: Dana Whitfield
    raised: 2027-03-04
    decided: 2027-03-05
    schedule_impact: 15d
    affects: [golive]

issues:""")
    run(*GIT, "commit", "-qam", "cr-9", cwd=repo)
    before = run("git", "status", "--porcelain", cwd=repo).stdout
    r = run(pmo, "check", "-C", repo, "--baseline", "HEAD~3")
    if r.returncode != 0 or "unapproved-change" in r.stdout:
        problems.append(f"an approved change naming the milestone did not cover it: exit {r.returncode}: {r.stdout}")
    if run("git", "status", "--porcelain", cwd=repo).stdout != before:
        problems.append("pmo check --baseline changed the working tree")

    # Budget, deadline, a removed milestone and added scope, in the working tree against HEAD.
    edit(crm, "  budget: 240000", "  budget: 300000")
    edit(crm, "  deadline: 2027-05-28", "  deadline: 2027-06-30")
    mob = os.path.join(repo, "projects", "mobile-app.yaml")
    text = open(mob).read()
    edit(mob, "\nrisks:", """  - id: offline-mode
    name: Offline mode
    duration: 15d
    depends: [launch]

risks:""")
    j = json.loads(run(pmo, "check", "-C", repo, "--baseline", "HEAD", "--format", "json").stdout)
    msgs = [f["message"] for f in j["findings"] if f["rule"] == "unapproved-change"]
    for part in ("the budget of project 'crm-migration' grows 25.0% since HEAD (240000 -> 300000 EUR, +60000), "
                 "more than [change] budget_percent 10",
                 "the deadline of project 'crm-migration' moves +23 working days since HEAD (2027-05-28 -> 2027-06-30)",
                 "task 'offline-mode' (Offline mode) is new since HEAD and lasts 15 working days"):
        if not any(m.startswith(part) for m in msgs):
            problems.append(f"no finding starting {part!r} in {msgs}")
    r = run(pmo, "check", "-C", repo, "--baseline", "no-such-rev")
    if r.returncode != 2 or "'no-such-rev' is not a revision of this repository" not in r.stderr:
        problems.append(f"bad revision: exit {r.returncode}: {r.stderr}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("pmo check --baseline: slips, budget, deadline and scope on a real repository, as expected")
