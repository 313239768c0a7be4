"""Wiring of the stages for one run: sources -> extract -> engine, yielding one DocumentResult
per input document, in input order, as soon as each is ready. A failure inside one document
becomes that document's error; it never stops the run.

Checking is CPU-bound, so batches are spread over worker processes. Results still come out in
input order: a bounded window of pending documents keeps memory flat however long the run."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from disclosure_lint.engine import Engine
from disclosure_lint.extract import Vocabulary, extract
from disclosure_lint.model import Document, DocumentResult, InputError
from disclosure_lint.policy.suppress import settle
from disclosure_lint.sources import FetchOptions, iter_documents

# A pool pays for itself only past a handful of documents; fewer are checked in this process.
POOL_THRESHOLD = 4
WINDOW_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class Checker:
    vocabulary: Vocabulary
    engine: Engine
    suppressions: bool = True  # honour the document's own suppression comments and attributes

    def check(self, document: Document) -> DocumentResult:
        try:
            evidence = extract(document, self.vocabulary)
            evidence.signals.extend(document.signals)
            findings, outcomes = self.engine.evaluate(evidence)
            findings, silenced, by_rule = settle(document.source, evidence, findings, outcomes, self.engine,
                                                 self.suppressions)
        except RecursionError:
            return failed(document.source, "too-deep", "the document nests elements too deeply to read")
        except MemoryError:
            return failed(document.source, "too-large", "the document is too large to read in memory")
        except Exception as exc:  # one broken document must not stop the run
            return failed(document.source, "internal", f"could not be checked ({type(exc).__name__}: {exc}); "
                                                       "please report this with the document")
        return DocumentResult(source=document.source, status="checked", evidence=evidence, findings=findings,
                              format=document.format, outcomes=by_rule, silenced=silenced)


def failed(source: str, kind: str, message: str) -> DocumentResult:
    return DocumentResult(source=source, status="error", error=InputError(source, kind, f"{source}: {message}"))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(inputs: Iterable[str], checker: Checker, fetch: FetchOptions | None = None,
        jobs: int = 1) -> Iterator[DocumentResult]:
    return check_all(iter_documents(inputs, fetch), checker, jobs)


def check_all(items: Iterable[Document | InputError], checker: Checker, jobs: int = 1) -> Iterator[DocumentResult]:
    """Check documents (errors pass through), in order; in worker processes when jobs > 1."""
    items = iter(items)
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
    yield from _pooled(head, items, checker, jobs)


def _pooled(head: list, rest: Iterator, checker: Checker, jobs: int) -> Iterator[DocumentResult]:
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    window: deque[Future | DocumentResult] = deque()
    limit = jobs * WINDOW_PER_WORKER
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(checker,)) as pool:
        try:
            for item in _chain(head, rest):
                if isinstance(item, InputError):
                    window.append(DocumentResult(source=item.source, status="error", error=item))
                else:
                    window.append(_submit(pool, item))
                while len(window) >= limit:
                    yield _settle(window.popleft())
            while window:
                yield _settle(window.popleft())
        finally:
            for pending in window:
                if isinstance(pending, Future):
                    pending.cancel()


def _submit(pool: ProcessPoolExecutor, document: Document) -> Future:
    """Submit with Ctrl-C held back (blocked, not lost) for the moment of the call. Landing half-way
    through the pool starting its manager thread, it made shutdown fail with a traceback; and the
    processes the pool starts here inherit the block, so a Ctrl-C sent to the whole terminal's
    process group cannot kill them mid-start: the main process stops them. A held Ctrl-C is raised
    as soon as the call returns."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return pool.submit(_check_in_worker, document)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(_check_in_worker, document)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _settle(pending: Future | DocumentResult) -> DocumentResult:
    if isinstance(pending, DocumentResult):
        return pending
    return pending.result()


def _result(item: Document | InputError, checker: Checker) -> DocumentResult:
    if isinstance(item, InputError):
        return DocumentResult(source=item.source, status="error", error=item)
    return checker.check(item)


_WORKER_CHECKER: Checker | None = None


def _init_worker(checker: Checker) -> None:
    global _WORKER_CHECKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: it stops the pool
    _WORKER_CHECKER = checker


def _check_in_worker(document: Document) -> DocumentResult:
    assert _WORKER_CHECKER is not None
    return _WORKER_CHECKER.check(document)
