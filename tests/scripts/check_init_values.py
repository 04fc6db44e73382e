#!/usr/bin/env python3
"""pmo init writes names with the libraries' emitters: quotes, ': ' and line breaks come back as
typed and never add a key; and it creates all of its files or none, even when a file stands where
a directory must go."""
import json
import os
import subprocess
import sys
import tempfile

pmo = sys.argv[1]
problems = []


def run(*args):
    return subprocess.run([pmo, *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    root = os.path.join(tmp, "acme")
    portfolio_name = 'ACME "Best" PMO \\ 100%'
    r = run("init", root, "--name", portfolio_name, "--start", "2027-03-01")
    if r.returncode != 0:
        problems.append(f"init --name with quotes: exit {r.returncode}: {r.stderr}")
    def new_project(pid, name, *extra):
        """pmo init --project, then the new project's plan as JSON (None, with a problem, if either fails)."""
        r = run("init", "-C", root, "--project", pid, "--name", name, "--start", "2027-03-01", *extra)
        if r.returncode != 0:
            problems.append(f"init --project {pid} {' '.join(extra)} --name {name!r}: exit {r.returncode}: {r.stderr}")
            return None
        plan = run("plan", "-C", root, "--project", pid, "--format", "json")
        if plan.returncode != 0:
            problems.append(f"--name {name!r}: the new project {pid} does not plan: {plan.stderr}")
            return None
        return json.loads(plan.stdout)["projects"][0]

    for i, name in enumerate(("Phase 2: build", "Line one\nmanager: evil", "yes", "# not a comment", "'quoted' \"twice\"")):
        got = new_project(f"p{i}", name)
        if got and got["name"] != name:
            problems.append(f"--name {name!r} came back as {got['name']!r}")
    # A template of the portfolio with placeholders inside quotes, after other text, and in a flow
    # mapping: each value is written for where its placeholder stands.
    with open(os.path.join(root, "templates", "quoted.yaml"), "w") as f:
        f.write("template:\n  description: Placeholders in every position.\n"
                "project:\n  id: {{id}}\n  name: \"Project {{name}}\"\n  start: {{start}}\n"
                "  manager: pm\n  sponsor: 'Sponsor of {{name}}'\n"
                "tasks:\n  - {id: t1, name: {{name}}, duration: 5d, assign: [pm]}\n")
    for i, name in enumerate(("Phase 2: build", 'say "hi", it\'s \\ here', "a, b", "{x}")):
        got = new_project(f"q{i}", name, "--template", "quoted", "--assign", "pm=pm")
        if got and (got["name"] != "Project " + name or got["tasks"][0]["name"] != name):
            problems.append(f"quoted template, --name {name!r}: came back as {got['name']!r}, {got['tasks'][0]['name']!r}")
    r = run("init", "-C", root, "--project", "nl", "--template", "quoted", "--name", "a\nb", "--assign", "pm=pm")
    if r.returncode != 2 or "single quotes" not in r.stderr:
        problems.append(f"a line break for a placeholder in single quotes: exit {r.returncode}: {r.stderr}")

    r = run("check", "-C", root, "--format", "json")
    if r.returncode != 0:
        problems.append(f"check after init: exit {r.returncode}: {r.stdout[:500]}")
    rep = run("report", "-C", root, "--format", "json")
    if rep.returncode != 0 or json.loads(rep.stdout)["portfolio"] != portfolio_name:
        problems.append(f"the portfolio name did not come back: {rep.stdout[:300]} {rep.stderr[:300]}")

    # A file named projects: nothing is created.
    blocked = os.path.join(tmp, "blocked")
    os.makedirs(blocked)
    open(os.path.join(blocked, "projects"), "w").close()
    r = run("init", blocked)
    left = sorted(os.listdir(blocked))
    if r.returncode != 2 or left != ["projects"]:
        problems.append(f"init with a file named projects: exit {r.returncode}, left {left}: {r.stderr}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("pmo init: names come back as typed, and it writes all of its files or none")
