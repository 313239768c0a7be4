"""Sentence boundaries inside a block of text, good enough for disclosure sentences: a full stop,
question or exclamation mark followed by a capital (or the end), or a line break."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?…](?=\s+[^\sa-z]|\s*$)|\n")


def sentence_start(text: str, position: int, floor: int = 0) -> int:
    start = floor
    for match in SENTENCE_END.finditer(text, floor, position):
        start = match.end()
    return start


def sentence_end(text: str, position: int, limit: int | None = None) -> int:
    limit = len(text) if limit is None else limit
    match = SENTENCE_END.search(text, position, limit)
    return match.end() if match else limit
