#!/usr/bin/env python3
"""Report invariants on random portfolios (issue 12), through the real binary:

- a portfolio measured against itself (--baseline HEAD on a clean tree) is on plan: SV 0,
  SPI 1.00 and SPI(t) 1.00 exactly, no milestone or finish slips, and SPI is never a reason;
- a project under [rag] cpi_min_complete (20%) complete is never red on cost by a CPI
  extrapolation: its forecast is its actual cost plus its remaining planned cost, and it is not
  red while that stays within budget_red of the budget, however bad its CPI.

The generator writes realistic portfolios: part-time calendars, people at 50%, absences,
effort and duration tasks with one or two people, FS/SS/FF links with lags, links across
projects, milestones with start bounds, finished and in-progress work at each project's own
status date, actual costs running far above earned value, fixed vendor costs.

Usage: check_report_invariants.py PMO [SEEDS]
"""
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile

pmo = sys.argv[1]
seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
GIT = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]
problems = []
seen = {"projects": 0, "spi": 0, "in_progress": 0, "early_bad_cpi": 0, "unbudgeted": 0}

START = dt.date(2027, 1, 4)  # a Monday


def workdays(d, n):
    """The date n Mon-Fri working days after d (d itself a working day)."""
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def generate(rnd, out):
    os.makedirs(os.path.join(out, "projects"))
    with open(os.path.join(out, "pmo.toml"), "w") as f:
        f.write('[pmo]\nname = "Random PMO"\ntype = "supportive"\ncurrency = "EUR"\n')
    people = []
    with open(os.path.join(out, "pool.yaml"), "w") as f:
        f.write("calendars:\n  default:\n    workweek: [mon, tue, wed, thu, fri]\n    hours_per_day: 8\n"
                "    holidays: [2027-04-02, 2027-04-05, 2027-05-01]\n"
                "  monwed:\n    base: default\n    workweek: [mon, tue, wed]\n"
                "  monthu:\n    base: default\n    workweek: [mon, tue, wed, thu]\n    hours_per_day: 7.5\n"
                "resources:\n")
        for i in range(rnd.randint(5, 9)):
            rid = f"r{i}"
            people.append(rid)
            line = f"  - {{id: {rid}, name: Person {i}, role: role{i % 3}, rate: {rnd.choice([40, 60, 80, 95, 120])}"
            if rnd.random() < 0.3:
                line += ", units: 50%"
            if rnd.random() < 0.3:
                line += f", calendar: {rnd.choice(['monwed', 'monthu'])}"
            line += "}\n"
            f.write(line)
            if rnd.random() < 0.4:
                a = START + dt.timedelta(days=rnd.randint(10, 120))
                f.write(f"    absences: [{{from: {a}, to: {a + dt.timedelta(days=rnd.randint(1, 9))}}}]\n"
                        .replace("  - {", "  - {"))
    # absences are written as a separate key of the resource: rewrite the pool as block style
    text = open(os.path.join(out, "pool.yaml")).read()
    fixed = []
    for line in text.splitlines():
        if line.startswith("    absences:"):
            prev = fixed.pop()
            fixed.append(prev[:-1] + ", " + line.strip() + "}")
        else:
            fixed.append(line)
    open(os.path.join(out, "pool.yaml"), "w").write("\n".join(fixed) + "\n")

    projects = []
    for pi in range(rnd.randint(2, 4)):
        pid = f"p{pi}"
        status = workdays(START, rnd.randint(5, 60))
        early = rnd.random() < 0.5  # little done yet, and it cost a lot
        tasks, lines = [], []
        n = rnd.randint(5, 14)
        cursor = START
        for ti in range(n):
            tid = f"t{ti}"
            t = {"id": tid, "name": f"Task {ti}"}
            if ti > 0 and rnd.random() < 0.1:
                t["milestone"] = True
                if rnd.random() < 0.5:
                    t["start_no_earlier_than"] = str(workdays(START, rnd.randint(10, 90)))
            elif rnd.random() < 0.5:
                t["effort"] = f"{rnd.randint(2, 15)}d"
                who = rnd.sample(people, rnd.choice([1, 1, 2]))
                t["assign"] = [w if rnd.random() < 0.6 else {"resource": w, "units": "50%"} for w in who]
            else:
                t["duration"] = f"{rnd.randint(1, 12)}d"
                if rnd.random() < 0.7:
                    t["assign"] = rnd.sample(people, 1)
            if rnd.random() < 0.15:
                t["cost"] = rnd.choice([5000, 20000, 80000])
            deps = []
            if ti > 0:
                for p in rnd.sample(range(ti), min(ti, rnd.choice([1, 1, 2]))):
                    kind = rnd.choice(["FS", "FS", "FS", "SS", "FF"])
                    lag = rnd.choice([0, 0, 0, 1, 2, -1])
                    deps.append(f"t{p}" if kind == "FS" and lag == 0 else {"task": f"t{p}", "type": kind, "lag": f"{lag}d"})
            if pi > 0 and ti == 0 and rnd.random() < 0.5:
                deps.append(f"p{pi - 1}/t{rnd.randint(0, 3)}")
            if deps:
                t["depends"] = deps
            tasks.append(t)
        # Progress: the first tasks are done or under way at the status date, in order.
        span = (status - START).days
        done_upto = rnd.randint(0, 2) if early else rnd.randint(1, n // 2)
        for ti, t in enumerate(tasks[:done_upto + 1]):
            if t.get("milestone") or "start_no_earlier_than" in t:
                continue
            s = START + dt.timedelta(days=min(span - 1, ti * 3))
            while s.weekday() >= 5:
                s -= dt.timedelta(days=1)
            if s >= status:
                break
            t["actual_start"] = str(s)
            if ti < done_upto and not early:
                f = min(status - dt.timedelta(days=1), workdays(s, rnd.randint(1, 6)))
                if f < s:
                    f = s
                t["actual_finish"] = str(f)
                t["progress"] = "100%"
            else:
                t["progress"] = f"{rnd.choice([5, 10, 30, 50]) if not early else rnd.choice([2, 5, 10])}%"
            t["actual_cost"] = rnd.randint(2000, 40000)
        projects.append(pid)
        budget = rnd.choice([150000, 400000, 2000000])
        # The third project has no budget: the roll-up must not weigh its cost against the others' budgets.
        budget_line = f"  budget: {budget}\n" if pi != 2 else ""
        with open(os.path.join(out, "projects", f"{pid}.yaml"), "w") as f:
            f.write(f"project:\n  id: {pid}\n  name: Project {pi}\n  start: {START}\n{budget_line}"
                    f"  status: {{date: {status}}}\ntasks:\n")
            for t in tasks:
                f.write("  - " + flow(t) + "\n")


def flow(v):
    """YAML flow style, plain scalars (pmo reads a quoted "5d" as a string, not a duration)."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def run(*args, cwd=None):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


for seed in range(1, seeds + 1):
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as repo:
        generate(rnd, repo)
        run("git", "init", "-q", cwd=repo)
        run(*GIT, "add", "-A", cwd=repo)
        run(*GIT, "commit", "-qm", "plan", cwd=repo)
        r = run(pmo, "report", "-C", repo, "--baseline", "HEAD", "--format", "json")
        if r.returncode != 0:
            problems.append(f"seed {seed}: pmo report exit {r.returncode}: {r.stderr.strip()[:400]}")
            continue
        j = json.loads(r.stdout)
        for p in j["projects"]:
            ev, where = p["earned_value"], f"seed {seed}: {p['id']}"
            seen["projects"] += 1
            seen["spi"] += ev["spi"] is not None
            seen["in_progress"] += 0 < p["percent_complete"] < 100
            seen["early_bad_cpi"] += p["percent_complete"] < 20 and (ev["cpi"] or 1) < 0.9
            # Measured against itself: on plan, exactly.
            if ev["sv"] != 0:
                problems.append(f"{where}: SV {ev['sv']} against its own plan")
            if ev["spi"] is not None and ev["spi"] != 1:
                problems.append(f"{where}: SPI {ev['spi']} against its own plan")
            if ev["spi_t"] is not None and ev["spi_t"] != 1:
                problems.append(f"{where}: SPI(t) {ev['spi_t']} against its own plan")
            for m in p["milestones"]:
                if m["slip_days"] not in (0, None):
                    problems.append(f"{where}: milestone {m['task']} slips {m['slip_days']} against its own plan")
            if p["finish_slip_days"] not in (0, None):
                problems.append(f"{where}: the finish slips {p['finish_slip_days']} against its own plan")
            if any("SPI" in x for x in p["rag"]["schedule"]["reasons"]) and p["rag"]["schedule"]["rag"] != "green":
                problems.append(f"{where}: SPI colours the schedule against its own plan: {p['rag']['schedule']}")
            # Early projects: never red on cost by extrapolation.
            cost = p["rag"]["cost"]
            if p["percent_complete"] < 20 and ev["ac"] is not None:
                if any("CPI" in x for x in cost["reasons"]):
                    problems.append(f"{where}: {p['percent_complete']:.1f}% complete, yet CPI colours cost: {cost}")
                want = ev["ac"] + p["remaining_cost"]
                if abs(p["forecast_cost"] - want) > 0.01:
                    problems.append(f"{where}: early forecast {p['forecast_cost']} is not actual + remaining {want}")
                if p["remaining_cost"] > p["planned_cost"] + 0.01:
                    problems.append(f"{where}: remaining cost {p['remaining_cost']} above the plan's {p['planned_cost']}")
                if cost["rag"] == "red" and p["budget"] is not None and ev["ac"] + p["planned_cost"] <= 1.10 * p["budget"]:
                    problems.append(f"{where}: red on cost although actual + all planned cost is within budget: {cost}")
        # The money roll-up: budgets against the plans of the same projects, recomputed from the projects.
        ru, budgeted = j["rollups"], [p for p in j["projects"] if p["budget"] is not None]
        want = {"budget": sum(p["budget"] for p in budgeted),
                "planned_cost_budgeted": sum(p["planned_cost"] for p in budgeted),
                "planned_cost": sum(p["planned_cost"] for p in j["projects"]),
                "projects_with_budget": len(budgeted)}
        for k, v in want.items():
            if abs(ru[k] - v) > 0.01 * max(1, len(j["projects"])):
                problems.append(f"seed {seed}: rollups {k} is {ru[k]}, the projects add up to {v}")
        unbudgeted = [p["id"] for p in j["projects"] if p["budget"] is None]
        if ru["projects_without_budget"] != unbudgeted:
            problems.append(f"seed {seed}: rollups projects_without_budget is {ru['projects_without_budget']}, not {unbudgeted}")
        seen["unbudgeted"] += len(j["projects"]) - len(budgeted)
        # Every colour has reasons, and only reasons of that colour's making.
        for p in j["projects"]:
            for dim in ("schedule", "cost", "risk", "resources"):
                d = p["rag"][dim]
                if d["rag"] != "none" and not d["reasons"]:
                    problems.append(f"seed {seed}: {p['id']}: {dim} is {d['rag']} without a reason")
                if d["rag"] == "red" and any("meets the deadline" in x for x in d["reasons"]):
                    problems.append(f"seed {seed}: {p['id']}: 'meets the deadline' given as a reason for red")

if problems:
    print("\n".join(problems[:50]))
    sys.exit(1)
# The generator must reach the cases the invariants are about.
if seen["spi"] < seeds or seen["early_bad_cpi"] < seeds // 2 or seen["unbudgeted"] < seeds // 2:
    print(f"the generated portfolios miss the cases under test: {seen}")
    sys.exit(1)
print(f"report invariants hold on {seeds} random portfolios: {seen}")
