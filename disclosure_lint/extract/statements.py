"""Sentences that matter to the rules beyond labels: who controlled the copy ("approved by the
advertiser", "not approved by the underwriter"), whether a paid piece is about politics, and
whether a political-ad label points to its transparency notice."""

from __future__ import annotations

import re

from disclosure_lint.extract.page import Page
from disclosure_lint.extract.reader import Reader
from disclosure_lint.extract.sentences import CONTEXT, sentence_end, sentence_start
from disclosure_lint.model import Label, Signal, Sponsor

NEGATION_REACH = 40  # characters before a control phrase in which a "not" turns it around
NOTICE_REACH = 400  # characters after a political-ad label in which its notice link is looked for
MAX_STATEMENTS = 10
# Characters of the page's blocks searched for statements: far more than any article, and a bound
# on a hostile 20 MB page, where these patterns would otherwise cost tens of seconds.
MAX_TEXT = 1_000_000


def find_statements(page: Page, reader: Reader, labels: list[Label], sponsors: list[Sponsor]) -> list[Signal]:
    signals: list[Signal] = []
    named = _named_control(reader, sponsors)
    topics: set[str] = set()
    budget = MAX_TEXT
    for index, block in enumerate(page.blocks):
        if budget <= 0:
            break
        text = block.text if len(block.text) <= budget else block.text[:budget]
        budget -= len(text)
        for regex in (reader.control if reader.control_filter.may_match(text) else None, named):
            if regex is None:
                continue
            for match in regex.finditer(text):
                start = sentence_start(text, match.start())
                # "yet not approved by the underwriter", "Acme did not review it": turned around
                clause = text[max(start, match.start() - NEGATION_REACH):match.end()]
                kind = "independence" if reader.negation.search(clause) else "control"
                signals.append(_statement(kind, text, start, match.end(), block.line_at(match.start())))
        for match in (reader.independence.finditer(text) if reader.independence_filter.may_match(text) else ()):
            start = sentence_start(text, match.start())
            signals.append(_statement("independence", text, start, match.end(), block.line_at(match.start())))
        for match in (reader.payment.finditer(text) if reader.payment_filter.may_match(text) else ()):
            start = sentence_start(text, match.start())
            signals.append(_statement("payment", text, start, match.end(), block.line_at(match.start())))
        if _in_body(page, index):
            topics.update(m.group().lower() for m in reader.political.finditer(text))
    signals = _unique(signals)[:MAX_STATEMENTS]
    if topics:
        signals.append(Signal("political-topic", ", ".join(sorted(topics)), 0, commercial=False))
    for label in labels:
        if label.category == "political" and 0 <= label.block < len(page.blocks):
            # The notice follows the label: in its element, or in the one right after it.
            found = reader.notice.search(page.blocks[label.block].text, label.offset, label.offset + NOTICE_REACH)
            if found is None and label.block + 1 < len(page.blocks):
                found = reader.notice.search(page.blocks[label.block + 1].text, 0, NOTICE_REACH)
            if found:
                signals.append(Signal("political-notice", found.group(), label.line, commercial=False))
    return signals


def _named_control(reader: Reader, sponsors: list[Sponsor]) -> re.Pattern[str] | None:
    """"written by Acme", where Acme is the page's own sponsor (not "underwritten by Acme": naming
    the underwriter says who paid, not who controlled the copy)."""
    names = sorted({s.name for s in sponsors if len(s.name) >= 3}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    verbs = reader.control_verbs
    return re.compile(rf"(?<![\w-])(?:{verbs})\s+(?:\w+\s+){{0,2}}?(?:{reader.connectors})\s+"
                      rf"(?:(?:{reader.articles_regex})\s+)?(?:{alternatives})\b"
                      rf"|\b(?:{alternatives})\s+(?:[\w’']+\s+){{0,3}}?(?:{verbs})\b", re.IGNORECASE)


def _statement(kind: str, text: str, start: int, end: int, line: int) -> Signal:
    stop = min(sentence_end(text, end), start + CONTEXT)  # what is shown is cut to 300 characters
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
