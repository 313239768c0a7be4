"""A result as the rows the history stores, in two steps: `page_message` takes from the result only
what is stored (plain tuples, cheap to build and to pickle), in the run's main process; `rows` makes
the page and finding rows from it (JSON, hashes, the source's key and site) in the history's writer
process, so the loop that feeds the workers does as little as it can per page."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from urllib.parse import urlsplit

from disclosure_lint.model import DocumentResult, Finding, Outcome
from disclosure_lint.policy.fingerprint import assign, normal_source

VIOLATION = Outcome.VIOLATION.value
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(ensure_ascii=False) gives, made once
# JSON texts remembered per kind: most pages of a site share their labels and sponsors, and making
# the JSON was a third of the writer's time per page.
_MEMO = 4096

# (source, status, error kind, digest, sponsored, labels, sponsor names, findings, silenced findings);
# labels are (text, category, position), findings (fingerprint, code, name, severity, outcome, line,
# message, evidence, silenced_by). sponsored, labels and sponsors are None without evidence.
PageMessage = tuple


def page_message(result: DocumentResult) -> PageMessage:
    """What the history keeps of one result. Findings without fingerprints (straight from an engine,
    as in library use) get theirs here, on the result itself, as the reports give them."""
    evidence = result.evidence
    if evidence is not None:
        labels = [(lab.text, lab.category, lab.position) for lab in evidence.labels]
        sponsors = [s.name for s in evidence.sponsors]
        sponsored = evidence.sponsored
    else:
        labels = sponsors = sponsored = None
    findings = result.findings
    if findings and any(not f.fingerprint for f in findings):
        assign(result.source, findings)
    return (result.source, result.status, result.error.kind if result.error else None, result.digest, sponsored,
            labels, sponsors, [_finding(f) for f in findings], [_finding(f) for f in result.silenced])


def _finding(f: Finding) -> tuple:
    return (f.fingerprint, f.code, f.name, f.severity.value, f.outcome.value, f.line, f.message, f.evidence,
            f.silenced_by)


def rows(run_id: int, seq: int, message: PageMessage) -> tuple[tuple, list[tuple]]:
    """The page row and finding rows of one page message."""
    raw_source, status, error_kind, digest, sponsored, labels, sponsors, findings, silenced = message
    source = normal_source(raw_source)
    if labels is not None:
        labels_json = _labels_json(tuple(labels))
        sponsors_json = _sponsors_json(tuple(sponsors))
        sponsored = int(sponsored)
    else:
        labels_json, sponsors_json, sponsored = "[]", "[]", None
    prints = sorted(f[0] for f in findings)
    violations = sum(f[4] == VIOLATION for f in findings)
    state = key64("\0".join((status, str(sponsored), labels_json, sponsors_json, *prints)))
    page = (run_id, seq, source, key64(source), site_of(source), status, error_kind, sponsored, labels_json,
            sponsors_json, digest or None, state, len(prints), violations)
    finding_rows = [(run_id, seq, *f) for f in findings]
    finding_rows += [(run_id, seq, *f) for f in silenced]
    return page, finding_rows


@lru_cache(maxsize=_MEMO)
def _labels_json(labels: tuple) -> str:
    return _to_json(labels)  # (text, category, position) tuples as arrays


@lru_cache(maxsize=_MEMO)
def _sponsors_json(names: tuple) -> str:
    return _to_json(sorted(set(names)))


def key64(text: str) -> int:
    """A signed 64-bit hash (what an SQLite INTEGER holds); matching on it beats comparing text."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def site_of(source: str) -> str:
    if "://" not in source[:16]:
        return ""
    try:
        return (urlsplit(source).hostname or "").lower()
    except ValueError:
        return ""
