"""Recording a run as it goes. The run's row is written first (state 'running'); results are
queued by the run's main loop and a writer thread stores whatever has queued up in one
transaction, so fast runs write big batches and slow ones commit each page soon after it arrives.
A run that is killed keeps every committed batch and stays 'running' (shown as incomplete); one
stopped by Ctrl-C is marked 'interrupted'. Page bodies are never stored, only their digest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from disclosure_lint import __version__
from disclosure_lint.history.schema import DEFAULT_WAIT, HistoryError, connect, database_error
from disclosure_lint.model import DocumentResult, Finding, Outcome
from disclosure_lint.policy.fingerprint import assign, normal_source

BATCH = 5000  # most results in one transaction
_STOP = object()

PAGE_SQL = "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FINDING_SQL = "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def rules_digest(rules: Iterable[dict[str, Any]]) -> str:
    """One short digest of the rules in force (with their severities and parameters): a diff
    across a change of rules says so."""
    text = json.dumps(sorted(rules, key=lambda rule: rule.get("code", "")), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def site_of(source: str) -> str:
    if "://" not in source[:16]:
        return ""
    try:
        return (urlsplit(source).hostname or "").lower()
    except ValueError:
        return ""


@dataclass(frozen=True, slots=True)
class RunStart:
    label: str | None
    profile: str
    rules_digest: str
    inputs: tuple[str, ...]


class Recording:
    """One run being written to the history file. add() from the run's loop; finish() at the end;
    close() always (a run closed unfinished stays incomplete)."""

    def __init__(self, path: Path, start: RunStart, wait: float = DEFAULT_WAIT):
        self.path, self.wait = path, wait
        self.db = connect(path, create=True, wait=wait)
        try:
            cursor = self.db.execute(
                "INSERT INTO runs (label, started_at, tool_version, profile, rules_digest, inputs) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (start.label, now(), __version__, start.profile, start.rules_digest, json.dumps(list(start.inputs))))
        except sqlite3.Error as exc:
            self.db.close()
            raise database_error(path, exc, wait) from None
        self.run_id: int = cursor.lastrowid
        self.seq = 0
        self.queue: queue.Queue = queue.Queue()
        self.failure: HistoryError | None = None
        self.finished = False
        # Started with the first result, not before: the worker pool starts its processes by fork
        # only while this process runs no other thread (pool._context), and fork is the fast way.
        self.writer: threading.Thread | None = None

    def add(self, result: DocumentResult) -> None:
        if self.failure is not None:
            raise self.failure
        if self.writer is None:
            self.writer = threading.Thread(target=self._write, name="history-writer", daemon=True)
            self.writer.start()
        self.seq += 1
        self.queue.put(rows(self.run_id, self.seq, result))

    def finish(self, summary: dict[str, Any], state: str = "complete") -> None:
        """Store what is queued, then the summary and the run's final state."""
        self._drain()
        try:
            self.db.execute("UPDATE runs SET finished_at = ?, state = ?, summary = ? WHERE id = ?",
                            (now(), state, json.dumps(summary, default=str), self.run_id))
        except sqlite3.Error as exc:
            raise database_error(self.path, exc, self.wait) from None
        self.finished = True

    def close(self) -> None:
        """Store what is queued and close. A run closed before finish() (an error stopped it) keeps
        its pages and is marked failed; a file that cannot be written then is left as it is."""
        if self.writer is not None and self.writer.is_alive():
            self.queue.put(_STOP)
            self.writer.join()
        if not self.finished:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("UPDATE runs SET finished_at = ?, state = 'failed' WHERE id = ? AND state = 'running'",
                                (now(), self.run_id))
        self.db.close()

    def _drain(self) -> None:
        if self.writer is not None:
            self.queue.put(_STOP)
            self.writer.join()
        if self.failure is not None:
            raise self.failure

    def _write(self) -> None:
        while True:
            item = self.queue.get()
            stop = item is _STOP
            batch = [] if stop else [item]
            while not stop and len(batch) < BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                else:
                    batch.append(item)
            if batch and self.failure is None:
                try:
                    self._store(batch)
                except sqlite3.Error as exc:
                    self.failure = database_error(self.path, exc, self.wait)
                except Exception as exc:  # a bug here must not pass for a complete run
                    self.failure = HistoryError(self.path, f"could not record the run ({type(exc).__name__}: {exc})")
            if stop:
                return

    def _store(self, batch: list[tuple[tuple, list[tuple]]]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(PAGE_SQL, [page for page, _ in batch])
            db.executemany(FINDING_SQL, [finding for _, findings in batch for finding in findings])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def rows(run_id: int, seq: int, result: DocumentResult) -> tuple[tuple, list[tuple]]:
    """The page row and finding rows of one result."""
    source = normal_source(result.source)
    evidence = result.evidence
    if evidence is not None:
        labels = json.dumps([[lab.text, lab.category, lab.position] for lab in evidence.labels], ensure_ascii=False)
        sponsors = json.dumps(sorted({s.name for s in evidence.sponsors}), ensure_ascii=False)
        sponsored = int(evidence.sponsored)
    else:
        labels, sponsors, sponsored = "[]", "[]", None
    if any(not f.fingerprint for f in result.findings):
        assign(result.source, result.findings)
    prints = sorted(f.fingerprint for f in result.findings)
    violations = sum(f.outcome is Outcome.VIOLATION for f in result.findings)
    state = key64("\0".join((result.status, str(sponsored), labels, sponsors, *prints)))
    page = (run_id, seq, source, key64(source), site_of(source), result.status,
            result.error.kind if result.error else None, sponsored, labels, sponsors, result.digest or None, state,
            len(prints), violations)
    findings = [_finding(run_id, seq, f) for f in result.findings]
    findings += [_finding(run_id, seq, f) for f in result.silenced]
    return page, findings


def key64(text: str) -> int:
    """A signed 64-bit hash (what an SQLite INTEGER holds); matching on it beats comparing text."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _finding(run_id: int, seq: int, f: Finding) -> tuple:
    return (run_id, seq, f.fingerprint, f.code, f.name, f.severity.value, f.outcome.value, f.line, f.message,
            f.evidence, f.silenced_by)
