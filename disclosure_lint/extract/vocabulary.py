"""Disclosure vocabulary as data: one `rules/vocabulary/<lang>.toml` per language, holding its
label terms, its word classes (connectors, negations, role words, subjects, verbs of paying,
thanking, gifting ...) and its phrase shapes. Files are validated strictly: an unknown key, a
misspelt category or role, a shape naming a word class the language does not have stops the run
with the file, the key and what is expected.

A page is read with its own language's knowledge plus English loanwords (`Reader`); languages
are never merged, so one language's negation cannot turn another's sentence around."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from disclosure_lint.extract.alternation import dispatched
from disclosure_lint.resources import ConfigError, load_toml, require, rules_dir

CATEGORIES = frozenset({"advertisement", "paid", "sponsored", "underwritten", "supported", "partner",
                        "promoted", "affiliate", "gifted", "political"})
STRENGTHS = frozenset({"clear", "contested", "ambiguous", "insufficient", "house"})
ROLES = frozenset({"label", "connector", "suffix", "denial"})
TERM_KEYS = frozenset({"text", "category", "strength", "role", "pattern", "word_language", "definition"})
SHAPE_KEYS = frozenset({"name", "form", "pattern", "category", "strength", "cues", "party"})
# What a shape can say it is (extract/features.Form values a shape may produce).
SHAPE_FORMS = frozenset({"statement", "thanks", "notice", "label", "denial", "site-wide", "other-subject",
                         "quotation", "partnership"})
# Cues a shape may add to what it matches (extract/features.Cue values).
SHAPE_CUES = frozenset({"this-piece", "site-wide", "other-subject", "denial", "hypothetical", "first-person",
                        "quoted", "advertiser-made"})
# What a shape without {party} names: "role" when its words name a role only ("Thank you to our sponsors ...").
SHAPE_PARTIES = frozenset({"after", "slot", "none", "role"})


@dataclass(frozen=True, slots=True)
class Words:
    """A language's word classes. Every field is a list of words or phrases in the language file;
    the comment beside each says what it is for (and the error message for a wrong one)."""

    subjects: tuple[str, ...] = ()  # nouns for the piece itself: article, post, episode, newsletter ...
    site_subjects: tuple[str, ...] = ()  # nouns for the whole site or channel: website, site, app ...
    other_subjects: tuple[str, ...] = ()  # nouns that are never the piece: bill, event, project, prize ...
    deictic: tuple[str, ...] = ()  # words that point at the piece: this, today's, our ...
    plain_determiners: tuple[str, ...] = ()  # "the" in "The article is sponsored by"
    copulas: tuple[str, ...] = ()  # is, was, has been ...
    contains: tuple[str, ...] = ()  # contains, includes ...
    prefixes: tuple[str, ...] = ()  # words before a colon that introduce a disclosure: Disclosure, Hinweis ...
    captions: tuple[str, ...] = ()  # captions of a content-type line: Content type, Artikeltyp ...
    articles: tuple[str, ...] = ()  # articles and possessives skipped before a name: the, a, our ...
    function_words: tuple[str, ...] = ()  # the commonest words, for telling the page's language
    definition_words: tuple[str, ...] = ()  # words that make the text after a label its definition
    roles: tuple[str, ...] = ()  # words naming a role, not a party: advertiser, sponsor, my employer ...
    person_titles: tuple[str, ...] = ()  # titles before a person's name: Rep., Senator, Dr. ...
    connectors: tuple[str, ...] = ()  # words between a label and its party: by, von, par, door ...
    joiners: tuple[str, ...] = ()  # lower-case words inside a name: of, and, &, de, von, van ...
    appositions: tuple[str, ...] = ()  # phrases before a name given after a role: "in this case", "at"
    complements: tuple[str, ...] = ()  # words joining a role to its complement: "of" in "friend of the channel"
    negations: tuple[str, ...] = ()  # not, nicht, pas ...
    hypotheticals: tuple[str, ...] = ()  # words that make a sentence hypothetical: if, imagine, wenn ...
    political_topics: tuple[str, ...] = ()  # words of elections, legislation and politics
    explainers: tuple[str, ...] = ()  # link words that explain a label: About this content ...
    byline_words: tuple[str, ...] = ()  # words that open a byline: By, Von, Par ...
    credit_roles: tuple[str, ...] = ()  # parts of a credit that name a role: Edited by, Photos ...
    org_words: tuple[str, ...] = ()  # words that make a credit part a unit: lab, studio, desk ...
    legal_forms: tuple[str, ...] = ()  # Inc, GmbH, Ltd ...: not what tells two names apart
    logo_words: tuple[str, ...] = ()  # alt texts that name no party: logo, image, sponsor logo ...
    link_texts: tuple[str, ...] = ()  # link and button texts, never a party: Read more, Continue reading ...
    control_verbs: tuple[str, ...] = ()  # approved, reviewed, written ... (a party's control of the copy)
    url_words: tuple[str, ...] = ()  # path segments that mark sponsored pages: sponsored, anzeige ...
    thanks: tuple[str, ...] = ()  # thanks, thank you, danke, merci ... (used by shapes)
    pay_verbs: tuple[str, ...] = ()  # paid for, funded, financed, underwritten ... (used by shapes)
    sponsor_verbs: tuple[str, ...] = ()  # sponsored, sponsoring, sponsor ... (used by shapes)
    partner_verbs: tuple[str, ...] = ()  # in partnership with, in collaboration with ... (used by shapes)
    make_verbs: tuple[str, ...] = ()  # created, produced, developed, written ... (used by shapes)
    gift_words: tuple[str, ...] = ()  # free copy, gifted, complimentary, hosted ... (used by shapes)
    receive_verbs: tuple[str, ...] = ()  # received, was given, was provided ... (used by shapes)
    affiliate_words: tuple[str, ...] = ()  # affiliate links, commission, qualifying purchases ... (shapes)
    first_person: tuple[str, ...] = ()  # I, we, me, us ... (used by shapes)
    audience: tuple[str, ...] = ()  # everyone, all of you, our listeners ...: thanked, never a sponsor
    source_words: tuple[str, ...] = ()  # "originally published by": names a partner label's party, never a label
    question_words: tuple[str, ...] = ()  # what, why, how ...: "Sponsored content: what it is" is a title
    retractions: tuple[str, ...] = ()  # "has yet to pay", "never paid" ...: later words that take a claim back
    # First-person verbs of earning from a sale (recebo, verdiene, otrzymuję ...): languages that drop
    # the pronoun, or put it after the verb, say "I earn" in the verb (used by shapes).
    earn_verbs: tuple[str, ...] = ()
    # Nouns that name the piece without a separate determiner: definite forms where the article is a
    # suffix (artiklen, inlägget) and bare nouns in languages without articles (artykuł). At a
    # sentence's start they make it a statement about the piece, as "This article" does.
    definite_subjects: tuple[str, ...] = ()
    # Words that open a sales contact after "Advertising:" ("contact us", "Kontakt", "contacte"): the
    # site selling ads, not a label on this piece.
    contact_words: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # free list for a language's own shapes

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


# Regular expressions a language gives for whole statements (matched case-insensitively).
PATTERN_CLASSES = ("control", "independence", "notice", "payment")
LANGUAGE_KEYS = frozenset({"language", "name", "terms", "shapes", *Words.names(), *PATTERN_CLASSES})


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    category: str
    strength: str
    role: str
    language: str  # the vocabulary (usage) it belongs to
    pattern: str
    word_language: str = ""  # a loanword's own language ("Sponsored" on German pages is English)
    definition: str = ""  # a house scheme's own explanation of the term


@dataclass(frozen=True, slots=True)
class Shape:
    """A phrase shape (see extract/shapes.py for the pattern language)."""

    name: str
    form: str
    pattern: str
    language: str
    category: str | None = None  # None: the category of the term the pattern matched
    strength: str | None = None
    cues: tuple[str, ...] = ()
    where: str = ""  # file and key, for error messages
    party: str | None = None  # "role": the shape's words name a role, not a party


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str
    words: Words
    patterns: dict[str, tuple[str, ...]]
    shapes: tuple[Shape, ...] = ()


def words_regex(items: Iterable[str]) -> str:
    """An alternation of phrases, longest first, with flexible whitespace, hyphens and apostrophes."""
    parts = sorted({item.strip().lower() for item in items if item.strip()}, key=len, reverse=True)
    return dispatched([flexible(re.escape(p)) for p in parts], re.IGNORECASE) if parts else r"(?!x)x"


def flexible(escaped: str) -> str:
    """An escaped phrase that matches any run of spaces, either apostrophe and an optional hyphen."""
    return re.sub(r"\\ |['’]|\\-", lambda m: _FLEXIBLE[m.group()], escaped)


_FLEXIBLE = {"\\ ": r"\s+", "'": "['’]", "’": "['’]", "\\-": "[-‐‑]?"}


def key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‐", "-").replace("‑", "-").split())


class Vocabulary:
    """Every language's data, and a compiled `Reader` per language on demand. Build with
    `load_vocabulary`."""

    def __init__(self, terms: list[Term], languages: dict[str, Language], studios: list[str],
                 studio_patterns: list[str], judge: Any = None):
        self.terms = terms
        self.judge = judge  # extract/judge.Judge: how candidates are decided
        self.languages = languages
        self.studio_regex = re.compile(
            "|".join([r"(?<!\w)(?:" + words_regex(studios) + r")(?!\w)", *studio_patterns]), re.IGNORECASE)
        self.function_words = {code: frozenset(lang.words.function_words) for code, lang in languages.items()}
        self._own_terms: dict[str, re.Pattern[str]] | None = None
        self._readers: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a worker process without the compiled readers: each process builds its own."""
        state = dict(self.__dict__)
        state["_readers"] = {}
        state["_own_terms"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def reader(self, language: str):
        """The page language's reader (English loanwords included); English for a language without data."""
        code = language if language in self.languages else "en" if "en" in self.languages else next(
            iter(self.languages))
        reader = self._readers.get(code)
        if reader is None:
            from disclosure_lint.extract.reader import Reader
            reader = self._readers[code] = Reader(self, code)
        return reader

    def own_terms(self) -> dict[str, re.Pattern[str]]:
        """Per language, its own label terms (loanwords excluded): telling the language of a draft
        too short for its common words."""
        if self._own_terms is None:
            own: dict[str, list[str]] = {}
            for term in self.terms:
                if not term.word_language or term.word_language == term.language:
                    own.setdefault(term.language, []).append(term.pattern or flexible(re.escape(term.text)))
            self._own_terms = {code: re.compile(r"(?<!\w)(?:" + "|".join(sorted(items, key=len, reverse=True))
                                                + r")(?!\w)", re.IGNORECASE) for code, items in own.items()}
        return self._own_terms

    def every_language(self, field: str) -> tuple[str, ...]:
        """One word class of every language: for signals that are not prose (URL paths)."""
        return tuple(dict.fromkeys(w for lang in self.languages.values() for w in getattr(lang.words, field)))


def _strings(data: dict, name: str, path: Path) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", name)
    return tuple(value)


def _choice(entry: dict, name: str, allowed: frozenset[str], path: Path, where: str, default: str | None = None,
            what: str = "") -> str | None:
    value = entry.get(name, default)
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise ConfigError(path, f"unknown {what or name} {value!r}; expected one of {', '.join(sorted(allowed))}",
                          f"{where}.{name}")
    return value


def _regex(pattern: str, path: Path, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(path, f"not a valid regular expression ({exc})", where) from None


def load_language(path: Path) -> tuple[Language, list[Term]]:
    data = load_toml(path)
    unknown = sorted(set(data) - LANGUAGE_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key; expected language, name, terms, shapes, {', '.join(PATTERN_CLASSES)} "
                                f"or a word class ({', '.join(Words.names())})", unknown[0])
    code = require(data, "language", str, path, "a language code such as \"en\"")
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise ConfigError(path, f"{code!r} is not a language code; expected two or three lower-case letters "
                                "(ISO 639)", "language")
    words = Words(**{name: _strings(data, name, path) for name in Words.names()})
    patterns = {name: _strings(data, name, path) for name in PATTERN_CLASSES}
    for name, items in patterns.items():
        for i, pattern in enumerate(items):
            _regex(pattern, path, f"{name}[{i}]")
    terms = [_term(entry, i, code, path) for i, entry in enumerate(_tables(data, "terms", path))]
    shapes = tuple(_shape(entry, i, code, path) for i, entry in enumerate(_tables(data, "shapes", path)))
    name = data.get("name", code)
    if not isinstance(name, str):
        raise ConfigError(path, "expected a string", "name")
    return Language(code=code, name=name, words=words, patterns=patterns, shapes=shapes), terms


def _tables(data: dict, name: str, path: Path) -> list[dict]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(path, f"expected a list of [[{name}]] tables", name)
    return value


def _term(entry: dict, i: int, code: str, path: Path) -> Term:
    where = f"terms[{i}]"
    unknown = sorted(set(entry) - TERM_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key; expected one of {', '.join(sorted(TERM_KEYS))}", f"{where}.{unknown[0]}")
    text = require(entry, "text", str, path, f"{where}: the term as readers see it")
    category = _choice(entry, "category", CATEGORIES, path, where) if "category" in entry else None
    if category is None:
        raise ConfigError(path, f"missing; expected one of {', '.join(sorted(CATEGORIES))}", f"{where}.category")
    strength = _choice(entry, "strength", STRENGTHS, path, where) if "strength" in entry else None
    if strength is None:
        raise ConfigError(path, f"missing; expected one of {', '.join(sorted(STRENGTHS))}", f"{where}.strength")
    role = _choice(entry, "role", ROLES, path, where, default="label")
    pattern = entry.get("pattern", "")
    if not isinstance(pattern, str):
        raise ConfigError(path, "expected a regular expression", f"{where}.pattern")
    if pattern:
        _regex(pattern, path, f"{where}.pattern")
    word_language = entry.get("word_language", "")
    if not isinstance(word_language, str) or (word_language and not re.fullmatch(r"[a-z]{2,3}", word_language)):
        raise ConfigError(path, "expected a language code such as \"en\"", f"{where}.word_language")
    definition = entry.get("definition", "")
    if not isinstance(definition, str):
        raise ConfigError(path, "expected a string", f"{where}.definition")
    return Term(text, category, strength, role or "label", code, pattern, word_language, " ".join(definition.split()))


def _shape(entry: dict, i: int, code: str, path: Path) -> Shape:
    where = f"shapes[{i}]"
    unknown = sorted(set(entry) - SHAPE_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key; expected one of {', '.join(sorted(SHAPE_KEYS))}",
                          f"{where}.{unknown[0]}")
    pattern = require(entry, "pattern", str, path, f"{where}: a phrase shape such as \"{{deictic}} {{subject}} "
                                                   "{copula} {connector} {party}\"")
    form = _choice(entry, "form", SHAPE_FORMS, path, where, what="form") if "form" in entry else None
    if form is None:
        raise ConfigError(path, f"missing; expected one of {', '.join(sorted(SHAPE_FORMS))}", f"{where}.form")
    category = _choice(entry, "category", CATEGORIES, path, where, what="category")
    strength = _choice(entry, "strength", STRENGTHS, path, where, what="strength")
    cues = entry.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise ConfigError(path, "expected a list of cue names", f"{where}.cues")
    for j, cue in enumerate(cues):
        if cue not in SHAPE_CUES:
            raise ConfigError(path, f"unknown cue {cue!r}; expected one of {', '.join(sorted(SHAPE_CUES))}",
                              f"{where}.cues[{j}]")
    name = entry.get("name", f"{code}-{i}")
    if not isinstance(name, str) or not name:
        raise ConfigError(path, "expected a short name for the shape", f"{where}.name")
    party = _choice(entry, "party", SHAPE_PARTIES, path, where, what="party")
    return Shape(name=name, form=form, pattern=pattern, language=code, category=category, strength=strength,
                 cues=tuple(cues), where=f"{path}: {where}.pattern", party=party)


def load_vocabulary(folders: tuple[Path, ...] = (), rules_folders: tuple[Path, ...] = ()) -> Vocabulary:
    """The bundled vocabulary plus any extra folders (a publisher's house terms, a new language);
    the judge's numbers from the bundled rules folder and any `rules_folders` (recognition/judge.toml)."""
    return _load((rules_dir() / "vocabulary", *folders), tuple(rules_folders))


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...], rules_folders: tuple[Path, ...] = ()) -> Vocabulary:
    languages: dict[str, Language] = {}
    terms: list[Term] = []
    studios: list[str] = []
    studio_patterns: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(folder, "is not a folder of vocabulary files")
        for path in sorted(folder.glob("*.toml")):
            if path.stem == "studios":
                data = load_toml(path)
                unknown = sorted(set(data) - {"names", "patterns"})
                if unknown:
                    raise ConfigError(path, "unknown key; expected names or patterns", unknown[0])
                studios += _strings(data, "names", path)
                studio_patterns += _strings(data, "patterns", path)
                for i, pattern in enumerate(_strings(data, "patterns", path)):
                    _regex(pattern, path, f"patterns[{i}]")
                continue
            language, language_terms = load_language(path)
            if language.code in languages:
                language = _merge(languages[language.code], language)
            languages[language.code] = language
            terms += language_terms
    if not languages:
        raise ConfigError(folders[0], "holds no language files; expected <lang>.toml files")
    from disclosure_lint.extract.shapes import check_template

    for language in languages.values():  # a shape naming a class the language lacks stops the run here
        for shape in language.shapes:
            check_template(shape, language.words)
    from disclosure_lint.extract.judge import load_judge

    judge = load_judge(rules_folders)
    return Vocabulary(terms, languages, studios, studio_patterns, judge)


def _merge(base: Language, extra: Language) -> Language:
    """A house vocabulary for a language adds to the bundled one."""
    words = Words(**{name: tuple(dict.fromkeys(getattr(base.words, name) + getattr(extra.words, name)))
                     for name in Words.names()})
    patterns = {name: tuple(dict.fromkeys(base.patterns[name] + extra.patterns[name])) for name in PATTERN_CLASSES}
    return Language(code=base.code, name=base.name, words=words, patterns=patterns, shapes=base.shapes + extra.shapes)
