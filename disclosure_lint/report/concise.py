"""`concise`: one line per finding, `path:line:col: CODE [severity] name message`, the shape editors
and CI logs recognise (ruff, flake8, compilers; the bracket tells an error from a warning or an
info line a person may read later); then one summary line. `statistics` (--statistics):
the count of findings per rule. Page text is made visible and kept on one line."""

from __future__ import annotations

from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.escape import one_line
from disclosure_lint.report.summary import Summary


class ConciseReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        source = one_line(result.source)
        if result.status != "checked":
            kind = result.error.kind if result.error else "error"
            message = result.error.message if result.error else "could not be checked"
            self.stream.write(f"{source}: could not check ({one_line(kind)}): {one_line(message)}\n")
            return
        for f in result.findings:
            self.stream.write(f"{source}:{max(f.line, 1)}:{max(f.column, 1)}: {f.code} [{f.severity.value}] {f.name} "
                              f"{one_line(f.message)}\n")

    def finish(self, summary: Summary) -> None:
        write = self.stream.write
        for entry in summary.stale:
            write(f"{one_line(entry['source'])}: stale baseline entry {entry['code']} {entry['name']} "
                  f"({one_line(entry['evidence'])}): the finding is gone; run --update-baseline to drop it\n")
        write(summary_line(summary) + "\n")
        self.stream.flush()


def summary_line(summary: Summary) -> str:
    counts = summary.findings
    total = sum(counts.values())
    text = (f"{_count(total, 'finding')} ({_count(counts.get('error', 0), 'error')}, "
            f"{_count(counts.get('warning', 0), 'warning')}, {counts.get('info', 0)} info) "
            f"in {_count(summary.documents, 'document')}")
    if summary.errors:
        text += f"; {summary.errors} could not be checked"
    if summary.silenced:
        text += "; silenced: " + ", ".join(f"{count} by {kind}" for kind, count in sorted(summary.silenced.items()))
    if summary.stale:
        text += f"; {_count(len(summary.stale), 'stale baseline entry', 'stale baseline entries')}"
    return text + "."


def run_line(summary: Summary) -> str:
    """The run in one line for the terminal when the report itself went elsewhere, as pa11y-ci's
    "10/12 URLs passed": `12 documents: 10 checked, 2 failed to check; 5 findings (1 error, ...)`."""
    counts = summary.findings
    text = (f"{_count(summary.documents, 'document')}: {summary.checked} checked, {summary.errors} failed to check; "
            f"{_count(sum(counts.values()), 'finding')} ({_count(counts.get('error', 0), 'error')}, "
            f"{_count(counts.get('warning', 0), 'warning')}, {counts.get('info', 0)} info)")
    if summary.silenced:
        text += f", {sum(summary.silenced.values())} silenced"
    return text


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


class StatisticsReport:
    """Findings per rule, most frequent first: `count  CODE  name`."""

    def __init__(self, stream: TextIO, info=None):
        self.stream = stream

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        if result.status != "checked":
            kind = result.error.kind if result.error else "error"
            self.stream.write(f"{one_line(result.source)}: could not check ({one_line(kind)})\n")

    def finish(self, summary: Summary) -> None:
        rows = summary.by_rule()
        width = max((len(str(count)) for _, _, count in rows), default=1)
        for code, name, count in rows:
            self.stream.write(f"{str(count).rjust(width)}  {code}  {name}\n")
        self.stream.write(summary_line(summary) + "\n")
        self.stream.flush()
