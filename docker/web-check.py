#!/usr/bin/env python3
"""Drive the web REPL page like a person: headless Chromium through chromedriver (W3C WebDriver
over HTTP on 127.0.0.1, standard library only). Types an expression into the page's input,
presses Enter and waits for the expected value in the page's output.

    web-check.py URL [--input '#input'] [--output '#output'] [--expr '1 + 2'] [--expect 3]

Exit 0 when the value appeared, 1 otherwise (the page's output text is printed either way).
Used by scripts/docker-test.sh; the selectors default to the specification's page
(<input id="input">, <div id="output">) and can be set with RUCHY_WEB_INPUT / RUCHY_WEB_OUTPUT.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ENTER = "\ue007"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null").get("value")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path}: HTTP {e.code}: {e.read()[:400]!r}") from None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--input", default=os.environ.get("RUCHY_WEB_INPUT", "#input"))
    ap.add_argument("--output", default=os.environ.get("RUCHY_WEB_OUTPUT", "#output"))
    ap.add_argument("--expr", default="1 + 2")
    ap.add_argument("--expect", default="3")
    ap.add_argument("--timeout", type=float, default=45)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    a = ap.parse_args()

    port = free_port()
    profile = tempfile.mkdtemp(prefix="ruchy-webcheck-")
    driver = subprocess.Popen([a.chromedriver, f"--port={port}", "--allowed-ips=127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + a.timeout
    session = None
    text = None
    try:
        while True:  # wait for chromedriver to listen
            try:
                call(base, "GET", "/status", timeout=2)
                break
            except (OSError, RuntimeError):
                if time.monotonic() > deadline or driver.poll() is not None:
                    print("web-check: chromedriver did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": a.chromium, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}"]},
        }}}
        session = call(base, "POST", "/session", caps, timeout=60)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", s + "/url", {"url": a.url})
        get_text = {"script": "const e = document.querySelector(arguments[0]);"
                              " return e ? e.innerText : null;", "args": [a.output]}
        # The page attaches its key handler only after the wasm module is initialised, so
        # keep typing the line until the value shows up (repeats are harmless in a REPL).
        while time.monotonic() < deadline:
            try:
                el = call(base, "POST", s + "/element", {"using": "css selector", "value": a.input})
                el_id = next(iter(el.values()))
                call(base, "POST", f"{s}/element/{el_id}/clear", {})
                call(base, "POST", f"{s}/element/{el_id}/value", {"text": a.expr + ENTER})
            except RuntimeError:
                pass  # input not there yet
            t_end = min(deadline, time.monotonic() + 3)
            while time.monotonic() < t_end:
                text = call(base, "POST", s + "/execute/sync", get_text)
                if text is not None and a.expect in [ln.strip() for ln in text.splitlines()]:
                    print(f"web-check: {a.expr!r} -> {a.expect!r} in {a.output} of {a.url}")
                    return 0
                time.sleep(0.2)
        print(f"web-check: {a.expect!r} did not appear in {a.output} of {a.url}; "
              f"its text: {text!r}", file=sys.stderr)
        return 1
    except (OSError, RuntimeError, KeyError, StopIteration) as e:
        print(f"web-check: {e}", file=sys.stderr)
        return 1
    finally:
        if session:
            try:
                call(base, "DELETE", f"/session/{session}", timeout=10)
            except (OSError, RuntimeError):
                pass
        driver.terminate()
        try:
            driver.wait(10)
        except subprocess.TimeoutExpired:
            driver.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
