"""The label terms are searched only in blocks whose lower-cased copy holds one of their words
(extract/prefilter.py TermFilter). The shortcut must never skip a block where a term is: every
fixture page gives the same labels, uncertain labels and sponsors with and without it, and on
texts made of the terms themselves, in every case and next to the characters lowering changes,
the filter lets through every text where the term pattern matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import extract, load_vocabulary, vocabulary
from disclosure_lint.extract import reader as reader_module
from disclosure_lint.extract.prefilter import TermFilter
from disclosure_lint.model import Document
from disclosure_lint.resources import rules_dir
from disclosure_lint.sources.files import read_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".html", ".md", ".txt"))
VOCABULARY = vocabulary._load.__wrapped__((rules_dir() / "vocabulary",))
CODES = sorted(VOCABULARY.languages)
READERS = {code: reader_module.Reader(VOCABULARY, code) for code in CODES}
TERMS = sorted({t.text for t in VOCABULARY.terms} | {w for t in VOCABULARY.terms for w in t.text.split()})
FRAGMENTS = [*TERMS, *(t.upper() for t in TERMS), *(t.capitalize() for t in TERMS),
             *(t.replace("i", "İ") for t in TERMS if "i" in t), *(t.replace("s", "ſ") for t in TERMS if "s" in t),
             "İ", "ı", "ſ", "ẞ", "K", "Σ", " ", "\n", "-", "’", "#", "@", ".", "/", "(", "x", "read", "had"]


def _found(document: Document) -> tuple:
    evidence = extract(document, load_vocabulary())
    return ([(label.text, label.line, label.column, label.category, label.term) for label in evidence.labels],
            [(label.text, label.line, label.column) for label in evidence.uncertain],
            [(sponsor.name, sponsor.found_in, sponsor.line) for sponsor in evidence.sponsors])


def test_the_fixture_pages_are_varied():
    assert len(PAGES) >= 200
    assert {p.parent.name for p in FIXTURES.glob("languages/*/*")} >= {"de", "fr", "pl", "sv"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_same_labels_with_and_without_the_shortcut(path, monkeypatch):
    document = read_file(str(path), path)
    if not isinstance(document, Document):
        pytest.skip(f"{path} is not a document")
    fast = _found(document)
    monkeypatch.setattr(reader_module.Reader, "may_hold_term", lambda self, text, low: True)
    assert _found(document) == fast


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_a_filter(code):
    assert READERS[code]._term_filter.regex is not None


def test_a_term_without_a_word_to_look_for_lets_every_block_through():
    term_filter = TermFilter(["Sponsored", r"[\w-]+ Partner"], reader_module.TERM_BEFORE, reader_module.TERM_AFTER)
    assert term_filter.regex is not None and not term_filter.may_match("nothing here", "nothing here")
    assert TermFilter(["Sponsored", r"\w+"], reader_module.TERM_BEFORE, reader_module.TERM_AFTER).regex is None
    assert TermFilter(["Sponsored", r"\w+"], "", "").may_match("nothing here", "nothing here")


def test_a_short_term_alone_is_looked_for_as_a_whole_word():
    term_filter = TermFilter(["Ad", "Sponsored by"], reader_module.TERM_BEFORE, reader_module.TERM_AFTER)
    for text in ("Ad", "(AD) Heading", "An ad.", "SPONSORED BY"):
        assert term_filter.may_match(text, text.lower()), text
    for text in ("Read more", "#ad", "had-been", "ads"):
        assert not term_filter.may_match(text, text.lower()), text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CODES), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map("".join))
def test_a_text_holding_a_term_always_passes(code, text):
    reader = READERS[code]
    if reader.term_regex.search(text):
        assert reader.may_hold_term(text, text.lower()), text
