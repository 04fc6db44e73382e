#!/usr/bin/env python3
"""--at REV through the real binary on a real repository: reads the revision, not the working
tree; works with the portfolio in a subdirectory; clear errors for a bad revision or no
repository; and never touches the working tree or the index."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

pmo, root = sys.argv[1], sys.argv[2]
problems = []
GIT = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]


def run(*args, cwd=None):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)


def state(repo):
    h = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(repo)):
        dirs.sort()
        if ".git" in base.split(os.sep) and not base.endswith(".git"):
            continue
        for f in sorted(files):
            p = os.path.join(base, f)
            if ".git" in p.split(os.sep) and f != "index":
                continue
            with open(p, "rb") as fh:
                h.update(p.encode() + fh.read())
    return h.hexdigest()


with tempfile.TemporaryDirectory() as repo:
    portfolio = os.path.join(repo, "pmo")  # the portfolio is a subdirectory of the repository
    shutil.copytree(os.path.join(root, "examples"), portfolio, ignore=shutil.ignore_patterns("invalid"))
    run("git", "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-qm", "baseline", cwd=repo)
    path = os.path.join(portfolio, "projects", "mobile-app.yaml")
    text = open(path).read()
    open(path, "w").write(text.replace("name: Sprint 3 - delivery tracking\n    duration: 2w",
                                       "name: Sprint 3 - delivery tracking\n    duration: 4w"))
    run(*GIT, "commit", "-qam", "longer sprint 3", cwd=repo)
    open(path, "a").write("\n# work in progress\n")  # uncommitted
    before = state(repo)
    plan = lambda *a: run(pmo, "plan", "-C", portfolio, "--format", "csv", "--project", "mobile-app", *a)
    now, head, base = plan().stdout, plan("--at", "HEAD").stdout, plan("--at", "HEAD~1").stdout
    if now != head:
        problems.append("--at HEAD differs from a working tree whose only change is a comment")
    if head == base:
        problems.append("--at HEAD~1 reads the same plan as HEAD")
    if "sprint-3,Sprint 3 - delivery tracking,2027-03-17,2027-03-30,10," not in base:
        problems.append(f"--at HEAD~1 is not the baseline's plan:\n{base}")
    import json
    cmp = json.loads(run(pmo, "plan", "-C", portfolio, "--format", "json", "--baseline", "HEAD~1").stdout)
    mobile = next(p for p in cmp["projects"] if p["id"] == "mobile-app")
    sprint3 = next(t for t in mobile["tasks"] if t["id"] == "sprint-3")
    if not (sprint3["baseline"] and sprint3["baseline"]["finish"] == "2027-03-30" and sprint3["baseline"]["slip"] >= 10):
        problems.append(f"--baseline: sprint-3 did not slip by its 10 extra days: {sprint3.get('baseline')}")
    if cmp["baseline"]["removed"] or len(cmp["baseline"]["commit"]) != 40:
        problems.append(f"--baseline: unexpected summary {cmp['baseline']}")
    r = run(pmo, "check", "-C", portfolio, "--at", "no-such-rev")
    if r.returncode != 2 or "'no-such-rev' is not a revision of this repository" not in r.stderr:
        problems.append(f"bad revision: exit {r.returncode}: {r.stderr}")
    r = run(pmo, "check", "-C", portfolio, "--at", "--upload-pack=evil")
    if r.returncode != 2:
        problems.append("a revision that looks like an option was not refused")
    # A machine without git: revisions cannot be read and pmo says why; everything else works.
    with tempfile.TemporaryDirectory() as empty_path:
        no_git = dict(os.environ, PATH=empty_path)
        for cmd in (["plan", "--at", "HEAD"], ["report", "--baseline", "HEAD"], ["report", "--since", "HEAD"]):
            r = subprocess.run([pmo, *cmd, "-C", portfolio], capture_output=True, text=True, env=no_git)
            if r.returncode != 2 or "git" not in r.stderr or "not installed" not in r.stderr or r.stdout:
                problems.append(f"no git command: {' '.join(cmd)}: exit {r.returncode}: {r.stderr}")
        r = subprocess.run([pmo, "report", "-C", portfolio], capture_output=True, text=True, env=no_git)
        if (r.returncode != 0 or "| Read from | the files as they are (git is not installed) |" not in r.stdout
                or "| Baseline | none: git is not installed |" not in r.stdout):
            problems.append(f"no git command: report: exit {r.returncode}: {r.stderr}{r.stdout[:600]}")
    if state(repo) != before:
        problems.append("--at changed the working tree or the index")
    with tempfile.TemporaryDirectory() as plain:
        shutil.copytree(os.path.join(root, "examples"), os.path.join(plain, "p"), ignore=shutil.ignore_patterns("invalid"))
        r = run(pmo, "plan", "-C", os.path.join(plain, "p"), "--at", "HEAD")
        if r.returncode != 2 or "is not in a git repository" not in r.stderr:
            problems.append(f"no repository: exit {r.returncode}: {r.stderr}")
        if run(pmo, "plan", "-C", os.path.join(plain, "p")).returncode != 0:
            problems.append("a directory outside git no longer plans")
# A committed symbolic link to a file inside the portfolio is that file at every revision, as on
# disk: a clean checkout is not "with uncommitted changes", and --since HEAD lists nothing. A link
# out of the portfolio is read on neither side.
with tempfile.TemporaryDirectory() as repo:
    portfolio = os.path.join(repo, "pmo")
    shutil.copytree(os.path.join(root, "examples"), portfolio, ignore=shutil.ignore_patterns("invalid"))
    # projects/mobile-app.yaml is a link to a file in a directory pmo does not walk.
    os.makedirs(os.path.join(portfolio, ".shared"))
    os.rename(os.path.join(portfolio, "projects", "mobile-app.yaml"), os.path.join(portfolio, ".shared", "mobile-app.yaml"))
    os.symlink("../.shared/mobile-app.yaml", os.path.join(portfolio, "projects", "mobile-app.yaml"))
    open(os.path.join(repo, "outside.yaml"), "w").write("resources: [{id: zed, name: Zed}]\n")
    os.symlink("../../outside.yaml", os.path.join(portfolio, "projects", "out.yaml"))
    run("git", "init", "-q", cwd=repo)
    run(*GIT, "add", "-A", cwd=repo)
    run(*GIT, "commit", "-qm", "with links", cwd=repo)
    plan_now = run(pmo, "plan", "-C", portfolio, "--format", "csv", "--project", "mobile-app")
    plan_head = run(pmo, "plan", "-C", portfolio, "--format", "csv", "--project", "mobile-app", "--at", "HEAD")
    if plan_now.returncode != 0 or plan_now.stdout != plan_head.stdout:
        problems.append(f"--at HEAD reads a linked project otherwise than the working tree: {plan_head.stderr}")
    r = run(pmo, "report", "-C", portfolio)
    if "uncommitted" in r.stdout or "| Read from | commit " not in r.stdout:
        problems.append("a clean checkout with a symbolic link reads as having uncommitted changes: "
                        + next((l for l in r.stdout.splitlines() if "Read from" in l), r.stderr))
    r = run(pmo, "report", "-C", portfolio, "--since", "HEAD")
    if "| added |" in r.stdout or "| modified |" in r.stdout:
        problems.append("--since HEAD lists a committed symbolic link as changed")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("--at reads revisions without touching the working tree")
