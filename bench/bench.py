#!/usr/bin/env python3
"""Times pmo commands on generated portfolios: median wall time and peak RSS over several runs.

    bench/bench.py [--pmo build/pmo] [--ref build/bench/yaml_load_ref] [--runs 5] [--only NAME]

Portfolios are generated with ../shared/bench/gen_portfolio.py into bench/out/ (once; kept
between runs). Each benchmark prints one line: name, median and min wall seconds, peak RSS.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_portfolio.py")
OUT = os.path.join(HERE, "out")

PORTFOLIOS = {
    # the foundation issue's portfolio: ~21 MB of YAML, 110,000 tasks
    "p1000": ["--projects", "1000", "--tasks", "100", "--resources", "2000"],
}


def portfolio(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(os.path.join(path, "pmo.toml")):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([sys.executable, GEN, *PORTFOLIOS[name], "--out", path], check=True)
    return path


def measure(cmd, runs):
    """Median and min wall time in seconds, and the largest peak RSS in MB, over `runs` runs."""
    walls, rss = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t0)
        rss = max(rss, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit status {code}")
    return statistics.median(walls), min(walls), rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pmo", default=os.path.join(ROOT, "build", "pmo"))
    ap.add_argument("--ref", default=os.path.join(ROOT, "build", "bench", "yaml_load_ref"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only")
    a = ap.parse_args()
    p1000 = portfolio("p1000")
    benches = {
        "yaml-load-ref p1000": [a.ref, p1000],
        "check p1000": [a.pmo, "check", "-C", p1000, "--format", "json"],
    }
    results = {}
    for name, cmd in benches.items():
        if a.only and a.only not in name:
            continue
        med, low, rss = measure(cmd, a.runs)
        results[name] = med
        print(f"{name:<24} median {med:7.3f} s   min {low:7.3f} s   peak RSS {rss:7.1f} MB", flush=True)
    if "check p1000" in results and "yaml-load-ref p1000" in results:
        print(f"check / reference: {results['check p1000'] / results['yaml-load-ref p1000']:.2f} (target <= 0.60)")


if __name__ == "__main__":
    main()
