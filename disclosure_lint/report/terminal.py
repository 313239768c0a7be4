"""The rich terminal report: per document a verdict (sponsored or not, labels and where they sit,
sponsors, credits), then each finding with code, name, line, message and fix; then a run summary.
Page text only ever enters rich as plain Text, never as markup, and is made visible first."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from disclosure_lint.extract.features import describe
from disclosure_lint.model import DocumentResult, Evidence, Outcome
from disclosure_lint.report.escape import one_line
from disclosure_lint.report.summary import Summary

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
POSITION_WORD = {"top": "top", "middle": "mid-body", "bottom": "bottom"}
INDENT = 11


class TerminalReport:
    def __init__(self, stream: TextIO, profile: str, color: bool | None = None, verbose: bool = True):
        self.console = Console(file=stream, highlight=False, emoji=False, markup=False,
                               force_terminal=color if color else None, no_color=color is False)
        self.profile = profile
        self.verbose = verbose

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        console = self.console
        console.print(Text(one_line(result.source), style="bold underline"))
        if result.status != "checked" or result.evidence is None:
            kind = result.error.kind if result.error else "error"
            message = result.error.message if result.error else "could not be checked"
            self._indented(Text.assemble(("could not check", "bold red"), f" ({kind}): ", one_line(message)), 2)
            console.print()
            return
        console.print(Padding(_evidence_grid(result.evidence), (0, 0, 0, 2), expand=False))
        for finding in result.findings:
            head = Text(f"{finding.line}:{finding.column}".rjust(9) + "  ")
            word = "review" if finding.outcome == Outcome.REVIEW else finding.severity.value
            head.append(word.ljust(8), style=SEVERITY_STYLE.get(finding.severity.value, ""))
            head.append(f"{finding.code} {finding.name}", style="bold")
            console.print(head)
            self._indented(Text(one_line(finding.message)))
            if self.verbose and finding.fix:
                self._indented(Text("fix: " + one_line(finding.fix), style="dim"))
        console.print()

    def finish(self, summary: Summary) -> None:
        text = Text()
        text.append(_count(summary.documents, "document"), style="bold")
        text.append(f" · {summary.checked} checked, {summary.sponsored} sponsored")
        if summary.errors:
            kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.error_kinds.items()))
            text.append(f" · {summary.errors} could not be checked ({kinds})", style="bold red")
        counts = summary.findings
        text.append(" · ")
        text.append(_count(counts.get("error", 0), "error"), style="bold red" if counts.get("error") else "")
        text.append(", " + _count(counts.get("warning", 0), "warning"), style="yellow" if counts.get("warning") else "")
        text.append(f", {counts.get('info', 0)} info")
        if summary.silenced:
            text.append(" · silenced " + ", ".join(f"{n} by {kind}" for kind, n in sorted(summary.silenced.items())))
        text.append(f" · profile {self.profile}", style="dim")
        for entry in summary.stale:
            self.console.print(Text.assemble(("stale baseline entry ", "yellow"), one_line(entry["source"]),
                                             f": {entry['code']} {entry['name']} ({one_line(entry['evidence'])}) "
                                             "no longer occurs; run --update-baseline to drop it"))
        self.console.print(text)

    def _indented(self, text: Text, indent: int = INDENT) -> None:
        self.console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _evidence_grid(evidence: Evidence) -> Table:
    """The verdict block: what the page is, which labels say so and where, who paid, who wrote it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, width=8)
    grid.add_column(overflow="fold")
    verdict = Text("SPONSORED", style="bold magenta") if evidence.sponsored else Text("not sponsored", style="green")
    if not evidence.labels:
        verdict.append(" · no content-type label found", style="dim")
    grid.add_row("verdict", verdict)
    for label in evidence.labels:
        row = Text(f"“{one_line(label.text)}”", style="bold")
        row.append(f"  {POSITION_WORD.get(label.position, label.position)}, line {label.line}, "
                   f"{label.category}, {label.strength} wording")
        if label.why:
            row.append(f"\nread as {', '.join(describe(label.why))}", style="dim")
        if label.definition:
            row.append("\ndefined as ")
            row.append(f"“{one_line(label.definition)}”", style="italic")
        if label.meaning:
            row.append("\nin the house scheme: ")
            row.append(f"“{one_line(label.meaning)}”", style="italic")
        grid.add_row("label", row)
    if evidence.sponsored or evidence.sponsors:
        row = Text()
        for i, sponsor in enumerate(evidence.sponsors):
            row.append(", " if i else "")
            row.append(one_line(sponsor.name), style="bold")
            row.append(f" ({sponsor.found_in}, line {sponsor.line})")
        if not evidence.sponsors:
            row.append("none named", style="bold red")
        grid.add_row("sponsor", row)
    for credit in evidence.credits:
        row = Text(one_line(credit.text) + f"  line {credit.line}")
        if credit.unit:
            row.append("  unit ")
            row.append(one_line(credit.unit), style="bold")
        if credit.studio:
            row.append("  commercial studio", style="magenta")
        grid.add_row("credit", row)
    return grid


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def rich_report(stream: TextIO, info) -> TerminalReport:
    return TerminalReport(stream, info.profile, color=info.color)
