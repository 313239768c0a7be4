"""The bounded segment and sentence helpers (extract/candidates.py, extract/sentences.py), label
columns, Page.position_of and Block.whole_piece must give what the straightforward scans give
(the scans read the whole block for every term, which made a block with thousands of terms
quadratic). Texts are shorter than the windows, so the bound on each read does not come into play."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import candidates, labels, sentences
from disclosure_lint.extract.page import Block, Page

SETTINGS = settings(max_examples=2000, deadline=None, derandomize=True)
CHARS = st.sampled_from(list("ab A.!?…|•·\n \t:-x"))
TEXTS = st.lists(CHARS, max_size=60).map("".join)


def scan_segment(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in candidates._SEGMENT_BREAK.finditer(text, 0, start)), default=0)
    right = candidates._SEGMENT_BREAK.search(text, end)
    return left, right.start() if right else len(text)


def scan_sentence_start(text: str, position: int, floor: int = 0) -> int:
    start = floor
    for m in sentences.SENTENCE_END.finditer(text, floor, position):
        start = m.end()
    return start


def scan_sentence_end(text: str, position: int, limit: int) -> int:
    m = sentences.SENTENCE_END.search(text, position, limit)
    return m.end() if m else limit


def scan_column(block: Block, offset: int) -> int:
    newline = block.text.rfind("\n", 0, offset)
    anchor_start = 0
    for anchor_offset, _ in block.anchors:
        if anchor_offset <= offset:
            anchor_start = anchor_offset
    return offset - max(newline + 1, anchor_start) + 1


@pytest.mark.slow  # a property run over many examples
@SETTINGS
@given(TEXTS, st.data())
def test_segment_and_sentence_bounds_match_a_full_scan(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    limit = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, len(text)))
    assert candidates._segment(text, start, end) == scan_segment(text, start, end)
    assert sentences.sentence_start(text, start) == scan_sentence_start(text, start)
    assert sentences.sentence_start(text, start, floor) == scan_sentence_start(text, start, floor)
    assert sentences.sentence_end(text, start, limit) == scan_sentence_end(text, start, limit)
    assert sentences.sentence_end(text, start) == scan_sentence_end(text, start, len(text))


@pytest.mark.slow  # a property run over many examples
@SETTINGS
@given(TEXTS, st.lists(st.integers(0, 60), max_size=8), st.data())
def test_column_matches_a_full_scan(text, offsets, data):
    anchors = [(offset, line) for line, offset in enumerate(sorted(offsets), start=1)]
    block = Block(text=text, anchors=anchors)
    offset = data.draw(st.integers(0, len(text)))
    assert labels.column(block, offset) == scan_column(block, offset)


def scan_position(page: Page, index: int) -> str:
    start, end = page.body_start, page.body_end
    if start is None or end is None or index <= start:
        return "top"
    if index > end:
        return "bottom"
    body = [len(page.blocks[i].text) for i in range(start, end + 1)]
    total = sum(body) or 1
    before = sum(body[: index - start])
    if before <= 300 and index < end:
        return "top"
    return "bottom" if index == end or before / total >= 0.8 else "middle"


@pytest.mark.slow  # a property run over many examples
@SETTINGS
@given(st.lists(st.integers(0, 400), min_size=1, max_size=30), st.data())
def test_position_matches_summing_the_body_each_time(sizes, data):
    blocks = [Block(text="x" * size, anchors=[(0, i + 1)]) for i, size in enumerate(sizes)]
    start = data.draw(st.integers(0, len(sizes) - 1))
    end = data.draw(st.integers(start, len(sizes) - 1))
    page = Page(blocks=blocks, body_start=start, body_end=end)
    for index in range(len(sizes)):
        assert page.position_of(index) == scan_position(page, index)


def scan_whole_piece(block: Block, start: int, end: int) -> bool:
    for piece_start, piece_end in block.pieces:
        if piece_start <= start and end <= piece_end:
            inside = block.text[piece_start:piece_end]
            return inside.strip(" \t\n[](){}*_–—-:|•·,.") == block.text[start:end].strip()
    return False


@pytest.mark.slow  # a property run over many examples
@SETTINGS
@given(st.lists(st.sampled_from(["Anzeige", " ", "-", ":", "[", "]", "x", ".", "\t"]), min_size=1, max_size=12),
       st.data())
def test_whole_piece_matches_stripping_the_piece(parts, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(parts)), max_size=4)))
    text = "".join(parts)
    bounds = [0, *(len("".join(parts[:c])) for c in cuts), len(text)]
    pieces = [(a, b) for a, b in pairwise(bounds) if a < b]
    block = Block(text=text, anchors=[(0, 1)], pieces=pieces)
    for at in range(len(text)):
        if text.startswith("Anzeige", at):
            assert block.whole_piece(at, at + 7) == scan_whole_piece(block, at, at + 7)


def test_reads_around_a_term_stay_within_the_context_window():
    text = "word " * 10_000 + "Sponsored by Acme" + " word" * 10_000
    at = text.index("Sponsored")
    left, right = candidates._segment(text, at, at + 9)
    assert (left, right) == (at - candidates.MAX_UNIT, at + 9 + candidates.MAX_UNIT)
    assert sentences.sentence_start(text, at) == at - sentences.CONTEXT
