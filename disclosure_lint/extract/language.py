"""The article's language: declared (<html lang>, og:locale, JSON-LD inLanguage), else guessed
from the share of each language's most common function words in the body."""

from __future__ import annotations

import re

from disclosure_lint.extract.page import Page

_WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 6000
MIN_WORDS = 40  # words of body text enough to tell a language by its commonest words


def detect_language(page: Page, function_words: dict[str, frozenset[str]], declared: str | None = None,
                    terms: dict[str, re.Pattern[str]] | None = None) -> str:
    """The declared language, else the one whose commonest words the body uses most, else (a
    draft of a few words) the one whose own label terms it uses ("Anzeige" is German)."""
    for hint in (page.lang_hint, *page.meta.get("og:locale", ()), declared, page.front_matter.get("lang")):
        code = _code(hint)
        if code and code in function_words:
            return code
    sample = " ".join(b.text for b in _body(page))[:SAMPLE].lower()
    words = _WORD.findall(sample)
    if len(words) < MIN_WORDS:  # a short draft's body says too little: read all its text
        words = _WORD.findall(" ".join(b.text for b in page.blocks)[:SAMPLE].lower())
    if words:
        scores = {code: sum(1 for w in words if w in vocab) for code, vocab in function_words.items()}
        best = max(scores, key=scores.__getitem__)
        if scores[best] >= 3:
            return best
    if terms:
        text = " ".join(b.text for b in page.blocks[:40])[:SAMPLE]
        found = {code: len(regex.findall(text)) for code, regex in terms.items()}
        best = max(found, key=found.__getitem__, default="und")
        if found.get(best):
            return best
    return "und"


def _body(page: Page):
    if page.body_start is None or page.body_end is None:
        return page.blocks
    return page.blocks[page.body_start:page.body_end + 1]


def _code(value: str | None) -> str | None:
    if not value:
        return None
    return re.split(r"[-_]", value.strip().lower())[0] or None
