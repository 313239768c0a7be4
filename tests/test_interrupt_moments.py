"""Ctrl-C at twenty moments of a URL run with two workers, from start-up to well into fetching:
each ends with exit 130, one line on stderr (no traceback, no warning) and, once the report was
started, a valid report of what was done. Each moment is taken from something the run really did
(its start-up holding Ctrl-C, the first page request, the worker processes' start, the n-th page
request), some of them plus a delay, so that the twenty spread over the first second or so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile_server import HostileServer

URLS = 40
GUARD = 60.0  # seconds: a run that never reaches the moment fails instead of hanging
NOTICES = ("disclosure-lint: error: interrupted: the report covers the documents checked so far",
           "disclosure-lint: error: interrupted before anything was checked or reported")


def _status(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        value = next(line.split()[1] for line in status if line.startswith(field + ":"))
    return int(value, 16)


def holding_ctrl_c(pid: int, server: HostileServer) -> bool:
    """The command's first line ran: its main thread blocks SIGINT through start-up."""
    return bool(_status(pid, "SigBlk") & (1 << (signal.SIGINT - 1)))


def has_children(pid: int, server: HostileServer) -> bool:
    """The pool started: the run has a child process (the forkserver)."""
    return any((task / "children").read_text().split() for task in Path(f"/proc/{pid}/task").iterdir())


def requests(count: int) -> Callable[[int, HostileServer], bool]:
    def asked(pid: int, server: HostileServer) -> bool:
        return server.hits["/slow-page"] >= count
    asked.__name__ = f"{count}-requests"
    return asked


# (event, seconds after it): holding_ctrl_c is seen within milliseconds of the start.
MOMENTS = [
    *((holding_ctrl_c, delay) for delay in (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0)),
    (requests(1), 0.0), (requests(1), 0.05),
    (has_children, 0.0), (has_children, 0.01), (has_children, 0.1),
    (requests(2), 0.0), (requests(4), 0.0), (requests(6), 0.02), (requests(10), 0.0),
]


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    server = HostileServer().start()
    path = tmp_path_factory.mktemp("urls") / "urls.txt"
    path.write_text("".join(f"{server.url('/slow-page')}?s=0.2&n={i}\n" for i in range(URLS)), encoding="utf-8")
    yield server, path
    server.stop()


def _wait_for(event, proc: subprocess.Popen, server: HostileServer) -> None:
    deadline = time.monotonic() + GUARD
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before {event.__name__}: exit {proc.returncode}")
        try:
            if event(proc.pid, server):
                return
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            pass
        time.sleep(0.001)
    pytest.fail(f"{event.__name__} did not happen within {GUARD:g} s")


@pytest.mark.parametrize(("event", "delay"), MOMENTS, ids=[f"{e.__name__}+{d:g}s" for e, d in MOMENTS])
def test_ctrl_c_at_this_moment_ends_with_130_and_one_line(listing, event, delay):
    server, urls = listing
    server.hits.clear()
    proc = subprocess.Popen(
        [sys.executable, "-m", "disclosure_lint", "check", "--format", "json", "--no-progress", "--per-host", "2",
         "--jobs", "2", "--urls", str(urls)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        _wait_for(event, proc, server)
        if delay:
            time.sleep(delay)  # the moment itself, not a wait for something to happen
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        out, err = proc.communicate(timeout=GUARD)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() in ([NOTICES[0]], [NOTICES[1]]), stderr
    if stderr.startswith(NOTICES[0]):
        report = json.loads(out)
        assert report["summary"]["documents"] == len(report["documents"]) < URLS
    else:
        assert out == b""
