"""What a rendered page may load. The browser itself never touches the network: every request a
page makes is paused (the DevTools Fetch domain) and answered here. The document is the one the
run already read; its own origin's resources (and those of origins the user allowed) are fetched
by this module with GET and the run's limits; everything else is refused and recorded.

A draft read from disk is shown at a made-up address on the reserved `.invalid` domain; its
resources are read from the draft's own folder, never above it."""

from __future__ import annotations

import base64
import contextlib
import mimetypes
import os
import queue
import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

DRAFT_ORIGIN = "http://draft.invalid"
MAX_REQUESTS = 300  # per page; a page asking for more is refused the rest
LOADERS = 6  # resources fetched at once, like a browser's connections to one host
KEEP_BLOCKED = 20  # blocked addresses kept per page for the report (all are counted)
# Response headers passed on to the browser; the rest (encodings the client already undid,
# lengths, cookies) would be wrong or unwanted after fetching.
PASSED_HEADERS = frozenset({"content-type", "location", "cache-control", "expires", "last-modified", "etag",
                            "access-control-allow-origin", "timing-allow-origin"})


class Verdict(str, Enum):
    DOCUMENT = "document"  # the page itself, as the run read it
    FETCH = "fetch"  # the page's own origin, or one the user allowed
    LOCAL = "local"  # a file beside a draft
    BLOCK = "block"


def origin_of(url: str) -> str:
    """scheme://host[:port], lower-case, with the default port left out."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host or scheme not in ("http", "https"):
        return ""
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def address_for(url: str | None, path: str | None, source: str) -> str:
    """Where the browser is told the page lives: its URL, or a made-up one for a draft."""
    if url and origin_of(url):
        return url.split("#", 1)[0]
    name = Path(path).name if path else (Path(source).name if source not in ("-", "") else "stdin.html")
    return f"{DRAFT_ORIGIN}/{quote(name or 'draft.html')}"


@dataclass
class Policy:
    """The decisions for one page."""

    address: str
    document: bytes
    allowed: frozenset[str]  # origins whose resources may be fetched
    folder: Path | None = None  # a draft's folder, for its local resources
    requests: int = 0
    fetched: int = 0
    blocked: list[str] = field(default_factory=list)
    blocked_count: int = 0

    def decide(self, url: str, method: str) -> Verdict:
        self.requests += 1
        if url.split("#", 1)[0] == self.address and method in ("GET", "HEAD"):
            return Verdict.DOCUMENT
        origin = origin_of(url)
        if method not in ("GET", "HEAD") or self.requests > MAX_REQUESTS or not origin:
            return self.block(url)
        if origin == DRAFT_ORIGIN:
            return Verdict.LOCAL if self.folder is not None else self.block(url)
        return Verdict.FETCH if origin in self.allowed else self.block(url)

    def block(self, url: str) -> Verdict:
        self.blocked_count += 1
        if len(self.blocked) < KEEP_BLOCKED:
            self.blocked.append(url[:300])
        return Verdict.BLOCK

    def local_file(self, url: str) -> Path | None:
        """The file a draft's resource names, if it lies inside the draft's folder."""
        if self.folder is None:
            return None
        relative = unquote(urlsplit(url).path).lstrip("/")
        try:
            root = self.folder.resolve()
            target = (root / relative).resolve()
        except (OSError, ValueError):
            return None
        if target != root and root not in target.parents:
            return None
        return target if target.is_file() else None


@dataclass(frozen=True, slots=True)
class Answer:
    """What the browser is given for one paused request."""

    request_id: str
    session: str
    status: int = 0  # 0: refuse the request
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def command(self) -> tuple[str, dict]:
        if not self.status:
            return "Fetch.failRequest", {"requestId": self.request_id, "errorReason": "BlockedByClient"}
        return "Fetch.fulfillRequest", {
            "requestId": self.request_id, "responseCode": self.status,
            "responseHeaders": [{"name": k, "value": v} for k, v in self.headers],
            "body": base64.b64encode(self.body).decode("ascii")}


class Loader:
    """Fetches allowed resources on a few threads; finished answers wait in `done`, and a byte on
    the wake pipe tells the browser loop to pass them on."""

    def __init__(self, user_agent: str, timeout: float, max_bytes: int):
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.done: queue.SimpleQueue[Answer] = queue.SimpleQueue()
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        # Daemon threads: a resource that never answers must not keep the process from exiting.
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._client = None
        self._lock = threading.Lock()
        for _ in range(LOADERS):
            threading.Thread(target=self._work, daemon=True, name="disclosure-lint-render").start()

    def fetch(self, session: str, request_id: str, url: str, method: str) -> None:
        self._jobs.put((self._fetch, (session, request_id, url, method)))

    def read_local(self, session: str, request_id: str, path: Path | None) -> None:
        self._jobs.put((self._read_local, (session, request_id, path)))

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            function, args = job
            function(*args)

    def _fetch(self, session: str, request_id: str, url: str, method: str) -> None:
        try:
            answer = self._get(session, request_id, url, method)
        except Exception:  # any failure is a refused request, as a network error would be
            answer = Answer(request_id, session)
        self._finish(answer)

    def _get(self, session: str, request_id: str, url: str, method: str) -> Answer:
        client = self._http()
        with client.stream(method, url, headers={"User-Agent": self.user_agent}) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    return Answer(request_id, session)
            headers = tuple((k, v) for k, v in response.headers.items() if k.lower() in PASSED_HEADERS)
            return Answer(request_id, session, response.status_code, headers, bytes(body))

    def _read_local(self, session: str, request_id: str, path: Path | None) -> None:
        if path is None:
            self._finish(Answer(request_id, session, 404, (("Content-Type", "text/plain"),), b"not found"))
            return
        try:
            if path.stat().st_size > self.max_bytes:
                raise OSError("too large")
            body = path.read_bytes()
        except OSError:
            self._finish(Answer(request_id, session))
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._finish(Answer(request_id, session, 200, (("Content-Type", kind),), body))

    def _finish(self, answer: Answer) -> None:
        self.done.put(answer)
        with contextlib.suppress(OSError):  # a full pipe: the loop is already due to wake
            os.write(self.wake_write, b"!")

    def answers(self) -> list[Answer]:
        """Everything finished so far (and the wake pipe drained)."""
        with contextlib.suppress(OSError):  # BlockingIOError: drained
            while os.read(self.wake_read, 4096):
                pass
        out = []
        while True:
            try:
                out.append(self.done.get_nowait())
            except queue.Empty:
                return out

    def _http(self):
        with self._lock:
            if self._client is None:
                import httpx

                self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                                            trust_env=False, limits=httpx.Limits(max_connections=LOADERS))
            return self._client

    def close(self) -> None:
        for _ in range(LOADERS):
            self._jobs.put(None)
        if self._client is not None:
            self._client.close()
        for fd in (self.wake_read, self.wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)
