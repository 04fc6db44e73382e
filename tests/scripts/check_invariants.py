#!/usr/bin/env python3
"""The scheduling invariants of issue 12, checked day by day on random portfolios.

    check_invariants.py PMO SEED [SEED...]

For each seed: random_portfolio.py writes a portfolio, `pmo plan --format json` plans it, and
this script recomputes the calendars itself from the YAML files (nothing of pmo's scheduler
is used) and checks, for every task not started at its status date:

- it does not start before the status date, nor before its start_no_earlier_than;
- every dependency holds with its lag, in working days;
- nobody is above their units on a working day from the status date on where an unstarted
  task takes part (two started tasks may still clash: that is reported, not levelled away);
- it books nobody on a day of absence, nor on a day their calendar does not work;
- an effort books exactly its hours, each person at units x their hours a day on each of their
  working days from its start until it is delivered (the last day what is left), and it
  finishes on the day the work is done; a duration spans its working days;
- finished tasks keep their actual dates, started ones their actual start.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def date(s):
    return s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s))


def percent(v, default=1.0):
    if v is None:
        return default
    s = str(v).strip()
    return float(s[:-1]) / 100 if s.endswith("%") else float(s)


class Calendar:
    def __init__(self, raw, all_raw):
        chain = []
        c = raw
        while c is not None:
            chain.append(c)
            c = all_raw.get(c["base"]) if "base" in c else None
        week, hpd, holidays = ["mon", "tue", "wed", "thu", "fri"], 8.0, set()
        for c in reversed(chain):
            week = c.get("workweek", week)
            hpd = float(c.get("hours_per_day", hpd))
            for h in c.get("holidays", []):
                holidays.add(date(h["date"] if isinstance(h, dict) else h))
        self.week = {DAYS.index(d) for d in week}
        self.hpd = hpd
        self.holidays = holidays

    def works(self, d):
        return d.weekday() in self.week and d not in self.holidays


class Person:
    def __init__(self, raw, calendars):
        self.id = raw["id"]
        self.cal = calendars[raw.get("calendar", "default")]
        self.units = percent(raw.get("units"))
        self.away = set()
        for a in raw.get("absences", []):
            d = date(a["from"])
            while d <= date(a["to"]):
                self.away.add(d)
                d += dt.timedelta(days=1)

    def works(self, d):
        return self.cal.works(d) and d not in self.away


def days_of(text, hpd):
    """A duration or effort in days of the project calendar (hours kept as hours / hpd)."""
    s = str(text)
    v = float(s[:-1])
    return {"d": v, "w": v * 5, "h": v / hpd}[s[-1]]


def check_seed(pmo, seed):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "random_portfolio.py"), str(seed), tmp], check=True)
        run = subprocess.run([pmo, "plan", "-C", tmp, "--format", "json"], capture_output=True, text=True)
        if run.returncode != 0:
            return [f"pmo plan exited {run.returncode}: {run.stderr.strip()}"]
        plan = json.loads(run.stdout)
        with open(os.path.join(tmp, "resources.yaml")) as f:
            pool = yaml.safe_load(f)
        files = {}
        for name in sorted(os.listdir(os.path.join(tmp, "projects"))):
            with open(os.path.join(tmp, "projects", name)) as f:
                doc = yaml.safe_load(f)
            files[doc["project"]["id"]] = doc
    cals = {k: Calendar(v, pool["calendars"]) for k, v in pool["calendars"].items()}
    people = {p["id"]: Person(p, cals) for p in pool["resources"]}
    pcal = cals["default"]

    # Working days of the project calendar, as indices.
    first = min(date(d["project"]["start"]) for d in files.values()) - dt.timedelta(days=60)
    workdays, index = [], {}
    d = first
    while d < first + dt.timedelta(days=3 * 365):
        if pcal.works(d):
            index[d] = len(workdays)
            workdays.append(d)
        d += dt.timedelta(days=1)

    def idx(day):
        while day not in index:
            day += dt.timedelta(days=1)
        return index[day]

    tasks = {}  # "proj/task" -> (yaml, json, status date)
    for p in plan["projects"]:
        raw = {t["id"]: t for t in files[p["id"]]["tasks"]}
        for t in p["tasks"]:
            tasks[f"{p['id']}/{t['id']}"] = (raw[t["id"]], t, date(p["status_date"]))

    def span(key, as_pred):
        """[s, f) in working days. A milestone's single day: as a successor its start may be
        that day or the next (shown on a predecessor's finish); as a predecessor, its finish."""
        raw, t, _ = tasks[key]
        s, f = idx(date(t["start"])), idx(date(t["finish"])) + 1
        if t["milestone"]:
            return (s, s) if as_pred else (s + 1, s + 1)
        return s, f

    load = {}  # (person, day) -> [(units, key, unstarted)]
    for key, (raw, t, status) in tasks.items():
        started = "actual_start" in raw or percent(raw.get("progress"), 0) > 0
        done = "actual_finish" in raw
        where = f"seed {seed}: {key}"
        if done:
            if (t["start"], t["finish"]) != (str(raw["actual_start"]), str(raw["actual_finish"])):
                problems.append(f"{where}: finished {raw['actual_start']}..{raw['actual_finish']}, planned {t['start']}..{t['finish']}")
        elif started:
            if t["start"] != str(raw["actual_start"]):
                problems.append(f"{where}: started {raw['actual_start']}, planned from {t['start']}")
        for r in t["resources"]:
            units = r["units"]
            for b in r["bookings"]:
                load.setdefault((r["id"], date(b["date"])), []).append((units, key, not started))
        if started:
            continue
        start, finish = date(t["start"]), date(t["finish"])
        if start < status:
            problems.append(f"{where}: not started at the status date {status} but planned from {start}")
        if "start_no_earlier_than" in raw and start < date(raw["start_no_earlier_than"]):
            problems.append(f"{where}: starts {start}, before its start_no_earlier_than {raw['start_no_earlier_than']}")
        s, f = span(key, False)
        for dep in raw.get("depends", []):
            name, kind, lag = (dep, "FS", 0) if isinstance(dep, str) else (dep["task"], dep.get("type", "FS"), days_of(dep.get("lag", "0d"), 8))
            pkey = name if "/" in name else f"{key.split('/')[0]}/{name}"
            ps, pf = span(pkey, True)
            ok = {"FS": s >= pf + lag, "SS": s >= ps + lag, "FF": f >= pf + lag, "SF": f >= ps + lag}[kind]
            if not ok:
                problems.append(f"{where}: {kind} {name} lag {lag:g} does not hold ({tasks[pkey][1]['start']}..{tasks[pkey][1]['finish']} -> {start}..{finish})")
        # What it books, recomputed from the calendars.
        for r in t["resources"]:
            who = people[r["id"]]
            for b in r["bookings"]:
                day = date(b["date"])
                if day in who.away:
                    problems.append(f"{where}: books {who.id} on {day}, a day of absence")
                if not who.cal.works(day) or not pcal.works(day):
                    problems.append(f"{where}: books {who.id} on {day}, not a working day of theirs")
                if day < start or day > finish:
                    problems.append(f"{where}: books {who.id} on {day}, outside its span {start}..{finish}")
        if t["milestone"]:
            continue
        if "effort" in raw:
            hours = days_of(raw["effort"], pcal.hpd) * pcal.hpd
            booked = sum(r["hours"] for r in t["resources"])
            if abs(booked - hours) > 0.01:
                problems.append(f"{where}: books {booked:g} h for an effort of {hours:g} h")
            # Deliver it day by day from its start: the day the hours are in is its finish.
            left, day, want = hours, start, {}
            rate = {r["id"]: r["units"] * people[r["id"]].cal.hpd for r in t["resources"]}
            while left > 1e-6 and day <= finish + dt.timedelta(days=400):
                if pcal.works(day):
                    today = {pid: h for pid, h in rate.items() if people[pid].works(day)}
                    total = sum(today.values())
                    share = min(1.0, left / total) if total else 0
                    for pid, h in today.items():
                        want[(pid, day)] = h * share
                    left -= total
                    if left <= 1e-6:
                        break
                day += dt.timedelta(days=1)
            if day != finish:
                problems.append(f"{where}: its {hours:g} h are delivered on {day}, but it finishes {finish}")
            got = {(r["id"], date(b["date"])): b["hours"] for r in t["resources"] for b in r["bookings"]}
            for k in sorted(set(want) | set(got)):
                if abs(want.get(k, 0) - got.get(k, 0)) > 0.01:
                    problems.append(f"{where}: {k[0]} on {k[1]}: {got.get(k, 0):g} h booked, {want.get(k, 0):g} h due")
                    break
        elif "duration" in raw:
            want = days_of(raw["duration"], pcal.hpd)
            if f - s != round(want + 0.4999):
                problems.append(f"{where}: lasts {f - s} working days, its duration is {raw['duration']}")
            for r in t["resources"]:
                who = people[r["id"]]
                due = [w for w in workdays[s:f] if who.works(w)]
                if [date(b["date"]) for b in r["bookings"]] != due:
                    problems.append(f"{where}: books {who.id} on other days than their working days of its span")
    for (pid, day), items in sorted(load.items()):
        status = min(tasks[k][2] for _, k, _ in items)
        if day < status or not any(u for _, _, u in items):
            continue
        total = sum(u for u, _, _ in items)
        if total > people[pid].units + 1e-9:
            problems.append(f"seed {seed}: {pid} on {day} at {total:.0%} of {people[pid].units:.0%}: "
                            + ", ".join(sorted(k for _, k, _ in items)))
    return problems


def main():
    pmo, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    problems = []
    for seed in seeds:
        problems += check_seed(pmo, seed)
    for p in problems[:60]:
        print(p)
    if problems:
        print(f"FAILED: {len(problems)} broken invariants over {len(seeds)} seeds")
        return 1
    print(f"ok: {len(seeds)} random portfolios, every invariant holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
