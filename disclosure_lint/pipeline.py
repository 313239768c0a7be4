"""Wiring of the stages for one run: sources -> extract -> engine, yielding one DocumentResult
per input document, in input order, as soon as each is ready. A failure inside one document
becomes that document's error; it never stops the run.

Checking is CPU-bound, so batches are spread over worker processes (pool.py). Results still come
out in input order: a bounded window of pending documents keeps memory flat however long the run."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass

from disclosure_lint.engine import Engine
from disclosure_lint.extract import PageTooComplex, Vocabulary, extract
from disclosure_lint.model import Document, DocumentResult, Evidence, InputError
from disclosure_lint.policy.suppress import settle
from disclosure_lint.sources import Fetching, FetchOptions, iter_documents
from disclosure_lint.sources.warc import ArchiveTally

# Without a time limit, a pool pays for itself only past a handful of documents.
POOL_THRESHOLD = 4
WINDOW_PER_WORKER = 8
# A document still being checked after this long is stopped and reported ("check-timeout"); real
# pages take well under a second (--check-timeout).
DOCUMENT_TIME_LIMIT = 60.0


class CheckFailed(Exception):
    """A document that could not be checked, for a reason with its own error kind."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Checker:
    vocabulary: Vocabulary
    engine: Engine
    suppressions: bool = True  # honour the document's own suppression comments and attributes

    def check(self, document: Document) -> DocumentResult:
        return self.judge(document, lambda: self.read(document))

    def read(self, document: Document) -> Evidence:
        evidence = extract(document, self.vocabulary)
        evidence.signals.extend(document.signals)
        return evidence

    def judge(self, document: Document, evidence: Callable[[], Evidence]) -> DocumentResult:
        """The findings on the evidence `evidence()` gathers for the document; any failure on the
        way is the document's error. The result keeps the document's archive record and encoding."""
        result = self._judge(document, evidence)
        result.archive = document.archive
        result.encoding = document.encoding
        return result

    def _judge(self, document: Document, evidence: Callable[[], Evidence]) -> DocumentResult:
        try:
            found = evidence()
            findings, outcomes = self.engine.evaluate(found)
            findings, silenced, by_rule = settle(document.source, found, findings, outcomes, self.engine,
                                                 self.suppressions)
        except PageTooComplex as exc:
            return failed(document.source, exc.kind, f"{exc}; the page was not checked")
        except CheckFailed as exc:
            return failed(document.source, exc.kind, str(exc))
        except RecursionError:
            return failed(document.source, "too-deep", "the document nests elements too deeply to read")
        except MemoryError:
            return failed(document.source, "too-large", "the document is too large to read in memory")
        except Exception as exc:  # one broken document must not stop the run
            return failed(document.source, "internal", f"could not be checked ({type(exc).__name__}: {exc}); "
                                                       "please report this with the document")
        return DocumentResult(source=document.source, status="checked", evidence=found, findings=findings,
                              format=document.format, outcomes=by_rule, silenced=silenced,
                              digest=text_digest(document.text))


def text_digest(text: str) -> str:
    """What a history keeps of a page's text: enough to tell that it changed, nothing to read."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def failed(source: str, kind: str, message: str) -> DocumentResult:
    return DocumentResult(source=source, status="error", error=InputError(source, kind, f"{source}: {message}"))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(inputs: Iterable[str], checker: Checker, fetch: FetchOptions | None = None,
        jobs: int = 1, tally: ArchiveTally | None = None,
        time_limit: float | None = DOCUMENT_TIME_LIMIT) -> Iterator[DocumentResult]:
    """`tally`, when given, counts the archive records read and skipped (sources.warc). Pages still
    being fetched pass to the checking as Futures, so the fetcher lives as long as the checking."""
    fetcher = Fetching(fetch or FetchOptions())
    try:
        yield from check_all(iter_documents(inputs, fetch, tally, fetcher=fetcher), checker, jobs, time_limit)
    finally:
        fetcher.close()


def check_all(items: Iterable[Document | InputError | Future], checker: Checker, jobs: int = 1,
              time_limit: float | None = DOCUMENT_TIME_LIMIT) -> Iterator[DocumentResult]:
    """Check documents (errors pass through), in order. With a time limit every document is
    checked in a worker process, even a single one: only a process can be stopped in the middle of
    a parse in a C library, so one hostile page cannot hang the run. A document that crashes its
    worker or outlasts `time_limit` seconds becomes that document's error. Without a limit, one
    job or a handful of documents are checked in this process."""
    items = iter(items)
    try:
        if time_limit is not None:  # the pool starts no more workers than there are documents
            yield from _pooled([], items, checker, max(1, jobs), time_limit)
            return
        if jobs <= 1:
            for item in items:
                yield _result(item, checker)
            return
        head: list[Document | InputError] = []
        for item in items:
            head.append(item)
            if len(head) > POOL_THRESHOLD:
                break
        else:  # a handful of documents: starting workers would cost more than it saves
            for item in head:
                yield _result(item, checker)
            return
        yield from _pooled(head, items, checker, jobs, time_limit)
    finally:  # a run stopped early (Ctrl-C) stops fetching now, not when the process exits
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _pooled(head: list, rest: Iterator, checker: Checker, jobs: int,
            time_limit: float | None) -> Iterator[DocumentResult]:
    from disclosure_lint.pool import Checks, checked_in_order

    items = itertools.chain(head, rest)
    yield from checked_in_order(items, Checks(checker.check, failed), jobs, jobs * WINDOW_PER_WORKER, time_limit)


def _result(item: Document | InputError | Future, checker: Checker) -> DocumentResult:
    if isinstance(item, Future):  # a page still being fetched: here there is nothing else to do
        item = item.result()
    if isinstance(item, InputError):
        return error_result(item)
    return checker.check(item)


def error_result(error: InputError) -> DocumentResult:
    return DocumentResult(source=error.source, status="error", error=error, archive=error.archive)
