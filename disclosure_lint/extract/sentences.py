"""Sentence boundaries inside a block of text, good enough for disclosure sentences: a full stop,
question or exclamation mark followed by a capital (or the end), or a line break.

The ends of a block's sentences are found once and bisected, so a block with thousands of terms
does not re-scan its text for each; a sentence is read at most CONTEXT characters back from a
term. SENTENCE_END matches single characters and looks ahead only past whitespace, which is what
lets the bisected answer equal a scan of the text cut at the position (test_robust_labels.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

SENTENCE_END = re.compile(r"[.!?…](?=\s+[^\sa-z]|\s*$)|\n")
# Characters read either side of a term: more than any real label line or sentence, so a 5 MB
# block with thousands of terms costs thousands of short reads instead of reads of the whole block.
CONTEXT = 1000


def sentence_start(text: str, position: int, floor: int = 0) -> int:
    """Where the sentence holding `position` starts: after the last sentence end in
    text[floor:position] (read as if the text stopped at `position`), at most CONTEXT back."""
    ends = _ends(text)
    i = bisect_right(ends, position)
    start = max(ends[i - 1] if i else 0, floor)
    # With the text cut at `position`, a full stop followed by nothing but spaces ends a sentence too.
    last = _last_solid(text, position)
    if last >= start:
        cut = SENTENCE_END.match(text, last, position)
        if cut:
            start = cut.end()
    return max(start, position - CONTEXT)


def sentence_end(text: str, position: int, limit: int | None = None) -> int:
    """Where the sentence from `position` ends, reading the text as if it stopped at `limit`."""
    limit = len(text) if limit is None else limit
    if position >= limit:
        return limit
    ends = _ends(text)
    i = bisect_right(ends, position)
    end = ends[i] if i < len(ends) and ends[i] <= limit else limit
    last = _last_solid(text, limit)
    if position <= last < end - 1:
        cut = SENTENCE_END.match(text, last, limit)
        if cut:
            end = cut.end()
    return end


@lru_cache(maxsize=4)
def _ends(text: str) -> list[int]:
    """Every sentence end in the block (the position just after its mark)."""
    return [m.end() for m in SENTENCE_END.finditer(text)]


def _last_solid(text: str, position: int) -> int:
    """Index of the last non-space character before `position`, or -1."""
    span = 64
    while True:
        low = max(0, position - span)
        kept = len(text[low:position].rstrip())
        if kept or low == 0:
            return low + kept - 1
        span *= 8
