#!/usr/bin/env python3
"""Seeds for the fuzzer from examples/: each portfolio's files joined with '#8< NAME' lines."""
import os
import sys

root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
dirs = [os.path.join(root, "examples")]
inv = os.path.join(root, "examples", "invalid")
dirs += [os.path.join(inv, d) for d in sorted(os.listdir(inv))]
n = 0
for d in dirs:
    parts, first = [], None
    for base, subdirs, files in os.walk(d):
        subdirs[:] = sorted(s for s in subdirs if not s.startswith(".") and s not in ("templates", "invalid"))
        for f in sorted(files):
            if not f.endswith((".yaml", ".yml")):
                continue
            rel = os.path.relpath(os.path.join(base, f), d)
            with open(os.path.join(base, f), "rb") as fh:
                text = fh.read()
            if first is None and rel.startswith("projects/"):
                first = text
            else:
                parts.append(b"\n#8< " + rel.encode() + b"\n" + text)
    seed = (first or b"") + b"".join(parts)
    with open(os.path.join(out, f"seed-{n:03d}"), "wb") as fh:
        fh.write(seed)
    n += 1
print(f"{n} seeds in {out}")
