"""Builds real WARC and ARC files for tests and benchmarks, with warcio's own writer (ARC by hand:
warcio reads ARC but does not write it). Every write returns the record's byte offset, so tests
can hold results to the coordinates a crawl index would give."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DATE = "2024-05-18T01:58:10Z"


@dataclass
class Written:
    """What a builder wrote: the offset of each record it was asked to remember, by its URL."""

    offsets: dict[str, int] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)


class WarcBuilder:
    def __init__(self, stream: BinaryIO, gzipped: bool = True):
        self.stream = stream
        self.gzipped = gzipped
        self.writer = WARCWriter(stream, gzip=gzipped, warc_version="1.1")
        self.written = Written()

    def _write(self, record, remember: str | None = None) -> int:
        offset = self.stream.tell()
        self.writer.write_record(record)
        if remember is not None:
            self.written.offsets[remember] = offset
            self.written.lengths[remember] = self.stream.tell() - offset
        return offset

    def warcinfo(self) -> int:
        return self._write(self.writer.create_warcinfo_record("test.warc.gz", {"software": "tests/warcs.py"}))

    def response(self, url: str, body: bytes, status: str = "200 OK", content_type: str | None = "text/html",
                 encoding: str | None = None, truncated: str | None = None, remember: bool = True) -> int:
        headers = [("Content-Type", content_type)] if content_type else []
        if encoding == "gzip":
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": DATE}
        if truncated:
            warc_headers["WARC-Truncated"] = truncated
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict=warc_headers)
        return self._write(record, url if remember else None)

    def request(self, url: str) -> int:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        return self._write(self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http))

    def metadata(self, url: str) -> int:
        return self._write(self.writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n"),
                                                          warc_content_type="application/warc-fields"))

    def revisit(self, url: str) -> int:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", url, DATE,
                                                   http_headers=http)
        return self._write(record)

    def corrupt(self) -> int:
        """A record that cannot be read: for a gzipped archive a gzip member whose deflate data is
        damaged; for a plain one a line where a record header should start."""
        offset = self.stream.tell()
        head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.test/broken\r\n"
                b"Content-Length: many\r\n\r\n")
        if self.gzipped:
            member = gzip.compress(head + b"HTTP/1.1 200 OK\r\n\r\n<p>broken</p>" * 40)
            middle = len(member) // 2
            member = member[:12] + bytes(b ^ 0x5A for b in member[12:middle]) + member[middle:]
            self.stream.write(member)
        else:
            self.stream.write(b"GARBAGE where a record should start\r\n<p>broken</p>\r\n\r\n")
        return offset


def build_warc(path: Path, pages: Iterable[tuple[str, bytes]], gzipped: bool = True,
               with_companions: bool = True) -> Written:
    """A crawl-like WARC of `pages` (url, html): warcinfo, then request, response and metadata for each."""
    with path.open("wb") as stream:
        builder = WarcBuilder(stream, gzipped)
        builder.warcinfo()
        for url, body in pages:
            if with_companions:
                builder.request(url)
            builder.response(url, body)
            if with_companions:
                builder.metadata(url)
        return builder.written


def build_arc(path: Path, pages: Iterable[tuple[str, bytes]], gzipped: bool = True) -> Written:
    """An ARC (version 1) file of `pages`, each record one gzip member when `gzipped`."""
    written = Written()
    with path.open("wb") as stream:
        records = [_arc_record("filedesc://" + path.name, "text/plain",
                               b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n")]
        urls: list[str | None] = [None]
        for url, body in pages:
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
            records.append(_arc_record(url, "text/html", http))
            urls.append(url)
        for url, record in zip(urls, records, strict=True):
            offset = stream.tell()
            stream.write(_gzip_member(record) if gzipped else record)
            if url:
                written.offsets[url] = offset
                written.lengths[url] = stream.tell() - offset
    return written


def _arc_record(url: str, content_type: str, block: bytes) -> bytes:
    return f"{url} 127.0.0.1 20240518015810 {content_type} {len(block)}\n".encode() + block + b"\n"


def _gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def shared_dir() -> Path | None:
    """shared/ beside the checkout (CI's layout), or two levels up (a worktree's)."""
    root = Path(__file__).resolve().parent.parent
    for base in (root.parent, root.parent.parent):
        if (base / "shared" / "corpus").is_dir():
            return base / "shared"
    return None
