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

shutil.rmtree(devices)
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("every hostile environment ended with a message and the right status")
