"""Authors' suppressions, read from the raw document text: the same comment works in HTML,
Markdown and plain-text drafts, because every reader keeps source line numbers.

    <!-- disclosure-lint: disable DL301 -->   ... <!-- disclosure-lint: enable DL301 -->
    <!-- disclosure-lint: disable-file DL401 -->   (anywhere: the whole document)
    <p data-disclosure-lint-ignore="DL301">...</p>   (HTML: that element's lines only)

Codes may be rule codes or names, separated by commas or spaces; none means every rule. Whether a
suppression silenced anything is decided after the engine ran (policy.suppress), not here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree as etree

from disclosure_lint.extract.crowded_tags import cap_attributes
from disclosure_lint.model import Document, Suppression

_WORDS = "disclosure-lint"  # in every suppression comment read and in the attribute
ATTRIBUTE = f"data-{_WORDS}-ignore"
# The head of a suppression comment; its codes run to the first "-->" after it. (One lazy regex
# to "-->" rescanned the rest of the page for every unclosed comment: quadratic.)
_COMMENT_HEAD = re.compile(r"<!--\s*disclosure-lint\s*:\s*(disable-file|disable|enable)\b", re.IGNORECASE)
_COMMENT_END = "-->"
_CODES = re.compile(r"[^\s,]+")
_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)
ALL = ""


def read_suppressions(document: Document) -> list[Suppression]:
    text = document.text
    if _WORDS not in text:  # most pages: one scan of the text, not one per kind of suppression
        return []
    found = _comments(text)
    if document.format == "html" and ATTRIBUTE in text:
        found += _attributes(text)
    return found


def codes_of(raw: str) -> tuple[str, ...]:
    return tuple(_CODES.findall(raw))


def _comments(text: str) -> list[Suppression]:
    result: list[Suppression] = []
    open_ranges: dict[str, tuple[int, tuple[str, ...]]] = {}  # code (or ALL) -> (line, codes as written)
    line, last = 1, 0
    for start, action, raw in _comment_matches(text):
        line += text.count("\n", last, start)
        last = start
        action, codes = action.lower(), codes_of(raw)
        if action == "disable-file":
            result.append(Suppression("file", codes, line, 1, None))
        elif action == "disable":
            for code in codes or (ALL,):
                if code not in open_ranges:
                    open_ranges[code] = (line, (code,) if code else ())
        else:
            # dict.fromkeys: a code written twice ("enable DL301 DL301") closes its range once
            closing = [c for c in dict.fromkeys(codes or list(open_ranges)) if c in open_ranges]
            for code in closing:
                start, written = open_ranges.pop(code)
                result.append(Suppression("comment", written, start, start, line))
    for start, written in open_ranges.values():
        result.append(Suppression("comment", written, start, start, None))
    return sorted(result, key=lambda s: (s.line, s.codes))


def _comment_matches(text: str) -> Iterator[tuple[int, str, str]]:
    """(start, action, codes as written) of each complete suppression comment, in linear time: the
    closing "-->" found for one head serves every head before it, and once none is left, none is."""
    close, resume = -1, 0
    for match in _COMMENT_HEAD.finditer(text):
        if match.start() < resume:  # inside the previous comment
            continue
        if close < match.end():
            close = text.find(_COMMENT_END, match.end())
            if close < 0:
                return
        yield match.start(), match.group(1), text[match.end():close]
        resume = close + len(_COMMENT_END)


def _attributes(text: str) -> list[Suppression]:
    """Elements carrying the attribute, with the source lines their text is read from: the
    element's own line through the last line of any element inside it."""
    try:
        root = etree.fromstring(cap_attributes(text).encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    result = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.get(ATTRIBUTE) is None:
            continue
        first = element.sourceline or 1
        last = max((e.sourceline or first for e in element.iter()), default=first)
        result.append(Suppression("attribute", codes_of(element.get(ATTRIBUTE)), first, first, last))
    return result
