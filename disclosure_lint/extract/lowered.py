"""Searching a lower-cased copy of a block's text with case-sensitive patterns instead of the text
itself with IGNORECASE ones: the regex engine then compares characters as they are, and one copy
made per block serves every search in it.

The copy finds what IGNORECASE finds, at the same offsets, when lowering keeps the text's length
(every character lowers to one: "İ" lowers to two) and the copy holds none of the characters the
regex engine also takes for a pattern's letter without lowering them to it ("ı" for "i", "ſ" for
"s", from `re`'s own table). Otherwise the text is searched as before."""

from __future__ import annotations

import re
from collections.abc import Iterable

try:  # the regex engine's extra case equivalences: private in name, stable in behaviour
    from re._casefix import _EXTRA_CASES as _EXTRA  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    from sre_compile import _ignorecase_fixes as _EXTRA  # type: ignore[attr-defined,no-redef]


def unsure_chars(words: Iterable[str]) -> re.Pattern[str] | None:
    """The characters IGNORECASE matches to a letter of `words` other than by lowering, as a
    pattern; None when a word is not all lower case (a pattern letter the copy could not match as
    written)."""
    chars: set[str] = set()
    for word in words:
        if word != word.lower():
            return None
        for ch in word:
            chars.update(map(chr, _EXTRA.get(ord(ch), ())))
    return re.compile("[" + "".join(sorted(map(re.escape, chars))) + "]" if chars else r"(?!x)x")


def usable(text: str, low: str, unsure: re.Pattern[str] | None) -> bool:
    """The copy `low` of `text` finds what IGNORECASE finds for words whose unsure characters are `unsure`."""
    return unsure is not None and len(low) == len(text) and unsure.search(low) is None
