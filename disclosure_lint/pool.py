"""Worker processes for checking a batch: results in input order, and a failure on one document is
that document's error only.

Each worker has its own pipe and checks the documents sent to it one after another, so the parent
always knows which document a worker is on. A worker that dies there (killed, out of memory, a
crash inside a C library) or takes longer than the time limit becomes that document's error
("worker-crashed", "check-timeout"); a fresh worker takes its place and the documents queued
behind it are sent again. (ProcessPoolExecutor cannot do this: one dead worker breaks the whole
pool, and it cannot say which document killed it.)

Memory stays flat: at most `window` documents are read ahead of the one the report waits for.
An input may be a Future (a page still being fetched): it holds its place in the order while the
pool goes on reading, checking and handing on what is finished, and wakes the pool when it is done."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

from disclosure_lint.interrupts import held
from disclosure_lint.model import Document, DocumentResult, InputError

AHEAD = 2  # documents queued at each worker, so it never waits for the parent between two
STOP_GRACE = 2.0  # seconds a worker gets to exit after being asked, before it is killed
STARTUP_LIMIT = 60.0  # seconds a worker may take to start, beyond the time limit of its first document
READY = -1  # what a worker sends, as its first message, once it can check documents at full speed
# Checked by each worker before it says it is ready: the readers it compiles on first use are
# compiled then, not against the first document's time limit.
WARM_UP = Document(source="warm-up.html", format="html",
                   text="<html lang=en><h1>Title</h1><p>Sponsored by Acme.</p><p>Text of the article.</p></html>")


class Checks:
    """What the pool runs: `check(document) -> DocumentResult` (picklable), and how a document
    that could not be checked is reported."""

    def __init__(self, check: Callable[[Document], DocumentResult],
                 failed: Callable[[str, str, str], DocumentResult]):
        self.check = check
        self.failed = failed

    def failed_for(self, document: Document, kind: str, message: str) -> DocumentResult:
        result = self.failed(document.source, kind, message)
        result.archive = document.archive
        return result


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection  # results come back on it
    out: Connection  # documents go out on it
    queue: deque[tuple[int, Document]] = field(default_factory=deque)  # sent, not answered, in order
    since: float = 0.0  # when the worker started on the first document of its queue
    ready: bool = False  # started and warmed up; until then its time limit has STARTUP_LIMIT more


def checked_in_order(items: Iterator[Document | InputError | Future], checks: Checks, jobs: int, window: int,
                     time_limit: float | None) -> Iterator[DocumentResult]:
    """Check documents in up to `jobs` worker processes; yield one result per item, in input order.

    The first worker starts before the first input is read: often no other thread runs yet (the
    URL fetcher starts with the first URL), so it is forked in milliseconds with the checker built.
    More start only while every worker is busy and a document waits, so a handful of documents
    never starts more workers than there are documents."""
    workers: list[_Worker] = []
    todo: deque[tuple[int, Document]] = deque()
    done: dict[int, DocumentResult] = {}
    fetching = _Fetching()
    read = emitted = 0
    exhausted = False
    try:
        workers.append(_start(checks))
        while True:
            fetching.settle(todo, done)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
            if exhausted and emitted == read:
                return
            if todo and len(workers) < jobs and all(w.queue for w in workers):
                workers.append(_start(checks))
            _dispatch(checks, workers, todo, done)
            # Read one more input while the workers could use it: each document goes out as soon as
            # it is read (inputs may arrive slowly, from the network), and finished ones are picked
            # up without waiting in between.
            if not exhausted and read - emitted < window and len(todo) < jobs:
                item = next(items, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, InputError):
                    done[read] = DocumentResult(source=item.source, status="error", error=item, archive=item.archive)
                    read += 1
                elif isinstance(item, Future):
                    fetching.add(read, item)
                    read += 1
                else:
                    todo.append((read, item))
                    read += 1
                _collect(checks, workers, todo, done, time_limit, block=False)
                continue
            _collect(checks, workers, todo, done, time_limit, block=True, fetching=fetching)
    finally:
        fetching.close()
        _stop(workers)


class _Fetching:
    """Inputs that are Futures (pages being fetched), by their place in the order. Each one, when
    done, writes a byte to a pipe the pool waits on beside its workers, so a page that arrives wakes
    the pool and one that stalls holds up nothing but its own place."""

    def __init__(self):
        self.pending: dict[int, Future] = {}
        self.wake: int | None = None
        self._wake_end: int | None = None

    def add(self, seq: int, future: Future) -> None:
        if self.wake is None:
            self.wake, self._wake_end = os.pipe()
            os.set_blocking(self.wake, False)
            os.set_blocking(self._wake_end, False)
        self.pending[seq] = future
        future.add_done_callback(self._woken)

    def _woken(self, _future: Future) -> None:
        with contextlib.suppress(OSError, TypeError):  # full (already woken) or closed
            os.write(self._wake_end, b"\0")

    def settle(self, todo: deque, done: dict) -> None:
        """Finished fetches take their place: a page joins the documents to check, an error is done."""
        if not self.pending:
            return
        if self.wake is not None:
            with contextlib.suppress(OSError):
                os.read(self.wake, 4096)
        for seq in [seq for seq, future in self.pending.items() if future.done()]:
            future = self.pending.pop(seq)
            try:
                item = future.result()
            except CancelledError:  # pragma: no cover - cancelled only while the run stops
                continue
            if isinstance(item, InputError):
                done[seq] = DocumentResult(source=item.source, status="error", error=item, archive=item.archive)
            else:
                todo.append((seq, item))

    def waiting(self) -> list[int]:
        """What to wait on beside the workers: the wake pipe while a fetch is pending."""
        return [self.wake] if self.pending and self.wake is not None else []

    def close(self) -> None:
        for future in self.pending.values():
            future.cancel()
        self.pending.clear()
        for end in (self.wake, self._wake_end):
            if end is not None:
                with contextlib.suppress(OSError):
                    os.close(end)
        self.wake = self._wake_end = None


def _dispatch(checks: Checks, workers: list[_Worker], todo: deque, done: dict) -> None:
    """Send waiting documents to workers with room in their queue."""
    for i, worker in enumerate(workers):
        while todo and len(worker.queue) < AHEAD:
            if not _send(worker, todo[0]):
                workers[i] = worker = _replace(checks, worker, todo, done, "worker-crashed")
                continue
            todo.popleft()


def _collect(checks: Checks, workers: list[_Worker], todo: deque, done: dict,
             time_limit: float | None, block: bool, fetching: _Fetching | None = None) -> None:
    """Record the results, deaths and timeouts there are; with `block`, wait for the next one
    (or for a pending fetch to finish)."""
    busy = [w for w in workers if w.queue]
    also = fetching.waiting() if fetching is not None and block else []
    if not busy and not also:
        return
    now = time.monotonic()
    timeout = None if block else 0.0
    if time_limit is not None and block and busy:
        timeout = max(0.0, min(_deadline(w, time_limit) for w in busy) - now)
    ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy] + also, timeout))
    for i, worker in enumerate(workers):
        if worker not in busy:
            continue
        if worker.conn in ready or worker.process.sentinel in ready:
            alive = _receive(worker, done)
            if not alive:
                workers[i] = _replace(checks, worker, todo, done, "worker-crashed")
        elif time_limit is not None and time.monotonic() > _deadline(worker, time_limit):
            workers[i] = _replace(checks, worker, todo, done, "check-timeout", time_limit)


def _deadline(worker: _Worker, time_limit: float) -> float:
    return worker.since + time_limit + (0.0 if worker.ready else STARTUP_LIMIT)


def _receive(worker: _Worker, done: dict) -> bool:
    """Read every result the worker has sent; False when its pipe is closed (the worker is gone)."""
    try:
        while worker.conn.poll():
            seq, result = worker.conn.recv()
            if seq == READY:
                worker.ready = True
                worker.since = time.monotonic()
                continue
            expected, _ = worker.queue.popleft()
            if seq != expected:  # pragma: no cover - a worker answers in the order it was sent
                raise RuntimeError(f"worker answered document {seq}, expected {expected}")
            done[seq] = result
            worker.since = time.monotonic()
    except (EOFError, OSError):
        return False
    return worker.process.is_alive()


def _replace(checks: Checks, worker: _Worker, todo: deque, done: dict, kind: str,
             time_limit: float | None = None) -> _Worker:
    """The worker's current document fails with `kind`; the rest of its queue goes back to the front."""
    _kill(worker)
    if worker.queue:
        seq, document = worker.queue.popleft()
        if kind == "check-timeout":
            message = (f"checking took longer than {time_limit:g} s and was stopped; the page is unusually "
                       "large or complex")
        else:
            message = f"the worker process checking it stopped ({_how(worker.process.exitcode)})"
        done[seq] = checks.failed_for(document, kind, message)
        todo.extendleft(reversed(worker.queue))
    return _start(checks)


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _send(worker: _Worker, entry: tuple[int, Document]) -> bool:
    try:
        worker.out.send(entry)
    except (OSError, ValueError):
        return False
    if not worker.queue:
        worker.since = time.monotonic()
    worker.queue.append(entry)
    return True


def _context():
    """fork when this process runs no other thread: the workers start in milliseconds with the
    checker already built. With threads (the URL fetcher) a fork could copy a lock some other thread
    holds, so workers come from a forkserver, which has imported the checker once."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["disclosure_lint._forkserver"])
    return context


def _start(checks: Checks) -> _Worker:
    """A worker started with Ctrl-C held: an interrupt half-way through handing a worker its
    start-up data left it printing a traceback, and a forkserver exec'd from this thread inherits
    the blocked signal, so it and every worker forked from it never see Ctrl-C (which is this
    process's to handle: it stops them). Forked workers ignore it for good in _serve."""
    with held():
        return _started(_context(), checks)


def _started(context, checks: Checks) -> _Worker:
    # One pipe each way; the outgoing one is widened so that sending the next page (often larger
    # than a pipe's default 64 KiB) does not wait for the worker to finish the one before.
    results, answer = context.Pipe(duplex=False)
    inbox, out = context.Pipe(duplex=False)
    widen(out)
    # A forked worker holds copies of every pipe end open in this process; it closes the ones that
    # are not its own, or a worker would keep another's pipe open after its parent died.
    inherited = [results, out, *_OPEN] if context.get_start_method() == "fork" else []
    process = context.Process(target=_serve, args=(inbox, answer, checks, inherited), daemon=True,
                              name="disclosure-lint-worker")
    if context.get_start_method() != "fork":
        _resource_tracker_started()
    # Forked workers share the parent's memory page by page until they write to it; the garbage
    # collector's bookkeeping would write to every inherited object. Frozen, they are left alone.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    inbox.close()
    answer.close()
    _OPEN.update((results, out))
    return _Worker(process, results, out)


def _resource_tracker_started() -> None:
    """multiprocessing's resource tracker, started before the forkserver it serves: starting it
    unblocks SIGINT in this thread when done (multiprocessing's own doing), so it is started
    first and the signal blocked again, for the forkserver's exec to inherit."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    if hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


PIPE_SIZE = 1 << 20


def widen(connection: Connection) -> None:
    """Grow a pipe's buffer to hold a typical page (Linux; elsewhere the default stays)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", 1031) if fcntl is not None else None
    if set_size is None:
        return
    try:
        with open("/proc/sys/fs/pipe-max-size") as limit:
            size = min(PIPE_SIZE, int(limit.read()))
        fcntl.fcntl(connection.fileno(), set_size, size)
    except (OSError, ValueError):
        pass


_OPEN: set[Connection] = set()  # this process's ends of the workers' pipes


def close_in_workers(*connections: Connection) -> None:
    """Pipe ends of this process that worker processes forked from now on close (the history
    writer's: a worker holding a copy would keep the writer from seeing the run end)."""
    _OPEN.update(connections)


def closed(connection: Connection) -> None:
    """A pipe end given to close_in_workers that this process has closed."""
    _OPEN.discard(connection)


def _stop(workers: list[_Worker]) -> None:
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.out.send(None)
    deadline = time.monotonic() + STOP_GRACE
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        _kill(worker)


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(STOP_GRACE)
    for connection in (worker.conn, worker.out):
        _OPEN.discard(connection)
        with contextlib.suppress(OSError):
            connection.close()


def _serve(conn: Connection, answer: Connection, checks: Checks, inherited: list[Connection]) -> None:
    """A worker's life: check what arrives, answer in order, stop on None or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    if hasattr(signal, "pthread_sigmask"):  # blocked while this worker started (pool._start)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for other in inherited:
        with contextlib.suppress(OSError):
            other.close()
    # A reader thread takes documents off the pipe as they come, so the parent's send of the next
    # document (larger than the pipe's buffer) never waits for this one's check to finish.
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_into, args=(conn, inbox), daemon=True).start()
    with contextlib.suppress(Exception):
        checks.check(WARM_UP)
    try:
        answer.send((READY, None))
    except (OSError, ValueError):
        return
    while True:
        message = inbox.get()
        if message is None:
            return
        seq, document = message
        result = checks.check(document)
        try:
            answer.send((seq, result))
        except (OSError, ValueError):
            return
        except Exception as exc:  # a result that cannot be sent back (pickling) is still an answer
            answer.send((seq, checks.failed_for(document, "internal",
                                              f"the result could not be passed back ({type(exc).__name__})")))


def _read_into(conn: Connection, inbox: queue.SimpleQueue) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return
