"""Sentences that matter to the rules beyond labels: who controlled the copy ("approved by the
advertiser", "not approved by the underwriter"), whether a paid piece is about politics, and
whether a political-ad label points to its transparency notice."""

from __future__ import annotations

import re

from disclosure_lint.extract.page import Page
from disclosure_lint.extract.sentences import sentence_end, sentence_start
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.model import Label, Signal, Sponsor

NEGATION_REACH = 40  # characters before a control phrase in which a "not" turns it around
NOTICE_REACH = 400  # characters after a political-ad label in which its notice link is looked for
MAX_STATEMENTS = 10
_CONTROL_VERBS = r"(?:approved|reviewed|written|produced|created|provided|supplied|prepared|signed off)"


def find_statements(page: Page, vocab: Vocabulary, labels: list[Label], sponsors: list[Sponsor]) -> list[Signal]:
    signals: list[Signal] = []
    named = _named_control(sponsors)
    topics: set[str] = set()
    for index, block in enumerate(page.blocks):
        text = block.text
        for regex in (vocab.control_regex, named):
            if regex is None:
                continue
            for match in regex.finditer(text):
                start = sentence_start(text, match.start())
                clause = text[max(start, match.start() - NEGATION_REACH):match.start()]
                kind = "independence" if vocab.negation_regex.search(clause) else "control"
                signals.append(_statement(kind, text, start, match.end(), block.line_at(match.start())))
        for match in vocab.independence_regex.finditer(text):
            start = sentence_start(text, match.start())
            signals.append(_statement("independence", text, start, match.end(), block.line_at(match.start())))
        if _in_body(page, index):
            topics.update(m.group().lower() for m in vocab.political_regex.finditer(text))
    signals = _unique(signals)[:MAX_STATEMENTS]
    if topics:
        signals.append(Signal("political-topic", ", ".join(sorted(topics)), 0, commercial=False))
    for label in labels:
        if label.category == "political" and 0 <= label.block < len(page.blocks):
            text = page.blocks[label.block].text
            found = vocab.notice_regex.search(text, label.offset, label.offset + NOTICE_REACH)
            if found:
                signals.append(Signal("political-notice", found.group(), label.line, commercial=False))
    return signals


def _named_control(sponsors: list[Sponsor]) -> re.Pattern[str] | None:
    """"written by Acme", where Acme is the page's own sponsor."""
    names = sorted({s.name for s in sponsors if len(s.name) >= 3}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"{_CONTROL_VERBS}\s+(?:\w+\s+){{0,2}}?by\s+(?:the\s+)?(?:{alternatives})\b", re.IGNORECASE)


def _statement(kind: str, text: str, start: int, end: int, line: int) -> Signal:
    stop = sentence_end(text, end)
    return Signal(kind, " ".join(text[start:stop].split())[:300], line, commercial=kind == "control")


def _in_body(page: Page, index: int) -> bool:
    if page.body_start is None or page.body_end is None:
        return True
    return page.body_start <= index <= page.body_end


def _unique(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for signal in signals:
        key = (signal.kind, signal.value)
        if key not in seen:
            seen.add(key)
            unique.append(signal)
    return unique
