"""`check --history FILE`: the run's side of the history. The runner makes one
RunHistory before the first page, hands it every result as it arrives, finishes it with the
summary, and asks it for the exit code under --fail-on-new. The HTML report reads since_last()."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from disclosure_lint.history.diff import Diff, FindingState, compare
from disclosure_lint.history.queries import History, Run
from disclosure_lint.history.record import Recording, RunStart, rules_digest
from disclosure_lint.model import DocumentResult

TREND_RUNS = 8  # runs shown in the HTML report's trend per site


class RunHistory:
    def __init__(self, path: Path, start: RunStart, fail_on_new: bool, wait: float):
        self.path = path
        self.recording = Recording(path, start, wait)
        self.history = History(self.recording.db, path, wait)
        self.fail_on_new = fail_on_new
        self.base: Run | None = self.history.base_of(self.history.run(self.recording.run_id))  # type: ignore[arg-type]
        self._diff: Diff | None = None

    def add(self, result: DocumentResult) -> None:
        self.recording.add(result)

    def finish(self, summary: dict[str, Any], interrupted: bool) -> None:
        self.recording.finish(summary, "interrupted" if interrupted else "complete")
        if self.fail_on_new:
            self.since_last()  # exit_code() reads it after the file is closed

    def close(self) -> None:
        self.recording.close()

    def since_last(self) -> Diff | None:
        """This run against the newest complete run before it (None for the first run)."""
        if self.base is None:
            return None
        if self._diff is None:
            head = self.history.run(self.recording.run_id)
            self._diff = compare(self.history, self.base, head, unchanged=False)  # type: ignore[arg-type]
        return self._diff

    def trends(self) -> tuple[list[Run], dict[str, list[dict[str, int]]]]:
        """The last complete runs and this one, and per site what each of them found."""
        runs = [run for run in self.history.runs() if run.complete or run.id == self.recording.run_id]
        runs = runs[-TREND_RUNS:]
        return runs, self.history.trends([run.id for run in runs])

    def exit_code(self, code: int, fails) -> int:
        """Under --fail-on-new, 1 only for failing violations new (or reopened) since the base run;
        3 for inputs that could not be checked still stands."""
        if not self.fail_on_new or code not in (0, 1):
            return code
        diff = self.since_last()
        if diff is None:
            sys.stderr.write(f"disclosure-lint: {self.path}: no earlier complete run to compare with; every finding "
                             "counts as new\n")
            return code
        new = [f for f in diff.findings if f.state in (FindingState.NEW, FindingState.REOPENED)
               and f.outcome == "violation" and fails(f.severity)]
        return 1 if new else 0


def start_history(args: argparse.Namespace, profile: str, rules: tuple[dict[str, Any], ...]) -> RunHistory | None:
    path = getattr(args, "history", None)
    if path is None:
        from disclosure_lint.resources import ConfigError

        for flag, value in (("--run-label", getattr(args, "run_label", None)),
                            ("--fail-on-new", getattr(args, "fail_on_new", False))):
            if value:
                raise ConfigError("command line", "needs --history FILE to know which runs to compare", flag)
        return None
    inputs = (*args.inputs, *(f"--urls {u}" for u in getattr(args, "urls", ()) or ()),
              *(f"--sitemap {s}" for s in getattr(args, "sitemap", ()) or ()),
              *(f"--warc-list {w}" for w in getattr(args, "warc_list", None) or ()))
    start = RunStart(getattr(args, "run_label", None), profile, rules_digest(rules), tuple(str(i) for i in inputs))
    from disclosure_lint.history.options import DEFAULT_WAIT

    return RunHistory(path, start, getattr(args, "fail_on_new", False), getattr(args, "history_wait", DEFAULT_WAIT))
