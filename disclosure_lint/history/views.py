"""`history runs`, `history diff` and `history page` as rich text, JSON or Markdown. Page-derived
text (sources, messages, evidence, labels, sponsor names) enters rich only as plain Text, made
visible first, and Markdown only through markdown_text; JSON goes through json_text."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from disclosure_lint.history.diff import Diff, FindingDiff, FindingState, PageChange
from disclosure_lint.history.queries import Run
from disclosure_lint.report.escape import json_text, markdown_text, one_line

FORMATS = ("rich", "json", "markdown")
STATE_WORD = {FindingState.NEW: "New", FindingState.REOPENED: "Reopened", FindingState.FIXED: "Fixed",
              FindingState.NOT_RECHECKED: "Not rechecked (page not checked this time)",
              FindingState.UNCHANGED: "Unchanged"}
CHANGE_WORD = {PageChange.ADDED: "added", PageChange.REMOVED: "removed", PageChange.NOT_CHECKED: "not checked",
               PageChange.BECAME_SPONSORED: "became sponsored", PageChange.STOPPED_SPONSORED: "no longer sponsored",
               PageChange.LABEL_CHANGED: "label changed", PageChange.SPONSOR_CHANGED: "sponsor changed"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LISTED = (FindingState.NEW, FindingState.REOPENED, FindingState.FIXED, FindingState.NOT_RECHECKED)


def console(stream: TextIO, color: bool | None) -> Console:
    return Console(file=stream, highlight=False, emoji=False, markup=False, soft_wrap=True,
                   force_terminal=color if color else None, no_color=color is False)


def counts_line(diff: Diff) -> tuple[str, str]:
    counts = diff.counts()
    findings = ", ".join(f"{n} {state.replace('-', ' ')}" for state, n in counts["findings"].items())
    pages = ", ".join(f"{n} {CHANGE_WORD[PageChange(change)]}" for change, n in counts["pages"].items() if n)
    return findings, pages or "no page changed"


def run_words(run: Run) -> str:
    return f"{run.name}, {run.started_at}"


# runs ----------------------------------------------------------------------------------------------

def show_runs(runs: list[Run], fmt: str, stream: TextIO, color: bool | None = None) -> None:
    if fmt == "json":
        stream.write(json_text({"runs": [run.as_dict() for run in runs]}, indent=2) + "\n")
        return
    if fmt == "markdown":
        stream.write("## disclosure-lint history\n\n| Run | Label | Started | State | Pages | Findings | Profile | "
                     "Version |\n|---:|---|---|---|---:|---:|---|---|\n")
        for run in runs:
            stream.write(f"| {run.id} | {markdown_text(run.label or '')} | {run.started_at} | {run.state_word} | "
                         f"{run.pages} | {run.findings} | {markdown_text(run.profile)} | {run.tool_version} |\n")
        if not runs:
            stream.write("\nNo runs recorded.\n")
        return
    out = console(stream, color)
    if not runs:
        out.print("No runs recorded yet; record one with 'disclosure-lint check --history FILE ...'.")
        return
    out.print(Text(f"{'run':>4}  {'label':<12} {'started':<26} {'pages':>6} {'findings':>8}  state", style="bold"))
    for run in runs:
        line = Text(f"{run.id:>4}  ")
        line.append(one_line(run.label or "-")[:12].ljust(12))
        line.append(f" {run.started_at:<26} {run.pages:>6} {run.findings:>8}  ")
        line.append(run.state_word, style="" if run.complete else "yellow")
        out.print(line)


# diff ----------------------------------------------------------------------------------------------

def show_diff(diff: Diff, fmt: str, stream: TextIO, color: bool | None = None, unchanged: bool = False) -> None:
    if fmt == "json":
        stream.write(json_text(diff.as_dict(), indent=2) + "\n")
        return
    if fmt == "markdown":
        _diff_markdown(diff, stream, unchanged)
        return
    out = console(stream, color)
    out.print(Text(f"Changes from {one_line(run_words(diff.base))} to {one_line(run_words(diff.head))}",
                   style="bold"))
    for note in diff.notes:
        out.print(Text("note: " + one_line(note), style="yellow"))
    findings, pages = counts_line(diff)
    out.print(Text(f"findings: {findings}"))
    out.print(Text(f"pages: {pages}"))
    for state in (*LISTED, *((FindingState.UNCHANGED,) if unchanged else ())):
        rows = diff.of(state)
        if rows:
            out.print()
            out.print(Text(f"{STATE_WORD[state]} ({len(rows)})", style="bold"))
            for finding in rows:
                out.print(_finding_text(finding))
    if diff.pages:
        out.print()
        out.print(Text(f"Pages ({len(diff.pages)})", style="bold"))
        width = max(len(CHANGE_WORD[p.change]) for p in diff.pages)
        for page in diff.pages:
            line = Text("  " + CHANGE_WORD[page.change].ljust(width) + "  ")
            line.append(one_line(page.source))
            if page.before or page.after:
                line.append(f"  {one_line(page.before) or '-'} -> {one_line(page.after) or '-'}", style="dim")
            out.print(line)


def _finding_text(finding: FindingDiff) -> Text:
    line = Text("  ")
    line.append(one_line(f"{finding.source}:{max(finding.line, 1)}"))
    line.append("  ")
    word = "review" if finding.outcome == "review" else finding.severity
    line.append(word.ljust(8), style=SEVERITY_STYLE.get(finding.severity, ""))
    line.append(f"{finding.code} {finding.name}", style="bold")
    line.append("  " + one_line(finding.message))
    return line


def _md_run(run: Run) -> str:
    label = f" ({markdown_text(run.label)})" if run.label else ""
    return f"run {run.id}{label}, {run.started_at}"


def _diff_markdown(diff: Diff, stream: TextIO, unchanged: bool) -> None:
    write = stream.write
    write(f"## disclosure-lint: changes from {_md_run(diff.base)} to {_md_run(diff.head)}\n\n")
    for note in diff.notes:
        write(f"> **Note:** {markdown_text(note)}\n\n")
    findings, pages = counts_line(diff)
    write(f"**Findings:** {findings}  \n**Pages:** {markdown_text(pages)}\n")
    for state in (*LISTED, *((FindingState.UNCHANGED,) if unchanged else ())):
        rows = diff.of(state)
        if not rows:
            continue
        write(f"\n### {STATE_WORD[state]} ({len(rows)})\n\n| Document | Line | Rule | Severity | Message |\n"
              "|---|---:|---|---|---|\n")
        for f in rows:
            write(f"| {markdown_text(f.source)} | {max(f.line, 1)} | `{f.code}` {f.name} | {f.severity} | "
                  f"{markdown_text(f.message)} |\n")
    if diff.pages:
        write(f"\n### Pages ({len(diff.pages)})\n\n| Change | Document | Before | After |\n|---|---|---|---|\n")
        for p in diff.pages:
            write(f"| {CHANGE_WORD[p.change]} | {markdown_text(p.source)} | {markdown_text(p.before)} | "
                  f"{markdown_text(p.after)} |\n")


# page timeline ---------------------------------------------------------------------------------------

def show_timeline(source: str, entries: list[dict[str, Any]], fmt: str, stream: TextIO,
                  color: bool | None = None) -> None:
    if fmt == "json":
        stream.write(json_text({"source": source, "runs": entries}, indent=2) + "\n")
        return
    if fmt == "markdown":
        stream.write(f"## {markdown_text(source)}\n\n| Run | Started | Status | Sponsored | Labels | Sponsors | "
                     "Findings |\n|---:|---|---|---|---|---|---|\n")
        for e in entries:
            stream.write(f"| {e['run']} | {e['started_at']} | {markdown_text(_status(e))} | {_sponsored(e)} | "
                         f"{markdown_text('; '.join(e['labels']))} | {markdown_text(', '.join(e['sponsors']))} | "
                         f"{markdown_text(', '.join(f['code'] for f in e['findings']))} |\n")
        return
    out = console(stream, color)
    out.print(Text(one_line(source), style="bold underline"))
    if not entries:
        out.print("No run recorded this page.")
    for e in entries:
        line = Text(f"  #{e['run']:<4} {e['started_at']}  ")
        line.append(one_line(_status(e)), style="" if e["status"] == "checked" else "bold red")
        if e["status"] == "checked":
            line.append(f", {_sponsored(e)}")
            if e["labels"]:
                line.append(", labelled " + one_line("; ".join(e["labels"])))
            if e["sponsors"]:
                line.append(", sponsor " + one_line(", ".join(e["sponsors"])))
        out.print(line)
        for f in e["findings"]:
            out.print(Text(f"         {f['code']} {f['name']} (line {max(f['line'], 1)}): ") +
                      Text(one_line(f["message"])))


def _status(entry: dict[str, Any]) -> str:
    return "checked" if entry["status"] == "checked" else f"not checked ({entry['error_kind']})"


def _sponsored(entry: dict[str, Any]) -> str:
    if entry["sponsored"] is None:
        return "-"
    return "sponsored" if entry["sponsored"] else "not sponsored"
