#!/usr/bin/env python3
"""pmo report end to end, through the real binary:

- every Markdown report parses with cmark-gfm -e table into the tables the same report's
  JSON says it must have, each row as wide as its header;
- examples/REPORT.md is the report of examples/ (PMO_UPDATE_GOLDEN=1 rewrites it);
- baselines and changes from a real git repository: --baseline REV, [report] baseline,
  --no-baseline, --since REV, --at REV, "uncommitted changes", tasks added and removed, budget
  changes, milestone slips; the working tree and the index are never touched;
- the same files give the same bytes; outside git the report says there is no baseline.

Usage: check_report.py PMO ROOT
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

pmo, root = sys.argv[1], sys.argv[2]
problems = []
GIT = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]
# The repository holding the examples must not count as theirs: a report of examples/ reads
# plain files, like the goldens.
NO_GIT = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.abspath(root), TZ="UTC")


def run(*args, cwd=None, env=None):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=env)


def fail(msg):
    problems.append(msg)


class Tables(HTMLParser):
    """The tables of an HTML document: for each, its header cells and its body rows."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"header": [], "rows": []})
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            if not t["header"]:
                t["header"] = self.row
            else:
                t["rows"].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def expected_tables(j):
    """How many tables a report must have, from its JSON twin."""
    n = 2  # the header, the portfolio summary
    n += bool(j["rollups"]["hot_spots"]) + bool(j["rollups"]["milestones_due_next"])
    # The registers' roll-ups: changes awaiting a decision, overdue issues and actions, gates due next.
    n += sum(bool(j["rollups"][k]) for k in ("changes_awaiting_decision", "overdue_issues_and_actions", "gates_due_next"))
    if "since" in j and j["since"]["changes"]:
        n += 1
    for p in j["projects"]:
        n += 1 + 1  # RAG, earned value
        n += bool(p["milestones"]) + bool(p["top_risks"]) + bool(p["hot_spots"])
        n += bool(p.get("gates"))  # the stage gates, when pmo.toml has [[gate]] for the project
        reg = p.get("registers", {})
        n += bool(reg.get("open_issues")) + bool(reg.get("stakeholders"))  # the issues and stakeholders tables
    return n


def check_markdown(name, md, j):
    """cmark-gfm parses `md` into the tables the JSON `j` implies."""
    r = subprocess.run(["cmark-gfm", "-e", "table"], input=md, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{name}: cmark-gfm failed: {r.stderr}")
        return
    t = Tables()
    t.feed(r.stdout)
    want = expected_tables(j)
    if len(t.tables) != want:
        fail(f"{name}: cmark-gfm found {len(t.tables)} tables, the JSON implies {want}")
    for i, table in enumerate(t.tables):
        for row in table["rows"]:
            if len(row) != len(table["header"]):
                fail(f"{name}: table {i + 1} has a row of {len(row)} cells under {len(table['header'])} headers: {row}")
    # The summary lists every project, in order, with its overall RAG.
    if len(t.tables) >= 2:
        summary = t.tables[1]
        names = [row[0] for row in summary["rows"]]
        if names != [p["name"] for p in j["projects"]]:
            fail(f"{name}: summary rows {names} != projects {[p['name'] for p in j['projects']]}")
        for row, p in zip(summary["rows"], j["projects"]):
            if p["rag"]["overall"] not in row[3] and not (p["rag"]["overall"] == "none" and row[3] == "—"):
                fail(f"{name}: {p['id']}: overall cell '{row[3]}' is not {p['rag']['overall']}")
    if "```mermaid" not in md and j["projects"]:
        fail(f"{name}: no Mermaid gantt")


def report(args, cwd=None, env=None):
    """The Markdown and JSON reports for the same arguments, checked against each other."""
    md = run(pmo, "report", *args, cwd=cwd, env=env)
    js = run(pmo, "report", *args, "--format", "json", cwd=cwd, env=env)
    if md.returncode != 0 or js.returncode != 0:
        fail(f"report {' '.join(args)}: exit {md.returncode}/{js.returncode}: {md.stderr}{js.stderr}")
        return "", {}
    j = json.loads(js.stdout)
    check_markdown("report " + " ".join(args), md.stdout, j)
    again = run(pmo, "report", *args, cwd=cwd, env=env)
    if again.stdout != md.stdout:
        fail(f"report {' '.join(args)}: two runs gave different bytes")
    return md.stdout, j


def tree_state(repo):
    """A digest of every file of the working tree and of the index, by path."""
    state = {}
    for base, dirs, files in os.walk(repo):
        for f in files:
            p = os.path.join(base, f)
            if ".git" in p.split(os.sep) and f != "index":
                continue
            with open(p, "rb") as fh:
                state[os.path.relpath(p, repo)] = hashlib.sha256(fh.read()).hexdigest()
    return state


def changed_files(a, b):
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def edit(path, old, new):
    text = open(path).read()
    if old not in text:
        fail(f"test setup: '{old}' not in {path}")
    open(path, "w").write(text.replace(old, new, 1))


# ---- the examples, outside git; examples/REPORT.md ----
examples = os.path.join(root, "examples")
md, j = report(["-C", examples], env=NO_GIT)
if "| Baseline | none: not a git repository |" not in md:
    fail("examples outside git: the header does not say there is no baseline")
for args in (["--period", "month"], ["--project", "crm-migration", "--top-risks", "0"], ["--no-level"],
             ["--as-of", "2027-04-30"]):
    report(["-C", examples] + args, env=NO_GIT)
golden = os.path.join(examples, "REPORT.md")
if os.environ.get("PMO_UPDATE_GOLDEN") == "1":
    open(golden, "w", newline="").write(md)
    print(f"updated {golden}")
elif not os.path.exists(golden) or open(golden, newline="").read() != md:
    fail("examples/REPORT.md is not the report of examples/: run\n"
         "  PMO_UPDATE_GOLDEN=1 ctest --test-dir build -R report-end-to-end\nand commit it")

# ---- names that fight Markdown: pipes, emphasis, backticks, line breaks, HTML ----
with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "projects"))
    open(os.path.join(tmp, "pmo.toml"), "w").write('[pmo]\nname = "A | B *PMO*"\n')
    open(os.path.join(tmp, "pool.yaml"), "w").write(
        'resources:\n  - {id: r, name: "Rita | <b>Ops</b>", role: "a|b", rate: 10}\n')
    open(os.path.join(tmp, "projects", "x.yaml"), "w").write(
        'project:\n  id: x\n  name: "X | *bold* `code` <i>"\n  start: 2027-03-01\n  manager: "M | N"\n'
        '  budget: 100\n  status:\n    date: 2027-03-10\n    summary: "line one | pipe\\nline two"\n'
        'tasks:\n  - {id: a, name: "A | a", duration: 3d, assign: [r], progress: 50%, actual_start: 2027-03-01}\n'
        '  - {id: m, name: "M | milestone", milestone: true, depends: [a]}\n'
        'risks:\n  - {id: k, title: "T | t", owner: "O | o", probability: 5, impact: 5, cost_impact: 50}\n'
        'issues:\n  - {id: i, title: "I | i", priority: high}\n')
    md, j = report(["-C", tmp], env=NO_GIT)
    if "<i>" in md or "<b>" in md:
        fail("awkward names: raw HTML from the files reaches the report")

# ---- a real repository: baselines and changes ----
with tempfile.TemporaryDirectory() as repo:
    pf = os.path.join(repo, "portfolio")  # the portfolio is a subdirectory of the repository
    shutil.copytree(examples, pf, ignore=shutil.ignore_patterns("invalid", "REPORT.md"))
    office = os.path.join(pf, "projects", "office-move.yaml")
    crm = os.path.join(pf, "projects", "crm-migration.yaml")
    mobile = os.path.join(pf, "projects", "mobile-app.yaml")
    # The baseline has a task that goes away later.
    edit(office, "  - id: snags\n", "  - {id: spike, name: Spike, duration: 1d}\n  - id: snags\n")
    run("git", "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-qm", "baseline", cwd=repo)
    run(*GIT, "tag", "v1", cwd=repo)
    v1 = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    # Since then: a task removed, one added, the budget raised, a sprint twice as long.
    edit(office, "  - {id: spike, name: Spike, duration: 1d}\n", "")
    edit(crm, "  budget: 240000", "  budget: 260000")
    edit(crm, "tasks:\n", "tasks:\n  - {id: extra, name: Extra reporting, duration: 3d}\n")
    edit(mobile, "name: Sprint 3 - delivery tracking\n    duration: 2w", "name: Sprint 3 - delivery tracking\n    duration: 4w")
    run("git", "rm", "-q", os.path.join("portfolio", "projects", "security-audit.yaml"), cwd=repo)  # cancelled
    run(*GIT, "commit", "-qam", "replan", cwd=repo)
    head = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    # Stale stat data in the index: a plain `git status` would rewrite the index now.
    later = os.stat(crm).st_mtime + 10
    os.utime(crm, (later, later))
    before = tree_state(repo)

    md, j = report(["-C", pf, "--baseline", "v1", "--since", "v1"])
    if tree_state(repo) != before:
        fail(f"git: pmo report changed the working tree or the index: {changed_files(before, tree_state(repo))}")
    if f"| Read from | commit {head[:12]} |" not in md:
        fail("git: the header does not name the commit read")
    if f"| Baseline | v1 (commit {v1[:12]}) |" not in md:
        fail("git: the header does not name the baseline")
    if "- Tasks added: `extra`" not in md or "- Tasks removed: `spike`" not in md:
        fail("git: tasks added and removed are not listed")
    if "- Budget: 240,000 → 260,000 EUR" not in md:
        fail("git: the budget change is not shown")
    if "### Projects removed since the baseline\n\n- ISO 27001 readiness (`security-audit`)\n" not in md:
        fail("git: a project removed since the baseline is not named")
    projects = {p["id"]: p for p in j.get("projects", [])}
    if projects:
        launch = [m for m in projects["mobile-app"]["milestones"] if m["task"] == "launch"]
        if not launch or not launch[0]["slip_days"] or launch[0]["slip_days"] < 10:
            fail(f"git: mobile-app's launch should slip about 10 working days: {launch}")
        if projects["crm-migration"]["against_baseline"]["budget_before"] != 240000:
            fail("git: JSON budget_before")
        if j["rollups"]["projects_removed"] != ["security-audit"]:
            fail(f"git: JSON projects_removed {j['rollups']['projects_removed']}")
        changed = sorted(c["path"] for c in j["since"]["changes"])
        want = ["projects/crm-migration.yaml", "projects/mobile-app.yaml", "projects/office-move.yaml",
                "projects/security-audit.yaml"]
        if changed != want:
            fail(f"git: --since lists {changed}, expected {want}")

    # Uncommitted changes and new files count, and say so.
    open(mobile, "a").write("\n# work in progress\n")
    open(os.path.join(pf, "projects", "new.yaml"), "w").write(
        "project: {id: new, name: New one, start: 2027-03-01, status: {date: 2027-03-05}}\n"
        "tasks:\n  - {id: a, name: A, duration: 2d}\n")
    dirty = tree_state(repo)
    md, j = report(["-C", pf, "--baseline", "v1", "--since", "HEAD"])
    if tree_state(repo) != dirty:
        fail(f"git: pmo report on a dirty tree changed the working tree or the index: {changed_files(dirty, tree_state(repo))}")
    if f"| Read from | commit {head[:12]} with uncommitted changes |" not in md:
        fail("git: a dirty tree is not reported as uncommitted changes")
    if "| added | `projects/new.yaml` |" not in md or "| modified | `projects/mobile-app.yaml` |" not in md:
        fail("git: --since HEAD misses uncommitted changes or new files")
    if "A new project since the baseline." not in md:
        fail("git: a project added since the baseline is not called new")
    os.remove(os.path.join(pf, "projects", "new.yaml"))
    run("git", "checkout", "-q", "--", ".", cwd=repo)

    # --at reads the revision; the header says which.
    md, j = report(["-C", pf, "--at", "v1"])
    if f"| Read from | revision v1 (commit {v1[:12]}) |" not in md:
        fail("git: --at is not named in the header")

    # [report] baseline in pmo.toml, and --no-baseline.
    edit(os.path.join(pf, "pmo.toml"), "[report]\n", '[report]\nbaseline = "v1"\n')
    md, _ = report(["-C", pf])
    if "| Baseline | v1 (commit" not in md:
        fail("git: [report] baseline is not used")
    md, _ = report(["-C", pf, "--no-baseline"])
    if "| Baseline | none: no --baseline given and no \\[report\\] baseline in pmo.toml |" not in md:
        fail("git: --no-baseline does not drop the configured baseline")
    bad = run(pmo, "report", "-C", pf, "--baseline", "no-such-tag")
    if bad.returncode != 2 or "no-such-tag" not in bad.stderr:
        fail(f"git: an unknown baseline: exit {bad.returncode}, {bad.stderr}")
    bad = run(pmo, "report", "-C", pf, "--since", "no-such-tag")
    if bad.returncode != 2 or "--since no-such-tag" not in bad.stderr:
        fail(f"git: an unknown --since: exit {bad.returncode}, {bad.stderr}")
    run("git", "checkout", "-q", "--", ".", cwd=repo)

    # The same portfolio outside git, with [report] baseline set: still a report.
    plain = os.path.join(repo, "plain")
    shutil.copytree(pf, plain)
    edit(os.path.join(plain, "pmo.toml"), "[report]\n", '[report]\nbaseline = "v1"\n')
    outside = dict(NO_GIT, GIT_CEILING_DIRECTORIES=repo)
    md, _ = report(["-C", plain], env=outside)
    if "| Baseline | none: pmo.toml names v1, but this is not a git repository |" not in md:
        fail("outside git: [report] baseline is not explained")

# ---- the baseline is the plan as it was at its revision (issue 12, item 5) ----
# A project without status.date is planned at its commit's date (the committer's own day: 23:30
# in New York is already the next day in UTC), never at today's --as-of: its unstarted work
# should have started then, and the report must show the slip.
with tempfile.TemporaryDirectory() as repo:
    os.makedirs(os.path.join(repo, "projects"))
    open(os.path.join(repo, "projects", "p.yaml"), "w").write(
        "project: {id: p, name: P, start: 2027-03-01}\n"
        "tasks:\n  - {id: a, name: A, duration: 5d}\n  - {id: m, name: M, milestone: true, depends: [a]}\n")
    open(os.path.join(repo, "projects", "q.yaml"), "w").write(
        "project: {id: q, name: Q, start: 2027-03-01, status: {date: 2027-03-15}}\n"
        "tasks:\n  - {id: a, name: A, duration: 5d}\n  - {id: m, name: M, milestone: true, depends: [a]}\n")
    run("git", "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    dated = dict(os.environ, GIT_COMMITTER_DATE="2027-03-01T23:30:00-0500", GIT_AUTHOR_DATE="2027-03-01T23:30:00-0500")
    run(*GIT, "commit", "-qm", "plan", cwd=repo, env=dated)
    run(*GIT, "tag", "v1.0", cwd=repo)
    md, j = report(["-C", repo, "--baseline", "v1.0", "--as-of", "2027-04-15"])
    ms = {p["id"]: p["milestones"][0] for p in j.get("projects", [])}
    if ms:
        # p at the commit's day, 1 March: a runs 1 to 5 March; now it cannot start before 15 April.
        if ms["p"]["baseline"] != "2027-03-05" or (ms["p"]["slip_days"] or 0) < 25:
            fail(f"baseline: a project without status.date is not planned at its commit's date: {ms['p']}")
        # q at its own status date there, 15 March: a runs 15 to 19 March.
        if ms["q"]["baseline"] != "2027-03-19":
            fail(f"baseline: a project is not planned at its own status date of the revision: {ms['q']}")
    # Without --as-of too: the baseline never moves with today's date.
    _, j = report(["-C", repo, "--baseline", "v1.0"])
    for p in j.get("projects", []):
        if p["id"] == "p" and p["milestones"][0]["baseline"] != "2027-03-05":
            fail(f"baseline: without --as-of, p's baseline moved with today: {p['milestones'][0]}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("pmo report: tables, REPORT.md, baselines and changes from git: all as expected")
