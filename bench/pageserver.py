"""A page server for fetch benchmarks: serves pre-loaded HTML pages over HTTP/1.1 keep-alive on
127.0.0.1, each answer held back by a fixed latency (default 50 ms) like a distant site. It is an
asyncio protocol sending pre-built bytes, so it costs little CPU next to the client it measures.

    python bench/pageserver.py --delay 0.05 /work/shared/corpus/cases   # prints the port, serves /page/N
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from pathlib import Path


def load_pages(folder: Path) -> list[bytes]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".html", ".htm"))
    if not files:
        raise SystemExit(f"no .html files in {folder}")
    return [p.read_bytes() for p in files]


def build_answers(pages: list[bytes]) -> list[bytes]:
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n"
    return [head.format(len(body)).encode("ascii") + body for body in pages]


NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found"


class PageProtocol(asyncio.Protocol):
    def __init__(self, answers: list[bytes], delay: float, stats: dict):
        self.answers = answers
        self.delay = delay
        self.stats = stats
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport):
        self.transport = transport
        self.stats["connections"] += 1

    def data_received(self, data: bytes):
        self.buffer += data
        loop = asyncio.get_running_loop()
        while b"\r\n\r\n" in self.buffer:
            request, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            path = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b"/"
            answer = NOT_FOUND
            if path.startswith(b"/page/"):
                with contextlib.suppress(ValueError):
                    answer = self.answers[int(path[6:].split(b"?")[0]) % len(self.answers)]
            self.stats["requests"] += 1
            loop.call_later(self.delay, self._send, answer)

    def _send(self, answer: bytes):
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(answer)

    def connection_lost(self, exc):
        self.transport = None


async def serve(folder: Path, delay: float, port: int, ready=None) -> None:
    answers = build_answers(load_pages(folder))
    stats = {"requests": 0, "connections": 0}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: PageProtocol(answers, delay, stats), "127.0.0.1", port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    print(bound, flush=True)
    if ready is not None:
        ready(bound)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.folder, args.delay, args.port))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
