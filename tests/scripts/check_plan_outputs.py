#!/usr/bin/env python3
"""pmo plan's file formats checked with real tools and the standards they follow:
MS Project XML through Debian planner's importer and DTD, SVG as XML, iCalendar line rules
(RFC 5545), CSV (RFC 4180), Mermaid's size limit, and the JSON contract."""
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

pmo, root = sys.argv[1], sys.argv[2]
examples = os.path.join(root, "examples")
problems = []


def plan(fmt, *extra):
    r = subprocess.run([pmo, "plan", "-C", examples, "--format", fmt, *extra], capture_output=True)
    if r.returncode != 0:
        sys.exit(f"pmo plan --format {fmt}: exit {r.returncode}: {r.stderr.decode()}")
    return r.stdout


data = json.loads(plan("json"))
tasks = sum(len(p["tasks"]) for p in data["projects"])
for p in data["projects"]:
    for t in p["tasks"]:
        for key in ("id", "name", "start", "finish", "duration", "milestone", "summary", "total_float", "free_float", "critical"):
            if key not in t:
                problems.append(f"json: task {p['id']}/{t.get('id')} has no '{key}'")

# MS Project XML -> planner, validated against planner's DTD.
xsl = "/usr/share/planner/stylesheets/msp2planner.xsl"
dtd = "/usr/share/planner/dtd/mrproject-0.6.dtd"
if not (os.path.exists(xsl) and shutil.which("xsltproc") and shutil.which("xmllint")):
    sys.exit("needs Debian's planner, xsltproc and libxml2-utils")
with tempfile.TemporaryDirectory() as tmp:
    msp = os.path.join(tmp, "plan.xml")
    with open(msp, "wb") as f:
        f.write(plan("mspdi"))
    conv = subprocess.run(["xsltproc", xsl, msp], capture_output=True, check=True).stdout
    out = os.path.join(tmp, "plan.planner")
    with open(out, "wb") as f:
        f.write(conv)
    v = subprocess.run(["xmllint", "--noout", "--dtdvalid", dtd, out], capture_output=True, text=True)
    if v.returncode != 0:
        problems.append(f"mspdi: planner file does not validate: {v.stderr[:500]}")
    text = conv.decode()
    n_tasks = len(re.findall(r"<task ", text))
    if n_tasks != tasks + len(data["projects"]):
        problems.append(f"mspdi: planner has {n_tasks} tasks, expected {tasks} tasks + {len(data['projects'])} projects")
    want_links = sum(len(t["depends"]) for p in data["projects"] for t in p["tasks"])
    got_links = len(re.findall(r"<predecessor ", text))
    if got_links != want_links:
        problems.append(f"mspdi: planner has {got_links} links, the examples have {want_links}")
    if "NaN" in text:
        problems.append("mspdi: a value in the planner file is NaN")

# SVG: well-formed XML, one bar or diamond per task.
svg = plan("svg").decode()
try:
    doc = xml.dom.minidom.parseString(svg)
    shapes = [e for e in doc.getElementsByTagName("rect") + doc.getElementsByTagName("path")
              if e.getElementsByTagName("title")]
    if len(shapes) < tasks:
        problems.append(f"svg: {len(shapes)} task shapes for {tasks} tasks")
except Exception as e:  # noqa: BLE001
    problems.append(f"svg: not well-formed: {e}")

# iCalendar: CRLF, at most 75 octets a line, balanced components, unique UIDs, no NaN.
ics = plan("ical")
if b"\n" in ics.replace(b"\r\n", b""):
    problems.append("ical: a line ends without CR")
lines = ics.split(b"\r\n")
if any(len(l) > 75 for l in lines):
    problems.append("ical: a line is longer than 75 octets")
unfolded = ics.replace(b"\r\n ", b"").decode().split("\r\n")
if unfolded.count("BEGIN:VEVENT") != unfolded.count("END:VEVENT") or unfolded[0] != "BEGIN:VCALENDAR":
    problems.append("ical: components are not balanced")
uids = [l for l in unfolded if l.startswith("UID:")]
milestones = sum(1 for p in data["projects"] for t in p["tasks"] if t["milestone"])
if len(uids) != len(set(uids)) or len(uids) != milestones:
    problems.append(f"ical: {len(uids)} events ({len(set(uids))} unique) for {milestones} milestones")

# CSV: RFC 4180, a row per task.
rows = list(csv.reader(io.StringIO(plan("csv").decode(), newline="")))
if len(rows) != tasks + 1 or any(len(r) != len(rows[0]) for r in rows):
    problems.append(f"csv: {len(rows)} rows for {tasks} tasks, or ragged rows")

# Mermaid: under GitHub's 50,000 characters, no ':' inside a title.
mm = plan("mermaid").decode()
if len(mm) > 50000 or not mm.startswith("gantt\n"):
    problems.append("mermaid: too long or not a gantt")
for l in mm.splitlines()[1:]:
    if l.startswith("    ") and not l.strip().startswith(("section", "title", "dateFormat", "axisFormat", "%%")):
        if l.count(" :") != 1:
            problems.append(f"mermaid: ambiguous task line {l!r}")

# pmo resource: JSON contract, CSV rows, SVG as XML.
def resource(fmt, *extra):
    r = subprocess.run([pmo, "resource", "-C", examples, "--format", fmt, *extra], capture_output=True)
    if r.returncode != 0:
        sys.exit(f"pmo resource --format {fmt}: exit {r.returncode}: {r.stderr.decode()}")
    return r.stdout


load = json.loads(resource("json"))
for r in load["resources"]:
    for key in ("id", "periods", "overallocations"):
        if key not in r:
            problems.append(f"resource json: {r.get('id')} has no '{key}'")
    for p in r["periods"]:
        if set(p) < {"start", "booked_hours", "available_hours"}:
            problems.append(f"resource json: a period of {r['id']} lacks fields")
        if dt.date.fromisoformat(p["start"]).weekday() != 0:
            problems.append(f"resource json: week {p['start']} does not start on a Monday")
rows = list(csv.reader(io.StringIO(resource("csv").decode(), newline="")))
if len(rows) != 1 + len(load["resources"]) * len(load["resources"][0]["periods"]):
    problems.append(f"resource csv: {len(rows)} rows")
try:
    xml.dom.minidom.parseString(resource("svg").decode())
except Exception as e:  # noqa: BLE001
    problems.append(f"resource svg: not well-formed: {e}")

# pmo risk: the JSON contract of issue 4.
r = subprocess.run([pmo, "risk", "-C", examples, "--simulate", "300", "--format", "json"], capture_output=True, check=True)
risk = json.loads(r.stdout)
for x in risk["risks"]:
    if not {"project", "id", "score", "level", "emv"} <= set(x):
        problems.append(f"risk json: {x.get('id')} lacks fields")
sim = risk["simulation"]
if not {"iterations", "seed", "projects", "tasks"} <= set(sim):
    problems.append("risk json: simulation lacks fields")
for p in sim["projects"]:
    dates = [dt.date.fromisoformat(p[k]) for k in ("p10", "p50", "p80", "p90")]
    if dates != sorted(dates):
        problems.append(f"risk json: {p['id']} percentiles out of order")
if not all(0 <= t["criticality"] <= 1 for t in sim["tasks"]):
    problems.append("risk json: criticality outside 0..1")
try:
    xml.dom.minidom.parseString(subprocess.run([pmo, "risk", "-C", examples, "--simulate", "200", "--format", "svg"],
                                               capture_output=True, check=True).stdout.decode())
except Exception as e:  # noqa: BLE001
    problems.append(f"risk svg: not well-formed: {e}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"plan outputs valid: {tasks} tasks, {got_links} links in MS Project XML, {len(uids)} calendar events")
