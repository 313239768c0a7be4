"""A progress bar for long runs: pages done, failed, rate and time left, on standard error, shown
when standard error is a terminal and the report goes to a file or pipe (a report printed to the
terminal shows its own progress, page by page). Standard output stays clean for JSON; messages the
run writes to standard error while the bar shows are drawn above it."""

from __future__ import annotations

import sys
from typing import Protocol

from disclosure_lint.model import DocumentResult


class Progress(Protocol):
    def advance(self, result: DocumentResult) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    def advance(self, result: DocumentResult) -> None:
        pass

    def stop(self) -> None:
        pass


def start_progress(enabled: bool | None, total: int | None = None) -> Progress:
    """A running bar when `enabled` (None: when standard error is a terminal), unless the report
    itself is printed to the terminal; otherwise a no-op."""
    if enabled is None:
        enabled = _isatty(sys.stderr)
    if not enabled or _isatty(sys.stdout):
        return NoProgress()
    return RichProgress(total)


class RichProgress:
    def __init__(self, total: int | None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
        columns = [SpinnerColumn(), TextColumn("{task.fields[done]} checked"),
                   TextColumn("{task.fields[failed]}", style="bold red"), BarColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
        if total is not None:
            columns.insert(4, TextColumn("{task.completed}/{task.total}"))
            columns.append(TimeRemainingColumn())
        self._progress = Progress(*columns, console=console, transient=True, refresh_per_second=4,
                                  redirect_stdout=False, redirect_stderr=True)
        self._task = self._progress.add_task("checking", total=total, done=0, failed="", rate="")
        self._done = 0
        self._failed = 0
        self._progress.start()

    def advance(self, result: DocumentResult) -> None:
        self._done += 1
        if result.status != "checked":
            self._failed += 1
        task = self._progress.tasks[0]
        speed = task.speed
        self._progress.update(self._task, advance=1, done=self._done,
                              failed=f"{self._failed} failed" if self._failed else "",
                              rate=f"{speed:.1f} pages/s" if speed else "")

    def stop(self) -> None:
        self._progress.stop()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
