"""`--cache DIR`: pages kept between runs and revalidated, so a second audit of a site downloads only
what changed. Only successful answers that carry a validator (ETag or Last-Modified) are kept, and
never one marked no-store; every later fetch asks the server (If-None-Match, If-Modified-Since) and
uses the kept body only on 304 Not Modified. Failures, 429 and redirects are never kept, so a
run never repeats yesterday's outage.

One file per URL (its decompressed body under a one-line JSON header), named by a hash of the URL,
written to a temporary name and renamed, so a crash leaves no half entry."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedPage:
    url: str
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    body: bytes

    def validators(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def answer(self, url: str):
        from disclosure_lint.sources.fetcher import Answer
        return Answer(self.url or url, 200, self.content_type, self.charset, self.body)


class PageCache:
    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.page"

    def lookup(self, url: str) -> CachedPage | None:
        try:
            raw = self._path(url).read_bytes()
            head, _, body = raw.partition(b"\n")
            meta = json.loads(head)
            if meta.get("format") != FORMAT or meta.get("key") != url:
                return None
            return CachedPage(meta["url"], meta["content_type"], meta.get("charset"), meta.get("etag"),
                              meta.get("last_modified"), body)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, url: str, answer, headers: httpx.Headers) -> None:
        """Keep a successful answer when it can be revalidated; forget the URL otherwise."""
        etag, modified = headers.get("etag"), headers.get("last-modified")
        cache_control = headers.get("cache-control", "").lower()
        path = self._path(url)
        if answer.status != 200 or "no-store" in cache_control or not (etag or modified):
            path.unlink(missing_ok=True)
            return
        meta = {"format": FORMAT, "key": url, "url": answer.url, "content_type": answer.content_type,
                "charset": answer.charset, "etag": etag, "last_modified": modified}
        try:
            path.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(meta).encode() + b"\n" + answer.body)
            os.replace(temporary, path)
        except OSError:  # a full or read-only disk costs the cache, not the run
            return

    def close(self) -> None:
        pass
