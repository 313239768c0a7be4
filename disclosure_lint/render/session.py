"""One browser per process, reused page after page: each page opens in a browser context of its
own (no cookies, storage or cache shared between pages), loads at the address the run read it
from, waits for the load event plus a bounded settle, and is serialised for extraction. The page
stays open until its labels are measured, then closes with its context.

Every step shares the page's deadline. A page that does not get there in time (a script that
never ends, a resource that never finishes) fails with RenderTimeout, and the browser, whose page
may be stuck in an endless script, is stopped and started afresh for the next page."""

from __future__ import annotations

import base64
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_lint.model import Document
from disclosure_lint.pipeline import CheckFailed
from disclosure_lint.render import scripts
from disclosure_lint.render.axe import axe_source
from disclosure_lint.render.chromium import Browser, BrowserError, BrowserTimeout
from disclosure_lint.render.network import DRAFT_ORIGIN, Loader, Policy, Verdict, address_for, origin_of
from disclosure_lint.render.options import RenderOptions

# The browser is offline: no host name resolves, and any connection it would open itself (a
# WebSocket, a preconnect, a popup's request) goes to a proxy on a closed port, loopback included.
OFFLINE_FLAGS = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>", "--block-new-web-contents",
                 "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--disable-features=Translate")
START_TIME = 30.0  # seconds for the browser to start and open its tab; not part of any page's deadline
LOAD_GRACE = 5.0  # seconds after DOMContentLoaded that a load event which never comes is waited for
SHOT_PADDING = 12  # CSS px around a label in its screenshot
SHOT_MAX = (640, 160)  # largest screenshot region, CSS px


@dataclass(frozen=True, slots=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool
    scale: float


DESKTOP = Viewport("desktop", 1280, 800, False, 1)
PHONE = Viewport("phone", 390, 844, True, 3)


class RenderError(CheckFailed):
    """The page could not be rendered; `kind` is the document's error kind."""


@dataclass
class Measured:
    """What the page's scripts returned for its labels, per viewport, plus contrast and screenshots."""

    desktop: dict[str, Any]
    phone: dict[str, Any]
    contrast: list[dict[str, Any]]
    screenshots: list[str | None]
    axe_version: str


class Renderer:
    def __init__(self, options: RenderOptions):
        self.options = options
        self.browser: Browser | None = None
        self.loader: Loader | None = None
        self.policy: Policy | None = None
        self.session: str | None = None

    # The browser ----------------------------------------------------------------------------------

    def _ready(self, deadline: float) -> Browser:
        """The browser with its one page open, started (or restarted after a failure) when needed."""
        if self.browser is not None and not self.browser.alive:
            self._stop()
        if self.browser is None:
            self.loader = Loader(self.options.user_agent, self.options.fetch_timeout, self.options.max_bytes)
            browser = Browser(self.options.binary, OFFLINE_FLAGS, self.options.scratch, self._event, page=False)
            browser.wake_fd, browser.on_wake = self.loader.wake_read, self._answer
            self.browser = browser
            try:
                browser.call("Browser.setDownloadBehavior", deadline, behavior="deny")
                context = browser.call("Target.createBrowserContext", deadline)["browserContextId"]
                target = browser.call("Target.createTarget", deadline, url="about:blank",
                                      browserContextId=context)["targetId"]
                self.session = browser.session = browser.call("Target.attachToTarget", deadline, targetId=target,
                                                              flatten=True)["sessionId"]
                browser.call("Page.enable", deadline)
                browser.call("Page.setLifecycleEventsEnabled", deadline, enabled=True)
                browser.call("Fetch.enable", deadline, patterns=[{"urlPattern": "*"}])
            except BrowserError:
                self._stop()
                raise
        return self.browser

    def _stop(self) -> None:
        self.session = None
        if self.browser is not None:
            self.browser.kill()
            self.browser.close()
            self.browser = None
        if self.loader is not None:
            self.loader.close()
            self.loader = None

    def close(self) -> None:
        if self.browser is not None:
            with contextlib.suppress(BrowserError):
                self.browser.close()
            self.browser = None
        self._stop()
        self.session = None

    # Requests the page makes -----------------------------------------------------------------------

    def _event(self, message: dict[str, Any]) -> bool:
        method = message.get("method")
        browser = self.browser
        if browser is None:
            return False
        if method == "Fetch.requestPaused":
            self._paused(browser, message.get("sessionId") or "", message["params"])
            return True
        if method == "Page.javascriptDialogOpening":  # alert() would stop the page's scripts
            leaving = message.get("params", {}).get("type") == "beforeunload"
            browser.send("Page.handleJavaScriptDialog", message.get("sessionId"), accept=leaving)
            return True
        return False

    def _paused(self, browser: Browser, session: str, params: dict[str, Any]) -> None:
        request_id = params["requestId"]
        url, method = params["request"]["url"], params["request"].get("method", "GET")
        policy = self.policy
        verdict = policy.decide(url, method) if policy is not None and session == self.session else Verdict.BLOCK
        if verdict is Verdict.DOCUMENT and policy is not None:
            browser.send("Fetch.fulfillRequest", session, requestId=request_id, responseCode=200,
                         responseHeaders=[{"name": "Content-Type", "value": "text/html; charset=utf-8"}],
                         body=base64.b64encode(policy.document).decode("ascii"))
        elif verdict is Verdict.FETCH and self.loader is not None and policy is not None:
            policy.fetched += 1
            self.loader.fetch(session, request_id, url, method)
        elif verdict is Verdict.LOCAL and self.loader is not None and policy is not None:
            policy.fetched += 1
            self.loader.read_local(session, request_id, policy.local_file(url))
        else:
            browser.send("Fetch.failRequest", session, requestId=request_id, errorReason="BlockedByClient")

    def _answer(self) -> None:
        if self.loader is None or self.browser is None:
            return
        for answer in self.loader.answers():
            method, params = answer.command()
            self.browser.send(method, answer.session, **params)

    # One page ---------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def page(self, document: Document) -> Iterator[LivePage]:
        """The document loaded, settled and serialised; on exit the tab is emptied and what the page
        stored (cookies, storage, cache) is cleared, so the next page starts as a first visit."""
        try:
            browser = self._ready(time.monotonic() + START_TIME)
            deadline = time.monotonic() + self.options.deadline  # the page's own time starts now
            browser.events.clear()
            self.policy = _policy(document, self.options)
            live = LivePage(self, browser, deadline)
            live.load()
        except BrowserTimeout:
            self._stop()
            raise RenderError("render-timeout", self._late()) from None
        except BrowserError as exc:
            self._stop()
            raise RenderError("render-failed", f"the browser could not render the page ({exc})") from None
        try:
            yield live
        finally:
            self._leave()

    def _late(self) -> str:
        return (f"the page did not finish loading and settling within {self.options.deadline:g} s in the browser "
                "(a script or resource that never finishes?); it was not checked. Raise --render-timeout, or "
                "check it without --render")

    def _leave(self) -> None:
        policy, self.policy = self.policy, None
        browser = self.browser
        if browser is None or policy is None:
            return
        try:
            deadline = time.monotonic() + 5
            blank = browser.call("Page.navigate", deadline, url="about:blank")
            while True:  # its load event, so none is left to be taken for the next page's
                event = browser.wait_for("Page.lifecycleEvent", deadline)["params"]
                if event.get("name") == "load" and event.get("loaderId") == blank.get("loaderId"):
                    break
            origin = origin_of(policy.address)
            if origin:
                browser.call("Storage.clearDataForOrigin", deadline, origin=origin, storageTypes="all")
        except BrowserError:  # the page is stuck: the next page gets a new browser
            self._stop()


class LivePage:
    """A loaded page: its HTML as the browser built it, and its labels measured on request."""

    def __init__(self, renderer: Renderer, browser: Browser, deadline: float):
        self.renderer = renderer
        self.browser = browser
        self.deadline = deadline
        self.world: int | None = None
        self.html = ""
        self.settled_ms = 0
        self.loaded = False

    @property
    def policy(self) -> Policy:
        assert self.renderer.policy is not None
        return self.renderer.policy

    def load(self) -> None:
        browser, deadline, options = self.browser, self.deadline, self.renderer.options
        browser.viewport(DESKTOP.width, DESKTOP.height, DESKTOP.mobile, DESKTOP.scale, deadline)
        navigation = browser.call("Page.navigate", deadline, url=self.policy.address)
        if navigation.get("errorText"):
            raise BrowserError(f"loading failed: {navigation['errorText']}")
        self.loaded = self._wait_for_load(navigation.get("frameId"))
        here = browser.evaluate("location.href", deadline, None)
        if isinstance(here, str) and here.split("#", 1)[0] != self.policy.address:
            raise BrowserError(f"the page went to another address ({here[:200]})")
        self.world = browser.call("Page.createIsolatedWorld", deadline, frameId=navigation["frameId"],
                                  worldName="disclosure-lint")["executionContextId"]
        quiet = min(options.quiet, options.settle)
        self.settled_ms = int(browser.evaluate(scripts.call(scripts.SETTLE, round(quiet * 1000),
                                                            round(options.settle * 1000)), deadline, self.world))
        html = browser.evaluate(scripts.SERIALISE, deadline, self.world)
        if not isinstance(html, str):
            raise BrowserError("the page has no document to read")
        if len(html) > options.max_bytes:
            raise BrowserError(f"the rendered page is larger than {options.max_bytes} characters")
        self.html = html

    def _wait_for_load(self, frame: str | None) -> bool:
        """The load event of the page's frame: of this navigation, or of the one the page started
        itself (a script that reloads or replaces the page at once). A page whose load event never
        comes (an image that fails and is asked for again forever) is read LOAD_GRACE seconds after
        its DOM was complete; one whose DOM never completes (a script that never arrives) runs into
        the deadline. True when the load event came."""
        ready_by: float | None = None
        while True:
            until = self.deadline if ready_by is None else min(self.deadline, ready_by)
            try:
                event = self.browser.wait_for("Page.lifecycleEvent", until)["params"]
            except BrowserTimeout:
                if ready_by is not None and time.monotonic() < self.deadline:
                    return False
                raise
            if event.get("frameId") != frame:
                continue
            if event.get("name") == "load":
                return True
            if event.get("name") == "DOMContentLoaded" and ready_by is None:
                ready_by = time.monotonic() + LOAD_GRACE

    def measure(self, specs: list[dict[str, Any]], body: list[int]) -> Measured:
        """Each label measured on the desktop (with contrast and a screenshot) and on the phone."""
        try:
            return self._measure(specs, body)
        except BrowserTimeout:
            self.renderer._stop()
            raise RenderError("render-timeout", self.renderer._late()) from None
        except BrowserError as exc:
            self.renderer._stop()
            raise RenderError("render-failed", f"the browser could not measure the page ({exc})") from None

    def _measure(self, specs: list[dict[str, Any]], body: list[int]) -> Measured:
        browser, deadline, world = self.browser, self.deadline, self.world
        desktop = browser.evaluate(scripts.call(scripts.MEASURE, specs, body), deadline, world)
        contrast: list[dict[str, Any]] = []
        version = ""
        if any(label.get("found") for label in desktop["labels"]):
            browser.evaluate(axe_source(self.renderer.options.axe) + "\n;true", deadline, world)
            version = str(browser.evaluate("axe.version", deadline, world) or "")
            contrast = browser.evaluate(scripts.call(scripts.CONTRAST, len(specs)), deadline, world) or []
        shots = [self._shot(label) if self.renderer.options.screenshots else None for label in desktop["labels"]]
        browser.viewport(PHONE.width, PHONE.height, PHONE.mobile, PHONE.scale, deadline)
        browser.evaluate(scripts.FRAMES, deadline, world)
        phone = browser.evaluate(scripts.call(scripts.MEASURE, specs, body), deadline, world)
        return Measured(desktop, phone, contrast, shots, version)

    def _shot(self, label: dict[str, Any]) -> str | None:
        if not label.get("found") or label.get("hidden_by"):
            return None
        width = min(label["width"] + 2 * SHOT_PADDING, SHOT_MAX[0])
        height = min(label["height"] + 2 * SHOT_PADDING, SHOT_MAX[1])
        clip = {"x": max(0.0, label["left"] - SHOT_PADDING), "y": max(0.0, label["top"] - SHOT_PADDING),
                "width": max(width, 1), "height": max(height, 1), "scale": 1}
        data = self.browser.call("Page.captureScreenshot", self.deadline, format="png", clip=clip,
                                 captureBeyondViewport=True)["data"]
        return "data:image/png;base64," + data


def _policy(document: Document, options: RenderOptions) -> Policy:
    address = address_for(document.url, document.path, document.source)
    own = origin_of(address)
    folder = Path(document.path).resolve().parent if document.path and not document.url else None
    allowed = frozenset(options.allow) if own == DRAFT_ORIGIN else frozenset({own, *options.allow})
    return Policy(address=address, document=document.text.encode("utf-8", "surrogatepass"), allowed=allowed,
                  folder=folder)
