"""The rich terminal report: per document a verdict (sponsored or not, labels and where they sit,
sponsors, credits), then each finding with code, name, line, message and fix; then a run summary.
Page text only ever enters rich as plain Text, never as markup, and is made visible first."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from disclosure_lint.model import DocumentResult, Outcome
from disclosure_lint.report.escape import one_line, visible
from disclosure_lint.report.summary import Summary

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
POSITION_WORD = {"top": "top", "middle": "mid-body", "bottom": "bottom"}


class TerminalReport:
    def __init__(self, stream: TextIO, profile: str, color: bool | None = None, verbose: bool = True):
        self.console = Console(file=stream, highlight=False, emoji=False, markup=False,
                               force_terminal=color if color else None, no_color=color is False,
                               soft_wrap=False)
        self.profile = profile
        self.verbose = verbose

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        console = self.console
        console.print(Text(visible(result.source), style="bold underline"))
        if result.status != "checked":
            kind = result.error.kind if result.error else "error"
            message = result.error.message if result.error else "could not be checked"
            console.print(Text.assemble("  ", ("could not check", "bold red"), f" ({kind}): ", one_line(message)))
            console.print()
            return
        evidence = result.evidence
        assert evidence is not None
        verdict = Text("  ")
        if evidence.sponsored:
            verdict.append("SPONSORED", style="bold magenta")
        else:
            verdict.append("not sponsored", style="green")
        if not evidence.labels:
            verdict.append("  no content-type label found", style="dim")
        console.print(verdict)
        for label in evidence.labels:
            line = Text("  label    ", style="dim")
            line.append(f"“{one_line(label.text)}”", style="bold")
            line.append(f"  {POSITION_WORD.get(label.position, label.position)}, line {label.line}, "
                        f"{label.category}, {label.strength}")
            if not label.certain:
                line.append("  (unclear)", style="yellow")
            console.print(line)
            if label.definition:
                console.print(Text.assemble("           defined as: ", (f"“{one_line(label.definition)}”", "italic")))
        if evidence.sponsored or evidence.sponsors:
            sponsors = Text("  sponsor  ", style="dim")
            if evidence.sponsors:
                for i, sponsor in enumerate(evidence.sponsors):
                    if i:
                        sponsors.append(", ")
                    sponsors.append(one_line(sponsor.name), style="bold")
                    sponsors.append(f" ({sponsor.found_in}, line {sponsor.line})")
            else:
                sponsors.append("none named", style="bold red")
            console.print(sponsors)
        for credit in evidence.credits:
            line = Text("  credit   ", style="dim")
            line.append(one_line(credit.text))
            line.append(f"  line {credit.line}")
            if credit.unit:
                line.append("  unit: ")
                line.append(one_line(credit.unit), style="bold")
            if credit.studio:
                line.append("  commercial studio", style="magenta")
            console.print(line)
        for finding in result.findings:
            head = Text("  ")
            head.append(f"{finding.line}:{finding.column}".rjust(7))
            head.append("  ")
            word = "review" if finding.outcome == Outcome.REVIEW else finding.severity.value
            head.append(word.ljust(8), style=SEVERITY_STYLE.get(finding.severity.value, ""))
            head.append(f"{finding.code} ", style="bold")
            head.append(finding.name, style="bold")
            console.print(head)
            console.print(Text("           " + one_line(finding.message)))
            if self.verbose and finding.fix:
                console.print(Text("           fix: " + one_line(finding.fix), style="dim"))
        console.print()

    def finish(self, summary: Summary) -> None:
        text = Text()
        text.append(f"{summary.documents} document{'s' if summary.documents != 1 else ''}", style="bold")
        text.append(f" · {summary.checked} checked, {summary.sponsored} sponsored")
        if summary.errors:
            kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.error_kinds.items()))
            text.append(f" · {summary.errors} could not be checked ({kinds})", style="bold red")
        counts = summary.findings
        text.append(" · ")
        text.append(f"{counts.get('error', 0)} errors", style="bold red" if counts.get("error") else "")
        text.append(f", {counts.get('warning', 0)} warnings", style="yellow" if counts.get("warning") else "")
        text.append(f", {counts.get('info', 0)} info")
        text.append(f" · profile {self.profile}", style="dim")
        self.console.print(text)
