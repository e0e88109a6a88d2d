#!/usr/bin/env python3
"""Run the Ruchy benchmark suite side by side with CPython and Lua.

Every program in bench/ exists three times (NAME.ruchy, NAME.py, NAME.lua);
the three versions do the same work and must print byte-identical stdout
(also identical to bench/expected/NAME.out when that file exists).

For each program the runner does N rounds (--runs, default 5); within a round
it runs every implementation once, rotating the order from round to round,
so that machine drift hits all implementations alike. It records wall time
and peak RSS of every run, then prints per program the median time and peak
RSS of each implementation and the ratios ruchy/python and ruchy/lua, the
geometric means of the ratios, the startup time and RSS of an empty program
(`ruchy -e '0'`), the size of the release binary, and PASS/FAIL against the
performance targets.

Peak RSS. `os.wait4()` reports ru_maxrss, but on Linux a child's ru_maxrss
includes the RSS its *parent* (this Python process, ~10 MB) had when the
child exec'd, because exec records the old address space's high-water mark.
That makes small programs look ~10 MB big. So by default each run is traced
with ptrace (PTRACE_O_TRACEEXIT only: the child stops twice, after exec and
just before exit, no syscall tracing) and the child's own VmHWM is read from
/proc/PID/status at the exit stop. If ptrace is not permitted, the runner
falls back to wait4's ru_maxrss and marks values at or below the floor with
"<=". Force a method with --rss-method.

Wall time is measured with time.perf_counter() around fork/exec and wait4.
Startup time is measured without tracing (posix_spawn + wait4); the time of
/bin/true is shown as the measurement floor (process creation on this host).

Exit status: 0 all outputs matched; 1 a program failed or outputs differed
(MISMATCH); 2 usage or setup error (e.g. missing binary); 3 with --strict
when some target failed.

Standard library only. Linux only (ptrace, /proc, wait4).
"""

import argparse
import ctypes
import datetime
import difflib
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
EXPECTED_DIR = BENCH_DIR / "expected"

# Canonical order; any other NAME.ruchy found in bench/ is appended.
ORDER = ["fib", "loop", "sort", "strings", "wordcount", "spectral", "structs",
         "closures", "strmethods", "bintrees", "matching", "editdist"]
IMPLS = ("ruchy", "python", "lua")
EXT = {"ruchy": ".ruchy", "python": ".py", "lua": ".lua"}

# Targets from the performance issue.
MAX_RATIO_PYTHON = 0.5        # ruchy <= 0.5 x CPython, per program
MAX_RATIO_LUA = 1.5           # ruchy <= 1.5 x Lua, per program
MAX_GEOMEAN_LUA = 1.0         # geometric mean of ruchy/lua <= 1.0
MAX_STARTUP_MS = 2.0          # `ruchy -e '0'` wall time
MAX_STARTUP_RSS_KB = 3 * 1024  # 3 MiB
MAX_BINARY_BYTES = 3 * 1024 * 1024  # 3 MiB

MISSING_RUCHY_HELP = (
    "build it with `cargo build --release`, point to it with --ruchy PATH, "
    "or pass --skip-ruchy to compare CPython and Lua only")


# ---------------------------------------------------------------------------
# Process measurement
# ---------------------------------------------------------------------------

PTRACE_TRACEME = 0
PTRACE_CONT = 7
PTRACE_SETOPTIONS = 0x4200
PTRACE_O_TRACEEXEC = 0x10
PTRACE_O_TRACEEXIT = 0x40
PTRACE_O_EXITKILL = 0x100000
PTRACE_EVENT_EXEC = 4
PTRACE_EVENT_EXIT = 6

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.ptrace.restype = ctypes.c_long
        _libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long,
                                 ctypes.c_void_p, ctypes.c_void_p]
    return _libc


def read_vm_kb(pid, field):
    """VmHWM / VmRSS of a live process in KB, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Result:
    __slots__ = ("argv", "wall", "rss_kb", "rss_exact", "code", "stdout",
                 "stderr", "timed_out", "cpu")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    @property
    def ok(self):
        return self.code == 0 and not self.timed_out


class Runner:
    def __init__(self, rss_method, timeout):
        self.timeout = timeout
        self._child = None
        signal.signal(signal.SIGALRM, self._on_alarm)
        self._timed_out = False
        if rss_method == "auto":
            rss_method = "ptrace" if self._ptrace_works() else "wait4"
        self.rss_method = rss_method

    # -- helpers ----------------------------------------------------------
    def _on_alarm(self, signum, frame):
        if self._child is not None:
            self._timed_out = True
            try:
                os.kill(self._child, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _ptrace_works(self):
        try:
            r = self._run_traced([sys.executable, "-c", "pass"])
        except Exception:
            return False
        return r.ok and r.rss_exact

    @staticmethod
    def floor_kb():
        """ru_maxrss floor for children of this process (wait4 method)."""
        return read_vm_kb("self", "VmHWM") or 0

    # -- public -----------------------------------------------------------
    def run(self, argv, trace=None):
        """Run argv to completion; trace=None follows the RSS method."""
        if trace is None:
            trace = self.rss_method == "ptrace"
        if trace:
            return self._run_traced(argv)
        return self._run_spawn(argv)

    # -- implementations --------------------------------------------------
    def _files(self):
        out = tempfile.TemporaryFile()
        err = tempfile.TemporaryFile()
        devnull = os.open(os.devnull, os.O_RDONLY)
        return out, err, devnull

    def _finish(self, argv, t0, t1, st, ru, out, err, devnull, hwm):
        os.close(devnull)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        out.close()
        err.close()
        if hwm is not None:
            rss, exact = hwm, True
        else:
            # ru_maxrss is at least this runner's own high-water mark (see the
            # module docstring); only a larger value is the child's own peak.
            rss = ru.ru_maxrss
            exact = rss > self.floor_kb() + 256
        return Result(argv=argv, wall=t1 - t0, rss_kb=rss, rss_exact=exact,
                      code=os.waitstatus_to_exitcode(st), stdout=stdout,
                      stderr=stderr, timed_out=self._timed_out,
                      cpu=ru.ru_utime + ru.ru_stime)

    def _arm(self, pid):
        self._child = pid
        self._timed_out = False
        if self.timeout:
            signal.setitimer(signal.ITIMER_REAL, self.timeout)

    def _disarm(self):
        signal.setitimer(signal.ITIMER_REAL, 0)
        self._child = None

    def _run_spawn(self, argv):
        out, err, devnull = self._files()
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 0),
                   (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                   (os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        self._timed_out = False
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        self._arm(pid)
        try:
            _, st, ru = os.wait4(pid, 0)
        finally:
            self._disarm()
        t1 = time.perf_counter()
        return self._finish(argv, t0, t1, st, ru, out, err, devnull, None)

    def _run_traced(self, argv):
        lc = libc()
        out, err, devnull = self._files()
        self._timed_out = False
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.dup2(devnull, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                lc.ptrace(PTRACE_TRACEME, 0, None, None)
                os.execv(argv[0], argv)
            except BaseException as e:  # noqa: BLE001 - report and die
                try:
                    os.write(2, f"cannot execute {argv[0]}: {e}\n".encode())
                finally:
                    os._exit(127)
        self._arm(pid)
        hwm = None
        first_stop = True
        try:
            while True:
                _, st, ru = os.wait4(pid, 0)
                if not os.WIFSTOPPED(st):
                    break
                sig = os.WSTOPSIG(st)
                event = st >> 16
                if first_stop and sig == signal.SIGTRAP:
                    # Stopped right after execve: ask for the exit event (and
                    # for exec events, so a wrapper script's further execve
                    # is not reported as a plain SIGTRAP).
                    first_stop = False
                    lc.ptrace(PTRACE_SETOPTIONS, pid, None,
                              ctypes.c_void_p(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC
                                              | PTRACE_O_EXITKILL))
                    lc.ptrace(PTRACE_CONT, pid, None, None)
                elif sig == signal.SIGTRAP and event == PTRACE_EVENT_EXEC:
                    lc.ptrace(PTRACE_CONT, pid, None, None)
                elif sig == signal.SIGTRAP and event == PTRACE_EVENT_EXIT:
                    # About to exit; the address space still exists.
                    hwm = read_vm_kb(pid, "VmHWM")
                    lc.ptrace(PTRACE_CONT, pid, None, None)
                else:  # an ordinary signal: deliver it
                    lc.ptrace(PTRACE_CONT, pid, None, ctypes.c_void_p(sig))
        finally:
            self._disarm()
        t1 = time.perf_counter()
        return self._finish(argv, t0, t1, st, ru, out, err, devnull, hwm)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def resolve_exe(name):
    """Absolute path of an executable (path or PATH lookup), or None."""
    if os.sep in name:
        p = Path(name)
        if not p.is_absolute():
            p = (Path.cwd() / p)
        return str(p) if p.is_file() and os.access(p, os.X_OK) else None
    found = shutil.which(name)
    return str(Path(found).resolve()) if found else None


def elf_sections(path):
    """Set of ELF section names, or None if not an ELF file."""
    try:
        with open(path, "rb") as f:
            ident = f.read(64)
            if ident[:4] != b"\x7fELF":
                return None
            is64 = ident[4] == 2
            e = "<" if ident[5] == 1 else ">"
            if is64:
                shoff = struct.unpack_from(e + "Q", ident, 0x28)[0]
                shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", ident, 0x3A)
            else:
                shoff = struct.unpack_from(e + "I", ident, 0x20)[0]
                shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", ident, 0x2E)
            if shoff == 0 or shnum == 0:
                return set()
            f.seek(shoff)
            table = f.read(shentsize * shnum)

            def sh(i):
                base = i * shentsize
                name = struct.unpack_from(e + "I", table, base)[0]
                if is64:
                    off, size = struct.unpack_from(e + "QQ", table, base + 0x18)
                else:
                    off, size = struct.unpack_from(e + "II", table, base + 0x10)
                return name, off, size

            _, stroff, strsize = sh(shstrndx)
            f.seek(stroff)
            strtab = f.read(strsize)
            names = set()
            for i in range(shnum):
                n = sh(i)[0]
                names.add(strtab[n:strtab.index(b"\0", n)].decode("ascii", "replace"))
            return names
    except (OSError, struct.error, ValueError):
        return None


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def fmt_s(x):
    return "-" if x is None else f"{x:.3f}"


def fmt_ms(x):
    return "-" if x is None else f"{x * 1000:.2f}"


def fmt_mb(kb, exact=True):
    if kb is None:
        return "-"
    s = f"{kb / 1024:.1f}"
    return s if exact else "<=" + s


def fmt_ratio(x):
    return "-" if x is None else f"{x:.2f}"


def first_line(b):
    text = b.decode("utf-8", "replace").strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[0][:160] if lines else ""


def tool_version(argv):
    try:
        p = subprocess.run(argv, capture_output=True, timeout=10)
        return first_line(p.stdout or p.stderr) or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def log(msg=""):
    print(msg, file=sys.stderr, flush=True)


def discover():
    names = {p.stem for p in BENCH_DIR.glob("*.ruchy")}
    ordered = [n for n in ORDER if n in names]
    ordered += sorted(names - set(ordered))
    return ordered


# ---------------------------------------------------------------------------
# Benchmark driver
# ---------------------------------------------------------------------------

class ProgramStats:
    def __init__(self, name, impls):
        self.name = name
        self.impls = impls
        self.runs = {i: [] for i in impls}
        self.errors = {}          # impl -> message
        self.mismatch = []        # messages
        self.reference = None     # (impl, stdout)

    def median(self, impl):
        ts = [r.wall for r in self.runs[impl] if r.ok]
        return statistics.median(ts) if ts else None

    def peak_rss(self, impl):
        rs = [r for r in self.runs[impl] if r.ok]
        if not rs:
            return None, True
        best = max(rs, key=lambda r: r.rss_kb)
        return best.rss_kb, all(r.rss_exact for r in rs)

    def ratio(self, a, b):
        if a not in self.runs or b not in self.runs:
            return None
        ta, tb = self.median(a), self.median(b)
        if ta is None or tb is None or tb == 0:
            return None
        return ta / tb

    @property
    def failed(self):
        return bool(self.errors) or bool(self.mismatch)


def show_diff(expected, got, label_a, label_b, limit=12):
    a = expected.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    diff = list(difflib.unified_diff(a, b, label_a, label_b))
    for line in diff[:limit]:
        log("      " + line.rstrip("\n"))
    if len(diff) > limit:
        log(f"      ... ({len(diff) - limit} more diff lines)")


def bench_program(name, impls, cmds, runner, runs):
    st = ProgramStats(name, impls)
    expected_path = EXPECTED_DIR / (name + ".out")
    expected = expected_path.read_bytes() if expected_path.exists() else None
    if expected is not None:
        st.reference = (f"expected/{name}.out", expected)
    for rnd in range(runs):
        order = [impls[(k + rnd) % len(impls)] for k in range(len(impls))]
        parts = []
        for impl in order:
            if impl in st.errors:
                continue
            r = runner.run(cmds[impl] + [str(BENCH_DIR / (name + EXT[impl]))])
            st.runs[impl].append(r)
            if not r.ok:
                why = "timed out" if r.timed_out else f"exit status {r.code}"
                msg = f"{why}: {first_line(r.stderr) or '(no stderr)'}"
                st.errors[impl] = msg
                log(f"  ERROR [{name}] {impl}: {msg}")
                continue
            if st.reference is None:
                st.reference = (impl, r.stdout)
            elif r.stdout != st.reference[1]:
                msg = f"{impl} output differs from {st.reference[0]}"
                if msg not in st.mismatch:
                    st.mismatch.append(msg)
                    log(f"  !!! MISMATCH [{name}]: {msg}")
                    show_diff(st.reference[1], r.stdout, st.reference[0], impl)
            parts.append(f"{impl} {r.wall:.3f}s {fmt_mb(r.rss_kb, r.rss_exact)}MB")
        log(f"  [{name}] round {rnd + 1}/{runs}: " + "  ".join(parts))
    return st


def measure_startup(label, argv, runner, n, expect_stdout=None):
    """Median wall time (untraced) and median peak RSS of an empty program."""
    times, rss, exact, err = [], [], True, None
    for _ in range(n):
        r = runner.run(argv, trace=False)
        if not r.ok:
            err = f"exit status {r.code}: {first_line(r.stderr) or '(no stderr)'}"
            break
        if expect_stdout is not None and r.stdout != expect_stdout:
            err = f"unexpected output {r.stdout[:40]!r} (expected {expect_stdout!r})"
            break
        times.append(r.wall)
    if err is None:
        for _ in range(min(n, 5)):
            r = runner.run(argv)
            if r.ok:
                rss.append(r.rss_kb)
                exact = exact and r.rss_exact
    return {
        "label": label,
        "argv": argv,
        "median_s": statistics.median(times) if times else None,
        "min_s": min(times) if times else None,
        "rss_kb": statistics.median(rss) if rss else None,
        "rss_exact": exact,
        "error": err,
    }


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

def build_targets(stats, have_ruchy, startup, binary):
    """List of (status, description). status: PASS / FAIL / SKIP."""
    t = []
    if not have_ruchy:
        t.append(("SKIP", "all ruchy targets (--skip-ruchy)"))
        return t
    for st in stats:
        for other, limit in (("python", MAX_RATIO_PYTHON), ("lua", MAX_RATIO_LUA)):
            r = st.ratio("ruchy", other)
            label = f"{st.name}: ruchy/{other}"
            if r is None:
                t.append(("FAIL", f"{label} not measured (error)"))
            else:
                ok = r <= limit
                t.append(("PASS" if ok else "FAIL",
                          f"{label} = {r:.2f} {'<=' if ok else '>'} {limit}"))
    g = geomean([st.ratio("ruchy", "lua") for st in stats])
    if g is None:
        t.append(("FAIL", "geomean ruchy/lua not measured"))
    else:
        ok = g <= MAX_GEOMEAN_LUA
        t.append(("PASS" if ok else "FAIL",
                  f"geomean ruchy/lua = {g:.2f} {'<=' if ok else '>'} {MAX_GEOMEAN_LUA}"))
    s = startup.get("ruchy")
    if s is None or s["error"] or s["median_s"] is None:
        why = s["error"] if s else "not measured"
        t.append(("FAIL", f"startup `ruchy -e '0'`: {why}"))
    else:
        ms = s["median_s"] * 1000
        ok = ms <= MAX_STARTUP_MS
        t.append(("PASS" if ok else "FAIL",
                  f"startup time = {ms:.2f} ms {'<=' if ok else '>'} {MAX_STARTUP_MS:g} ms"))
        if s["rss_kb"] is None:
            t.append(("FAIL", "startup RSS not measured"))
        else:
            ok = s["rss_kb"] <= MAX_STARTUP_RSS_KB
            note = "" if s["rss_exact"] else " (wait4 floor: true value may be lower)"
            t.append(("PASS" if ok else "FAIL",
                      f"startup RSS = {s['rss_kb'] / 1024:.2f} MiB "
                      f"{'<=' if ok else '>'} {MAX_STARTUP_RSS_KB / 1024:g} MiB{note}"))
    if binary is None:
        t.append(("FAIL", "binary size: binary not found"))
    else:
        ok = binary["bytes"] <= MAX_BINARY_BYTES
        t.append(("PASS" if ok else "FAIL",
                  f"binary size = {binary['bytes'] / 1048576:.2f} MiB "
                  f"{'<=' if ok else '>'} {MAX_BINARY_BYTES / 1048576:g} MiB ({binary['strip_note']})"))
    return t


def table_rows(stats, impls, have_ruchy):
    header = ["program"] + [f"{i} s" for i in impls] + [f"{i} MB" for i in impls]
    if have_ruchy:
        header += ["ruchy/python", "ruchy/lua"]
    else:
        header += ["lua/python"]
    header += ["output"]
    rows = []
    for st in stats:
        row = [st.name]
        row += [fmt_s(st.median(i)) if i not in st.errors else "ERROR" for i in impls]
        for i in impls:
            kb, exact = st.peak_rss(i)
            row.append(fmt_mb(kb, exact) if i not in st.errors else "ERROR")
        if have_ruchy:
            row += [fmt_ratio(st.ratio("ruchy", "python")), fmt_ratio(st.ratio("ruchy", "lua"))]
        else:
            row += [fmt_ratio(st.ratio("lua", "python"))]
        row.append("MISMATCH" if st.mismatch else ("ERROR" if st.errors else "ok"))
        rows.append(row)
    g = ["geomean"] + [""] * (2 * len(impls))
    if have_ruchy:
        g += [fmt_ratio(geomean([s.ratio("ruchy", "python") for s in stats])),
              fmt_ratio(geomean([s.ratio("ruchy", "lua") for s in stats]))]
    else:
        g += [fmt_ratio(geomean([s.ratio("lua", "python") for s in stats]))]
    g.append("")
    rows.append(g)
    return header, rows


def print_text_table(header, rows):
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    def line(r):
        return "  ".join((str(v).ljust(w) if c == 0 else str(v).rjust(w))
                         for c, (v, w) in enumerate(zip(r, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows[:-1]:
        print(line(r))
    print("  ".join("-" * w for w in widths))
    print(line(rows[-1]))


def print_md_table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 2) + [":---:"]) + "|")
    for r in rows[:-1]:
        print("| " + " | ".join(str(v) for v in r) + " |")
    last = rows[-1]
    print("| **" + last[0] + "** | " + " | ".join(
        (f"**{v}**" if v else "") for v in last[1:]) + " |")


def report(args, meta, stats, impls, startup, binary, targets, runner):
    have_ruchy = "ruchy" in impls
    header, rows = table_rows(stats, impls, have_ruchy)
    md = args.markdown
    rss_note = ("peak RSS = child's own VmHWM (ptrace exit stop), max over runs"
                if runner.rss_method == "ptrace" else
                f"peak RSS = wait4 ru_maxrss, max over runs; values <= {runner.floor_kb() / 1024:.1f} MB "
                "are this runner's floor, shown as <=")
    if md:
        print("## Benchmark results")
        print()
        print(f"- date: {meta['date']}")
        print(f"- machine: {meta['cpu']}, {meta['nproc']} CPUs, load average at start {meta['load']}")
        for i in impls:
            print(f"- {i}: `{meta['paths'][i]}` ({meta['versions'][i]})")
        print(f"- {args.runs} runs per implementation and program, interleaved; times are medians "
              f"of wall-clock seconds; {rss_note}")
        print()
        print_md_table(header, rows)
        if startup:
            print()
            print("### Startup (empty program) and binary")
            print()
            print("| command | median ms | min ms | peak RSS MB |")
            print("|---|---:|---:|---:|")
        for s in startup.values():
            name = "`" + shlex.join([Path(s["argv"][0]).name] + s["argv"][1:]) + "`"
            name = name.replace("|", "\\|")
            if s["error"]:
                print(f"| {name} | error: {s['error']} | | |")
            else:
                print(f"| {name} | {fmt_ms(s['median_s'])} | {fmt_ms(s['min_s'])} | "
                      f"{fmt_mb(s['rss_kb'], s['rss_exact'])} |")
        print()
        if binary:
            print(f"Release binary: `{binary['path']}`, {binary['bytes']:,} bytes "
                  f"({binary['bytes'] / 1048576:.2f} MiB), {binary['strip_note']}.")
            print()
        print("### Targets")
        print()
        for status, desc in targets:
            mark = {"PASS": "✅", "FAIL": "❌", "SKIP": "⏭"}[status]
            print(f"- {mark} {status} — {desc}")
    else:
        print()
        print(f"Benchmarks: {args.runs} runs each, interleaved; median wall time in seconds; "
              f"{rss_note}.")
        print(f"Machine: {meta['cpu']}, {meta['nproc']} CPUs, load average at start {meta['load']}")
        for i in impls:
            print(f"  {i:<6} {meta['paths'][i]}  ({meta['versions'][i]})")
        print()
        print_text_table(header, rows)
        if startup:
            print()
            print("Startup (empty program): median / min wall time, peak RSS")
        for s in startup.values():
            cmd = shlex.join([Path(s["argv"][0]).name] + s["argv"][1:])
            if s["error"]:
                print(f"  {cmd:<28} ERROR: {s['error']}")
            else:
                print(f"  {cmd:<28} {fmt_ms(s['median_s']):>7} ms  (min {fmt_ms(s['min_s'])} ms)  "
                      f"{fmt_mb(s['rss_kb'], s['rss_exact'])} MB")
        if binary:
            print(f"Release binary: {binary['path']}: {binary['bytes']:,} bytes "
                  f"({binary['bytes'] / 1048576:.2f} MiB), {binary['strip_note']}")
        print()
        print("Targets:")
        for status, desc in targets:
            print(f"  {status}  {desc}")
    n_pass = sum(1 for s, _ in targets if s == "PASS")
    n_fail = sum(1 for s, _ in targets if s == "FAIL")
    summary = f"{n_pass} targets passed, {n_fail} failed"
    print()
    print(f"**{summary}**" if md else summary)
    bad = [st for st in stats if st.failed]
    if bad:
        print()
        for st in bad:
            for impl, msg in st.errors.items():
                print(f"ERROR {st.name} ({impl}): {msg}")
            for msg in st.mismatch:
                print(f"MISMATCH {st.name}: {msg}")


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(
        description="Run the Ruchy benchmarks against CPython and Lua.",
        epilog="Example: bench/run.py --runs 5 --markdown > results.md")
    ap.add_argument("--ruchy", default=str(REPO_ROOT / "target" / "release" / "ruchy"),
                    help="ruchy binary (default: <repo>/target/release/ruchy)")
    ap.add_argument("--python", default="/usr/bin/python3", help="CPython (default /usr/bin/python3)")
    ap.add_argument("--lua", default="lua5.4", help="Lua 5.4 interpreter (default lua5.4)")
    ap.add_argument("--skip-ruchy", action="store_true", help="only run CPython and Lua")
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="run only these programs (repeat or comma-separate)")
    ap.add_argument("--runs", type=int, default=5, help="runs per program and implementation (default 5)")
    ap.add_argument("--startup-runs", type=int, default=20,
                    help="runs for the empty-program startup measurement (default 20)")
    ap.add_argument("--no-startup", action="store_true", help="skip startup and binary checks")
    ap.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    ap.add_argument("--json", metavar="FILE", help="also write raw measurements to FILE")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run (default 300)")
    ap.add_argument("--rss-method", choices=("auto", "ptrace", "wait4"), default="auto",
                    help="how to measure peak RSS (default auto: ptrace if permitted)")
    ap.add_argument("--strict", action="store_true", help="exit 3 when any target fails")
    ap.add_argument("--list", action="store_true", help="list the programs and exit")
    args = ap.parse_args()

    programs = discover()
    if args.list:
        for p in programs:
            print(p)
        return 0
    if args.only:
        wanted = [w.strip() for item in args.only for w in item.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in programs]
        if unknown:
            log(f"error: unknown program(s): {', '.join(unknown)}; available: {', '.join(programs)}")
            return 2
        programs = [p for p in programs if p in wanted]
    if args.runs < 1:
        log("error: --runs must be at least 1")
        return 2
    for p in programs:
        for impl, ext in EXT.items():
            if not (BENCH_DIR / (p + ext)).exists():
                log(f"error: missing {BENCH_DIR / (p + ext)}")
                return 2

    impls = list(IMPLS)
    paths = {}
    if args.skip_ruchy:
        impls.remove("ruchy")
    else:
        rp = resolve_exe(args.ruchy)
        if rp is None:
            log("=" * 72)
            log(f"error: ruchy binary not found (or not executable): {args.ruchy}")
            log(f"       {MISSING_RUCHY_HELP}")
            log("=" * 72)
            return 2
        paths["ruchy"] = rp
    for impl, given in (("python", args.python), ("lua", args.lua)):
        p = resolve_exe(given)
        if p is None:
            log(f"error: {impl} interpreter not found: {given} (use --{impl} PATH)")
            return 2
        paths[impl] = p
    cmds = {"ruchy": [paths.get("ruchy"), "run"], "python": [paths["python"]],
            "lua": [paths["lua"]]}

    runner = Runner(args.rss_method, args.timeout)
    if runner.rss_method == "wait4":
        log(f"note: measuring RSS with wait4 (ptrace unavailable or not chosen); "
            f"values up to this runner's own {runner.floor_kb() / 1024:.1f} MB are floors")
    load = os.getloadavg()
    meta = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "nproc": os.cpu_count(),
        "load": " ".join(f"{x:.2f}" for x in load),
        "paths": paths,
        "versions": {
            "python": tool_version([paths["python"], "--version"]),
            "lua": tool_version([paths["lua"], "-v"]),
        },
        "rss_method": runner.rss_method,
    }
    if "ruchy" in paths:
        meta["versions"]["ruchy"] = tool_version([paths["ruchy"], "--version"])
    if load[0] > 0.5:
        log(f"warning: load average {load[0]:.2f} at start; another process may be using the CPU "
            "and timings will be noisy")

    log(f"Running {len(programs)} programs x {len(impls)} implementations x {args.runs} runs "
        f"(RSS via {runner.rss_method})")
    stats = []
    for name in programs:
        stats.append(bench_program(name, impls, cmds, runner, args.runs))

    startup = {}
    binary = None
    if not args.no_startup:
        log("Measuring startup of empty programs ...")
        startup["true"] = measure_startup("true", [resolve_exe("true") or "/bin/true"],
                                          runner, args.startup_runs)
        if "ruchy" in paths:
            startup["ruchy"] = measure_startup("ruchy", [paths["ruchy"], "-e", "0"], runner,
                                               args.startup_runs, expect_stdout=b"0\n")
        startup["python"] = measure_startup("python", [paths["python"], "-c", "0"], runner,
                                            args.startup_runs)
        startup["lua"] = measure_startup("lua", [paths["lua"], "-e", ""], runner,
                                         args.startup_runs)
        if "ruchy" in paths:
            size = os.path.getsize(paths["ruchy"])
            sections = elf_sections(paths["ruchy"])
            if sections is None:
                note = "not an ELF file"
            elif ".symtab" in sections:
                dbg = any(s.startswith(".debug") for s in sections)
                note = "NOT stripped (has .symtab" + (" and debug info" if dbg else "") + ")"
            else:
                note = "stripped"
            binary = {"path": paths["ruchy"], "bytes": size, "strip_note": note}

    targets = build_targets(stats, "ruchy" in impls, startup, binary) if not args.no_startup else \
        [t for t in build_targets(stats, "ruchy" in impls, {}, None)
         if not t[1].startswith(("startup", "binary"))]
    report(args, meta, stats, impls, startup, binary, targets, runner)

    if args.json:
        data = {
            "meta": meta,
            "runs": args.runs,
            "programs": {
                st.name: {
                    impl: [{"wall_s": r.wall, "cpu_s": r.cpu, "rss_kb": r.rss_kb,
                            "rss_exact": r.rss_exact, "exit": r.code} for r in st.runs[impl]]
                    for impl in impls
                } | {"errors": st.errors, "mismatch": st.mismatch}
                for st in stats
            },
            "startup": startup,
            "binary": binary,
            "targets": targets,
        }
        with open(args.json, "w") as f:
            json.dump(data, f, indent=1)
        log(f"wrote {args.json}")

    failed = [st for st in stats if st.failed]
    if any(st.mismatch for st in stats):
        log("")
        log("!" * 72)
        log("!!! MISMATCH: implementations printed different output: "
            + ", ".join(st.name for st in stats if st.mismatch))
        log("!" * 72)
    if failed:
        return 1
    if args.strict and any(s == "FAIL" for s, _ in targets):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
