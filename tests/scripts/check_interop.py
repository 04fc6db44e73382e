#!/usr/bin/env python3
"""pmo import against the program that wrote the file: every MSPDI file Microsoft Project saved
(../shared/interop/mspdi, from MPXJ's test data) imports, the result has no format findings in
`pmo check`, and pmo's unlevelled plan gives each task the Start and Finish day Project stored, on
at least 95% of the tasks of the files without resource levelling. Project's own dates are read
here from the XML with Python's parser, not with pmo's code. Also: the recurring calendar
exceptions pmo expands are the days Project itself expanded them to (the pre-2007 list it writes
beside them).

Usage: check_interop.py PMO ROOT. Exit 77 (skipped) when ../shared is absent, unless
PMO_REQUIRE_SHARED=1, then it fails."""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/project}"


def q(el, name):
    c = el.find(NS + name)
    if c is None:
        c = el.find(name)
    return None if c is None or c.text is None else c.text.strip()


def dt(s):
    return datetime.datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")


def project_dates(path):
    """Per task in file order: (name, start day, finish day, summary) as Project stored them."""
    root = ET.parse(path).getroot()
    day_start = datetime.time(8, 0)
    day_end = datetime.time(17, 0)
    if q(root, "DefaultStartTime"):
        day_start = datetime.time.fromisoformat(q(root, "DefaultStartTime"))
    if q(root, "DefaultFinishTime"):
        day_end = datetime.time.fromisoformat(q(root, "DefaultFinishTime"))
    working = {0, 1, 2, 3, 4}
    cal_uid = q(root, "CalendarUID")
    for cal in root.iter(NS + "Calendar"):
        if q(cal, "UID") == cal_uid:
            for wd in cal.iter(NS + "WeekDay"):
                t = int(q(wd, "DayType") or 0)
                if 1 <= t <= 7:
                    (working.add if q(wd, "DayWorking") == "1" else working.discard)((t + 5) % 7)
    out = []
    for t in root.iter(NS + "Task"):
        if q(t, "UID") == "0" or q(t, "OutlineLevel") == "0" or q(t, "IsNull") == "1":
            continue
        s, f = dt(q(t, "Start")), dt(q(t, "Finish"))
        milestone = q(t, "Milestone") == "1" or q(t, "Duration") in ("PT0H0M0S",)
        # A start at the end of the day is the next day's, except a milestone's: it is on its day.
        sd = s.date() + datetime.timedelta(days=1) if s.time() >= day_end and not milestone else s.date()
        fd = f.date()
        if f.time() <= day_start and not milestone:
            fd -= datetime.timedelta(days=1)
            while fd.weekday() not in working:
                fd -= datetime.timedelta(days=1)
        out.append((q(t, "Name"), sd.isoformat(), fd.isoformat(), q(t, "Summary") == "1"))
    levelled = any(float(q(t, "LevelingDelay") or 0) != 0 for t in root.iter(NS + "Task"))
    return out, levelled


def expanded_exceptions(path):
    """Project's own expansion: the WeekDay DayType 0 ranges of calendars that also have <Exceptions>."""
    root = ET.parse(path).getroot()
    res = {}
    for cal in root.iter(NS + "Calendar"):
        if cal.find(NS + "Exceptions") is None:
            continue
        days = set()
        for wd in cal.iter(NS + "WeekDay"):
            if q(wd, "DayType") != "0" or q(wd, "DayWorking") == "1":
                continue
            tp = wd.find(NS + "TimePeriod")
            a, b = dt(q(tp, "FromDate")).date(), dt(q(tp, "ToDate")).date()
            while a <= b:
                days.add(a.isoformat())
                a += datetime.timedelta(days=1)
        res[q(cal, "Name")] = days
    return res


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    pmo, root = sys.argv[1], sys.argv[2]
    shared = os.path.normpath(os.path.join(root, "..", "shared", "interop", "mspdi"))
    if not os.path.isdir(shared):
        if os.environ.get("PMO_REQUIRE_SHARED") == "1":
            print(f"FAIL: {shared} is absent and PMO_REQUIRE_SHARED=1")
            return 1
        print(f"skipped: {shared} is absent")
        return 77
    import yaml  # python3-yaml, in the README's packages

    rules = {}
    for line in run([pmo, "check", "--list-rules"]).stdout.splitlines():
        parts = line.split()
        if len(parts) > 1:
            rules[parts[0]] = parts[1]
    failures = []
    total = agree = 0
    for name in sorted(os.listdir(shared)):
        if not name.endswith(".xml"):
            continue
        path = os.path.join(shared, name)
        with tempfile.TemporaryDirectory() as tmp:
            r = run([pmo, "import", path, "-C", tmp, "--id", "imported"])
            if r.returncode != 0:
                failures.append(f"{name}: pmo import exit {r.returncode}: {r.stderr.strip()}")
                continue
            for line in r.stderr.splitlines():
                if not line.startswith(path) or (": not imported: " not in line and " is the pool's " not in line):
                    failures.append(f"{name}: unexpected stderr line: {line}")
            c = run([pmo, "check", "-C", tmp, "--format", "json"])
            findings = json.loads(c.stdout)["findings"] if c.stdout else []
            fmt_findings = [f for f in findings if rules.get(f["rule"]) == "format"]
            if c.returncode == 2 or fmt_findings:
                failures.append(f"{name}: format findings after import: {fmt_findings or c.stderr}")
                continue
            # The recurring exceptions pmo expanded are the days Project expanded them to.
            pool_path = os.path.join(tmp, "resources", "imported.yaml")
            pool = yaml.safe_load(open(pool_path)) if os.path.exists(pool_path) else {}
            for cal_name, days in expanded_exceptions(path).items():
                ours = None
                for cid, cal in (pool.get("calendars") or {}).items():
                    hol = cal.get("holidays") or []
                    got = {str(h["date"] if isinstance(h, dict) else h) for h in hol}
                    if cid == cal_name.lower().replace(" ", "-"):
                        ours = got
                if ours is not None and ours != days:
                    failures.append(f"{name}: calendar '{cal_name}': exceptions differ from Project's expansion: "
                                    f"missing {sorted(days - ours)[:5]}, extra {sorted(ours - days)[:5]}")
            p = run([pmo, "plan", "-C", tmp, "--no-level", "--format", "json"])
            if p.returncode != 0:
                failures.append(f"{name}: pmo plan exit {p.returncode}: {p.stderr.strip()}")
                continue
            ours = json.loads(p.stdout)["projects"][0]["tasks"]
            theirs, levelled = project_dates(path)
            if len(ours) != len(theirs):
                failures.append(f"{name}: {len(theirs)} tasks in the file, {len(ours)} imported")
                continue
            if levelled:
                print(f"{name}: levelled by Project, dates not compared")
                continue
            for o, (tname, s, f, _) in zip(ours, theirs):
                total += 1
                if (o["start"], o["finish"]) == (s, f):
                    agree += 1
                else:
                    print(f"{name}: '{tname}': Project {s}..{f}, pmo {o['start']}..{o['finish']}")
    share = agree / total if total else 0
    print(f"{agree} of {total} tasks ({share:.1%}) have Project's start and finish day")
    if total and share < 0.95:
        failures.append(f"only {share:.1%} of tasks agree with Project's dates (95% required)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
