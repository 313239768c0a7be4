"""Two runs compared, the way SonarQube compares analyses: each finding of either run is new,
reopened (gone in the base run, seen in an earlier one), unchanged, fixed, or not rechecked; each
page may have been added, removed, not checked this time, become or stopped being sponsored, or
changed its labels or sponsors. A finding is fixed only when its page was checked in both runs:
a page that timed out says nothing about its findings. Findings a suppression or baseline
silenced are not compared. A change of rules or tool version between the runs is stated first."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from disclosure_lint.history.queries import History, Run


class FindingState(str, Enum):
    NEW = "new"
    REOPENED = "reopened"
    UNCHANGED = "unchanged"
    FIXED = "fixed"
    NOT_RECHECKED = "not-rechecked"  # the page was not checked (or not given) in the newer run


class PageChange(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    NOT_CHECKED = "not-checked"
    BECAME_SPONSORED = "became-sponsored"
    STOPPED_SPONSORED = "stopped-being-sponsored"
    LABEL_CHANGED = "label-changed"
    SPONSOR_CHANGED = "sponsor-changed"


FINDING_COLUMNS = ("fingerprint", "code", "name", "severity", "outcome", "line", "message", "evidence")


@dataclass(frozen=True, slots=True)
class FindingDiff:
    state: FindingState
    source: str
    fingerprint: str
    code: str
    name: str
    severity: str
    outcome: str
    line: int
    message: str
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "source": self.source, "fingerprint": self.fingerprint, "code": self.code,
                "name": self.name, "severity": self.severity, "outcome": self.outcome, "line": self.line,
                "message": self.message, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class PageDiff:
    change: PageChange
    source: str
    before: str = ""
    after: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"change": self.change.value, "source": self.source, "before": self.before, "after": self.after}


@dataclass
class Diff:
    base: Run
    head: Run
    notes: list[str] = field(default_factory=list)
    findings: list[FindingDiff] = field(default_factory=list)
    pages: list[PageDiff] = field(default_factory=list)

    def of(self, state: FindingState) -> list[FindingDiff]:
        return [f for f in self.findings if f.state == state]

    def changed(self, change: PageChange) -> list[PageDiff]:
        return [p for p in self.pages if p.change == change]

    def counts(self) -> dict[str, dict[str, int]]:
        return {"findings": {s.value: sum(f.state == s for f in self.findings) for s in FindingState},
                "pages": {c.value: sum(p.change == c for p in self.pages) for c in PageChange}}

    def as_dict(self, unchanged: bool = True) -> dict[str, Any]:
        return {"base": self.base.as_dict(), "head": self.head.as_dict(), "notes": self.notes,
                "counts": self.counts(),
                "findings": [f.as_dict() for f in self.findings if unchanged or f.state != FindingState.UNCHANGED],
                "pages": [p.as_dict() for p in self.pages]}


def notes(base: Run, head: Run) -> list[str]:
    out = []
    if base.tool_version != head.tool_version:
        out.append(f"disclosure-lint changed between the runs: {base.tool_version} -> {head.tool_version}")
    if base.rules_digest != head.rules_digest:
        out.append(f"the rules in force changed between the runs (rules digest {base.rules_digest} -> "
                   f"{head.rules_digest}): some differences may come from the rules, not the pages")
    if base.profile != head.profile:
        out.append(f"the profile changed between the runs: {base.profile} -> {head.profile}")
    for run, which in ((base, "base"), (head, "newer")):
        if not run.complete:
            out.append(f"the {which} run {run.name} is {run.state_word}: pages it did not reach count as removed")
    return out


def compare(history: History, base: Run, head: Run) -> Diff:
    diff = Diff(base, head, notes(base, head))
    before = _pages(history, base.id)
    after = _pages(history, head.id)
    diff.pages = _page_changes(before, after)
    checked_before = {source for source, page in before.items() if page[0] == "checked"}
    checked_after = {source for source, page in after.items() if page[0] == "checked"}
    head_findings = _findings(history, head.id)
    base_findings = _findings(history, base.id)
    earlier = _seen_before(history, base.id, [row[1] for key, row in head_findings.items() if key not in base_findings])
    out = []
    for key, (source, *rest) in head_findings.items():
        if key in base_findings:
            state = FindingState.UNCHANGED
        elif rest[0] in earlier:
            state = FindingState.REOPENED if source in checked_before else FindingState.UNCHANGED
        else:
            state = FindingState.NEW
        out.append(FindingDiff(state, source, *rest))
    for key, (source, *rest) in base_findings.items():
        if key not in head_findings:
            fixed = source in checked_before and source in checked_after
            out.append(FindingDiff(FindingState.FIXED if fixed else FindingState.NOT_RECHECKED, source, *rest))
    order = {state: i for i, state in enumerate(FindingState)}
    out.sort(key=lambda f: (order[f.state], f.source, f.line, f.code))
    diff.findings = out
    return diff


def _pages(history: History, run_id: int) -> dict[str, tuple]:
    """source -> (status, error kind, sponsored, labels JSON, sponsors JSON); the last one wins if a
    source was given twice."""
    return {source: rest for source, *rest in history.query(
        "SELECT source, status, error_kind, sponsored, labels, sponsors FROM pages WHERE run_id = ? ORDER BY seq",
        (run_id,))}


def _findings(history: History, run_id: int) -> dict[tuple[str, str], tuple]:
    rows = history.query(
        f"SELECT p.source, {', '.join('f.' + c for c in FINDING_COLUMNS)} FROM findings f JOIN pages p "
        "ON p.run_id = f.run_id AND p.seq = f.seq WHERE f.run_id = ? AND f.silenced_by = ''", (run_id,))
    return {(row[0], row[1]): row for row in rows}


def _seen_before(history: History, base_id: int, fingerprints: list[str]) -> set[str]:
    """Which of these fingerprints were reported in a run older than the base run."""
    seen: set[str] = set()
    for start in range(0, len(fingerprints), 500):
        chunk = fingerprints[start:start + 500]
        marks = ",".join("?" * len(chunk))
        seen.update(row[0] for row in history.query(
            f"SELECT DISTINCT fingerprint FROM findings WHERE fingerprint IN ({marks}) AND run_id < ? "
            "AND silenced_by = ''", (*chunk, base_id)))
    return seen


def _page_changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[PageDiff]:
    out: list[PageDiff] = []
    for source, (status, kind, sponsored, labels, sponsors) in after.items():
        old = before.get(source)
        if old is None:
            out.append(PageDiff(PageChange.ADDED, source, "", status if status == "checked" else f"error: {kind}"))
        if status != "checked":
            was = "" if old is None else (old[0] if old[0] == "checked" else f"error: {old[1]}")
            out.append(PageDiff(PageChange.NOT_CHECKED, source, was, f"error: {kind}"))
            continue
        if old is None or old[0] != "checked":
            continue
        if sponsored != old[2]:
            change = PageChange.BECAME_SPONSORED if sponsored else PageChange.STOPPED_SPONSORED
            out.append(PageDiff(change, source, _yes(old[2]), _yes(sponsored)))
        if _label_texts(labels) != _label_texts(old[3]):
            out.append(PageDiff(PageChange.LABEL_CHANGED, source, _label_texts(old[3]), _label_texts(labels)))
        if sponsors != old[4]:
            out.append(PageDiff(PageChange.SPONSOR_CHANGED, source, _names(old[4]), _names(sponsors)))
    for source, (status, kind, *_) in before.items():
        if source not in after:
            out.append(PageDiff(PageChange.REMOVED, source, status if status == "checked" else f"error: {kind}", ""))
    order = {change: i for i, change in enumerate(PageChange)}
    out.sort(key=lambda p: (order[p.change], p.source))
    return out


def _yes(value: int | None) -> str:
    return "sponsored" if value else "not sponsored"


def _label_texts(labels: str) -> str:
    """The labels as a reader sees them: text and where it sits."""
    return "; ".join(f"{text} ({position})" for text, _category, position in json.loads(labels)) or "no label"


def _names(sponsors: str) -> str:
    return ", ".join(json.loads(sponsors)) or "none named"
