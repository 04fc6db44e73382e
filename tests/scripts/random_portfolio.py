#!/usr/bin/env python3
"""Writes a realistic random portfolio for the scheduling invariants (issue 12).

    random_portfolio.py SEED DIR

Part-time calendars (Mon-Wed, Mon-Thu, six-hour days), people at 50%, absences and holidays,
effort and fixed-duration tasks with one or two people, FS/SS/FF links with lags, links across
projects, milestones with start bounds, and finished and in-progress tasks at a status date.
Every file is one pmo accepts; the same seed always gives the same files.
"""

import datetime as dt
import os
import random
import sys

import yaml

START = dt.date(2027, 3, 1)  # a Monday
HOLIDAYS = [dt.date(2027, 4, 2), dt.date(2027, 4, 5), dt.date(2027, 5, 13), dt.date(2027, 5, 24),
            dt.date(2027, 8, 30), dt.date(2027, 12, 24), dt.date(2027, 12, 27)]


def weekday_on_or_after(d):
    while d.weekday() >= 5 or d in HOLIDAYS:
        d += dt.timedelta(days=1)
    return d


def pool(rng):
    calendars = {
        "default": {"workweek": ["mon", "tue", "wed", "thu", "fri"], "hours_per_day": 8,
                    "holidays": [h.isoformat() for h in HOLIDAYS]},
        "mon-wed": {"base": "default", "workweek": ["mon", "tue", "wed"]},
        "mon-thu": {"base": "default", "workweek": ["mon", "tue", "wed", "thu"]},
        "short-days": {"base": "default", "hours_per_day": 6},
    }
    people = []
    for i in range(rng.randint(8, 13)):
        p = {"id": f"p{i:02d}", "name": f"Person {i}", "rate": rng.choice([60, 75, 90, 110])}
        kind = rng.random()
        if kind < 0.2:
            p["calendar"] = "mon-wed"
        elif kind < 0.35:
            p["calendar"] = "mon-thu"
        elif kind < 0.45:
            p["calendar"] = "short-days"
        if rng.random() < 0.2:
            p["units"] = "50%"
        absences = []
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            a = START + dt.timedelta(days=rng.randint(-10, 120))
            absences.append({"from": a.isoformat(), "to": (a + dt.timedelta(days=rng.randint(0, 9))).isoformat(),
                             "reason": "leave"})
        if absences:
            p["absences"] = absences
        people.append(p)
    return {"calendars": calendars, "resources": people}


def project(rng, pid, people, status, earlier):
    """One project's tasks, in dependency order; `earlier` are (project, task, finished) of
    projects written before, for links across projects."""
    n = rng.randint(12, 30)
    tasks = []
    finish_of = {}  # task id -> actual finish of finished tasks
    for i in range(n):
        tid = f"t{i:02d}"
        t = {"id": tid, "name": f"Task {i}"}
        deps = []
        if i and rng.random() < 0.8:
            for j in sorted(rng.sample(range(i), min(i, rng.choice([1, 1, 2])))):
                kind = rng.choices(["FS", "SS", "FF"], [6, 2, 2])[0]
                lag = rng.choice([0, 0, 0, 1, 2, 3])
                deps.append((tasks[j]["id"], kind, lag))
        if earlier and rng.random() < 0.1:
            op, ot, _ = rng.choice(earlier)
            deps.append((f"{op}/{ot}", "FS", rng.choice([0, 1])))
        if rng.random() < 0.12:
            t["milestone"] = True
            if rng.random() < 0.6:
                t["start_no_earlier_than"] = (START + dt.timedelta(days=rng.randint(5, 90))).isoformat()
        else:
            who = rng.sample(people, rng.choice([1, 1, 2]))
            assign = []
            for p in who:
                units = "50%" if p.get("units") == "50%" or rng.random() < 0.2 else "100%"
                assign.append(p["id"] if units == "100%" else {"resource": p["id"], "units": units})
            t["assign"] = assign
            if rng.random() < 0.6:
                t["effort"] = f"{rng.randint(1, 12)}d" if rng.random() < 0.85 else f"{rng.randint(4, 60)}h"
            else:
                t["duration"] = f"{rng.randint(1, 10)}d"
            if rng.random() < 0.1:
                t["start_no_earlier_than"] = (START + dt.timedelta(days=rng.randint(3, 60))).isoformat()
        if deps:
            t["depends"] = [d if (k, lag) == ("FS", 0) else {"task": d, "type": k, "lag": f"{lag}d"}
                            for d, k, lag in deps]
        # Progress at the status date: only where everything before it has finished.
        local = [d for d, _, _ in deps if "/" not in d]
        preds_done = all(x in finish_of for x in local) and all("/" not in d for d, _, _ in deps)
        if preds_done and "milestone" not in t and "start_no_earlier_than" not in t:
            begin = weekday_on_or_after(max([START] + [finish_of[x] + dt.timedelta(days=1) for x in local]))
            room = (status - begin).days
            r = rng.random()
            if room > 8 and r < 0.45:
                end = weekday_on_or_after(begin + dt.timedelta(days=rng.randint(0, min(12, room - 3))))
                if end < status:
                    t["actual_start"], t["actual_finish"], t["progress"] = begin.isoformat(), end.isoformat(), "100%"
                    finish_of[tid] = end
            elif room > 1 and r < 0.7:
                t["actual_start"] = begin.isoformat()
                t["progress"] = f"{rng.choice([10, 20, 30, 50, 70, 80])}%"
        tasks.append(t)
    doc = {"project": {"id": pid, "name": f"Project {pid}", "manager": "pat", "sponsor": "sam",
                       "start": START.isoformat(), "priority": rng.choice([300, 500, 700]),
                       "status": {"date": status.isoformat()}},
           "tasks": tasks}
    return doc, [(pid, t["id"], t["id"] in finish_of) for t in tasks]


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "projects"), exist_ok=True)
    p = pool(rng)
    status = weekday_on_or_after(START + dt.timedelta(days=rng.randint(7, 35)))
    with open(os.path.join(out, "resources.yaml"), "w") as f:
        yaml.safe_dump(p, f, sort_keys=False)
    earlier = []
    for k in range(rng.randint(2, 3)):
        pid = f"proj{k}"
        doc, ids = project(rng, pid, p["resources"], status, earlier)
        earlier += ids
        with open(os.path.join(out, "projects", pid + ".yaml"), "w") as f:
            yaml.safe_dump(doc, f, sort_keys=False)


if __name__ == "__main__":
    main()
