"""Running totals over a stream of results: what the summary line, the JSON summary and the exit
code need. Computed once here, read by every renderer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from disclosure_lint.model import DocumentResult, Outcome, Severity

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

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
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
        }
