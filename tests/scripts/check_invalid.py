#!/usr/bin/env python3
"""Every rule of `pmo check --list-rules` has its case in examples/invalid/<rule>/, a golden test,
and `pmo check` on that case reports the rule."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

pmo, root = sys.argv[1], sys.argv[2]
rules = json.loads(subprocess.run([pmo, "check", "--list-rules", "--format", "json"],
                                  capture_output=True, text=True, check=True).stdout)
missing = []
for rule in rules:
    rid = rule["id"]
    case = os.path.join(root, "examples", "invalid", rid)
    golden = os.path.join(root, "tests", "golden", f"invalid-{rid}", "cmd")
    if not os.path.isdir(case):
        missing.append(f"{rid}: no examples/invalid/{rid}/")
        continue
    if not os.path.exists(golden):
        missing.append(f"{rid}: no golden case tests/golden/invalid-{rid}/")
    if rule["kind"] == "schedule":
        # Found by scheduling: pmo plan reports it on stderr, and fails the gate.
        r = subprocess.run([pmo, "plan", "-C", case, "--fail-on", "deadline"], capture_output=True, text=True)
        if f"[{rid}]" not in r.stderr:
            missing.append(f"{rid}: pmo plan -C {case} does not report it")
        want_rc = 1
    elif os.path.isdir(os.path.join(case, ".baseline")):
        # Change control: a repository of two commits, .baseline/ then the case; checked against the first.
        with tempfile.TemporaryDirectory() as repo:
            git = ["git", "-C", repo, "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid"]
            subprocess.run(["git", "init", "-q", repo], check=True)
            shutil.copytree(os.path.join(case, ".baseline"), repo, dirs_exist_ok=True)
            shutil.copy(os.path.join(case, "pmo.toml"), repo)
            subprocess.run(git + ["add", "-A"], check=True)
            subprocess.run(git + ["commit", "-qm", "baseline"], check=True)
            shutil.copytree(case, repo, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".baseline"))
            subprocess.run(git + ["add", "-A"], check=True)
            subprocess.run(git + ["commit", "-qm", "change"], check=True)
            r = subprocess.run([pmo, "check", "-C", repo, "--baseline", "HEAD~1", "--format", "json"],
                               capture_output=True, text=True)
        found = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        if rid not in found:
            missing.append(f"{rid}: pmo check --baseline HEAD~1 on {case} does not report it (reports {sorted(found)})")
        want_rc = 1 if rule["severity"] == "error" else 0
    else:
        r = subprocess.run([pmo, "check", "-C", case, "--format", "json"], capture_output=True, text=True)
        found = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        if rid not in found:
            missing.append(f"{rid}: pmo check -C {case} does not report it (reports {sorted(found)})")
        want_rc = 2 if rule["kind"] == "format" else (1 if rule["severity"] == "error" or rule["directive_only"] else 0)
    if r.returncode != want_rc:
        missing.append(f"{rid}: exit status {r.returncode}, expected {want_rc}")
extra = sorted(set(os.listdir(os.path.join(root, "examples", "invalid"))) - {r["id"] for r in rules})
missing += [f"examples/invalid/{e}: no such rule" for e in extra]
if missing:
    print("\n".join(missing))
    sys.exit(1)
print(f"{len(rules)} rules, each with an invalid example and a golden case")
