"""Shape words searched on a block's lower-cased copy (extract/lowered.py) must be found exactly
where the case-blind search of the text finds them, with the same words: on texts of the
vocabulary's own words in every case, next to the characters whose lower case is longer ("İ"),
changes form ("ẞ", "Σ") or that the regex engine matches to another letter ("ı", "ſ", "K")."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import reader as reader_module
from disclosure_lint.extract import vocabulary
from disclosure_lint.extract.alternation import literal_trie
from disclosure_lint.extract.lowered import unsure_chars, usable
from disclosure_lint.resources import rules_dir

VOCABULARY = vocabulary._load.__wrapped__((rules_dir() / "vocabulary",))
READERS = {code: reader_module.Reader(VOCABULARY, code) for code in ("en", "de", "fr", "pl")}
TRICKY = ["İ", "ı", "ſ", "ß", "ẞ", "K", "Σ", "ς", "ﬅ", "ǅ", "Ⅸ", "é", "É", "\u0307"]
WORDS = sorted({w for r in READERS.values() for w in r.shape_anchors})
FRAGMENTS = [*WORDS, *(w.upper() for w in WORDS), *(w.capitalize() for w in WORDS),
             *(w.replace("i", "İ") for w in WORDS if "i" in w), *(w.replace("s", "ſ") for w in WORDS if "s" in w),
             *(w.replace("ss", "ß").upper() for w in WORDS if "ss" in w),
             *TRICKY, " ", "\n", "-", "’", "(", ".", "x", "un", "ab"]


def found(reader: reader_module.Reader, text: str, low: str | None) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in reader.anchor_positions(text, low)]


def same_as_case_blind(text: str) -> None:
    for code, reader in READERS.items():
        assert found(reader, text, text.lower()) == found(reader, text, None), (code, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map("".join))
def test_the_lowered_copy_finds_what_case_blind_search_finds(text):
    same_as_case_blind(text)


def test_characters_that_lower_to_more_or_to_another_form():
    for text in ("İnvited by the sponsor", "SPONSORED İ", "Spon\u017fored by", "ſponsor", "Eın trip",
                 "GESCHENKT von STRAẞE", "ẞ gesponsert", "Thanks to ΣΑΣ for sponsoring", "KOSTENLOS",
                 "PAID\u0307 for", "Sponsored by ǅemal", "Ⅸ sponsored"):
        same_as_case_blind(text)


def test_a_copy_of_another_length_or_with_an_unsure_character_is_not_used():
    unsure = unsure_chars(["sponsor", "gift"])
    assert unsure.pattern == "[ıſ]"
    assert usable("SPONSORED", "sponsored", unsure)
    assert not usable("İ sponsored", "İ sponsored".lower(), unsure)  # "i̇": one character longer
    assert not usable("ſponsored", "ſponsored".lower(), unsure)
    assert unsure_chars(["Sponsor"]) is None  # a pattern letter the copy could not match as written


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abcſ", min_size=1, max_size=5), min_size=1, max_size=12),
       st.text("abcſ -", max_size=40))
def test_the_trie_matches_as_the_alternation_longest_first(words, text):
    alternation = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")")
    trie = re.compile(literal_trie(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
