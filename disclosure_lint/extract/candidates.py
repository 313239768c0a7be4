"""Label candidates from a Page: every stretch of text that the page language's data says may be a
label or a disclosure, with its features (extract/features.py). Nothing is decided here; the
judge (extract/judge.py) does that from the features.

Two sources, both data: the vocabulary's terms ("Anzeige", "Sponsored by", "Paid Post"), read
with the structure around them (alone in their element, in brackets, before a colon, with a
party after them); and the language's phrase shapes ("{deictic} ~3 {subject} ~4 {connector}
{party}", "{thanks} {to?} {party} for {sponsor_verbs} ..."), read one sentence at a time.

A block is read in units: the pieces between separators ("|", "•", line breaks) and, inside
them, sentences. Units longer than MAX_UNIT are no disclosure sentence; only a label at their
start is looked for. Each term is read once, so a page costs time in proportion to its text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from disclosure_lint.extract.features import Candidate, Cue, Form, Place
from disclosure_lint.extract.names import NOBODY, Party, PartyKind, link_text, plausible, read_party
from disclosure_lint.extract.page import Block, Page
from disclosure_lint.extract.reader import TERM_ANCHOR, Reader
from disclosure_lint.extract.sentences import sentence_end, sentence_start
from disclosure_lint.extract.vocabulary import Shape, Term, words_regex

_SEGMENT_BREAK = re.compile(r"[|•·\n]")
_DECOR = " \t[](){}*_–—-:|•·,.!\"'“”„«»/"
_TRIM = " \t[](){}*_–—-:|•·,\"'“”„«»"
_QUOTE_MARKS = "\"“”„«»"
SHORT_SEGMENT = 100  # a label line with its party: "Sponsored content by Beispiel Auto AG"
LABEL_LIKE = 160  # a block this short is an element of its own, not running text
MAX_UNIT = 600  # characters: a sentence longer than this is not a disclosure sentence
MAX_TRIGGERS = 400  # words followed in one block; a block of repeated terms is no article
MAX_TERMS_PER_UNIT = 20
MAX_CANDIDATES = 2000
SHOWN = 200  # characters of a label shown whole
_CAPTION_TAGS = frozenset({"figcaption", "caption"})
_COLON = re.compile(r"\s*[:–—-]\s+")
_HASHTAGS = re.compile(r"(?:#[^\W_][\w-]*[\s,]*)*")
_HEADER_PLACES = frozenset({Place.KICKER, Place.HEADLINE, Place.HEADER, Place.BYLINE})


@dataclass(slots=True)
class _Reading:
    page: Page
    reader: Reader
    english: Reader | None
    candidates: list[Candidate] = field(default_factory=list)
    places: dict[int, Place] = field(default_factory=dict)


def find_candidates(page: Page, reader: Reader, english: Reader | None = None) -> list[Candidate]:
    """Every candidate on the page, in reading order. `english` reads units written in English on a
    page in another language (with English words only: languages are never mixed in one unit)."""
    reading = _Reading(page, reader, english)
    after_caption = False
    for index, block in enumerate(page.blocks):
        if len(reading.candidates) >= MAX_CANDIDATES:
            break
        caption = bool(reader.caption.match(block.text))
        if not caption:
            _read_block(reading, index, block, after_caption)
        after_caption = caption
    return reading.candidates


def place_of(page: Page, index: int, block: Block, ad_marker: bool = True) -> Place:
    """Where a block sits, as a reader meets it. `ad_marker`: a block followed by an ad container
    may be that ad's marker ("Advertisement", "Supported by" above an ad slot)."""
    if page.in_menu(block):
        return Place.NAVIGATION
    if ad_marker and page.marks_ad_slot(block):
        return Place.AD_SLOT
    if block.tag in _CAPTION_TAGS:
        return Place.CAPTION
    if index == page.headline:
        return Place.HEADLINE
    if block.credit:
        return Place.BYLINE
    headline, start = page.headline, page.body_start
    if headline is not None and index < headline:
        return Place.KICKER
    if start is None or index < start:
        return Place.HEADER if headline is not None else Place.KICKER
    position = page.position_of(index)
    return {"top": Place.LEAD, "middle": Place.BODY}.get(position, Place.BOTTOM)


def _place(reading: _Reading, index: int, block: Block) -> Place:
    place = reading.places.get(index)
    if place is None:
        place = reading.places[index] = place_of(reading.page, index, block)
    return place


def _read_block(reading: _Reading, index: int, block: Block, after_caption: bool) -> None:
    """Read the units of a block that hold a term or a word some shape needs (in the page's
    language or, on other pages, in English). Finding those words is one scan of the block per
    reader, and at most MAX_TRIGGERS of them are followed, so a block costs time in proportion to
    its length."""
    text = block.text
    low = text.lower()  # one lower-cased copy for the searches that can use it (extract/lowered.py)
    found: dict[Reader, _Words] = {}
    for reader in (reading.reader, reading.english):
        if reader is None:
            continue
        # The page's reader knows the English terms too (loanwords): English is scanned for its shapes.
        hits = _limited(reader.term_regex.finditer(text), MAX_TRIGGERS) if (
            reader is reading.reader and reader.may_hold_term(text, low)) else ()
        words = _Words(list(hits), [])
        if reader.shapes:
            anchors = reader.anchor_positions(text, low)
            words.anchors = anchors if anchors is not None else [
                m for m in _limited(_every_unit(text), MAX_TRIGGERS)]
        if words.hits or words.anchors:
            found[reader] = words
    if not found:
        return
    first = len(reading.candidates)
    _read_units(reading, index, block, after_caption, found)
    _party_from_source(reading, reading.reader, block, first)
    _denied_leads(reading.candidates[first:])


def _denied_leads(candidates: list[Candidate]) -> None:
    """A label that leads into a sentence saying the opposite is denied with it: "Anzeige: Dieser
    Beitrag ist nicht gesponsert", "Sponsored | This post is not sponsored"."""
    for lead in candidates:
        if lead.form is not Form.LEADING:
            continue
        if any(other is not lead and lead.start <= other.start and other.end <= lead.end
               and (other.form is Form.DENIAL or Cue.DENIAL in other.cues) for other in candidates):
            lead.cues.add(Cue.DENIAL)


def _party_from_source(reading: _Reading, reader: Reader, block: Block, first: int) -> None:
    """A partner's or sponsor's label that names nobody takes the party the same element names as the
    piece's source: "This tutorial first appeared on Quillstack. Thanks for supporting the sponsors
    who make our free lessons possible." The source alone is no disclosure."""
    unnamed = [c for c in reading.candidates[first:] if c.category not in ("affiliate", "gifted") and
               c.party.kind in (PartyKind.NOBODY, PartyKind.ROLE) and c.form in (Form.THANKS, Form.LABEL)]
    if not unnamed or not reader.words.source_words:
        return
    source = reader.source.search(block.text)
    if source is None:
        return
    party = read_party(block.text[source.end():], reader.names)
    if party.named:
        for candidate in unnamed:
            candidate.party = Party(party.kind, party.name, 0)


def _read_units(reading: _Reading, index: int, block: Block, after_caption: bool, found: dict) -> None:
    text = block.text
    triggers = sorted({m.start() for words in found.values() for m in (*words.hits, *words.anchors)})
    done = -1
    for position in triggers[:MAX_TRIGGERS]:
        if position < done:
            continue
        start, end = _unit_around(text, position)
        done = end
        reader = reading.reader
        english = reading.english
        words = found.get(reader, _NONE)
        hits = words.hits_within(start, end)[:MAX_TERMS_PER_UNIT]
        if english is not None and (words.within(start, end) or english in found) and _written_in(
                text[start:end], english, reader):
            reader = english
            words = found.get(english, _NONE)
            hits = list(_limited(english.term_regex.finditer(text, start, end), MAX_TERMS_PER_UNIT))
        if end - start > MAX_UNIT:
            # A long run of text: only a label at its very start ("PAID POST The future of ...").
            hits = [h for h in hits if not text[start:h.start()].strip(_DECOR)][:1]
            _read_terms(reading, reader, index, block, start, end, hits, after_caption)
            continue
        anchor_words = words.anchor_words(start, end)
        if anchor_words is not None and hits:
            anchor_words.append(TERM_ANCHOR)  # shapes that read a term may start here
        covered = _read_shapes(reading, reader, index, block, start, end, anchor_words)
        _read_terms(reading, reader, index, block, start, end, hits, after_caption, covered)


@dataclass(slots=True)
class _Words:
    """What one reader found in a block: term matches, and where words some shape needs start."""

    hits: list[re.Match[str]]
    anchors: list[re.Match[str]]

    def within(self, start: int, end: int) -> bool:
        return any(start <= m.start() < end for m in (*self.hits, *self.anchors))

    def hits_within(self, start: int, end: int) -> list[re.Match[str]]:
        return [m for m in self.hits if start <= m.start() and m.end() <= end]

    def anchor_words(self, start: int, end: int) -> list[str] | None:
        """The shape words found in the unit (None: the shapes' words are unknown, try them all)."""
        if any(m.re is _EVERY_UNIT for m in self.anchors):
            return None
        return [m.group().lower() for m in self.anchors if start <= m.start() < end]


_NONE = _Words([], [])


_EVERY_UNIT = re.compile(r"(?:^|(?<=[.!?…|•·\n]))\s*\S")


def _every_unit(text: str) -> Iterator[re.Match[str]]:
    """When a shape's words cannot be worked out, every unit may hold it."""
    return _EVERY_UNIT.finditer(text)


def _unit_around(text: str, position: int) -> tuple[int, int]:
    """The unit holding `position`: its segment, cut to the sentence, each bounded in length."""
    left, right = _segment(text, position, position)
    start = sentence_start(text, position, left)
    end = sentence_end(text, position, right)
    while start < end and text[start].isspace():
        start += 1
    return start, max(end, position + 1)


def _limited(iterator: Iterator[re.Match[str]], count: int) -> Iterator[re.Match[str]]:
    for i, item in enumerate(iterator):
        if i >= count:
            return
        yield item


def _written_in(unit: str, english: Reader, reader: Reader) -> bool:
    """A unit with more English function words than the page language's is read as English."""
    words = re.findall(r"[^\W\d_]+", unit.lower())
    if len(words) < 4:
        return False
    ours = sum(w in reader.function_words for w in words)
    theirs = sum(w in english.function_words for w in words)
    return theirs >= 2 and theirs > ours * 1.5


# -- shapes ---------------------------------------------------------------------------------------------

def _read_shapes(reading: _Reading, reader: Reader, index: int, block: Block, start: int, end: int,
                 anchor_words: list[str] | None) -> list[tuple[int, int]]:
    """Candidates from the language's phrase shapes in one unit; returns the spans they cover. A
    shape is tried only where the unit holds its anchor word and every word group it needs."""
    if anchor_words is not None and not anchor_words:
        return []
    text = block.text
    folded: str | None = None
    covered: list[tuple[int, int]] = []
    for compiled in reader.shapes if anchor_words is None else reader.shapes_for(anchor_words):
        if folded is None:
            folded = text[start:end].lower()
        if not compiled.may_match(folded):
            continue
        match = _anchored_match(compiled.regex, text, start, end) if compiled.anchored else \
            compiled.regex.search(text, start, end)
        if match is None or any(a <= match.start() < b for a, b in covered):
            continue
        shape = compiled.shape
        term = reader.term_for(match.group("term")) if "term" in match.re.groupindex and match.group("term") else None
        party, party_end = _shape_party(reader, text, match, end)
        if party.kind is PartyKind.NOBODY and "party" in match.re.groupindex and match.group("party") is not None \
                and match.start("party") == match.start():
            continue  # "We were not paid for this review": the words before the verb name nobody
        if party.kind is PartyKind.NOBODY and shape.party == "role":
            party = Party(PartyKind.ROLE)  # "Thanks to our sponsors for keeping this podcast on the air"
        if not party.named and text[match.end():end].strip() in ("", ":") and text[:end].rstrip().endswith(":"):
            # "Thanks to our sponsors:" and the names in the list that follows
            listed = _markup_party(reading, reader, block)
            party = listed if listed.kind is not PartyKind.NOBODY else party
        shown_end = max(match.end(), party_end)
        form = Form(shape.form)
        candidate = Candidate(
            block=index, start=match.start(), end=_upto_sentence(text, shown_end, end, form, match.start()), category=(
                shape.category or (term.category if term else "sponsored")),
            strength=shape.strength or (term.strength if term else "clear"), form=form,
            place=_place(reading, index, block), party=party, language=reader.code,
            term=term.text if term else shape.name, word_language=(term.word_language or term.language) if term
            else reader.code, meaning=term.definition if term else "", shape=shape.name,
            cues={Cue(c) for c in shape.cues})
        _common_cues(reading, reader, candidate, block, start, end, match.start(), match.end())
        if "party" in match.re.groupindex and match.start("party") == match.start() and reader.negation.search(
                match.group("party")):
            candidate.cues.add(Cue.DENIAL)  # "No one sponsored this video"
        if _negated_inside(reader, shape, text, match, party_end):
            candidate.cues.add(Cue.DENIAL)  # "This article contains no affiliate links"
        if form is Form.THANKS and _site_outside_party(reader, text, match, candidate.end, party_end):
            candidate.cues.add(Cue.SITE_WIDE)  # "Thank you for supporting our work": the outlet, not a piece
        reading.candidates.append(candidate)
        covered.append((match.start(), candidate.end))
    return covered


def _anchored_match(regex: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """A shape tied to the sentence's start matches at the unit's first word, after at most three
    marks ("(", "*", a quotation mark): the unit may be any sentence of its block."""
    for position in range(start, min(start + 4, end)):
        if position > start and text[position - 1].isalnum():
            return None
        match = regex.match(text, position, end)
        if match is not None:
            return match
    return None


def _shape_party(reader: Reader, text: str, match: re.Match[str], end: int) -> tuple[Party, int]:
    groups = match.re.groupindex
    if "party" in groups and match.group("party") is not None:
        words = match.group("party")
        party = read_party(words, reader.names)
        leading = match.start("party") == match.start()  # a capital opening a sentence says nothing
        if party.kind in (PartyKind.NOBODY, PartyKind.UNCLEAR) and not leading and plausible(
                words, reader.names) and (words[:1].isupper() or _bounded_name(words, reader)):
            # The shape's words on both sides mark the name whatever its case: "Thanks to weights and
            # biases for sponsoring"
            party = Party(PartyKind.ORGANISATION, words.strip(), len(words))
        if leading and party.named and party.end < len(words.rstrip()):
            return NOBODY, match.end()  # a sentence opening "Once again, thanks ...": no name before the comma
        return party, match.start("party") + party.end
    if "party_at" in groups and match.group("party_at") is not None:
        at = match.start("party_at")
        party = read_party(text[at:end], reader.names)
        return party, at + party.end
    return NOBODY, match.end()


def _negated_inside(reader: Reader, shape: Shape, text: str, match: re.Match[str], party_end: int) -> bool:
    """A negation among the words a shape matched (not in the name it read, and not one the shape
    itself asks for, as in "... and not by our editorial staff")."""
    groups = match.re.groupindex
    party_start = match.start("party") if "party" in groups and match.group("party") is not None else match.end()
    own = {w.lower() for token in shape.pattern.split() for w in token.split("|")}
    classes = [token.strip("{}?") for token in shape.pattern.split() if token.startswith("{")]
    for found in reader.negation.finditer(text, match.start(), match.end()):
        if party_start <= found.start() < party_end or found.group().lower() in own:
            continue
        if any(_covers(reader, name, text, found.start(), found.end(), match.start(), match.end())
               for name in classes if name not in ("party", "term", "connector")):
            continue  # "free of charge" is one of the shape's own gift words
        return True
    return False


def _covers(reader: Reader, name: str, text: str, start: int, end: int, low: int, high: int) -> bool:
    regex = _class_regex(getattr(reader.words, name, ()))
    return any(m.start() <= start and end <= m.end() for m in regex.finditer(text, low, high))


@lru_cache(maxsize=256)
def _class_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + words_regex(phrases) + r")(?!\w)", re.IGNORECASE)


def _site_outside_party(reader: Reader, text: str, match: re.Match[str], end: int, party_end: int) -> bool:
    """A site subject in the words of a shape, not in the name it read ("Arclight Hosting")."""
    groups = match.re.groupindex
    party_start = match.start("party") if "party" in groups and match.group("party") is not None else (
        match.start("party_at") if "party_at" in groups and match.group("party_at") is not None else end)
    return any(not party_start <= found.start() < party_end
               for found in reader.site_subject.finditer(text, match.start(), end))


def _bounded_name(words: str, reader: Reader) -> bool:
    """A short run of plain words between two of a shape's words reads as a name: no article or
    pronoun first, no sentence words (the language's function words other than its joiners)."""
    tokens = words.lower().split()
    names = reader.names
    if not 1 <= len(tokens) <= 4 or tokens[0] in names.articles or tokens[0] in reader.first_person:
        return False
    plain = reader.function_words - names.joiners
    if any(t in reader.function_words or t in names.joiners for t in (tokens[0], tokens[-1])):
        return False  # "Thanks for reading and for supporting": no name there
    return all(re.fullmatch(r"[^\W\d_][\w&.'’-]*", t) and (t in names.joiners or t not in plain) for t in tokens)


def _upto_sentence(text: str, shown_end: int, unit_end: int, form: Form, start: int) -> int:
    """A sentence-like shape is shown to the end of its sentence when that is short enough to show
    whole; otherwise to the end of the words it matched."""
    if form in (Form.THANKS, Form.NOTICE, Form.STATEMENT, Form.SITE_WIDE, Form.DENIAL):
        end = len(text[:unit_end].rstrip())
        if end - start <= SHOWN:
            return end
    return min(shown_end, unit_end)


# -- terms ----------------------------------------------------------------------------------------------

def _read_terms(reading: _Reading, reader: Reader, index: int, block: Block, start: int, end: int,
                hits: list[re.Match[str]], after_caption: bool, covered: list[tuple[int, int]] = ()) -> None:
    floor = start
    for match in hits:
        if match.start() < floor:
            continue
        if any(a <= match.start() < b for a, b in covered):
            continue  # a shape already read these words
        term = reader.term_for(match.group())
        candidate = _term_candidate(reading, reader, index, block, floor, end, match, term, after_caption)
        if candidate is not None:
            reading.candidates.append(candidate)
            # The sentence a label leads into is read too: its words may deny it ("Anzeige: Dieser
            # Beitrag ist nicht gesponsert"); the judge's overlap rule keeps the better reading.
            floor = max(floor, match.end() if candidate.form is Form.LEADING else candidate.end, match.end())


def _term_candidate(reading: _Reading, reader: Reader, index: int, block: Block, unit_start: int, unit_end: int,
                    match: re.Match[str], term: Term, after_caption: bool) -> Candidate | None:
    text = block.text
    seg_start, seg_end = _segment(text, match.start(), match.end())
    seg_start = max(seg_start, unit_start)  # text before unit_start belongs to a label already read
    pre, post = text[seg_start:match.start()], text[match.end():seg_end]
    pre_core, post_core = pre.strip(_DECOR), post.strip(_DECOR)
    segment_core = text[seg_start:seg_end].strip(_DECOR)
    place = _place(reading, index, block)
    start, shown_end, party, form, definition = match.start(), match.end(), NOBODY, Form.MENTION, None
    category = term.category
    asks = False
    sells = False
    if term.role == "denial":  # "Unbezahlte Werbung", "Non sponsored"
        form = Form.DENIAL
    elif term.role == "suffix":  # "Acme BrandVoice": the sponsor's name comes first
        party = read_party(pre_core, reader.names) if pre_core else NOBODY
        if len(segment_core) <= 60 and party.named:
            start = seg_start + len(pre) - len(pre.lstrip())
            form = Form.SUFFIX
    elif term.role == "label":
        bracketed = bool(re.search(r"[\[(]\s*$", pre)) and bool(re.match(r"\s*[\])]", post))
        bare = _bare(pre, post, segment_core) or block.whole_piece(match.start(), match.end())
        by = reader.connector_word.match(post)
        if bracketed:
            # "[Werbung] Mein Föhn", "Traumreise (Anzeige)"; "(Anzeige)" inside running text is a quotation
            form = Form.BRACKETED if not pre_core or not post_core or place in _HEADER_PLACES else Form.QUOTATION
        elif bare and not pre_core and by and post_core and _named(read_party(post[by.end():], reader.names)):
            # "<span>Paid Post</span> <span>from Acme</span>": the label's own element, then who paid
            party = read_party(post[by.end():], reader.names)
            form, shown_end = Form.CONNECTOR, match.end() + by.end() + party.end
        elif bare and not text[:seg_start].strip(_DECOR) and (following := _sentence_segment_after(
                text, seg_end)) and not link_text(text[following:].strip(_DECOR), reader.names):
            # "Werbung | Dieser Beitrag enthält Werbung für ...": the block opens with the label, and a
            # separator leads into a sentence, as a colon does
            form = Form.LEADING
            shown_end = sentence_end(text, following, len(text))
            party = _party_in(reader, text, following, shown_end) or _shape_party_within(
                reading, index, following, shown_end)
        elif bare:
            form = Form.BARE
            if not post_core:
                party = _connector_after(reading, reader, block)  # "Paid Post" + "from Acme" beside it
                if not party.named and not pre_core:
                    party = _name_segment_after(reader, text, seg_end)  # "Sponsored | Harrow Paints"
            elif not pre_core and place in _HEADER_PLACES:
                party = _name_piece_after(reader, block, match.end(), seg_end)  # "Brand Publisher" + "Acme Outdoors"
        elif not pre_core and by and len(segment_core) <= SHORT_SEGMENT:  # "Sponsored content by Acme"
            rest = post[by.end():]
            party = read_party(rest, reader.names)
            if party.kind is not PartyKind.NOBODY and party.kind is not PartyKind.UNCLEAR:
                form, shown_end = Form.CONNECTOR, match.end() + by.end() + party.end
            elif not rest.strip(_DECOR):  # the name is in a logo after the label, or nowhere
                form, shown_end = Form.CONNECTOR, match.end() + len(post.rstrip())
                party = _markup_party(reading, reader, block)
        elif not pre_core and re.match(r"\s*[:–—-]\s", post) and link_text(post_core, reader.names):
            form = Form.BARE  # "Advertisement - scroll to continue reading": an ad slot's marker
        elif not pre_core and re.match(r"\s*[:–—-]\s", post):  # "Anzeige: Dieser Beitrag ..."
            form = Form.LEADING
            shown_end = sentence_end(text, match.end(), seg_end)
            party = _party_in(reader, text, match.end(), shown_end) or _shape_party_within(
                reading, index, match.end(), shown_end)
            following = text[match.end():shown_end].strip().lstrip(":–—- ").strip()
            if party is NOBODY and len(following) <= 60:
                # "Paid Post: Tidal Energy": the name alone after the colon
                alone = read_party(following, reader.names)
                if alone.named and alone.end >= len(following.rstrip(" .")):
                    party = alone
            if reader.definition.search(following[:200]):  # "Underwritten: produced with financial support ..."
                definition = following or None
            if reader.words.question_words and reader.question_word.match(following):
                asks = True  # "Sponsored content: what it is and why it matters" is a title about the term
            if _sales_contact(reader, following):
                sells = True  # "Werbung: anzeigen@verlag.example", "Publicidad: contacte con ...": the site sells ads
            if term.category == "advertisement" and reader.affiliate_term.search(following):
                category = "affiliate"  # "Reklame: Siden indeholder reklamelinks": the ad is the links
        elif not pre_core and post_core[:1].isupper() and (after_caption or reader.definition.search(post[:200])):
            form = Form.DEFINED
            shown_end = match.end()
            definition_end = sentence_end(text, match.end(), seg_end)
            definition = text[match.end():definition_end].strip().lstrip(":–—- ").strip() or None
        elif not pre_core and _runs_in(text, match, seg_start):
            form = Form.RUN_IN
        else:
            form, start, shown_end, party = _in_sentence(reader, text, unit_start, unit_end, match)
    else:  # a connector: "Sponsored by", "In Kooperation mit", "A message from" ...
        colon = _COLON.match(text, match.end(), seg_end)  # "Sponsored by: Acme"
        after = colon.end() if colon else match.end()
        party = read_party(text[after:seg_end], reader.names)
        if colon and not party.named:
            after, party = match.end(), read_party(text[match.end():seg_end], reader.names)
        party_end = after + party.end if party.end else match.end()
        if party.named and reader.words.explainers and reader.explainer.match(text[after:seg_end].lstrip(_DECOR)):
            # "Supported by" + a logo + "About this content": the explainer's link is no party
            party, party_end, post_core, seg_end = NOBODY, match.end(), "", match.end()
        if pre_core and reader.byline.match(pre_core):
            place = Place.BYLINE  # "By Jane Doe Brought to you by Acme": a label inside the byline
        if len(segment_core) <= SHORT_SEGMENT and len(pre_core) <= 80 and (
                len(block.text) <= LABEL_LIKE or len(segment_core) <= 60):
            if post_core and party.kind is PartyKind.NOBODY and link_text(post_core, reader.names):
                post_core, seg_end = "", match.end()  # "Sponsored by" + a "Read more" link: the label ends here
            if party.kind is PartyKind.NOBODY and not post_core:
                party = _markup_party(reading, reader, block)
            # "This article is sponsored by Acme" on a line of its own is a statement about the piece
            form = Form.STATEMENT if pre_core and _about_piece(reader, pre) else Form.CONNECTOR
            start = match.start() if not pre_core or place is Place.BYLINE else _subject_start(reader, pre, seg_start)
            shown_end = party_end if party.named or party.kind is PartyKind.ROLE else seg_end
        else:
            form, start, shown_end, party = _in_sentence(reader, text, unit_start, unit_end, match, party, party_end)
    if place is Place.AD_SLOT and party.named:
        # A label that names its sponsor is no ad's marker, whatever empty box (a logo's) follows it.
        place = place_of(reading.page, index, block, ad_marker=False)
    candidate = Candidate(
        block=index, start=start, end=max(shown_end, match.end()), category=category, strength=term.strength,
        form=form, place=place, party=party, language=reader.code, term=term.text,
        word_language=term.word_language or term.language, meaning=term.definition, definition=definition)
    if after_caption:
        candidate.cues.add(Cue.AFTER_CAPTION)
    if asks:
        candidate.cues.add(Cue.QUESTION)
    if sells:
        candidate.cues.add(Cue.SITE_WIDE)
    if len(match.group()) >= 3 and match.group().isupper():
        candidate.cues.add(Cue.CAPITALS)
    if match.group().startswith("#"):
        candidate.cues.add(Cue.HASHTAG)  # "#ad #sponsored" closing a post
    _common_cues(reading, reader, candidate, block, unit_start, unit_end, match.start(), match.end())
    if form is Form.CONNECTOR and pre_core and place is not Place.BYLINE and (_other_subject(
            reader, pre_core, place not in _HEADER_PLACES) or _parenthetical(reader, text, pre, pre_core, shown_end)):
        candidate.cues.add(Cue.OTHER_SUBJECT)
    return candidate


def _in_sentence(reader: Reader, text: str, unit_start: int, unit_end: int, match: re.Match[str],
                 party: Party | None = None, party_end: int | None = None) -> tuple[Form, int, int, Party]:
    """A term inside a sentence: a statement when the words before it make the piece its subject."""
    before = text[unit_start:match.start()]
    label_term = party is None
    if party is None:
        by = reader.connector_word.match(text, match.end(), unit_end)
        if by:  # "This is a sponsored article by Nettle Energy"
            party = read_party(text[by.end():unit_end], reader.names)
            party_end = by.end() + party.end if party.named else None
        else:
            party = _party_in(reader, text, match.end(), unit_end) or NOBODY
            party_end = None
    # A label term in a sentence says what the piece is only through a verb ("This post is sponsored
    # content"); "Read our guide to sponsored content" names the topic.
    about = _about_piece(reader, before, linked=label_term)
    start = _subject_start(reader, before, unit_start)
    if not about and not before.strip(_DECOR) and party.named:
        # "Sponsored by Acme." opening a sentence of its own
        after = text[(party_end or match.end()):unit_end].lstrip()
        about = not (after[:1] == "," or after[:1].islower())
    if not about:
        return Form.MENTION, match.start(), match.end(), party
    end = party_end if party_end and party.named else sentence_end(text, match.end(), unit_end)
    return Form.STATEMENT, start, max(end, match.end()), party


def _about_piece(reader: Reader, before: str, linked: bool = False) -> bool:
    """The words before a term make the piece its subject ("This article is", "Content",
    "Disclosure: ..."). `linked`: the piece must be linked to the term by a verb ("This post
    contains", "This article is a")."""
    piece = reader.piece_statement if linked else reader.piece
    return bool(piece.search(before) or reader.plain_piece.search(before) or reader.bare_piece.search(before)
                or reader.deictic_statement.search(before) or reader.prefix.match(before)
                or reader.definite_piece.match(before))


def _other_subject(reader: Reader, pre_core: str, in_body: bool) -> bool:
    """A connector whose subject is something other than the piece. Anywhere, a noun straight
    before it ("Siegerpokale gesponsert von ..."); in the body also a clause ("The new home
    shirt, sponsored by ...", "Last year's derby was sponsored by ..."). Before the body, "The age
    of extinction is supported by" + logo is a series label."""
    words = pre_core.split()
    if not words or _about_piece(reader, pre_core):
        return False
    clause = words[0].lower() in reader.names.articles or bool(reader.copula.search(pre_core))
    if clause:
        return in_body
    return True


def _parenthetical(reader: Reader, text: str, pre: str, pre_core: str, party_end: int) -> bool:
    """"The marathon, sponsored by Kinsley Bank, drew 20,000 runners": the connector and its party
    stand between commas inside a sentence about something else."""
    return pre.rstrip().endswith(",") and text[party_end:party_end + 2].lstrip().startswith(",") and bool(
        re.search(r"\w", text[party_end:].lstrip()[1:40])) and not _about_piece(reader, pre_core)


def _runs_in(text: str, match: re.Match[str], seg_start: int) -> bool:
    """A label running straight into the first sentence: "PAID POST The future of energy ...",
    "ANZEIGE Die Sonne ...": the term opens the block, in capitals or title case, and a capitalised
    sentence follows without punctuation."""
    if text[seg_start:match.start()].strip(_DECOR) or match.start() > 3:
        return False
    word = match.group()
    follows = text[match.end():match.end() + 40]
    if not re.match(r"\s+[^\W\d_]", follows) or not follows.strip()[:1].isupper():
        return False
    if word.isupper():
        return True
    # "Sponsored The future of ...": a sentence follows, not a title ("Sponsored Posts Are Everywhere Now")
    return word.istitle() and any(w[:1].islower() for w in follows.split()[1:5])


def _common_cues(reading: _Reading, reader: Reader, candidate: Candidate, block: Block, unit_start: int,
                 unit_end: int, term_start: int, term_end: int) -> None:
    """Cues every candidate gets from its unit and element."""
    text = block.text
    before = text[unit_start:term_start]
    cues = candidate.cues
    after = text[term_end:term_end + 40].lstrip()
    if reader.negation.search(" ".join(before.split()[-4:])) or (after[:1].islower() and reader.negation.match(after)):
        cues.add(Cue.DENIAL)  # "not sponsored", "Sponsored by nobody"
    if reader.site_subject.search(before):
        cues.add(Cue.SITE_WIDE)
    if reader.other_subject.search(before) and not reader.piece.search(before):
        cues.add(Cue.OTHER_SUBJECT)
    if reader.piece.search(text, unit_start, unit_end) or reader.prefix.match(text, unit_start):
        cues.add(Cue.THIS_PIECE)
    if reader.hypothetical.match(text, unit_start) and "," not in before:
        # "If you received a free copy ..."; after the if-clause's comma the main clause speaks plainly
        # ("If you buy through these links, we may earn a commission")
        cues.add(Cue.HYPOTHETICAL)
    if reader.words.retractions and reader.retraction.search(text, term_end, _next_sentence_end(text, unit_end)):
        cues.add(Cue.RETRACTED)  # "... sponsored by the League of Left Socks; still waiting for the cheque"
    if _quoted(text, term_start, term_end, unit_start, unit_end):
        cues.add(Cue.QUOTED)
    if _continues_site_wide(reading, candidate):
        cues.add(Cue.SITE_WIDE)
    if block.heading:
        cues.add(Cue.HEADING)
    shown = text[candidate.start:candidate.end].strip(_DECOR)
    if len(text.strip(_DECOR)) <= len(shown) + 2 or block.whole_piece(candidate.start, candidate.end):
        cues.add(Cue.OWN_ELEMENT)
    if unit_end - unit_start > 300:
        cues.add(Cue.LONG)
    explainer = _explainer(reader, reading.page, candidate.block, candidate.start, candidate.end)
    if explainer:
        cues.add(Cue.EXPLAINED)
        candidate.explainer = explainer
    elif text[unit_start:unit_end].rstrip().rstrip(_QUOTE_MARKS + ")’'").endswith("?"):
        cues.add(Cue.QUESTION)  # "Is this post sponsored?", a heading that asks (not "Was ist das?" beside a label)
    if reading.page.body_start is None:
        cues.add(Cue.SHORT_PAGE)


def _next_sentence_end(text: str, unit_end: int) -> int:
    """The end of the sentence after the unit (a joke's punch line often follows "..."), bounded."""
    limit = min(len(text), unit_end + 300)
    return sentence_end(text, min(unit_end + 1, limit), limit) if unit_end < limit else unit_end


def _shape_party_within(reading: _Reading, index: int, start: int, end: int) -> Party:
    """The party a phrase shape already read in the sentence after a label ("Anzeige: Dieser Beitrag
    wurde von Acme bezahlt" names Acme though no connector follows "Anzeige")."""
    for earlier in reversed(reading.candidates[-8:]):
        if earlier.block == index and start <= earlier.start and earlier.end <= end + 1 and earlier.party.named:
            return earlier.party
    return NOBODY


def _sales_contact(reader: Reader, following: str) -> bool:
    """The words after "Advertising:" are how to buy an ad: an address, a phone number or a contact."""
    first = following.split(None, 1)[0] if following.split() else ""
    return "@" in first or first.lower().startswith(("tel", "+")) or bool(
        reader.words.contact_words and reader.contact.match(following))


def _continues_site_wide(reading: _Reading, candidate: Candidate) -> bool:
    """A notice following a site-wide one of its category in the same element goes on with it: "This
    site contains affiliate links. We may earn a commission ..." is about the site, not this piece."""
    for earlier in reversed(reading.candidates[-8:]):
        if earlier.block != candidate.block:
            return False
        if earlier.form is Form.SITE_WIDE and earlier.category == candidate.category and earlier.end <= candidate.start:
            return True
    return False


def _quoted(text: str, start: int, end: int, unit_start: int, unit_end: int) -> bool:
    """The term stands inside quotation marks within its unit: intext:”this post was sponsored by”,
    attiva "Contenuto sponsorizzato"."""
    before = sum(text.count(q, unit_start, start) for q in _QUOTE_MARKS)
    return before % 2 == 1 and any(q in text[end:unit_end] for q in _QUOTE_MARKS)


def _explainer(reader: Reader, page: Page, index: int, start: int, end: int) -> str | None:
    """An explainer ("What is sponsored content?") just after the candidate, in its block or the next."""
    text = page.blocks[index].text
    found = reader.explainer.search(text, max(0, start - 200), end + 400)
    if found is None and index + 1 < len(page.blocks):
        found = reader.explainer.search(page.blocks[index + 1].text, 0, 400)
    return found.group() if found else None


def _bare(pre: str, post: str, segment_core: str) -> bool:
    """The term is all there is in its segment (allowing a category list: "ANZEIGE, Reisen")."""
    pre_core, post_core = pre.strip(_DECOR), post.strip(_DECOR)
    if not pre_core and not post_core:
        return True
    if _HASHTAGS.fullmatch(pre_core) and _HASHTAGS.fullmatch(post_core):
        return True  # "#ad #sponsored": a run of hashtags is a list of labels
    if len(segment_core) > 60:
        return False
    return (not pre_core or pre.rstrip().endswith(",")) and (not post_core or post.lstrip().startswith(","))


def _segment(text: str, start: int, end: int) -> tuple[int, int]:
    """The piece of text between segment breaks around text[start:end], at most MAX_UNIT either side."""
    left = max(0, start - MAX_UNIT)
    breaks = [m.end() for m in _SEGMENT_BREAK.finditer(text, left, start)]
    left = breaks[-1] if breaks else left
    right_break = _SEGMENT_BREAK.search(text, end, min(len(text), end + MAX_UNIT))
    right = right_break.start() if right_break else min(len(text), end + MAX_UNIT)
    return left, right


def _subject_start(reader: Reader, before: str, offset: int) -> int:
    for regex in (reader.piece, reader.plain_piece):
        found = regex.search(before)
        if found:
            return offset + found.start()
    return offset + len(before) - len(before.lstrip(_DECOR))


def _party_in(reader: Reader, text: str, start: int, end: int) -> Party | None:
    """The party named by the first connector within text[start:end], if any."""
    for match in reader.term_regex.finditer(text, start, min(end, start + MAX_UNIT)):
        if reader.term_for(match.group()).role == "connector":
            return read_party(text[match.end():end], reader.names)
    return None


def _sentence_segment_after(text: str, seg_end: int) -> int | None:
    """Where the next segment of the block starts, when a "|" leads into a sentence of four words or
    more that opens with a capital and ends as sentences do; None otherwise ("Werbung | Impressum")."""
    if seg_end >= len(text) or text[seg_end] != "|":
        return None
    segment = _next_segment(text, seg_end)
    core = segment.strip()
    if len(core.split()) < 4 or not core[:1].isupper() or not core.endswith((".", "!", "?", "…")):
        return None
    return seg_end + 1 + len(segment) - len(segment.lstrip())


def _name_segment_after(reader: Reader, text: str, seg_end: int) -> Party:
    """The next segment of the block when it is only a name of two words or more, or one with a legal
    form or an organisation word ("Sponsored | Harrow Paints"); a single word there is more often a
    section ("Sponsored | Travel")."""
    if seg_end >= len(text) or text[seg_end] not in "|•·":
        return NOBODY
    return _organisation_name(reader, _next_segment(text, seg_end).strip(_DECOR))


def _next_segment(text: str, seg_end: int) -> str:
    """The segment after the break at `seg_end`, up to the next break or the block's end."""
    right = _SEGMENT_BREAK.search(text, seg_end + 1)
    return text[seg_end + 1:right.start() if right else len(text)]


def _name_piece_after(reader: Reader, block: Block, start: int, end: int) -> Party:
    """The rest of a label's line when it is an element of its own holding only a name ("Brand
    Publisher" + a link "Acme Outdoors"); a single plain word is more often a section."""
    text = block.text
    core = text[start:end].strip(_DECOR)
    if not core:
        return NOBODY
    core_start = text.index(core, start)
    if not block.whole_piece(core_start, core_start + len(core)):
        return NOBODY
    return _organisation_name(reader, core)


def _organisation_name(reader: Reader, segment: str) -> Party:
    """`segment` when it is only an organisation's name: two words or more, or one with a legal form
    or an organisation word; "Reisen & Freizeit" (joined plain words) is a section."""
    if not segment or len(segment) > 60:
        return NOBODY
    party = read_party(segment, reader.names)
    words = segment.split()
    marked = bool(reader.org_word.search(segment)) or words[-1].lower().strip(".") in reader.names.legal_forms
    joined = any(w.lower() in reader.names.joiners for w in words)  # "Reisen & Freizeit" is a section
    organisation = marked or (len(words) >= 2 and not joined)
    if party.kind is PartyKind.ORGANISATION and party.end >= len(segment) and organisation:
        return Party(party.kind, party.name, 0)
    return NOBODY


def _named(party: Party) -> bool:
    return party.named


def _connector_after(reading: _Reading, reader: Reader, block: Block) -> Party:
    """The party of a bare label named by the short line beside it that opens with a connector
    ("Paid Post" then "from Acme" in an element of its own)."""
    found = reading.page.party_after(block, reader.party_words)
    if not found or found[1] != "label":
        return NOBODY
    by = reader.connector_word.match(found[0])
    if not by:
        return NOBODY
    party = read_party(found[0][by.end():], reader.names)
    return Party(party.kind, party.name, 0) if party.named else NOBODY


def _without_logo_words(name: str, reader: Reader) -> str:
    """An alt text's name without the words around it that only say it is a logo ("Acme logo",
    "Logo of Acme")."""
    words = name.split()
    while words and words[-1].lower().strip(".,:") in reader.logo_words:
        words.pop()
    while words and (words[0].lower().strip(".,:") in reader.logo_words or (
            len(words) > 1 and words[0].lower() in reader.names.complements)):
        words.pop(0)
    return " ".join(words)


def _markup_party(reading: _Reading, reader: Reader, block: Block) -> Party:
    found = reading.page.party_after(block, reader.party_words)
    if not found:
        return NOBODY
    name, where = found
    name = " ".join(name.split())
    if name.lower() in reader.logo_words:
        return NOBODY
    name = _without_logo_words(name, reader) or name
    if where == "label":
        party = read_party(name, reader.names)
        return Party(party.kind, party.name, 0) if party.named else NOBODY
    return Party(PartyKind.LOGO, name, 0)


def shown(candidate: Candidate, block: Block) -> str:
    return block.text[candidate.start:candidate.end].strip(_TRIM)
