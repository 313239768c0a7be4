"""One renderer per output format; each reads results and the run summary and computes nothing new.

FORMATS maps a format name to a factory `(stream, RunInfo) -> Report`; a new format is one module
and one entry here. Factories import their module only when used, so startup stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.summary import Summary


class Report(Protocol):
    def start(self) -> None: ...
    def document(self, result: DocumentResult) -> None: ...
    def finish(self, summary: Summary) -> None: ...


@dataclass(frozen=True)
class RunInfo:
    """What a renderer may know about the run besides results and summary."""

    profile: str = "default"
    color: bool | None = None
    rules: tuple[dict[str, Any], ...] = ()  # report.data.rule_dict of every rule that ran
    terminal: bool = False  # the stream is an interactive terminal
    baseline: bool = False  # the run compares findings with a baseline (SARIF baselineState)
    history: Any = None  # history.hook.RunHistory with --history: the HTML report's "since the last run"
    fail_on: str = "error"  # the lowest severity that fails the run (JUnit failures are those findings)
    sarif_full: bool = False  # SARIF keeps passes, silenced findings and stale baseline entries (--sarif-full)


Factory = Callable[[TextIO, RunInfo], Report]


def _lazy(module: str, name: str) -> Factory:
    def factory(stream: TextIO, info: RunInfo) -> Report:
        return getattr(importlib.import_module(f"disclosure_lint.report.{module}"), name)(stream, info)
    return factory


FORMATS: dict[str, Factory] = {
    "rich": _lazy("terminal", "rich_report"),
    "concise": _lazy("concise", "ConciseReport"),
    "json": _lazy("json_report", "json_report"),
    "sarif": _lazy("sarif", "SarifReport"),
    "junit": _lazy("junit", "JunitReport"),
    "github": _lazy("github", "GithubReport"),
    "gitlab": _lazy("gitlab", "GitlabReport"),
    "markdown": _lazy("markdown", "MarkdownReport"),
    "html": _lazy("html_report", "HtmlReport"),
    "statistics": _lazy("concise", "StatisticsReport"),
    "jsonl": _lazy("jsonl", "JsonLinesReport"),
    "parquet": _lazy("parquet", "ParquetReport"),
    "prevalence": _lazy("prevalence_report", "PrevalenceReport"),
}


def open_report(fmt: str, stream: TextIO, profile: str | RunInfo = "default", color: bool | None = None) -> Report:
    info = profile if isinstance(profile, RunInfo) else RunInfo(profile=profile, color=color)
    try:
        factory = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return factory(stream, info)
