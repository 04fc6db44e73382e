#!/usr/bin/env python3
"""Hostile environments through the real binary: where -o points (devices, FIFOs, descriptors,
links, long names, modes), standard output that cannot be written, signals while writing,
special files in the portfolio, pmo.toml that cannot be read or holds numbers that are no
numbers. Each case must end with the right exit status and a message, in bounded time, with no
temporary file left. As root, the cases that depend on permissions also run as nobody."""
import glob
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

pmo, root = sys.argv[1], sys.argv[2]
examples = os.path.join(root, "examples")
problems = []
PROJECT = "project:\n  id: {id}\n  name: P\n  start: 2027-03-01\n  manager: m\n  sponsor: s\ntasks:\n{tasks}"
ONE = "  - {id: a, name: A, duration: 2d}\n"


def run(args, limit=60, **kw):
    if "stdout" not in kw and "stderr" not in kw:
        kw["capture_output"] = True
    try:
        return subprocess.run([pmo, *args], timeout=limit, **kw)
    except subprocess.TimeoutExpired:
        return None


def expect(name, r, rc, text=None):
    if r is None:
        problems.append(f"{name}: did not finish in time")
        return False
    err = (r.stderr or b"").decode("utf-8", "replace") if isinstance(r.stderr, bytes) else (r.stderr or "")
    if isinstance(r.stdout, bytes):
        err = r.stdout.decode("utf-8", "replace") + err  # pmo check writes its findings on stdout
    if r.returncode != rc:
        problems.append(f"{name}: exit {r.returncode}, expected {rc}: {err[:300]}")
        return False
    if text and text not in err:
        problems.append(f"{name}: stderr lacks {text!r}: {err[:300]}")
        return False
    print(f"  {name}: exit {rc}")
    return True


def leftovers(directory):
    return [f for f in os.listdir(directory) if ".pmo-" in f]


PLAN = ["plan", "-C", examples, "--format", "csv"]
# Root could replace the real /dev/null or /dev/full with a plain file (a pmo without the fix
# did): root tests private copies of them.
devices = tempfile.mkdtemp()


def device(name, minor):
    if os.geteuid() != 0:
        return f"/dev/{name}"
    path = os.path.join(devices, name)
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


NULL, FULL = device("null", 3), device("full", 7)
reference = run(PLAN).stdout

print("output targets:")
with tempfile.TemporaryDirectory() as tmp:
    r = run([*PLAN, "-o", NULL])
    expect("-o a device", r, 0)
    if not stat.S_ISCHR(os.stat(NULL).st_mode):
        problems.append(f"-o {NULL}: the device was replaced by a regular file")

    # /dev/stdout is standard output itself, whatever it is.
    r = run([*PLAN, "-o", "/dev/stdout"])
    if expect("-o /dev/stdout", r, 0) and r.stdout != reference:
        problems.append("-o /dev/stdout: the output did not arrive on standard output")

    # A FIFO, and >(cmd) (a descriptor of a pipe, /dev/fd/N).
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as f:
            got["data"] = f.read()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    r = run([*PLAN, "-o", fifo])
    t.join(10)
    if expect("-o FIFO", r, 0) and (got.get("data") != reference or not stat.S_ISFIFO(os.stat(fifo).st_mode)):
        problems.append("-o FIFO: the output did not go through the FIFO")
    rd, wr = os.pipe()
    p = subprocess.Popen([pmo, *PLAN, "-o", f"/dev/fd/{wr}"], pass_fds=[wr], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    os.close(wr)
    with os.fdopen(rd, "rb") as f:
        data = f.read()
    p.wait(60)
    if p.returncode != 0 or data != reference:
        problems.append(f"-o >(cmd): exit {p.returncode}, {len(data)} bytes arrived of {len(reference)}")
    else:
        print("  -o >(cmd): exit 0")

    # A regular file keeps its mode; a link keeps pointing where it pointed, at new contents.
    secret = os.path.join(tmp, "secret.csv")
    with open(secret, "w") as f:
        f.write("old\n")
    os.chmod(secret, 0o600)
    r = run([*PLAN, "-o", secret])
    if expect("-o a mode-600 file", r, 0) and stat.S_IMODE(os.stat(secret).st_mode) != 0o600:
        problems.append(f"-o a mode-600 file: it came back {oct(stat.S_IMODE(os.stat(secret).st_mode))}")
    os.makedirs(os.path.join(tmp, "out"))
    target = os.path.join(tmp, "out", "plan.csv")
    with open(target, "w") as f:
        f.write("old\n")
    link = os.path.join(tmp, "latest.csv")
    os.symlink("out/plan.csv", link)
    r = run([*PLAN, "-o", link])
    if expect("-o a symbolic link", r, 0):
        if not os.path.islink(link) or open(target, "rb").read() != reference:
            problems.append("-o a symbolic link: the link was replaced instead of its target")
    long_name = os.path.join(tmp, "p" * 246 + ".csv")
    r = run([*PLAN, "-o", long_name])
    if expect("-o a 250-byte name", r, 0) and open(long_name, "rb").read() != reference:
        problems.append("-o a 250-byte name: wrong contents")
    r = run([*PLAN, "-o", FULL])
    expect("-o /dev/full", r, 2, f"cannot write '{FULL}': No space left on device")
    if not stat.S_ISCHR(os.stat(FULL).st_mode):
        problems.append(f"-o {FULL}: the device was replaced by a regular file")
    if leftovers(tmp) or leftovers(os.path.join(tmp, "out")):
        problems.append(f"-o: temporary files left behind: {leftovers(tmp)}")

print("standard output:")
with open(FULL, "wb") as full:
    for cmd in (PLAN, ["report", "-C", examples], ["check", "-C", os.path.join(examples, "invalid", "unknown-key")], ["schema", "project"], ["--help"]):
        r = run(cmd, stdout=full, stderr=subprocess.PIPE)
        expect(f"pmo {cmd[0]} > /dev/full", r, 2, "pmo: error: cannot write to standard output: No space left on device")
for cmd in (PLAN, ["report", "-C", examples]):
    r = run(cmd, stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    expect(f"pmo {cmd[0]} >&-", r, 2, "pmo: error: cannot write to standard output: it is closed")
with tempfile.TemporaryDirectory() as tmp:
    # ulimit -f: a write past the limit fails (EFBIG), on standard output and with -o alike.
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    big = ["plan", "-C", examples, "--format", "json"]
    with open(os.path.join(tmp, "stdout.json"), "wb") as f:
        r = run(big, stdout=f, stderr=subprocess.PIPE, preexec_fn=limit)
    expect("standard output past ulimit -f", r, 2, "cannot write to standard output: File too large")
    out = os.path.join(tmp, "plan.json")
    with open(out, "w") as f:
        f.write("previous\n")
    r = run([*big, "-o", out], preexec_fn=limit)
    expect("-o past ulimit -f", r, 2, f"cannot write '{out}': File too large")
    if open(out).read() != "previous\n" or leftovers(tmp):
        problems.append(f"-o past ulimit -f: the old file changed or a temporary file stayed: {leftovers(tmp)}")


# Signals that end pmo while it writes -o: the file is absent or complete, no temporary file.
def signal_case(sig):
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "p"))
        chain = "".join(f"  - {{id: t{i}, name: T, duration: 1d{', depends: [t%d]' % (i - 1) if i else ''}}}\n"
                        for i in range(60000))
        with open(os.path.join(tmp, "p", "p.yaml"), "w") as f:
            f.write(PROJECT.format(id="p", tasks=chain))
        open(os.path.join(tmp, "p", "pmo.toml"), "w").close()
        out = os.path.join(tmp, "plan.json")
        cmd = [pmo, "plan", "-C", os.path.join(tmp, "p"), "--format", "json", "-o", out]
        # Signal as soon as the temporary file appears: that is the moment that matters.
        hits = 0
        for attempt in range(12):
            if os.path.exists(out):
                os.remove(out)
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
            while p.poll() is None and not leftovers(tmp):
                pass
            if p.poll() is None:
                p.send_signal(sig)
                hits += 1
            p.wait()
            if leftovers(tmp):
                problems.append(f"{sig.name} while writing -o left a temporary file: {leftovers(tmp)}")
                break
            if os.path.exists(out):
                import json
                try:
                    json.load(open(out))
                except ValueError:
                    problems.append(f"{sig.name} while writing -o left a partial {out}")
            if hits >= 3:
                break
        print(f"  {sig.name} while the temporary file exists ({hits} times): none left behind, never partial")


for s in (signal.SIGHUP, signal.SIGTERM, signal.SIGUSR1):
    signal_case(s)



# ---- files in the portfolio that are not plain files, or too large, or a pmo.toml that cannot be read ----
def nobody_prefix():
    """As root every file is readable: permission cases run as nobody (util-linux setpriv)."""
    if os.geteuid() != 0:
        return []
    if not os.path.exists("/usr/bin/setpriv"):
        return None
    prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if subprocess.run(prefix + [pmo, "--version"], capture_output=True).returncode != 0:
        return None
    return prefix


def portfolio_case(name, setup, args, rc, text, as_nobody=False, limit=20, sub=""):
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        os.makedirs(os.path.join(tmp, "projects"))
        with open(os.path.join(tmp, "projects", "a.yaml"), "w") as f:
            f.write(PROJECT.format(id="a", tasks=ONE))
        if setup(tmp) is False:
            print(f"  {name}: skipped (needs root)")
            return
        prefix = []
        if as_nobody:
            prefix = nobody_prefix()
            if prefix is None or (prefix and subprocess.run(prefix + ["/usr/bin/test", "-x", tmp]).returncode):
                print(f"  {name}: skipped (cannot run as nobody here)")
                return
        try:
            r = subprocess.run(prefix + [pmo, *args, "-C", os.path.join(tmp, sub)], capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            problems.append(f"{name}: pmo {args[0]} hung (no answer in {limit} s)")
            return
        expect(name, r, rc, text)


def write(path, text, mode=None):
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)


def mknod_zero(path):
    if os.geteuid() != 0:
        return False
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))


print("special files and pmo.toml:")
strict = "[rules]\nmissing-owner = \"error\"\n"
for cmd in ("check", "plan"):
    portfolio_case(f"an unreadable pmo.toml: {cmd}", lambda t: write(os.path.join(t, "pmo.toml"), strict, 0), [cmd], 2,
                   "pmo.toml: error: cannot read: Permission denied; the PMO's standards in it cannot be applied "
                   "[invalid-config]", as_nobody=True)
portfolio_case("a directory named pmo.toml", lambda t: os.makedirs(os.path.join(t, "pmo.toml")), ["check"], 2,
               "pmo.toml: error: cannot read: is a directory; the PMO's standards in it cannot be applied [invalid-config]")
portfolio_case("a directory named pmo.toml, from a subdirectory",
               lambda t: os.makedirs(os.path.join(t, "pmo.toml")), ["check"], 2, "[invalid-config]", sub="projects")
portfolio_case("a FIFO named pmo.toml", lambda t: os.mkfifo(os.path.join(t, "pmo.toml")), ["check"], 2,
               "pmo.toml: error: cannot read: not a regular file (a FIFO); only regular files are read; "
               "the PMO's standards in it cannot be applied [invalid-config]")
portfolio_case("a FIFO named projects/pipe.yaml",
               lambda t: (write(os.path.join(t, "pmo.toml"), ""), os.mkfifo(os.path.join(t, "projects", "pipe.yaml"))),
               ["check"], 2, "projects/pipe.yaml: error: cannot read: not a regular file (a FIFO); only regular files "
               "are read [unreadable-file]")
portfolio_case("a device named zero.yaml",
               lambda t: (write(os.path.join(t, "pmo.toml"), ""), mknod_zero(os.path.join(t, "zero.yaml")))[1],
               ["plan"], 2, "zero.yaml: error: cannot read: not a regular file (a character device); only regular "
               "files are read [unreadable-file]")


def huge(t):
    write(os.path.join(t, "pmo.toml"), "")
    with open(os.path.join(t, "projects", "huge.yaml"), "wb") as f:
        f.truncate((64 << 20) + 1)  # sparse: nothing is written


portfolio_case("a file above the size limit", huge, ["check"], 2,
               "projects/huge.yaml: error: cannot read: the file is 64.0 MiB, above the limit of 64 MiB for a "
               "portfolio file [unreadable-file]", limit=10)
portfolio_case("[risk] high = nan", lambda t: write(os.path.join(t, "pmo.toml"), "[risk]\nhigh = nan\n"), ["risk"], 2,
               "pmo.toml:2:8: error: [risk] high must be a number from 1 to 100, got nan [invalid-config]")
portfolio_case("[risk] scale = 5.5", lambda t: write(os.path.join(t, "pmo.toml"), "[risk]\nscale = 5.5\n"), ["check"], 2,
               "pmo.toml:2:9: error: [risk] scale must be a whole number from 2 to 10, got 5.5 [invalid-config]")



def memory_case():
    """People x span in days: a mistyped year makes planning huge; "out of memory" names why."""
    cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20))
    if subprocess.run([pmo, "--version"], capture_output=True, preexec_fn=cap).returncode != 0:
        print("  out of memory: skipped (this build cannot run under a memory limit: a sanitizer?)")
        return
    people = ", ".join(f"r{i}" for i in range(100))
    task = f"  - {{id: t, name: T, duration: 5d, assign: [{people}]}}\n"
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "projects"))
        write(os.path.join(tmp, "pmo.toml"), "")
        write(os.path.join(tmp, "projects", "a.yaml"), PROJECT.format(id="a", tasks=task).replace("2027-03-01", "0001-03-01"))
        write(os.path.join(tmp, "projects", "b.yaml"), PROJECT.format(id="b", tasks=task).replace("2027-03-01", "9999-03-01"))
        write(os.path.join(tmp, "pool.yaml"), "resources:\n" + "".join(f"  - {{id: r{i}, name: R{i}}}\n" for i in range(100)))
        r = run(["plan", "-C", tmp], preexec_fn=cap, limit=120)
        expect("out of memory: 100 people from year 1 to 9999", r, 2,
               "pmo: error: out of memory: the plan keeps a calendar of every day for each of the 100 people in the "
               "pool, from 0001-03-01 (the start of project 'a') to 9999-03-01 (the start of project 'b'): 3651695 "
               "days; is one of these years mistyped?")


memory_case()
shutil.rmtree(devices)
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("every hostile environment ended with a message and the right status")
