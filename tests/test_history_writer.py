"""The history's writer process from the run's side: pages sent are stored when the pipe closes
early (a run killed or stopped by an error), and a failure in the writer is the run's error, never
a complete run."""

from __future__ import annotations

import sqlite3

import pytest

from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.history.record import Recording, RunStart
from disclosure_lint.history.schema import HistoryError
from disclosure_lint.model import Document
from disclosure_lint.pipeline import Checker

PAGE = ('<html lang="en"><body><article><p class="label">Sponsored content</p><h1>Story {i}</h1>'
        "<p>The council met on Tuesday to discuss the harbour plan.</p></article></body></html>")


@pytest.fixture(scope="module")
def results():
    checker = Checker(load_vocabulary(), load_engine("default"))
    return [checker.check(Document(source=f"site/p{i}.html", text=PAGE.format(i=i), format="html")) for i in range(5)]


def start(path) -> Recording:
    return Recording(path, RunStart("test", "default", "digest", ("site",)))


def table(path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_pages_sent_before_an_early_close_are_stored_and_the_run_is_failed(tmp_path, results):
    recording = start(tmp_path / "audit.db")
    for result in results:
        recording.add(result)
    writer = recording.writer
    recording.close()  # no finish(): the run stopped on an error
    assert writer.process.returncode == 0
    assert table(tmp_path / "audit.db", "SELECT seq, source FROM pages ORDER BY seq") == [
        (i + 1, f"site/p{i}.html") for i in range(5)]
    assert table(tmp_path / "audit.db", "SELECT state, summary FROM runs") == [("failed", None)]
    assert table(tmp_path / "audit.db", "SELECT count(*) FROM findings")[0][0] > 0


def test_a_finished_run_has_every_page_and_its_summary(tmp_path, results):
    recording = start(tmp_path / "audit.db")
    for result in results:
        recording.add(result)
    recording.finish({"documents": 5})
    recording.close()
    assert table(tmp_path / "audit.db", "SELECT count(*) FROM pages")[0][0] == 5
    assert table(tmp_path / "audit.db", "SELECT state, summary FROM runs") == [("complete", '{"documents": 5}')]


def test_a_failure_in_the_writer_is_the_runs_error_and_never_a_complete_run(tmp_path, results):
    recording = start(tmp_path / "audit.db")
    with sqlite3.connect(tmp_path / "audit.db") as db:
        db.execute("DROP TABLE findings")  # the writer's first batch cannot be stored
    for result in results:
        recording.add(result)
    with pytest.raises(HistoryError, match=r"audit\.db: history file error \(no such table: findings\)"):
        recording.finish({"documents": 5})
    recording.close()
    assert table(tmp_path / "audit.db", "SELECT state FROM runs") == [("failed",)]
    assert table(tmp_path / "audit.db", "SELECT count(*) FROM pages")[0][0] == 0  # the batch was rolled back
