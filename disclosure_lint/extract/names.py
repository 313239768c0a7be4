"""Reading who is named after "sponsored by", "in Kooperation mit", "Thanks to" and the like, with
the page language's words (articles, role words, joiners, titles). Names are capitalised runs
("Tourismusverband Moor- & Heideland", "NWP Group"); a lower-case word ends them, so "sponsored
by Acme for its readers" reads "Acme". A role may come first and the name after it: "my employer,
Quarrystone Systems", "our friends at Acme", "the advertiser, in this case Acme"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# A full stop inside a word ("Fly.io", "dev.to") does not end a name.
_CUT = re.compile(r"\.(?![^\W_])|[;:!?|()\[\]\n\"“”«»„]|\s[-–—]\s")
_TOKEN = re.compile(r"[^\s,]+|,")
_NAME_PUNCT = ",'’\"*_#@"
_SYMBOL_JOINERS = frozenset({"&", "-", "+", "/"})
MAX_WORDS = 10


class PartyKind(str, Enum):
    ORGANISATION = "organisation"
    PERSON = "person"
    ROLE = "role"  # "an advertiser", "our sponsor", "een externe partner"
    LOGO = "logo"  # named only in a logo, a data attribute or a link
    NOBODY = "nobody"
    UNCLEAR = "unclear"  # words that name nobody a reader could look up
    AUDIENCE = "audience"  # the readers or listeners themselves: "everyone", "all of you", "our listeners"


@dataclass(frozen=True, slots=True)
class Party:
    """What follows a connector: its kind, the name when one is given, and where the words that
    name it end in the text read (0 when nothing was read)."""

    kind: PartyKind
    name: str = ""
    end: int = 0

    @property
    def named(self) -> bool:
        return self.kind in (PartyKind.ORGANISATION, PartyKind.PERSON)


NOBODY = Party(PartyKind.NOBODY)


@dataclass(frozen=True, slots=True)
class NameWords:
    """The words of one language that reading a party needs (from its vocabulary file)."""

    articles: frozenset[str]
    roles: frozenset[str]
    joiners: frozenset[str]
    titles: frozenset[str]
    appositions: tuple[str, ...]  # longest first
    complements: frozenset[str]  # "of" in "friend of the channel"
    legal_forms: frozenset[str]
    org_words: frozenset[str]
    link_texts: tuple[str, ...] = ()  # "Read more", "Continue reading": words of links, never a party
    audience: tuple[str, ...] = ()  # "everyone", "all of you", "our listeners": thanked, but no party
    function_words: frozenset[str] = frozenset()  # "which", "with", "to": a sentence goes on after a name
    outlets: frozenset[str] = frozenset()  # "blog", "site", "channel": "the Northbeam blog" is Northbeam's


def read_party(text: str, words: NameWords) -> Party:
    """The party named at the start of `text`."""
    cut = _CUT.search(text)
    title = _title(text, words)
    if title and cut and cut.start() < title:  # "Rep. Walt Brooks": the title's full stop ends nothing
        cut = _CUT.search(text, title)
    window = text[: cut.start()] if cut else text
    tokens = list(_TOKEN.finditer(window))
    i = _skip(tokens, 0, words.articles)
    if i >= len(tokens):
        return NOBODY
    if link_text(window[tokens[i].start():], words):
        return NOBODY  # "Sponsored by" + a "Read more" link names nobody
    audience = _audience(window, tokens[i].start(), words)
    if audience:
        return Party(PartyKind.AUDIENCE, end=audience)
    role_end = _role(tokens, i, words)
    if role_end is not None:
        after = _apposition(text, tokens, role_end, words)
        if after is not None:
            name, end = read_name(text, tokens, after, words)
            if name:
                return Party(PartyKind.ORGANISATION, name, end)
        return Party(PartyKind.ROLE, end=tokens[role_end - 1].end())
    start = i + 1 if title and tokens[i].end() <= title else i
    if start >= len(tokens):
        return Party(PartyKind.UNCLEAR, end=tokens[i].end())
    name, end = read_name(text, tokens, start, words)
    if name and plausible(name, words) and i > 0 and _modifier(tokens, end, words):
        # "the Linux kernel", "the Apple ecosystem": the name is a modifier of a thing, not who paid
        return Party(PartyKind.UNCLEAR, end=end)
    if name and plausible(name, words):
        end = _trailing_role(text, tokens, end, words)
        return Party(PartyKind.PERSON if start > i or _persons(text[tokens[start].start():], words) else
                     PartyKind.ORGANISATION, name, end)
    if tokens[i].group() == ",":
        return NOBODY
    return Party(PartyKind.UNCLEAR, end=tokens[min(i + 2, len(tokens) - 1)].end())


def _modifier(tokens: list[re.Match[str]], end: int, words: NameWords) -> bool:
    """After "the" + a name, one plain lower-case word and a comma ("Developed for the Linux kernel,
    the tool ..."): the name modifies a thing, it is not who paid."""
    following = [t.group() for t in tokens if t.start() >= end][:2]
    if not following:
        return False
    word = following[0]
    plain = word[:1].islower() and word.isalpha() and word not in words.function_words and \
        word not in words.joiners and word not in words.roles and word not in words.outlets
    return plain and len(following) == 2 and following[1] == ","  # a verb at the end ("entstanden.") is no noun


def _audience(window: str, start: int, words: NameWords) -> int:
    """Where words naming the audience itself end ("all of you", "everyone who listens"), or 0."""
    if not window[start:start + 1].islower():
        return 0  # "Sponsored by You Need A Budget" names a company
    rest = " ".join(window[start:].lower().split())
    for phrase in words.audience:
        if rest == phrase or (rest.startswith(phrase) and not rest[len(phrase)].isalnum()):
            found = re.match(r"\s*" + r"\s+".join(map(re.escape, phrase.split())), window[start:], re.IGNORECASE)
            return start + found.end() if found else 0
    return 0


def _title(text: str, words: NameWords) -> int:
    """Where a person's title at the start ends ("Rep.", "Senator", "Dr."), or 0."""
    found = re.match(r"\s*(\S+?)(\.?)(?=\s)", text)
    if not found:
        return 0
    word = found.group(1).lower()
    return found.end() if word in words.titles or word + "." in words.titles else 0


def _skip(tokens: list[re.Match[str]], i: int, articles: frozenset[str]) -> int:
    while i < len(tokens) and tokens[i].group().lower().strip("'’") in articles:
        i += 1
    return i


def _role(tokens: list[re.Match[str]], i: int, words: NameWords) -> int | None:
    """Where a role phrase starting at token i ends ("external partner", "friend of the channel"):
    up to two lower-case words, then a role word, then an "of the X" complement."""
    for width in (0, 1, 2):
        j = i + width
        if j >= len(tokens):
            return None
        lead = [t.group() for t in tokens[i:j]]
        if any(w == "," or not w[:1].islower() for w in lead):
            return None
        one = tokens[j].group().lower().strip(_NAME_PUNCT)
        two = " ".join(t.group().lower().strip(_NAME_PUNCT) for t in tokens[j:j + 2])
        if two in words.roles and j + 1 < len(tokens):
            end = j + 2
        elif one in words.roles:
            end = j + 1
        else:
            continue
        # "friend of the channel": a complement that belongs to the role
        if end + 1 < len(tokens) and tokens[end].group().lower() in words.complements:
            k = _skip(tokens, end + 1, words.articles)
            if k < len(tokens) and tokens[k].group()[:1].islower():
                end = k + 1
        return end
    return None


def _apposition(text: str, tokens: list[re.Match[str]], i: int, words: NameWords) -> int | None:
    """After a role: the token where a name given in apposition starts (", Quarrystone Systems",
    "at Acme", ", in this case Acme"), or None."""
    j = i
    if j < len(tokens) and tokens[j].group() == ",":
        j += 1
    rest = text[tokens[j].start():].lower() if j < len(tokens) else ""
    for phrase in words.appositions:
        if rest.startswith(phrase + " "):
            target = tokens[j].start() + len(phrase)
            while j < len(tokens) and tokens[j].start() < target:
                j += 1
            break
    else:
        if j == i:
            # "the logistics company Tarnwick", "our partner Acme": the name right after the role
            word = tokens[j].group().strip(_NAME_PUNCT) if j < len(tokens) else ""
            return j if len(word) >= 2 and _is_name_word(word) else None
    j = _skip(tokens, j, words.articles)
    return j if j < len(tokens) and _is_name_word(tokens[j].group()) else None


def _trailing_role(text: str, tokens: list[re.Match[str]], end: int, words: NameWords) -> int:
    """"the Brightbrace brand": the role word after a name belongs to what is shown."""
    for token in tokens:
        if token.start() >= end:
            return token.end() if token.group().lower().strip(_NAME_PUNCT) in words.roles else end
    return end


def _persons(text: str, words: NameWords) -> bool:
    """A list of personal names ("Jonas Pfeil, Marit Ostwald, Henrik Sander"): co-authors, not sponsors."""
    people = 0
    for part in text[:200].split(","):
        chunk: list[str] = []
        for word in [*part.split(), ""]:
            if word and word.lower() not in words.joiners:
                chunk.append(word)
                continue
            people += _person(chunk, words)
            chunk = []
    return people >= 2


def _person(chunk: list[str], words: NameWords) -> bool:
    return 2 <= len(chunk) <= 3 and all(
        w.isalpha() and w[0].isupper() and w[1:].islower() and w.lower() not in words.org_words
        and w.lower() not in words.legal_forms for w in chunk)


def read_name(text: str, tokens: list[re.Match[str]], i: int, words: NameWords) -> tuple[str, int]:
    """The capitalised run starting at token i, and where it ends in `text` (0 when there is none)."""
    start = tokens[i].start() if i < len(tokens) else 0
    end = 0
    count = 0
    pending = 0
    for token in tokens[i:]:
        word = token.group()
        if word == ",":
            # "Hollowell Media, Inc.": a legal form after a comma is part of the name
            following = text[token.end():].split(None, 1)
            if end and following and following[0].lower().strip(".,") in words.legal_forms:
                pending += 1
                continue
            break
        if _is_name_word(word):
            end = token.end()
            count += 1 + pending
            pending = 0
        elif word.lower() in words.joiners or word in _SYMBOL_JOINERS or word.endswith("-"):
            if not end:
                break
            pending += 1
        else:
            break
        if count >= MAX_WORDS:
            break
    if not end:
        return "", 0
    name = text[start:end].strip(" ,'’-@")
    if name.startswith("#"):  # a hashtag reads as its words: "#HollowellMedia" is Hollowell Media
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name[1:])
    return name, end


def _is_name_word(word: str) -> bool:
    core = word.strip(_NAME_PUNCT)
    if not core:
        return False
    first = core[0]
    if first.isupper() or first.isdigit():
        return True
    # eBay, iStock, example.com, n8n
    return any(ch.isupper() for ch in core[1:]) or bool(re.match(r"^[a-z0-9-]+\.[a-z]{2,}$", core)) or bool(
        re.fullmatch(r"[a-z]+\d[a-z\d]*", core))


def link_text(text: str, words: NameWords) -> bool:
    """The words start with a link's or button's text ("Read more", "Continue reading")."""
    lowered = " ".join(text.lower().split()).strip(" .…›»→")
    return any(lowered == link or lowered.startswith(link + " ") for link in words.link_texts)


def plausible(name: str, words: NameWords) -> bool:
    """A name a reader could act on: not empty, not a role like "an advertiser"."""
    cleaned = " ".join(name.lower().split())
    return len(cleaned) >= 2 and cleaned not in words.roles and cleaned.split()[0] not in words.roles


_WEB = frozenset({"www", "com", "org", "net", "http", "https"})


def distinctive_words(name: str, words: NameWords) -> tuple[str, ...]:
    """The words that tell a name apart: no articles, joiners, legal forms or web address parts."""
    common = words.articles | words.joiners | words.legal_forms | _WEB
    return tuple(dict.fromkeys(w for w in re.findall(r"[^\W_]+", name.lower()) if len(w) >= 3 and w not in common))
