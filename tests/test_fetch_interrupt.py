"""Ctrl-C in the middle of a URL run: the run stops at once, the report of what was done is still
written (valid JSON, its summary matching its documents), exit 130, no traceback. Ctrl-C reaches
the whole process group, as it does from a terminal, worker processes included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.hostile_server import HostileServer

URLS = 40


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_and_writes_the_report_so_far(tmp_path, jobs):
    server = HostileServer().start()
    try:
        listing = tmp_path / "urls.txt"
        listing.write_text("".join(f"{server.url('/slow-page')}?s=0.2&n={i}\n" for i in range(URLS)), encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "disclosure_lint", "check", "--format", "json", "--no-progress", "--per-host", "2",
             "--jobs", jobs, "--urls", str(listing)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        deadline = time.monotonic() + 60
        while server.hits["/slow-page"] < 10 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        server.stop()
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 130, stderr
    report = json.loads(out)
    done = len(report["documents"])
    assert done < URLS
    assert report["summary"]["documents"] == done
    if jobs == "1":  # one process checks each page as soon as it arrives: some were surely done
        assert done >= 1
    assert "interrupted" in stderr and "Traceback" not in stderr
