"""The Dask path on a real LocalCluster of two worker processes on 127.0.0.1: results equal a
local run record for record, two worker processes do the work, and a worker killed in the middle
of a task (os.kill of the real process) loses no record."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_process
from tests.warcs import WarcBuilder

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # a local Dask cluster per test

from disclosure_lint.config import resolve  # noqa: E402
from disclosure_lint.crawl.checking import checker_for  # noqa: E402
from disclosure_lint.crawl.dask_run import DaskStats, dask_results  # noqa: E402
from disclosure_lint.pipeline import run  # noqa: E402
from disclosure_lint.report.data import document_dict  # noqa: E402
from disclosure_lint.sources.warc import Archive, ArchiveTally  # noqa: E402

PAGES = sorted((FIXTURES / "pages").glob("*.html")) + sorted((FIXTURES / "rules").glob("*/*.html"))


def build_archives(folder: Path, count: int, pages_each: int) -> list[Archive]:
    """`count` archives of `pages_each` pages each (cycling through the fixtures); the second one
    also holds a corrupt record and a 404."""
    archives = []
    for number in range(count):
        path = folder / f"part-{number:02d}.warc.gz"
        with path.open("wb") as stream:
            builder = WarcBuilder(stream)
            builder.warcinfo()
            for index in range(pages_each):
                page = PAGES[(number * pages_each + index) % len(PAGES)]
                builder.response(f"https://site{number}.example.test/s{index % 3}/{index}.html", page.read_bytes())
                if number == 1 and index == 2:
                    builder.corrupt()
                    builder.response("https://site1.example.test/gone", b"gone", status="404 Not Found")
        archives.append(Archive(str(path), path.name))
    return archives


@pytest.fixture(scope="module")
def checker():
    from disclosure_lint.cli import build_parser

    return checker_for(resolve(build_parser().parse_args(["check", "--no-config", "x"])))


def local_rows(archives: list[Archive], checker) -> tuple[list[dict], ArchiveTally]:
    tally = ArchiveTally()
    return [document_dict(r) for r in run(archives, checker, tally=tally)], tally


def cluster(allowed_failures: int = 1):
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures}):
        return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address="127.0.0.1:0", silence_logs=40)


def worker_pids(client) -> dict[str, int]:
    return client.run(os.getpid)


def kill_a_worker_mid_task(client) -> tuple[int, set[str]]:
    """SIGKILL a worker process that is executing a task right now; returns its pid and the key
    of the task it was executing."""
    while True:  # until a worker reports a task executing (tasks take seconds here)
        executing = client.run(lambda dask_worker: [str(ts.key) for ts in dask_worker.state.executing])
        busy = [address for address, keys in executing.items() if keys]
        if busy:
            break
    address = busy[0]
    pid = worker_pids(client)[address]
    os.kill(pid, signal.SIGKILL)
    return pid, set(executing[address])


def test_dask_results_equal_the_local_run_record_for_record(tmp_path, checker):
    archives = build_archives(tmp_path, count=6, pages_each=12)
    expected, local_tally = local_rows(archives, checker)
    with cluster() as local_cluster, distributed.Client(local_cluster) as client:
        pids = set(worker_pids(client).values())
        stats, tally = DaskStats(), ArchiveTally()
        rows = [document_dict(r) for r in dask_results(local_cluster.scheduler_address, archives, checker, tally,
                                                       stats)]
        given = client.run(lambda dask_worker: hasattr(dask_worker, "disclosure_checker"))
    assert rows == expected
    assert len(rows) == 6 * 12 + 1  # the corrupt record is one error row
    assert [r["error"]["kind"] for r in rows if r["error"]] == ["broken-record"]
    assert stats.pids == pids and len(pids) == 2  # both worker processes checked archives
    assert set(given.values()) == {True}  # each worker was handed the checker
    assert stats.tasks == 6 and stats.lost == 0
    assert tally.as_dict() == local_tally.as_dict()
    assert tally.records == tally.results + sum(tally.skipped.values()) == len(rows) + 6 + 1  # warcinfo, 404


def test_a_worker_killed_mid_task_loses_no_record(tmp_path, checker):
    archives = build_archives(tmp_path, count=6, pages_each=60)
    expected, _ = local_rows(archives, checker)
    with cluster(allowed_failures=1) as local_cluster, distributed.Client(local_cluster) as client:
        before = set(worker_pids(client).values())
        stats, tally = DaskStats(), ArchiveTally()
        results = dask_results(local_cluster.scheduler_address, archives, checker, tally, stats)
        rows = [document_dict(next(results))]
        killed, _ = kill_a_worker_mid_task(client)
        rows += [document_dict(r) for r in results]
    assert killed in before
    assert rows == expected  # the killed task ran again on a live worker; nothing lost, nothing doubled
    assert stats.lost == 0 and stats.tasks == 6
    assert killed not in stats.pids or len(stats.pids) >= 2


def test_a_task_lost_beyond_the_retries_becomes_worker_lost_rows(tmp_path, checker):
    archives = build_archives(tmp_path, count=6, pages_each=60)
    expected, local_tally = local_rows(archives, checker)
    with cluster(allowed_failures=0) as local_cluster, distributed.Client(local_cluster) as client:
        stats, tally = DaskStats(), ArchiveTally()
        results = dask_results(local_cluster.scheduler_address, archives, checker, tally, stats)
        rows = [document_dict(next(results))]
        _, running = kill_a_worker_mid_task(client)
        rows += [document_dict(r) for r in results]
    assert len(rows) == len(expected)  # records in == results out
    assert tally.records == local_tally.records and tally.results == len(rows)
    lost = {r["warc_filename"] for r in rows if r["error"] and r["error"]["kind"] == "worker-lost"}
    assert stats.lost == len(lost)
    # The task it was running is lost (with it, at most the one queued behind it on that worker).
    assert any(name in key for key in running for name in lost) and len(lost) <= 2
    for row, want in zip(rows, expected, strict=True):
        if row["warc_filename"] in lost and want["status"] == "checked":
            assert row["status"] == "error" and row["error"]["kind"] == "worker-lost"
            assert (row["source"], row["warc_record_offset"], row["warc_record_length"]) == (
                want["source"], want["warc_record_offset"], want["warc_record_length"])
        else:
            assert row == want


def test_a_task_past_its_time_becomes_check_timeout_rows(tmp_path, checker):
    archives = build_archives(tmp_path, count=2, pages_each=60)
    expected, _ = local_rows(archives, checker)
    with cluster() as local_cluster:
        stats = DaskStats()
        rows = [document_dict(r) for r in dask_results(local_cluster.scheduler_address, archives, checker,
                                                       ArchiveTally(), stats, task_timeout=0.001)]
    assert len(rows) == len(expected) and stats.timed_out == 2
    kinds = {r["error"]["kind"] for r in rows}
    assert kinds == {"check-timeout", "broken-record"}
    assert [r["warc_record_offset"] for r in rows] == [r["warc_record_offset"] for r in expected]


def test_the_command_line_runs_on_a_local_cluster(tmp_path):
    archives = build_archives(tmp_path, count=3, pages_each=8)
    local = run_process("check", "--format", "json", *[a.path for a in archives])
    on_dask = run_process("check", "--format", "json", "--dask", "local", "--jobs", "2",
                          *[a.path for a in archives], timeout=180)
    assert on_dask.code == local.code == 3  # the corrupt record
    assert on_dask.json()["documents"] == local.json()["documents"]
    summary = on_dask.json()["summary"]
    assert summary["distributed"]["workers"] == 2 and summary["distributed"]["scheduler"].startswith("tcp://127.0.0.1:")
    assert summary["archives"] == local.json()["summary"]["archives"]
    usage = run_process("check", "--dask", "local", FIXTURES / "founding" / "euractiv-underwritten.txt")
    assert usage.code == 2 and len(usage.stderr.strip().splitlines()) == 1
    assert "--dask checks WARC/ARC archives" in usage.stderr
    assert json.loads(local.stdout)["summary"]["archives"]["files"] == 3
