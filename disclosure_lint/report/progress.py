"""A progress bar for long runs: pages done, failed, rate and time left, on standard error and
only when it is a terminal, so standard output stays clean for JSON and pipes stay quiet. While the
bar shows, anything the run prints to the same terminal is drawn above it."""

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
    """A running bar when `enabled` (None: when standard error is a terminal); otherwise a no-op."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
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
        # Redirect only what goes to this same terminal: a report piped to a file must stay in that file.
        self._progress = Progress(*columns, console=console, transient=True, refresh_per_second=4,
                                  redirect_stdout=_same_terminal(), redirect_stderr=True)
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


def _same_terminal() -> bool:
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
