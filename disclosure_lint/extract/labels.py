"""Finding content-type labels and disclosure sentences in a Page, and the sponsors they name.

A vocabulary term counts only where a reader would take it as a label:
- a label element of its own ("Anzeige", "PAID CONTENT" in a date line) before the body starts,
  in a heading, or in brackets ("[Werbung]"); a bare "Anzeige" mid-body marks an ad slot;
- a connector with a name ("Sponsored by Acme", "In partnership with" + logo) in a short element;
- a label leading a disclosure ("Anzeige: Dieser Beitrag ...") or followed by its definition;
- a sentence about the article itself ("This article is sponsored by ...", "Dieser Beitrag ist in
  Kooperation mit ... entstanden"), so "measures presented by the OECD" is not a disclosure."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from disclosure_lint.extract.names import Party, read_party
from disclosure_lint.extract.page import Block, Page
from disclosure_lint.extract.sentences import CONTEXT
from disclosure_lint.extract.sentences import sentence_end as _sentence_end
from disclosure_lint.extract.sentences import sentence_start as _sentence_start
from disclosure_lint.extract.vocabulary import Term, Vocabulary
from disclosure_lint.model import Label, Sponsor

# Single characters: _marks() finds them once per block and _segment bisects (test_robust_labels.py).
_SEGMENT_BREAK = re.compile(r"[|•·\n]")
_DECOR = " \t[](){}*_–—-:|•·,.!\"'“”„«»/"
_TRIM = " \t[](){}*_–—-:|•·,\"'“”„«»"
SHORT_SEGMENT = 100
# "Sponsored content by Acme", "Anzeige von Beispiel GmbH", "Publicité de Exemple SA".
# The name may be only in a logo after the word ("Contenu sponsorisé par" + <img alt>), so it may end the text.
_BY = re.compile(r"\s*(?:by|from|von|vom|der|des|par|de|du|por|a cura di|di|da|dal|door|van)(?:\s+|$)",
                 re.IGNORECASE)
MAX_LABEL_TEXT = 200
# A picture's caption describes the picture: "The new home shirt, sponsored by ..." is not a label.
_CAPTIONS = frozenset({"figcaption", "caption"})
# Labels recorded per document, in reading order: no article carries this many, and a hostile page
# where every sentence is a disclosure would otherwise cost minutes and a report of megabytes.
MAX_LABELS = 1000


@dataclass(slots=True)
class _Context:
    page: Page
    vocab: Vocabulary
    language: str
    labels: list[Label]
    sponsors: list[Sponsor]
    explained: dict[int, str | None] = field(default_factory=dict)  # explainer found near each block


def find_labels(page: Page, vocab: Vocabulary, language: str) -> tuple[list[Label], list[Sponsor]]:
    context = _Context(page, vocab, language, [], [])
    after_caption = False
    for index, block in enumerate(page.blocks):
        if len(context.labels) >= MAX_LABELS:
            break
        text = block.text
        caption = bool(vocab.caption_regex.match(text))
        matches = vocab.term_regex.finditer(text) if not caption else ()
        covered_until = -1
        for match in matches:
            if len(context.labels) >= MAX_LABELS:
                break
            if match.start() < covered_until:
                continue
            term = vocab.term_for(match.group(), language)
            found = _read(context, index, block, match, term, after_caption, max(covered_until, 0))
            if found is not None:
                covered_until = found
        after_caption = caption
    return context.labels, _dedupe(context.sponsors)


def _read(ctx: _Context, index: int, block: Block, match: re.Match[str], term: Term, after_caption: bool,
          floor: int) -> int | None:
    """Record a label for this match if its context makes it one; return where the label ends.
    Text before `floor` belongs to a label already recorded."""
    text = block.text
    seg_start, seg_end = _segment(text, match.start(), match.end())
    seg_start = max(seg_start, floor)
    pre = text[seg_start:match.start()]
    post = text[match.end():seg_end]
    pre_core, post_core = pre.strip(_DECOR), post.strip(_DECOR)
    segment_core = text[seg_start:seg_end].strip(_DECOR)
    if term.role == "suffix":  # "Acme BrandVoice": the sponsor's name comes first
        party = read_party(pre_core, ctx.vocab.articles, ctx.vocab.generic_parties) if pre_core else Party("none")
        if len(segment_core) > 60 or party.kind != "named":
            return None
        start = seg_start + len(pre) - len(pre.lstrip())
        return _add(ctx, index, block, start, text[start:match.end()], term, party, match.end())
    if term.role == "label":
        bracketed = bool(re.search(r"[\[(]\s*$", pre)) and bool(re.match(r"\s*[\])]", post))
        bare = _bare(pre, post, segment_core) or block.whole_piece(match.start(), match.end())
        alone = bare and not bracketed and len(block.text.strip(_DECOR)) == len(match.group())
        if alone and (ctx.page.marks_ad_slot(block) or ctx.page.in_menu(block)):
            return None  # "Advertisement" above an ad slot labels the ad; a menu item labels a section
        # A bare label counts before the body starts (or in the headline); later it is a widget's heading.
        before_body = ctx.page.body_start is None or index <= ctx.page.body_start or index == ctx.page.headline
        # "[Werbung] Mein Föhn", "Traumreise (Anzeige)"; not "(Anzeige)" quoted inside running text.
        bracketed = bracketed and (before_body or not pre_core or not post_core)
        if bracketed or (bare and (before_body or after_caption)):
            # The label ends here; a disclosure sentence may follow it in the same segment.
            return _add(ctx, index, block, match.start(), match.group(), term, None, match.end())
        by = _BY.match(post)
        if not pre_core and by and len(segment_core) <= SHORT_SEGMENT:  # "Sponsored content by Acme"
            rest = post[by.end():]
            party = read_party(rest, ctx.vocab.articles, ctx.vocab.generic_parties)
            if party.kind == "named":
                end = match.end() + by.end() + party.end
                return _add(ctx, index, block, match.start(), text[match.start():end], term, party, end)
            if not rest.strip(_DECOR):  # the name is in a logo after the label, or nowhere
                end = match.end() + len(post.rstrip())
                return _add(ctx, index, block, match.start(), text[match.start():end], term,
                            _markup_party(ctx, block), end)
        if not pre_core and re.match(r"\s*[:–—-]\s", post):
            party = _party_in(ctx, text, match.end(), seg_end)
            end = _sentence_end(text, match.end(), seg_end)
            return _add(ctx, index, block, match.start(), text[match.start():end], term, party, end, "sentence")
        defined = after_caption or ctx.vocab.definition_regex.search(post[:200])
        if not pre_core and post_core[:1].isupper() and defined:
            end = _sentence_end(text, match.end(), seg_end)
            label = _add(ctx, index, block, match.start(), match.group(), term, None, end)
            ctx.labels[-1].definition = text[match.end():end].strip() or None
            return label
        sentence_start = _sentence_start(text, match.start())
        before = text[sentence_start:match.start()]
        if _denied(ctx, before):
            return None  # "This review is not sponsored."
        if ctx.vocab.statement.search(before) or ctx.vocab.prefix_regex.match(text[sentence_start:match.start()]):
            end = _sentence_end(text, match.end(), len(text))
            party = _party_in(ctx, text, match.end(), end)
            start = _subject_start(ctx, before, sentence_start)
            return _add(ctx, index, block, start, _upto(text, start, end), term, party, end, "sentence")
        return None
    # A connector: "Sponsored by", "In Kooperation mit", "A message from" ...
    party = read_party(text[match.end():seg_end], ctx.vocab.articles, ctx.vocab.generic_parties)
    party_end = match.end() + party.end if party.end else match.end()
    clause = text[_sentence_start(text, match.start()):match.start()]
    if ctx.vocab.site_subject.search(clause):
        return None  # "This website is sponsored by ..." speaks of the site, not the article
    if _denied(ctx, clause):
        return None  # "This post is not sponsored by Acme"
    if (len(segment_core) <= SHORT_SEGMENT and len(pre_core) <= 80 and _label_like(block, segment_core)
            and not ((_in_body(ctx, index) or block.tag in _CAPTIONS) and _other_subject(ctx, pre_core))):
        if party.kind == "none" and not post_core:
            party = _markup_party(ctx, block)
        start = match.start() if not pre_core else _subject_start(ctx, pre, seg_start)
        end = max(party_end, match.end()) if party.kind == "named" else seg_end
        return _add(ctx, index, block, start, text[start:end].strip(_TRIM), term, party, seg_end)
    sentence_start = _sentence_start(text, match.start(), seg_start)
    before = text[sentence_start:match.start()]
    about_article = _about_article(ctx.vocab, before, text[sentence_start:sentence_start + CONTEXT])
    if not about_article and not before.strip(_DECOR):
        after = text[party_end:seg_end]
        about_article = party.kind == "named" and not re.match(r"\s*(?:,|[a-zäöüéè])", after)
    if not about_article:
        return None
    end = party_end if party.kind == "named" else _sentence_end(text, match.end(), len(text))
    start = _subject_start(ctx, before, sentence_start)
    return _add(ctx, index, block, start, _upto(text, start, end), term, party, max(end, match.end()), "sentence")


def _about_article(vocab: Vocabulary, before: str, sentence_head: str) -> bool:
    """The words before a connector make the article its subject ("This article is", "Content",
    "Disclosure: ...")."""
    return bool(vocab.deictic_subject.search(before) or vocab.plain_subject.search(before)
                or vocab.bare_subject.search(before) or vocab.prefix_regex.match(sentence_head))


def _in_body(ctx: _Context, index: int) -> bool:
    page = ctx.page
    return page.body_start is not None and index > page.body_start and index != page.headline


def _other_subject(ctx: _Context, pre_core: str) -> bool:
    """In the body, a short paragraph or caption whose connector has a subject other than the article:
    "The new home shirt, sponsored by ...", "Last year's derby was sponsored by ...", "The bill,
    sponsored by Senator ...", and the same in a picture's caption. (Before the body, "The age of
    extinction is supported by" + logo is a series label.)"""
    words = pre_core.split()
    if not words or _about_article(ctx.vocab, pre_core, pre_core):
        return False
    return words[0].lower() in ctx.vocab.articles or bool(ctx.vocab.copula_regex.search(pre_core))


def _denied(ctx: _Context, before: str) -> bool:
    """A negation among the last few words before a term: "is not sponsored", "ist nicht gesponsert",
    "n'est pas sponsorisé", "was not paid for or sponsored by"."""
    return bool(ctx.vocab.negation_regex.search(" ".join(before.split()[-4:])))


def _label_like(block: Block, segment_core: str) -> bool:
    """A short element of its own, not a clause inside running text."""
    return len(block.text) <= 160 or len(segment_core) <= 60


def _bare(pre: str, post: str, segment_core: str) -> bool:
    """The term is all there is in its segment (allowing a category list: "ANZEIGE, Reisen")."""
    pre_core, post_core = pre.strip(_DECOR), post.strip(_DECOR)
    if not pre_core and not post_core:
        return True
    if len(segment_core) > 60:
        return False
    return (not pre_core or pre.rstrip().endswith(",")) and (not post_core or post.lstrip().startswith(","))


def _segment(text: str, start: int, end: int) -> tuple[int, int]:
    """The piece of text between segment breaks around text[start:end], at most CONTEXT either side."""
    breaks = _marks(text)[0]
    i = bisect_left(breaks, start)
    left = breaks[i - 1] + 1 if i else 0
    j = bisect_left(breaks, end)
    right = breaks[j] if j < len(breaks) else len(text)
    return max(left, start - CONTEXT), min(right, end + CONTEXT)


@lru_cache(maxsize=4)
def _marks(text: str) -> tuple[list[int], list[int]]:
    """Positions of segment breaks and of newlines in a block, found once per block."""
    return ([m.start() for m in _SEGMENT_BREAK.finditer(text)],
            [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else [])


def _upto(text: str, start: int, end: int) -> str:
    """text[start:end], or its first CONTEXT characters: a label shows at most MAX_LABEL_TEXT of it."""
    return text[start:min(end, start + CONTEXT)]


def _subject_start(ctx: _Context, before: str, offset: int) -> int:
    for regex in (ctx.vocab.deictic_subject, ctx.vocab.plain_subject):
        found = regex.search(before)
        if found:
            return offset + found.start()
    return offset + len(before) - len(before.lstrip(_DECOR))


def _party_in(ctx: _Context, text: str, start: int, end: int) -> Party | None:
    """The party named by the first connector within text[start:end], if any."""
    end = min(end, start + CONTEXT)
    for match in ctx.vocab.term_regex.finditer(text, start, end):
        term = ctx.vocab.term_for(match.group(), ctx.language)
        if term.role == "connector":
            return read_party(text[match.end():end], ctx.vocab.articles, ctx.vocab.generic_parties)
    return None


def _markup_party(ctx: _Context, block: Block) -> Party:
    found = ctx.page.party_after(block)
    if not found:
        return Party("none")
    name, where = found
    name = " ".join(name.split())
    if where == "label":
        party = read_party(name, ctx.vocab.articles, ctx.vocab.generic_parties)
        return Party(party.kind, party.name, 0) if party.kind == "named" else Party("none")
    return Party("markup", name, 0)


def _add(ctx: _Context, index: int, block: Block, start: int, shown: str, term: Term, party: Party | None,
         end: int, found_in: str = "label") -> int:
    shown = " ".join(shown.split())
    if len(shown) > MAX_LABEL_TEXT:
        shown = shown[: MAX_LABEL_TEXT - 1].rstrip() + "…"
    line = block.line_at(start)
    label = Label(
        text=shown, category=term.category, language=term.language, position=ctx.page.position_of(index),
        line=line, column=_column(block, start), term=term.text, strength=term.strength, found_in=found_in,
        certain=party is None or party.kind != "unclear", block=index, offset=start,
        word_language=term.word_language or term.language, meaning=term.definition,
    )
    if not label.definition:
        explained = _explainer_near(ctx, index)
        if explained:
            label.definition = f"explained by “{explained}”"
    ctx.labels.append(label)
    if party is not None and party.kind in ("named", "markup"):
        ctx.sponsors.append(Sponsor(name=party.name, found_in="markup" if party.kind == "markup" else
                                    ("label" if found_in == "label" else "body"), line=line))
    return end


def _explainer_near(ctx: _Context, index: int) -> str | None:
    """An explainer ("What is sponsored content?") in the label's block or the next, searched once per block."""
    if index not in ctx.explained:
        nearby = ctx.page.blocks[index:index + 2]
        found = next((m for b in nearby for m in [ctx.vocab.explainer_regex.search(b.text)] if m), None)
        ctx.explained[index] = found.group() if found else None
    return ctx.explained[index]


def _column(block: Block, offset: int) -> int:
    newlines = _marks(block.text)[1]
    i = bisect_left(newlines, offset)
    newline = newlines[i - 1] if i else -1
    j = bisect_right(block.anchors, (offset, 1 << 62))  # anchors are in ascending offset order
    anchor_start = block.anchors[j - 1][0] if j else 0
    return offset - max(newline + 1, anchor_start) + 1


def _dedupe(sponsors: list[Sponsor]) -> list[Sponsor]:
    """One entry per name, in order of first mention; a name seen first in a logo and later in the
    text is kept as the text mention, since that is where readers learn it."""
    unique: dict[str, int] = {}
    kept: list[Sponsor] = []
    for sponsor in sponsors:
        key = " ".join(sponsor.name.lower().split())
        if key not in unique:
            unique[key] = len(kept)
            kept.append(sponsor)
        elif kept[unique[key]].found_in == "markup" and sponsor.found_in != "markup":
            kept[unique[key]] = sponsor
    return kept
