"""Source columns for HTML, which the parser does not give (lxml keeps lines only). On a page of
ordinary lines a label's column is counted from its text node; on a minified page, one line of
tens of thousands of characters, that would point nowhere near it. There, the start tags in the
source are lined up with the parsed elements (the parser adds <html>, <head>, <body>, <tbody>
where the source omits them), and the label's text is looked for after its element's tag.

Worked out once per page, and only when a label sits on a long line."""

from __future__ import annotations

import html as html_entities
import re
from functools import cached_property

LONG_LINE = 400  # characters: a line longer than this holds many elements
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<([A-Za-z][\w:-]*)", re.DOTALL | re.IGNORECASE)
_IMPLIED = frozenset({"html", "head", "body", "tbody", "p", "li", "tr", "td", "colgroup"})
_LOOKAHEAD = 8  # source tags skipped at most to find an element's own tag


class SourceColumns:
    def __init__(self, text: str, elements: list):
        self.text = text
        self.elements = elements  # parsed elements in document order, as the walk met them

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts += [m.end() for m in re.finditer("\n", self.text)]
        return starts

    @cached_property
    def _positions(self) -> dict[int, int]:
        """Element index -> offset of its start tag in the source."""
        tags = []
        for match in _TAG.finditer(self.text):
            if match.group(1):  # a script or style: its own tag counts, its content does not
                tags.append((match.group(1).lower(), match.start()))
            elif match.group(2):
                tags.append((match.group(2).lower(), match.start()))
        found: dict[int, int] = {}
        j = 0
        for index, name in enumerate(self.elements):
            if j >= len(tags):
                break
            for k in range(j, min(j + _LOOKAHEAD, len(tags))):
                if tags[k][0] == name:
                    found[index] = tags[k][1]
                    j = k + 1
                    break
            # no source tag nearby: an element the parser implied (<tbody>, a closed <p> ...)
        return found

    def column(self, line: int, element_index: int, snippet: str) -> int | None:
        """The 1-based column of `snippet` on source line `line`, looked for after the start tag of
        element `element_index`; None when it cannot be placed (count from the text node instead)."""
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return None
        line_start = starts[line - 1]
        line_end = starts[line] - 1 if line < len(starts) else len(self.text)
        if line_end - line_start <= LONG_LINE:
            return None
        tag = self._positions.get(element_index)
        if tag is None or not line_start <= tag <= line_end:
            return None
        opened = self.text.find(">", tag, line_end)
        found = self._find(snippet, opened + 1 if opened >= 0 else tag, line_end)
        at = found if found is not None else tag
        return at - line_start + 1

    def _find(self, snippet: str, start: int, end: int) -> int | None:
        words = snippet.split()[:3]
        if not words:
            return None
        for form in (" ".join(words), html_entities.escape(" ".join(words), quote=False), words[0]):
            at = self.text.find(form, start, end)
            if at >= 0:
                return at
        return None
