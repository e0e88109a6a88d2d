#!/usr/bin/env python3
"""Measure the web REPL for BENCHMARKS.md: module size (raw, gzip -9) and the page's load time
(fetch + compile + instantiate + `new RuchyRepl()`, as the page itself reports it) in headless
Chromium over N fresh page loads, plus one evaluation round trip.

    scripts/web-measure.py [SITE_DIR] [--loads N]      (default web/pkg, 7 loads)
"""
import argparse
import gzip
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Browser  # noqa: E402

web_e2e = __import__("web-e2e")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default=os.path.join(web_e2e.ROOT, "web", "pkg"))
    ap.add_argument("--loads", type=int, default=7)
    a = ap.parse_args()
    wasm = os.path.join(a.site, "ruchy_wasm_bg.wasm")
    raw = open(wasm, "rb").read()
    print(f"module: {len(raw)} bytes raw, {len(gzip.compress(raw, 9))} bytes gzip -9")
    server = web_e2e.serve(os.path.abspath(a.site))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    loads = []
    try:
        with Browser() as b:
            for _ in range(a.loads):
                b.open(url + "?fresh")
                b.wait_for("return document.body.dataset.ready === 'true'", timeout=30)
                loads.append(float(b.script("return document.body.dataset.loadMs")))
            eval_ms = b.script(
                "const t = performance.now(); const i = document.getElementById('input');"
                " i.value = 'let s = [1, 2, 3].map(|x| x * x).sum()';"
                " i.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));"
                " return performance.now() - t;")
    finally:
        server.shutdown()
    print(f"page load to ready (ms), {len(loads)} loads: median {statistics.median(loads):.1f}, "
          f"min {min(loads):.1f}, max {max(loads):.1f}")
    print(f"one input typed and evaluated through the page: {eval_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
