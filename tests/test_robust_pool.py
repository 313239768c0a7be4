"""The worker pool (disclosure_lint/pool.py): results in input order and equal to checking in
one process; a worker killed while checking a document, or stuck past the time limit, becomes
that document's error and the other documents are still checked.

The slow document is real: one start tag with 100,000 attributes, which libxml2 parses in time
quadratic in the attribute count (tens of seconds); nothing is mocked."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.model import Document, InputError
from disclosure_lint.pipeline import Checker, check_all
from disclosure_lint.report.data import document_dict
from tests.adversarial import big_page
from tests.conftest import FIXTURES

CHECKER = Checker(load_vocabulary(), load_engine())
PAGES = [Document(source=str(p.relative_to(FIXTURES)), text=p.read_text("utf-8"), format="html")
         for p in sorted(FIXTURES.rglob("*.html"))]
# Seconds of CPU to check (a 20 MB article); a tag with 100,000 attributes was once slow enough, until
# start tags were capped (extract/crowded_tags.py).
SLOW = Document(source="slow.html", format="html", text=big_page(20_000_000).decode("utf-8"))


def batch(size: int) -> list[Document]:
    return [PAGES[i % len(PAGES)] for i in range(size)]


def test_pooled_results_are_in_input_order_and_equal_to_one_process():
    items = [*batch(30), InputError("missing.html", "not-found", "missing.html: no such file"), *batch(7)]
    alone = [document_dict(r) for r in check_all(items, CHECKER, jobs=1)]
    pooled = [document_dict(r) for r in check_all(items, CHECKER, jobs=2)]
    assert pooled == alone
    assert [d["source"] for d in pooled] == [i.source for i in items]
    assert pooled[30]["error"]["kind"] == "not-found"


def test_a_document_past_the_time_limit_is_stopped_and_the_rest_are_checked():
    items = [*batch(5), SLOW, *batch(20)]
    started = time.monotonic()
    results = list(check_all(items, CHECKER, jobs=2, time_limit=1.0))
    assert time.monotonic() - started < 60  # a hang guard: the slow page alone takes far longer
    assert [r.source for r in results] == [i.source for i in items]
    slow = results[5]
    assert slow.status == "error" and slow.error.kind == "check-timeout"
    assert slow.error.message.startswith("slow.html: checking took longer than 1 s")
    assert all(r.status == "checked" for i, r in enumerate(results) if i != 5)


def _descendants() -> dict[int, float]:
    """Our child processes and theirs (workers are forked here, or by a forkserver): pid -> CPU seconds."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    children = {pid for pid, (ppid, _) in stats.items() if ppid == os.getpid()}
    return {pid: cpu for pid, (ppid, cpu) in stats.items() if pid in children or ppid in children}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker through /proc")
def test_a_worker_killed_while_checking_fails_that_document_only_and_is_replaced():
    items = [*batch(3), SLOW, *batch(20)]
    results = []
    runner = threading.Thread(target=lambda: results.extend(check_all(items, CHECKER, jobs=2, time_limit=None)))
    runner.start()
    deadline = time.monotonic() + 60
    victim = None
    while victim is None and time.monotonic() < deadline:  # the worker busy on the slow page burns CPU
        busy = {pid: cpu for pid, cpu in _descendants().items() if cpu > 1.0}
        victim = max(busy, key=busy.__getitem__) if busy else None
        time.sleep(0.1)
    assert victim is not None, "no busy worker found"
    os.kill(victim, signal.SIGKILL)
    runner.join(120)
    assert not runner.is_alive()

    assert [r.source for r in results] == [i.source for i in items]
    killed = results[3]
    assert killed.status == "error" and killed.error.kind == "worker-crashed"
    assert "killed by SIGKILL" in killed.error.message
    assert all(r.status == "checked" for i, r in enumerate(results) if i != 3)
