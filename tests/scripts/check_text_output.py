#!/usr/bin/env python3
"""Output stays trustworthy text whatever the portfolio holds: control characters in values and
file names never reach the terminal raw (check, plan, risk and resource tables), XML outputs pass xmllint, JSON and SARIF are valid UTF-8
with a Latin-1 file name, and a task named like a Mermaid keyword stays a task."""
import json
import os
import subprocess
import sys
import tempfile

pmo = sys.argv[1]
problems = []
ENV = dict(os.environ, TZ="UTC")

with tempfile.TemporaryDirectory() as tmp:
    d = tmp.encode()
    os.makedirs(os.path.join(d, b"projects"))
    open(os.path.join(d, b"pmo.toml"), "w").close()
    project = (
        'project: {id: p, name: "P \\e]0;pwned\\a \\uFFFE", start: 2027-03-01, manager: m, sponsor: s, '
        'status: {date: 2027-03-01}}\n'
        "tasks:\n"
        '  - {id: a, name: "A \\e[2J\\x01 \\uFFFF", duration: 2d}\n'
        "  - {id: b, name: section Evil, duration: 1d, depends: [a]}\n"
        "  - {id: c, name: 'click b call alert()', duration: 1d, depends: [b]}\n"
        "  - {id: x, name: X, duration: 1d, depends: [c], dependson: [a]}\n")
    # A Latin-1 file name (invalid UTF-8), whose file holds an unknown key.
    with open(os.path.join(d, b"projects", b"caf\xe9.yaml"), "w") as f:
        f.write(project)

    def run(*args):
        return subprocess.run([pmo, *args, "-C", tmp], capture_output=True, env=ENV)

    for fmt in ("text", "github"):
        r = run("check", "--format", fmt)
        for stream in (r.stdout, r.stderr):
            if any(b < 0x20 and b not in (0x0a,) for b in stream) or b"\x7f" in stream:
                problems.append(f"check --format {fmt}: a control character reaches the terminal: {stream[:300]!r}")
    r = run("check", "--format", "junit")
    lint = subprocess.run(["xmllint", "--noout", "-"], input=r.stdout, capture_output=True)
    if lint.returncode != 0:
        problems.append(f"check --format junit is not valid XML: {lint.stderr.decode()[:300]}")
    for fmt in ("json", "sarif"):
        r = run("check", "--format", fmt)
        try:
            json.loads(r.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            problems.append(f"check --format {fmt}: not valid UTF-8 JSON: {e}")
    # The plan needs a file that loads: the same project without the unknown key.
    with open(os.path.join(d, b"projects", b"caf\xe9.yaml"), "w") as f:
        f.write(project.replace(", dependson: [a]", ""))
    for fmt in ("mspdi", "svg"):
        r = run("plan", "--format", fmt)
        lint = subprocess.run(["xmllint", "--noout", "-"], input=r.stdout, capture_output=True)
        if r.returncode != 0 or lint.returncode != 0:
            problems.append(f"plan --format {fmt} is not valid XML: {r.stderr[:200]!r} {lint.stderr.decode()[:300]}")
    r = run("plan", "--format", "table")
    if any(b < 0x20 and b not in (0x0a,) for b in r.stdout):
        problems.append(f"plan --format table: a control character reaches the terminal: {r.stdout[:300]!r}")
    # Free text in the risk and resource tables: a risk's owner, a person's role.
    with open(os.path.join(d, b"pool.yaml"), "w") as f:
        f.write('resources:\n  - {id: m, name: M, role: "dev \\e]0;role\\a"}\n')
    with open(os.path.join(d, b"projects", b"caf\xe9.yaml"), "a") as f:
        f.write('risks:\n  - {id: r1, title: "T \\e[2J", owner: "Ext \\e]0;owner\\a", probability: 3, impact: 3}\n')
    for args in (("risk",), ("resource", "--from", "2027-03-01", "--to", "2027-03-31")):
        r = run(*args, "--format", "table")
        if r.returncode != 0 or any(b < 0x20 and b not in (0x0a,) for b in r.stdout):
            problems.append(f"pmo {args[0]} --format table: a control character reaches the terminal "
                            f"(exit {r.returncode}): {r.stdout[:300]!r} {r.stderr[:300]!r}")
    for args in (("plan", "--format", "mermaid"), ("report",)):
        out = run(*args).stdout.decode("utf-8")
        lines = [l.strip() for l in out.splitlines()]
        if any(l.startswith("section Evil") or l.startswith("click b") for l in lines):
            problems.append(f"pmo {' '.join(args)}: a task name became a Mermaid directive")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("text, XML, JSON and Mermaid outputs hold against control characters, U+FFFE/U+FFFF, Latin-1 names and keywords")
