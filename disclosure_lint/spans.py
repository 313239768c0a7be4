"""Where a finding sits in the text an editor holds: start and end as line, column and character
offset, so the service's callers and the language server can highlight the words themselves.

A finding knows its line and column (1-based) and its evidence (usually the label's text). The
span starts there and covers the evidence when it follows within reach (HTML tags and entities
between its words allowed); otherwise it runs to the end of that line."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# How far past the finding's position its evidence may start (a label's element opens the line;
# its text follows the tag's attributes).
REACH = 2000
_BETWEEN_WORDS = r"(?:\s|&nbsp;|&#160;|<[^>]{0,300}>)+"


@dataclass(frozen=True, slots=True)
class Point:
    line: int  # 1-based
    column: int  # 1-based, in characters (Unicode code points)
    offset: int  # 0-based character offset from the start of the text

    def as_dict(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Span:
    start: Point
    end: Point

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"start": self.start.as_dict(), "end": self.end.as_dict()}


class Lines:
    """A text's line starts, for turning offsets into lines and columns and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def point(self, offset: int) -> Point:
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self.starts, offset) - 1
        return Point(index + 1, offset - self.starts[index] + 1, offset)

    def offset(self, line: int, column: int) -> int:
        index = max(0, min(line, len(self.starts)) - 1)
        end = self.line_end(index)
        return min(self.starts[index] + max(column, 1) - 1, end)

    def line_end(self, index: int) -> int:
        """Where line `index` (0-based) ends, before its line break."""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        while end > self.starts[index] and self.text[end - 1] in "\r\n":
            end -= 1
        return end


def span_of(lines: Lines, line: int, column: int, evidence: str) -> Span:
    start = lines.offset(line, column)
    match = _pattern(evidence).search(lines.text, start, start + REACH) if evidence.strip() else None
    if match:
        return Span(lines.point(match.start()), lines.point(match.end()))
    index = lines.point(start).line - 1
    end = lines.line_end(index)
    if end <= start:  # an empty line: one character, so an editor still shows something
        end = min(start + 1, len(lines.text))
    return Span(lines.point(start), lines.point(end))


@lru_cache(maxsize=512)
def _pattern(evidence: str) -> re.Pattern:
    words = [re.escape(word) for word in evidence.split()][:40]
    return re.compile(_BETWEEN_WORDS.join(words), re.IGNORECASE)


def finding_spans(text: str, findings: list[dict]) -> list[dict]:
    """The JSON output's findings, each with its `span` in `text`."""
    lines = Lines(text)
    return [{**f, "span": span_of(lines, f["line"], f["column"], f.get("evidence") or "").as_dict()}
            for f in findings]
