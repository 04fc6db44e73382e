#!/usr/bin/env python3
"""Every Mermaid block pmo writes renders with real Mermaid: @mermaid-js/mermaid-cli (mmdc)
driving Debian's chromium, on the reports of examples/ and of a portfolio made to be awkward
(colons, hashes, semicolons and quotes in names, more top-level tasks than the gantt shows,
milestones deep in the WBS), and on `pmo plan --format mermaid`.

mmdc is looked for in $PMO_MMDC, then .ci/mermaid/node_modules/.bin/mmdc (`npm ci --prefix
.ci/mermaid --ignore-scripts`, which .ci/run does), then PATH. Without it the test is skipped
(exit 77), unless PMO_REQUIRE_MERMAID=1 (CI) makes that a failure.

Usage: check_mermaid.py PMO ROOT
"""
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

pmo, root = sys.argv[1], sys.argv[2]
SKIP = 77
NO_GIT = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.abspath(root), TZ="UTC")


def find_mmdc():
    for c in (os.environ.get("PMO_MMDC"), os.path.join(root, ".ci", "mermaid", "node_modules", ".bin", "mmdc"),
              shutil.which("mmdc")):
        if c and os.path.exists(c):
            return c
    return None


mmdc = find_mmdc()
chromium = "/usr/bin/chromium"
if not mmdc or not os.path.exists(chromium):
    print(f"mermaid check skipped: mmdc {'found' if mmdc else 'missing'}, chromium "
          f"{'found' if os.path.exists(chromium) else 'missing'}; install with\n"
          "  apt-get install chromium && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix .ci/mermaid --ignore-scripts")
    sys.exit(1 if os.environ.get("PMO_REQUIRE_MERMAID") == "1" else SKIP)

problems = []


def awkward_portfolio(d):
    """A project whose names fight Mermaid's syntax, with 40 top-level tasks and deep milestones."""
    os.makedirs(os.path.join(d, "projects"))
    open(os.path.join(d, "pmo.toml"), "w").write('[pmo]\nname = "Awkward: #1; PMO"\n')
    tasks = []
    for i in range(40):
        dep = f", depends: [t{i - 1}]" if i and i % 3 else ""
        tasks.append(f'  - {{id: t{i}, name: "Task {i}: part #{i}; \\"quoted\\" <i>ü</i>", duration: {1 + i % 4}d{dep}}}')
    tasks.append('  - id: phase\n    name: "Phase: #2"\n    tasks:\n'
                 '      - {id: deep, name: "Deep: task", duration: 2d, depends: [t39]}\n'
                 '      - {id: gate, name: "Gate #2: go/no-go;", milestone: true, depends: [deep]}')
    open(os.path.join(d, "projects", "awkward.yaml"), "w").write(
        'project:\n  id: awkward\n  name: "Awkward: #1; project"\n  start: 2027-01-04\n'
        '  deadline: 2027-02-01\n  status: {date: 2027-01-20}\ntasks:\n' + "\n".join(tasks) + "\n")


def blocks(markdown):
    return re.findall(r"^```mermaid\n(.*?)^```", markdown, re.S | re.M)


def render(name, markdown, workdir):
    """Renders every block of `markdown` with mmdc; checks each SVG has a bar per task line."""
    found = blocks(markdown)
    if not found:
        problems.append(f"{name}: no Mermaid block")
        return
    src = os.path.join(workdir, "in.md")
    # Only the blocks: mmdc renders them in order, one SVG each.
    open(src, "w").write("\n\n".join(f"```mermaid\n{b}```" for b in found) + "\n")
    out = os.path.join(workdir, "out.md")
    r = subprocess.run([mmdc, "-p", os.path.join(root, ".ci", "mermaid", "puppeteer.json"), "-i", src, "-o", out],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        problems.append(f"{name}: mmdc failed ({r.returncode}):\n{r.stdout}\n{r.stderr[:2000]}")
        return
    for i, b in enumerate(found, 1):
        svg_path = os.path.join(workdir, f"out-{i}.svg")
        if not os.path.exists(svg_path):
            problems.append(f"{name}: block {i}: no SVG")
            continue
        svg = open(svg_path).read()
        if "Syntax error" in svg or 'class="error-icon"' in svg:
            problems.append(f"{name}: block {i}: Mermaid drew an error")
        # Task lines: "    Name :tags, start, end"; every one must become a bar or a diamond.
        rows = [l for l in b.splitlines() if l.startswith("    ") and " :" in l and not l.strip().startswith("%%")]
        bars = len(re.findall(r'<rect[^>]*class="task[ "]', svg))
        if bars != len(rows):
            problems.append(f"{name}: block {i}: {len(rows)} task lines but {bars} bars drawn")
        # ... labelled with the whole title: a title that leaks into the task's data would not be.
        texts = {html.unescape(t).strip() for t in re.findall(r">([^<>]+)<", svg)}
        for line in rows:
            title = line.split(" :")[0].strip()
            if title not in texts:
                problems.append(f"{name}: block {i}: no label '{title}' in the drawing")
    print(f"{name}: {len(found)} Mermaid block(s) rendered")


with tempfile.TemporaryDirectory() as tmp:
    awkward = os.path.join(tmp, "awkward")
    awkward_portfolio(awkward)
    cases = [
        ("report of examples", ["report", "-C", os.path.join(root, "examples")]),
        ("report of the awkward portfolio", ["report", "-C", awkward]),
        ("plan --format mermaid of examples", ["plan", "-C", os.path.join(root, "examples"), "--format", "mermaid"]),
        ("plan --format mermaid of the awkward portfolio", ["plan", "-C", awkward, "--format", "mermaid"]),
    ]
    for i, (name, args) in enumerate(cases):
        r = subprocess.run([pmo] + args, capture_output=True, text=True, env=NO_GIT)
        if r.returncode != 0:
            problems.append(f"{name}: pmo exit {r.returncode}: {r.stderr}")
            continue
        text = r.stdout if args[0] == "report" else f"```mermaid\n{r.stdout}```\n"
        if name.startswith("report of the awkward") and "more top-level tasks left out" not in text:
            problems.append(f"{name}: the gantt should leave out tasks beyond 30 and say so")
        work = os.path.join(tmp, f"case{i}")
        os.makedirs(work)
        render(name, text, work)

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("every Mermaid block renders with mermaid-cli and chromium")
