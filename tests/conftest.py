"""Shared test helpers: run the command line in-process or as a real subprocess, and find the
bundled fixtures. Tests that fetch use a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import ctypes
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FOUNDING = FIXTURES / "founding" / "euractiv-underwritten.txt"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `disclosure-lint ARGS` in this process and return exit code, stdout and stderr."""
    from disclosure_lint.cli import main

    def run(*args: str, stdin: bytes | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 60,
                honour_file_permissions: bool = False, env: dict[str, str] | None = None) -> Result:
    """Run the installed command as a real process, the way users and CI do.

    `honour_file_permissions` takes from the process the two capabilities that let root read any file
    (so a test running as root, as CI does, still sees "permission denied")."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", **(env or {})}
    preexec = _drop_file_read_override if honour_file_permissions and os.geteuid() == 0 else None
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, env=env, timeout=timeout, preexec_fn=preexec)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def _drop_file_read_override() -> None:
    """In the child before exec: remove CAP_DAC_OVERRIDE (1) and CAP_DAC_READ_SEARCH (2) from the
    bounding set (prctl PR_CAPBSET_DROP, 24), so the program the child runs never holds them."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver listens on 127.0.0.1 (not "localhost"): traffic stays on loopback."""
    return ("127.0.0.1", 0)


@pytest.fixture(autouse=True)
def _httpserver_answers_404_for_unknown_paths(request: pytest.FixtureRequest) -> None:
    """Like a real site, pytest-httpserver answers 404 for paths a test did not set up (its default is
    500). That matters for robots.txt, which is fetched first and honoured: a 5xx there means the site
    asks crawlers to stay away (RFC 9309)."""
    if "httpserver" in request.fixturenames:
        request.getfixturevalue("httpserver").no_handler_status_code = 404
