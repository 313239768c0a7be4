"""A small headless Chromium driver for tests: the DevTools protocol over a pipe
(--remote-debugging-pipe), so it needs the chromium binary and nothing else (no driver, no port,
no network). Every wait has a deadline, so a stuck browser fails a test instead of hanging it.

Also a command that writes the README's screenshots of the HTML report:
    python -m tests.browser docs/"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEADLINE = 30.0  # seconds for any single answer from the browser; never asserted on
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-pipe")


def chromium_binary() -> str | None:
    """Debian's chromium (CI installs it), or another Chromium/Chrome on PATH."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One browser process and one page. `call` sends a command to the page's session and waits
    for its answer; events that arrive meanwhile are kept in `events` for the test to read."""

    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="dl-chromium-")
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False,  # the pipe ends are non-inheritable; only the copies at fd 3 and 4 pass
            preexec_fn=_pipe_fds(to_browser_read, from_browser_write))
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    # Protocol ------------------------------------------------------------------------------------

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The first event of this name not seen before (consumed)."""
        while True:
            for i, seen in enumerate(self.events):
                if seen.get("method") == event:
                    return self.events.pop(i)
            reply = self._receive()
            if "method" in reply:
                self.events.append(reply)

    def _receive(self) -> dict[str, Any]:
        end = time.monotonic() + DEADLINE
        while b"\0" not in self._buffer:
            left = end - time.monotonic()
            ready, _, _ = select.select([self._read_fd], [], [], max(left, 0))
            if not ready:
                raise BrowserError("no answer from chromium within the deadline")
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    # What tests use ------------------------------------------------------------------------------

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)

    def open(self, url: str) -> None:
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the element (scrolled into view first)."""
        box = self.evaluate(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return null;
            el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        if box is None:
            raise BrowserError(f"nothing matches {selector!r}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1})
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))

    def problems(self) -> list[str]:
        """What a page script or the browser reported: every console call, every uncaught exception,
        and every browser log entry at error level (a Content-Security-Policy violation is one).
        Browser warnings (deprecations and the like) are left out: they say nothing about the page."""
        out = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                out.append("console: " + " ".join(str(arg.get("value", arg.get("description", "")))
                                                  for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(f"log: {params['entry'].get('text', '')}")
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                try:
                    os.write(self._write_fd, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                    self.process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    self.process.kill()
                    self.process.wait(timeout=5)
        finally:
            for fd in (self._write_fd, self._read_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pipe_fds(read_end: int, write_end: int):
    """In the child: the DevTools pipe is fd 3 (commands in) and fd 4 (answers out)."""
    def arrange() -> None:
        high_read, high_write = os.dup(read_end), os.dup(write_end)  # out of the way of 3 and 4
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)
        os.close(high_read)
        os.close(high_write)
    return arrange


def write_screenshots(folder: Path) -> list[Path]:
    """Check the bundled fixtures plus a missing file, write the HTML report, and photograph it at
    a laptop's and a phone's width."""
    root = Path(__file__).resolve().parent.parent
    binary = chromium_binary()
    if binary is None:
        raise SystemExit("no chromium binary found; install Debian's chromium package")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.html"
        inputs = ["fixtures/founding/euractiv-underwritten.txt", *sorted(
            str(p.relative_to(root)) for p in (root / "fixtures" / "pages").glob("*.html")),
            "fixtures/ci/DL301-violation.md", "drafts/missing-draft.html"]
        subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--output",
                        f"html:{report}", *inputs], cwd=root, stdout=subprocess.DEVNULL, check=False)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with Chromium(binary) as browser:
            for name, width, height, mobile in (("report-desktop.png", 1280, 1600, False),
                                                ("report-narrow.png", 390, 1500, True)):
                browser.viewport(width, height, mobile)
                browser.open(report.as_uri())
                target = folder / name
                browser.screenshot(target)
                written.append(target)
        return written


if __name__ == "__main__":
    for path in write_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
