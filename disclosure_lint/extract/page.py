"""The neutral shape every reader (HTML, Markdown, text) produces: the article's text blocks in
reading order with their source lines, where the body starts and ends, and the page's metadata.
Label, sponsor and credit finding work on this shape only, so they behave the same for every format."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.model import Link

LEAD_CHARS = 300  # about one short paragraph of body text


@dataclass(slots=True)
class Block:
    """A run of text that a reader sees as one piece: a paragraph, heading, list item or label."""

    text: str
    anchors: list[tuple[int, int]]  # (offset into text, line) in ascending offset order
    tag: str = "p"  # "h1".."h6" for headings
    credit: bool = False  # inside a byline/credit element
    node: Any = None  # the reader's element, for looking at markup near a label (HTML only)
    pieces: list[tuple[int, int]] = field(default_factory=list)  # spans of separate inline elements' text

    def whole_piece(self, start: int, end: int) -> bool:
        """The text from start to end is all of one inline element's text (a label of its own)."""
        for piece_start, piece_end in self.pieces:
            if piece_start <= start and end <= piece_end:
                inside = self.text[piece_start:piece_end]
                return inside.strip(" \t\n[](){}*_–—-:|•·,.") == self.text[start:end].strip()
        return False

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
    scripts: list[tuple[str, int]] = field(default_factory=list)  # inline scripts (page-config flags)
    links: list[Link] = field(default_factory=list)  # links inside the article
    url: str | None = None
    # For a label that ends in "supported by" with the name only in a logo: (name, where) or None.
    party_after: Callable[[Block], tuple[str, str] | None] = lambda block: None
    # Whether a bare "Advertisement" block is the marker of an ad slot that follows it.
    marks_ad_slot: Callable[[Block], bool] = lambda block: False
    # Whether a block is an item of a menu-like list of links.
    in_menu: Callable[[Block], bool] = lambda block: False

    def position_of(self, index: int) -> str:
        """top (up to and including the first body block), bottom (the last stretch of the body
        or after it), middle (in between). Without a detectable body everything counts as top."""
        start, end = self.body_start, self.body_end
        if start is None or end is None or index <= start:
            return "top"
        if index > end:
            return "bottom"
        body = [len(self.blocks[i].text) for i in range(start, end + 1)]
        total = sum(body) or 1
        before = sum(body[: index - start])
        if before <= LEAD_CHARS and index < end:
            return "top"  # within the lead: seen before the reader is into the article
        return "bottom" if index == end or before / total >= 0.8 else "middle"
