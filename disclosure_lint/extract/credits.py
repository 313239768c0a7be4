"""Bylines and credit blocks: who wrote it, and which unit it is credited to. A credit to a
publisher's commercial unit ("Euractiv's Advocacy Lab", "T Brand Studio") signals commercial
content but never discloses it by itself."""

from __future__ import annotations

import re
from functools import lru_cache

from disclosure_lint.extract.page import Page
from disclosure_lint.extract.reader import Reader
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.model import Credit

MAX_CREDIT = 200
_DATE_ONLY = re.compile(r"^[\W\d]*(?:\d{1,2}[./ ]\s*\w+[./ ]\s*\d{2,4}|\w+ \d{1,2},? \d{4})[\W\d:apm.]*$",
                        re.IGNORECASE)
MAX_HTML_CREDITS = 2
# A capital I between roles ("By X I Edited by Y") is a separator, as a pipe is.
# Separators between the roles of a credit; a capital I can stand for a pipe before "Edited by"
# (the role words are the page language's connectors).
_SEPARATORS = r"\s+\|\s+|\s*\|\s*|\s+[•·/]\s+"


def find_credits(page: Page, vocab: Vocabulary, reader: Reader, english: Reader | None = None) -> list[Credit]:
    """Credits read with the page language's byline words, and English ones ("By ...") on any page."""
    credits: list[Credit] = []
    author = page.front_matter.get("author")
    if author:
        credits.append(parse_credit(author, 1, vocab, reader))
    marked = 0
    for index, block in enumerate(page.blocks):
        # A byline element counts in the article's header zone; elsewhere only a "By ..." line does,
        # so author boxes, social links and related-article bylines stay out.
        header_zone = page.body_start is None or index <= page.body_start
        for offset, line_text in _lines(block.text):
            if len(line_text) > MAX_CREDIT or _DATE_ONLY.match(line_text):
                continue
            byline = _opens_byline(reader, line_text) or (english is not None and _opens_byline(english, line_text))
            if not byline and not (block.credit and header_zone and marked < MAX_HTML_CREDITS):
                continue
            credit = parse_credit(line_text, block.line_at(offset), vocab, reader)
            if credit.text and not any(c.text == credit.text for c in credits):
                credits.append(credit)
                marked += not byline
        if len(credits) >= 4:
            break
    return credits


@lru_cache(maxsize=16)
def _role_split(reader: Reader) -> re.Pattern[str]:
    return re.compile(_SEPARATORS + r"|\s+I\s+(?=[A-Z][a-z]+\s+(?:" + reader.connectors + r")\b)")


def _opens_byline(reader: Reader, line: str) -> bool:
    """"By Jane Doe", "Von Max Muster", "Text: Anna": a byline word and then a name."""
    found = reader.byline.match(line)
    if not found:
        return False
    rest = line[found.end():].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0] == "[" or found.group().rstrip().endswith(":"))


def parse_credit(text: str, line: int, vocab: Vocabulary, reader: Reader) -> Credit:
    cleaned = " ".join(text.split()).strip("[]() ")
    parts = [p.strip(" []()") for p in _role_split(reader).split(cleaned) if p.strip(" []()")]
    unit = None
    for part in reversed(parts):
        if vocab.studio_regex.search(part):
            unit = part
            break
    if unit is None:
        for part in reversed(parts[1:]):
            if not reader.credit_role.match(part) and reader.org_word.search(part):
                unit = part
                break
    studio = bool(vocab.studio_regex.search(unit or cleaned))
    return Credit(text=cleaned, unit=unit, studio=studio, line=line)


def _lines(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line.strip()
        offset += len(line) + 1
