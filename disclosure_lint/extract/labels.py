"""Content-type labels and disclosure sentences, and the sponsors they name: candidates from the
page language's data (extract/candidates.py), decided by the judge (extract/judge.py). Labels
the judge accepts are the page's labels; those it cannot decide are kept apart as uncertain, for
a person to look at (DL102); the rest are not disclosures."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from disclosure_lint.extract.candidates import find_candidates, shown
from disclosure_lint.extract.features import Candidate, Cue, Form, PartyKind, Place
from disclosure_lint.extract.judge import Decision, Judge, Verdict
from disclosure_lint.extract.page import Block, Page
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.model import Label, Sponsor

MAX_LABEL_TEXT = 200
# Labels recorded per document, in reading order: no article carries this many, and a hostile page
# where every sentence is a disclosure would otherwise cost minutes and a report of megabytes.
MAX_LABELS = 1000
_SENTENCE_FORMS = frozenset({Form.STATEMENT, Form.THANKS, Form.NOTICE, Form.LEADING})
_NO_PARTNER_CUES = frozenset({Cue.DENIAL, Cue.HYPOTHETICAL, Cue.QUOTED, Cue.QUESTION, Cue.OTHER_SUBJECT,
                              Cue.SITE_WIDE, Cue.RETRACTED})
_NO_PARTNER_PLACES = frozenset({Place.NAVIGATION, Place.AD_SLOT, Place.FOOTER})
_RANK = {Verdict.LABEL: 2, Verdict.REVIEW: 1, Verdict.REJECT: 0}


@dataclass(slots=True)
class Recognition:
    labels: list[Label] = field(default_factory=list)
    uncertain: list[Label] = field(default_factory=list)  # candidates the judge sent for review
    sponsors: list[Sponsor] = field(default_factory=list)


def find_labels(page: Page, vocab: Vocabulary, language: str, judge: Judge | None = None) -> Recognition:
    reader = vocab.reader(language)
    english = vocab.reader("en") if reader.code != "en" and "en" in vocab.languages else None
    judge = judge or vocab.judge
    decided = [(c, judge.decide(c)) for c in find_candidates(page, reader, english)]
    found = Recognition()
    for candidate, decision in _resolve(decided):
        if len(found.labels) + len(found.uncertain) >= MAX_LABELS:
            break
        block = page.blocks[candidate.block]
        label = _label(page, block, candidate, decision)
        if decision.verdict is Verdict.REVIEW:
            found.uncertain.append(label)
            continue
        found.labels.append(label)
        party = candidate.party
        if party.named or party.kind is PartyKind.LOGO:
            where = "markup" if party.kind is PartyKind.LOGO else (
                "body" if label.found_in == "sentence" else "label")
            found.sponsors.append(Sponsor(name=party.name, found_in=where, line=label.line))
    if found.labels and not found.sponsors:
        found.sponsors = _partner_of_unnamed(page, decided, found.labels)
    found.sponsors = _dedupe(found.sponsors)
    return found


def _partner_of_unnamed(page: Page, decided: list[tuple[Candidate, Decision]], labels: list[Label]) -> list[Sponsor]:
    """A page labelled "Advertorial" that names nobody in its labels, but says "Gemeinsam mit der
    Nordsee Krankenkasse haben wir ..." in its own text: that partnership sentence names who the
    label is about. On its own such a sentence is no label (form:partnership), so this is read only
    on a labelled page."""
    if all(lab.category in ("affiliate", "gifted") for lab in labels):
        return []  # an affiliate notice or a gifted product has no sponsor to find
    for candidate, _ in decided:
        if (candidate.form is Form.PARTNERSHIP and candidate.party.kind is PartyKind.ORGANISATION
                and candidate.place not in _NO_PARTNER_PLACES and not candidate.cues & _NO_PARTNER_CUES):
            line = page.blocks[candidate.block].line_at(candidate.start)
            return [Sponsor(name=candidate.party.name, found_in="body", line=line)]
    return []


def _resolve(decided: list[tuple[Candidate, Decision]]) -> list[tuple[Candidate, Decision]]:
    """The accepted and uncertain candidates, in reading order; where two overlap, the better one."""
    kept: list[tuple[Candidate, Decision]] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    ranked = sorted(decided, key=lambda cd: (-_RANK[cd[1].verdict], -cd[1].score, cd[0].block, cd[0].start))
    for candidate, decision in ranked:
        if decision.verdict is Verdict.REJECT:
            break
        spans = taken.setdefault(candidate.block, [])
        if any(candidate.start < end and start < candidate.end for start, end in spans):
            continue
        spans.append((candidate.start, candidate.end))
        kept.append((candidate, decision))
    kept.sort(key=lambda cd: (cd[0].block, cd[0].start))
    return kept


def _label(page: Page, block: Block, candidate: Candidate, decision: Decision) -> Label:
    text = " ".join(shown(candidate, block).split())
    if len(text) > MAX_LABEL_TEXT:
        text = text[: MAX_LABEL_TEXT - 1].rstrip() + "…"
    label = Label(
        text=text, category=candidate.category, language=candidate.language,
        position=page.position_of(candidate.block), line=block.line_at(candidate.start),
        column=page.source_column(block, candidate.start, text) or column(block, candidate.start),
        term=candidate.term, strength=candidate.strength,
        definition=candidate.definition, found_in="sentence" if candidate.form in _SENTENCE_FORMS else "label",
        word_language=candidate.word_language, meaning=candidate.meaning,
        certain=decision.verdict is Verdict.LABEL, block=candidate.block, offset=candidate.start,
        why=decision.why, score=decision.score, form=candidate.form.value, place=candidate.place.value,
        party=candidate.party.kind.value)
    if not label.definition and candidate.explainer:
        label.definition = f"explained by “{candidate.explainer}”"
    return label


def column(block: Block, offset: int) -> int:
    """The column of a character offset: from the line start (text and Markdown) or the start of
    the text node it is in (HTML, where lines are the source's)."""
    text = block.text
    newline = text.rfind("\n", 0, offset)
    j = bisect_right(block.anchors, (offset, 1 << 62))  # anchors are in ascending offset order
    anchor_start = block.anchors[j - 1][0] if j else 0
    base = block.columns[j - 1] if j and block.columns else 1
    if newline + 1 > anchor_start:
        return offset - newline
    return base + offset - anchor_start


def _dedupe(sponsors: list[Sponsor]) -> list[Sponsor]:
    """One entry per name, in order of first mention; a name seen first in a logo and later in the
    text is kept as the text mention, since that is where readers learn it."""
    unique: dict[str, int] = {}
    kept: list[Sponsor] = []
    for sponsor in sponsors:
        key = " ".join(sponsor.name.lower().split())
        if key not in unique:
            unique[key] = len(kept)
            kept.append(sponsor)
        elif kept[unique[key]].found_in == "markup" and sponsor.found_in != "markup":
            kept[unique[key]] = sponsor
    return kept

