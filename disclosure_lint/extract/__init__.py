"""Document to Evidence: read the format into a Page, then find labels, sponsors, credits and
machine-readable signals on it. Pure functions over plain data; no I/O."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from disclosure_lint.extract.credits import find_credits
from disclosure_lint.extract.html import read_html
from disclosure_lint.extract.html_walk import PageTooComplex
from disclosure_lint.extract.labels import find_labels
from disclosure_lint.extract.language import detect_language
from disclosure_lint.extract.metadata import read_metadata
from disclosure_lint.extract.names import distinctive_words
from disclosure_lint.extract.page import Page
from disclosure_lint.extract.statements import find_statements
from disclosure_lint.extract.suppressions import read_suppressions
from disclosure_lint.extract.text import read_text
from disclosure_lint.extract.vocabulary import Vocabulary, load_vocabulary
from disclosure_lint.model import Document, Evidence, Signal

__all__ = ["PageTooComplex", "Vocabulary", "extract", "load_vocabulary", "read_page"]


def read_page(document: Document) -> Page:
    if document.format == "html":
        return read_html(document.text, document.url)
    return read_text(document.text, document.url)


def extract(document: Document, vocab: Vocabulary) -> Evidence:
    with _collector_paused():
        return _extract(document, vocab)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a page makes an object per element and piece of text, none of them in reference
    cycles (they are freed as soon as the page is), and the garbage collector's passes over that
    growing heap made a page of many small elements superlinear: 9.6 MB of inline elements took
    16 s with the collector running, 6 s without. It runs again, and catches up, once the page is read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _extract(document: Document, vocab: Vocabulary) -> Evidence:
    page = read_page(document)
    language = detect_language(page, vocab.function_words, terms=vocab.own_terms())
    found = find_labels(page, vocab, language)
    labels, sponsors = found.labels, found.sponsors
    signals, meta_sponsors = read_metadata(page, vocab, language)
    reader = vocab.reader(language)
    english = vocab.reader("en") if reader.code != "en" and "en" in vocab.languages else None
    credits = find_credits(page, vocab, reader, english)
    for credit in credits:
        if credit.studio:
            signals.append(Signal("studio-credit", credit.unit or credit.text, credit.line))
    known = {" ".join(s.name.lower().split()) for s in sponsors}
    sponsors += [s for s in meta_sponsors if " ".join(s.name.lower().split()) not in known]
    signals += find_statements(page, reader, labels, sponsors)
    for sponsor in sponsors:
        sponsor.words = distinctive_words(sponsor.name, reader.names)
    headline = page.blocks[page.headline] if page.headline is not None else None
    body_start = page.blocks[page.body_start] if page.body_start is not None else None
    body_end = page.blocks[page.body_end] if page.body_end is not None else None
    return Evidence(
        source=document.source,
        format=document.format,
        language=language,
        headline=headline.text if headline else (page.title or None),
        headline_line=headline.line if headline else None,
        title=page.title,
        title_line=page.title_line,
        body_start_line=body_start.line if body_start else None,
        body_end_line=body_end.line if body_end else None,
        labels=labels,
        uncertain=found.uncertain,
        credits=credits,
        sponsors=sponsors,
        signals=signals,
        links=page.links,
        suppressions=read_suppressions(document),
    )
