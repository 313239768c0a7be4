"""One renderer per output format; each reads results and the run summary and computes nothing new."""

from __future__ import annotations

from typing import Protocol, TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.summary import Summary


class Report(Protocol):
    def start(self) -> None: ...
    def document(self, result: DocumentResult) -> None: ...
    def finish(self, summary: Summary) -> None: ...


def open_report(fmt: str, stream: TextIO, profile: str, color: bool | None = None) -> Report:
    if fmt == "json":
        from disclosure_lint.report.json_report import JsonReport
        return JsonReport(stream, profile)
    from disclosure_lint.report.terminal import TerminalReport
    return TerminalReport(stream, profile, color=color)
