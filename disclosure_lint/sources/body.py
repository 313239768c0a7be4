"""A response body read under two caps at once: bytes on the wire and bytes after decompression.
Decompression is incremental with a bound on each step's output, so a gzip bomb is stopped after
at most the cap is inflated, never held whole in memory."""

from __future__ import annotations

import zlib


class TooLarge(Exception):
    """The body is over the cap, on the wire or once decompressed."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding this reader does not decode (only gzip and deflate are asked for)."""


class CappedBody:
    def __init__(self, content_encoding: str, max_bytes: int):
        self.max_bytes = max_bytes
        self.raw_size = 0
        self.size = 0
        self.chunks: list[bytes] = []
        encoding = content_encoding.strip().lower()
        if encoding in ("", "identity"):
            self._encoding = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._encoding = encoding
        else:
            raise UnsupportedEncoding(encoding)
        self._decoder: zlib._Decompress | None = None

    def feed(self, data: bytes) -> None:
        self.raw_size += len(data)
        if self.raw_size > self.max_bytes:
            raise TooLarge(f"more than {self.max_bytes} bytes")
        if self._encoding is None:
            self._keep(data)
            return
        if self._decoder is None:
            self._decoder = zlib.decompressobj(_window_bits(self._encoding, data))
        while data:
            out = self._decoder.decompress(data, self.max_bytes - self.size + 1)
            self._keep(out)
            data = self._decoder.unconsumed_tail

    def finish(self) -> bytes:
        if self._decoder is not None:
            self._keep(self._decoder.flush())
        return b"".join(self.chunks)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise TooLarge(f"decompresses to more than {self.max_bytes} bytes")
        if data:
            self.chunks.append(data)


def _window_bits(encoding: str, head: bytes) -> int:
    if encoding != "deflate":
        return 16 + zlib.MAX_WBITS  # gzip wrapper
    # "deflate" should be zlib-wrapped, but some servers send a raw deflate stream.
    if len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip file (a .xml.gz sitemap) under the cap on its decompressed size."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    chunks: list[bytes] = []
    size = 0
    while data and not decoder.eof:
        out = decoder.decompress(data, max_bytes - size + 1)
        size += len(out)
        if size > max_bytes:
            raise TooLarge(f"decompresses to more than {max_bytes} bytes")
        chunks.append(out)
        data = decoder.unconsumed_tail
    return b"".join(chunks)
