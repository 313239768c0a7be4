"""Source line numbers for HTML elements. BeautifulSoup records no line numbers with the lxml
tree builder, but lxml itself does, and both build the same element sequence from the same
libxml2 parse; so element k of the soup is element k of an lxml parse. A quick lxml parse
(about a tenth of BeautifulSoup's cost) is made only when a line is asked for."""

from __future__ import annotations

import lxml.etree
import lxml.html


class ElementLines:
    def __init__(self, text: str, element_count: int):
        self._text = text
        self._count = element_count
        self._lines: list[int] | None = None

    def line(self, index: int) -> int:
        if self._lines is None:
            self._lines = self._parse()
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return 1

    def _parse(self) -> list[int]:
        try:
            parser = lxml.html.HTMLParser(encoding="utf-8")
            root = lxml.html.document_fromstring(self._text.encode("utf-8", "surrogatepass"), parser=parser)
        except (lxml.etree.ParserError, ValueError, UnicodeError):
            return []
        lines = [element.sourceline or 1 for element in root.iter() if isinstance(element.tag, str)]
        if len(lines) != self._count:
            # Different element sequences: keep the lines monotonic rather than wrong by a mile.
            return _stretch(lines, self._count)
        return lines


def _stretch(lines: list[int], count: int) -> list[int]:
    if not lines or count <= 0:
        return [1] * max(count, 0)
    step = len(lines) / count
    return [lines[min(int(i * step), len(lines) - 1)] for i in range(count)]
