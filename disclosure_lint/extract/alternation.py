"""A long regex alternation of vocabulary terms, rewritten so the regex engine tries at each
position only the terms that can start with the character found there.

Python's `re` tries the alternatives of `a|b|c...` one after another at every position it
reaches; with a few hundred terms and IGNORECASE that is most of the cost of finding labels in
a long article. Grouping the alternatives by their possible first character, behind a one-
character lookahead, gives the same matches (same alternative order within a group, and two
groups never accept the same first character) at a fraction of the work. When a term's first
character cannot be worked out (it starts with `\\w`, `.`, a negated class ...), or a term has a
capturing group (an alternative can be copied into several groups), the plain alternation is used."""

from __future__ import annotations

import re
from collections.abc import Iterable

try:  # the parser of the `re` module: public in behaviour, private in name
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_MAX_RANGE = 64  # a class range wider than this ([a-z] is 26) is treated as "any character"
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_GROUPS = {_c.SUBPATTERN, getattr(_c, "ATOMIC_GROUP", _c.SUBPATTERN)}


class _Unknown(Exception):
    """The first character of an alternative could not be determined."""


def dispatched(alternatives: Iterable[str], flags: int = 0) -> str:
    """`(?:a|b|...)` as a pattern that matches exactly the same, faster. Falls back to the
    plain alternation when a first character cannot be determined."""
    alternatives = list(alternatives)
    plain = "(?:" + "|".join(alternatives) + ")"
    if not alternatives:
        return plain
    try:
        firsts = [_first_chars(alternative, flags) for alternative in alternatives]
    except (_Unknown, re.error, RecursionError, ValueError, TypeError, AttributeError):
        return plain
    groups: dict[str, list[str]] = {}
    for alternative, chars in zip(alternatives, firsts, strict=True):
        for key in dict.fromkeys(_key(ch, flags) for ch in chars):
            groups.setdefault(key, []).append(alternative)
    keys = list(groups)
    if not _distinct(keys, flags):
        return plain
    head = "(?=[" + "".join(_class_char(k) for k in keys) + "])"
    return head + "(?:" + "|".join(f"(?={re.escape(k)})(?:{'|'.join(group)})" for k, group in groups.items()) + ")"


def first_char_lookahead(pattern: str, flags: int = 0) -> str:
    """`pattern` behind a lookahead of the characters a match can start with: the same matches and
    groups (nothing is copied, so capturing groups keep their numbers), but the engine rejects
    every other position with one test. The pattern itself when that set cannot be determined."""
    try:
        chars = _first_chars(pattern, flags, groups_allowed=True)
    except (_Unknown, re.error, RecursionError, ValueError, TypeError, AttributeError):
        return pattern
    keys = dict.fromkeys(_key(ch, flags) for ch in chars)
    return "(?=[" + "".join(_class_char(k) for k in keys) + "])" + pattern


def literal_trie(words: Iterable[str], ends: dict[str, str] | None = None) -> str:
    """Words matched as written (no flags: a lower-cased text searched for lower-case words), as one
    pattern that matches at each position the longest of them there, as their alternation longest
    first does. Sharing prefixes, the engine tests each character once per level of the trie
    instead of once per word. `ends` gives a word a pattern that must follow it (a word boundary)."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = (ends or {}).get(word, "")
    return _trie_pattern(root) if root else r"(?!x)x"


def _trie_pattern(node: dict) -> str:
    """The children of a trie node (distinct characters, so at most one can go on matching), then
    the end when a word ends here: the longest word wins."""
    parts = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    end = node.get("")
    if end is None:
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if not parts:
        return end
    if not end:
        return "(?:" + "|".join(parts) + ")?"
    return "(?:" + "|".join([*parts, end]) + ")"


def _key(ch: str, flags: int) -> str:
    """One representative per set of characters the regex engine treats as equal."""
    if flags & re.IGNORECASE:
        low = ch.lower()
        if len(low) == 1 and re.fullmatch(re.escape(ch), low, flags):
            return low
    return ch


def _distinct(keys: list[str], flags: int) -> bool:
    """No character may open two groups, or an earlier alternative in another group could be skipped."""
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if re.fullmatch(re.escape(a), b, flags) or re.fullmatch(re.escape(b), a, flags):
                return False
    return True


def _class_char(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def _first_chars(pattern: str, flags: int, groups_allowed: bool = False) -> set[str]:
    if pattern[:1].isalnum() and pattern[1:2] not in ("?", "*", "{") and "|" not in pattern:
        return {pattern[0]}  # a plain literal first: most vocabulary phrases, without parsing them
    parsed = _sre_parse.parse(pattern, flags)
    if parsed.state.groups > 1 and not groups_allowed:
        raise _Unknown("capturing group")  # copied into two groups it would be numbered twice
    chars, nullable = _first(list(parsed))
    if nullable or not chars:
        raise _Unknown(pattern)  # could match the empty string: any position, any character
    return chars


def _first(items: list) -> tuple[set[str], bool]:
    """The characters a sequence can start with, and whether it can match nothing at all."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.LITERAL:
            found.add(chr(av))
            return found, False
        if op is _c.IN:
            found |= _class_chars(av)
            return found, False
        if op is _c.BRANCH:
            nullable = False
            for branch in av[1]:
                chars, empty = _first(list(branch))
                found |= chars
                nullable = nullable or empty
            if not nullable:
                return found, False
            continue
        if op in _GROUPS:
            sub = av[-1] if op is _c.SUBPATTERN else av
            if op is _c.SUBPATTERN and (av[1] or av[2]):
                raise _Unknown("inline flags")
            chars, empty = _first(list(sub))
            found |= chars
            if not empty:
                return found, False
            continue
        if op in _REPEATS:
            low, _high, sub = av
            chars, empty = _first(list(sub))
            found |= chars
            if low > 0 and not empty:
                return found, False
            continue
        raise _Unknown(str(op))
    return found, True


def _class_chars(items: list) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            raise _Unknown(str(op))
    return chars
