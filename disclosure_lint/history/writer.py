"""The history's writer process, and the main process's end of it.

The main process sets a run's pace (it reads the inputs, feeds the workers and takes their
results), and storing pages from a thread there slowed the whole run: the thread shared its
interpreter lock. So the main process only sends each page's message (history.rows) down a pipe,
and this process makes the rows and stores them, one transaction per batch: what arrived within
GATHER seconds of the batch's first page, at most BATCH pages. A finish message has the rest stored
and answered (STORED, or the failure's one line); the pipe's end (the run was killed, or closed
early) has the rest stored and ends the process. A failure is answered as soon as it happens, so the
run can stop at its next page."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from disclosure_lint.history.rows import PageMessage, rows
from disclosure_lint.history.schema import HistoryError, connect, database_error
from disclosure_lint.interrupts import held

GATHER = 0.25  # seconds a batch gathers pages after its first, so a slow run commits each page soon
DRAIN = 0.02  # seconds between looks at the pipe while gathering (it holds far more than comes in that time)
BATCH = 5000  # most pages in one transaction
# The writer runs at a lower priority: the run's pace is set by the main process and the workers,
# which the scheduler then lets in at once when they wake, while the writer, a few per cent of
# their CPU, takes what they leave (when it falls behind, the pipe fills and the main process waits).
NICENESS = 10
STORED = "stored"
FINISH = None  # the message that ends the run's pages
_HEADER = struct.Struct("!i")  # multiprocessing's frame, so the writer reads with Connection.recv

PAGE_SQL = "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FINDING_SQL = "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


class Writer:
    """The main process's end: send() each page's message, then finish() (or close() for a run that
    ended early). The writer is a fresh interpreter running this module (not a fork: a forked child
    would inherit the open SQLite connection, which SQLite forbids using, or opening the same file
    beside, in a child; nor multiprocessing's spawn, which imports the caller's main script again)."""

    def __init__(self, path: Path, wait: float, run_id: int):
        from disclosure_lint import pool

        self.path = path
        inbox, out = os.pipe()
        answers, answer = os.pipe()
        self.out, self.answers = Connection(out, readable=False), Connection(answers, writable=False)
        pool.widen(self.out)
        search = os.pathsep.join(entry for entry in sys.path if isinstance(entry, str))
        command = [sys.executable, "-c", _MAIN, search, str(inbox), str(answer), str(path), repr(wait), str(run_id)]
        try:
            with held():  # Ctrl-C stays blocked in the child until it ignores it (serve)
                self.process = subprocess.Popen(command, pass_fds=(inbox, answer), stdin=subprocess.DEVNULL,
                                                stdout=subprocess.DEVNULL)
        except OSError as exc:
            self.out.close()
            self.answers.close()
            raise HistoryError(path, f"could not start the history writer ({exc})") from None
        finally:
            os.close(inbox)
            os.close(answer)
        pool.close_in_workers(self.out, self.answers)
        self._fd = out

    def send(self, message: PageMessage | None) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError:
            raise HistoryError(self.path, f"the history writer stopped ({self._exit()})") from None

    def failure(self) -> str | None:
        """The writer's failure, if it has answered one already (it answers nothing else before finish)."""
        try:
            return self.answers.recv() if self.answers.poll() else None
        except (EOFError, OSError):
            return f"the history writer stopped ({self._exit()})"

    def finish(self) -> str | None:
        """Have every page stored; None when they are, else the failure's line."""
        try:
            self.send(FINISH)
            answer = self.answers.recv()
        except HistoryError as exc:
            answer = _line(exc)
        except (EOFError, OSError):
            answer = f"the history writer stopped ({self._exit()})"
        finally:
            self.close()
        return None if answer == STORED else answer

    def close(self) -> None:
        """The pipe's end: the writer stores what it has and ends."""
        from disclosure_lint import pool

        for connection in (self.out, self.answers):
            pool.closed(connection)
            connection.close()
        self.process.wait()

    def _exit(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(1.0)
        code = self.process.returncode
        return "still running" if code is None else f"exit code {code}" if code >= 0 else f"killed by signal {-code}"


# The child imports from where this process does (its sys.path), and nothing before that: os and sys
# are loaded with the interpreter, so a module of that name in the working folder is never read.
_MAIN = ("import os, sys; sys.path[:] = sys.argv[1].split(os.pathsep); "
         "from disclosure_lint.history.writer import main; main(sys.argv[2:])")


def main(argv: list[str]) -> None:
    """The writer's command line (made by Writer): its two pipe ends, the file, the wait, the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's; it finishes the run
    if hasattr(signal, "pthread_sigmask"):  # blocked while this process started
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    with contextlib.suppress(AttributeError, OSError):  # no os.nice (Windows) or not allowed
        os.nice(NICENESS)
    inbox, answer, path, wait, run_id = argv
    serve(Connection(int(inbox), writable=False), Connection(int(answer), readable=False), path, float(wait),
          int(run_id))


def serve(inbox: Connection, answer: Connection, path: str, wait: float, run_id: int) -> None:
    """The writer's life: batches stored until the finish message or the end of the pipe."""
    failure = db = None
    try:
        db = connect(Path(path), create=False, wait=wait)
    except HistoryError as exc:
        failure = _line(exc)
        _answer(answer, failure)
    seq, end = 0, None
    while end is None:
        batch, end = gather(inbox)
        if batch and failure is None:
            try:
                store(db, run_id, seq, batch)
            except sqlite3.Error as exc:
                failure = _line(database_error(Path(path), exc, wait))
            except Exception as exc:  # a bug here must not pass for a complete run
                failure = f"could not record the run ({type(exc).__name__}: {exc})"
            if failure is not None:
                _answer(answer, failure)
        seq += len(batch)
    if db is not None:
        db.close()
    if end == "finished" and failure is None:
        _answer(answer, STORED)


def gather(inbox: Connection) -> tuple[list[PageMessage], str | None]:
    """One batch, and how the pages ended if they did: "finished" or "gone" (the pipe closed)."""
    try:
        first = inbox.recv()
    except (EOFError, OSError):
        return [], "gone"
    if first is FINISH:
        return [], "finished"
    batch = [first]
    deadline = time.monotonic() + GATHER
    while True:
        try:
            while len(batch) < BATCH and inbox.poll():
                message = inbox.recv()
                if message is FINISH:
                    return batch, "finished"
                batch.append(message)
        except (EOFError, OSError):
            return batch, "gone"
        left = deadline - time.monotonic()
        if len(batch) >= BATCH or left <= 0:
            return batch, None
        time.sleep(min(DRAIN, left))


def store(db: sqlite3.Connection, run_id: int, seq: int, batch: list[PageMessage]) -> None:
    """One transaction: the pages numbered on from `seq` (their input order) with their findings."""
    made = [rows(run_id, seq + i, message) for i, message in enumerate(batch, 1)]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(PAGE_SQL, [page for page, _ in made])
        db.executemany(FINDING_SQL, [finding for _, findings in made for finding in findings])
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _line(error: HistoryError) -> str:
    return str(error).removeprefix(f"{error.path}: ")


def _answer(answer: Connection, text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # the run is gone: nobody to tell
        answer.send(text)
