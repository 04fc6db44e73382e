#!/usr/bin/env python3
"""Round trip through Microsoft Project XML: each project of examples/ written with
`pmo plan --project P --format mspdi`, then `pmo import` into a fresh portfolio, gives the same
plan: every task with its name, outline, start and finish, milestones, dependencies (type and
lag), the people on it with their units, and for every person the same working days (calendar,
holidays and absences) over the plan's span. Compared on pmo's JSON and the YAML files, read here
with Python, not with pmo's code.

Usage: check_roundtrip.py PMO ROOT"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

import yaml

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return r


def pool(root):
    """Calendars and resources of every pool file below root."""
    cals, res = {}, {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".yaml") or "templates" in d or "invalid" in d:
                continue
            doc = yaml.safe_load(open(os.path.join(d, f))) or {}
            if "project" in doc:
                continue
            cals.update(doc.get("calendars") or {})
            for r in doc.get("resources") or []:
                res[r["id"]] = r
    return cals, res


def days_off(cals, name, seen=()):
    """(working weekdays, holidays) of calendar `name`, with what it inherits."""
    c = cals.get(name) or {}
    week, hol = {"mon", "tue", "wed", "thu", "fri"}, set()
    if c.get("base") and c["base"] not in seen:
        week, hol = days_off(cals, c["base"], seen + (name,))
    if "workweek" in c:
        week = set(c["workweek"])
    for h in c.get("holidays") or []:
        hol.add(str(h["date"] if isinstance(h, dict) else h))
    return week, hol


def working_days(cals, r, project_cal, first, last):
    week, hol = days_off(cals, r.get("calendar") or project_cal)
    away = set()
    for a in r.get("absences") or []:
        d = a["from"]
        while d <= a["to"]:
            away.add(str(d))
            d += datetime.timedelta(days=1)
    out, d = [], first
    while d <= last:
        if DAYS[d.weekday()] in week and str(d) not in hol and str(d) not in away:
            out.append(str(d))
        d += datetime.timedelta(days=1)
    return out


def main():
    pmo, root = sys.argv[1], sys.argv[2]
    examples = os.path.join(root, "examples")
    problems = []
    plan = json.loads(run([pmo, "plan", "-C", examples, "--format", "json"]).stdout)
    cals0, res0 = pool(examples)
    toml_cal = "default"
    for p in plan["projects"]:
        pid = p["id"]
        with tempfile.TemporaryDirectory() as tmp:
            xml = os.path.join(tmp, pid + ".xml")
            with open(xml, "w") as f:
                f.write(run([pmo, "plan", "-C", examples, "--project", pid, "--format", "mspdi"]).stdout)
            dest = os.path.join(tmp, "portfolio")
            run([pmo, "import", xml, "-C", dest, "--id", pid])
            after = json.loads(run([pmo, "plan", "-C", dest, "--format", "json"]).stdout)["projects"][0]
            cals1, res1 = pool(dest)
            names0 = {r["id"]: r.get("name", r["id"]) for r in res0.values()}
            names1 = {r["id"]: r.get("name", r["id"]) for r in res1.values()}
            a, b = p["tasks"], after["tasks"]
            if len(a) != len(b):
                problems.append(f"{pid}: {len(a)} tasks before, {len(b)} after")
                continue
            pos0 = {t["id"]: i for i, t in enumerate(a)}
            pos1 = {t["id"]: i for i, t in enumerate(b)}
            for x, y in zip(a, b):
                for k in ("name", "wbs", "start", "finish", "milestone", "summary"):
                    if x[k] != y[k]:
                        problems.append(f"{pid}/{x['id']}: {k} {x[k]!r} before, {y[k]!r} after")
                # Dependencies inside the project, by position; one on another project is not in the file.
                d0 = sorted((pos0[d["task"]], d["type"], d["lag"]) for d in x["depends"] if d["task"] in pos0)
                d1 = sorted((pos1[d["task"]], d["type"], d["lag"]) for d in y["depends"] if d["task"] in pos1)
                if d0 != d1:
                    problems.append(f"{pid}/{x['id']}: depends {d0} before, {d1} after")
                r0 = sorted((names0.get(r["id"], r["id"]), r["units"]) for r in x["resources"])
                r1 = sorted((names1.get(r["id"], r["id"]), r["units"]) for r in y["resources"])
                if r0 != r1:
                    problems.append(f"{pid}/{x['id']}: people {r0} before, {r1} after")
            # Every person on the project works the same days as before.
            first = datetime.date.fromisoformat(p["start"])
            last = datetime.date.fromisoformat(p["finish"])
            by_name1 = {r.get("name", r["id"]): r for r in res1.values()}
            proj_yaml = yaml.safe_load(open(os.path.join(dest, "projects", pid + ".yaml")))
            cal1 = proj_yaml["project"].get("calendar", "default")
            for r in res0.values():
                name = r.get("name", r["id"])
                if name not in by_name1:
                    problems.append(f"{pid}: person {name} is missing after the import")
                    continue
                w0 = working_days(cals0, r, toml_cal, first, last)
                w1 = working_days(cals1, by_name1[name], cal1, first, last)
                if w0 != w1:
                    problems.append(f"{pid}: {name} works {len(w0)} days before, {len(w1)} after: "
                                    f"{sorted(set(w0) ^ set(w1))[:6]}")
    # The whole portfolio in one file imports too: each project a summary task of one plan.
    with tempfile.TemporaryDirectory() as tmp:
        xml = os.path.join(tmp, "portfolio.xml")
        with open(xml, "w") as f:
            f.write(run([pmo, "plan", "-C", examples, "--format", "mspdi"]).stdout)
        run([pmo, "import", xml, "-C", os.path.join(tmp, "p"), "--id", "all"])
        c = subprocess.run([pmo, "check", "-C", os.path.join(tmp, "p")], capture_output=True, text=True)
        if c.returncode == 2:
            problems.append(f"the whole portfolio's export does not import cleanly: {c.stdout}")
        got = json.loads(run([pmo, "plan", "-C", os.path.join(tmp, "p"), "--format", "json"]).stdout)["projects"][0]
        want = sum(len(p["tasks"]) + 1 for p in plan["projects"])
        if len(got["tasks"]) != want:
            problems.append(f"the whole portfolio's export gives {len(got['tasks'])} tasks, expected {want}")
    for pr in problems:
        print("FAIL:", pr)
    if not problems:
        print(f"{len(plan['projects'])} projects: the same plan after MSPDI and back")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
