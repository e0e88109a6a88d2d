#!/usr/bin/env python3
"""Drive the web REPL page like a person: headless Chromium through chromedriver (the small
WebDriver client in scripts/webdriver.py). Types an expression into the page's input,
presses Enter and waits for the expected value in the page's output.

    web-check.py URL [--input '#input'] [--output '#output'] [--expr '1 + 2'] [--expect 3]

Exit 0 when the value appeared, 1 otherwise (the page's output text is printed either way).
Used by scripts/docker-test.sh; the selectors default to the specification's page
(<input id="input">, <div id="output">) and can be set with RUCHY_WEB_INPUT / RUCHY_WEB_OUTPUT.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from webdriver import ENTER, Browser, WebDriverError  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--input", default=os.environ.get("RUCHY_WEB_INPUT", "#input"))
    ap.add_argument("--output", default=os.environ.get("RUCHY_WEB_OUTPUT", "#output"))
    ap.add_argument("--expr", default="1 + 2")
    ap.add_argument("--expect", default="3")
    ap.add_argument("--timeout", type=float, default=45)
    ap.add_argument("--chromium")
    ap.add_argument("--chromedriver")
    a = ap.parse_args()

    deadline = time.monotonic() + a.timeout
    text = None
    get_text = "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;"
    try:
        with Browser(a.chromium, a.chromedriver, timeout=a.timeout) as b:
            b.open(a.url)
            # The page enables its input only after the wasm module is initialised, so keep
            # typing the line until the value shows up (repeats are harmless in a REPL).
            while time.monotonic() < deadline:
                try:
                    b.type(a.input, a.expr + ENTER, clear=True)
                except WebDriverError:
                    pass  # input not there (or not enabled) yet
                t_end = min(deadline, time.monotonic() + 3)
                while time.monotonic() < t_end:
                    text = b.script(get_text, a.output)
                    if text is not None and a.expect in [ln.strip() for ln in text.splitlines()]:
                        print(f"web-check: {a.expr!r} -> {a.expect!r} in {a.output} of {a.url}")
                        return 0
                    time.sleep(0.2)
    except (OSError, WebDriverError, KeyError, StopIteration) as e:
        print(f"web-check: {e}", file=sys.stderr)
        return 1
    print(f"web-check: {a.expect!r} did not appear in {a.output} of {a.url}; "
          f"its text: {text!r}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
