"""A minimal W3C WebDriver client for headless Chromium through Debian's chromedriver
(standard library only): enough to drive the web REPL page like a person in the tests.

    with Browser() as b:
        b.open("http://127.0.0.1:8000/")
        b.type("#input", "1 + 2" + ENTER)
        b.wait_for("return document.querySelector('#output').innerText.includes('3')")
"""
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ENTER = "\ue007"
TAB = "\ue004"
ARROW_UP = "\ue013"
ARROW_DOWN = "\ue015"
ESCAPE = "\ue00c"


class WebDriverError(RuntimeError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self, chromium=None, chromedriver=None, timeout=60):
        self.chromium = chromium or shutil.which("chromium") or "/usr/bin/chromium"
        self.chromedriver = chromedriver or shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.timeout = timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.profile = tempfile.mkdtemp(prefix="ruchy-webdriver-")
        self.driver = None
        self.session = None

    def call(self, method, path, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"null").get("value")
        except urllib.error.HTTPError as e:
            raise WebDriverError(f"{method} {path}: HTTP {e.code}: {e.read()[:400]!r}") from None

    def __enter__(self):
        self.driver = subprocess.Popen(
            [self.chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.call("GET", "/status", timeout=2)
                break
            except (OSError, WebDriverError):
                if time.monotonic() > deadline or self.driver.poll() is not None:
                    self.close()
                    raise WebDriverError("chromedriver did not start")
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": self.chromium, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={self.profile}"]},
        }}}
        try:
            self.session = self.call("POST", "/session", caps, timeout=self.timeout)["sessionId"]
        except (OSError, WebDriverError, KeyError, TypeError):
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.session:
            try:
                self.call("DELETE", f"/session/{self.session}", timeout=10)
            except (OSError, WebDriverError):
                pass
            self.session = None
        if self.driver:
            self.driver.terminate()
            try:
                self.driver.wait(10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
            self.driver = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def s(self, path):
        return f"/session/{self.session}{path}"

    def open(self, url):
        self.call("POST", self.s("/url"), {"url": url}, timeout=self.timeout)

    def script(self, code, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": code, "args": list(args)})

    def element(self, css):
        el = self.call("POST", self.s("/element"), {"using": "css selector", "value": css})
        return next(iter(el.values()))

    def type(self, css, keys, clear=False):
        el = self.element(css)
        if clear:
            self.call("POST", self.s(f"/element/{el}/clear"), {})
        self.call("POST", self.s(f"/element/{el}/value"), {"text": keys})

    def wait_for(self, code, *args, timeout=10.0):
        """Poll a script until it returns something truthy; return that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.script(code, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                return value
            time.sleep(0.05)
