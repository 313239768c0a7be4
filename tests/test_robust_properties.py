"""Property-based tests: whatever the input, checking it ends in a document result, never in an
exception. Checker.check turns an unexpected exception into an "internal" error, so the property
is that no such error appears: every input is checked, or refused as an input with a kind of its
own (empty, binary). Each strategy runs 2,000 examples with a fixed seed (derandomize), so CI
runs are reproducible; every example is small enough to keep the whole file well under a minute.

Strategies: arbitrary bytes (as HTML, Markdown, text, or sniffed), HTML-like text built from
the tags, attributes and words the extractor cares about, Markdown-like text, and real pages
(fixtures, and the shared corpus when it is beside the checkout) cut and mutated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.model import Document, InputError
from disclosure_lint.pipeline import Checker
from disclosure_lint.report.data import document_dict
from disclosure_lint.sources.files import document_from_bytes
from tests.conftest import FIXTURES, ROOT

CHECKER = Checker(load_vocabulary(), load_engine())
EXAMPLES = settings(max_examples=2000, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
INPUT_KINDS = {"empty", "binary", "encoding"}  # encoding: mostly bytes no encoding reads
PAGE_KINDS = {"too-deep", "too-large"}  # pages the parser cannot read whole


def check(document: Document | InputError) -> dict:
    """The whole check of one input, down to the JSON a report writes; returns the document's JSON."""
    if isinstance(document, InputError):
        assert document.kind in INPUT_KINDS, document
        assert document.message.startswith(document.source)
        return {}
    result = CHECKER.check(document)
    assert result.source == document.source
    if result.status != "checked":
        assert result.error is not None and result.error.kind in PAGE_KINDS, result.error
    data = document_dict(result)
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # strict: no lone surrogates reach a report
    return data


@EXAMPLES
@given(st.binary(max_size=3000), st.sampled_from([None, "html", "markdown", "text"]))
def test_arbitrary_bytes(data, fmt):
    check(document_from_bytes("input", data, fmt))


WORDS = ["Sponsored", "Anzeige", "Sponsored by", "In Kooperation mit", "Paid content", "Underwritten", "Werbung",
         "Advertisement", "presented by", "Acme GmbH", "Partner", "This article is sponsored by", "by Jane Doe",
         "Brand Studio", "Publicité", "[Werbung]", "Anzeige:", "|", "•", "\n", " ", "&amp;", "&nbsp;", "&#0;",
         "&#xD800;", "\x00", "\u2028", "é", "ſ", "İ", "…", ".", "!", "approved by the sponsor", "x" * 300]
TAGS = ["div", "p", "span", "a", "article", "main", "section", "nav", "aside", "footer", "header", "h1", "h2", "li",
        "ul", "table", "td", "figure", "figcaption", "em", "b", "form", "iframe", "noscript", "svg", "title", "font"]
ATTRS = ["class=byline", "class=sidebar", "class='ad-slot gpt'", "class=entry-content", "id=footer-nav",
         "hidden", "aria-hidden=true", "style='display:none'", "role=navigation", "itemprop=articleBody",
         "itemprop=author", "rel=author", "data-sponsor=Acme", "href=https://acme.example/x", "lang=de",
         "class=\"" + "w " * 50 + "\"", "alt='Acme logo'", "class=site-header"]
HEADS = ['<meta property="og:title" content="Sponsored: Title">', '<meta name="sponsored" content="true">',
         '<script type="application/ld+json">{"@type":"AdvertiserContentArticle","sponsor":{"name":"Acme"}}</script>',
         '<script type="application/ld+json">{broken</script>', "<script>var cfg={isSponsored:true};</script>",
         "<title>[Anzeige] Title</title>", '<html lang="de">', "<!doctype html>", "<!-- a comment -->"]


def _element(children):
    return st.tuples(st.sampled_from(TAGS), st.lists(st.sampled_from(ATTRS), max_size=3), children,
                     st.booleans()).map(
        lambda t: f"<{t[0]}{''.join(' ' + a for a in t[1])}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))


HTML_LIKE = st.tuples(
    st.lists(st.sampled_from(HEADS), max_size=4),
    st.lists(st.recursive(st.sampled_from(WORDS) | st.text(max_size=20),
                          lambda inner: _element(st.lists(inner, max_size=5)), max_leaves=40), max_size=8),
    st.sampled_from(["", "<", "</", "<p", "<!--", "<![CDATA[", "</body></html>", "<frameset><frame>"]),
).map(lambda t: "".join(t[0]) + "<body>" + "".join(t[1]) + t[2])


@pytest.mark.slow  # the longest property runs (about half a minute each)
@EXAMPLES
@given(HTML_LIKE)
def test_html_like_text(text):
    data = check(Document(source="page.html", text=text, format="html"))
    assert data["status"] == "checked"  # generated pages nest a few levels: always readable


MARKDOWN = st.lists(st.sampled_from([
    "---\ntitle: Sponsored\nauthor: Brand Studio\n---\n", "# Heading\n", "Sponsored by **Acme**\n", "\n", "- item\n",
    "[Acme](https://acme.example)", "![logo](l.png)", "<!--", "-->", "```\n", "> quote\n", "***\n", "[", "<a", "_",
    "Dieser Beitrag entstand in Kooperation mit Beispiel GmbH. ", "Paid content. ", "Title\n=====\n",
]) | st.text(max_size=30), max_size=30).map("".join)


@EXAMPLES
@given(MARKDOWN, st.sampled_from(["markdown", "text"]))
def test_markdown_like_text(text, fmt):
    if text.strip():
        check(Document(source="draft.md", text=text, format=fmt))


def _real_pages() -> list[bytes]:
    paths = sorted(FIXTURES.rglob("*.html"))
    for parent in ROOT.parents:
        corpus = parent / "shared" / "corpus" / "cases"
        if corpus.is_dir():
            paths += sorted(corpus.glob("*.html"))
            break
    return [Path(p).read_bytes()[:60_000] for p in paths]


PAGES = _real_pages()


@st.composite
def mutated_pages(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        start = draw(st.integers(0, len(data) - 1))
        end = draw(st.integers(start, min(len(data), start + 2000)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "noise", "truncate", "move"]))
        if action == "delete":
            del data[start:end]
        elif action == "duplicate":
            data[start:start] = data[start:end] * draw(st.integers(1, 5))
        elif action == "insert":
            data[start:start] = draw(st.sampled_from(WORDS + HEADS + ["<div>" * 50, "</div>" * 50, "<table>", "]]>",
                                                                      "\ufeff", "\xff\xfe"])).encode("utf-8")
        elif action == "noise":
            data[start:end] = draw(st.binary(min_size=end - start, max_size=end - start))
        elif action == "truncate":
            del data[start:]
        else:
            piece = data[start:end]
            del data[start:end]
            at = draw(st.integers(0, len(data)))
            data[at:at] = piece
    return bytes(data)


@pytest.mark.slow
@EXAMPLES
@given(mutated_pages())
def test_mutated_real_pages(data):
    check(document_from_bytes("page.html", data, "html"))
