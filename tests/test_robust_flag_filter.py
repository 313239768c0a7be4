"""Page-config scripts are scanned for publisher flags only when they hold a word every flag needs
(extract/metadata.py, a Prefilter of the flag patterns). The shortcut must never hide a flag:
scripts made of the flags' own keys and values, in every case and next to the characters that
case-fold unlike the regex engine, give the same signals with and without it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import metadata
from disclosure_lint.extract.page import Page

KEYS = ["is_sponsored", "isSponsored", "sponsored", "advertorial", "paid_content", "isPaidContent",
        "branded_content", "is_branded", "sponsored_content", "is_native_ad", "sponsor_name", "sponsorName",
        "advertiser_name", "content_type", "pageType", "article_type", "contentCategory", "dataLayer", "page"]
VALUES = ["true", "false", "yes", "no", "1", "0", "sponsored", "sponsored-content", "advertorial", "paid post",
          "paidcontent", "native_ad", "partner content", "Acme Ltd", "null", "news"]
CASED = st.sampled_from([str, str.upper, str.title, lambda w: w.replace("i", "İ"), lambda w: w.replace("s", "ſ"),
                         lambda w: w.replace("k", "K")])
WORD = st.sampled_from(KEYS + VALUES)
QUOTE = st.sampled_from(["", "'", '"'])
# key: value pairs, most of them well formed, among stray characters
PAIR = st.tuples(QUOTE, CASED, WORD, QUOTE, st.sampled_from([":", " = ", "="]), QUOTE, CASED, WORD, QUOTE).map(
    lambda p: f"{p[0]}{p[1](p[2])}{p[3]}{p[4]}{p[5]}{p[6](p[7])}{p[8]}")
SCRIPT = st.lists(st.one_of(PAIR, st.sampled_from([", ", "{", "}", "\n", "İ", "ı", "ſ", "x"])),
                  min_size=1, max_size=8).map("".join)


def _signals(scripts: list[str]) -> list[tuple[str, str, int, bool]]:
    page = Page(blocks=[], scripts=[(text, i + 1) for i, text in enumerate(scripts)])
    return [(s.kind, s.value, s.line, s.commercial) for s in metadata.publisher_flags(page)]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SCRIPT, min_size=1, max_size=4))
def test_the_same_flags_with_and_without_the_filter(scripts):
    fast = _signals(scripts)
    original = metadata._FLAGS_FILTER
    try:
        metadata._FLAGS_FILTER = type("All", (), {"may_match": staticmethod(lambda text: True)})()
        assert _signals(scripts) == fast
    finally:
        metadata._FLAGS_FILTER = original


def test_the_scripts_made_here_hold_flags():
    assert _signals(["var cfg = {isSponsored: true, sponsorName: 'Acme Ltd', pageType: 'advertorial'};"]) == [
        ("publisher-flag", "issponsored=true", 1, True), ("publisher-flag", "sponsorname=Acme Ltd", 1, True),
        ("publisher-flag", "pagetype=advertorial", 1, True)]


def test_a_script_without_any_flag_word_is_skipped():
    assert not metadata._FLAGS_FILTER.may_match("window.dataLayer = [{'pageType': 'news'}];")
    assert metadata._FLAGS_FILTER.may_match("var cfg = {isSponsored: true};")
