#!/usr/bin/env python3
"""Times pmo commands on generated portfolios: median wall time and peak RSS over several runs.

    bench/bench.py [--pmo build/pmo] [--ref build/bench/yaml_load_ref] [--runs 5] [--only NAME]
    bench/bench.py --stress     check, plan and report on the largest portfolios under /usr/bin/time -v

Portfolios are generated with ../shared/bench/gen_portfolio.py into bench/out/ (once; kept
between runs). Each benchmark prints one line: name, median and min wall seconds, peak RSS.
"""
import argparse
import os
import re
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
    # single projects, without resources and with 500 to level over (issue 3's TaskJuggler sizes)
    "t1k": ["--projects", "1", "--tasks", "1000", "--resources", "0", "--risks", "0"],
    "t10k": ["--projects", "1", "--tasks", "10000", "--resources", "0", "--risks", "0"],
    "t100k": ["--projects", "1", "--tasks", "100000", "--resources", "0", "--risks", "0"],
    "r10k": ["--projects", "1", "--tasks", "10000", "--resources", "500", "--risks", "0"],
    "r100k": ["--projects", "1", "--tasks", "100000", "--resources", "500", "--risks", "0"],
}
# Only for --stress: five times p1000, about 120 MB of YAML and 550,000 tasks.
STRESS = {"p5000": ["--projects", "5000", "--tasks", "100", "--resources", "10000"]}


def portfolio(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(os.path.join(path, "pmo.toml")):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([sys.executable, GEN, *{**PORTFOLIOS, **STRESS}[name], "--out", path], check=True)
    return path


def git(repo, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.invalid")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", repo, "-c", "commit.gpgsign=false", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def history(name):
    """p1000 in git, once: 27 weekly commits, each changing one project file (a trend's weeks);
    then one commit that slips 50 projects' first task by 10 days (a pull request to check)."""
    path = os.path.join(OUT, name)
    if os.path.exists(os.path.join(path, ".git", "bench-done")):
        return path
    import shutil
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(portfolio("p1000"), path)
    git(path, "init", "-q")
    files = sorted(os.listdir(os.path.join(path, "projects")))
    for week in range(27):
        with open(os.path.join(path, "projects", files[week]), "a") as f:
            f.write(f"# week {week}\n")
        git(path, "add", "-A")
        git(path, "commit", "-qm", f"week {week}", date=f"{1796644800 + week * 7 * 86400} +0000")
    for f in files[:50]:
        p = os.path.join(path, "projects", f)
        text = open(p).read()
        open(p, "w").write(re.sub(r"(duration|effort): (\d+)d", lambda m: f"{m.group(1)}: {int(m.group(2)) + 10}d", text, count=1))
    git(path, "commit", "-qam", "slip 50 projects", date=f"{1796644800 + 27 * 7 * 86400} +0000")
    open(os.path.join(path, ".git", "bench-done"), "w").close()
    return path


def stress(pmo):
    """Each command once under /usr/bin/time -v: wall time, peak memory, exit status."""
    for name in ("p1000", "p5000"):
        path = portfolio(name)
        for cmd in (["check"], ["plan", "--format", "json"], ["report"]):
            r = subprocess.run(["/usr/bin/time", "-v", pmo, *cmd, "-C", path], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", r.stderr).group(1)
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
            cpu = re.search(r"Percent of CPU this job got: (.*)", r.stderr).group(1)
            status = re.search(r"Exit status: (\d+)", r.stderr).group(1)
            print(f"{' '.join(cmd[:1]):<7} {name:<6} wall {wall:>8}   peak RSS {rss:7.1f} MB   CPU {cpu:>5}   exit {status}",
                  flush=True)


def measure(cmd, runs):
    """Median and min wall time in seconds, the largest peak RSS in MB, and the median of the
    scheduling phase pmo plan --timings reports (None for other commands), over `runs` runs."""
    walls, rss, phases = [], 0, []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read().decode()
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t0)
        m = (re.search(r", plan ([0-9.]+) s", err) or re.search(r"analyse and write ([0-9.]+) s", err)
             or re.search(r"register and simulation ([0-9.]+) s", err)
             or re.search(r"plans and analysis ([0-9.]+) s", err))
        if m:
            phases.append(float(m.group(1)))
        rss = max(rss, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit status {code}")
    return statistics.median(walls), min(walls), rss, statistics.median(phases) if phases else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pmo", default=os.path.join(ROOT, "build", "pmo"))
    ap.add_argument("--ref", default=os.path.join(ROOT, "build", "bench", "yaml_load_ref"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only")
    ap.add_argument("--old-risk", action="store_true", help="a pmo from before --no-level (its simulation did not level)")
    ap.add_argument("--stress", action="store_true", help="check, plan, report on p1000 and p5000 under /usr/bin/time -v")
    a = ap.parse_args()
    if a.stress:
        return stress(a.pmo)
    pf = {name: portfolio(name) for name in PORTFOLIOS}
    pf["p1000-git"] = history("p1000-git")
    plan = [a.pmo, "plan", "--format", "json", "--timings", "-C"]
    benches = {
        "yaml-load-ref p1000": [a.ref, pf["p1000"]],
        "check p1000": [a.pmo, "check", "-C", pf["p1000"], "--format", "json"],
        "plan p1000": plan + [pf["p1000"]],
        "report p1000": [a.pmo, "report", "-C", pf["p1000"], "--timings"],
        "resource p1000 (year)": [a.pmo, "resource", "-C", pf["p1000"], "--format", "json", "--timings",
                                  "--from", "2027-01-04", "--to", "2028-01-02"],
        "risk t1k --simulate 10000": [a.pmo, "risk", "-C", pf["t1k"], "--simulate", "10000", "--format", "json", "--timings"]
        + ([] if a.old_risk else ["--no-level"]),
        "plan t10k": plan + [pf["t10k"]],
        "plan t100k": plan + [pf["t100k"]],
        "plan r10k": plan + [pf["r10k"]],
        "plan r100k": plan + [pf["r100k"]],
        "plan --no-level t1k": plan + [pf["t1k"], "--no-level"],
        "plan --no-level t10k": plan + [pf["t10k"], "--no-level"],
        "plan --no-level t100k": plan + [pf["t100k"], "--no-level"],
        # 26 weekly revisions (and now) planned, the report with their trend
        "report --trend 26 p1000": [a.pmo, "report", "-C", pf["p1000-git"], "--trend", "26", "--timings"],
        # a pull request that slips 50 projects, checked against the commit before it
        "check --baseline p1000": [a.pmo, "check", "-C", pf["p1000-git"], "--baseline", "HEAD~1", "--format", "json"],
    }
    results = {}
    for name, cmd in benches.items():
        if a.only and a.only not in name:
            continue
        med, low, rss, phase = measure(cmd, min(a.runs, 3) if "--trend" in name else a.runs)
        results[name] = med
        what = "analysis" if name.startswith(("resource", "report")) else "simulation" if name.startswith("risk") else "scheduling"
        extra = f"   {what} {phase:6.3f} s" if phase is not None else ""
        print(f"{name:<24} median {med:7.3f} s   min {low:7.3f} s   peak RSS {rss:7.1f} MB{extra}", flush=True)
    if "check p1000" in results and "yaml-load-ref p1000" in results:
        print(f"check / reference: {results['check p1000'] / results['yaml-load-ref p1000']:.2f} (target <= 0.60)")
    if "report p1000" in results and "plan p1000" in results:
        print(f"report / plan on p1000: {results['report p1000'] / results['plan p1000']:.2f} (target <= 1.50)")
    if "report --trend 26 p1000" in results and "plan p1000" in results:
        print(f"report --trend 26 / (26 x plan) on p1000: {results['report --trend 26 p1000'] / (26 * results['plan p1000']):.2f}"
              " (target <= 1.00)")
    if "check --baseline p1000" in results and "plan p1000" in results:
        print(f"check --baseline / plan on p1000: {results['check --baseline p1000'] / results['plan p1000']:.2f}"
              " (target <= 2.50)")
    for small, big in (("t1k", "t10k"), ("t10k", "t100k")):
        a_, b_ = f"plan --no-level {small}", f"plan --no-level {big}"
        if a_ in results and b_ in results:
            print(f"--no-level {small} -> {big}: x{results[b_] / results[a_]:.1f} time for x10 tasks (target <= 12)")


if __name__ == "__main__":
    main()
