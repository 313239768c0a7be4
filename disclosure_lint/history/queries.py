"""Reading the history: runs, which run a name refers to, a page's timeline, per-site trends, and
pruning. A RUN is a run's number, its --run-label, or `latest`; a run that never finished (killed,
interrupted) is listed as incomplete and never chosen as a base on its own."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from disclosure_lint.history.schema import DEFAULT_WAIT, HistoryError, database_error
from disclosure_lint.policy.fingerprint import normal_source

RUN_COLUMNS = "id, label, started_at, finished_at, state, tool_version, profile, rules_digest, inputs, summary"


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    label: str | None
    started_at: str
    finished_at: str | None
    state: str
    tool_version: str
    profile: str
    rules_digest: str
    inputs: tuple[str, ...]
    summary: dict[str, Any] | None
    pages: int = 0
    findings: int = 0

    @property
    def complete(self) -> bool:
        return self.state == "complete"

    @property
    def name(self) -> str:
        return f"#{self.id}" + (f" ({self.label})" if self.label else "")

    @property
    def state_word(self) -> str:
        return {"complete": "complete", "interrupted": "incomplete (interrupted)",
                "failed": "incomplete (failed)"}.get(self.state, "incomplete (did not finish)")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "started_at": self.started_at, "finished_at": self.finished_at,
                "state": self.state, "complete": self.complete, "tool_version": self.tool_version,
                "profile": self.profile, "rules_digest": self.rules_digest, "inputs": list(self.inputs),
                "pages": self.pages, "findings": self.findings, "summary": self.summary}


def _run(row: tuple, pages: int = 0, findings: int = 0) -> Run:
    *head, inputs, summary = row
    return Run(*head, tuple(json.loads(inputs)), json.loads(summary) if summary else None, pages, findings)


class History:
    """Queries over one open history database."""

    def __init__(self, db: sqlite3.Connection, path: Path, wait: float = DEFAULT_WAIT):
        self.db, self.path, self.wait = db, path, wait

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise database_error(self.path, exc, self.wait) from None

    def runs(self) -> list[Run]:
        """Every run, oldest first, with its page and (reported) finding counts."""
        counts = {run: (pages, findings) for run, pages, findings in
                  self.query("SELECT run_id, count(*), sum(reported) FROM pages GROUP BY run_id")}
        runs = self.query(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY id")
        return [_run(row, *counts.get(row[0], (0, 0))) for row in runs]

    def run(self, run_id: int) -> Run | None:
        rows = self.query(f"SELECT {RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,))
        if not rows:
            return None
        pages, findings = self.query("SELECT count(*), coalesce(sum(reported), 0) FROM pages WHERE run_id = ?",
                                     (run_id,))[0]
        return _run(rows[0], pages, findings)

    def resolve(self, ref: str) -> Run:
        """A run by number (`3` or `#3`), label, or `latest` (the newest complete run)."""
        text = ref.strip().removeprefix("#")
        if text == "latest":
            rows = self.query("SELECT id FROM runs WHERE state = 'complete' ORDER BY id DESC LIMIT 1")
        elif text.isdigit():
            rows = self.query("SELECT id FROM runs WHERE id = ?", (int(text),))
        else:
            rows = self.query("SELECT id FROM runs WHERE label = ? ORDER BY id DESC LIMIT 1", (ref,))
        if not rows:
            raise HistoryError(self.path, f"no run {ref!r}; 'disclosure-lint history runs' lists them")
        return self.run(rows[0][0])  # type: ignore[return-value]

    def base_of(self, head: Run) -> Run | None:
        """The newest complete run before `head`."""
        rows = self.query("SELECT id FROM runs WHERE state = 'complete' AND id < ? ORDER BY id DESC LIMIT 1",
                          (head.id,))
        return self.run(rows[0][0]) if rows else None

    def before(self, date: datetime) -> Run | None:
        """The newest complete run started before `date`: the state of things at that date."""
        rows = self.query("SELECT id FROM runs WHERE state = 'complete' AND started_at < ? ORDER BY id DESC LIMIT 1",
                          (date.astimezone(timezone.utc).isoformat(timespec="seconds"),))
        return self.run(rows[0][0]) if rows else None

    def timeline(self, source: str) -> list[dict[str, Any]]:
        """One entry per run that saw the page: its status, verdict and findings."""
        from disclosure_lint.history.rows import key64

        key = normal_source(source)
        pages = self.query(
            "SELECT p.run_id, r.label, r.started_at, r.state, p.seq, p.status, p.error_kind, p.sponsored, p.labels, "
            "p.sponsors, p.digest FROM pages p JOIN runs r ON r.id = p.run_id WHERE p.source_key = ? AND p.source = ? "
            "ORDER BY p.run_id, p.seq", (key64(key), key))
        out = []
        for run_id, label, started, state, seq, status, kind, sponsored, labels, sponsors, digest in pages:
            findings = self.query("SELECT code, name, severity, outcome, line, message, evidence, fingerprint FROM "
                                  "findings WHERE run_id = ? AND seq = ? AND silenced_by = '' ORDER BY rowid",
                                  (run_id, seq))
            out.append({"run": run_id, "label": label, "started_at": started, "complete": state == "complete",
                        "status": status, "error_kind": kind,
                        "sponsored": None if sponsored is None else bool(sponsored),
                        "labels": [text for text, *_ in json.loads(labels)], "sponsors": json.loads(sponsors),
                        "digest": digest,
                        "findings": [dict(zip(("code", "name", "severity", "outcome", "line", "message", "evidence",
                                                "fingerprint"), row, strict=True)) for row in findings]})
        return out

    def trends(self, run_ids: list[int]) -> dict[str, list[dict[str, int]]]:
        """Per site, per run (in the order given): pages, sponsored pages, reported violations, errors."""
        if not run_ids:
            return {}
        marks = ",".join("?" * len(run_ids))
        pages = self.query(f"SELECT site, run_id, count(*), sum(sponsored = 1), sum(status != 'checked'), "
                           f"sum(violations) FROM pages WHERE run_id IN ({marks}) GROUP BY site, run_id",
                           tuple(run_ids))
        table: dict[str, dict[int, dict[str, int]]] = {}
        for site, run, count, sponsored, errors, violations in pages:
            table.setdefault(site, {})[run] = {"run": run, "pages": count, "sponsored": sponsored or 0,
                                               "violations": violations or 0, "errors": errors or 0}
        return {site: [by_run.get(run, {"run": run, "pages": 0, "sponsored": 0, "violations": 0, "errors": 0})
                       for run in run_ids] for site, by_run in sorted(table.items())}

    def prune(self, keep: int | None = None, older_than: float | None = None) -> list[int]:
        """Delete runs beyond the newest `keep`, or started more than `older_than` days ago."""
        doomed: set[int] = set()
        if keep is not None:
            doomed |= {row[0] for row in self.query("SELECT id FROM runs ORDER BY id DESC LIMIT -1 OFFSET ?",
                                                    (keep,))}
        if older_than is not None:
            cutoff = (datetime.now(timezone.utc) - timedelta(days=older_than)).isoformat(timespec="seconds")
            doomed |= {row[0] for row in self.query("SELECT id FROM runs WHERE started_at < ?", (cutoff,))}
        if not doomed:
            return []
        ids = sorted(doomed)
        marks = ",".join("?" * len(ids))
        try:
            self.db.execute("BEGIN IMMEDIATE")
            for table, column in (("findings", "run_id"), ("pages", "run_id"), ("runs", "id")):
                self.db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", tuple(ids))
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise database_error(self.path, exc, self.wait) from None
        return ids
