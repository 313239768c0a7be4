"""The neutral shape every reader (HTML, Markdown, text) produces: the article's text blocks in
reading order with their source lines, where the body starts and ends, and the page's metadata.
Label, sponsor and credit finding work on this shape only, so they behave the same for every format."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.model import Link

LEAD_CHARS = 300  # about one short paragraph of body text
PARAGRAPH_MIN = 80  # characters of text that make a block read as body copy
SHORT_PARAGRAPH_MIN = 30  # on a page with no such block: a sentence this long is body copy
_SENTENCE_CLOSE = (".", "!", "?", "…", ".\u201d", ".\"", ")")
_PIECE_DECOR = " \t\n[](){}*_–—-:|•·,."
_NOT_DECOR = re.compile("[^" + re.escape(_PIECE_DECOR) + "]")


@dataclass(slots=True)
class Block:
    """A run of text that a reader sees as one piece: a paragraph, heading, list item or label."""

    text: str
    anchors: list[tuple[int, int]]  # (offset into text, line) in ascending offset order
    tag: str = "p"  # "h1".."h6" for headings
    credit: bool = False  # inside a byline/credit element
    node: Any = None  # the reader's element, for looking at markup near a label (HTML only)
    pieces: list[tuple[int, int]] = field(default_factory=list)  # spans of separate inline elements' text
    columns: list[int] = field(default_factory=list)  # source column of each anchor's text, when known

    def whole_piece(self, start: int, end: int) -> bool:
        """The text from start to end is all of one inline element's text (a label of its own)."""
        i = bisect.bisect_right(self.pieces, (start, 1 << 62)) - 1  # pieces are in ascending order
        if i < 0 or end > self.pieces[i][1]:
            return False
        piece_start, piece_end = self.pieces[i]
        # inside.strip(_PIECE_DECOR) == text.strip(), without copying a long piece for every term:
        # the piece around the term must be decoration only.
        if _NOT_DECOR.search(self.text, piece_start, start) or _NOT_DECOR.search(self.text, end, piece_end):
            return False
        text = self.text[start:end]
        return text.strip(_PIECE_DECOR) == text.strip()

    @property
    def heading(self) -> int:
        return int(self.tag[1]) if len(self.tag) == 2 and self.tag[0] == "h" and self.tag[1].isdigit() else 0

    @property
    def line(self) -> int:
        return self.anchors[0][1] if self.anchors else 0

    def line_at(self, offset: int) -> int:
        """The source line of a character offset in this block's text."""
        if not self.anchors:
            return 0
        i = bisect.bisect_right(self.anchors, (offset, 1 << 62)) - 1
        return self.anchors[max(i, 0)][1]


def body_copy(blocks: list[Block]) -> list[bool]:
    """Which blocks read as body copy: paragraphs of PARAGRAPH_MIN characters or more; on a short
    draft that has none (a headline and two short paragraphs), the blocks that are sentences."""
    flags = [len(b.text) >= PARAGRAPH_MIN and not b.heading for b in blocks]
    if any(flags):
        return flags
    return [is_sentence(b) for b in blocks]


def is_sentence(block: Block) -> bool:
    """A block that reads as a sentence of running text (a short paragraph of the body)."""
    return (len(block.text) >= SHORT_PARAGRAPH_MIN and not block.heading and not block.credit
            and block.text.rstrip().endswith(_SENTENCE_CLOSE))


@dataclass(slots=True)
class Page:
    blocks: list[Block]
    headline: int | None = None  # index into blocks
    body_start: int | None = None
    body_end: int | None = None
    title: str | None = None
    title_line: int = 0
    lang_hint: str | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    jsonld: list[tuple[str, int]] = field(default_factory=list)  # (raw JSON text, line)
    front_matter: dict[str, str] = field(default_factory=dict)
    front_lines: dict[str, int] = field(default_factory=dict)  # the line of each front matter key
    scripts: list[tuple[str, int]] = field(default_factory=list)  # inline scripts (page-config flags)
    links: list[Link] = field(default_factory=list)  # links inside the article
    url: str | None = None
    # For a label that ends in "supported by" with the name only in a logo: (name, where) or None.
    # (called with the block and the page language's extract.html.PartyWords)
    party_after: Callable[[Block, Any], tuple[str, str] | None] = lambda block, words: None
    # Whether a bare "Advertisement" block is the marker of an ad slot that follows it.
    marks_ad_slot: Callable[[Block], bool] = lambda block: False
    # Whether a block is an item of a menu-like list of links.
    in_menu: Callable[[Block], bool] = lambda block: False
    # The source column of text at an offset of a block, where the reader can tell it better than
    # counting from the text node (HTML on one long line); None otherwise.
    source_column: Callable[[Block, int, str], int | None] = lambda block, offset, text: None
    # (body_start, body_end, running totals of body block lengths): position_of in constant time.
    _body_sizes: tuple[int, int, list[int]] | None = field(default=None, init=False, repr=False, compare=False)

    def position_of(self, index: int) -> str:
        """top (up to and including the first body block), bottom (the last stretch of the body
        or after it), middle (in between). Without a detectable body everything counts as top."""
        start, end = self.body_start, self.body_end
        if start is None or end is None or index <= start:
            return "top"
        if index > end:
            return "bottom"
        sizes = self._running_sizes(start, end)
        total = sizes[-1] or 1
        before = sizes[index - start]
        if before <= LEAD_CHARS and index < end:
            return "top"  # within the lead: seen before the reader is into the article
        return "bottom" if index == end or before / total >= 0.8 else "middle"

    def _running_sizes(self, start: int, end: int) -> list[int]:
        """sizes[k] = characters in the first k body blocks; computed once per page."""
        cached = self._body_sizes
        if cached is None or cached[0] != start or cached[1] != end:
            sizes = [0]
            for i in range(start, end + 1):
                sizes.append(sizes[-1] + len(self.blocks[i].text))
            cached = self._body_sizes = (start, end, sizes)
        return cached[2]
