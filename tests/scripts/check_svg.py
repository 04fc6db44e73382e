#!/usr/bin/env python3
"""Every SVG pmo writes renders, and its text fits: each picture of every command (plan, plan
--baseline, resource by week and month, risk with and without --simulate, and the pictures of
the HTML report) on examples/, on a portfolio with a real baseline revision, and on a generated
1,000-task project is rendered with rsvg-convert, then every <text> is measured with the
font's own metrics (fontTools on the file fontconfig picks for the picture's font family:
advance widths with kerning, glyph bounds) and must lie inside the image, no two may
overlap, and no stroke may cross one.

Strokes against text: every <line>, <polyline> and <path> with a stroke (its own or one it
inherits; stroke="none" is none) is cut into straight segments (path commands M L H V Z, upper
and lower case; any other command is reported, not guessed) and each segment is clipped
(Liang-Barsky) against every text's measured box, grown by half the stroke's width and shrunk
by the slack of 0.5 px the other checks allow. A segment that enters the box is a line drawn
through the text. The one exception is a gridline: a stroke whose colour is light, every RGB
channel at least 0xd0 (pmo's gridlines are #e3e6ea and #eef0f3), may pass under text, which
stays legible on it; every darker stroke is a mark (an axis, a curve, a P50 or deadline line,
a milestone's outline) and must keep clear of text.

Without rsvg-convert or fontTools the test is skipped (exit 77), unless PMO_REQUIRE_RENDER=1
(CI) makes that a failure.

Usage: check_svg.py PMO ROOT [SVG...]   (with files: check only them, and say what they hold)
"""
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
NS = "{http://www.w3.org/2000/svg}"
pmo, root = sys.argv[1], sys.argv[2]
try:
    from fontTools.ttLib import TTFont
except ImportError:
    TTFont = None
if not shutil.which("rsvg-convert") or TTFont is None or not shutil.which("fc-match"):
    print("svg check skipped: needs rsvg-convert (librsvg2-bin), fontTools (python3-fonttools) and fc-match")
    sys.exit(1 if os.environ.get("PMO_REQUIRE_RENDER") == "1" else SKIP)

problems = []
skipped = []
ENV = dict(os.environ, TZ="UTC")


class Font:
    """Advance widths, kerning and glyph bounds of one font file, in pixels at a size."""

    def __init__(self, family, bold):
        path = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:{'bold' if bold else 'regular'}"],
                              capture_output=True, text=True, check=True).stdout
        self.path = path
        f = TTFont(path)
        self.upm = f["head"].unitsPerEm
        self.cmap = f.getBestCmap()
        self.hmtx = f["hmtx"]
        self.glyf = f["glyf"] if "glyf" in f else None
        self.kern = {}
        if "kern" in f:
            for t in f["kern"].kernTables:
                if hasattr(t, "kernTable"):
                    self.kern.update(t.kernTable)
        self.notdef = ".notdef"

    def box(self, text, size):
        """(width, top, bottom) of `text` at `size` px: top and bottom relative to the baseline
        (top negative, up), from the real glyph outlines' bounds."""
        names = [self.cmap.get(ord(ch), self.notdef) for ch in text]
        w = 0.0
        top, bottom = 0.0, 0.0
        for i, g in enumerate(names):
            w += self.hmtx[g][0]
            if i + 1 < len(names):
                w += self.kern.get((g, names[i + 1]), 0)
            if self.glyf is not None and g in self.glyf:
                gl = self.glyf[g]
                if hasattr(gl, "yMax") and gl.numberOfContours != 0:
                    top = max(top, gl.yMax)
                    bottom = min(bottom, gl.yMin)
        s = size / self.upm
        return w * s, -top * s, -bottom * s


fonts = {}


def font(family, bold):
    first = family.split(",")[0].strip().strip("'\"")
    key = (first, bold)
    if key not in fonts:
        fonts[key] = Font(first, bold)
    return fonts[key]


def num(v, default=0.0):
    if v is None:
        return default
    m = re.match(r"\s*(-?[\d.]+)", v)
    return float(m.group(1)) if m else default


def text_of(el):
    """The characters a <text> shows: its own text and its children's except <title>."""
    parts = [el.text or ""]
    for ch in el:
        if ch.tag != NS + "title":
            parts.append("".join(ch.itertext()))
        parts.append(ch.tail or "")
    return "".join(parts)


def boxes(svg_root):
    """Every <text> of a picture as (x0, y0, x1, y1, text), in user units."""
    out = []

    def walk(el, inherited):
        attrs = dict(inherited)
        for k in ("font-family", "font-size", "font-weight", "text-anchor"):
            if el.get(k) is not None:
                attrs[k] = el.get(k)
        if el.tag == NS + "text":
            s = text_of(el)
            if s.strip():
                size = num(attrs.get("font-size"), 16)
                bold = attrs.get("font-weight") in ("bold", "700", "800", "900")
                w, top, bottom = font(attrs.get("font-family", "sans-serif"), bold).box(s, size)
                x, y = num(el.get("x")), num(el.get("y"))
                anchor = attrs.get("text-anchor", "start")
                x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
                out.append((x0, y + top, x0 + w, y + bottom, s))
            return
        for ch in el:
            walk(ch, attrs)

    walk(svg_root, {})
    return out


def marks(svg_root):
    """Rectangles that carry a tooltip: data (bars, cells), which a label must not half cover."""
    out = []
    for el in svg_root.iter(NS + "rect"):
        if el.find(NS + "title") is not None:
            x, y = num(el.get("x")), num(el.get("y"))
            out.append((x, y, x + num(el.get("width")), y + num(el.get("height")), el.find(NS + "title").text or ""))
    return out


GRID_MIN = 0xD0  # a stroke whose R, G and B are all at least this is a gridline (see the docstring)


def rgb(colour):
    """(r, g, b) of #rgb, #rrggbb or a few names; None for anything else (counted as a mark)."""
    c = (colour or "").strip().lower()
    names = {"white": "#ffffff", "black": "#000000"}
    c = names.get(c, c)
    if re.fullmatch(r"#[0-9a-f]{3}", c):
        return tuple(int(ch * 2, 16) for ch in c[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", c):
        return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
    return None


def path_segments(d):
    """The straight segments of a path's d (M L H V Z, absolute and relative); raises
    ValueError on any other command, so a curve is never silently left unchecked."""
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    segs = []
    x = y = sx = sy = 0.0
    cmd = None
    i = 0
    def number():
        nonlocal i
        v = float(tokens[i])
        i += 1
        return v
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                if (x, y) != (sx, sy):
                    segs.append((x, y, sx, sy))
                x, y = sx, sy
                continue
            if cmd not in "MmLlHhVv":
                raise ValueError(f"path command {cmd}")
        elif cmd is None or cmd in "Zz":
            raise ValueError(f"number {t} without a command")
        rel = cmd.islower()
        c = cmd.upper()
        if c in "ML":
            nx, ny = number(), number()
            if rel:
                nx, ny = x + nx, y + ny
            if c == "M":
                sx, sy = nx, ny
                cmd = "l" if rel else "L"  # further pairs after a moveto are linetos
            else:
                segs.append((x, y, nx, ny))
            x, y = nx, ny
        elif c == "H":
            nx = number() + (x if rel else 0)
            segs.append((x, y, nx, y))
            x = nx
        elif c == "V":
            ny = number() + (y if rel else 0)
            segs.append((x, y, x, ny))
            y = ny
    return segs


def strokes(svg_root):
    """Every stroked segment that is not a gridline, as (x1, y1, x2, y2, half width, what)."""
    out = []

    def walk(el, inherited):
        attrs = dict(inherited)
        for k in ("stroke", "stroke-width"):
            if el.get(k) is not None:
                attrs[k] = el.get(k)
        tag = el.tag.replace(NS, "")
        stroke = attrs.get("stroke")
        if tag in ("line", "polyline", "path") and stroke and stroke != "none":
            colour = rgb(stroke)
            if colour is None or min(colour) < GRID_MIN:
                half = num(attrs.get("stroke-width"), 1.0) / 2
                what = f"<{tag}> stroke {stroke}" + (" dashed" if el.get("stroke-dasharray") else "")
                if tag == "line":
                    segs = [(num(el.get("x1")), num(el.get("y1")), num(el.get("x2")), num(el.get("y2")))]
                elif tag == "polyline":
                    pts = [float(v) for v in re.findall(r"-?[\d.]+(?:[eE][-+]?\d+)?", el.get("points", ""))]
                    xy = list(zip(pts[0::2], pts[1::2]))
                    segs = [(*a, *b) for a, b in zip(xy, xy[1:])]
                else:
                    try:
                        segs = path_segments(el.get("d", ""))
                    except (ValueError, IndexError) as e:
                        problems.append(f"a path this check cannot follow ({e}): {el.get('d', '')[:80]}")
                        segs = []
                out.extend((*sg, half, what) for sg in segs)
        for ch in el:
            walk(ch, attrs)

    walk(svg_root, {})
    return out


def segment_enters(box, seg):
    """Whether the segment (x1, y1, x2, y2) has a point strictly inside box (x0, y0, x1, y1):
    Liang-Barsky clipping of the segment's parameter range to the box."""
    (bx0, by0, bx1, by1), (x1, y1, x2, y2) = box, seg
    if bx0 >= bx1 or by0 >= by1:
        return False
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - bx0), (dx, bx1 - x1), (-dy, y1 - by0), (dy, by1 - y1)):
        if p == 0:
            if q <= 0:
                return False
        else:
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
            if lo >= hi:
                return False
    return True


def check_svg(name, data, workdir):
    try:
        svg = ET.fromstring(data)
    except ET.ParseError as e:
        problems.append(f"{name}: not well-formed: {e}")
        return 0
    vb = [float(v) for v in svg.get("viewBox", "0 0 0 0").split()]
    width, height = vb[2], vb[3]
    if num(svg.get("width")) != width or num(svg.get("height")) != height:
        problems.append(f"{name}: width/height {svg.get('width')}x{svg.get('height')} differ from the viewBox {vb}")
    path = os.path.join(workdir, "picture.svg")
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    r = subprocess.run(["rsvg-convert", "-o", os.path.join(workdir, "picture.png"), path], capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        problems.append(f"{name}: rsvg-convert failed: {r.stderr.strip()[:300]}")
    texts = boxes(svg)
    slack = 0.5
    for x0, y0, x1, y1, s in texts:
        if x0 < -slack or y0 < -slack or x1 > width + slack or y1 > height + slack:
            problems.append(f"{name}: '{s}' at ({x0:.1f},{y0:.1f})-({x1:.1f},{y1:.1f}) runs out of the {width:g}x{height:g} image")
    # Pairs that overlap, by a sweep over the boxes sorted by their top.
    order = sorted(texts, key=lambda b: b[1])
    active = []
    reported = 0
    for b in order:
        active = [a for a in active if a[3] > b[1] + slack]
        for a in active:
            if a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack:
                if reported < 5:
                    problems.append(f"{name}: '{a[4]}' and '{b[4]}' overlap")
                reported += 1
        active.append(b)
    if reported > 5:
        problems.append(f"{name}: {reported - 5} more overlapping pairs")
    # A label on a bar or cell lies wholly inside it (a count in a heat-map cell), never across it.
    reported = 0
    for m in marks(svg):
        for x0, y0, x1, y1, s in texts:
            crosses = x0 < m[2] - slack and m[0] < x1 - slack and y0 < m[3] - slack and m[1] < y1 - slack
            inside = x0 >= m[0] - slack and x1 <= m[2] + slack and y0 >= m[1] - slack and y1 <= m[3] + slack
            if crosses and not inside:
                if reported < 5:
                    problems.append(f"{name}: '{s}' lies across the mark '{m[4]}'")
                reported += 1
    if reported > 5:
        problems.append(f"{name}: {reported - 5} more labels across marks")
    # No line, polyline or path stroke (other than a light gridline) crosses a text.
    reported = 0
    segs = strokes(svg)
    for x0, y0, x1, y1, s in texts:
        for sx1, sy1, sx2, sy2, half, what in segs:
            grow = half - slack
            if segment_enters((x0 - grow, y0 - grow, x1 + grow, y1 + grow), (sx1, sy1, sx2, sy2)):
                if reported < 5:
                    problems.append(f"{name}: '{s}' is crossed by a {what} from ({sx1:g},{sy1:g}) to ({sx2:g},{sy2:g})")
                reported += 1
                break
    if reported > 5:
        problems.append(f"{name}: {reported - 5} more texts crossed by lines")
    return len(texts)


def legend_marks(problems, name, svg, kinds):
    """For each (regex of a drawn mark, its legend label): the label is there exactly when
    the mark is."""
    for mark, label in kinds:
        drawn = re.search(mark, svg) is not None
        listed = f">{label}</text>" in svg
        if drawn != listed:
            problems.append(f"{name}: '{label}' is {'drawn' if drawn else 'not drawn'} but "
                            f"{'listed' if listed else 'not listed'} in the legend")


def timeline_names(problems, name, svg):
    diamonds = [html.unescape(t) for t in re.findall(r'l7,7 l-7,7 l-7,-7 z" fill="[^"]*"><title>(.*?): \d{4}-', svg)]
    names = [html.unescape(t) for t in re.findall(r'<text [^>]*font-size="10"[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>', svg)]
    if len(names) < max(1, len(diamonds) // 2):
        problems.append(f"{name}: {len(names)} names shown for {len(diamonds)} milestones")
    for n in names:
        if not any(d == n or (n.endswith("\u2026") and d.startswith(n[:-1])) for d in diamonds):
            problems.append(f"{name}: '{n}' is not the name of a milestone drawn")


def month_view(problems, name, svg, partial_expected):
    """Each month column has its name over it; the last column is hatched exactly when its
    cells' tooltips say it is partial, and then the legend explains the hatching."""
    cols = sorted({float(x) for x in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="[^"]*" stroke="#fff"><title>', svg)})
    months = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#555">(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[JFMASOND])</text>', svg)
    if not cols or len(months) != len(cols):
        problems.append(f"{name}: {len(months)} month names for {len(cols)} columns")
    partial_tip = re.search(r"<title>[^<]*, partial: [^<]*</title>", svg) is not None
    hatched = 'stroke="#333" stroke-opacity="0.45"' in svg
    legend = "partial month: counted " in svg
    if not (partial_tip == hatched == legend) or (partial_expected is not None and partial_tip != partial_expected):
        problems.append(f"{name}: partial in tooltips {partial_tip}, hatched {hatched}, in the legend {legend}, "
                        f"expected {partial_expected}")


def scurve_legend(problems, name, svg):
    """EV and AC are points (joined by lines with a trend): their legend entries are circles
    (after a line when the chart joins them), never squares."""
    for colour, what in (("#2e8b57", "earned value"), ("#d9822b", "actual cost")):
        points = re.findall(rf'<circle [^>]*fill="{colour}"><title>', svg)
        legend_dot = re.search(rf'<circle [^>]*fill="{colour}"/>', svg)
        if re.search(rf'<rect [^>]*fill="{colour}"', svg):
            problems.append(f"{name}: a square of {colour} ({what}) where the chart draws points")
        if points and not legend_dot:
            problems.append(f"{name}: {what} drawn as points but not so in the legend")
        joined = re.search(rf'<path d="M[^"]*L[^"]*" fill="none" stroke="{colour}"', svg) is not None
        legend_line = re.search(rf'<line [^>]*stroke="{colour}" stroke-width="2"/>\s*<circle', svg) is not None
        if points and joined != legend_line:
            problems.append(f"{name}: {what} {'joined' if joined else 'not joined'} by a line, the legend "
                            f"{'with' if legend_line else 'without'} one")


def mta_project(week):
    """A project of 12 milestones, each after a task of its own; the tasks grow a day a week
    for the even ones, so forecasts move, and the status date stays 2027-01-08."""
    tasks = []
    for i in range(1, 13):
        days = 3 * i + (week if i % 2 == 0 else 0)
        tasks.append(f"  - {{id: t{i}, name: Work package {i}, duration: {days}d}}\n")
        tasks.append(f"  - {{id: m{i}, name: Gate {i} signed off, milestone: true, depends: [t{i}]}}\n")
    return ("project:\n  id: gates\n  name: Gates\n  start: 2027-01-04\n  status: {date: 2027-01-08}\n"
            "tasks:\n" + "".join(tasks))


def check_trend_report(tmp):
    repo = os.path.join(tmp, "trend")
    os.makedirs(os.path.join(repo, "projects"))
    open(os.path.join(repo, "pmo.toml"), "w").write('[pmo]\nname = "Gates"\n')
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", TZ="UTC")
    subprocess.run(["git", "init", "-q", repo], check=True, env=env)
    for week, friday in enumerate(("2026-12-04", "2026-12-11", "2026-12-18", "2026-12-25")):
        open(os.path.join(repo, "projects", "gates.yaml"), "w").write(mta_project(week))
        stamp = dict(env, GIT_AUTHOR_DATE=f"{friday}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{friday}T12:00:00+00:00")
        subprocess.run(["git", "-C", repo, "add", "-A"], check=True, env=stamp)
        subprocess.run(["git", "-C", repo, "commit", "-qm", f"week {week}"], check=True, env=stamp)
    total = 0
    mta = None
    for i, p in enumerate(svgs_of_html(run(["report", "-C", repo, "--trend", "4", "--format", "html"])), 1):
        total += check_svg(f"report --trend 4: picture {i}", p, tmp)
        if b'class="pmo-mta"' in p:
            mta = p.decode()
        if b'class="pmo-scurve"' in p:
            scurve_legend(problems, f"report --trend 4: picture {i}", p.decode())
    if mta is None:
        problems.append("report --trend 4 --format html: no MTA chart")
        return total
    # Each milestone's points: one per weekly report, side by side though the status date stood still.
    xs = {}
    for cx, who, week in re.findall(r'<circle cx="([\d.]+)"[^>]*><title>(.*?), report of the week of (\S+) ', mta):
        xs.setdefault(who, []).append((week, float(cx)))
    if len(xs) != 12:
        problems.append(f"MTA chart: {len(xs)} milestones with points, expected 12")
    for who, pts in xs.items():
        if len(pts) != 4 or len({x for _, x in pts}) != 4 or [x for _, x in pts] != sorted(x for _, x in pts):
            problems.append(f"MTA chart: {who}'s points are not at 4 reporting weeks left to right: {pts}")
    # Every line its own look (colour and dash), and named at its end.
    looks = re.findall(r'<path d="M[^"]*" fill="none" stroke="(#[0-9a-f]+)" stroke-width="2"(?: stroke-dasharray="([^"]*)")?/>', mta)
    if len(looks) != 12 or len(set(looks)) != 12:
        problems.append(f"MTA chart: the 12 lines do not all look different: {looks}")
    for who in xs:  # once in the legend, once at the line's end
        if mta.count(f">{who}</text>") != 2:
            problems.append(f"MTA chart: '{who}' is not named at its line's end")
    return total


def run(args, cwd=None):
    r = subprocess.run([pmo, *args], capture_output=True, env=ENV, cwd=cwd)
    if r.returncode not in (0, 1):
        problems.append(f"pmo {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()[:300]}")
    return r.stdout


def svgs_of_html(html):
    return re.findall(rb"<svg\b.*?</svg>", html, re.S)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 3:
            for p in sys.argv[3:]:
                n = check_svg(p, open(p, "rb").read(), tmp)
                print(f"{p}: {n} text elements")
        else:
            examples = os.path.join(root, "examples")
            # A portfolio in git whose plan moved since its first commit: baseline bars differ.
            repo = os.path.join(tmp, "repo")
            shutil.copytree(examples, repo, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
            git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", repo]
            subprocess.run(["git", "init", "-q", repo], check=True)
            subprocess.run([*git, "add", "-A"], check=True)
            subprocess.run([*git, "commit", "-qm", "baseline"], check=True)
            crm = os.path.join(repo, "projects", "crm-migration.yaml")
            text = open(crm).read()
            changed = re.sub(r"duration: (\d+)d", lambda m: f"duration: {int(m.group(1)) + 3}d", text, count=3)
            if changed == text:
                problems.append("could not move the CRM plan for the baseline case")
            open(crm, "w").write(changed)
            # A 1000-task portfolio from ../shared's generator: skipped when ../shared is absent
            # (a fresh clone), required with PMO_REQUIRE_SHARED=1 (CI).
            big = os.path.join(tmp, "t1k")
            gen = os.path.join(root, "..", "shared", "bench", "gen_portfolio.py")
            portfolios = [("examples", examples), ("baseline", repo)]
            if os.path.exists(gen):
                subprocess.run([sys.executable, gen, "--projects", "1", "--tasks", "1000", "--resources", "40",
                                "--risks", "12", "--out", big], check=True, stdout=subprocess.DEVNULL)
                portfolios.append(("1000-task", big))
            elif os.environ.get("PMO_REQUIRE_SHARED") == "1":
                problems.append(f"{gen} is absent and PMO_REQUIRE_SHARED=1")
            else:
                skipped.append(f"the 1000-task case: {gen} is absent")
            cases = []
            for name, d in portfolios:
                cases += [
                    (f"{name}: plan", ["plan", "-C", d, "--format", "svg"]),
                    (f"{name}: resource week", ["resource", "-C", d, "--format", "svg"]),
                    (f"{name}: resource month", ["resource", "-C", d, "--period", "month", "--format", "svg"]),
                    (f"{name}: risk", ["risk", "-C", d, "--format", "svg"]),
                    (f"{name}: risk --simulate", ["risk", "-C", d, "--simulate", "200", "--format", "svg"]),
                ]
            cases.append(("baseline: plan --baseline", ["plan", "-C", repo, "--baseline", "HEAD", "--format", "svg"]))
            total = 0
            for name, args in cases:
                total += check_svg(name, run(args), tmp)
            # The HTML report's pictures, drawn by the same renderers.
            if "html" in subprocess.run([pmo, "report", "--help"], capture_output=True, text=True).stdout:
                for name, d, extra in [("examples", examples, []), ("baseline", repo, ["--baseline", "HEAD"])] + \
                        [("1000-task", big, []) for n, _ in portfolios if n == "1000-task"]:
                    pictures = svgs_of_html(run(["report", "-C", d, "--format", "html", *extra]))
                    if not pictures:
                        problems.append(f"{name}: report --format html has no picture")
                    for i, p in enumerate(pictures, 1):
                        total += check_svg(f"{name}: report picture {i}", p, tmp)
            plan = run(["plan", "-C", repo, "--baseline", "HEAD", "--format", "svg"]).decode()
            if "baseline" not in plan:
                problems.append("plan --baseline: no baseline bars")
            # The Gantt legend names every kind of mark drawn, and only those.
            legend_marks(problems, "plan --baseline", plan, [
                (r'<rect [^>]*fill="#555555"><title>baseline ', "baseline dates"),
                (r'<path d="[^"]*" fill="white" stroke="#555555"><title>baseline ', "baseline milestone date"),
            ])
            legend_marks(problems, "plan", run(["plan", "-C", examples, "--format", "svg"]).decode(), [
                (r'<rect [^>]*fill="#555555"><title>baseline ', "baseline dates"),
                (r'<path d="[^"]*" fill="white" stroke="#555555"><title>baseline ', "baseline milestone date"),
            ])
            # The milestone timeline names its milestones beside the diamonds (at least half of
            # them on the examples; a name cut to its room ends in an ellipsis).
            for p in svgs_of_html(run(["report", "-C", examples, "--format", "html"])):
                if b'class="pmo-milestones"' in p:
                    timeline_names(problems, "examples: milestone timeline", p.decode())
            # Every month of the month view is named; a partial last month is hatched, in the
            # tooltip and the legend, and a whole one is not.
            for name, d in portfolios:
                month_view(problems, f"{name}: resource month", run(["resource", "-C", d, "--period", "month", "--format", "svg"]).decode(),
                           partial_expected=None)
            month_view(problems, "examples: resource month to 2027-06-30",
                       run(["resource", "-C", examples, "--period", "month", "--to", "2027-06-30", "--format", "svg"]).decode(),
                       partial_expected=False)
            month_view(problems, "examples: resource month to 2027-06-22",
                       run(["resource", "-C", examples, "--period", "month", "--to", "2027-06-22", "--format", "svg"]).decode(),
                       partial_expected=True)
            # The S-curve's legend draws EV and AC as the chart does: points (circles), no squares.
            for i, p in enumerate(svgs_of_html(run(["report", "-C", examples, "--format", "html"])), 1):
                p = p.decode()
                if 'class="pmo-scurve"' in p:
                    scurve_legend(problems, f"examples: report picture {i}", p)
            # A deadline every iteration misses: its line and label are drawn inside the panel.
            late = os.path.join(tmp, "late")
            shutil.copytree(examples, late, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
            crm_late = os.path.join(late, "projects", "crm-migration.yaml")
            late_text = re.sub(r"deadline: \S+", "deadline: 2027-02-01", open(crm_late).read(), count=1)
            open(crm_late, "w").write(late_text)
            sim = run(["risk", "-C", late, "--simulate", "200", "--project", "crm-migration", "--format", "svg"])
            total += check_svg("missed deadline: risk --simulate", sim, tmp)
            lines = re.findall(rb'<line x1="([\d.]+)"[^>]*stroke="#d9534f" stroke-width="2"', sim)
            if not lines or not all(60 <= float(x) <= 700 for x in lines) or b"deadline 2027-02-01 (0% on time)" not in sim:
                problems.append(f"risk --simulate, a deadline every iteration misses: deadline line at {lines}, "
                                f"label {'there' if b'deadline 2027-02-01' in sim else 'missing'}")
            # No project with a deadline: the legend lists no deadline line, as none is drawn.
            nodl = os.path.join(tmp, "nodeadline")
            shutil.copytree(examples, nodl, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
            for f in os.listdir(os.path.join(nodl, "projects")):
                fp = os.path.join(nodl, "projects", f)
                kept = re.sub(r"(?m)^\s*deadline: \S+\n", "", open(fp).read())
                open(fp, "w").write(kept)
            sim = run(["risk", "-C", nodl, "--simulate", "200", "--format", "svg"])
            total += check_svg("no deadline: risk --simulate", sim, tmp)
            if b'stroke="#d9534f" stroke-width="2"' in sim or b">deadline</text>" in sim or b"P50 and P80 finish" not in sim:
                problems.append("risk --simulate without deadlines: the legend must list what is drawn and no deadline")
            # A milestone trend (report --trend) of 12 milestones over 4 weekly commits whose status
            # date never moved: the HTML report's pictures fit, and the MTA chart puts each report
            # at its week and tells every line apart.
            total += check_trend_report(tmp)
            if "No simulation" in run(["risk", "-C", examples, "--format", "svg"]).decode():
                problems.append("risk --format svg without --simulate: no heat map")
            print(f"{len(cases)} command pictures, {total} text elements measured with {sorted({f.path for f in fonts.values()})}")
    if problems:
        print("\n".join(problems))
        return 1
    if skipped:
        print("skipped: " + "; ".join(skipped) + " (everything else passed)")
        return 77
    return 0


sys.exit(main())
