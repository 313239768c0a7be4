"""One language's vocabulary compiled for reading pages: its terms plus English loanwords, its
word classes as regular expressions, its phrase shapes, and the words party names need.

Built once per language and process (Vocabulary.reader). Only the term pattern is compiled at
once; a word class's pattern is compiled the first time a page needs it, and a phrase shape's the
first time a sentence holds the words it needs, so starting to check costs little."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from disclosure_lint.extract.alternation import dispatched, literal_trie
from disclosure_lint.extract.html import PartyWords
from disclosure_lint.extract.lowered import unsure_chars, usable
from disclosure_lint.extract.names import NameWords
from disclosure_lint.extract.prefilter import Prefilter, TermFilter
from disclosure_lint.extract.shapes import anchored, compile_shape, needs, reads_a_term
from disclosure_lint.extract.vocabulary import Shape, Term, Vocabulary, Words, flexible, key, words_regex

LOANWORDS = "en"  # the language whose terms every page may use ("Sponsored" on a German page)
MAX_ANCHORS = 400  # positions of one shape word followed in one block
# The anchor of a shape that reads a term when its words say little ("{term} for|from {party}"):
# the unit's term matches, found anyway, tell where it may match.
TERM_ANCHOR = "\x00term"
# Around a term: none of these characters just before it ("#ad" is a hashtag term of its own, not
# "ad" after "#"), no letter or hyphen just after it.
TERM_BEFORE = r"[\w@/#.-]"
TERM_AFTER = r"(?![\w-])"


@dataclass
class CompiledShape:
    """A shape, the word groups a sentence must hold for it to match, and its pattern once needed."""

    shape: Shape
    groups: list[frozenset[str]]
    words: Words
    common: frozenset[str]  # the language's commonest words: a poor anchor ("for", "this")
    terms: dict[str, list[str]]
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    @cached_property
    def anchored(self) -> bool:
        return anchored(self.shape)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = compile_shape(self.shape, self.words, self.terms)
        return self._regex

    @cached_property
    def anchor(self) -> frozenset[str]:
        """The word group that tells where the shape may match: one without the language's commonest
        words, and without short words (a short word, "for", "got", "made", is a frequent one), then
        the smallest (a literal word or a short class like the thanks words says more than the role
        words or subjects do), then the one whose shortest word is longest."""
        common = self.common
        best = min(self.groups, key=lambda g: (bool(g & common), min(map(len, g)) < _SHORT_ANCHOR, len(g),
                                                 -min(map(len, g)))) if self.groups else frozenset()
        if reads_a_term(self.shape) and (not best or best & common or min(map(len, best)) < _SHORT_ANCHOR):
            return frozenset({TERM_ANCHOR})
        return best

    def may_match(self, folded: str) -> bool:
        return all(any(word in folded for word in group) for group in self.groups)


_SHORT_ANCHOR = 5  # letters: words shorter than this are too frequent to say where a shape may match


def _word(items) -> re.Pattern[str]:
    """Any of the phrases as whole words; a phrase that starts with a mark ("n't") may follow a letter."""
    items = [i for i in items if i.strip()]
    inner = [i for i in items if not i.strip()[0].isalnum()]
    words = [i for i in items if i.strip()[0].isalnum()]
    parts = [r"(?<!\w)(?:" + words_regex(words) + ")"] if words else []
    parts += [r"(?:" + words_regex(inner) + ")"] if inner else []
    return re.compile("(?:" + ("|".join(parts) or r"(?!x)x") + r")(?!\w)", re.IGNORECASE)


def _patterns(patterns) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.IGNORECASE)


class Reader:
    def __init__(self, vocabulary: Vocabulary, code: str):
        language = vocabulary.languages[code]
        self.code = code
        self.words = w = language.words
        self.patterns = language.patterns
        own = [t for t in vocabulary.terms if t.language == code]
        loans = [t for t in vocabulary.terms if t.language == LOANWORDS and code != LOANWORDS]
        self.terms = own + loans
        self._by_text: dict[str, list[Term]] = {}
        self._patterned: list[tuple[re.Pattern[str], Term]] = []
        by_role: dict[str, list[str]] = {}
        alternatives = []
        texts: dict[str, list[str]] = {}
        for term in self.terms:
            pattern = term.pattern or flexible(re.escape(term.text))
            if term.pattern:
                self._patterned.append((re.compile(term.pattern, re.IGNORECASE), term))
            else:
                # A later vocabulary (a publisher's house terms) replaces an entry of the same language.
                same = self._by_text.setdefault(key(term.text), [])
                same[:] = [t for t in same if t.language != term.language]
                same.append(term)
                texts.setdefault(term.role, []).append(term.text)
            alternatives.append(pattern)
            by_role.setdefault(term.role, []).append(pattern)
        alternatives = sorted(set(alternatives), key=len, reverse=True)
        self._term_alternatives = alternatives
        self.term_regex = re.compile(f"(?<!{TERM_BEFORE})" + dispatched(alternatives, re.IGNORECASE) + TERM_AFTER,
                                     re.IGNORECASE)
        patterned_roles = {t.role for t in self.terms if t.pattern}
        plain_texts = {role: items for role, items in texts.items() if role not in patterned_roles}
        common = frozenset(x.lower() for x in w.function_words) | frozenset(x.lower() for x in w.articles)
        self.shapes = [CompiledShape(shape, needs(shape, w, plain_texts), w, common, by_role)
                       for shape in language.shapes]
        # Words that tell where a shape may match: one group per shape (its rarest-looking one).
        anchors: set[str] = set()
        self.shapes_anchored = True
        for compiled in self.shapes:
            if not compiled.anchor:
                self.shapes_anchored = False  # nothing to look for: every sentence may match
                continue
            anchors |= compiled.anchor
        self.term_shapes = tuple(i for i, compiled in enumerate(self.shapes) if TERM_ANCHOR in compiled.anchor)
        anchors.discard(TERM_ANCHOR)
        self.shape_anchors = tuple(sorted(anchors))
        # For each anchor word, the shapes it may start: the anchor regex finds the longest word at a
        # position, so "sponsoring" also stands for a shape anchored by "sponsor".
        self._shapes_by_anchor = {
            word: tuple(i for i, compiled in enumerate(self.shapes) if any(word.startswith(a) for a in compiled.anchor))
            for word in self.shape_anchors}
        self.names = NameWords(
            articles=frozenset(x.lower() for x in w.articles), roles=frozenset(x.lower() for x in w.roles),
            joiners=frozenset(x.lower() for x in w.joiners),
            titles=frozenset(x.lower().rstrip(".") for x in w.person_titles) | frozenset(
                x.lower() for x in w.person_titles),
            appositions=tuple(sorted({x.lower() for x in w.appositions}, key=len, reverse=True)),
            legal_forms=frozenset(x.lower().rstrip(".") for x in w.legal_forms),
            org_words=frozenset(x.lower() for x in w.org_words),
            complements=frozenset(x.lower() for x in w.complements),
            link_texts=tuple(" ".join(x.lower().split()) for x in w.link_texts),
            audience=tuple(sorted({" ".join(x.lower().split()) for x in w.audience}, key=len, reverse=True)),
            function_words=frozenset(x.lower() for x in w.function_words),
            outlets=frozenset(x.lower() for x in w.site_subjects))
        self.logo_words = frozenset(x.lower() for x in w.logo_words)
        self.function_words = frozenset(w.function_words)
        self.first_person = frozenset(x.lower() for x in w.first_person)
        self.control_verbs = words_regex(w.control_verbs)
        self.connectors = words_regex(w.connectors)
        self.articles_regex = words_regex(w.articles)

    def may_hold_term(self, text: str, low: str) -> bool:
        """False when `text` (lower-cased: `low`) surely holds none of the terms: a cheaper test than
        searching for them (extract/prefilter.py)."""
        return self._term_filter.may_match(text, low)

    @cached_property
    def _term_filter(self) -> TermFilter:
        return TermFilter(self._term_alternatives, TERM_BEFORE, TERM_AFTER)

    def shapes_for(self, anchor_words: list[str]) -> list[CompiledShape]:
        """The shapes that the anchor words found in a sentence may start, in the file's order."""
        chosen = sorted({i for word in anchor_words for i in self._shapes_by_anchor.get(word, ())}
                        | (set(self.term_shapes) if TERM_ANCHOR in anchor_words else set()))
        return [self.shapes[i] for i in chosen]

    def anchor_positions(self, text: str, low: str | None = None) -> list[re.Match[str]] | None:
        """Words some shape needs, where they start in `text`, at most MAX_ANCHORS (None: anywhere
        may match). `low`, the text lower-cased, is searched instead where it finds the same
        (extract/lowered.py); its matches are the words in lower case."""
        if not self.shapes_anchored:
            return None
        regex = self._anchor_regex
        if low is not None and usable(text, low, self._anchor_unsure):
            regex, text = self._anchor_lowered, low
        found = []
        for match in regex.finditer(text):
            found.append(match)
            if len(found) >= MAX_ANCHORS:
                break
        return found

    @cached_property
    def _anchor_regex(self) -> re.Pattern[str]:
        # Each anchor is a whole word of some phrase (shapes.needs), so it starts where a word starts.
        words = sorted(self.shape_anchors, key=len, reverse=True)
        return re.compile(r"(?<!\w)" + dispatched([re.escape(w) for w in words], re.IGNORECASE), re.IGNORECASE)

    @cached_property
    def _anchor_lowered(self) -> re.Pattern[str]:
        """The anchor words as written, for a lower-cased text: the same matches, without IGNORECASE."""
        return re.compile(r"(?<!\w)" + literal_trie(self.shape_anchors))

    @cached_property
    def _anchor_unsure(self) -> re.Pattern[str] | None:
        # Without anchor words the case-blind pattern matches everywhere; the trie nowhere: not used.
        return unsure_chars(self.shape_anchors) if self.shape_anchors else None

    @cached_property
    def party_words(self) -> PartyWords:
        """For reading a party out of the markup next to a label (extract/html.py)."""
        generic = self.logo_words
        return PartyWords(generic_alt=lambda alt: " ".join(alt.lower().split()) in generic or not alt.strip(),
                          opens_byline=lambda text: bool(self.byline.match(text)) and bool(
                              text[self.byline.match(text).end():].strip()))

    # -- word classes, compiled on first use -----------------------------------------------------------
    @cached_property
    def piece(self) -> re.Pattern[str]:
        """"this article", "today's issue", "this special edition"."""
        w = self.words
        return re.compile(r"(?<!\w)(?:" + words_regex(w.deictic) + r")\s+(?:[\w’'-]+\s+){0,3}?(?:"
                          + words_regex(w.subjects) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def piece_statement(self) -> re.Pattern[str]:
        """"this article is a", "this post contains": the piece, then a verb, at the end of the words."""
        w = self.words
        return re.compile(self.piece.pattern + r"(?:\s+[\w’'-]+){0,2}?\s+(?:" + words_regex((*w.copulas, *w.contains))
                          + r")(?:\s+[\w’'/-]+){0,4}\s*$", re.IGNORECASE)

    @cached_property
    def plain_piece(self) -> re.Pattern[str]:
        """"The article is", "L'épisode d'aujourd'hui est", "O episódio de hoje é": at the end of the
        words before a connector (an elided determiner needs no space after it)."""
        w = self.words
        return re.compile(r"(?<!\w)(?:" + words_regex(w.plain_determiners) + r")(?:\s+|(?<=['’]))"
                          + r"(?:[\w’'-]+\s+){0,3}?(?:" + words_regex(w.subjects) + r")(?:\s+[\w’'-]+){0,2}?\s+(?:"
                          + words_regex(w.copulas) + r")\s*$", re.IGNORECASE)

    @cached_property
    def definite_piece(self) -> re.Pattern[str]:
        """"Artiklen er", "Inlägget är skrivet", "Artykuł powstał": a definite subject opening the
        words before a term."""
        return re.compile(r"^\W*(?:" + words_regex(self.words.definite_subjects) + r")(?:\s+[\w’'-]+){0,4}\s*$",
                          re.IGNORECASE)

    @cached_property
    def bare_piece(self) -> re.Pattern[str]:
        """"Content", "Episode sponsored by" or "Articolo realizzato" (the piece, and perhaps a participle
        of making) opening the unit straight before a term ("to post sponsored content" is no subject)."""
        return re.compile(r"^\W*(?:" + words_regex(self.words.subjects) + r")(?:\s+(?:"
                          + words_regex(self.words.make_verbs) + r"))?,?\s*$", re.IGNORECASE)

    @cached_property
    def deictic_statement(self) -> re.Pattern[str]:
        """"This is a sponsored post", "Dieser Beitrag enthält"."""
        w = self.words
        return re.compile(r"(?<!\w)(?:" + words_regex(w.deictic) + r")(?:\s+[\w’'-]+){0,2}\s+(?:"
                          + words_regex((*w.copulas, *w.contains)) + r")(?:\s+[\w’'/-]+){0,4}\s*$", re.IGNORECASE)

    @cached_property
    def site_subject(self) -> re.Pattern[str]:
        return _word(self.words.site_subjects)

    @cached_property
    def other_subject(self) -> re.Pattern[str]:
        return _word(self.words.other_subjects)

    @cached_property
    def prefix(self) -> re.Pattern[str]:
        return re.compile(r"^\W*(?:" + words_regex(self.words.prefixes) + r")\s*:", re.IGNORECASE)

    @cached_property
    def caption(self) -> re.Pattern[str]:
        return re.compile(r"^\W*(?:" + words_regex(self.words.captions) + r")\s*:\s*$", re.IGNORECASE)

    @cached_property
    def definition(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + words_regex(self.words.definition_words) + r")", re.IGNORECASE)

    @cached_property
    def connector_word(self) -> re.Pattern[str]:
        """"by" after a label, or a participle of making and "by" ("Publireportage réalisé par")."""
        return re.compile(r"\s*(?:(?:" + words_regex(self.words.make_verbs) + r")\s+)?(?:"
                          + words_regex(self.words.connectors) + r")(?:\s+|$)", re.IGNORECASE)

    @cached_property
    def contact(self) -> re.Pattern[str]:
        return re.compile(r"\W*(?:" + words_regex(self.words.contact_words) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def affiliate_term(self) -> re.Pattern[str]:
        """The affiliate label terms ("Affiliate-Links", "reklamelinks", "link affiliati")."""
        found = [t.pattern or flexible(re.escape(t.text)) for t in self.terms if t.category == "affiliate"]
        return re.compile(r"(?<!\w)(?:" + ("|".join(found) or r"(?!x)x") + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def negation(self) -> re.Pattern[str]:
        return _word(self.words.negations)

    @cached_property
    def hypothetical(self) -> re.Pattern[str]:
        return re.compile(r"^\W*(?:" + words_regex(self.words.hypotheticals) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def source(self) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + words_regex(self.words.source_words) + r")\s+", re.IGNORECASE)

    @cached_property
    def question_word(self) -> re.Pattern[str]:
        return re.compile(r"\W*(?:" + words_regex(self.words.question_words) + r")(?!\w)", re.IGNORECASE)

    @cached_property
    def retraction(self) -> re.Pattern[str]:
        return _word(self.words.retractions)

    @cached_property
    def copula(self) -> re.Pattern[str]:
        return _word(self.words.copulas)

    @cached_property
    def explainer(self) -> re.Pattern[str]:
        return _word(self.words.explainers)

    @cached_property
    def political(self) -> re.Pattern[str]:
        return _word(self.words.political_topics)

    @cached_property
    def byline(self) -> re.Pattern[str]:
        return re.compile(r"^\W{0,3}(?:" + words_regex(self.words.byline_words) + r")(?:(?<=:)|(?!\w))\s*",
                          re.IGNORECASE)

    @cached_property
    def credit_role(self) -> re.Pattern[str]:
        return re.compile(r"^(?:" + words_regex(self.words.credit_roles) + r")(?!\w)|@", re.IGNORECASE)

    @cached_property
    def org_word(self) -> re.Pattern[str]:
        return _word(self.words.org_words)

    @cached_property
    def control(self) -> re.Pattern[str]:
        return _patterns(self.patterns["control"])

    @cached_property
    def independence(self) -> re.Pattern[str]:
        return _patterns(self.patterns["independence"])

    @cached_property
    def notice(self) -> re.Pattern[str]:
        return _patterns(self.patterns["notice"])

    @cached_property
    def payment(self) -> re.Pattern[str]:
        return _patterns(self.patterns["payment"])

    @cached_property
    def control_filter(self) -> Prefilter:
        return Prefilter(self.patterns["control"], re.IGNORECASE)

    @cached_property
    def independence_filter(self) -> Prefilter:
        return Prefilter(self.patterns["independence"], re.IGNORECASE)

    @cached_property
    def payment_filter(self) -> Prefilter:
        return Prefilter(self.patterns["payment"], re.IGNORECASE)

    def term_for(self, matched: str) -> Term:
        """The vocabulary entry for matched text, preferring the page's own language."""
        candidates = self._by_text.get(key(matched))
        if not candidates:
            candidates = [term for regex, term in self._patterned if regex.fullmatch(matched.strip())]
        if not candidates:  # a flexible-whitespace match of a literal term
            wanted = key(matched).replace("-", "")
            candidates = [t for k, ts in self._by_text.items() if wanted == k.replace("-", "") for t in ts]
        if not candidates:
            candidates = [self.terms[0]]
        for term in candidates:
            if term.language == self.code:
                return term
        return candidates[0]
