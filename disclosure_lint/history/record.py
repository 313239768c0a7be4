"""Recording a run as it goes. The run's row is written first (state 'running'); each result goes,
as a page message, to the history's writer process (history.writer), which stores what has come in
one transaction per batch, so fast runs write big batches and slow ones commit each page soon after
it arrives. A run that is killed keeps every page the writer had (it stores them when the pipe
closes) and stays 'running' (shown as incomplete); one stopped by Ctrl-C is marked 'interrupted'.
Page bodies are never stored, only their digest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from disclosure_lint import __version__
from disclosure_lint.history.rows import page_message
from disclosure_lint.history.schema import DEFAULT_WAIT, HistoryError, connect, database_error
from disclosure_lint.history.writer import Writer
from disclosure_lint.model import DocumentResult

CHECK_EVERY = 256  # results between looks for a failure the writer has answered


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def rules_digest(rules: Iterable[dict[str, Any]]) -> str:
    """One short digest of the rules in force (with their severities and parameters): a diff
    across a change of rules says so."""
    text = json.dumps(sorted(rules, key=lambda rule: rule.get("code", "")), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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
        self.count = 0
        self.failure: HistoryError | None = None
        self.finished = False
        # Started with the first result: a run stopped before it (a bad input) starts no process,
        # and the worker pool's start-up does not share the CPU with it.
        self.writer: Writer | None = None

    def add(self, result: DocumentResult) -> None:
        if self.failure is not None:
            raise self.failure
        if self.writer is None:
            self.writer = Writer(self.path, self.wait, self.run_id)
        self.count += 1
        if self.count % CHECK_EVERY == 0:
            self._failed(self.writer.failure())
        self.writer.send(page_message(result))

    def finish(self, summary: dict[str, Any], state: str = "complete") -> None:
        """Have every page stored, then the summary and the run's final state."""
        if self.writer is not None:
            writer, self.writer = self.writer, None
            self._failed(writer.finish())
        if self.failure is not None:
            raise self.failure
        try:
            self.db.execute("UPDATE runs SET finished_at = ?, state = ?, summary = ? WHERE id = ?",
                            (now(), state, json.dumps(summary, default=str), self.run_id))
        except sqlite3.Error as exc:
            raise database_error(self.path, exc, self.wait) from None
        self.finished = True

    def close(self) -> None:
        """Have what was sent stored and close. A run closed before finish() (an error stopped it)
        keeps its pages and is marked failed; a file that cannot be written then is left as it is."""
        if self.writer is not None:
            writer, self.writer = self.writer, None
            writer.close()
        if not self.finished:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("UPDATE runs SET finished_at = ?, state = 'failed' WHERE id = ? AND state = 'running'",
                                (now(), self.run_id))
        self.db.close()

    def _failed(self, line: str | None) -> None:
        if line is not None and self.failure is None:
            self.failure = HistoryError(self.path, line)
        if self.failure is not None:
            raise self.failure
