"""Phrase shapes: how a linguist writes a disclosure's wording as data. A shape's `pattern` is a
line of space-separated tokens, matched case-insensitively against one sentence at a time:

    {deictic} ~3 {subjects} {copulas} ~2 {connector} {party}
    {thanks} to? {party} for {sponsor_verbs} {deictic} ~2 {subjects}

- `{class}` is one of the language's word classes (any of its phrases); `{class?}` may be absent.
- `{term}` is any of the language's label terms, `{connector}` any connector ("Sponsored by");
  the one matched gives the shape its category and strength unless the shape sets them.
- `{party}` is where the party is named: at the end, it is read from the words that follow;
  between two tokens, it is the words between them.
- `~N` is up to N other words (`~` alone: up to 3); `word`, `a|an` and `word?` are literal words;
  `,` is an optional comma, `:` a colon or dash; `^` and `$` tie the shape to the sentence's
  start or end.
- A shape tied to the start may open with the party, followed by a comma or a word:
  `^ {party} , {thanks} for {sponsor_verbs}` reads "Kestrel Systems, thanks for sponsoring the
  show"; the words before the comma or word must all be the name.

Shapes compile to one regular expression each (group `term` for the term, `party` or `party_at`
for the party), so reading a sentence costs one search per shape, and only in sentences that
hold the words the shape needs (extract/prefilter.py)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from disclosure_lint.extract.vocabulary import Shape, Words, flexible, words_regex
from disclosure_lint.resources import ConfigError

SPECIAL = ("term", "connector", "party")
_GAP_WORD = r"[^\s.!?;:]+"
# The words between two tokens that name a party: short, inside one sentence.
_PARTY_SLOT = r"(?P<party>[^\s.!?;:]+(?:\s+[^\s.!?;:]+){0,7}?)"
# A name opening a sentence, up to its comma: a few words, none of them a mark that ends a sentence.
_LEADING_PARTY = r"(?P<party>[^\s.!?;:,]+(?:\s+[^\s.!?;:,]+){0,5}?)"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "class" | "term" | "connector" | "party" | "gap" | "literal" | "comma" | "colon" | "start" | "end"
    value: str = ""
    optional: bool = False
    count: int = 0


def _tokens(shape: Shape) -> list[_Token]:
    tokens = []
    for raw in shape.pattern.split():
        if raw == "^":
            tokens.append(_Token("start"))
        elif raw == "$":
            tokens.append(_Token("end"))
        elif raw == ",":
            tokens.append(_Token("comma", optional=True))
        elif raw == ":":
            tokens.append(_Token("colon"))
        elif re.fullmatch(r"~\d*", raw):
            tokens.append(_Token("gap", count=int(raw[1:] or 3)))
        elif raw.startswith("{"):
            found = re.fullmatch(r"\{([a-z_]+)(\??)\}", raw)
            if not found:
                raise ConfigError(shape.where, f"{raw!r} is not a token; expected {{class}}, {{class?}}, {{term}}, "
                                               "{connector} or {party}")
            name, optional = found.group(1), bool(found.group(2))
            kind = name if name in SPECIAL else "class"
            if kind == "party" and optional:
                raise ConfigError(shape.where, "{party} cannot be optional")
            tokens.append(_Token(kind, name, optional))
        else:
            optional = raw.endswith("?") and len(raw) > 1
            word = raw[:-1] if optional else raw
            if not re.fullmatch(r"[^\s{}~^$]+", word):
                raise ConfigError(shape.where, f"{raw!r} is not a literal word")
            tokens.append(_Token("literal", word, optional))
    return tokens


def check_template(shape: Shape, words: Words) -> None:
    """Stop with the file and key when a shape cannot be read: unknown tokens or word classes, two
    terms or parties, a gap or party where nothing can follow or precede it."""
    tokens = _tokens(shape)
    body = [t for t in tokens if t.kind not in ("start", "end")]
    if not body:
        raise ConfigError(shape.where, "is empty; expected tokens such as {deictic} {subject} {connector} {party}")
    names = Words.names()
    for token in body:
        if token.kind == "class" and token.value not in names:
            raise ConfigError(shape.where, f"unknown word class {{{token.value}}}; expected {{term}}, {{connector}}, "
                                           f"{{party}} or one of {', '.join(names)}")
        if token.kind == "class" and not getattr(words, token.value) and not token.optional:
            raise ConfigError(shape.where, f"the word class {{{token.value}}} is empty in this language; add words "
                                           f"to {token.value} or make the token optional")
    if sum(t.kind in ("term", "connector") for t in body) > 1:
        raise ConfigError(shape.where, "holds more than one {term} or {connector}; a shape reads one term")
    if sum(t.kind == "party" for t in body) > 1:
        raise ConfigError(shape.where, "holds more than one {party}")
    leading_party = tokens[0].kind == "start" and body[0].kind == "party"
    if body[0].kind == "gap" or (body[0].kind == "party" and not leading_party):
        raise ConfigError(shape.where, "cannot start with a gap or {party}; start with a word, or tie a "
                                       "leading {party} to the sentence's start (^ {party} , thanks ...)")
    if leading_party and (len(body) < 2 or body[1].kind not in ("comma", "literal", "class") or (
            body[1].kind != "comma" and body[1].optional)):
        raise ConfigError(shape.where, "a leading {party} must be followed by a comma or a word "
                                       "(^ {party} , thanks ..., ^ {party} sponsored ...)")
    if body[-1].kind == "gap":
        raise ConfigError(shape.where, "cannot end with a gap")
    if all(t.optional or t.kind in ("gap", "party") for t in body):
        raise ConfigError(shape.where, "has no required word")
    for before, after in itertools.pairwise(body):
        if before.kind == "party" and after.kind in ("gap", "party"):
            raise ConfigError(shape.where, "{party} must be followed by a word or the end")


def reads_a_term(shape: Shape) -> bool:
    """The shape holds a required {term} or {connector}: it matches only where a term is."""
    return any(token.kind in ("term", "connector") and not token.optional for token in _tokens(shape))


def needs(shape: Shape, words: Words, terms: dict[str, list[str]]) -> list[frozenset[str]]:
    """Groups of lower-case words, each holding a word that every match of the shape contains (the
    longest plain piece of each phrase a required token accepts): a sentence lacking any group's
    words cannot match, so the shape's regular expression is not even compiled for it."""
    groups = []
    for token in _tokens(shape):
        if token.optional or token.kind not in ("class", "literal", "term", "connector"):
            continue
        if token.kind == "class":
            phrases = getattr(words, token.value)
        elif token.kind == "literal":
            phrases = token.value.split("|")
        else:
            role = "label" if token.kind == "term" else "connector"
            if role not in terms:
                continue  # terms written as patterns: their words cannot be listed
            phrases = terms[role]
        pieces = {_longest_piece(p) for p in phrases}
        if pieces and all(len(piece) >= 3 for piece in pieces):
            groups.append(frozenset(pieces))
    return groups


def _longest_piece(phrase: str) -> str:
    """The longest run of letters of a phrase, which any way of writing it contains."""
    return max(re.split(r"[\s'’‐‑-]+", phrase.lower()), key=len, default="")


def anchored(shape: Shape) -> bool:
    """Whether the shape is tied to the start of its sentence (its pattern opens with "^")."""
    return shape.pattern.split()[:1] == ["^"]


def compile_shape(shape: Shape, words: Words, terms: dict[str, list[str]]) -> re.Pattern[str]:
    """The shape as one regular expression; `terms` maps "label" and "connector" to the patterns of
    the reader's terms of that role."""
    tokens = _tokens(shape)
    anchored_start = bool(tokens) and tokens[0].kind == "start"
    anchored_end = bool(tokens) and tokens[-1].kind == "end"
    body = [t for t in tokens if t.kind not in ("start", "end")]
    first = next(i for i, t in enumerate(body) if not t.optional and t.kind not in ("gap", "party"))
    # A shape tied to the start is matched at the start of its sentence (regex.match at the unit's
    # first word, candidates._anchored_match): "^" in a pattern would mean the start of the block.
    parts = ["" if anchored_start else r"(?<![\w@#/.-])"]
    if body[0].kind == "party":
        # "^ {party} , thanks for ...", "^ {party} sponsored this review": the name opens the sentence
        parts.append(_LEADING_PARTY)
        if body[1].kind == "comma":
            parts.append(r"\s*,\s*")
            body = body[2:]
        else:
            parts.append(r"\s+")
            body = body[1:]
        first = next(i for i, t in enumerate(body) if not t.optional and t.kind not in ("gap", "party"))
    for i, token in enumerate(body):
        pattern = _token_pattern(token, words, terms, last=i == len(body) - 1)
        if token.kind == "gap":
            parts.append(pattern)
            continue
        if i < first:
            parts.append(f"(?:{pattern}{_separator(token, body[i + 1])})?")
            continue
        sep = "" if i == first else _separator(body[i - 1], token)
        parts.append(f"(?:{sep}{pattern})?" if token.optional else sep + pattern)
    last = body[-1]
    if last.kind == "party":
        parts[-1] = r"(?![\w])(?P<party_at>)"  # the name is read from the words after the shape
    elif last.kind not in ("comma", "colon"):
        parts.append(r"(?![\w])")
    if anchored_end:
        parts.append(r"(?=[\W_]*$)")
    return re.compile("".join(parts), re.IGNORECASE)


def _separator(before: _Token, after: _Token) -> str:
    if before.kind in ("comma", "colon") or after.kind in ("comma", "colon"):
        return r"\s*"
    return r"\s+"


def _token_pattern(token: _Token, words: Words, terms: dict[str, list[str]], last: bool) -> str:
    if token.kind == "class":
        return f"(?:{words_regex(getattr(words, token.value))})"
    if token.kind in ("term", "connector"):
        role = "label" if token.kind == "term" else "connector"
        alternatives = sorted(terms.get(role, []), key=len, reverse=True) or [r"(?!x)x"]
        return "(?P<term>" + "|".join(alternatives) + ")"
    if token.kind == "party":
        return "" if last else _PARTY_SLOT
    if token.kind == "gap":
        return rf"(?:\s+{_GAP_WORD}){{0,{token.count}}}"
    if token.kind == "comma":
        return ","
    if token.kind == "colon":
        return r"[:–—-]"
    options = [flexible(re.escape(option)) for option in token.value.split("|") if option]
    return "(?:" + "|".join(options) + ")"
