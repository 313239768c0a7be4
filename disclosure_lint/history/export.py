"""`history export`: one run out of the database, for a person who outgrows it. JSON holds the run
with its pages and their findings; CSV one row per finding (a page without findings gets one row
of its own, so every page is there); SARIF the run's findings with baselineState against the base
run (new, unchanged, and absent for the fixed ones; a reopened finding is new, marked reopened)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from disclosure_lint import __version__
from disclosure_lint.history.diff import Diff, FindingState
from disclosure_lint.history.queries import History, Run
from disclosure_lint.report.escape import json_text

FORMATS = ("json", "csv", "sarif")
PAGE_COLUMNS = ("source", "site", "status", "error_kind", "sponsored", "labels", "sponsors", "digest")
FINDING_COLUMNS = ("fingerprint", "code", "name", "severity", "outcome", "line", "message", "evidence", "silenced_by")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
BASELINE_STATE = {FindingState.NEW: "new", FindingState.REOPENED: "new", FindingState.UNCHANGED: "unchanged",
                  FindingState.FIXED: "absent"}


def pages_of(history: History, run: Run) -> list[dict[str, Any]]:
    findings: dict[int, list[dict[str, Any]]] = {}
    for seq, *row in history.query(f"SELECT seq, {', '.join(FINDING_COLUMNS)} FROM findings WHERE run_id = ? "
                                   "ORDER BY rowid", (run.id,)):
        findings.setdefault(seq, []).append(dict(zip(FINDING_COLUMNS, row, strict=True)))
    pages = []
    for seq, *row in history.query(f"SELECT seq, {', '.join(PAGE_COLUMNS)} FROM pages WHERE run_id = ? ORDER BY seq",
                                   (run.id,)):
        page = dict(zip(PAGE_COLUMNS, row, strict=True))
        page["sponsored"] = None if page["sponsored"] is None else bool(page["sponsored"])
        page["labels"] = [{"text": t, "category": c, "position": p} for t, c, p in json.loads(page["labels"])]
        page["sponsors"] = json.loads(page["sponsors"])
        page["findings"] = findings.get(seq, [])
        pages.append(page)
    return pages


def export(history: History, run: Run, fmt: str, stream: TextIO, diff: Diff | None) -> None:
    if fmt == "json":
        stream.write(json_text({"tool": {"name": "disclosure-lint", "version": __version__}, "run": run.as_dict(),
                                "pages": pages_of(history, run)}, indent=2) + "\n")
    elif fmt == "csv":
        _csv(history, run, stream)
    else:
        stream.write(json_text(sarif(history, run, diff), indent=2) + "\n")


def _csv(history: History, run: Run, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(("run", "started_at", *PAGE_COLUMNS, *FINDING_COLUMNS))
    for page in pages_of(history, run):
        head = (run.id, run.started_at, page["source"], page["site"], page["status"], page["error_kind"] or "",
                "" if page["sponsored"] is None else str(page["sponsored"]).lower(),
                "; ".join(lab["text"] for lab in page["labels"]), "; ".join(page["sponsors"]), page["digest"] or "")
        for finding in page["findings"] or [dict.fromkeys(FINDING_COLUMNS, "")]:
            writer.writerow(tuple(_cell(v) for v in (*head, *(finding[c] for c in FINDING_COLUMNS))))


def _cell(value: Any) -> Any:
    """A spreadsheet must not run page text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def sarif(history: History, run: Run, diff: Diff | None) -> dict[str, Any]:
    if diff is not None:
        rows = [f for f in diff.findings if f.state in BASELINE_STATE]
    else:
        from disclosure_lint.history.diff import FindingDiff
        rows = [FindingDiff(FindingState.NEW, page["source"], *(f[c] for c in FINDING_COLUMNS[:-1]))
                for page in pages_of(history, run) for f in page["findings"] if not f["silenced_by"]]
    rules = sorted({(f.code, f.name) for f in rows})
    results = []
    for f in rows:
        result: dict[str, Any] = {
            "ruleId": f.code, "level": SARIF_LEVEL.get(f.severity, "warning"),
            "kind": "review" if f.outcome == "review" else "fail",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.source},
                                                "region": {"startLine": max(f.line, 1)}}}],
            "partialFingerprints": {"disclosureLint/v1": f.fingerprint},
            "properties": {"evidence": f.evidence, "historyState": f.state.value},
        }
        if diff is not None:
            result["baselineState"] = BASELINE_STATE[f.state]
        results.append(result)
    sarif_run: dict[str, Any] = {
        "tool": {"driver": {"name": "disclosure-lint", "version": run.tool_version,
                            "rules": [{"id": code, "name": name} for code, name in rules]}},
        "automationDetails": {"id": f"disclosure-lint/history/{run.id}"},
        "results": results,
        "properties": {"run": run.as_dict()},
    }
    if diff is not None:
        sarif_run["properties"]["base"] = diff.base.as_dict()
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}
