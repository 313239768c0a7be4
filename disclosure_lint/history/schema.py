"""The history file: opened, identified, migrated. The schema version lives in PRAGMA user_version
and the file says what it is in PRAGMA application_id, so another program's SQLite file, a file
from a newer disclosure-lint and a corrupt file are each refused with a line naming the file.
Writers use WAL (readers never wait for a run being recorded) and a busy timeout, so a second
writer waits for the first and then gives up with a clear message instead of a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from disclosure_lint.history.options import DEFAULT_WAIT
from disclosure_lint.resources import ConfigError

APPLICATION_ID = 0x444C4831  # "DLH1"

# Each entry moves the schema from version i to i + 1; a new version is one more entry.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        label TEXT,
        started_at TEXT NOT NULL,          -- ISO 8601, UTC
        finished_at TEXT,
        state TEXT NOT NULL DEFAULT 'running',  -- running | complete | interrupted | failed
        tool_version TEXT NOT NULL,
        profile TEXT NOT NULL,
        rules_digest TEXT NOT NULL,
        inputs TEXT NOT NULL,              -- JSON list of the inputs as given
        summary TEXT                       -- JSON, the run summary, once the run ends
    );
    CREATE TABLE pages (
        run_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,              -- input order within the run
        source TEXT NOT NULL,              -- policy.fingerprint.normal_source
        source_key INTEGER NOT NULL,       -- a 64-bit hash of source: runs are matched on it
        site TEXT NOT NULL,                -- the URL's host, '' for files
        status TEXT NOT NULL,              -- checked | error
        error_kind TEXT,
        sponsored INTEGER,
        labels TEXT NOT NULL,              -- JSON [[text, category, position], ...]
        sponsors TEXT NOT NULL,            -- JSON [name, ...]
        digest TEXT,                       -- of the page's text (the text is not kept)
        state_key INTEGER NOT NULL,        -- a 64-bit hash of all a diff compares: status, verdict,
                                           -- labels, sponsors, reported fingerprints
        reported INTEGER NOT NULL,         -- findings reported (not silenced)
        violations INTEGER NOT NULL,       -- of them, violations
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX pages_by_source ON pages (source_key, run_id);
    CREATE INDEX pages_of_run ON pages (run_id, seq, source_key, state_key, reported);
    CREATE TABLE findings (
        run_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,              -- the page's seq
        fingerprint TEXT NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        severity TEXT NOT NULL,
        outcome TEXT NOT NULL,
        line INTEGER NOT NULL,
        message TEXT NOT NULL,
        evidence TEXT NOT NULL,
        silenced_by TEXT NOT NULL          -- '' for a finding the run reported
    );
    CREATE INDEX findings_of_page ON findings (run_id, seq);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(ConfigError):
    """The history file cannot be used: exit 2, one line naming the file."""


def connect(path: Path, *, create: bool, wait: float = DEFAULT_WAIT) -> sqlite3.Connection:
    """An open, current history database. `create` makes a missing file (check --history);
    commands that only read refuse a missing one."""
    if not path.exists():
        if not create:
            raise HistoryError(path, "no such history file; record one with 'disclosure-lint check --history "
                                     f"{path} ...'")
        if path.parent and not path.parent.is_dir():
            raise HistoryError(path, "the folder does not exist")
    elif path.is_dir():
        raise HistoryError(path, "is a folder; give a history file")
    try:
        db = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise HistoryError(path, f"cannot open the history file ({exc})") from None
    try:
        _prepare(db, path, wait)
    except sqlite3.Error as exc:
        db.close()
        raise database_error(path, exc, wait) from None
    except BaseException:
        db.close()
        raise
    return db


def _prepare(db: sqlite3.Connection, path: Path, wait: float) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]  # reads the header: fails on a corrupt file
    app = db.execute("PRAGMA application_id").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != APPLICATION_ID and (tables or version):
        raise HistoryError(path, "is an SQLite file, but not a disclosure-lint history; give another file")
    if version > SCHEMA_VERSION:
        raise HistoryError(path, f"was written by a newer disclosure-lint (history schema {version}; this one "
                                 f"reads up to {SCHEMA_VERSION}); upgrade disclosure-lint to use it")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -16384")  # 16 MiB: a large run's index pages stay in memory
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    if version < SCHEMA_VERSION:
        migrate(db, version)


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring the schema from `version` to SCHEMA_VERSION, in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        current = db.execute("PRAGMA user_version").fetchone()[0]  # another writer may have migrated
        for step in MIGRATIONS[current:]:
            for statement in sqlite_statements(step):
                db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def sqlite_statements(script: str) -> list[str]:
    """A migration script as statements (execute() takes one; executescript() would commit)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def database_error(path: Path, exc: sqlite3.Error, wait: float) -> HistoryError:
    """An sqlite3 error as the one line a user reads."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return HistoryError(path, f"another disclosure-lint is writing to it; waited {wait:g} s (try again when "
                                  "it has finished, or give --history-wait SECONDS)")
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text
                                                   or "corrupt" in text):
        return HistoryError(path, f"is not a readable history file ({text}); restore it from a backup or give "
                                  "another file")
    if "readonly" in text or "unable to open" in text or "disk" in text or "full" in text:
        return HistoryError(path, f"cannot write the history file ({text})")
    return HistoryError(path, f"history file error ({text})")
