"""A cheap test that a block of text cannot match any of a list of patterns, so the patterns need
not be searched there at all.

For each pattern, the words every match must contain are read from the pattern itself (a
literal run, or one of a group's alternatives: "approved|reviewed ... by ... sponsor|advertiser");
a block can match the pattern only if it contains one of each group's words. Looking for words
with `in` on the case-folded block costs a few nanoseconds a character, against a microsecond for
the patterns (which the regex engine tries at every position). The test only ever lets a block
through that might match: when a pattern's words cannot be worked out, or the block holds a
character that case-folds differently from how the regex engine matches it ("İ", "ı"), the
patterns are searched as before."""

from __future__ import annotations

import re
from collections.abc import Iterable

from disclosure_lint.extract.alternation import _c, _sre_parse, literal_trie
from disclosure_lint.extract.lowered import unsure_chars, usable

_MIN_WORD = 3  # a shorter required word ("by") says too little to be worth testing
_UNSURE = ("İ", "ı")  # the regex engine matches these to "i" under IGNORECASE; casefold() does not


class Prefilter:
    def __init__(self, patterns: Iterable[str], flags: int):
        self.words: list[str] = []
        self.needs: list[list[frozenset[str]]] | None = []
        for pattern in patterns:
            try:
                parsed = _sre_parse.parse(pattern, flags)
                needs = _needs(list(parsed))
            except Exception:  # anything unexpected: never skip a block
                self.needs = None
                return
            self.needs.append([frozenset(w.casefold() for w in group) for group in needs
                               if min(map(len, group)) >= _MIN_WORD])
        if any(not groups for groups in self.needs):
            self.needs = None  # a pattern with nothing to look for: every block may match
            return
        self.words = sorted({word for groups in self.needs for group in groups for word in group})

    def may_match(self, text: str) -> bool:
        if self.needs is None or any(ch in text for ch in _UNSURE):
            return True
        folded = text.casefold()
        found = {word for word in self.words if word in folded}
        if not found:
            return False
        for groups in self.needs:
            for group in groups:
                if group.isdisjoint(found):
                    break
            else:
                return True  # this pattern's every group has a word in the block
        return False


class TermFilter:
    """The same test for the label terms' alternation, on a block's lower-cased copy (extract/
    lowered.py): each term's most telling literal word, all of them in one trie searched once. A term
    that is one short word alone ("Ad") is looked for with the term pattern's own boundaries (`before`,
    the class of characters that may not precede a term; `after`, the lookahead that follows one), as
    a word inside others is no match of it. Lets every block through when a term has no word to look
    for or the copy cannot stand for the text."""

    def __init__(self, patterns: Iterable[str], before: str, after: str):
        self.regex: re.Pattern[str] | None = None
        self.unsure: re.Pattern[str] | None = None
        try:
            words = [_term_words(p) for p in patterns]
        except Exception:  # anything unexpected: never skip a block
            return
        if not words or any(not group for group, _ in words):
            return
        plain = {w for group, whole in words if not whole for w in group}
        plain = {w for w in plain if not any(other != w and other in w for other in plain)}
        bounded = {w for group, whole in words if whole for w in group} - plain
        self.unsure = unsure_chars(plain | bounded)
        # Once the word has matched, the character before it is looked at behind the word.
        ends = {w: f"(?<!{before}{re.escape(w)}){after}" for w in bounded}
        self.regex = re.compile(literal_trie(sorted(plain | bounded), ends))

    def may_match(self, text: str, low: str) -> bool:
        if self.regex is None or not usable(text, low, self.unsure):
            return True
        return self.regex.search(low) is not None


def _term_words(pattern: str) -> tuple[set[str], bool]:
    """The lower-case words one of which every match of a term holds, and whether the term is that
    one short word alone (to be found as a whole word); an empty set when there are none."""
    items = list(_sre_parse.parse(pattern, re.IGNORECASE))
    group = _best(_needs(items)) or set()
    if any(len(ch.lower()) != 1 for word in group for ch in word):
        return set(), False  # a letter that lowers to two ("İ"): the copy would not hold the word
    low = {w.lower() for w in group}
    whole = len(group) == 1 and all(op is _c.LITERAL for op, _ in items) and min(map(len, group)) < _MIN_WORD
    return low, whole


def _needs(items: list) -> list[set[str]]:
    """Groups of words, each group holding at least one word of every match of `items`."""
    groups: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            groups.append({run})
            run = ""
        if op is _c.SUBPATTERN and not (av[1] or av[2]):
            groups += _needs(list(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            groups += _needs(list(av[2]))
        elif op is _c.BRANCH:
            options = [_best(_needs(list(branch))) for branch in av[1]]
            if all(options):
                groups.append(set().union(*options))
    if run:
        groups.append({run})
    return groups


def _best(groups: list[set[str]]) -> set[str] | None:
    """The group whose shortest word is longest: the most telling thing a branch must contain."""
    usable = [g for g in groups if g]
    return max(usable, key=lambda g: min(map(len, g))) if usable else None
