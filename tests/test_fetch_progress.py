"""The progress bar: on standard error when it is a terminal (a real pseudo-terminal here), never
mixed into standard output, and absent when standard error is not a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading

from tests.hostile_server import HostileServer


def test_progress_goes_to_the_terminal_and_json_stays_clean(tmp_path):
    server = HostileServer().start()
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    try:
        listing = tmp_path / "urls.txt"
        listing.write_text("".join(f"{server.url('/slow-page')}?s=0.2&n={i}\n" for i in range(8)) +
                           server.url("/missing") + "\n", encoding="utf-8")
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--format", "json", "--jobs", "1",
                               "--per-host", "1", "--urls", str(listing)], stdout=subprocess.PIPE, stderr=slave,
                              env={**os.environ, "COLUMNS": "120", "TERM": "xterm"}, timeout=120)
        os.close(slave)
        reader.join(timeout=10)
    finally:
        os.close(master)
        server.stop()
    terminal = b"".join(chunks).decode("utf-8", "replace")
    report = json.loads(proc.stdout)  # nothing of the bar leaked into standard output
    assert report["summary"]["documents"] == 9
    assert "checked" in terminal and "1 failed" in terminal
    assert "/9" in terminal  # the total is known from the URL list, so the bar shows it (and time left)


def test_no_progress_when_standard_error_is_not_a_terminal(cli, tmp_path):
    server = HostileServer().start()
    try:
        result = cli("check", "--format", "json", "--jobs", "1", server.url("/page/one"))
    finally:
        server.stop()
    assert result.json()["summary"]["documents"] == 1
    assert result.stderr == ""
