"""A small site that changes between audits, for the history tests and the monthly-audit
walk-through: files written into a folder per run, and one page served from 127.0.0.1 that can
be made to stall (its request waits until the server stops), so a run sees it time out."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import FIXTURES

UNNAMED = (FIXTURES / "ci" / "DL201-violation.html").read_text(encoding="utf-8")  # labelled, nobody named
NAMED = UNNAMED.replace("<p>Observers", "<p>This article is sponsored by Northwind Energy.</p>\n<p>Observers")
PLAIN = "".join(line for line in UNNAMED.splitlines(keepends=True) if 'class="label"' not in line)
BOTTOM_ONLY = (FIXTURES / "ci" / "DL301-violation.md").read_text(encoding="utf-8")


class StallingSite:
    """Serves /sponsored.html; while `stall` is set, a request for it waits until stop()."""

    def __init__(self) -> None:
        self.stall = False
        self.stopping = threading.Event()
        self.stalled = threading.Event()  # set when a request has started waiting
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/sponsored.html":
                    self.send_error(404)
                    return
                if site.stall:
                    site.stalled.set()
                    site.stopping.wait()
                    return
                body = UNNAMED.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sponsored.html"

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


# The site in each month: file name -> text (a missing name is a page taken down).
MONTHS: dict[int, dict[str, str]] = {
    1: {"a.html": UNNAMED, "b.md": BOTTOM_ONLY, "c.html": PLAIN, "d.html": UNNAMED},
    2: {"a.html": NAMED, "b.md": BOTTOM_ONLY, "c.html": UNNAMED, "e.html": PLAIN},
    3: {"a.html": UNNAMED, "b.md": BOTTOM_ONLY, "c.html": PLAIN, "e.html": PLAIN},
}


def write_month(folder: Path, month: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.name not in MONTHS[month]:
            old.unlink()
    for name, text in MONTHS[month].items():
        (folder / name).write_text(text, encoding="utf-8")
