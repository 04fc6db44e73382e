#!/usr/bin/env python3
"""Runs one golden case: the pmo command lines in CASE/cmd, compared with CASE/expected.{out,err,rc}.

Each line of `cmd` is one pmo invocation (the words after `pmo`, shell-quoted), run from the
repository root. `{tmp}` stands for a fresh temporary directory, and is written back as `{tmp}`
in what is compared; so is the repository root, as `{root}`. An optional CASE/setup is a bash
script run first with the temporary directory and the repository root as its arguments (to build
a git repository for `--baseline`). The outputs of all lines are concatenated; expected.rc holds one exit
status per line. PMO_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
"""
import argparse
import difflib
import os
import shlex
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pmo", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    with open(os.path.join(a.case, "cmd")) as f:
        lines = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["TZ"] = "UTC"
    # Goldens see the portfolio as plain files: git must not find this repository, whose
    # commit changes with every change (pmo report names it).
    env["GIT_CEILING_DIRECTORIES"] = os.path.abspath(a.root)
    out, err, rcs = "", "", []
    with tempfile.TemporaryDirectory() as tmp:
        setup = os.path.join(a.case, "setup")
        if os.path.exists(setup):
            r = subprocess.run(["bash", setup, tmp, os.path.abspath(a.root)], env=env, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{setup} failed: {r.stderr}")
                return 1
        for line in lines:
            args = [w.replace("{tmp}", tmp) for w in shlex.split(line)]
            r = subprocess.run([a.pmo] + args, cwd=a.root, env=env, capture_output=True, timeout=120)
            root = os.path.abspath(a.root)
            out += r.stdout.decode("utf-8", "replace").replace(tmp, "{tmp}").replace(root, "{root}")
            err += r.stderr.decode("utf-8", "replace").replace(tmp, "{tmp}").replace(root, "{root}")
            rcs.append(str(r.returncode))
    got = {"expected.out": out, "expected.err": err, "expected.rc": " ".join(rcs) + "\n"}
    if os.environ.get("PMO_UPDATE_GOLDEN") == "1":
        for name, text in got.items():
            with open(os.path.join(a.case, name), "w", newline="") as f:
                f.write(text)
        print(f"updated {a.case}")
        return 0
    failed = False
    for name, text in got.items():
        path = os.path.join(a.case, name)
        want = open(path, newline="").read() if os.path.exists(path) else ""
        if want != text:
            failed = True
            sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                       f"{path} (expected)", f"{name} (actual)"))
    if failed:
        print(f"\nFAILED: {a.case}; if the change is intended: PMO_UPDATE_GOLDEN=1 ctest -R golden, then review the diff")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
