"""Loopback servers for the rendering tests: a site that serves pages and scripts by path, logs
every request it gets and can leave a request unanswered until the test ends; and a port that
only counts the connections made to it (the "other origin" no rendered page may reach)."""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css"}


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.hanging: set[str] = set()
        self.release = threading.Event()
        self.log: list[tuple[str, str]] = []  # (method, path) of every request, in order
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def add(self, path: str, body: bytes, kind: str | None = None) -> str:
        self.routes[path] = (kind or TYPES.get(path[path.rfind("."):], "text/plain"), body)
        return self.url(path)

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()
        self._thread.join(5)


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.log.append((self.command, path))
        if path in self.server.hanging:
            self.server.release.wait(60)
            return
        route = self.server.routes.get(path)
        if route is None:
            self.send_error(404)
            return
        kind, body = route
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Listener:
    """A TCP port on 127.0.0.1 that accepts connections, counts them and closes them at once."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.accepted += 1
            connection.close()

    def close(self) -> None:
        """Stop accepting and wait for the thread (a plain close leaves accept() blocked, and a live
        thread changes how later tests start worker processes)."""
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        self.socket.close()
        self._thread.join(5)
