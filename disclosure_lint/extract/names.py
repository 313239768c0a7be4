"""Reading the name of who paid out of the words after "sponsored by", "in Kooperation mit" and
the like. Names are capitalised runs ("Tourismusverband Thermen- & Vulkanland", "EPP Group");
lower-case words end them, so "sponsored by Acme for its readers" reads "Acme"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUT = re.compile(r"[.;:!?|()\[\]\n\"“”«»„]|\s[-–—]\s|,\s")
_TOKEN = re.compile(r"[^\s]+")
_JOINERS = frozenset({"of", "the", "for", "and", "&", "de", "du", "des", "la", "le", "von", "der", "die", "das",
                      "für", "und", "di", "del", "della", "y", "e", "van", "den", "het", "at", "on", "et", "-", "+"})
MAX_WORDS = 10


@dataclass(frozen=True, slots=True)
class Party:
    """What follows a connector: a `named` party, a `generic` one ("an advertiser"), `none` at all,
    or `unclear` words that name nobody a reader could look up ("the backtick conglomerate")."""

    kind: str
    name: str = ""
    end: int = 0


def read_party(text: str, articles: frozenset[str], generic: frozenset[str]) -> Party:
    cut = _CUT.search(text)
    window = text[: cut.start()] if cut else text
    tokens = list(_TOKEN.finditer(window))
    i = 0
    while i < len(tokens) and tokens[i].group().lower().strip("'’") in articles:
        i += 1
    rest = [t.group().lower().strip(",'’\"*_") for t in tokens[i:i + 3]]
    if not rest:
        return Party("none")
    if rest[0] in generic or " ".join(rest[:2]) in generic:
        return Party("generic", end=tokens[i].end())
    name, end = read_name(text, tokens, i)
    if name and plausible(name, generic):
        return Party("named", name, end)
    return Party("unclear", end=tokens[min(i + 2, len(tokens) - 1)].end())


def read_name(text: str, tokens: list[re.Match[str]], i: int) -> tuple[str, int]:
    """The capitalised run starting at token i, and where it ends in `text` (0 when there is none)."""
    start = tokens[i].start() if i < len(tokens) else 0
    end = 0
    words = 0
    pending = 0
    for token in tokens[i:]:
        word = token.group()
        if _is_name_word(word):
            end = token.end()
            words += 1 + pending
            pending = 0
        elif word.lower() in _JOINERS or word.endswith("-"):
            if not end:
                break
            pending += 1
        else:
            break
        if words >= MAX_WORDS:
            break
    if not end:
        return "", 0
    name = text[start:end].strip(" ,'’-")
    return name, end


def _is_name_word(word: str) -> bool:
    core = word.strip(",'’\"*_")
    if not core:
        return False
    first = core[0]
    if first.isupper() or first.isdigit():
        return True
    # eBay, iStock, example.com
    return any(ch.isupper() for ch in core[1:]) or bool(re.match(r"^[a-z0-9-]+\.[a-z]{2,}$", core))


def plausible(name: str, generic: frozenset[str]) -> bool:
    """A name a reader could act on: not empty, not a role like "an advertiser"."""
    cleaned = " ".join(name.lower().split())
    return len(cleaned) >= 2 and cleaned not in generic and cleaned.split()[0] not in generic
