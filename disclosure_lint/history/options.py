"""The options `check` takes for the history; kept apart so building the parser imports no SQLite."""

from __future__ import annotations

import argparse
from pathlib import Path

from disclosure_lint.argtypes import positive_number

DEFAULT_WAIT = 10.0  # seconds a writer waits for another one to finish its transaction


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("audit history")
    group.add_argument("--history", type=Path, default=None, metavar="FILE",
                       help="record this run (pages and findings, never page text) in the SQLite file FILE; "
                            "compare runs with 'disclosure-lint history' (docs/auditing.md)")
    group.add_argument("--run-label", default=None, metavar="LABEL",
                       help="with --history: a name for this run, e.g. 2026-12 (history diff --base LABEL)")
    group.add_argument("--fail-on-new", action="store_true",
                       help="with --history: exit 1 only for failing findings new since the last complete run")
    group.add_argument("--history-wait", type=positive_number, default=DEFAULT_WAIT, metavar="SECONDS",
                       help=f"with --history: how long to wait for another run writing the same file "
                            f"(default: {DEFAULT_WAIT:g})")
