"""`markdown`: a report to post as a pull-request comment. A table of findings per document,
capped so the comment stays under GitHub's size limit, then the totals. Page text is written as
character references wherever Markdown, HTML, autolinks or @mentions could act on it."""

from __future__ import annotations

from typing import TextIO

from disclosure_lint.model import DocumentResult, Outcome
from disclosure_lint.report.concise import summary_line
from disclosure_lint.report.escape import markdown_text
from disclosure_lint.report.summary import Summary

MAX_ROWS = 200  # about 40 KB of table: GitHub rejects comments over 65,536 characters
ICON = {"error": "🔴 error", "warning": "🟡 warning", "info": "🔵 info"}


class MarkdownReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream
        self.rows = 0
        self.hidden = 0
        self.table_open = False

    def start(self) -> None:
        self.stream.write("## disclosure-lint\n\n")

    def document(self, result: DocumentResult) -> None:
        if result.status != "checked":
            message = result.error.message if result.error else "could not be checked"
            kind = result.error.kind if result.error else "error"
            self._row(markdown_text(result.source), "", "could not check", f"❌ {markdown_text(kind)}",
                      markdown_text(message))
            return
        for f in result.findings:
            severity = "🔵 review" if f.outcome == Outcome.REVIEW else ICON.get(f.severity.value, f.severity.value)
            self._row(markdown_text(result.source), str(max(f.line, 1)), f"`{f.code}` {f.name}", severity,
                      markdown_text(f.message))

    def finish(self, summary: Summary) -> None:
        write = self.stream.write
        if not self.table_open:
            write("No findings.\n")
        if self.hidden:
            write(f"\n…and {self.hidden} more rows not shown; see the full report in the job's output.\n")
        if summary.stale:
            write("\n**Stale baseline entries** (the finding is gone; run `--update-baseline`):\n\n")
            for entry in summary.stale[:MAX_ROWS]:
                write(f"- {markdown_text(entry['source'])}: `{entry['code']}` {entry['name']} "
                      f"({markdown_text(entry['evidence'])})\n")
        write(f"\n**{summary_line(summary)}**\n")
        self.stream.flush()

    def _row(self, *cells: str) -> None:
        if self.rows >= MAX_ROWS:
            self.hidden += 1
            return
        if not self.table_open:
            self.stream.write("| Document | Line | Rule | Severity | Message |\n|---|---:|---|---|---|\n")
            self.table_open = True
        self.stream.write("| " + " | ".join(cells) + " |\n")
        self.rows += 1
