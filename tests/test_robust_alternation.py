"""The dispatched term alternation (extract/alternation.py) must find exactly what the plain
alternation finds: same spans, on any text. Texts are built from the vocabulary's own words,
their case variants and the characters around them, so matches are frequent."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.extract import load_vocabulary
from disclosure_lint.extract.alternation import dispatched

VOCAB = load_vocabulary()
LEAD, TAIL = r"(?<![\w@/#.-])", r"(?![\w-])"
DISPATCHED = VOCAB.term_regex
_inner = DISPATCHED.pattern[len(LEAD):-len(TAIL)]
TERMS = sorted({t.text for t in VOCAB.terms})
FRAGMENTS = [*TERMS, *(t.upper() for t in TERMS), *(t.split()[0] for t in TERMS if " " in t),
             " ", "  ", "\n", "-", "’", "'", ":", "[", "]", "(", ")", ".", "@", "#", "/", "x", "é", "ſ", "K", "İ",
             "von", "by", "with", "mit", "de", "la"]


def _plain_regex() -> re.Pattern[str]:
    """The same terms as one plain alternation, as vocabulary.py would build it without dispatch."""
    alternatives = []
    for term in VOCAB.terms:
        alternatives.append(term.pattern or _flexible(re.escape(term.text)))
    alternatives.sort(key=len, reverse=True)
    return re.compile(LEAD + "(?:" + "|".join(alternatives) + ")" + TAIL, re.IGNORECASE)


def _flexible(escaped: str) -> str:
    return escaped.replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]").replace(r"\-", r"[-‐‑]?")


PLAIN = _plain_regex()


def spans(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text)]


def test_the_vocabulary_regex_is_dispatched():
    """Guards the speed-up itself: a vocabulary term that defeats the analysis falls back silently."""
    assert DISPATCHED.pattern.startswith(LEAD + "(?=[")
    assert PLAIN.pattern != DISPATCHED.pattern


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_dispatched_alternation_finds_what_the_plain_one_finds(text):
    assert spans(DISPATCHED, text) == spans(PLAIN, text)


def test_every_term_matches_itself_the_same_way():
    for term in TERMS:
        for text in (term, term.upper(), f"[{term}]", f"x {term}: y", f"{term}s"):
            assert spans(DISPATCHED, text) == spans(PLAIN, text), text


def test_alternatives_with_unknown_first_characters_fall_back_to_the_plain_alternation():
    assert dispatched([r"\w+ad", "sponsored"], re.IGNORECASE) == r"(?:\w+ad|sponsored)"
    assert dispatched([r"(?:x)?", "sponsored"], re.IGNORECASE) == r"(?:(?:x)?|sponsored)"
    assert dispatched([], re.IGNORECASE) == "(?:)"


def test_characters_the_engine_folds_together_are_not_split_into_two_groups():
    # "ſ" (long s) matches "s" under IGNORECASE: two groups would change which alternative wins.
    pattern = dispatched(["ſx", "sxy"], re.IGNORECASE)
    assert pattern == "(?:ſx|sxy)"


def test_alternatives_keep_their_order_within_a_first_character():
    pattern = re.compile(dispatched(["sponsored by", "sponsored", "(?:paid )?post", "post"], re.IGNORECASE),
                         re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("Sponsored by X, paid post, post")] == \
        ["Sponsored by", "paid post", "post"]
