"""Check kinds: one small function each, named by rule files' `check` field. A check returns None
when it does not apply to the page, an empty list when the page passes, or the hits it found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from disclosure_lint.engine.profiles import Profile
from disclosure_lint.engine.rules import Rule
from disclosure_lint.model import Evidence, Label, Position

SIGNAL_TEXT = {
    "studio-credit": "Credited to {value!r}, a publisher's commercial unit",
    "jsonld-type": "The page's structured data calls it {value}",
    "jsonld-sponsor": "The page's structured data names {value!r} as sponsor",
    "title-label": "The page title carries the label {value}",
    "url-path": "The address ({value}) marks it as sponsored",
}
WHERE = {"middle": "inside the article body", "bottom": "at the end of the article"}


@dataclass(slots=True)
class Hit:
    line: int
    evidence: str
    values: dict[str, object] = field(default_factory=dict)
    column: int = 1


Check = Callable[[Evidence, Rule, Profile], "list[Hit] | None"]
CHECKS: dict[str, Check] = {}


def check(kind: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[kind] = function
        return function
    return register


def _first(labels: list[Label]) -> Label:
    tops = [lab for lab in labels if lab.position == Position.TOP.value]
    return (tops or labels)[0]


@check("commercial_without_label")
def commercial_without_label(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    wanted = set(rule.params.get("signals", SIGNAL_TEXT))
    signals = [s for s in evidence.signals if s.commercial and s.kind in wanted]
    if not signals:
        return None
    if evidence.commercial_labels:
        return []
    first = signals[0]
    text = SIGNAL_TEXT.get(first.kind, "The page carries the commercial signal {value!r}").format(value=first.value)
    return [Hit(first.line or evidence.headline_line or 1, first.value, {"signal_text": text, "signal": first.value})]


@check("unclear_disclosure")
def unclear_disclosure(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    unclear = [lab for lab in evidence.labels if not lab.certain]
    if not unclear:
        return None
    if evidence.commercial_labels:
        return []
    return [Hit(lab.line, lab.text, {"label": lab.text}, lab.column) for lab in unclear[:3]]


@check("sponsor_named")
def sponsor_named(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    if evidence.sponsors:
        return []
    label = _first(labels)
    return [Hit(label.line, label.text, {"label": label.text}, label.column)]


@check("label_placement")
def label_placement(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    if any(lab.position == Position.TOP.value for lab in labels):
        return []
    label = labels[0]
    return [Hit(label.line, label.text, {"label": label.text, "where": WHERE.get(label.position, label.position)},
                label.column)]


@check("label_wording")
def label_wording(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    flagged = set(rule.params.get("flag", ["ambiguous"]))
    strengths = [(lab, profile.strength_of(lab.term, lab.strength)) for lab in labels]
    if any(strength not in flagged for _, strength in strengths):
        return []
    hits, seen = [], set()
    for label, _ in strengths:
        if label.term.lower() not in seen:
            seen.add(label.term.lower())
            hits.append(Hit(label.line, label.text, {"label": label.text, "term": label.term}, label.column))
    return hits


@check("unused_suppression")
def unused_suppression(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """Whether a suppression silenced anything is known only once the other rules' findings are
    filtered (policy.suppress reports it); here: applicable when the document has suppressions."""
    return [] if evidence.suppressions else None
