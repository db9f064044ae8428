"""Headless Chromium driven over the Chrome DevTools Protocol, and a report built from a synthetic sweep.

The browser is Debian's ``chromium`` (``make test`` installs it). It is driven through
``--remote-debugging-pipe`` (CDP messages on file descriptors 3 and 4, NUL-separated): no websocket client,
no Playwright, nothing downloaded. If Chromium cannot be started these tests fail, never skip, so a green run
always means the pages were really rendered.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cctv_audit.database import open_session
from cctv_audit.report.build import Written, report
from cctv_audit.report.sample import build_sample
from storage.evidence import EvidenceStore

ARTIFACTS = Path(__file__).with_name("artifacts")
FLAGS = [
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--remote-debugging-pipe",
]
# Collected in the page itself: Content-Security-Policy violations are the failure we most want to see.
CSP_WATCH = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


class CDPError(RuntimeError):
    """Chromium answered a command with an error, or did not answer in time."""


class Browser:
    """One Chromium process and the pipe to it."""

    def __init__(self, binary: str, profile: Path, log: Path):
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()
        flags = [*FLAGS, f"--user-data-dir={profile}"]
        if os.geteuid() == 0:
            flags.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.log = log.open("wb")
        # bash puts our pipe ends on descriptors 3 and 4, where --remote-debugging-pipe expects them (dash cannot
        # redirect from descriptors above 9).
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', binary, *flags, "about:blank"],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, deadline: float) -> Iterator[dict[str, Any]]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("Chromium did not answer in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise CDPError(f"Chromium closed the pipe (exit status {self.process.poll()})")
                self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        for message in messages:
            yield json.loads(message)

    def _handle(self, message: dict[str, Any]) -> None:
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":
            # A dialog blocks the page; record it (the tests fail on it) and dismiss it so nothing hangs.
            self.send("Page.handleJavaScriptDialog", {"accept": False}, message.get("sessionId"), wait=False)

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        *,
        wait: bool = True,
        timeout: float = 30,
    ) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data) :]
        if not wait:
            return {}
        deadline = time.monotonic() + timeout
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == ident:
                    if "error" in reply:
                        raise CDPError(f"{method}: {reply['error']}")
                    return dict(reply.get("result", {}))
                self._handle(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict[str, Any]:
        """Wait for an event of this session (events already received count)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session and not event.get("_seen"):
                    event["_seen"] = True
                    return event
            for message in self._read(deadline):
                self._handle(message)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.send("Browser.close", wait=False)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, CDPError):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._in)
            os.close(self._out)
            self.log.close()


class Tab:
    """A page in the browser: navigate, evaluate, press keys, take screenshots, collect errors."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 900):
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_WATCH})
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def goto(self, url: str) -> None:
        for event in self.browser.events:
            event["_seen"] = True
        self._mark = len(self.browser.events)
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session)

    def eval(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise CDPError(f"{expression!r}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def press(self, key: str, code: int, text: str = "") -> None:
        """A real key press, as a keyboard user makes it (``text`` is what the key types, e.g. "\\r" for Enter)."""
        for kind in ("keyDown", "keyUp"):
            event: dict[str, Any] = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}
            if kind == "keyDown" and text:
                event["text"] = text
            self.send("Input.dispatchKeyEvent", event)

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, failed loads, CSP violations and dialogs since the last goto."""
        found = []
        for event in self.browser.events[getattr(self, "_mark", 0) :]:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                found.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log {params['entry'].get('source')}: {params['entry'].get('text')}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
        found += [f"CSP: {v}" for v in self.eval("window.__csp || []")]
        return found

    def screenshot(self, path: Path, full_page: bool = True, max_height: int = 6000) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": min(size["height"], max_height),
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))
        return path


def chromium_binary() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "Chromium is not installed: the browser tests need Debian's `chromium` package. `make test` installs "
            "it when run as root (apt-get install -y chromium); otherwise install it yourself.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """A headless Chromium for the whole session; the tests fail if it cannot start."""
    binary = chromium_binary()
    root = tmp_path_factory.mktemp("chromium")
    log = root / "chromium.log"
    instance = Browser(binary, root / "profile", log)
    try:
        instance.send("Browser.getVersion", timeout=60)
    except (OSError, CDPError) as exc:
        instance.close()
        pytest.fail(
            f"could not start {binary} ({exc}); its output:\n{log.read_text(errors='replace')[-3000:]}", pytrace=False
        )
    yield instance
    instance.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    page = Tab(browser)
    yield page
    browser.send("Target.closeTarget", {"targetId": page.send("Target.getTargetInfo")["targetInfo"]["targetId"]})


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Written]:
    """Two national sweeps of all 339 register authorities written straight to SQLite, and their report."""
    root = tmp_path_factory.mktemp("report")
    evidence = EvidenceStore(root / "evidence")
    with open_session(f"sqlite:///{root / 'cctv-audit.db'}") as session:
        build_sample(session, evidence, sweeps=2)
        written = report(session, root / "site", None, evidence)
    return root / "site", written
