"""Results as plain JSON-ready data: the contract of `--format json` (DESIGN.md), and the single
source every other renderer reads, so no renderer computes anything of its own."""

from __future__ import annotations

from typing import Any

from disclosure_lint import __version__
from disclosure_lint.model import DocumentResult, Finding, Label, Prominence, Rendering, TextEncoding
from disclosure_lint.policy.fingerprint import assign

SCHEMA_VERSION = 1


def run_header(profile: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "disclosure-lint", "version": __version__},
            "profile": profile}


def document_dict(result: DocumentResult) -> dict[str, Any]:
    evidence = result.evidence
    data: dict[str, Any] = {
        "source": result.source,
        "status": result.status,
        "error": {"kind": result.error.kind, "message": result.error.message} if result.error else None,
        "sponsored": evidence.sponsored if evidence else None,
        "labels": [], "sponsors": [], "credits": [], "findings": [],
    }
    if result.encoding is not None:
        data["encoding"] = encoding_dict(result.encoding)
    if result.archive is not None:
        record = result.archive
        data.update({"url": record.url, "date": record.date, "warc_filename": record.filename,
                     "warc_record_offset": record.offset, "warc_record_length": record.length})
    if evidence is None:
        return data
    data.update({
        "format": evidence.format,
        "language": evidence.language,
        "headline": evidence.headline,
        "headline_line": evidence.headline_line,
        "body": {"start_line": evidence.body_start_line, "end_line": evidence.body_end_line},
        "labels": [label_dict(lab) for lab in evidence.labels],
        "uncertain": [label_dict(lab) for lab in evidence.uncertain],
        "sponsors": [{"name": s.name, "found_in": s.found_in, "line": s.line} for s in evidence.sponsors],
        "credits": [{"text": c.text, "unit": c.unit, "studio": c.studio, "line": c.line} for c in evidence.credits],
        "signals": [{"kind": s.kind, "value": s.value, "line": s.line, "commercial": s.commercial}
                    for s in evidence.signals],
        "findings": [finding_dict(f) for f in _fingerprinted(result.source, result.findings)],
        "silenced": [{**finding_dict(f), "silenced_by": f.silenced_by}
                     for f in _fingerprinted(result.source, result.silenced)],
        "outcomes": {code: outcome.value for code, outcome in sorted(result.outcomes.items())},
        "rendering": rendering_dict(evidence.rendering),
    })
    return data


def encoding_dict(encoding: TextEncoding) -> dict[str, Any]:
    return {"name": encoding.name, "declared": encoding.declared, "guessed": encoding.guessed,
            "replacements": encoding.replacements}


def label_dict(lab: Label) -> dict[str, Any]:
    return {"text": lab.text, "category": lab.category, "position": lab.position, "line": lab.line,
            "column": lab.column, "term": lab.term, "strength": lab.strength, "language": lab.language,
            "definition": lab.definition, "meaning": lab.meaning or None, "found_in": lab.found_in,
            "certain": lab.certain, "why": list(lab.why), "score": lab.score, "form": lab.form, "place": lab.place,
            "party": lab.party, "rendered": lab.rendered, "prominence": prominence_dict(lab.prominence)}


def prominence_dict(seen: Prominence | None) -> dict[str, Any] | None:
    """What a reader of the rendered page sees of a label; None when the page was not rendered."""
    if seen is None:
        return None
    return {"font_px": seen.font_px, "font_weight": seen.font_weight, "color": seen.color,
            "background": seen.background, "contrast": seen.contrast, "contrast_status": seen.contrast_status.value,
            "contrast_reason": seen.contrast_reason or None, "visible": seen.visible,
            "hidden_by": seen.hidden_by or None, "body_font_px": seen.body_font_px,
            "viewports": [{"name": spot.viewport, "width": spot.width, "height": spot.height, "top": spot.top,
                           "bottom": spot.bottom, "font_px": spot.font_px, "above_fold": spot.above_fold}
                          for spot in seen.placements],
            "screenshot": seen.screenshot}


def rendering_dict(rendering: Rendering | None) -> dict[str, Any] | None:
    if rendering is None:
        return None
    return {"browser": rendering.browser, "settled_ms": rendering.settled_ms, "fetched": rendering.fetched,
            "blocked": list(rendering.blocked), "blocked_count": rendering.blocked_count,
            "axe_version": rendering.axe_version or None, "load_event": rendering.load_event}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "name": f.name, "severity": f.severity.value, "outcome": f.outcome.value,
            "message": f.message, "line": f.line, "column": f.column, "evidence": f.evidence, "fix": f.fix,
            "fingerprint": f.fingerprint}


def _fingerprinted(source: str, findings: list[Finding]) -> list[Finding]:
    """Findings straight from the engine (no policy applied, as in library use) get theirs here."""
    if any(not f.fingerprint for f in findings):
        assign(source, findings)
    return findings


def rule_dict(rule: Any, severity: str) -> dict[str, Any]:
    """A rule's metadata for reports that describe the rules they ran (SARIF)."""
    return {"code": rule.code, "name": rule.name, "severity": severity, "outcome": rule.outcome.value,
            "summary": rule.summary, "why": " ".join(rule.why.split()), "fix": " ".join(rule.fix.split()),
            "references": [{"title": r.title, "url": r.url} for r in rule.references]}
