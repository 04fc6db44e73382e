#!/usr/bin/env python3
"""The man pages agree with the binary: a page per command, every option of `pmo CMD --help` and
every rule of `pmo check --list-rules` documented, and every command listed in pmo(1)."""
import json
import os
import re
import subprocess
import sys

pmo, root = sys.argv[1], sys.argv[2]
man = os.path.join(root, "man")


def run(*args):
    return subprocess.run([pmo, *args], capture_output=True, text=True, check=True).stdout


def page(name):
    path = os.path.join(man, name)
    if not os.path.exists(path):
        problems.append(f"missing man/{name}")
        return ""
    # roff escapes '-' as '\-'; compare on plain text.
    return open(path).read().replace("\\-", "-").replace("\\(aq", "'")


problems = []
top = run("--help")
commands = re.findall(r"^  (\w+)\s{2,}", top, re.M)
if not commands:
    sys.exit("no commands found in pmo --help")
pmo1 = page("pmo.1")
page("pmo-format.5")
for cmd in commands:
    text = page(f"pmo-{cmd}.1")
    if f"pmo-{cmd}" not in pmo1:
        problems.append(f"pmo.1 does not list pmo-{cmd}")
    for opt in sorted(set(re.findall(r"(--[a-z][a-z-]+)", run(cmd, "--help")))):
        if opt == "--help":
            continue
        if opt not in text:
            problems.append(f"man/pmo-{cmd}.1 does not document {opt}")
check1 = page("pmo-check.1")
for rule in json.loads(run("check", "--list-rules", "--format", "json")):
    if rule["id"] not in check1:
        problems.append(f"man/pmo-check.1 does not document rule {rule['id']}")
# The schema modeline: one path in `pmo schema --help`, the man page, the README and examples/.
modelines = {"pmo schema --help": run("schema", "--help"), "man/pmo-schema.1": page("pmo-schema.1"),
             "README.md": open(os.path.join(root, "README.md")).read(),
             "examples/projects/crm-migration.yaml":
                 open(os.path.join(root, "examples", "projects", "crm-migration.yaml")).read()}
paths = {where: re.findall(r"\$schema=(\S+project\.schema\.json)", text) for where, text in modelines.items()}
if len({p for found in paths.values() for p in found}) != 1 or not all(paths.values()):
    problems.append(f"the schema modeline paths disagree: {paths}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"man pages agree with {len(commands)} commands")
