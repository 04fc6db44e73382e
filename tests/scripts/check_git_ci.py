#!/usr/bin/env python3
"""Git as CI has it, through the real binary: a repository whose config would run code
(core.fsmonitor, hooks, clean filters) never makes pmo run it; closed standard descriptors do
not break the git child; a directory named ':x' is a path; another owner's repository, a
shallow clone, corrupt and missing objects each say what git said, never "not a git
repository", never a file "added" because its object could not be read."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

pmo, root = sys.argv[1], sys.argv[2]
problems = []
GIT = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]


def git(*args, cwd):
    r = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout.strip()


def run(*args, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    kw.setdefault("text", True)
    return subprocess.run([pmo, *args], timeout=120, **kw)


def expect(name, r, rc, text=None, absent=None):
    both = (r.stdout or "") + (r.stderr or "")
    if r.returncode != rc:
        problems.append(f"{name}: exit {r.returncode}, expected {rc}: {both[:400]}")
    elif text and text not in both:
        problems.append(f"{name}: output lacks {text!r}: {both[:400]}")
    elif absent and absent in both:
        problems.append(f"{name}: output has {absent!r}: {both[:400]}")
    else:
        print(f"  {name}: exit {rc}")


def make_repo(repo, sub="pmo"):
    """The examples in `sub` of a new repository, in two commits: the second one lengthens sprint 3."""
    portfolio = os.path.join(repo, sub)
    shutil.copytree(os.path.join(root, "examples"), portfolio, ignore=shutil.ignore_patterns("invalid"))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "baseline", cwd=repo)
    path = os.path.join(portfolio, "projects", "mobile-app.yaml")
    text = open(path).read()
    open(path, "w").write(text.replace("duration: 2w", "duration: 3w", 1))
    git("commit", "-qam", "longer", cwd=repo)
    return portfolio


print("code from the repository:")
with tempfile.TemporaryDirectory() as tmp:
    repo = os.path.join(tmp, "repo")
    portfolio = make_repo(repo)
    marker = os.path.join(tmp, "ran")
    script = os.path.join(tmp, "evil.sh")
    with open(script, "w") as f:
        f.write(f"#!/bin/sh\necho \"$0 $*\" >> {marker}\ncat\n")
    os.chmod(script, 0o755)
    os.makedirs(os.path.join(repo, ".git", "hooks"), exist_ok=True)
    hook = os.path.join(repo, ".git", "hooks", "post-index-change")
    shutil.copy(script, hook)
    git("config", "core.fsmonitor", script, cwd=repo)
    git("config", "filter.evil.clean", script, cwd=repo)
    with open(os.path.join(repo, ".git", "info", "attributes"), "w") as f:
        f.write("*.yaml filter=evil\n")

    def stat_dirty():
        # New timestamps on every file: git must look at the contents again (clean filters).
        for base, _, files in os.walk(portfolio):
            for name in files:
                os.utime(os.path.join(base, name), (1e9, 1e9))

    # Control: this git really runs them on a plain `git status`.
    stat_dirty()
    subprocess.run(["git", "status", "--porcelain"], cwd=portfolio, capture_output=True)
    control = os.path.exists(marker)
    if os.path.exists(marker):
        os.remove(marker)
    for cmd in (["report"], ["report", "--baseline", "HEAD~1", "--since", "HEAD~1"], ["plan", "--at", "HEAD~1"],
                ["plan", "--baseline", "HEAD~1"], ["check", "--at", "HEAD"]):
        stat_dirty()
        r = run(*cmd, "-C", portfolio)
        if os.path.exists(marker):
            problems.append(f"pmo {' '.join(cmd)} ran the repository's code: {open(marker).read()}")
            os.remove(marker)
        elif r.returncode != 0:
            problems.append(f"pmo {' '.join(cmd)}: exit {r.returncode}: {r.stderr[:300]}")
        else:
            print(f"  pmo {' '.join(cmd)}: no fsmonitor, hook or clean filter ran"
                  + ("" if control else " (this git ran none of them for git status either)"))
    r = run("report", "-C", portfolio)
    if "| Read from | commit " not in r.stdout or "with uncommitted changes" in r.stdout:
        problems.append(f"report: provenance of a clean tree is wrong: {r.stdout[:400]}")
    with open(os.path.join(portfolio, "projects", "new.yaml"), "w") as f:
        f.write(open(os.path.join(portfolio, "projects", "mobile-app.yaml")).read().replace("id: mobile-app", "id: new-app"))
    r = run("report", "-C", portfolio)
    if "with uncommitted changes |" not in r.stdout:
        problems.append(f"report: an untracked project is not an uncommitted change: {r.stdout[:400]}")

print("closed standard descriptors:")
with tempfile.TemporaryDirectory() as tmp:
    repo = os.path.join(tmp, "repo")
    portfolio = make_repo(repo)
    want = run("plan", "--at", "HEAD~1", "-C", portfolio, "--format", "csv").stdout
    r = run("plan", "--at", "HEAD~1", "-C", portfolio, "--format", "csv", stdin=None, preexec_fn=lambda: os.close(0))
    expect("pmo plan --at HEAD~1 <&-", r, 0)
    if r.returncode == 0 and r.stdout != want:
        problems.append("pmo plan --at HEAD~1 <&-: a different plan")
    out = os.path.join(tmp, "report.md")
    r = run("report", "-C", portfolio, "--baseline", "HEAD~1", "-o", out, stdout=subprocess.DEVNULL,
            preexec_fn=lambda: (os.close(0), os.close(1)))
    expect("pmo report -o FILE <&- >&-", r, 0)
    if r.returncode == 0 and "| Read from | commit " not in open(out).read():
        problems.append("pmo report <&- >&-: the provenance is missing")
    r = run("plan", "--at", "HEAD~1", "-C", portfolio, "-o", out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.close(0), os.close(1), os.close(2)))
    if r.returncode != 0:
        problems.append(f"pmo plan --at HEAD~1 with 0, 1 and 2 closed: exit {r.returncode}")
    else:
        print("  pmo plan --at HEAD~1 -o FILE <&- >&- 2>&-: exit 0")

print("paths git could take for something else:")
with tempfile.TemporaryDirectory() as tmp:
    repo = os.path.join(tmp, "repo")
    portfolio = make_repo(repo, sub=":pmo")
    now = run("plan", "-C", portfolio, "--format", "csv")
    at = run("plan", "--at", "HEAD", "-C", portfolio, "--format", "csv")
    expect("--at in a directory named ':pmo'", at, 0)
    if at.returncode == 0 and at.stdout != now.stdout:
        problems.append(f"--at in ':pmo': another portfolio than the working tree's: {at.stdout[:300]}")
    r = run("report", "-C", portfolio, "--since", "HEAD~1")
    expect("report --since in ':pmo'", r, 0, "projects/mobile-app.yaml")

print("repositories git refuses or cannot fully read:")
with tempfile.TemporaryDirectory() as tmp:
    # A shallow clone, as actions/checkout makes by default.
    repo = os.path.join(tmp, "repo")
    make_repo(repo)
    shallow = os.path.join(tmp, "shallow")
    subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + repo, shallow], check=True, capture_output=True)
    head = git("rev-parse", "HEAD", cwd=shallow)[:12]
    for cmd in (["plan", "--at", "HEAD~1"], ["report", "--baseline", "HEAD~1"], ["report", "--since", "HEAD~1"]):
        r = run(*cmd, "-C", os.path.join(shallow, "pmo"))
        expect(f"shallow clone: {' '.join(cmd)}", r, 2, f"it is shallow, and its history is cut at {head}",
               absent="not a git repository")
        if r.returncode == 2 and "fetch-depth: 0" not in r.stderr:
            problems.append(f"shallow clone: {' '.join(cmd)}: no word of fetch-depth: {r.stderr}")

    # A corrupt object, and a missing one, of a file in the older commit only.
    for damage in ("corrupt", "missing"):
        repo = os.path.join(tmp, damage)
        portfolio = make_repo(repo)
        blob = git("rev-parse", "HEAD~1:pmo/projects/mobile-app.yaml", cwd=repo)
        obj = os.path.join(repo, ".git", "objects", blob[:2], blob[2:])
        if damage == "corrupt":
            os.chmod(obj, 0o644)
            with open(obj, "wb") as f:
                f.write(b"this is not a zlib stream")
        else:
            os.remove(obj)
        said = f"object {blob[:12]} of projects/mobile-app.yaml is {damage}"
        for cmd in (["plan", "--at", "HEAD~1"], ["check", "--at", "HEAD~1"], ["report", "--since", "HEAD~1"],
                    ["report", "--baseline", "HEAD~1"]):
            r = run(*cmd, "-C", portfolio)
            expect(f"a {damage} object: {' '.join(cmd)}", r, 2, said, absent="added")

    # [report] baseline is never dropped without a word, whatever keeps git from reading it.
    repo = os.path.join(tmp, "cfg")
    portfolio = make_repo(repo)
    toml = os.path.join(portfolio, "pmo.toml")
    text = open(toml).read().replace("[report]\n", '[report]\nbaseline = "HEAD~5"\n')
    open(toml, "w").write(text)
    r = run("report", "-C", portfolio)
    expect("[report] baseline beyond the history", r, 2, "HEAD~5")


def nobody_case():
    """Another owner's repository: git refuses it (safe.directory), and pmo says so."""
    if os.geteuid() != 0:
        print("  another owner's repository: skipped (needs root to hand the repository to nobody)")
        return
    prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if not os.path.exists(prefix[0]) or subprocess.run(prefix + [pmo, "--version"], capture_output=True).returncode:
        print("  another owner's repository: skipped (nobody cannot run pmo here)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        repo = os.path.join(tmp, "repo")
        portfolio = make_repo(repo)
        for base, dirs, files in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(base, d), 0o755)
        if subprocess.run(prefix + ["/usr/bin/test", "-r", os.path.join(portfolio, "pmo.toml")]).returncode:
            print(f"  another owner's repository: skipped (nobody cannot reach {tmp})")
            return
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp)  # nobody's own (empty) git config
        as_nobody = lambda *a: subprocess.run(prefix + [pmo, *a, "-C", portfolio], capture_output=True, text=True,
                                              env=env, timeout=120)
        for cmd in (["plan", "--at", "HEAD"], ["report", "--baseline", "HEAD"], ["report", "--since", "HEAD"]):
            expect(f"another owner's repository: {' '.join(cmd)}", as_nobody(*cmd), 2, "dubious ownership",
                   absent="not in a git repository")
        r = as_nobody("report")
        expect("another owner's repository: report", r, 0, "dubious ownership", absent="not in a git repository")
        toml = os.path.join(portfolio, "pmo.toml")
        text = open(toml).read().replace("[report]\n", '[report]\nbaseline = "HEAD~1"\n')
        open(toml, "w").write(text)
        expect("another owner's repository: [report] baseline", as_nobody("report"), 2,
               "[report] baseline HEAD~1: git cannot read the repository")
        # safe.directory in the user's own config is honoured: pmo does not bypass git's settings.
        with open(os.path.join(tmp, ".gitconfig"), "w") as f:
            f.write(f"[safe]\n\tdirectory = {repo}\n")
        os.chmod(os.path.join(tmp, ".gitconfig"), 0o644)
        expect("another owner's repository with safe.directory: plan --at HEAD~1", as_nobody("plan", "--at", "HEAD~1"), 0)


nobody_case()
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("git is read as CI has it: no code run, every failure in git's words")
