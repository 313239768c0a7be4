"""The history file under stress, with real processes and real SQLite files: a run killed with
SIGKILL half-way, a run stopped with Ctrl-C, a second writer, a file from a newer version, another
program's database and a corrupt file. Each ends in a usable file or one clear line, exit 2."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_process
from tests.history_site import StallingSite, write_month

FILES_BEFORE_THE_STALL = 4


@pytest.fixture
def site():
    server = StallingSite()
    yield server
    server.stop()


def recorded_pages(db_path: Path, run_id: int) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT count(*) FROM pages WHERE run_id = ?", (run_id,)).fetchone()[0]


def start_run_that_stalls(tmp_path: Path, site: StallingSite, own_group: bool = False) -> subprocess.Popen:
    """Month 1 recorded completely, then a second run that stalls on the served page after the
    files (in a process group of its own with `own_group`); returns once its results for the files
    are in the database."""
    write_month(tmp_path / "site", 1)
    first = run_process("check", "site", site.url, "--history", "audit.db", "--jobs", "1", "--ignore-robots",
                        "--format", "json", cwd=tmp_path)
    assert first.code == 1, first.stderr
    site.stall = True
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_lint", "check", "site", site.url, "site/a.html",
                             "--history", "audit.db", "--run-label", "stalled", "--jobs", "1", "--ignore-robots",
                             "--timeout", "600", "--read-timeout", "600", "--format", "json"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=own_group)
    assert site.stalled.wait(60), "the run never asked for the served page"
    deadline = time.monotonic() + 30  # the writer process commits the files' results soon after they arrive
    while recorded_pages(tmp_path / "audit.db", 2) < FILES_BEFORE_THE_STALL:
        assert time.monotonic() < deadline and proc.poll() is None, "the files' results never reached the file"
        time.sleep(0.02)
    return proc


def test_a_run_killed_half_way_leaves_the_earlier_runs_and_is_marked_incomplete(tmp_path, site):
    proc = start_run_that_stalls(tmp_path, site)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    listed = run_process("history", "runs", "--db", "audit.db", "--format", "json", cwd=tmp_path)
    assert listed.code == 0, listed.stderr
    runs = listed.json()["runs"]
    assert [(r["id"], r["state"], r["complete"], r["pages"]) for r in runs] == [
        (1, "complete", True, 5), (2, "running", False, FILES_BEFORE_THE_STALL)]
    assert runs[0]["findings"] == 4 and runs[0]["summary"]["documents"] == 5
    assert runs[1]["summary"] is None and runs[1]["label"] == "stalled"
    text = run_process("history", "runs", "--db", "audit.db", cwd=tmp_path).stdout
    assert "incomplete (did not finish)" in text.splitlines()[2]
    with sqlite3.connect(tmp_path / "audit.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the killed run is never a base on its own; compared by name it says what it is
    diff = run_process("history", "diff", "--db", "audit.db", "--format", "json", "2", cwd=tmp_path).json()
    assert diff["base"]["id"] == 1
    assert "the newer run #2 (stalled) is incomplete (did not finish)" in diff["notes"][0]
    # the next run writes after it and compares with the last complete run
    site.stall = False
    after = run_process("check", "site", site.url, "--history", "audit.db", "--jobs", "1", "--ignore-robots",
                        "--fail-on-new", "--format", "json", cwd=tmp_path)
    assert after.code == 0, after.stderr
    assert run_process("history", "diff", "--db", "audit.db", "--format", "json", cwd=tmp_path).json()["base"]["id"] == 1


@pytest.mark.parametrize("to", ["main process", "process group"])
def test_ctrl_c_marks_the_run_interrupted_and_keeps_its_pages(tmp_path, site, to):
    proc = start_run_that_stalls(tmp_path, site, own_group=to == "process group")
    if to == "process group":  # as a terminal sends it: the workers and the history's writer get it too
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    runs = run_process("history", "runs", "--db", "audit.db", "--format", "json", cwd=tmp_path).json()["runs"]
    assert [(r["state"], r["pages"]) for r in runs] == [("complete", 5), ("interrupted", FILES_BEFORE_THE_STALL)]
    assert runs[1]["summary"]["documents"] == FILES_BEFORE_THE_STALL


def test_a_second_writer_waits_then_fails_with_one_line(tmp_path):
    write_month(tmp_path / "site", 1)
    assert run_process("check", "site", "--history", "audit.db", "--jobs", "1", cwd=tmp_path).code == 1
    holder = sqlite3.connect(tmp_path / "audit.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer in the middle of a transaction
    try:
        second = run_process("check", "site", "--history", "audit.db", "--history-wait", "0.3", "--jobs", "1",
                             cwd=tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert second.code == 2
    assert second.stderr == ("disclosure-lint: error: audit.db: another disclosure-lint is writing to it; waited "
                             "0.3 s (try again when it has finished, or give --history-wait SECONDS)\n")
    assert second.stdout == ""  # stopped before a page was read
    runs = run_process("history", "runs", "--db", "audit.db", "--format", "json", cwd=tmp_path).json()["runs"]
    assert [r["state"] for r in runs] == ["complete"]


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    write_month(tmp_path / "site", 1)
    assert run_process("check", "site", "--history", "audit.db", "--jobs", "1", cwd=tmp_path).code == 1
    with sqlite3.connect(tmp_path / "audit.db") as db:
        db.execute("PRAGMA user_version = 99")
    for args in (("check", "site", "--history", "audit.db"), ("history", "runs", "--db", "audit.db")):
        result = run_process(*args, cwd=tmp_path)
        assert result.code == 2
        assert result.stderr == ("disclosure-lint: error: audit.db: was written by a newer disclosure-lint (history "
                                 "schema 99; this one reads up to 1); upgrade disclosure-lint to use it\n")


@pytest.mark.parametrize("content, says", [
    (b"this is not a database, only text\n" * 200, "is not a readable history file (file is not a database)"),
    (None, "is an SQLite file, but not a disclosure-lint history; give another file"),
    ("truncated", "is not a readable history file"),
])
def test_a_corrupt_or_foreign_file_is_an_error_naming_it(tmp_path, content, says):
    target = tmp_path / "audit.db"
    if content is None:
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE contacts (name TEXT)")
    elif content == "truncated":
        write_month(tmp_path / "site", 1)
        assert run_process("check", "site", "--history", "audit.db", "--jobs", "1", cwd=tmp_path).code == 1
        with sqlite3.connect(target) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = target.read_bytes()
        target.write_bytes(data[:100] + b"\xff" * (len(data) - 100))  # header kept, every page destroyed
    else:
        target.write_bytes(content)
    for args in (("history", "runs", "--db", "audit.db"), ("history", "diff", "--db", "audit.db"),
                 ("check", str(tmp_path), "--history", "audit.db", "--format", "json")):
        result = run_process(*args, cwd=tmp_path)
        assert result.code == 2, (args, result.stderr)
        assert result.stderr.startswith("disclosure-lint: error: audit.db: ") and says in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_history_commands_refuse_a_missing_file_and_a_missing_action(tmp_path):
    missing = run_process("history", "runs", "--db", "none.db", cwd=tmp_path)
    assert missing.code == 2
    assert missing.stderr == ("disclosure-lint: error: none.db: no such history file; record one with "
                              "'disclosure-lint check --history none.db ...'\n")
    assert not (tmp_path / "none.db").exists()
    assert run_process("history", cwd=tmp_path).code == 2
    assert run_process("history", "prune", "--db", "none.db", cwd=tmp_path).code == 2


def test_a_file_from_an_older_version_is_migrated_and_keeps_its_runs(tmp_path, monkeypatch):
    from disclosure_lint.history import schema

    write_month(tmp_path / "site", 1)
    assert run_process("check", "site", "--history", "audit.db", "--jobs", "1", cwd=tmp_path).code == 1
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "ALTER TABLE runs ADD COLUMN reviewer TEXT;"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    db = schema.connect(tmp_path / "audit.db", create=False)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert db.execute("SELECT state, reviewer FROM runs").fetchall() == [("complete", None)]
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 4
    finally:
        db.close()
