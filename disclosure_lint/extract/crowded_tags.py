"""Start tags with more attributes than any real page uses are cut down before the HTML parser
sees them: libxml2 compares each attribute of a tag with every one before it, so one tag with
100,000 attributes took minutes (a million, hours). No page needs that many: the first
MAX_ATTRIBUTES of such a tag are kept, the rest dropped (their line breaks stay, so source lines
do not move).

Found with one regular expression that only succeeds on a tag holding more than MAX_ATTRIBUTES,
so ordinary pages pay one fast scan from each "<" to the end of its tag."""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 256  # real elements carry a few, rarely a few dozen (SVG, data-* attributes)

_SPACE = r"[\t\n\f\r /]"
_ATTRIBUTE = (rf"{_SPACE}*+[^\t\n\f\r />\"'=<][^\t\n\f\r />=]*+"
              rf"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]++))?+")
_CROWDED = re.compile(rf"<[A-Za-z][^\t\n\f\r />]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}}")
_MORE = re.compile(rf"(?:{_ATTRIBUTE})*+")


def cap_attributes(text: str) -> str:
    """`text` with every start tag cut to its first MAX_ATTRIBUTES attributes."""
    if "<" not in text:
        return text
    match = _CROWDED.search(text)
    if match is None:
        return text
    pieces: list[str] = []
    kept = 0
    while match is not None:
        end = _MORE.match(text, match.end()).end()
        pieces.append(text[kept:match.end()])
        pieces.append("\n" * text.count("\n", match.end(), end))
        kept = end
        match = _CROWDED.search(text, end)
    pieces.append(text[kept:])
    return "".join(pieces)
