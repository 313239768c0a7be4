"""Machine-readable signals: JSON-LD types and sponsors, labels in <title>/og:title, sponsored URL
paths. Broken JSON-LD is read leniently and otherwise skipped; it never stops a check."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from disclosure_lint.extract.alternation import first_char_lookahead
from disclosure_lint.extract.page import Page
from disclosure_lint.extract.prefilter import Prefilter
from disclosure_lint.extract.reader import Reader
from disclosure_lint.extract.vocabulary import Vocabulary
from disclosure_lint.extract.vocabulary import key as term_key
from disclosure_lint.model import Signal, Sponsor

MAX_JSONLD_BLOCKS = 64
MAX_JSONLD_BYTES = 2_000_000
MAX_NODES = 20_000
MAX_TITLE = 1000  # characters of a title read for a label; a longer one is page code, not a title
COMMERCIAL_TYPES = frozenset({"advertisercontentarticle"})
ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                           "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
                           "advertisercontentarticle", "socialmediaposting", "techarticle", "scholarlyarticle"})
SPONSOR_KEYS = ("sponsor", "funder")
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


def _scanner(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The regex's matches with the same groups and ends, found faster over megabytes of script: a
    leading optional quote only moves where a match starts (the key after it begins at a word
    boundary either way), and a lookahead of the key's first letters skips every other position."""
    return re.compile(first_char_lookahead(regex.pattern.removeprefix('["\']?'), regex.flags), regex.flags)


_FLAG_SCAN, _FLAG_NAME_SCAN, _FLAG_TYPE_SCAN = _scanner(_FLAG), _scanner(_FLAG_NAME), _scanner(_FLAG_TYPE)
# A script holding none of the words every flag's key or value needs is not scanned (case-blind: looser
# than the case-sensitive sponsor-name pattern, so never stricter).
_FLAGS_FILTER = Prefilter([_FLAG.pattern, _FLAG_NAME.pattern, _FLAG_TYPE.pattern], re.IGNORECASE)
META_FLAGS = frozenset({"sponsored", "adv:branded", "branded", "advertorial", "paid-content", "is-sponsored",
                        "article:sponsored"})
# Meta tags that list the article's CMS tags: a tag that is a label term ("sponsored", "advertorial",
# "anzeige") is the CMS's own flag (SEO keywords are topics, and are not read). And meta tags that
# name the sponsor. Both are meta flags: without a visible label they are DL101's evidence.
META_TAG_LISTS = frozenset({"article:tag", "parsely-tags", "sailthru.tags"})
META_SPONSORS = frozenset({"sponsor", "article:sponsor", "advertiser", "parsely-sponsor", "sponsored-by"})
MAX_SCRIPT_CHARS = 4_000_000
TRUE = frozenset({"true", "yes", "1"})
FALSE = frozenset({"false", "no", "0"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_metadata(page: Page, vocab: Vocabulary, language: str) -> tuple[list[Signal], list[Sponsor]]:
    reader = vocab.reader(language)
    signals: list[Signal] = []
    sponsors: list[Sponsor] = []
    for raw, line in page.jsonld[:MAX_JSONLD_BLOCKS]:
        data = _load(raw)
        if data is None:
            continue
        for node in _objects(data):
            types = _types(node)
            for kind in sorted(types):  # a set: sorted, so the signals keep one order from run to run
                if kind in ARTICLE_TYPES:
                    signals.append(Signal("jsonld-type", _type_name(node, kind), line, kind in COMMERCIAL_TYPES))
            if types & ARTICLE_TYPES:
                for key in SPONSOR_KEYS:
                    for name in _names(node.get(key)):
                        signals.append(Signal("jsonld-sponsor", name, line))
                        sponsors.append(Sponsor(name=name, found_in="metadata", line=line))
    for where, text, line in _titles(page):
        label = title_label(text, reader)
        if label:
            signals.append(Signal("title-label", f"{label} ({where})", line))
    signals += publisher_flags(page)
    tag_signals, tag_sponsors = meta_tags(page, vocab)
    signals += tag_signals
    sponsors += tag_sponsors
    front_signals, front_sponsors = front_matter_signals(page, vocab)
    signals += front_signals
    sponsors += front_sponsors
    paths = _sponsored_path(vocab)
    for url in sorted({page.url, *page.meta.get("og:url", ())} - {None, ""}):
        path = urlsplit(str(url)).path
        if paths.search(path):
            signals.append(Signal("url-path", path, 0))
    return signals, sponsors


@lru_cache(maxsize=4)
def _sponsored_path(vocab: Vocabulary) -> re.Pattern[str]:
    """Path segments that mark sponsored pages, in every language (an address is not prose)."""
    words = "|".join(re.escape(w) for w in sorted(vocab.every_language("url_words"), key=len, reverse=True))
    return re.compile(rf"/(?:{words or '(?!x)x'})(?:/|$|-|\.)", re.IGNORECASE)


FRONT_FLAGS = ("sponsored", "advertorial", "paid", "paid_content", "branded", "is_sponsored")
FRONT_SPONSORS = ("sponsor", "advertiser", "partner", "sponsored_by", "underwriter", "funder")
FRONT_LISTS = ("tags", "categories", "category", "labels", "keywords")


def front_matter_signals(page: Page, vocab: Vocabulary) -> tuple[list[Signal], list[Sponsor]]:
    """A draft's own metadata, like an HTML page's meta flags: `sponsored: true`, `sponsor: Acme`,
    `tags: [sponsored]`."""
    front = page.front_matter
    if not front:
        return [], []
    signals: list[Signal] = []
    sponsors: list[Sponsor] = []
    line = page.front_lines
    for key in FRONT_FLAGS:
        value = front.get(key)
        if value is not None and value.strip().lower() in TRUE | FALSE:
            positive = value.strip().lower() in TRUE
            signals.append(Signal("front-matter", f"{key}: {value.strip().lower()}", line.get(key, 1), positive))
    for key in FRONT_SPONSORS:
        value = (front.get(key) or "").strip()
        if value and value.lower() not in TRUE | FALSE | {"null", "none", "~"}:
            signals.append(Signal("front-matter", f"{key}: {value}", line.get(key, 1)))
            sponsors.append(Sponsor(name=value[:200], found_in="metadata", line=line.get(key, 1)))
    for key in FRONT_LISTS:
        items = [i.strip().strip("'\"").lower() for i in re.split(r"[,\[\]]", front.get(key) or "")]
        marked = [i for i in items if i in _label_terms(vocab)]
        if marked:
            signals.append(Signal("front-matter", f"{key}: {marked[0]}", line.get(key, 1)))
    return signals, sponsors


@lru_cache(maxsize=4)
def _label_terms(vocab: Vocabulary) -> frozenset[str]:
    """Every language's commercial label terms, as tags are written ("sponsored", "sponsored-content")."""
    texts = {term_key(t.text) for t in vocab.terms if t.role == "label" and t.category not in ("affiliate", "gifted")}
    return frozenset(texts | {t.replace(" ", "-") for t in texts})


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
        if not _FLAGS_FILTER.may_match(text):
            continue
        for match in _FLAG_SCAN.finditer(text):
            key = match.group(1).lower().replace("_", "")
            seen.setdefault(key, set()).add(match.group(2).lower() in TRUE)
            lines.setdefault(key, line)
        for match in _FLAG_NAME_SCAN.finditer(text):
            name = match.group(2).strip()
            if name.lower() not in ("null", "none", "undefined", "false", ""):
                seen.setdefault("sponsorname=" + name, set()).add(True)
                lines.setdefault("sponsorname=" + name, line)
        for match in _FLAG_TYPE_SCAN.finditer(text):
            key = f"{match.group(1).lower()}={match.group(2).lower()}"
            seen.setdefault(key, set()).add(True)
            lines.setdefault(key, line)
    for key, values in seen.items():
        if len(values) == 1:
            positive = next(iter(values))
            shown = key if "=" in key else f"{key}={'true' if positive else 'false'}"
            signals.append(Signal("publisher-flag", shown, lines[key], positive))
    return signals


def meta_tags(page: Page, vocab: Vocabulary) -> tuple[list[Signal], list[Sponsor]]:
    """`<meta property="article:tag" content="sponsored">` flags the page as a front matter's tags do;
    `<meta name="sponsor" content="Acme">` names its sponsor."""
    signals: list[Signal] = []
    sponsors: list[Sponsor] = []
    terms = _label_terms(vocab)
    for key in sorted(META_TAG_LISTS & page.meta.keys()):
        items = {i.strip().strip("'\"").lower() for value in page.meta[key][:50] for i in value[:2000].split(",")}
        marked = sorted(items & terms)
        if marked:
            signals.append(Signal("meta-flag", f"{key}={marked[0]}", page.meta_lines.get(key, 0), True))
    for key in sorted(META_SPONSORS & page.meta.keys()):
        name = " ".join(page.meta[key][0].split())[:200]
        if name and name.lower() not in TRUE | FALSE | {"null", "none", "undefined"}:
            signals.append(Signal("meta-flag", f"{key}={name}", page.meta_lines.get(key, 0), True))
            sponsors.append(Sponsor(name=name, found_in="metadata", line=page.meta_lines.get(key, 0)))
    return signals, sponsors


def title_label(text: str, reader: Reader) -> str | None:
    """A label in a title: bracketed ("[Werbung]"), or leading/trailing with a separator ("Sponsored: ...")."""
    text = text[:MAX_TITLE]
    for match in reader.term_regex.finditer(text):
        term = reader.term_for(match.group())
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
