#!/usr/bin/env python3
"""pmo report --trend N and --trend-since REV on a real git repository with weekly commits.

The project: a (D working days) -> b (5 days) -> milestone m, from Monday 2027-01-04, in
four weekly commits (committer dates Friday 2026-12-04, 12-11, 12-18, 12-25, each with that
Friday as the status date): D = 5, 8, 10, then 5 again: m slips twice, then recovers. By
hand (Mon-Fri working days, a milestone on its predecessor's finish day):

  D = 5:  a 01-04 .. 01-08, b 01-11 .. 01-15, m 2027-01-15
  D = 8:  a 01-04 .. 01-13, b 01-14 .. 01-20, m 2027-01-20
  D = 10: a 01-04 .. 01-15, b 01-18 .. 01-22, m 2027-01-22

The report reads HEAD (12-25, week of Monday 12-21); the past weeks' last commits are 12-18,
12-11 and 12-04. Checked: the Markdown milestone trend and history tables, the trend arrows
(same as 3 weeks ago; better than 2 weeks ago, and since the 12-18 commit), a second project's
history of RAG, SPI, CPI and forecast finish (with costs and progress, computed by hand below),
the same in
--format json, the HTML
report's MTA chart (each point's title and its place: later forecasts higher), that nothing
in the working tree or the index changes, and the errors outside git. Then 26 weekly
revisions of examples/ are timed (the figure is printed).

Usage: check_trend.py PMO ROOT
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

pmo, root = sys.argv[1], sys.argv[2]
problems = []


def fail(msg):
    problems.append(msg)


def git(repo, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", TZ="UTC")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def report(repo, *args, rc=0):
    r = subprocess.run([pmo, "report", "-C", repo, *args], capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    if r.returncode != rc:
        fail(f"pmo report {' '.join(args)}: exit {r.returncode}, expected {rc}: {r.stderr[:500]}")
    return r.stdout, r.stderr


def project(duration, status):
    return ("project:\n  id: p\n  name: Pilot\n  start: 2027-01-04\n  deadline: 2027-02-26\n"
            f"  status: {{date: {status}}}\n"
            "tasks:\n"
            f"  - {{id: a, name: Build, duration: {duration}d}}\n"
            "  - {id: b, name: Test, duration: 5d, depends: [a]}\n"
            "  - {id: m, name: Launch, milestone: true, depends: [b]}\n")


# A second project, with costs and progress, so that the history's SPI, CPI and RAG are real:
# c (10 days, 10,000) 11-30 .. 12-11, then d (10 days, 10,000) 12-14 .. 12-25; each cost accrues
# evenly over the task's days, so the plan without progress (the baseline here) has PV 1,000 a
# working day, counted before the status date (pmo-report(1)). By hand, at each Friday's status
# (progress, actual cost -> PV, EV, SPI, CPI, then schedule and cost RAG):
#   12-04: c 30%, AC 5,000     PV  4,000 (4 days)  EV  3,000  SPI 0.75  CPI 0.60  red, red
#   12-11: c done, AC 11,000   PV  9,000 (9 days)  EV 10,000  SPI 1.11  CPI 0.91  green, amber
#   12-18: d 50%, AC 16,000    PV 14,000           EV 15,000  SPI 1.07  CPI 0.94  green, amber
#   12-25: d 80%, AC 20,000    PV 19,000           EV 18,000  SPI 0.95 (0.947)  CPI 0.90  amber, amber
# RAG with the defaults: schedule red below SPI 0.90, amber below 0.95; cost red below CPI 0.90,
# amber below 0.95 (pmo-report(1)); overall is the worst of them. Forecast finish (D is the first
# day of the remaining work): 12-04: c's 7 days left end 12-14, d 12-15 .. 12-28; 12-11: d 12-14 ..
# 12-25; 12-18: d's 5 days left end 12-24; 12-25: d's 2 days left end 12-28.
COSTED = {
    "2026-12-04": ("{progress: 30%, actual_start: 2026-11-30}", "{}", 5000),
    "2026-12-11": ("{progress: 100%, actual_start: 2026-11-30, actual_finish: 2026-12-11}", "{}", 11000),
    "2026-12-18": ("{progress: 100%, actual_start: 2026-11-30, actual_finish: 2026-12-11}",
                   "{progress: 50%, actual_start: 2026-12-14}", 16000),
    "2026-12-25": ("{progress: 100%, actual_start: 2026-11-30, actual_finish: 2026-12-11}",
                   "{progress: 80%, actual_start: 2026-12-14}", 20000),
}
COSTED_WANT = [("2026-12-04", "🔴 red", "0.75", "0.60", "2026-12-28"), ("2026-12-11", "🟠 amber", "1.11", "0.91", "2026-12-25"),
               ("2026-12-18", "🟠 amber", "1.07", "0.94", "2026-12-24"), ("2026-12-25", "🟠 amber", "0.95", "0.90", "2026-12-28")]


def costed(status):
    c, d, ac = COSTED[status]
    def task(tid, name, extra, more):
        fields = extra.strip("{}")
        return f"  - {{id: {tid}, name: {name}, duration: 10d, cost: 10000{more}{', ' + fields if fields else ''}}}\n"
    return ("project:\n  id: q\n  name: Quarry\n  start: 2026-11-30\n"
            f"  status: {{date: {status}, actual_cost: {ac}}}\n"
            "tasks:\n" + task("c", "Dig", c, "") + task("d", "Haul", d, ", depends: [c]"))


def table(md, heading):
    """The rows of the first table after `heading`, as lists of cells."""
    part = md.split(f"### {heading}\n", 1)
    if len(part) < 2:
        return None
    rows = []
    for line in part[1].splitlines():
        if line.startswith("|"):
            if not re.match(r"^\|[-:|]+\|$", line):
                rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            break
    return rows[1:]  # without the header


with tempfile.TemporaryDirectory() as tmp:
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "projects"))
    git(repo, "init", "-q")
    open(os.path.join(repo, "pmo.toml"), "w").write('[pmo]\nname = "Trend"\n')
    commits = []
    for friday, duration in (("2026-12-04", 5), ("2026-12-11", 8), ("2026-12-18", 10), ("2026-12-25", 5)):
        open(os.path.join(repo, "projects", "p.yaml"), "w").write(project(duration, friday))
        open(os.path.join(repo, "projects", "q.yaml"), "w").write(costed(friday))
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"status {friday}", date=f"{friday}T12:00:00+00:00")
        commits.append(git(repo, "rev-parse", "HEAD")[:12])
    index = os.path.join(repo, ".git", "index")
    before = (os.stat(index).st_mtime_ns, git(repo, "--no-optional-locks", "status", "--porcelain"), open(os.path.join(repo, "projects", "p.yaml")).read())

    md, _ = report(repo, "--trend", "3")
    want = [["2026-12-04", f"`{commits[0]}`", "2027-01-15"],
            ["2026-12-11", f"`{commits[1]}`", "2027-01-20"],
            ["2026-12-18", f"`{commits[2]}`", "2027-01-22"],
            ["2026-12-25", "now", "2027-01-15"]]
    got = table(md, "Milestone trend")
    if got != want:
        fail(f"--trend 3: milestone trend\n  got  {got}\n  want {want}")
    hist = table(md, "History")
    if not hist or [(r[0], r[1], r[5]) for r in hist] != [(w[0], w[1], w[2]) for w in want]:
        fail(f"--trend 3: history (status, commit, forecast finish): {hist}")
    # The costed project's history: SPI, CPI and the overall RAG at each status, by hand (above).
    qpart = md.split("## Quarry", 1)[-1]
    qhist = table(qpart, "History")
    header = next((l for l in qpart.split("### History\n", 1)[-1].splitlines() if l.startswith("|")), "")
    cols = [c.strip() for c in header.strip("|").split("|")]
    if not qhist or "SPI" not in cols or "CPI" not in cols:
        fail(f"--trend 3: Quarry has no history with SPI and CPI: {header!r}")
    else:
        got = [(r[0], r[cols.index("RAG")], r[cols.index("SPI")], r[cols.index("CPI")], r[cols.index("Forecast finish")])
               for r in qhist] if {"RAG", "Forecast finish"} <= set(cols) else cols
        if got != COSTED_WANT:
            fail(f"--trend 3: Quarry's RAG, SPI, CPI and forecast finish per status\n  got  {got}\n  want {COSTED_WANT}")
    m = re.search(r"^\| \[Pilot\]\(#p\) \|[^|]*\|[^|]*\|[^|]*\| ([^|]*) \|", md, re.M)
    if not m or m.group(1) != "→ same":
        fail(f"--trend 3: the summary's trend arrow is {m.group(1) if m else None!r}, expected '→ same' (01-15 then and now)")
    md2, _ = report(repo, "--trend", "2")
    m = re.search(r"^\| \[Pilot\]\(#p\) \|[^|]*\|[^|]*\|[^|]*\| ([^|]*) \|", md2, re.M)
    if not m or m.group(1) != "↑ better":
        fail(f"--trend 2: the trend arrow is {m.group(1) if m else None!r}, expected '↑ better' (01-20 then, 01-15 now)")
    if [r[0] for r in table(md2, "Milestone trend")] != ["2026-12-11", "2026-12-18", "2026-12-25"]:
        fail(f"--trend 2: rows {table(md2, 'Milestone trend')}")
    md3, _ = report(repo, "--trend-since", commits[2])
    if [r[0] for r in table(md3, "Milestone trend")] != ["2026-12-18", "2026-12-25"] or "↑ better" not in md3:
        fail(f"--trend-since {commits[2]}: rows {table(md3, 'Milestone trend')}")
    if report(repo, "--trend", "3")[0] != md:
        fail("--trend: the same repository gave different bytes")

    # The same trend in --format json: the statuses, the direction, each status's milestone.
    js = json.loads(report(repo, "--trend", "3", "--format", "json")[0] or "{}")
    tr = js.get("trend") or {}
    statuses = [(s["commit"] and s["commit"][:12], s["week"]) for s in tr.get("statuses", [])]
    if tr.get("weeks") != 3 or tr.get("since") is not None or statuses != [
            (commits[0], "2026-11-30"), (commits[1], "2026-12-07"), (commits[2], "2026-12-14"), (None, "2026-12-21")]:
        fail(f"--trend 3 --format json: trend {tr}")
    pj = next((p for p in js.get("projects", []) if p["id"] == "p"), {})
    ptr = pj.get("trend") or {}
    if ptr.get("direction") != "same":
        fail(f"--trend 3 --format json: direction {ptr.get('direction')!r}, expected 'same'")
    got = [[h["status_date"], h["commit"] and f"`{h['commit'][:12]}`" or "now",
            *[m["forecast"] for m in h["milestones"] if m["task"] == "m"]] for h in ptr.get("history", [])]
    if got != want:
        fail(f"--trend 3 --format json: history\n  got  {got}\n  want {want}")
    if [h["forecast_finish"] for h in ptr.get("history", [])] != [w[2] for w in want]:
        fail(f"--trend 3 --format json: forecast finishes {[h.get('forecast_finish') for h in ptr.get('history', [])]}")
    js2 = json.loads(report(repo, "--trend", "2", "--format", "json")[0] or "{}")
    if [p.get("trend", {}).get("direction") for p in js2.get("projects", []) if p["id"] == "p"] != ["better"]:
        fail(f"--trend 2 --format json: direction {[p.get('trend') for p in js2.get('projects', [])]}")
    if "trend" in json.loads(report(repo, "--format", "json")[0] or "{}"):
        fail("--format json without --trend has a trend")

    # The HTML report's MTA chart, point by point.
    page, _ = report(repo, "--trend", "3", "--format", "html")
    mta = re.search(r"<svg [^>]*class=\"pmo-mta\".*?</svg>", page, re.S)
    if not mta:
        fail("--trend --format html: no MTA chart")
    else:
        # x is the reporting week (the Monday of each status's commit), the status date is told.
        points = re.findall(r"<circle cx=\"([\d.]+)\" cy=\"([\d.]+)\"[^>]*><title>Launch, report of the week of (\S+) "
                            r"\(status date (\S+)\): (\S+)</title>", mta.group(0))
        got = [(wk, s, f) for _, _, wk, s, f in points]
        weeks = ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"]
        if got != [(wk, w[0], w[2]) for wk, w in zip(weeks, want)]:
            fail(f"MTA chart: points {got}")
        else:
            xs = [float(x) for x, _, _, _, _ in points]
            ys = {f: float(y) for _, y, _, _, f in points}
            if xs != sorted(xs) or len(set(xs)) != 4:
                fail(f"MTA chart: reporting weeks not left to right: {xs}")
            steps = {round(b - a, 1) for a, b in zip(xs, xs[1:])}
            if len(steps) != 1:
                fail(f"MTA chart: weekly reports not evenly spaced: {xs}")
            if not ys["2027-01-22"] < ys["2027-01-20"] < ys["2027-01-15"]:
                fail(f"MTA chart: later forecasts are not higher: {ys}")
    if mta:  # and it fits, like every picture (check_svg.py: rendered, text measured)
        path = os.path.join(tmp, "mta.svg")
        open(path, "w").write(mta.group(0))
        r = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_svg.py"),
                            pmo, root, path], capture_output=True, text=True)
        if r.returncode not in (0, 77):
            fail(f"MTA chart does not fit: {r.stdout.strip()}")
    if "pmo-scurve" not in page:
        fail("--trend --format html: no S-curve")

    after = (os.stat(index).st_mtime_ns, git(repo, "--no-optional-locks", "status", "--porcelain"), open(os.path.join(repo, "projects", "p.yaml")).read())
    if after != before:
        fail("--trend touched the working tree or the index")

    # Errors: outside git, and a revision that does not exist.
    plain = os.path.join(tmp, "plain")
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    env_out = dict(os.environ, GIT_CEILING_DIRECTORIES=tmp)
    r = subprocess.run([pmo, "report", "-C", plain, "--trend", "2"], capture_output=True, text=True, env=env_out)
    if r.returncode != 2 or "--trend: " not in r.stderr or "not in a git repository" not in r.stderr or r.stdout:
        fail(f"--trend outside git: exit {r.returncode}, {r.stderr.strip()!r}")
    _, err = report(repo, "--trend-since", "no-such-rev", rc=2)
    if "--trend-since no-such-rev" not in err:
        fail(f"--trend-since no-such-rev: {err.strip()!r}")

    # Speed: 26 weekly revisions of the examples.
    ex = os.path.join(tmp, "examples")
    shutil.copytree(os.path.join(root, "examples"), ex, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
    git(ex, "init", "-q")
    crm = os.path.join(ex, "projects", "crm-migration.yaml")
    text = open(crm).read()
    for week in range(27):
        stamp = (datetime.date(2026, 6, 5) + datetime.timedelta(weeks=week)).isoformat() + "T12:00:00+00:00"
        open(crm, "w").write(text + f"# week {week}\n")
        git(ex, "add", "-A")
        git(ex, "commit", "-qm", f"week {week}", date=stamp)
    t0 = time.monotonic()
    md, _ = report(ex, "--trend", "26")
    took = time.monotonic() - t0
    rows = table(md, "History")
    if not rows or len(rows) != 27:
        fail(f"examples --trend 26: {len(rows) if rows else 0} history rows, expected 27")
    # The figure is printed, not judged: speed is measured in bench/, and a loaded CI machine
    # under ASan takes several times as long. Only a hang (two git readers waiting on each
    # other, as once happened) fails here, well before CTest's own timeout.
    print(f"examples: 26 weekly revisions and now in {took:.2f} s")
    if took > 120:
        fail(f"examples --trend 26 took {took:.1f} s: a hang?")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("pmo report --trend: tables, arrows, MTA chart as computed by hand; the working tree untouched")
