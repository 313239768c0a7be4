"""Fingerprints that survive edits around a finding: built from the rule, the source and the
evidence text (never the line), plus the occurrence number among identical findings in one
document so every fingerprint in a report is unique. Baselines, SARIF partialFingerprints and
GitLab code quality all use these."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from disclosure_lint.model import Finding


def normal_source(source: str) -> str:
    """The source as a stable key: forward slashes, no leading ./"""
    if "://" in source[:16]:
        return source
    text = source.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def evidence_key(finding: Finding) -> str:
    return " ".join((finding.evidence or finding.message).lower().split())


def fingerprint(code: str, source: str, key: str, occurrence: int) -> str:
    data = "\0".join((code, normal_source(source), key, str(occurrence)))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def assign(source: str, findings: Iterable[Finding]) -> None:
    """Give every finding of one document its fingerprint, in the engine's order."""
    seen: Counter = Counter()
    for finding in findings:
        key = evidence_key(finding)
        seen[(finding.code, key)] += 1
        finding.fingerprint = fingerprint(finding.code, source, key, seen[(finding.code, key)])
