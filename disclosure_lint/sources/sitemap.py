"""Sitemaps to page URLs: urlset files, sitemap index files (nested, with cycles cut), gzipped files,
plain-text sitemaps, local or remote. A child sitemap that cannot be read becomes one error result
naming it; the other children still count. The XML parser resolves no entities and loads nothing."""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

from lxml import etree

from disclosure_lint.model import InputError
from disclosure_lint.sources.body import TooLarge, gunzip_capped
from disclosure_lint.sources.urls import is_url, url_problem

MAX_DEPTH = 4
KIND = "sitemap"

# Loads a sitemap's bytes from a URL or file, or says why it cannot.
Loader = Callable[[str], "bytes | InputError"]


class SitemapError(ValueError):
    pass


def parse_sitemap(data: bytes, max_bytes: int) -> tuple[str, list[str]]:
    """("index", child sitemap locations) or ("urlset", page URLs)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_capped(data, max_bytes)
        except TooLarge as exc:
            raise SitemapError(f"the gzipped sitemap {exc}") from None
        except zlib.error as exc:
            raise SitemapError(f"the gzipped sitemap is corrupt ({exc})") from None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head != b"<":
        return "urlset", _text_sitemap(data)
    return _xml_sitemap(data)


def _xml_sitemap(data: bytes) -> tuple[str, list[str]]:
    """Streamed: each entry is cleared once read, so a 50,000-URL sitemap never becomes a tree."""
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=False)
    kind, entry, locations = "", "", []
    try:
        for event, element in events:
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            if not kind:
                kind = name
                if kind not in ("sitemapindex", "urlset"):
                    raise SitemapError(f"not a sitemap: the root element is <{kind}>, not <urlset> or <sitemapindex>")
                entry = "sitemap" if kind == "sitemapindex" else "url"
                continue
            if event != "end":
                continue
            parent = element.getparent()
            if name == "loc" and parent is not None and etree.QName(parent).localname == entry \
                    and parent.getparent() is not None and parent.getparent().getparent() is None:
                if element.text and element.text.strip():
                    locations.append(element.text.strip())
            elif name == entry and parent is not None and parent.getparent() is None:
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not well-formed XML ({exc})") from None
    return ("index" if kind == "sitemapindex" else "urlset"), locations


def _text_sitemap(data: bytes) -> list[str]:
    """sitemaps.org allows a plain-text sitemap: one URL per line."""
    text = data.decode("utf-8", "replace")
    urls = [line.strip() for line in text.splitlines() if line.strip()]
    if not urls or not all(is_url(u) for u in urls[:5]):
        raise SitemapError("neither XML nor a plain-text list of URLs")
    return urls


def walk_sitemap(location: str, load: Loader, max_bytes: int) -> Iterator[str | InputError]:
    """Page URLs in sitemap order; index files are followed depth first, each child read when needed."""
    yield from _walk(location, load, max_bytes, 0, set())


def _walk(location: str, load: Loader, max_bytes: int, depth: int, seen: set[str]) -> Iterator[str | InputError]:
    if location in seen:
        return
    seen.add(location)
    data = load(location)
    if isinstance(data, InputError):
        yield InputError(location, KIND, f"sitemap {data.message}; its pages are not in this report")
        return
    try:
        kind, locations = parse_sitemap(data, max_bytes)
    except SitemapError as exc:
        yield InputError(location, KIND, f"sitemap {location}: {exc}; its pages are not in this report")
        return
    if kind == "urlset":
        for loc in locations:
            yield _resolve(location, loc)
        return
    if depth + 1 >= MAX_DEPTH:
        yield InputError(location, KIND, f"sitemap {location}: index files nested more than {MAX_DEPTH} deep")
        return
    for loc in locations:
        child = _resolve(location, loc)
        if isinstance(child, InputError):
            yield child
        else:
            yield from _walk(child, load, max_bytes, depth + 1, seen)


def _resolve(base: str, loc: str) -> str | InputError:
    if is_url(base):
        target = urljoin(base, loc)
    elif is_url(loc):
        target = loc
    else:  # a local sitemap index may name local child files, relative to its folder
        return os.path.join(os.path.dirname(base), loc)
    problem = url_problem(target)
    if problem:
        return InputError(loc, "invalid-url", f"{loc} (listed in sitemap {base}): {problem}")
    return target


def read_local(path: str, max_bytes: int) -> bytes | InputError:
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return InputError(path, "too-large", f"{path}: {size} bytes, over the {max_bytes}-byte cap")
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        return InputError(path, "unreadable", f"{path}: {exc.strerror or exc}")
