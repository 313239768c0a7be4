"""Inputs to Documents, in the order given: files, folders, `-` for stdin, http(s) URLs, URL lists,
sitemaps, WARC/ARC archives and manifests of them. Each input yields at least one result (an
archive one per HTML response record, its other records counted as skipped); failures are InputErrors, never exceptions.

URLs are fetched ahead by the Fetcher's background thread while earlier documents are being
checked; a bounded window of pending pages keeps results in input order and memory flat. Given a
`fetcher` of its own, the caller receives a page still being fetched as its Future instead of
waiting for it, so a consumer with other work (the pool collecting finished checks) is never held
up by a slow server; the caller then closes the fetcher when it has what it needs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from disclosure_lint.model import Document, InputError
from disclosure_lint.sources.files import read_path, read_stdin
from disclosure_lint.sources.options import FetchOptions, Sitemap, Stdin, UrlList, WarcList
from disclosure_lint.sources.urls import is_url
from disclosure_lint.sources.warc import Archive, ArchiveTally, is_archive

__all__ = ["ArchiveTally", "FetchOptions", "Fetching", "Sitemap", "Stdin", "UrlList", "WarcList", "iter_documents"]

# A Document passes through as it is: text the caller already holds (the Python API's drafts).
Input = str | Stdin | UrlList | Sitemap | WarcList | Document | InputError


def iter_documents(inputs: Iterable[Input], options: FetchOptions | None = None,
                   tally: ArchiveTally | None = None,
                   fetcher: Fetching | None = None) -> Iterator[Document | InputError | Future]:
    """`tally` counts the records read from archives and why the skipped ones were skipped."""
    options = options or FetchOptions()
    tally = tally if tally is not None else ArchiveTally()
    waiting = fetcher is not None
    fetcher = fetcher if fetcher is not None else Fetching(options)
    window: deque[Future | InputError | Document | Archive | Stdin | str] = deque()
    try:
        for item in _selected(_expanded(inputs, fetcher, options), options):
            window.append(fetcher.get().page(item) if isinstance(item, str) and is_url(item) else item)
            while len(window) >= options.lookahead:
                yield from _settle(window.popleft(), tally, waiting)
        while window:
            yield from _settle(window.popleft(), tally, waiting)
    finally:
        for pending in window:
            if isinstance(pending, Future):
                pending.cancel()
        if not waiting:
            fetcher.close()


def _settle(pending: Future | InputError | Document | Archive | Stdin | str,
            tally: ArchiveTally, waiting: bool) -> Iterator[Document | InputError | Future]:
    if isinstance(pending, Future):
        yield pending if waiting and not pending.done() else pending.result()
    elif isinstance(pending, (InputError, Document)):
        yield pending
    elif isinstance(pending, Stdin):
        yield read_stdin(pending.name)
    elif isinstance(pending, Archive):
        from disclosure_lint.sources.warc import read_archive
        yield from read_archive(pending, tally)
    elif pending == "-":
        yield read_stdin(pending)
    elif is_archive(pending):
        from disclosure_lint.sources.warc import read_archive
        yield from read_archive(Archive(pending, pending), tally)
    else:
        yield from read_path(pending)


def _expanded(inputs: Iterable[Input], fetcher: Fetching,
              options: FetchOptions) -> Iterator[str | Stdin | Archive | Document | InputError]:
    for item in inputs:
        if isinstance(item, UrlList):
            from disclosure_lint.sources.urllist import read_url_list
            yield from read_url_list(item.path)
        elif isinstance(item, WarcList):
            from disclosure_lint.sources.warclist import read_warc_list
            yield from read_warc_list(item.path, item.base)
        elif isinstance(item, Sitemap):
            yield from _sitemap_urls(item.location, fetcher, options)
        else:
            yield item


def _sitemap_urls(location: str, fetcher: Fetching, options: FetchOptions) -> Iterator[str | InputError]:
    from disclosure_lint.sources.sitemap import read_local, walk_sitemap

    def load(where: str) -> bytes | InputError:
        if is_url(where):
            return fetcher.get().read(where, options.sitemap_max_bytes)
        return read_local(where, options.sitemap_max_bytes)

    yield from walk_sitemap(location, load, options.sitemap_max_bytes)


def _selected(items: Iterable[str | Stdin | Archive | Document | InputError],
              options: FetchOptions) -> Iterator[str | Stdin | Archive | Document | InputError]:
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


class Fetching:
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
