"""Output options of `check`: `--output FORMAT[:PATH]` (repeatable; several formats in one run),
`--format FORMAT` (the single-output shorthand), `--statistics`. Standard output carries at most
one format: the one named without a path (or with `-`), else `rich` on a terminal and `concise`
elsewhere. Files are opened before any page is read, so a bad path stops the run at once."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report import FORMATS, Report, RunInfo, open_report
from disclosure_lint.report.concise import run_line
from disclosure_lint.report.summary import Summary
from disclosure_lint.resources import ConfigError

STDOUT = "-"
# Formats that end with a summary line of their own.
SUMMARISED = frozenset({"rich", "concise", "statistics"})


@dataclass(frozen=True, slots=True)
class OutputSpec:
    format: str
    path: str = STDOUT  # "-" for standard output
    full: bool = False  # SARIF: the whole picture (--sarif-full)


def parse_output(text: str) -> OutputSpec:
    """`sarif`, `sarif:out/report.sarif`, `json:-`. Only a known format name before the first
    colon splits, so paths with colons still work."""
    name, sep, path = text.partition(":")
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"unknown format {name!r} in {text!r}; expected FORMAT or FORMAT:PATH with "
                                         f"FORMAT one of {', '.join(FORMATS)}")
    if sep and not path:
        raise argparse.ArgumentTypeError(f"{text!r} names no file after the colon; write {name}:PATH or just {name}")
    return OutputSpec(name, path or STDOUT)


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument("--output", "-o", action="append", type=parse_output, default=[], metavar="FORMAT[:PATH]",
                       help=f"write FORMAT to PATH (standard output without PATH); repeat for several. "
                            f"Formats: {', '.join(FORMATS)}")
    group.add_argument("--format", choices=tuple(FORMATS), default=None,
                       help="the format on standard output (default: rich on a terminal, concise otherwise)")
    group.add_argument("--statistics", action="store_true",
                       help="on standard output, the number of findings per rule instead of each finding")
    group.add_argument("--summary", action=argparse.BooleanOptionalAction, default=None,
                       help="end standard error with a one-line summary of the run when standard output carries no "
                            "summary of its own (json, sarif, junit ... or reports written to files); default: when "
                            "standard error is a terminal")
    group.add_argument("--sarif-full", action="store_true",
                       help="SARIF with the whole picture: every rule's pass or not-applicable result per document, "
                            "silenced and baselined findings, fixed baseline entries (default: findings only, as "
                            "GitHub code scanning wants)")


def output_specs(args: argparse.Namespace, terminal: bool) -> list[OutputSpec]:
    """The run's outputs, standard output first. Two formats for standard output is an error."""
    specs: list[OutputSpec] = list(args.output)
    if args.format:
        specs.insert(0, OutputSpec(args.format))
    if args.statistics:
        specs = [s for s in specs if s.path != STDOUT or s.format == "statistics"]
        specs.insert(0, OutputSpec("statistics"))
    on_stdout = [s for s in specs if s.path == STDOUT]
    if len({s.format for s in on_stdout}) > 1:
        raise ConfigError("command line", "standard output can carry one format; give the others a file "
                          f"(FORMAT:PATH): {', '.join(s.format for s in on_stdout)}", "--output")
    if not on_stdout:
        specs.insert(0, OutputSpec("rich" if terminal else "concise"))
    seen, unique = set(), []
    for spec in specs:
        key = spec.path if spec.path == STDOUT else str(Path(spec.path).resolve())
        if key in seen:
            if spec.path == STDOUT:
                continue
            raise ConfigError("command line", f"{spec.path} is named twice", "--output")
        seen.add(key)
        unique.append(spec)
    if getattr(args, "sarif_full", False):
        unique = [replace(spec, full=True) if spec.format == "sarif" else spec for spec in unique]
    return sorted(unique, key=lambda s: s.path != STDOUT)


class Outputs:
    """Every output of the run behind one Report: each gets every result and the summary."""

    def __init__(self, specs: list[OutputSpec], info: RunInfo, stdout: TextIO | None = None):
        self.specs = specs
        self.files: list[TextIO] = []
        self.reports: list[Report] = []
        stdout = stdout or sys.stdout
        try:
            for spec in specs:
                stream = stdout if spec.path == STDOUT else self._open(spec.path)
                self.reports.append(open_report(spec.format, stream, replace(info, sarif_full=spec.full)))
        except BaseException:
            self.close()
            raise

    def closing_line(self, summary: Summary, wanted: bool | None, stderr: TextIO | None = None) -> str | None:
        """The one-line summary for standard error, or None when standard output already ends with
        one (rich, concise, statistics) or it is not wanted (`wanted` None: when stderr is a terminal)."""
        if self.stdout_format in SUMMARISED:
            return None
        if wanted is None:
            stream = stderr or sys.stderr
            wanted = bool(getattr(stream, "isatty", lambda: False)())
        return run_line(summary) if wanted else None

    @property
    def stdout_format(self) -> str | None:
        return next((s.format for s in self.specs if s.path == STDOUT), None)

    def _open(self, path: str) -> TextIO:
        target = Path(path)
        try:
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True, exist_ok=True)
            stream = target.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise ConfigError(path, f"cannot write the report ({exc.strerror or exc})", None) from None
        self.files.append(stream)
        return stream

    def start(self) -> None:
        for report in self.reports:
            report.start()

    def document(self, result: DocumentResult) -> None:
        for report in self.reports:
            report.document(result)

    def finish(self, summary: Summary) -> None:
        for report in self.reports:
            report.finish(summary)

    def close(self) -> None:
        for stream in self.files:
            stream.close()
        self.files = []
