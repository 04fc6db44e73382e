#!/usr/bin/env python3
"""Replays every input the fuzzer found a problem with through the real binary: written out as a
portfolio (split on '#8< NAME' lines like the fuzz target does), then pmo check, pmo plan and pmo report
must end with status 0, 1 or 2 and a message, within a time limit: no crash, no hang."""
import os
import subprocess
import sys
import tempfile

pmo, folder = sys.argv[1], sys.argv[2]
bad = 0
cases = sorted(os.listdir(folder))
for name in cases:
    with open(os.path.join(folder, name), "rb") as f:
        data = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        files, current, at = {}, "projects/p.yaml", 0
        while True:
            sep = data.find(b"\n#8< ", at)
            files[current] = files.get(current, b"") + (data[at:] if sep < 0 else data[at:sep])
            if sep < 0:
                break
            eol = data.find(b"\n", sep + 5)
            current = data[sep + 5:eol if eol >= 0 else len(data)].decode("utf-8", "replace") or "x.yaml"
            if eol < 0:
                break
            at = eol + 1
        for rel, text in files.items():
            rel = rel.replace("..", "_").lstrip("/")
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(text)
        open(os.path.join(tmp, "pmo.toml"), "a").close()
        for cmd in (["check"], ["plan", "--as-of", "2027-03-01", "--format", "json"],
                    ["report", "--as-of", "2027-03-01"]):
            try:
                r = subprocess.run([pmo, *cmd, "-C", tmp], capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                print(f"{name}: pmo {cmd[0]} did not finish in 60 s")
                bad += 1
                continue
            if r.returncode not in (0, 1, 2) or (r.returncode == 2 and not r.stderr and not r.stdout):
                print(f"{name}: pmo {cmd[0]} ended with status {r.returncode}: {r.stderr[-300:]!r}")
                bad += 1
if bad:
    sys.exit(1)
print(f"{len(cases)} fuzzer regressions replayed: every one ends with a message and status 0, 1 or 2")
