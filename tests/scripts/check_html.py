#!/usr/bin/env python3
"""pmo report --format html, read for real:

- examples/REPORT.html is the HTML report of examples/ (PMO_UPDATE_GOLDEN=1 rewrites it); the
  same files give the same bytes;
- one self-contained file: no script, no stylesheet, image, font or frame from anywhere, no
  event handler; text from the files is escaped (a portfolio whose names and status texts are
  HTML, Markdown links and images, javascript: URLs);
- everything the Markdown report says is in it (each heading and table row's text), and the
  pictures pmo draws are in it (RAG matrix, milestone timeline; per project Gantt, S-curve,
  risk heat map and resource heat map);
- Debian's chromium loads it (headless, driven over --remote-debugging-pipe with the DevTools
  protocol, no other tool): no console error, no request but the file itself, no element whose
  content overflows its box, page no wider than the window, every SVG text inside its
  picture and apart from the others by the browser's own text metrics, at desktop and phone
  widths; it prints to PDF; a screenshot of each width is written to
  $PMO_SCREENSHOTS (default: the temporary directory, printed).

Without chromium the browser part is skipped (exit 77 at the end), unless PMO_REQUIRE_BROWSER=1
(CI) makes that a failure.

Usage: check_html.py PMO ROOT
"""
import base64
import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
pmo, root = sys.argv[1], sys.argv[2]
NO_GIT = dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.abspath(root), TZ="UTC")
problems = []


def fail(msg):
    problems.append(msg)


def report(args, env=NO_GIT, fmt="html"):
    r = subprocess.run([pmo, "report", "--format", fmt, *args], capture_output=True, env=env)
    if r.returncode != 0:
        fail(f"pmo report {' '.join(args)} --format {fmt}: exit {r.returncode}: {r.stderr.decode()[:400]}")
    return r.stdout.decode()


def static_checks(name, page, markdown):
    """What a file must hold and must not, read as text."""
    # Inside tags and style sheets only: as text, "<script>" is a name like any other.
    low = " ".join(re.findall(r"<[^>]*>", page) + re.findall(r"<style>(.*?)</style>", page, re.S)).lower()
    for bad in ("<script", "<iframe", "<object", "<embed", "<link", "<img", "@import", "url(", "javascript:", "<base",
                "srcset", " src="):
        if bad in low:
            fail(f"{name}: holds {bad!r}")
    if re.search(r"\son[a-z]+\s*=", low):
        fail(f"{name}: an event handler attribute")
    if re.search(r"(href|xlink:href)=\"(?!#)", page):
        for m in re.finditer(r"(?:href|xlink:href)=\"([^\"]*)\"", page):
            if not m.group(1).startswith(("#", "https://", "http://")):
                fail(f"{name}: a link to {m.group(1)!r}")
    if not page.startswith("<!DOCTYPE html>") or "<meta name=\"viewport\"" not in page or "@media print" not in page:
        fail(f"{name}: not a complete page with a viewport and print styles")
    if "```" in page or "language-mermaid" in page:
        fail(f"{name}: a Mermaid block was left as code")
    # Everything the Markdown says: every heading, and every table cell's text.
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\s+", " ", text)
    for line in markdown.splitlines():
        pieces = []
        if line.startswith("#"):
            pieces = [line.lstrip("#").strip()]
        elif line.startswith("|") and not re.match(r"^\|[-:| ]+\|$", line):
            pieces = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        for p in pieces:
            p = re.sub(r"(?<!\\)\*", "", p)  # emphasis
            p = re.sub(r"\\(.)", r"\1", p)
            p = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", p).replace("`", "").replace("**", "")
            for emoji in ("🟢 ", "🟠 ", "🔴 "):
                p = p.replace(emoji, "")
            p = re.sub(r"\s+", " ", p).strip()
            if p and p.replace(" ", "") not in text.replace(" ", ""):
                fail(f"{name}: the Markdown's {p!r} is not in the page")
                return


def pictures(page):
    return re.findall(r"<svg [^>]*class=\"([a-z-]+)\"", page)


# ---- the examples, outside git; examples/REPORT.html ----
examples = os.path.join(root, "examples")
page = report(["-C", examples])
if report(["-C", examples]) != page:
    fail("the same files gave different bytes")
static_checks("examples", page, report(["-C", examples], fmt="markdown"))
kinds = pictures(page)
projects = len(re.findall(r"^<a id=\"", page, re.M))
for kind, want in (("pmo-rag", 1), ("pmo-milestones", 1), ("pmo-gantt", projects), ("pmo-scurve", projects),
                   ("pmo-heat", projects)):
    if kinds.count(kind) != want:
        fail(f"examples: {kinds.count(kind)} {kind} pictures, expected {want}")
if kinds.count("pmo-load") < projects - 1:  # every project but one without people has a heat map
    fail(f"examples: {kinds.count('pmo-load')} resource heat maps for {projects} projects")
golden = os.path.join(examples, "REPORT.html")
if os.environ.get("PMO_UPDATE_GOLDEN") == "1":
    open(golden, "w", newline="").write(page)
    print(f"updated {golden}")
elif not os.path.exists(golden) or open(golden, newline="").read() != page:
    fail("examples/REPORT.html is not the HTML report of examples/: run\n"
         "  PMO_UPDATE_GOLDEN=1 ctest --test-dir build -R report-html\nand commit it")

# ---- names and texts that are HTML, links and images ----
tmp = tempfile.mkdtemp()
hostile = os.path.join(tmp, "hostile")
os.makedirs(os.path.join(hostile, "projects"))
open(os.path.join(hostile, "pmo.toml"), "w").write('[pmo]\nname = "<script>alert(1)</script> & Co"\n')
open(os.path.join(hostile, "projects", "x.yaml"), "w").write(
    'project:\n  id: x\n  name: "<img src=http://evil.example/a.png onerror=alert(1)>"\n  start: 2027-01-04\n'
    '  status: {date: 2027-01-20, summary: "![p](http://evil.example/p.png) [c](javascript:alert(1)) <b>bold</b> '
    '<a id=\\"x\\"></a>"}\n'
    'tasks:\n  - {id: a, name: "<iframe src=//evil.example>", duration: 5d}\n'
    '  - {id: m, name: "M & <m>", milestone: true, depends: [a]}\n')
hpage = report(["-C", hostile])
static_checks("hostile", hpage, report(["-C", hostile], fmt="markdown"))
for want in ("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", "&lt;iframe src=//evil.example&gt;"):
    if want not in hpage:
        fail(f"hostile: {want!r} is not shown as text")
if "evil.example/p.png" in hpage and "<img" in hpage:
    fail("hostile: an image from the status text")

# ---- in chromium ----
CHECK_JS = r"""
((PRINT) => {
  const bad = [];
  const W = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className : '') +
      ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  if (document.documentElement.scrollWidth > W + 1)
    bad.push('the page is wider than the window: ' + document.documentElement.scrollWidth + ' > ' + W);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'inline' || cs.display === 'none') continue;
    const scrolls = /(auto|scroll)/.test(cs.overflowX);
    // On a phone, tables and pictures scroll sideways in their own box, kept at a size to read; on
    // a desktop and on paper every table fits, and only a picture too wide to scale ("wide") scrolls.
    const wider = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && wider && W > 640 && !(el.tagName === 'FIGURE' && el.classList.contains('wide')))
      bad.push(name(el) + ': ' + el.scrollWidth + ' px wide in ' + el.clientWidth + ' px: it scrolls' + (PRINT ? ' (on paper: cut or shrunk)' : ''));
    if (scrolls && el.tagName !== 'TABLE' && el.tagName !== 'FIGURE') bad.push(name(el) + ' scrolls');
    if (!scrolls && el.scrollWidth > el.clientWidth + 1) bad.push(name(el) + ': content ' + el.scrollWidth + ' wider than its box ' + el.clientWidth);
    if (el.scrollHeight > el.clientHeight + 1 && cs.overflowY !== 'visible') bad.push(name(el) + ': content taller than its box');
    const r = el.getBoundingClientRect();
    if (!el.closest('table') && r.right > W + 1) bad.push(name(el) + ' ends at ' + r.right + ', past the window ' + W);
  }
  // Inside every picture, by the browser's own font: texts inside the viewBox, none overlapping.
  let svgs = 0, texts = 0;
  for (const svg of document.querySelectorAll('svg')) {
    svgs++;
    const vb = svg.viewBox.baseVal;
    const boxes = [];
    for (const t of svg.querySelectorAll('text')) {
      texts++;
      const b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        bad.push(svg.getAttribute('class') + ': "' + t.textContent + '" runs out of the picture');
      boxes.push([b, t.textContent]);
      // Scaled to the screen, a wide chart's labels can shrink below what anyone can read.
      const shown = t.getBoundingClientRect().height;
      if (!PRINT && t.textContent.trim() && shown < 9)
        bad.push(svg.getAttribute('class') + ': "' + t.textContent.slice(0, 30) + '" shown ' + shown.toFixed(1) + ' px high, too small to read');
    }
    boxes.sort((a, b) => a[0].y - b[0].y);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length && boxes[j][0].y < boxes[i][0].y + boxes[i][0].height; j++) {
        const a = boxes[i][0], b = boxes[j][0];
        // getBBox spans the font's line height; a label overlaps another when their ink would.
        const shrink = Math.min(a.height, b.height) * 0.2;
        if (a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y + shrink < b.y + b.height - shrink &&
            b.y + shrink < a.y + a.height - shrink)
          bad.push(svg.getAttribute('class') + ': "' + boxes[i][1] + '" and "' + boxes[j][1] + '" overlap');
      }
  }
  return JSON.stringify({bad: bad.slice(0, 40), count: bad.length, svgs, texts,
                         height: document.documentElement.scrollHeight});
})(%s)
"""


class Browser:
    """Chromium over --remote-debugging-pipe: DevTools protocol messages, NUL-terminated JSON
    on file descriptors 3 (to chromium) and 4 (from it)."""

    def __init__(self, exe, profile):
        # Chromium's ends moved above 10 first, so placing them at 3 and 4 clobbers nothing.
        a, self.to_w = os.pipe()
        self.from_r, b = os.pipe()
        to_r, from_w = fcntl.fcntl(a, fcntl.F_DUPFD, 10), fcntl.fcntl(b, fcntl.F_DUPFD, 10)
        os.close(a)
        os.close(b)

        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-default-apps", "--disable-breakpad", "--metrics-recording-only",
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=None, timeout=60, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[i]
                return m
        while True:
            m = self._read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def in_browser(exe, name, path, shots):
    url = "file://" + path
    b = Browser(exe, os.path.join(tmp, "profile-" + name))
    try:
        for device, width, height, mobile in (("desktop", 1280, 900, False), ("phone", 390, 844, True)):
            label = f"{name} {device}"
            target = b.call("Target.createTarget", url="about:blank")["targetId"]
            s = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                b.call(f"{domain}.enable", session=s)
            b.call("Emulation.setDeviceMetricsOverride", session=s, width=width, height=height, deviceScaleFactor=1,
                   mobile=mobile)
            b.events.clear()
            b.call("Page.navigate", session=s, url=url)
            b.wait_for("Page.loadEventFired")
            time.sleep(0.3)
            b.call("Runtime.evaluate", session=s, expression="1")  # drains the events sent meanwhile
            for m in b.events:
                meth, p = m.get("method"), m.get("params", {})
                if meth == "Network.requestWillBeSent" and p["request"]["url"] != url:
                    fail(f"{label}: a request to {p['request']['url']}")
                if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                    fail(f"{label}: console {p['type']}: {p.get('args')}")
                if meth == "Runtime.exceptionThrown":
                    fail(f"{label}: exception {p}")
                if meth == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                    fail(f"{label}: log {p['entry']['level']}: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            r = json.loads(b.call("Runtime.evaluate", session=s, expression=CHECK_JS % "false", returnByValue=True)["result"]["value"])
            for msg in r["bad"]:
                fail(f"{label}: {msg}")
            if r["count"] > len(r["bad"]):
                fail(f"{label}: {r['count'] - len(r['bad'])} more")
            if r["svgs"] < (5 if name == "examples" else 2):
                fail(f"{label}: only {r['svgs']} pictures rendered")
            # The whole page, in pieces of at most 8,000 px (chromium's limit for one capture is 16,384).
            outs = []
            for part, top in enumerate(range(0, r["height"], 8000)):
                shot = b.call("Page.captureScreenshot", session=s, format="png", captureBeyondViewport=True,
                              clip={"x": 0, "y": top, "width": width, "height": min(r["height"] - top, 8000), "scale": 1})
                outs.append(os.path.join(shots, f"report-{name}-{device}-{part + 1}.png"))
                open(outs[-1], "wb").write(base64.b64decode(shot["data"]))
            print(f"{label} {width}px: {r['svgs']} pictures, {r['texts']} texts checked; screenshots {', '.join(outs)}")
            if device == "desktop":
                # On paper (A4 landscape less the margins: 273 mm, 1032 px): every table fits the page,
                # or chromium shrinks every page of the PDF to make it fit.
                b.call("Emulation.setDeviceMetricsOverride", session=s, width=1032, height=700, deviceScaleFactor=1,
                       mobile=False)
                b.call("Emulation.setEmulatedMedia", session=s, media="print")
                p = json.loads(b.call("Runtime.evaluate", session=s, expression=CHECK_JS % "true", returnByValue=True)["result"]["value"])
                for msg in p["bad"]:
                    fail(f"{name} printed: {msg}")
                b.call("Emulation.setEmulatedMedia", session=s, media="")
                pdf = base64.b64decode(b.call("Page.printToPDF", session=s, printBackground=True, preferCSSPageSize=True, timeout=120)["data"])
                if not pdf.startswith(b"%PDF") or len(pdf) < 10000:
                    fail("printing to PDF gave no document")
                # The page size the print CSS asks for: A4 landscape, 842 x 595 pt.
                boxes = [tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
                if not boxes or any(abs(b4[2] - 841.9) > 1 or abs(b4[3] - 595.3) > 1 for b4 in boxes):
                    fail(f"{name}: the PDF's pages are not A4 landscape: {sorted(set(boxes))[:3]}")
                open(os.path.join(shots, f"report-{name}.pdf"), "wb").write(pdf)
            b.call("Target.closeTarget", targetId=target)
    finally:
        b.close()


chromium = shutil.which("chromium") or "/usr/bin/chromium"
browser_ran = False
if os.path.exists(chromium):
    shots = os.environ.get("PMO_SCREENSHOTS") or tmp
    os.makedirs(shots, exist_ok=True)
    path = os.path.join(tmp, "report.html")
    open(path, "w").write(page)
    hpath = os.path.join(tmp, "hostile.html")
    open(hpath, "w").write(hpage)
    pages = [("examples", path), ("hostile", hpath)]
    # Three weekly commits of the examples: the report with --trend (its MTA and history pictures).
    trepo = os.path.join(tmp, "trend")
    shutil.copytree(os.path.join(root, "examples"), trepo, ignore=shutil.ignore_patterns("invalid", "REPORT.*"))
    git = ["git", "-c", "user.name=pmo", "-c", "user.email=pmo@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=trepo, check=True)
    crm = os.path.join(trepo, "projects", "crm-migration.yaml")
    for week, extra in enumerate((0, 3, 5)):
        text = open(crm).read()
        open(crm, "w").write(re.sub(r"duration: (\d+)d", lambda m: f"duration: {int(m.group(1)) + (extra and 1)}d", text, count=2))
        when = f"2027-02-{15 + 7 * week:02d}T12:00:00+00:00"
        subprocess.run(["git", "add", "-A"], cwd=trepo, check=True)
        subprocess.run(git + ["commit", "-qm", f"week {week}"], cwd=trepo, check=True,
                       env=dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when))
    tpage = report(["-C", trepo, "--trend", "3"], env=dict(os.environ, TZ="UTC"))
    if tpage.count('class="pmo-mta"') < 1:
        fail("--trend: no milestone trend picture in the HTML report")
    pages.append(("trend", os.path.join(tmp, "trend.html")))
    open(pages[-1][1], "w").write(tpage)
    # A 1000-task project from ../shared's generator (wide pictures), when ../shared is there.
    gen = os.path.join(root, "..", "shared", "bench", "gen_portfolio.py")
    if os.path.exists(gen):
        big = os.path.join(tmp, "t1k")
        subprocess.run([sys.executable, gen, "--projects", "1", "--tasks", "1000", "--resources", "40", "--risks", "12",
                        "--out", big], check=True, stdout=subprocess.DEVNULL)
        pages.append(("1000-task", os.path.join(tmp, "t1k.html")))
        open(pages[-1][1], "w").write(report(["-C", big]))
    elif os.environ.get("PMO_REQUIRE_SHARED") == "1":
        fail(f"{gen} is absent and PMO_REQUIRE_SHARED=1")
    try:
        for n, p in pages:
            in_browser(chromium, n, p, shots)
        browser_ran = True
    except (RuntimeError, TimeoutError, OSError) as e:
        fail(f"chromium: {e}")
elif os.environ.get("PMO_REQUIRE_BROWSER") == "1":
    fail("chromium is not installed (PMO_REQUIRE_BROWSER=1)")

for n in ("examples", "hostile", "trend", "1000-task"):
    shutil.rmtree(os.path.join(tmp, "profile-" + n), ignore_errors=True)
if problems:
    print("\n".join(problems))
    sys.exit(1)
if not browser_ran:
    print("HTML report: file checks passed; chromium not installed, browser checks skipped")
    sys.exit(SKIP)
print("pmo report --format html: self-contained, complete, escaped, renders cleanly in chromium")
