"""Running totals over a stream of results: what the summary line, the JSON summary and the exit
code need. Computed once here, read by every renderer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.model import DocumentResult, Outcome, Severity
from disclosure_lint.report.prevalence import Prevalence

FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Summary:
    fail_on: str = "error"
    documents: int = 0
    checked: int = 0
    errors: int = 0
    sponsored: int = 0
    findings: Counter = field(default_factory=Counter)
    failing: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    silenced: Counter = field(default_factory=Counter)  # by what: comment, attribute, file, baseline
    baseline: str | None = None  # the baseline file, when the run uses one
    stale: list[dict] = field(default_factory=list)  # baseline entries whose finding is gone
    archives: Any = None  # sources.warc.ArchiveTally: records read from WARC/ARC files, and those skipped
    prevalence: Prevalence = field(default_factory=Prevalence)  # per host and URL section
    distributed: Any = None  # () -> dict: what a Dask run's cluster did (crawl.dask_run.DaskStats)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.prevalence.add(result)
        if result.status != "checked":
            self.errors += 1
            if result.error:
                self.error_kinds[result.error.kind] += 1
            return
        self.checked += 1
        if result.evidence and result.evidence.sponsored:
            self.sponsored += 1
        for finding in result.findings:
            self.findings[finding.severity.value] += 1
            self.rules[(finding.code, finding.name)] += 1
            if finding.outcome == Outcome.VIOLATION and self.fails(finding.severity):
                self.failing += 1
        for finding in result.silenced:
            self.silenced[finding.silenced_by] += 1

    def fails(self, severity: Severity) -> bool:
        if self.fail_on == "never":
            return False
        return severity.rank >= Severity(self.fail_on).rank

    def exit_code(self) -> int:
        """3 when an input could not be checked, else 1 for failing findings, else 0."""
        if self.errors:
            return 3
        return 1 if self.failing else 0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "checked": self.checked,
            "errors": self.errors,
            "sponsored": self.sponsored,
            "findings": {s.value: self.findings.get(s.value, 0) for s in Severity},
            "error_kinds": dict(sorted(self.error_kinds.items())),
            "silenced": dict(sorted(self.silenced.items())),
            **({"baseline": {"file": self.baseline, "matched": self.silenced.get("baseline", 0),
                             "stale": self.stale}} if self.baseline is not None else {}),
            **({"archives": self.archives.as_dict()} if self.archives is not None and self.archives.archives else {}),
            **({"distributed": self.distributed()} if self.distributed is not None else {}),
        }

    def by_rule(self) -> list[tuple[str, str, int]]:
        """(code, name, count) for every rule with findings, most frequent first."""
        return sorted(((code, name, count) for (code, name), count in self.rules.items()),
                      key=lambda item: (-item[2], item[0]))
