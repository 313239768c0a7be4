"""Inputs to Documents, in the order given: files, folders, `-` for stdin, http(s) URLs, URL lists
and sitemaps. Each input yields at least one result; failures are InputErrors, never exceptions.

URLs are fetched ahead by the Fetcher's background thread while earlier documents are being
checked; a bounded window of pending pages keeps results in input order and memory flat."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from disclosure_lint.model import Document, InputError
from disclosure_lint.sources.files import read_path, read_stdin
from disclosure_lint.sources.options import FetchOptions, Sitemap, UrlList
from disclosure_lint.sources.urls import is_url

__all__ = ["FetchOptions", "Sitemap", "UrlList", "iter_documents"]

Input = str | UrlList | Sitemap | InputError


def iter_documents(inputs: Iterable[Input], options: FetchOptions | None = None) -> Iterator[Document | InputError]:
    options = options or FetchOptions()
    fetcher = _LazyFetcher(options)
    window: deque[Future | InputError | str] = deque()
    try:
        for item in _selected(_expanded(inputs, fetcher, options), options):
            window.append(fetcher.get().page(item) if isinstance(item, str) and is_url(item) else item)
            while len(window) >= options.lookahead:
                yield from _settle(window.popleft())
        while window:
            yield from _settle(window.popleft())
    finally:
        for pending in window:
            if isinstance(pending, Future):
                pending.cancel()
        fetcher.close()


def _settle(pending: Future | InputError | str) -> Iterator[Document | InputError]:
    if isinstance(pending, Future):
        yield pending.result()
    elif isinstance(pending, InputError):
        yield pending
    elif pending == "-":
        yield read_stdin(pending)
    else:
        yield from read_path(pending)


def _expanded(inputs: Iterable[Input], fetcher: _LazyFetcher, options: FetchOptions) -> Iterator[str | InputError]:
    for item in inputs:
        if isinstance(item, UrlList):
            from disclosure_lint.sources.urllist import read_url_list
            yield from read_url_list(item.path)
        elif isinstance(item, Sitemap):
            yield from _sitemap_urls(item.location, fetcher, options)
        else:
            yield item


def _sitemap_urls(location: str, fetcher: _LazyFetcher, options: FetchOptions) -> Iterator[str | InputError]:
    from disclosure_lint.sources.sitemap import read_local, walk_sitemap

    def load(where: str) -> bytes | InputError:
        if is_url(where):
            return fetcher.get().read(where, options.sitemap_max_bytes)
        return read_local(where, options.sitemap_max_bytes)

    yield from walk_sitemap(location, load, options.sitemap_max_bytes)


def _selected(items: Iterable[str | InputError], options: FetchOptions) -> Iterator[str | InputError]:
    """--include, --exclude and --max-pages, applied to URLs; files and errors pass through."""
    taken = 0
    for item in items:
        if isinstance(item, str) and is_url(item):
            if options.include and not any(p.search(item) for p in options.include):
                continue
            if any(p.search(item) for p in options.exclude):
                continue
            if options.max_pages is not None and taken >= options.max_pages:
                return
            taken += 1
        yield item


class _LazyFetcher:
    """Starts the HTTP machinery only when a URL needs it, so checking drafts stays fast to start."""

    def __init__(self, options: FetchOptions):
        self.options = options
        self.fetcher = None

    def get(self):
        if self.fetcher is None:
            from disclosure_lint.sources.fetcher import Fetcher
            self.fetcher = Fetcher(self.options)
        return self.fetcher

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
