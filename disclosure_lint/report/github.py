"""`github`: GitHub Actions workflow commands, so findings appear as annotations on the pull
request's files. Page text cannot start a command of its own: every value is one line with % CR
LF percent-encoded, and properties also encode : and ,. GitHub shows only 10 error and 10 warning
annotations per step; when there are more, a closing notice says how many and where to look."""

from __future__ import annotations

from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.concise import summary_line
from disclosure_lint.report.escape import workflow_data, workflow_property
from disclosure_lint.report.summary import Summary

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_STEP = 10  # GitHub's limit for error and for warning annotations in one step


class GithubReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        file = "" if "://" in result.source[:16] or result.source == "-" else result.source
        where = f"file={workflow_property(file)}," if file else ""
        if result.status != "checked":
            kind = result.error.kind if result.error else "error"
            message = result.error.message if result.error else f"{result.source}: could not be checked"
            self.stream.write(f"::error {where}title={workflow_property('could not check (' + kind + ')')}"
                              f"::{workflow_data(message)}\n")
            return
        for f in result.findings:
            command = COMMAND.get(f.severity.value, "warning")
            title = workflow_property(f"{f.code} {f.name}")
            text = f.message if file else f"{result.source}: {f.message}"
            self.stream.write(f"::{command} {where}line={max(f.line, 1)},col={max(f.column, 1)},title={title}"
                              f"::{workflow_data(text)}\n")

    def finish(self, summary: Summary) -> None:
        counts = summary.findings
        hidden = [f"{counts[level] - SHOWN_PER_STEP} more {level}s" for level in ("error", "warning")
                  if counts.get(level, 0) > SHOWN_PER_STEP]
        for entry in summary.stale:
            text = f"{entry['source']}: {entry['code']} {entry['name']} no longer occurs; run --update-baseline"
            self.stream.write(f"::notice title=stale baseline entry::{workflow_data(text)}\n")
        message = f"disclosure-lint: {summary_line(summary)}"
        if hidden:
            message += (f" GitHub shows only {SHOWN_PER_STEP} error and {SHOWN_PER_STEP} warning annotations per "
                        f"step, so {' and '.join(hidden)} are only in the job log; upload SARIF to see them all on "
                        "the pull request.")
        self.stream.write(f"::notice title=disclosure-lint summary::{workflow_data(message)}\n")
        self.stream.flush()
