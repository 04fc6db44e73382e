#!/usr/bin/env python3
"""pmo import of TaskJuggler's own MSPDI export (tj3's `formats mspxml`) of tests/data/import/launch.tjp:
the committed export, and when tj3 is installed a fresh one, import without format findings and
pmo's plan gives every task the start and finish day TaskJuggler scheduled (read from the XML here).

Usage: check_taskjuggler.py PMO ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from check_interop import project_dates, run  # noqa: E402

import json  # noqa: E402


def check(pmo, xml, label, problems):
    with tempfile.TemporaryDirectory() as tmp:
        r = run([pmo, "import", xml, "-C", tmp, "--id", "launch"])
        if r.returncode != 0:
            problems.append(f"{label}: pmo import exit {r.returncode}: {r.stderr}")
            return
        c = run([pmo, "check", "-C", tmp])
        if c.returncode == 2:
            problems.append(f"{label}: pmo check: {c.stdout}{c.stderr}")
            return
        ours = json.loads(run([pmo, "plan", "-C", tmp, "--no-level", "--format", "json"]).stdout)["projects"][0]["tasks"]
        theirs, _ = project_dates(xml)
        if len(ours) != len(theirs):
            problems.append(f"{label}: {len(theirs)} tasks in the file, {len(ours)} imported")
            return
        for o, (name, s, f, _) in zip(ours, theirs):
            if (o["start"], o["finish"]) != (s, f):
                problems.append(f"{label}: '{name}': TaskJuggler {s}..{f}, pmo {o['start']}..{o['finish']}")
        print(f"{label}: {len(ours)} tasks, TaskJuggler's dates")


def main():
    pmo, root = sys.argv[1], sys.argv[2]
    data = os.path.join(root, "tests", "data", "import")
    problems = []
    check(pmo, os.path.join(data, "launch-mspdi.xml"), "committed export", problems)
    if shutil.which("tj3"):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(data, "launch.tjp"), tmp)
            subprocess.run(["tj3", "--silent", "launch.tjp"], cwd=tmp, capture_output=True, check=True)
            check(pmo, os.path.join(tmp, "launch-mspdi.xml"), "fresh tj3 export", problems)
    else:
        print("tj3 is not installed: only the committed export is checked")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
