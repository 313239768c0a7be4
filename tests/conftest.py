"""Shared test helpers: run the command line in-process or as a real subprocess, and find the
bundled fixtures. Tests that fetch use a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

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


def run_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 60) -> Result:
    """Run the installed command as a real process, the way users and CI do."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, env=env, timeout=timeout)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


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
