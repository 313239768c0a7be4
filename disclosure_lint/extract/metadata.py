"""Machine-readable signals: JSON-LD types and sponsors, labels in <title>/og:title, sponsored URL
paths. Broken JSON-LD is read leniently and otherwise skipped; it never stops a check."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from disclosure_lint.extract.page import Page
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.model import Signal, Sponsor

MAX_JSONLD_BLOCKS = 64
MAX_JSONLD_BYTES = 2_000_000
MAX_NODES = 20_000
COMMERCIAL_TYPES = frozenset({"advertisercontentarticle"})
ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                           "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
                           "advertisercontentarticle", "socialmediaposting", "techarticle", "scholarlyarticle"})
SPONSOR_KEYS = ("sponsor", "funder")
_SPONSORED_PATH = re.compile(r"/(?:sponsored|sponsor-content|sponsored-content|partner-content|paid-content|"
                             r"paid-post|advertorial|advertorials|brandvoice|anzeige|werbung|publireportage|"
                             r"publi-redactionnel|native-ad)(?:/|$|-)", re.IGNORECASE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# Page-config flags publishers leave in scripts: {"isSponsored": true}, 'advertorial': true,
# _sf_async_config.sponsorName = "Acme", contentType: "sponsored". A key seen with both true and
# false values on one page (a navigation map of sections) says nothing about this article.
_FLAG = re.compile(
    r"""["']?\b(is_?sponsored|sponsored|is_?advertorial|advertorial|paid_?content|is_?paid_?content|branded_?content|"""
    r"""is_?branded|sponsored_?content|is_?native_?ad)["']?\s*[:=]\s*["']?(true|false|yes|no|1|0)\b""",
    re.IGNORECASE)
_FLAG_NAME = re.compile(
    r"""["']?\b(sponsor_?name|sponsorName|advertiser_?name)["']?\s*[:=]\s*["']([^"'\n]{2,80})["']""")
_FLAG_TYPE = re.compile(
    r"""["']?\b(content_?type|page_?type|article_?type|contentCategory)["']?\s*[:=]\s*["']"""
    r"""(sponsored|sponsored[ _-]content|advertorial|paid[ _-]?content|paid[ _-]?post|native[ _-]?ad|"""
    r"""partner[ _-]?content)["']""",
    re.IGNORECASE)
META_FLAGS = frozenset({"sponsored", "adv:branded", "branded", "advertorial", "paid-content", "is-sponsored",
                        "article:sponsored"})
MAX_SCRIPT_CHARS = 4_000_000
TRUE = frozenset({"true", "yes", "1"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_metadata(page: Page, vocab: Vocabulary, language: str) -> tuple[list[Signal], list[Sponsor]]:
    signals: list[Signal] = []
    sponsors: list[Sponsor] = []
    for raw, line in page.jsonld[:MAX_JSONLD_BLOCKS]:
        data = _load(raw)
        if data is None:
            continue
        for node in _objects(data):
            types = _types(node)
            for kind in types:
                if kind in ARTICLE_TYPES:
                    signals.append(Signal("jsonld-type", _type_name(node, kind), line, kind in COMMERCIAL_TYPES))
            if types & ARTICLE_TYPES:
                for key in SPONSOR_KEYS:
                    for name in _names(node.get(key)):
                        signals.append(Signal("jsonld-sponsor", name, line))
                        sponsors.append(Sponsor(name=name, found_in="metadata", line=line))
    for where, text, line in _titles(page):
        label = title_label(text, vocab)
        if label:
            signals.append(Signal("title-label", f"{label} ({where})", line))
    signals += publisher_flags(page)
    for url in {page.url, *page.meta.get("og:url", ())} - {None, ""}:
        path = urlsplit(str(url)).path
        if _SPONSORED_PATH.search(path):
            signals.append(Signal("url-path", path, 0))
    return signals, sponsors


def publisher_flags(page: Page) -> list[Signal]:
    """Sponsorship flags in meta tags and page-config scripts; each consistent key gives one signal."""
    signals = []
    for key, values in page.meta.items():
        if key in META_FLAGS and values:
            value = values[0].strip().lower()
            signals.append(Signal("meta-flag", f"{key}={value}", page.meta_lines.get(key, 0), value in TRUE))
    seen: dict[str, set[bool]] = {}
    lines: dict[str, int] = {}
    budget = MAX_SCRIPT_CHARS
    for text, line in page.scripts:
        if budget <= 0:
            break
        text = text[:budget]
        budget -= len(text)
        for match in _FLAG.finditer(text):
            key = match.group(1).lower().replace("_", "")
            seen.setdefault(key, set()).add(match.group(2).lower() in TRUE)
            lines.setdefault(key, line)
        for match in _FLAG_NAME.finditer(text):
            name = match.group(2).strip()
            if name.lower() not in ("null", "none", "undefined", "false", ""):
                seen.setdefault("sponsorname=" + name, set()).add(True)
                lines.setdefault("sponsorname=" + name, line)
        for match in _FLAG_TYPE.finditer(text):
            key = f"{match.group(1).lower()}={match.group(2).lower()}"
            seen.setdefault(key, set()).add(True)
            lines.setdefault(key, line)
    for key, values in seen.items():
        if len(values) == 1:
            positive = next(iter(values))
            shown = key if "=" in key else f"{key}={'true' if positive else 'false'}"
            signals.append(Signal("publisher-flag", shown, lines[key], positive))
    return signals


def title_label(text: str, vocab: Vocabulary) -> str | None:
    """A label in a title: bracketed ("[Werbung]"), or leading/trailing with a separator ("Sponsored: ...")."""
    for match in vocab.term_regex.finditer(text):
        term = vocab.term_for(match.group(), "en")
        if term.role != "label":
            continue
        before, after = text[:match.start()], text[match.end():]
        if re.search(r"[\[(]\s*$", before) and re.match(r"\s*[\])]", after):
            return match.group()
        if not before.strip() and re.match(r"\s*[:|–—-]", after):
            return match.group()
        if re.search(r"[|–—:-]\s*$", before) and (not after.strip() or re.match(r"\s*[|–—-]", after)):
            return match.group()
    return None


def _titles(page: Page) -> Iterator[tuple[str, str, int]]:
    if page.title:
        yield "title", page.title, page.title_line
    for key in ("og:title", "twitter:title"):
        for value in page.meta.get(key, ())[:1]:
            yield key, value, page.meta_lines.get(key, 0)


def _load(raw: str) -> Any:
    if not raw or len(raw) > MAX_JSONLD_BYTES:
        return None
    text = raw.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        try:
            return json.loads(attempt)
        except (ValueError, RecursionError):
            continue
    return None


def _objects(data: Any) -> Iterator[dict]:
    """Every JSON object in the document, breadth first, without recursion."""
    queue = [data]
    seen = 0
    while queue and seen < MAX_NODES:
        item = queue.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
            queue.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            queue.extend(v for v in item if isinstance(v, (dict, list)))


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _type_name(node: dict, kind: str) -> str:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, str) and v.rsplit("/", 1)[-1].lower() == kind:
            return v.rsplit("/", 1)[-1]
    return kind


def _names(value: Any) -> Iterator[str]:
    items = value if isinstance(value, list) else [value]
    for item in items[:10]:
        if isinstance(item, str) and item.strip() and not item.startswith(("http://", "https://")):
            yield item.strip()[:200]
        elif isinstance(item, dict):
            name = item.get("name") or item.get("legalName")
            if isinstance(name, str) and name.strip():
                yield name.strip()[:200]
