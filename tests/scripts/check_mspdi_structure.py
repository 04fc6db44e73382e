#!/usr/bin/env python3
"""pmo's MSPDI export has the structure of the files Microsoft Project saves
(../shared/interop/mspdi): every element we write appears under the same parent in Project's own
files, and in the same order relative to its siblings (the MSPDI schema is a sequence; Project
refuses a file whose elements are out of order). Checked on the whole examples portfolio, on one
project, and with --baseline.

Usage: check_mspdi_structure.py PMO ROOT. Exit 77 (skipped) when ../shared is absent, unless
PMO_REQUIRE_SHARED=1."""
import os
import subprocess
import sys
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
    for args in (["--project", "crm-migration"], [], ["--project", "office-move", "--as-of", "2027-02-15"]):
        out = subprocess.run([pmo, "plan", "-C", examples, "--format", "mspdi", *args], capture_output=True,
                             text=True, check=True).stdout
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
    for p in dict.fromkeys(problems):
        print("FAIL:", p)
    if not problems:
        print("the MSPDI export has the structure of Project's own files")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
