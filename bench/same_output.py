#!/usr/bin/env python3
"""Do two pmo binaries say the same about the same files? For a change meant to keep behaviour
(a refactoring), run the binary from before and the one from after on copies of examples/ with
one value or key changed each, and on the commands over examples/ themselves, and list every
difference in output or exit status.

    python3 bench/same_output.py OLD_PMO NEW_PMO [--mutants 2000] [--seed 7]

Not a test of its own: it needs the binary from before. Exit status 1 when anything differs."""
import argparse, os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
VALUES = ["abc", "Abc Def", "2027-13-01", "2027-02-29", "2027-03-01", "5d", "-3d", "-3", "40%", "140", "0.4", "true",
          "no", '"5d"', '"true"', "[a, b]", "{x: 1}", "", "1e20", "0", "1000000", "3", "7", "1001", "FS", "ss", "mon",
          "proposed", "Bad Id", "x/y", "{optimistic: 1d, likely: 2d}", "{optimistic: 1d, likely: 2d, pessimistic: 3d}",
          "250000.50", "-100", "!!str 5", "null", "~", "1.5", "12h", "2w", "high", "supportive", "weekly",
          "{channel: x, cadence: daily}"]
KEYS = ["id", "name", "duration", "effort", "progress", "priority", "status", "phase", "rag", "units", "rate", "impact",
        "probability", "cost_impact", "schedule_impact", "lag", "type", "milestone", "base", "workweek",
        "hours_per_day", "holidays", "from", "to", "calendar", "budget", "deadline", "start", "interest",
        "engagement", "estimate", "optimistic", "cadence", "due", "response", "affects", "skills", "actual_cost",
        "date", "summary"]
COMMANDS = [["check", "--format", "json"], ["plan", "--format", "json"], ["report"], ["risk"], ["resource"],
            ["register", "all", "--format", "json"], ["plan", "--format", "mspdi"], ["report", "--format", "html"]]
LINE = re.compile(r"^(\s*(?:- )?)([A-Za-z_]+):(\s*)(.*)$")


def run(pmo, args):
    r = subprocess.run([pmo] + args, capture_output=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def mutants(out, n, seed):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(EXAMPLES) if "/invalid" not in d and "/." not in d
                   for f in fs if f.endswith(".yaml"))
    rnd = random.Random(seed)
    for i in range(n):
        f = rnd.choice(files)
        lines = open(f, encoding="utf-8").read().split("\n")
        k = rnd.choice([k for k, line in enumerate(lines) if LINE.match(line)])
        m = LINE.match(lines[k])
        if rnd.random() < 0.2:
            lines[k] = f"{m.group(1)}{rnd.choice(KEYS)}:{m.group(3) or ' '}{m.group(4)}"
        elif m.group(4):
            lines[k] = f"{m.group(1)}{m.group(2)}: {rnd.choice(VALUES)}"
        else:
            continue
        d = os.path.join(out, f"m{i:04d}")
        shutil.copytree(EXAMPLES, d, ignore=shutil.ignore_patterns("invalid", "*.md", "*.html", "*.svg"))
        open(os.path.join(d, os.path.relpath(f, EXAMPLES)), "w", encoding="utf-8").write("\n".join(lines))
        yield d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--mutants", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    differ = []
    for cmd in COMMANDS:
        args = cmd + ["-C", EXAMPLES]
        if run(a.old, args) != run(a.new, args):
            differ.append(" ".join(["pmo"] + args))
    for d in sorted(os.listdir(os.path.join(EXAMPLES, "invalid"))):
        args = ["check", "--format", "json", "-C", os.path.join(EXAMPLES, "invalid", d)]
        if run(a.old, args) != run(a.new, args):
            differ.append(" ".join(["pmo"] + args))
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in mutants(tmp, a.mutants, a.seed):
            count += 1
            args = ["check", "--format", "json", "-C", d]
            if run(a.old, args) != run(a.new, args):
                kept = os.path.join(tempfile.gettempdir(), "pmo-differs-" + os.path.basename(d))
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(d, kept)
                differ.append(f"pmo check on a mutant, kept in {kept}")
    print("\n".join(differ))
    print(f"{len(differ)} differences: {len(COMMANDS)} commands over examples/, "
          f"{len(os.listdir(os.path.join(EXAMPLES, 'invalid')))} invalid examples, {count} mutants")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
