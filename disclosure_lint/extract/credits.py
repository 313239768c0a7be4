"""Bylines and credit blocks: who wrote it, and which unit it is credited to. A credit to a
publisher's commercial unit ("Euractiv's Advocacy Lab", "T Brand Studio") signals commercial
content but never discloses it by itself."""

from __future__ import annotations

import re

from disclosure_lint.extract.page import Page
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.model import Credit

MAX_CREDIT = 200
_BYLINE_START = re.compile(
    r"^\W{0,3}(?:(?:by|von|par|por|di|door|verfasst von)\s+(?=[A-ZÄÖÜÉ\[])"
    r"|(?:text|words|author|autor|auteur)\s*:\s*\S)",
    re.IGNORECASE)
_DATE_ONLY = re.compile(r"^[\W\d]*(?:\d{1,2}[./ ]\s*\w+[./ ]\s*\d{2,4}|\w+ \d{1,2},? \d{4})[\W\d:apm.]*$",
                        re.IGNORECASE)
MAX_HTML_CREDITS = 2
# A capital I between roles ("By X I Edited by Y") is a separator, as a pipe is.
_ROLE_SPLIT = re.compile(r"\s+\|\s+|\s*\|\s*|\s+I\s+(?=[A-Z][a-z]+\s+by\b)|\s+[•·/]\s+")
_ROLE = re.compile(r"^(?:by|von|par|por|di|door|edited by|photos?|fotos?|text|words|reporting|illustrations?|"
                   r"video|graphics|additional reporting|with|tips|contact|follow|email|updated|published)\b|@",
                   re.IGNORECASE)
_ORG_WORDS = re.compile(r"\b(?:lab|labs|studio|studios|group|desk|team|unit|media|news|partners|content|brandvoice|"
                        r"storyworks|works|creative|agency|staff|redaktion|newsroom|solutions|program)\b",
                        re.IGNORECASE)


def find_credits(page: Page, vocab: Vocabulary) -> list[Credit]:
    credits: list[Credit] = []
    author = page.front_matter.get("author")
    if author:
        credits.append(parse_credit(author, 1, vocab))
    marked = 0
    for index, block in enumerate(page.blocks):
        # A byline element counts in the article's header zone; elsewhere only a "By ..." line does,
        # so author boxes, social links and related-article bylines stay out.
        header_zone = page.body_start is None or index <= page.body_start
        for offset, line_text in _lines(block.text):
            if len(line_text) > MAX_CREDIT or _DATE_ONLY.match(line_text):
                continue
            byline = _BYLINE_START.match(line_text)
            if not byline and not (block.credit and header_zone and marked < MAX_HTML_CREDITS):
                continue
            credit = parse_credit(line_text, block.line_at(offset), vocab)
            if credit.text and not any(c.text == credit.text for c in credits):
                credits.append(credit)
                marked += not byline
        if len(credits) >= 4:
            break
    return credits


def parse_credit(text: str, line: int, vocab: Vocabulary) -> Credit:
    cleaned = " ".join(text.split()).strip("[]() ")
    parts = [p.strip(" []()") for p in _ROLE_SPLIT.split(cleaned) if p.strip(" []()")]
    unit = None
    for part in reversed(parts):
        if vocab.studio_regex.search(part):
            unit = part
            break
    if unit is None:
        for part in reversed(parts[1:]):
            if not _ROLE.match(part) and _ORG_WORDS.search(part):
                unit = part
                break
    studio = bool(vocab.studio_regex.search(unit or cleaned))
    return Credit(text=cleaned, unit=unit, studio=studio, line=line)


def _lines(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line.strip()
        offset += len(line) + 1
