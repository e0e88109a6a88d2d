#!/usr/bin/env python3
"""Timing helpers for scripts/docker-test.sh (standard library only). Each prints one JSON
object: median_ms, min_ms, max_ms, samples_ms (and more, per mode).

  measure.py first-output --runs N --expect TEXT -- CMD...
      Runs CMD N times; times the first byte on stdout ("to first output") and the whole run
      (for `docker run --rm`: create, start, output, exit and removal). Fails if the stripped
      stdout is not TEXT.
  measure.py first-http --runs N --url URL --name NAME -- CMD...
      Runs CMD (a `docker run -d --name NAME ...`) N times; times until URL answers 200, then
      removes container NAME.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request


def summary(samples, **extra):
    out = {"median_ms": round(statistics.median(samples), 1),
           "min_ms": round(min(samples), 1), "max_ms": round(max(samples), 1),
           "samples_ms": [round(s, 1) for s in samples]}
    out.update(extra)
    return out


def first_output(a):
    first, whole = [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(a.cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        chunk = os.read(p.stdout.fileno(), 1)
        t1 = time.perf_counter()
        rest = p.stdout.read()
        p.wait(timeout=a.timeout)
        t2 = time.perf_counter()
        text = (chunk + rest).decode(errors="replace").strip()
        if p.returncode != 0 or (a.expect is not None and text != a.expect):
            print(f"measure: {a.cmd} -> rc {p.returncode}, output {text!r}", file=sys.stderr)
            return 1
        first.append((t1 - t0) * 1000)
        whole.append((t2 - t0) * 1000)
    res = summary(first)
    res["whole_run"] = summary(whole)
    print(json.dumps(res))
    return 0


def first_http(a):
    samples = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        subprocess.run(a.cmd, check=True, stdout=subprocess.DEVNULL, timeout=a.timeout)
        ok = False
        try:
            while time.perf_counter() - t0 < a.timeout:
                try:
                    with urllib.request.urlopen(a.url, timeout=1) as r:
                        if r.status == 200:
                            ok = True
                            break
                except OSError:
                    time.sleep(0.005)
            t1 = time.perf_counter()
        finally:
            subprocess.run(["docker", "rm", "-f", a.name], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
        if not ok:
            print(f"measure: {a.url} never answered 200", file=sys.stderr)
            return 1
        samples.append((t1 - t0) * 1000)
    print(json.dumps(summary(samples)))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["first-output", "first-http"])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--expect")
    ap.add_argument("--url")
    ap.add_argument("--name")
    ap.add_argument("--timeout", type=float, default=60)
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        ap.error("missing -- CMD...")
    split = argv.index("--")
    a = ap.parse_args(argv[:split])
    a.cmd = argv[split + 1:]
    return first_output(a) if a.mode == "first-output" else first_http(a)


if __name__ == "__main__":
    sys.exit(main())
