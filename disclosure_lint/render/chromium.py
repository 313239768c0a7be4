"""A small headless Chromium driver: the DevTools protocol over a pipe (--remote-debugging-pipe), so
it needs the chromium binary and nothing else (no driver, no port, no network). Every wait has a
deadline, so a stuck browser or a page that never stops running raises BrowserTimeout instead of
hanging the run.

The browser starts root-safe and network-quiet: no sandbox (CI runs as root), no GPU, no QUIC, no
first-run, background, component-update or sync traffic, and a fresh profile in a folder of its own.
Callers add their own flags (rendering adds the ones that keep the browser off the network)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

ANSWER_TIME = 30.0  # seconds for any single answer when the caller sets no deadline
QUIET_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
               "--remote-debugging-pipe")
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_binary() -> str | None:
    """Debian's chromium (CI installs it), or another Chromium/Chrome on PATH."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser refused a command, closed its pipe, or a page script failed."""


class BrowserTimeout(BrowserError):
    """No answer before the deadline: the browser or the page's scripts are stuck."""


Handler = Callable[[dict[str, Any]], bool]


class Browser:
    """One browser process and one page. `call` sends a command to the page's session and waits
    for its answer; events that arrive meanwhile go to `handler` (which returns True when it took
    care of one) or are kept in `events`."""

    def __init__(self, binary: str, flags: tuple[str, ...] = (), scratch: str | None = None,
                 handler: Handler | None = None, page: bool = True):
        self.profile = tempfile.mkdtemp(prefix="dl-chromium-", dir=scratch)
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()
        self.process = subprocess.Popen(
            [binary, *QUIET_FLAGS, *flags, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False,  # the pipe ends are non-inheritable; only the copies at fd 3 and 4 pass
            preexec_fn=_child_setup(to_browser_read, from_browser_write, _prctl()))
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.handler = handler
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        self.target: str | None = None
        # A second file to watch while waiting (a pipe other threads write to), and what to do then.
        self.wake_fd: int | None = None
        self.on_wake: Callable[[], None] | None = None
        try:
            self.version = self.call("Browser.getVersion").get("product", "")
            if page:
                self.target = self.call("Target.createTarget", url="about:blank")["targetId"]
                self.session = self.call("Target.attachToTarget", targetId=self.target, flatten=True)["sessionId"]
        except BaseException:
            self.close()
            raise

    # Protocol ------------------------------------------------------------------------------------

    def send(self, method: str, session: str | None = None, **params: Any) -> int:
        """Send a command (to `session`, by default the current page's) without waiting; its
        answer, when it comes, is dropped."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        session = session or self.session
        if session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = session
        try:
            os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise BrowserError(f"chromium stopped reading commands ({exc.strerror or exc})") from exc
        return self._next_id

    def call(self, method: str, deadline: float | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer until `deadline` (time.monotonic())."""
        sent = self.send(method, **params)
        end = deadline if deadline is not None else time.monotonic() + ANSWER_TIME
        while True:
            reply = self._receive(end, method)
            if reply.get("id") == sent:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            if "method" in reply:
                self._event(reply)

    def wait_for(self, event: str, deadline: float | None = None) -> dict[str, Any]:
        """The first event of this name not seen before (consumed)."""
        end = deadline if deadline is not None else time.monotonic() + ANSWER_TIME
        while True:
            for i, seen in enumerate(self.events):
                if seen.get("method") == event:
                    return self.events.pop(i)
            reply = self._receive(end, event)
            if "method" in reply:
                self._event(reply)

    def pump(self, until: float) -> None:
        """Handle events until `until` (time.monotonic()), for a caller that is waiting on the page."""
        while until > time.monotonic():
            try:
                reply = self._receive(until, "events")
            except BrowserTimeout:
                return
            if "method" in reply:
                self._event(reply)

    def _event(self, message: dict[str, Any]) -> None:
        if self.handler is None or not self.handler(message):
            self.events.append(message)

    def _receive(self, end: float, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = end - time.monotonic()
            watched = [self._read_fd] if self.wake_fd is None else [self._read_fd, self.wake_fd]
            ready, _, _ = select.select(watched, [], [], max(left, 0))
            if not ready:
                raise BrowserTimeout(f"no answer from chromium to {waiting_for} before the deadline")
            if self.wake_fd in ready and self.on_wake is not None:
                self.on_wake()
            if self._read_fd not in ready:
                continue
            try:
                chunk = os.read(self._read_fd, 1 << 20)
            except OSError as exc:
                raise BrowserError(f"chromium closed the DevTools pipe ({exc.strerror or exc})") from exc
            if not chunk:
                raise BrowserError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    # Common commands -------------------------------------------------------------------------------

    def viewport(self, width: int, height: int, mobile: bool = False, scale: float | None = None,
                 deadline: float | None = None) -> None:
        self.call("Emulation.setDeviceMetricsOverride", deadline, width=width, height=height,
                  deviceScaleFactor=scale if scale is not None else (2 if mobile else 1), mobile=mobile)

    def evaluate(self, expression: str, deadline: float | None = None, context: int | None = None) -> Any:
        params: dict[str, Any] = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        if context is not None:
            params["contextId"] = context
        result = self.call("Runtime.evaluate", deadline, **params)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get("text", "")
            raise BrowserError(f"script failed: {text.splitlines()[0] if text else details}")
        return result["result"].get("value")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                try:
                    os.write(self._write_fd, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                    self.process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    self.kill()
        finally:
            for fd in (self._write_fd, self._read_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)
            _remove_singleton_folder(self.profile)
            shutil.rmtree(self.profile, ignore_errors=True)

    def kill(self) -> None:
        """Stop the browser and every process it started (its own process group)."""
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _remove_singleton_folder(profile: str) -> None:
    """A browser that was killed leaves the temporary folder its profile's SingletonSocket link
    points to (org.chromium.Chromium.XXXXXX); a browser that closed removed it itself."""
    with contextlib.suppress(OSError):
        folder = os.path.dirname(os.readlink(os.path.join(profile, "SingletonSocket")))
        if os.path.basename(folder).startswith("org.chromium.Chromium."):
            shutil.rmtree(folder, ignore_errors=True)


def _child_setup(read_end: int, write_end: int, prctl):
    """In the child: a process group of its own (so every helper process can be stopped at once),
    killed with its parent (Linux), and the DevTools pipe on fd 3 (commands in) and fd 4 (answers out)."""
    def arrange() -> None:
        os.setpgid(0, 0)
        if prctl is not None:
            prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: killed with the process that started it
        # Copies above 4 first: a plain dup() could land on 3 or 4 and be closed after the dup2 below.
        high_read, high_write = fcntl.fcntl(read_end, fcntl.F_DUPFD, 10), fcntl.fcntl(write_end, fcntl.F_DUPFD, 10)
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)
        os.close(high_read)
        os.close(high_write)
    return arrange


def _prctl():
    """libc's prctl, loaded in this process (not in the child between fork and exec), or None."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return None
