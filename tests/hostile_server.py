"""A misbehaving web site on 127.0.0.1 for fetch tests, standard library only. Each path is one
way a real server goes wrong: a slow drip, silence, 429 then 200, 503 then 200, redirect loops and
redirects to other schemes, huge bodies, a gzip bomb, a lying charset, binary content served as
HTML, a connection reset mid-body, robots.txt rules, sitemaps. It counts hits per path, so a test
can tell that a disallowed page was never requested.

Every slow path is bounded (it stops by itself after MAX_STALL seconds or when the client leaves),
so a test that goes wrong still ends."""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_STALL = 15.0
HUGE_BYTES = 50 * 1024 * 1024

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>
<p class="label">Sponsored</p>
<h1>{title}</h1>
<p class="byline">By Ana Ruiz</p>
<p>This article is sponsored by Acme Foundation.</p>
<p>Cities are changing fast, and the way people move through them changes with them.</p>
<p>Bike lanes, buses and trains carry more people every year.</p>
</body></html>"""

JS_SHELL = """<!doctype html><html><head><title>News</title><script src="/static/app.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def page(title: str) -> bytes:
    return PAGE.format(title=title).encode("utf-8")


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: a batch opening 16 connections at once on a busy
    # machine overflowed it, and the kernel dropped the extra SYNs, to be resent only after 1 s,
    # past a short connect timeout ("could not connect within 1 s").
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HostileHandler)
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}  # when each path was asked for
        self.headers_seen: dict[str, dict[str, str]] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.active = 0  # /slow-page requests being answered right now, and the most at once
        self.most_active = 0
        self.files: dict[str, tuple[str, bytes]] = {}  # path -> (content type, body), set by tests
        self._bomb: bytes | None = None
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            self.times.setdefault(path, []).append(time.monotonic())
            return self.hits[path]

    @property
    def bomb(self) -> bytes:
        """32 MiB of spaces, gzipped to about 32 KiB."""
        if self._bomb is None:
            self._bomb = gzip.compress(b"<p>" + b" " * (32 * 1024 * 1024), compresslevel=9)
        return self._bomb


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HostileServer

    def log_message(self, format, *args):  # quiet
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        count = self.server.hit(path)
        self.server.headers_seen[path] = {k.lower(): v for k, v in self.headers.items()}
        if path in self.server.files:
            content_type, body = self.server.files[path]
            return self.send(200, body, content_type)
        if path == "/robots.txt":
            return self.send(200, ROBOTS.encode(), "text/plain")
        if path.startswith("/page/") or path.startswith("/private/"):
            return self.send(200, page(path.rsplit("/", 1)[-1].replace("-", " ").title()))
        if path == "/slow-page":
            with self.server.lock:
                self.server.active += 1
                self.server.most_active = max(self.server.most_active, self.server.active)
            try:
                self.stall(float(query.get("s", ["0.3"])[0]))
            finally:
                with self.server.lock:
                    self.server.active -= 1
            return self.send(200, page("Slow page"))
        if path == "/drip":
            return self.drip()
        if path == "/silent":
            return self.stall(MAX_STALL)
        if path.startswith("/429-then-ok/"):
            if count == 1:
                return self.send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            return self.send(200, page("After 429"))
        if path.startswith("/503-then-ok/"):
            if count == 1:
                return self.send(503, b"busy", "text/plain")
            return self.send(200, page("After 503"))
        if path == "/always-503":
            return self.send(503, b"busy", "text/plain")
        if path == "/retry-after-forever":
            return self.send(429, b"slow down", "text/plain", {"Retry-After": "3600"})
        if path == "/loop/a":
            return self.send(302, b"", "text/plain", {"Location": "/loop/b"})
        if path == "/loop/b":
            return self.send(302, b"", "text/plain", {"Location": "/loop/a"})
        if path == "/to-ftp":
            return self.send(302, b"", "text/plain", {"Location": "ftp://127.0.0.1/file.html"})
        if path == "/redirect":
            return self.send(302, b"", "text/plain", {"Location": query["to"][0]})
        if path == "/huge":
            return self.huge(declared=False)
        if path == "/huge-declared":
            return self.huge(declared=True)
        if path == "/bomb":
            return self.send(200, self.server.bomb, extra={"Content-Encoding": "gzip"})
        if path == "/gzip-page":
            return self.send(200, gzip.compress(page("Gzipped page")), extra={"Content-Encoding": "gzip"})
        if path == "/wrong-charset":
            body = page("Grüne Städte für Müller")  # UTF-8 bytes, declared as Latin-1
            return self.send(200, body, "text/html; charset=iso-8859-1")
        if path == "/binary":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "text/html")
        if path == "/image":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        if path == "/reset":
            return self.reset_mid_body()
        if path == "/js-shell":
            return self.send(200, JS_SHELL.encode())
        if path == "/etag-page":
            if self.headers.get("If-None-Match") == '"v1"':
                self.server.hit("304:" + path)
                return self.send(304, b"", extra={"ETag": '"v1"'})
            return self.send(200, page("Kept page"), extra={"ETag": '"v1"'})
        if path == "/echo":
            seen = self.server.headers_seen[path]
            title = f"auth={seen.get('authorization', '-')} cookie={seen.get('cookie', '-')}"
            return self.send(200, page(title))
        return self.send(404, b"not found", "text/plain")

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def stall(self, seconds: float) -> None:
        self.server.stopping.wait(seconds)

    def drip(self) -> None:
        """Headers at once, then one byte every 0.1 s: never silent for long, never done."""
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><p>")
            deadline = time.monotonic() + MAX_STALL
            while time.monotonic() < deadline and not self.server.stopping.is_set():
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def huge(self, declared: bool) -> None:
        self.close_connection = True
        chunk = b"<p>" + b"a" * (64 * 1024 - 3)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if declared:
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass

    def reset_mid_body(self) -> None:
        """Promise 100 kB, send 5 kB, then abort the connection with a TCP reset."""
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<!doctype html><p>" + b"a" * 5000)
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
