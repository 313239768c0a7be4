"""The dispatched alternations (extract/alternation.py) must find exactly what plain alternations
find: same spans, on any text. Every regex a language's reader compiles (terms, word classes,
phrase shapes) is built twice, once plain and once dispatched, and both are run over texts made of
the vocabulary's own words, their case variants and the characters around them, so matches are
frequent."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import reader as reader_module
from disclosure_lint.extract import vocabulary
from disclosure_lint.extract.alternation import dispatched
from disclosure_lint.resources import rules_dir

FOLDERS = (rules_dir() / "vocabulary",)
VOCABULARY = vocabulary._load.__wrapped__(FOLDERS)
LANGUAGES = ("en", "de")
FAST = {code: reader_module.Reader(VOCABULARY, code) for code in LANGUAGES}


def _regexes(reader: reader_module.Reader) -> list[tuple[str, re.Pattern[str]]]:
    for name, value in vars(reader_module.Reader).items():  # compile the lazily built ones
        if isinstance(value, functools.cached_property):
            getattr(reader, name)
    found = [(name, value) for name, value in vars(reader).items() if isinstance(value, re.Pattern)]
    found += [(f"shape {s.shape.name}", s.regex) for s in reader.shapes]
    return sorted(found, key=lambda item: item[0])


def _plain_readers() -> dict[str, tuple[reader_module.Reader, list[tuple[str, re.Pattern[str]]]]]:
    def plain(alternatives, flags=0):
        return "(?:" + "|".join(alternatives) + ")"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vocabulary, "dispatched", plain)
        patch.setattr(reader_module, "dispatched", plain)
        built = {code: reader_module.Reader(VOCABULARY, code) for code in LANGUAGES}
        return {code: (reader, _regexes(reader)) for code, reader in built.items()}


PLAIN_BUILT = _plain_readers()
PLAIN = {code: reader for code, (reader, _) in PLAIN_BUILT.items()}
REGEXES = {code: (_regexes(FAST[code]), PLAIN_BUILT[code][1]) for code in LANGUAGES}
WORDS = sorted({w for t in VOCABULARY.terms for w in t.text.split()} | {t.text for t in VOCABULARY.terms}
               | {w for code in LANGUAGES for field in ("subjects", "deictic", "copulas", "prefixes", "site_subjects",
                                                        "captions", "thanks", "roles", "first_person", "gift_words",
                                                        "negations")
                  for w in getattr(VOCABULARY.languages[code].words, field)})
FRAGMENTS = [*WORDS, *(w.upper() for w in WORDS), *(w.capitalize() for w in WORDS),
             " ", "  ", "\n", "-", "’", "'", ":", "[", "]", "(", ")", ".", "@", "#", "/", "x", "é", "ſ", "K", "İ",
             "by", "with", "mit", "de", "la", "approved by the sponsor", "editorially independent", "https://x.y"]


def spans(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text)]


def test_the_vocabulary_regexes_are_dispatched():
    """Guards the speed-up itself: a vocabulary term that defeats the analysis falls back silently."""
    fast, plain = FAST["en"], PLAIN["en"]
    assert fast.term_regex.pattern.startswith(r"(?<![\w@/#.-])(?=[")
    for name in ("term_regex", "site_subject", "piece", "definition", "explainer"):
        assert "(?=[" in getattr(fast, name).pattern, name
        assert getattr(fast, name).pattern != getattr(plain, name).pattern, name


@settings(max_examples=1000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_dispatched_regexes_find_what_the_plain_ones_find(text):
    for code in LANGUAGES:
        fast, plain = REGEXES[code]
        for (name, a), (_, b) in zip(fast, plain, strict=True):
            assert spans(a, text) == spans(b, text), (code, name)


def test_every_term_matches_itself_the_same_way():
    for code in LANGUAGES:
        for term in FAST[code].terms:
            for text in (term.text, term.text.upper(), f"[{term.text}]", f"x {term.text}: y", f"{term.text}s"):
                assert spans(FAST[code].term_regex, text) == spans(PLAIN[code].term_regex, text), text


def test_alternatives_with_unknown_first_characters_fall_back_to_the_plain_alternation():
    assert dispatched([r"\w+ad", "sponsored"], re.IGNORECASE) == r"(?:\w+ad|sponsored)"
    assert dispatched([r"(?:x)?", "sponsored"], re.IGNORECASE) == r"(?:(?:x)?|sponsored)"
    assert dispatched([], re.IGNORECASE) == "(?:)"
    assert dispatched(["(spon)sored", "paid"], re.IGNORECASE) == "(?:(spon)sored|paid)"  # groups keep their numbers


def test_characters_the_engine_folds_together_are_not_split_into_two_groups():
    # "ſ" (long s) matches "s" under IGNORECASE: two groups would change which alternative wins.
    assert dispatched(["ſx", "sxy"], re.IGNORECASE) == "(?:ſx|sxy)"


def test_alternatives_keep_their_order_within_a_first_character():
    pattern = re.compile(dispatched(["sponsored by", "sponsored", "(?:paid )?post", "post"], re.IGNORECASE),
                         re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("Sponsored by X, paid post, post")] == \
        ["Sponsored by", "paid post", "post"]


JS_FRAGMENTS = ["isSponsored", "is_sponsored", "sponsored", "Sponsored", "SPONSORED", "advertorial", "paid_content",
                "isPaidContent", "brandedContent", "is_native_ad", "sponsorName", "sponsor_name", "advertiser_name",
                "contentType", "content_type", "pageType", "contentCategory", "'", '"', ":", "=", " ", "true", "false",
                "1", "0", "yes", "no", "sponsored content", "advertorial", "paid-post", "native_ad", "partner content",
                "Acme Corp", "{", "}", ",", "x", "_", "ſ", "\n", "var cfg", "window.__DATA__"]


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(JS_FRAGMENTS), max_size=30).map("".join))
def test_publisher_flag_scanners_find_what_the_flag_patterns_find(text):
    from disclosure_lint.extract import metadata

    for regex, scanner in ((metadata._FLAG, metadata._FLAG_SCAN), (metadata._FLAG_NAME, metadata._FLAG_NAME_SCAN),
                           (metadata._FLAG_TYPE, metadata._FLAG_TYPE_SCAN)):
        assert [(m.groups(), m.end()) for m in scanner.finditer(text)] == \
            [(m.groups(), m.end()) for m in regex.finditer(text)]
        assert scanner.pattern.startswith("(?=[")


def _statement_fragments() -> list[str]:
    words = {"by", "the", "von", "der", "par", "le", "in", "mit", "dem", "not", "nicht", "İ", "ı", "ſ", "K", " ", "\n"}
    for lang in VOCABULARY.languages.values():
        for pattern in (*lang.patterns["control"], *lang.patterns["independence"], *lang.patterns["payment"]):
            words.update(re.findall(r"[^\W\d_]{2,}", pattern))
    return sorted(words)


STATEMENT_FRAGMENTS = _statement_fragments()


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(STATEMENT_FRAGMENTS + [w.upper() for w in STATEMENT_FRAGMENTS] + [" ", "  ", "."]),
                max_size=25).map(" ".join))
def test_statement_prefilters_never_skip_a_block_the_patterns_match(text):
    for code in LANGUAGES:
        reader = FAST[code]
        for prefilter, regex in ((reader.control_filter, reader.control),
                                 (reader.independence_filter, reader.independence),
                                 (reader.payment_filter, reader.payment)):
            if regex.search(text):
                assert prefilter.may_match(text), (code, regex.search(text).group(), text)
        anchored = reader.shapes_for([m.group().lower() for m in reader.anchor_positions(text)])
        for shape in reader.shapes:
            if shape.regex.search(text):
                assert shape.may_match(text.lower()), (code, shape.shape.name, text)
                assert shape in anchored, (code, shape.shape.name, text)


def test_statement_prefilters_skip_ordinary_prose():
    reader = FAST["en"]
    prose = "The council said on Tuesday that members would review proposals for energy markets. " * 20
    assert not reader.control_filter.may_match(prose) and not reader.independence_filter.may_match(prose)
    assert not any(shape.may_match(prose.replace("review", "vote on").lower()) for shape in reader.shapes)
    assert reader.control_filter.may_match("This article was written by our team and approved by the sponsor.")
    assert reader.independence_filter.may_match("The sponsor had no input on the story.")
