#!/usr/bin/env python3
"""Hostile and broken portfolios through the real binary: every case must end with the right
exit status and a message naming the place, in bounded time, and leave the portfolio and any
existing -o file untouched."""
import hashlib
import os
import subprocess
import sys
import tempfile
import time

pmo = sys.argv[1]
problems = []
PROJECT = "project:\n  id: {id}\n  name: P\n  start: 2027-03-01\n  manager: m\n  sponsor: s\ntasks:\n{tasks}"
ONE = "  - {id: a, name: A, duration: 2d}\n"


def tree_hash(root):
    h = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            h.update(p.encode())
            if os.path.islink(p):
                h.update(os.readlink(p).encode())
            elif os.path.isfile(p):
                with open(p, "rb") as fh:
                    h.update(fh.read())
    return h.hexdigest()


def case(name, files, args, want_rc, want_text=None, limit=60, setup=None):
    with tempfile.TemporaryDirectory() as tmp:
        for rel, data in files.items():
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
        open(os.path.join(tmp, "pmo.toml"), "a").close()
        if setup:
            setup(tmp)
        before = tree_hash(tmp)
        t0 = time.perf_counter()
        try:
            r = subprocess.run([pmo, *args, "-C", tmp], capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            problems.append(f"{name}: did not finish in {limit} s")
            return
        secs = time.perf_counter() - t0
        out = (r.stdout + r.stderr).decode("utf-8", "replace")
        if r.returncode != want_rc:
            problems.append(f"{name}: exit {r.returncode}, expected {want_rc}: {out[:300]}")
        if want_text and want_text not in out:
            problems.append(f"{name}: output lacks {want_text!r}: {out[:300]}")
        if tree_hash(tmp) != before:
            problems.append(f"{name}: pmo changed files in the portfolio")
        print(f"  {name}: exit {r.returncode} in {secs:.2f} s")


def nested(n):
    return "project: " + "[" * n + "]" * n + "\n"


laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
for i, c in enumerate("bcdefghij"):
    prev = "abcdefghij"[i]
    laughs += f"{c}: &{c} [" + ", ".join(f"*{prev}" for _ in range(10)) + "]\n"

print("hostile inputs:")
case("tab indentation", {"p.yaml": "project:\n\tid: x\n"}, ["check"], 2, "p.yaml:2:")
case("unclosed quote", {"p.yaml": 'project:\n  id: x\n  name: "Unclosed\n  start: 2027-03-01\n'}, ["check"], 2, "[yaml-syntax]")
case("bad indentation", {"p.yaml": "project:\n  id: x\n   name: X\n  start: 2027-03-01\n"}, ["check"], 2, "p.yaml:3:")
case("merge conflict", {"p.yaml": PROJECT.format(id="p", tasks="<<<<<<< HEAD\n" + ONE + "=======\n" + ONE + ">>>>>>> b\n")},
     ["check"], 2, "p.yaml:8:1: error: unresolved git merge conflict")
case("200,000 nested lists", {"p.yaml": nested(200000)}, ["check"], 2, "[yaml-syntax]")
case("billion laughs", {"p.yaml": laughs}, ["check"], 2, "alias bomb", limit=20)
case("binary file", {"p.yaml": b"\x7fELF\x02\x01\x01\x00\x00\x00"}, ["check"], 2, "binary file")
case("latin-1 file", {"p.yaml": "project:\n  id: x\n  name: Caf\xe9\n".encode("latin-1")}, ["check"], 2, "p.yaml:3:12")
case("empty file", {"p.yaml": ""}, ["check"], 2, "p.yaml:1:1: error: empty file")
case("directory named x.yaml", {"projects/ok.yaml": PROJECT.format(id="p", tasks=ONE)}, ["check"], 0,
     setup=lambda t: os.makedirs(os.path.join(t, "projects", "x.yaml")))
case("symlink loop", {"projects/ok.yaml": PROJECT.format(id="p", tasks=ONE)}, ["check"], 0,
     setup=lambda t: os.symlink("..", os.path.join(t, "projects", "loop")))
case("symlink out of the root", {"projects/ok.yaml": PROJECT.format(id="p", tasks=ONE)}, ["check"], 0,
     "leads outside the portfolio", setup=lambda t: os.symlink("/etc", os.path.join(t, "projects", "etc")))
case("broken symlink", {"projects/ok.yaml": PROJECT.format(id="p", tasks=ONE)}, ["check"], 2, "broken symbolic link",
     setup=lambda t: os.symlink("nowhere.yaml", os.path.join(t, "projects", "gone.yaml")))
case("effort 1e308d", {"p.yaml": PROJECT.format(id="p", tasks="  - {id: a, name: A, effort: 1e308d, assign: [x]}\n")},
     ["check"], 2, "beyond any plan")
case("negative duration", {"p.yaml": PROJECT.format(id="p", tasks="  - {id: a, name: A, duration: -5d}\n")},
     ["check"], 2, "cannot be negative")
case("impossible date", {"p.yaml": PROJECT.format(id="p", tasks=ONE).replace("2027-03-01", "2027-02-29")},
     ["check"], 2, "2027-02-29 is not a day of the calendar")
case("plan past 9999", {"p.yaml": PROJECT.format(id="p", tasks="  - {id: a, name: A, duration: 999999d}\n")
                        .replace("2027-03-01", "9999-01-04")}, ["plan"], 2, "runs past 9999-12-31")
typo = PROJECT.format(id="p", tasks="  - {id: a, name: A, duration: 5d, assign: [r], actual_start: 2027-03-01, "
                          "actual_finish: 4054-03-05, progress: 100%}\n  - {id: b, name: B, duration: 2d, depends: [a]}\n")
typo_pool = "resources:\n  - {id: r, name: R}\n"
case("an actual date in 4054: plan", {"p.yaml": typo, "pool.yaml": typo_pool}, ["plan"], 0, limit=10)
case("an actual date in 4054: resource", {"p.yaml": typo, "pool.yaml": typo_pool}, ["resource"], 0,
     "a mistyped date?", limit=10)
case("an actual date in 4054: report", {"p.yaml": typo, "pool.yaml": typo_pool}, ["report"], 0, limit=10)
# Mistyped years far apart (1013 and 8880, found by fuzzing) with a person shared between them:
# check names both dates; plan and report stay fast (they cleared every day of the span per pass).
far = {"a.yaml": PROJECT.format(id="a", tasks="  - {id: t, name: T, duration: 5d, assign: [r]}\n").replace(
           "2027-03-01", "1013-03-01"),
       "b.yaml": PROJECT.format(id="b", tasks="  - {id: t, name: T, duration: 5d, assign: [r]}\n").replace(
           "2027-03-01", "8880-03-01"),
       "pool.yaml": "resources:\n  - {id: r, name: R}\n"}
case("projects in 1013 and 8880: check", far, ["check", "--as-of", "2027-03-05"], 0,
     "a.yaml:4:10: warning: project 'a' start 1013-03-01 is 1014 years before the status date 2027-03-05; "
     "a mistyped year? [implausible-date]")
case("projects in 1013 and 8880: check names the other", far, ["check", "--as-of", "2027-03-05"], 0,
     "b.yaml:4:10: warning: project 'b' start 8880-03-01")
for command in ("plan", "report"):
    case(f"projects in 1013 and 8880: {command}", far, [command, "--as-of", "2027-03-05"], 0, limit=20)
case("plan past 9999: report", {"p.yaml": PROJECT.format(id="p", tasks="  - {id: a, name: A, duration: 999999d}\n")
                                .replace("2027-03-01", "9999-01-04")}, ["report"], 2, "runs past 9999-12-31")
case("ids in other scripts", {"p.yaml": PROJECT.format(id="p", tasks="  - {id: 設計, name: Design, duration: 2d}\n")},
     ["check"], 2, "is not a valid id")
case("same project id in two files", {"a.yaml": PROJECT.format(id="p", tasks=ONE), "b.yaml": PROJECT.format(id="p", tasks=ONE)},
     ["check"], 2, "b.yaml:2:7: error: project id 'p' is already used")
case("duplicate key", {"p.yaml": PROJECT.format(id="p", tasks=ONE).replace("  manager: m\n", "  manager: m\n  manager: n\n")},
     ["check"], 2, "duplicate key 'manager'")
chain = "".join(f"  - {{id: t{i}, name: T, duration: 1d{', depends: [t%d]' % (i - 1) if i else ''}}}\n" for i in range(100000))
case("a 100,000-task chain: plan", {"p.yaml": PROJECT.format(id="p", tasks=chain)}, ["plan", "--format", "csv"], 0, limit=120)
cycle = chain.replace("{id: t0, name: T, duration: 1d}", "{id: t0, name: T, duration: 1d, depends: [t99999]}")
case("a 100,000-task chain: report", {"p.yaml": PROJECT.format(id="p", tasks=chain)}, ["report"], 0, limit=120)
case("a 100,000-task chain: report as JSON", {"p.yaml": PROJECT.format(id="p", tasks=chain)},
     ["report", "--format", "json"], 0, limit=120)
case("a cycle through 100,000 tasks", {"p.yaml": PROJECT.format(id="p", tasks=cycle)}, ["plan"], 2, "dependency cycle: p/t0", limit=120)
case("a cycle through 100,000 tasks: report", {"p.yaml": PROJECT.format(id="p", tasks=cycle)}, ["report"], 2,
     "dependency cycle: p/t0", limit=120)
many = {f"projects/p{i}.yaml": PROJECT.format(id=f"p{i}", tasks=ONE) for i in range(10000)}
case("10,000 projects", many, ["plan", "--format", "json"], 0, limit=120)
case("10,000 projects: report", many, ["report"], 0, limit=120)


# -o: an error never creates, changes or half-writes the output file.
def output_case():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "p"))
        with open(os.path.join(tmp, "p", "bad.yaml"), "w") as f:
            f.write("project: [\n")
        out = os.path.join(tmp, "plan.json")
        for command in ("plan", "report"):
            if os.path.exists(out):
                os.remove(out)
            r = subprocess.run([pmo, command, "-C", os.path.join(tmp, "p"), "-o", out], capture_output=True)
            if r.returncode != 2 or os.path.exists(out):
                problems.append(f"-o: a failed {command} created the output file")
            with open(out, "w") as f:
                f.write("previous\n")
            subprocess.run([pmo, command, "-C", os.path.join(tmp, "p"), "-o", out], capture_output=True)
            if open(out).read() != "previous\n":
                problems.append(f"-o: a failed {command} changed an existing output file")
        leftovers = [f for f in os.listdir(tmp) if ".pmo-" in f]
        if leftovers:
            problems.append(f"-o: temporary files left behind: {leftovers}")
        print("  -o on errors: output untouched")


output_case()


def permission_case():
    """A file the user may not read: named, exit 2. Root reads anything, so as root (CI) pmo
    runs as nobody through util-linux's setpriv."""
    prefix = []
    if os.geteuid() == 0:
        setpriv = "/usr/bin/setpriv"
        if not os.path.exists(setpriv):
            print("  unreadable file: skipped (root, and no setpriv to drop privileges)")
            return
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        if subprocess.run(prefix + [pmo, "--version"], capture_output=True).returncode != 0:
            print("  unreadable file: skipped (nobody cannot run the pmo binary where it is built)")
            return
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "projects"))
        for pid in ("a", "b"):
            with open(os.path.join(tmp, "projects", f"{pid}.yaml"), "w") as f:
                f.write(PROJECT.format(id=pid, tasks=ONE))
        open(os.path.join(tmp, "pmo.toml"), "w").close()
        # Every mode set explicitly: the umask may be anything.
        for rel, mode in ((".", 0o755), ("projects", 0o755), ("projects/a.yaml", 0o644), ("pmo.toml", 0o644),
                          ("projects/b.yaml", 0)):
            os.chmod(os.path.join(tmp, rel), mode)
        if prefix and subprocess.run(prefix + ["/usr/bin/test", "-r", os.path.join(tmp, "pmo.toml")]).returncode:
            print(f"  unreadable file: skipped (nobody cannot reach {tmp})")
            return
        for command in ("check", "plan"):
            r = subprocess.run(prefix + [pmo, command, "-C", tmp], capture_output=True, text=True, timeout=60)
            want = "projects/b.yaml: error: cannot read: Permission denied [unreadable-file]"
            if r.returncode != 2 or want not in r.stderr + r.stdout:
                problems.append(f"unreadable file: {command}: exit {r.returncode}: {r.stderr[:300]}")
            else:
                print(f"  unreadable file: {command}: exit 2, named")


permission_case()


# Ctrl-C at any moment: the -o file is either absent or complete, never partial; no temp files.
def interrupt_case():
    import signal
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "p"))
        with open(os.path.join(tmp, "p", "p.yaml"), "w") as f:
            f.write(PROJECT.format(id="p", tasks=chain))
        out = os.path.join(tmp, "plan.json")
        cmd = [pmo, "plan", "-C", os.path.join(tmp, "p"), "--format", "json", "-o", out]
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        full = time.perf_counter() - t0
        outcomes = set()
        for k in range(1, 12):
            if os.path.exists(out):
                os.remove(out)
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            time.sleep(full * k / 11)
            p.send_signal(signal.SIGINT)
            p.wait()
            if [f for f in os.listdir(tmp) if ".pmo-" in f]:
                problems.append(f"interrupt at {k}/11 of the run left a temporary file")
            if os.path.exists(out):
                try:
                    import json
                    with open(out) as f:
                        json.load(f)
                    outcomes.add("complete")
                except ValueError:
                    problems.append(f"interrupt at {k}/11 of the run left a partial {out}")
            else:
                outcomes.add("absent")
        print(f"  Ctrl-C at 11 moments of a {full:.1f} s run: output {sorted(outcomes)}, never partial")


interrupt_case()
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("every hostile input ended with a message and the right status")
