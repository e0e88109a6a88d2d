#!/usr/bin/env python3
"""End-to-end test of the web REPL in real headless Chromium: serves the built site
(web/pkg, from scripts/build-web.sh) on 127.0.0.1 and uses the page like a person — a
multi-line function definition and a call, an error line in red, a runaway loop stopped by
the time limit, Tab completion, history recall, println output, the load time shown.

    scripts/web-e2e.py [SITE_DIR]      (default web/pkg; exit 0 when every check passed)
"""
import functools
import http.server
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import ARROW_UP, ENTER, TAB, Browser, WebDriverError  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f"  ({detail})" if detail else ""))
    if not ok:
        failures.append(name)


def serve(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                              ".wasm": "application/wasm", ".js": "text/javascript"}
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


LINES = "return [...document.querySelectorAll('#output > div')].map(d => [d.className, d.innerText]);"


def new_lines(b, seen):
    lines = b.script(LINES) or []
    return lines[seen:]


def enter(b, text, want_class=None, timeout=10.0):
    """Type a line and press Enter; wait for an output line of `want_class`; return the
    output lines this input produced."""
    seen = len(b.script(LINES) or [])
    b.type("#input", text + ENTER)
    if want_class is None:
        b.wait_for("return document.querySelectorAll('#output > div').length > arguments[0]",
                   seen, timeout=timeout)
    else:
        b.wait_for("return [...document.querySelectorAll('#output > div')].slice(arguments[0])"
                   ".some(d => d.className === arguments[1])", seen, want_class, timeout=timeout)
    return new_lines(b, seen)


def main():
    site = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "web", "pkg"))
    for f in ("index.html", "ruchy_wasm.js", "ruchy_wasm_bg.wasm"):
        if not os.path.isfile(os.path.join(site, f)):
            print(f"web-e2e: {site}/{f} is missing: run scripts/build-web.sh first", file=sys.stderr)
            return 1
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with Browser() as b:
            b.open(url)
            ready = b.wait_for("return document.body.dataset.ready === 'true'", timeout=30)
            check("page loads the module and enables the input", ready)
            status = b.script("return document.getElementById('status').innerText")
            load_ms = b.script("return document.body.dataset.loadMs")
            check("load time is shown", "ready in" in (status or ""), f"{status!r}, {load_ms} ms")

            enter(b, "fun add(a, b) {")
            prompt = b.script("return document.getElementById('prompt').innerText")
            check("incomplete input asks for more", prompt.strip() == "......", repr(prompt))
            enter(b, "  a + b")
            enter(b, "}", "result")
            out = enter(b, "add(40, 2)", "result")
            check("multi-line function definition then a call shows 42",
                  ["result", "42"] in out, repr(out))

            out = enter(b, "1 / 0", "error")
            err = [t for c, t in out if c == "error"]
            check("an error line is shown", err and err[0].startswith("Error: Division by zero"),
                  repr(out))
            color = b.script("const e = [...document.querySelectorAll('#output .error')].pop();"
                             " return getComputedStyle(e).color;")
            check("errors are red", color == "rgb(244, 135, 113)", color)
            rcolor = b.script("const e = [...document.querySelectorAll('#output .result')].pop();"
                              " return getComputedStyle(e).color;")
            check("results use the result color", rcolor == "rgb(78, 201, 176)", rcolor)

            out = enter(b, "loop {}", "error", timeout=15)
            err = [t for c, t in out if c == "error"]
            check("a runaway loop is stopped by the time limit",
                  err and err[0].startswith("Error: Execution time limit exceeded"), repr(out))
            out = enter(b, "add(1, 1)", "result")
            check("the session continues after the limit", ["result", "2"] in out, repr(out))

            out = enter(b, 'println("hello from wasm"); 5', "result")
            check("println output is shown with the value",
                  ["output", "hello from wasm"] in out and ["result", "5"] in out, repr(out))

            out = enter(b, ":type [counter_seed, 2]", "error")
            check(":type reports an undefined name", any(c == "error" for c, _ in out), repr(out))
            out = enter(b, ":type [1, 2].map(|x| x * 2.5)", "info")
            check(":type shows the static type", ["info", "[float]"] in out,
                  repr(out))

            # hostile shapes through the same module instance the page uses: V8's stack in a
            # real browser must hold whatever the parser, checker and evaluator do with them
            for shape in ["0" + ".abs()" * 20000, "[" * 5000 + "1" + "]" * 5000,
                          "1 + " * 20000 + "1", "-" * 5000 + "1"]:
                res = b.script("return import('./ruchy_wasm.js').then(m => {"
                               " const r = new m.RuchyRepl();"
                               " try { const o = r.submit(arguments[0]);"
                               "   return [o.status, r.submit('1 + 1').value]; }"
                               " catch (e) { return ['threw', String(e)]; } });", shape)
                check(f"a {len(shape)}-character deep input ends in a clean error",
                      res == ["error", "2"], repr(res)[:200])

            enter(b, "let counter = 5", "result")
            b.type("#input", "coun" + TAB)
            value = b.wait_for("const v = document.getElementById('input').value;"
                               " return v === 'counter' ? v : ''", timeout=5)
            check("Tab completes a binding", value == "counter", repr(value))
            b.type("#input", "", clear=True)
            b.type("#input", ARROW_UP)
            value = b.script("return document.getElementById('input').value")
            check("Up recalls the previous input", value == "let counter = 5", repr(value))
    except (OSError, WebDriverError) as e:
        check("browser session", False, str(e))
    finally:
        server.shutdown()
    print(f"web-e2e: {'all checks passed' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
