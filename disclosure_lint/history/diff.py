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
from disclosure_lint.history.rows import key64


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


CHUNK = 500  # host parameters per query, well under SQLite's limit
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
    unlisted: int = 0  # unchanged findings counted but not listed (compare(unchanged=False))

    def of(self, state: FindingState) -> list[FindingDiff]:
        return [f for f in self.findings if f.state == state]

    def changed(self, change: PageChange) -> list[PageDiff]:
        return [p for p in self.pages if p.change == change]

    def counts(self) -> dict[str, dict[str, int]]:
        findings = {s.value: sum(f.state == s for f in self.findings) for s in FindingState}
        findings[FindingState.UNCHANGED.value] += self.unlisted
        return {"findings": findings,
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


def compare(history: History, base: Run, head: Run, unchanged: bool = True) -> Diff:
    """The diff of two runs. Pages are matched on a hash of their source, and a page whose state
    hash (status, verdict, labels, sponsors, reported fingerprints) is the same in both runs has
    only unchanged findings: those are counted, and read only when `unchanged` asks. Everything
    else is read for the pages that differ alone, so a diff costs two index scans plus the change."""
    diff = Diff(base, head, notes(base, head))
    before, after = _keys(history, base.id), _keys(history, head.id)
    same = [key for key, (state, _, _) in after.items() if key in before and before[key][0] == state]
    changed = [key for key in after if key not in before or before[key][0] != after[key][0]]
    changed += [key for key in before if key not in after]
    if unchanged:
        changed += same
    else:
        diff.unlisted = sum(after[key][1] for key in same)
    old = _pages(history, base.id, [before[key][2] for key in changed if key in before])
    new = _pages(history, head.id, [after[key][2] for key in changed if key in after])
    findings: list[FindingDiff] = []
    for key in changed:
        was = old.get(before[key][2]) if key in before else None
        now = new.get(after[key][2]) if key in after else None
        diff.pages += _page_changes(was, now)
        findings += _finding_changes(history, base.id, was, now)
    order = {state: i for i, state in enumerate(FindingState)}
    findings.sort(key=lambda f: (order[f.state], f.source, f.line, f.code))
    diff.findings = findings
    changes = {change: i for i, change in enumerate(PageChange)}
    diff.pages.sort(key=lambda p: (changes[p.change], p.source))
    return diff


@dataclass
class _Page:
    source: str
    status: str
    error_kind: str | None
    sponsored: int | None
    labels: str
    sponsors: str
    findings: dict[str, tuple] = field(default_factory=dict)  # fingerprint -> row (reported only)

    @property
    def checked(self) -> bool:
        return self.status == "checked"

    @property
    def status_word(self) -> str:
        return "checked" if self.checked else f"error: {self.error_kind}"


def _keys(history: History, run_id: int) -> dict[int, tuple[int, int, int]]:
    """source key -> (state key, reported findings, seq), from the index alone; a source given
    twice in one run counts once (its last result)."""
    return {source: (state, reported, seq) for source, state, reported, seq in history.query(
        "SELECT source_key, state_key, reported, seq FROM pages INDEXED BY pages_of_run WHERE run_id = ?",
        (run_id,))}


def _pages(history: History, run_id: int, seqs: list[int]) -> dict[int, _Page]:
    pages: dict[int, _Page] = {}
    columns = ", ".join(FINDING_COLUMNS)
    for start in range(0, len(seqs), CHUNK):
        chunk = tuple(seqs[start:start + CHUNK])
        marks = ",".join("?" * len(chunk))
        for seq, *row in history.query(f"SELECT seq, source, status, error_kind, sponsored, labels, sponsors FROM "
                                       f"pages WHERE run_id = ? AND seq IN ({marks})", (run_id, *chunk)):
            pages[seq] = _Page(*row)
        for seq, *row in history.query(f"SELECT seq, {columns} FROM findings WHERE run_id = ? AND seq IN ({marks}) "
                                       "AND silenced_by = ''", (run_id, *chunk)):
            pages[seq].findings[row[0]] = tuple(row)
    return pages


def _finding_changes(history: History, base_id: int, was: _Page | None, now: _Page | None) -> list[FindingDiff]:
    out = []
    if now is not None:
        for fingerprint, row in now.findings.items():
            if was is not None and fingerprint in was.findings:
                state = FindingState.UNCHANGED
            elif not _earlier(history, base_id, now.source, fingerprint):
                state = FindingState.NEW
            else:  # reported before the base run: back after a fix, or known from before a timeout
                state = FindingState.REOPENED if was is not None and was.checked else FindingState.UNCHANGED
            out.append(FindingDiff(state, now.source, *row))
    if was is not None:
        fixable = was.checked and now is not None and now.checked
        for fingerprint, row in was.findings.items():
            if now is None or fingerprint not in now.findings:
                out.append(FindingDiff(FindingState.FIXED if fixable else FindingState.NOT_RECHECKED, was.source, *row))
    return out


def _earlier(history: History, base_id: int, source: str, fingerprint: str) -> bool:
    """Whether a run older than the base run reported this fingerprint on this page."""
    return bool(history.query(
        "SELECT 1 FROM pages p JOIN findings f ON f.run_id = p.run_id AND f.seq = p.seq WHERE p.source_key = ? "
        "AND p.run_id < ? AND p.source = ? AND f.fingerprint = ? AND f.silenced_by = '' LIMIT 1",
        (key64(source), base_id, source, fingerprint)))


def _page_changes(was: _Page | None, now: _Page | None) -> list[PageDiff]:
    if now is None:
        return [PageDiff(PageChange.REMOVED, was.source, was.status_word, "")] if was else []
    out = []
    if was is None:
        out.append(PageDiff(PageChange.ADDED, now.source, "", now.status_word))
    if not now.checked:
        out.append(PageDiff(PageChange.NOT_CHECKED, now.source, was.status_word if was else "", now.status_word))
        return out
    if was is None or not was.checked:
        return out
    if now.sponsored != was.sponsored:
        change = PageChange.BECAME_SPONSORED if now.sponsored else PageChange.STOPPED_SPONSORED
        out.append(PageDiff(change, now.source, _yes(was.sponsored), _yes(now.sponsored)))
    if now.labels != was.labels and _label_texts(now.labels) != _label_texts(was.labels):
        out.append(PageDiff(PageChange.LABEL_CHANGED, now.source, _label_texts(was.labels), _label_texts(now.labels)))
    if now.sponsors != was.sponsors:
        out.append(PageDiff(PageChange.SPONSOR_CHANGED, now.source, _names(was.sponsors), _names(now.sponsors)))
    return out


def _yes(value: int | None) -> str:
    return "sponsored" if value else "not sponsored"


def _label_texts(labels: str) -> str:
    """The labels as a reader sees them: text and where it sits."""
    return "; ".join(f"{text} ({position})" for text, _category, position in json.loads(labels)) or "no label"


def _names(sponsors: str) -> str:
    return ", ".join(json.loads(sponsors)) or "none named"
