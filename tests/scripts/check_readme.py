#!/usr/bin/env python3
"""The README's commands work as a newcomer runs them.

- The install part of the first command (everything before the first `cmake`) is run with
  stand-ins for apt-get and sudo on PATH: with no sudo (root in a fresh container) apt-get must
  run directly; with sudo present (a user with sudo) it must go through sudo. Nothing is installed.
- The GitHub Actions example is valid YAML, builds pmo from a checkout, and clones nothing.
- The README's packages are the ones .ci/run installs (less CI's extras)."""
import os
import re
import stat
import subprocess
import sys
import tempfile

import yaml

root = sys.argv[1]
readme = open(os.path.join(root, "README.md")).read()
problems = []

first = re.search(r"```sh\n(.*?)\n```", readme, re.S).group(1).strip()
install = first.split("&& cmake")[0].strip()
if "apt-get" not in install:
    problems.append(f"the first command installs nothing: {first[:80]}")


def stand_in(folder, name, body):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)


with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "log")
    for with_sudo in (False, True):
        bin_dir = os.path.join(tmp, f"bin-{with_sudo}")
        os.makedirs(bin_dir)
        stand_in(bin_dir, "apt-get", f'echo "apt-get $1" >> {log}')
        if with_sudo:
            stand_in(bin_dir, "sudo", f'echo "sudo $1" >> {log}; "$@"')
        open(log, "w").close()
        # Only the stand-ins and the shell's own tools: no real sudo or apt-get is reachable.
        env = {"PATH": bin_dir + ":/nonexistent", "HOME": tmp}
        r = subprocess.run(["/bin/sh", "-c", install], env=env, capture_output=True, text=True)
        calls = open(log).read().splitlines()
        who = "a user with sudo" if with_sudo else "root without sudo"
        if r.returncode != 0:
            problems.append(f"as {who}, the README's install command fails: {r.stderr.strip()[:200]}")
        elif sum(c.startswith("apt-get") for c in calls) != 2 or any(c.startswith("sudo") for c in calls) != with_sudo:
            problems.append(f"as {who}, the README's install command ran {calls}")

block = re.search(r"```yaml\n(name: pmo\n.*?)\n```", readme, re.S)
if not block:
    problems.append("no GitHub Actions example in the README")
else:
    text = block.group(1)
    wf = yaml.safe_load(text)
    steps = wf["jobs"]["check"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    if re.search(r"git clone|https?://", runs):
        problems.append("the workflow fetches pmo from an address instead of a checkout")
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    if not any("path" in s.get("with", {}) for s in checkouts):
        problems.append("the workflow does not check out pmo's source")
    if "cmake --build" not in runs or "pmo check" not in runs:
        problems.append("the workflow does not build pmo and run pmo check")

ci = open(os.path.join(root, ".ci", "run")).read()
ci_packages = set(re.search(r"packages=\((.*?)\)", ci, re.S).group(1).split())
readme_packages = set(re.search(r"apt-get install -y (.*?) &&", install + " &&").group(1).split())
if readme_packages - ci_packages:
    problems.append(f"the README installs what .ci/run does not: {sorted(readme_packages - ci_packages)}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("the README's install command works as root without sudo and with sudo; its workflow builds from a checkout")
