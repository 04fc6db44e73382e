#!/usr/bin/env python3
"""pmo's MSPDI export has the structure of the files Microsoft Project saves
(../shared/interop/mspdi): every element we write appears under the same parent in Project's own
files, and in the same order relative to its siblings (the MSPDI schema is a sequence; Project
refuses a file whose elements are out of order). Checked on the whole examples portfolio, on one
project, and with --baseline REV in a git repository: there every task's <Baseline> Start and
Finish are the days `pmo plan --at REV` gives it, and a task added since has none.

Usage: check_mspdi_structure.py PMO ROOT. Exit 77 (skipped) when ../shared is absent, unless
PMO_REQUIRE_SHARED=1."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/project}"


def local(tag):
    return tag[len(NS):] if tag.startswith(NS) else tag


# Elements of the MSPDI schema (mspdi_pj12.xsd) that none of Project's files here happens to set:
# where the schema's sequence puts them, as the element they follow.
SCHEMA_ONLY = {"/Project": [("Manager", "Company"), ("StatusDate", "AutoAddNewResourcesAndTasks")]}


def orders(root, parent_path, seen, extra=None):
    """For each parent path, the set of (a, b) with a before b among its children, and the tags."""
    for el in root:
        path = parent_path + "/" + local(el.tag)
        tags = []
        for c in el:
            t = local(c.tag)
            if t not in tags:
                tags.append(t)
        for tag, after in (extra or {}).get(path, []):
            if after in tags and tag not in tags:
                tags.insert(tags.index(after) + 1, tag)
        entry = seen.setdefault(path, (set(), set()))
        entry[1].update(tags)
        for i, a in enumerate(tags):
            for b in tags[i + 1:]:
                entry[0].add((a, b))
        orders(el, path, seen, extra)


def main():
    pmo, root = sys.argv[1], sys.argv[2]
    shared = os.path.normpath(os.path.join(root, "..", "shared", "interop", "mspdi"))
    if not os.path.isdir(shared):
        if os.environ.get("PMO_REQUIRE_SHARED") == "1":
            print(f"FAIL: {shared} is absent and PMO_REQUIRE_SHARED=1")
            return 1
        print(f"skipped: {shared} is absent")
        return 77
    theirs = {}
    for name in sorted(os.listdir(shared)):
        if name.endswith(".xml"):
            r = ET.parse(os.path.join(shared, name)).getroot()
            orders([r], "", theirs, SCHEMA_ONLY)
    examples = os.path.join(root, "examples")
    problems = []
    tmp = tempfile.mkdtemp()
    repo = os.path.join(tmp, "p")
    shutil.copytree(examples, repo, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
    git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "baseline"], check=True)
    crm = os.path.join(repo, "projects", "crm-migration.yaml")
    text = open(crm).read()
    moved = re.sub(r"duration: (\d+)d", lambda m: f"duration: {int(m.group(1)) + 4}d", text, count=3)
    moved = moved.replace("\ntasks:\n", "\ntasks:\n  - {id: added-late, name: Added since the baseline, duration: 2d}\n", 1)
    if moved == text or "added-late" not in moved:
        problems.append("could not change the CRM plan for the --baseline case")
    open(crm, "w").write(moved)
    runs = [(examples, ["--project", "crm-migration"]), (examples, []),
            (examples, ["--project", "office-move", "--as-of", "2027-02-15"]),
            (repo, ["--project", "crm-migration", "--baseline", "HEAD"])]
    then = json.loads(subprocess.run([pmo, "plan", "-C", repo, "--format", "json", "--project", "crm-migration", "--at", "HEAD"],
                                     capture_output=True, text=True, check=True).stdout)["projects"][0]["tasks"]
    then = {t["name"]: (t["start"], t["finish"]) for t in then}
    for where, args in runs:
        out = subprocess.run([pmo, "plan", "-C", where, "--format", "mspdi", *args], capture_output=True,
                             text=True, check=True).stdout
        if "--baseline" in args:
            tasks = [t for t in ET.fromstring(out).iter(NS + "Task") if t.findtext(NS + "OutlineLevel") != "0"]
            checked = 0
            for t in tasks:
                name, b = t.findtext(NS + "Name"), t.find(NS + "Baseline")
                if name not in then:
                    if b is not None:
                        problems.append(f"--baseline: '{name}' was not in the baseline but has a <Baseline>")
                    continue
                got = (b.findtext(NS + "Start")[:10], b.findtext(NS + "Finish")[:10]) if b is not None else None
                if got != then[name]:
                    problems.append(f"--baseline: '{name}' <Baseline> {got}, the plan at HEAD {then[name]}")
                checked += 1
            moved_now = sum(1 for t in tasks if t.find(NS + "Baseline") is not None
                            and t.findtext(NS + "Finish")[:10] != t.find(NS + "Baseline").findtext(NS + "Finish")[:10])
            if checked < 10 or moved_now == 0:
                problems.append(f"--baseline: {checked} tasks checked, {moved_now} moved since: the case tests nothing")
        ours = {}
        orders([ET.fromstring(out)], "", ours)
        for path, (pairs, tags) in ours.items():
            if not tags:
                continue  # a leaf: its parent's check covers it
            if path not in theirs:
                problems.append(f"{' '.join(args)}: {path} is not in Project's files")
                continue
            their_pairs, their_tags = theirs[path]
            for t in sorted(tags - their_tags):
                problems.append(f"{' '.join(args)}: {path}/{t} is not in Project's files")
            for a, b in sorted(pairs):
                if (b, a) in their_pairs and (a, b) not in their_pairs:
                    problems.append(f"{' '.join(args)}: {path}: {a} before {b}, Project writes {b} first")
    shutil.rmtree(tmp, ignore_errors=True)
    for p in dict.fromkeys(problems):
        print("FAIL:", p)
    if not problems:
        print("the MSPDI export has the structure of Project's own files")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
