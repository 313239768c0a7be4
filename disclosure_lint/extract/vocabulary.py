"""Disclosure vocabulary as data (`rules/vocabulary/*.toml`), compiled once into the few regular
expressions extraction needs: one alternation of every term, and per-language sentence patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from disclosure_lint.extract.alternation import dispatched
from disclosure_lint.resources import ConfigError, load_toml, require, rules_dir

CATEGORIES = frozenset({"advertisement", "paid", "sponsored", "underwritten", "supported", "partner",
                        "promoted", "affiliate", "political"})
STRENGTHS = frozenset({"clear", "contested", "ambiguous", "insufficient", "house"})
ROLES = frozenset({"label", "connector", "suffix"})
_LIST_FIELDS = ("subjects", "site_subjects", "deictic", "plain_determiners", "copulas", "contains", "prefixes",
                "captions", "articles", "function_words", "definition_words", "generic_parties", "negations",
                "political_topics", "explainers")
_PATTERN_FIELDS = ("control", "independence", "notice")


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
class Language:
    code: str
    name: str
    subjects: tuple[str, ...]
    site_subjects: tuple[str, ...]
    deictic: tuple[str, ...]
    plain_determiners: tuple[str, ...]
    copulas: tuple[str, ...]
    contains: tuple[str, ...]
    prefixes: tuple[str, ...]
    captions: tuple[str, ...]
    articles: tuple[str, ...]
    function_words: tuple[str, ...]
    definition_words: tuple[str, ...]
    generic_parties: tuple[str, ...]
    negations: tuple[str, ...]
    political_topics: tuple[str, ...]
    explainers: tuple[str, ...]
    control: tuple[str, ...]
    independence: tuple[str, ...]
    notice: tuple[str, ...]


def _words(items: Iterable[str]) -> str:
    """An alternation of phrases, longest first, with flexible whitespace and apostrophes."""
    parts = sorted({item.strip().lower() for item in items if item.strip()}, key=len, reverse=True)
    return dispatched([_flexible(re.escape(p)) for p in parts], re.IGNORECASE) if parts else r"(?!x)x"


def _flexible(escaped: str) -> str:
    return escaped.replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]").replace(r"\-", r"[-‐‑]?")


class Vocabulary:
    """All languages' terms plus the compiled patterns. Build with `load_vocabulary`."""

    def __init__(self, terms: list[Term], languages: dict[str, Language], studios: list[str],
                 studio_patterns: list[str]):
        self.terms = terms
        self.languages = languages
        self._by_text: dict[str, list[Term]] = {}
        self._patterned: list[tuple[re.Pattern[str], Term]] = []
        alternatives = []
        for term in terms:
            if term.pattern:
                self._patterned.append((re.compile(term.pattern, re.IGNORECASE), term))
                alternatives.append(term.pattern)
            else:
                # A later vocabulary (a publisher's house terms) replaces an entry of the same language.
                same = self._by_text.setdefault(_key(term.text), [])
                same[:] = [t for t in same if t.language != term.language]
                same.append(term)
                alternatives.append(_flexible(re.escape(term.text)))
        alternatives.sort(key=len, reverse=True)
        self.term_regex = re.compile(r"(?<![\w@/#.-])" + dispatched(alternatives, re.IGNORECASE) + r"(?![\w-])",
                                     re.IGNORECASE)
        self.studio_regex = re.compile(
            "|".join([r"(?<!\w)(?:" + _words(studios) + r")(?!\w)", *studio_patterns]), re.IGNORECASE)
        every = list(languages.values())
        self.deictic_subject = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.deictic) + r")\s+(?:[\w’'-]+\s+){0,3}?(?:"
            + _words(w for lang in every for w in lang.subjects) + r")(?!\w)", re.IGNORECASE)
        self.plain_subject = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.plain_determiners)
            + r")\s+(?:[\w’'-]+\s+){0,3}?(?:"
            + _words(w for lang in every for w in lang.subjects) + r")\s+(?:"
            + _words(w for lang in every for w in lang.copulas) + r")\s*$", re.IGNORECASE)
        self.bare_subject = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.subjects) + r"),?\s*$", re.IGNORECASE)
        self.statement = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.deictic) + r")(?:\s+[\w’'-]+){0,2}\s+(?:"
            + _words(w for lang in every for w in (*lang.copulas, *lang.contains)) + r")(?:\s+[\w’'/-]+){0,4}\s*$",
            re.IGNORECASE)
        self.site_subject = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.site_subjects) + r")(?!\w)", re.IGNORECASE)
        self.prefix_regex = re.compile(
            r"^\W*(?:" + _words(w for lang in every for w in lang.prefixes) + r")\s*:", re.IGNORECASE)
        self.caption_regex = re.compile(
            r"^\W*(?:" + _words(w for lang in every for w in lang.captions) + r")\s*:\s*$", re.IGNORECASE)
        self.generic_parties = frozenset(w.lower() for lang in every for w in lang.generic_parties)
        self.articles = frozenset(w.lower() for lang in every for w in lang.articles)
        self.definition_regex = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.definition_words) + r")", re.IGNORECASE)
        self.function_words = {code: frozenset(lang.function_words) for code, lang in languages.items()}
        self.control_regex = _patterns(p for lang in every for p in lang.control)
        self.independence_regex = _patterns(p for lang in every for p in lang.independence)
        self.notice_regex = _patterns(p for lang in every for p in lang.notice)
        self.copula_regex = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.copulas) + r")(?!\w)", re.IGNORECASE)
        self.negation_regex = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.negations) + r")(?!\w)", re.IGNORECASE)
        self.explainer_regex = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.explainers) + r")(?!\w)", re.IGNORECASE)
        self.political_regex = re.compile(
            r"(?<!\w)(?:" + _words(w for lang in every for w in lang.political_topics) + r")(?!\w)", re.IGNORECASE)

    def term_for(self, matched: str, language: str) -> Term:
        """The vocabulary entry for matched text, preferring the page's own language."""
        candidates = self._by_text.get(_key(matched))
        if not candidates:
            candidates = [term for regex, term in self._patterned if regex.fullmatch(matched.strip())]
        if not candidates:  # a flexible-whitespace match of a literal term
            candidates = [t for k, ts in self._by_text.items() if _key(matched).replace("-", "") == k.replace("-", "")
                          for t in ts] or [self.terms[0]]
        for term in candidates:
            if term.language == language:
                return term
        for term in candidates:
            if term.language == "en":
                return term
        return candidates[0]


def _patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‐", "-").replace("‑", "-").split())


def _tuple(data: dict, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", key)
    return tuple(value)


def load_language(path: Path) -> tuple[Language, list[Term]]:
    data = load_toml(path)
    code = require(data, "language", str, path, "a language code such as \"en\"")
    fields = {k: _tuple(data, k, path) for k in (*_LIST_FIELDS, *_PATTERN_FIELDS)}
    for key in _PATTERN_FIELDS:
        for i, pattern in enumerate(fields[key]):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(path, f"not a valid regular expression ({exc})", f"{key}[{i}]") from None
    language = Language(code=code, name=data.get("name", code), **fields)
    terms = []
    for i, entry in enumerate(require(data, "terms", list, path, "a list of [[terms]] tables")):
        where = f"terms[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(path, "expected a table", where)
        text = require(entry, "text", str, path, f"{where}: the term as readers see it")
        category = require(entry, "category", str, path, f"{where}: one of {sorted(CATEGORIES)}")
        strength = require(entry, "strength", str, path, f"{where}: one of {sorted(STRENGTHS)}")
        role = entry.get("role", "label")
        if category not in CATEGORIES:
            raise ConfigError(path, f"unknown category {category!r}; expected one of {sorted(CATEGORIES)}",
                              f"{where}.category")
        if strength not in STRENGTHS:
            raise ConfigError(path, f"unknown strength {strength!r}; expected one of {sorted(STRENGTHS)}",
                              f"{where}.strength")
        if role not in ROLES:
            raise ConfigError(path, f"unknown role {role!r}; expected one of {sorted(ROLES)}", f"{where}.role")
        pattern = entry.get("pattern", "")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(path, f"not a valid regular expression ({exc})", f"{where}.pattern") from None
        terms.append(Term(text, category, strength, role, code, pattern, str(entry.get("word_language", "")),
                          " ".join(str(entry.get("definition", "")).split())))
    return language, terms


def load_vocabulary(folders: tuple[Path, ...] = ()) -> Vocabulary:
    """The bundled vocabulary plus any extra folders (a publisher's house terms)."""
    return _load((rules_dir() / "vocabulary", *folders))


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...]) -> Vocabulary:
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
                studios += _tuple(data, "names", path)
                studio_patterns += _tuple(data, "patterns", path)
                continue
            language, language_terms = load_language(path)
            if language.code in languages:
                language = _merge(languages[language.code], language)
            languages[language.code] = language
            terms += language_terms
    return Vocabulary(terms, languages, studios, studio_patterns)


def _merge(base: Language, extra: Language) -> Language:
    """A house vocabulary for a language adds to the bundled one."""
    merged = {k: tuple(dict.fromkeys(getattr(base, k) + getattr(extra, k))) for k in (*_LIST_FIELDS, *_PATTERN_FIELDS)}
    return Language(code=base.code, name=base.name, **merged)
