"""`sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, SonarQube). Every rule that ran
is described (summary, why, fix, help URI); findings are results of kind `fail` or `review`.

By default the log holds findings only, as GitHub code scanning wants it (an alert per result, at
most 25,000 results a run): silenced and baselined findings are left out (code scanning keeps its
own baseline and would open an alert for each), and so are rules that passed. With --sarif-full the
log keeps the whole picture for other consumers: rules that passed or did not apply are `pass` and
`notApplicable` results, silenced findings carry `suppressions` (the document's own comment or
attribute) or `baselineState: unchanged`, and stale baseline entries appear as `absent`.
Fingerprints come from the JSON contract. Streamed as documents arrive; nothing depends on the
clock, so equal runs write equal files."""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

from disclosure_lint import __version__
from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.escape import json_text, one_line
from disclosure_lint.report.summary import Summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/disclosure-lint/"
FINGERPRINT = "disclosureLint/v1"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
KIND = {"violation": "fail", "review": "review", "pass": "pass", "not-applicable": "notApplicable"}
SUPPRESSION_WORD = {"comment": "a disclosure-lint: disable comment", "file": "a disclosure-lint: disable-file comment",
                    "attribute": "a data-disclosure-lint-ignore attribute"}


class SarifReport:
    def __init__(self, stream: TextIO, info):
        self.stream = stream
        self.info = info
        self.index = {rule["code"]: i for i, rule in enumerate(info.rules)}
        self.names = {rule["code"]: rule["name"] for rule in info.rules}
        self.count = 0
        self.notifications: list[dict[str, Any]] = []
        self.full = getattr(info, "sarif_full", False)  # every outcome, silenced and stale entries too

    def start(self) -> None:
        driver = {"name": "disclosure-lint", "version": __version__, "semanticVersion": __version__,
                  "informationUri": INFORMATION_URI, "rules": [_descriptor(rule) for rule in self.info.rules]}
        head = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}}]}
        text = json_text(head)
        self.stream.write(text[:-3] + ', "results": [')

    def document(self, result: DocumentResult) -> None:
        data = document_dict(result)
        location = _location(data["source"])
        if data["status"] != "checked":
            error = data["error"] or {"kind": "error", "message": "could not be checked"}
            self.notifications.append({"level": "error", "descriptor": {"id": error["kind"]},
                                       "message": {"text": one_line(error["message"])}, "locations": [location]})
            return
        for finding in data["findings"]:
            self._write(self._finding(finding, location, baseline_state="new" if self.info.baseline else None))
        if not self.full:
            return
        for finding in data["silenced"]:
            self._write(self._finding(finding, location))
        for code, outcome in data["outcomes"].items():
            if outcome in ("pass", "not-applicable"):
                self._write(self._outcome(code, outcome, location))

    def finish(self, summary: Summary) -> None:
        for entry in summary.stale if self.full else ():
            result = self._rule_ref(entry["code"], {
                "kind": "fail", "level": "note", "baselineState": "absent",
                "message": {"text": f"Fixed: {entry['code']} {entry['name']} no longer occurs "
                                    f"({one_line(entry['evidence'])})."},
                "locations": [_location(entry["source"])],
                "partialFingerprints": {FINGERPRINT: entry["fingerprint"]},
            })
            self._write(result)
        invocation: dict[str, Any] = {"executionSuccessful": summary.errors == 0}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        tail = {"invocations": [invocation], "properties": {"profile": self.info.profile, "full": self.full,
                                                            "summary": summary.as_dict()}}
        self.stream.write("\n], " + json_text(tail)[1:] + "]}\n")
        self.stream.flush()

    def _write(self, result: dict[str, Any]) -> None:
        self.stream.write(("," if self.count else "") + "\n  " + json_text(result))
        self.count += 1

    def _rule_ref(self, code: str, result: dict[str, Any]) -> dict[str, Any]:
        ref: dict[str, Any] = {"ruleId": code}
        if code in self.index:
            ref["ruleIndex"] = self.index[code]
        return {**ref, **result}

    def _finding(self, f: dict[str, Any], location: dict[str, Any], baseline_state: str | None = None) -> dict:
        kind = KIND.get(f["outcome"], "fail")
        region = {"startLine": max(f["line"], 1), "startColumn": max(f["column"], 1)}
        result: dict[str, Any] = {
            "kind": kind,
            "level": LEVEL.get(f["severity"], "warning") if kind == "fail" else "none",
            "message": {"text": one_line(f["message"])},
            "locations": [{"physicalLocation": {**location["physicalLocation"], "region": region}}],
            "partialFingerprints": {FINGERPRINT: f["fingerprint"]},
            "properties": {"severity": f["severity"], "evidence": one_line(f["evidence"]), "fix": one_line(f["fix"])},
        }
        silenced_by = f.get("silenced_by")
        if silenced_by == "baseline":
            result["baselineState"] = "unchanged"
        elif silenced_by:
            why = f"silenced by {SUPPRESSION_WORD.get(silenced_by, silenced_by)}"
            result["suppressions"] = [{"kind": "inSource", "justification": why}]
        elif baseline_state:
            result["baselineState"] = baseline_state
        return self._rule_ref(f["code"], result)

    def _outcome(self, code: str, outcome: str, location: dict[str, Any]) -> dict[str, Any]:
        word = "passed" if outcome == "pass" else "does not apply to this document"
        return self._rule_ref(code, {"kind": KIND[outcome], "level": "none",
                                     "message": {"text": f"{code} {self.names.get(code, '')} {word}."},
                                     "locations": [location]})


def _descriptor(rule: dict[str, Any]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule["code"],
        "name": rule["name"],
        "shortDescription": {"text": rule["summary"]},
        "fullDescription": {"text": rule["why"]},
        "help": {"text": f"{rule['fix']}\n\nMore: disclosure-lint explain {rule['code']}",
                 "markdown": f"{rule['fix']}\n\nMore: `disclosure-lint explain {rule['code']}`"},
        "defaultConfiguration": {"level": LEVEL.get(rule["severity"], "warning")},
        "properties": {"tags": ["disclosure", rule["outcome"]],
                       "references": list(rule["references"])},
    }
    urls = [ref["url"] for ref in rule["references"] if ref.get("url")]
    if urls:
        descriptor["helpUri"] = urls[0]
    return descriptor


def _location(source: str) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(source)}}}


def artifact_uri(source: str) -> str:
    """A valid URI reference: URLs as given (unsafe characters encoded), paths relative and with
    forward slashes, as code scanning expects them."""
    if "://" in source[:16]:
        return quote(source, safe=":/?#[]@!$&'()*+,;=%~")
    path = source.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")
