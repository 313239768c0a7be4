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
from dataclasses import dataclass

from disclosure_lint.extract.names import Party, read_party
from disclosure_lint.extract.page import Block, Page
from disclosure_lint.extract.sentences import sentence_end as _sentence_end
from disclosure_lint.extract.sentences import sentence_start as _sentence_start
from disclosure_lint.extract.vocabulary import Term, Vocabulary
from disclosure_lint.model import Label, Sponsor

_SEGMENT_BREAK = re.compile(r"[|•·\n]")
_DECOR = " \t[](){}*_–—-:|•·,.!\"'“”„«»/"
_TRIM = " \t[](){}*_–—-:|•·,\"'“”„«»"
SHORT_SEGMENT = 100
# "Sponsored content by Acme", "Anzeige von Beispiel GmbH", "Publicité de Exemple SA".
_BY = re.compile(r"\s*(?:by|from|von|vom|der|des|par|de|du|por|da|dal|door|van)\s+", re.IGNORECASE)
MAX_LABEL_TEXT = 200


@dataclass(slots=True)
class _Context:
    page: Page
    vocab: Vocabulary
    language: str
    labels: list[Label]
    sponsors: list[Sponsor]


def find_labels(page: Page, vocab: Vocabulary, language: str) -> tuple[list[Label], list[Sponsor]]:
    context = _Context(page, vocab, language, [], [])
    after_caption = False
    for index, block in enumerate(page.blocks):
        text = block.text
        caption = bool(vocab.caption_regex.match(text))
        matches = list(vocab.term_regex.finditer(text)) if not caption else []
        covered_until = -1
        for match in matches:
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
        alone = len(block.text.strip(_DECOR)) == len(match.group())
        if bare and not bracketed and alone and (ctx.page.marks_ad_slot(block) or ctx.page.in_menu(block)):
            return None  # "Advertisement" above an ad slot labels the ad; a menu item labels a section
        # A bare label counts before the body starts (or in the headline); later it is a widget's heading.
        before_body = ctx.page.body_start is None or index <= ctx.page.body_start or index == ctx.page.headline
        if bracketed or (bare and (before_body or after_caption)):
            # The label ends here; a disclosure sentence may follow it in the same segment.
            return _add(ctx, index, block, match.start(), match.group(), term, None, match.end())
        by = _BY.match(post)
        if not pre_core and by and len(segment_core) <= SHORT_SEGMENT:  # "Sponsored content by Acme"
            party = read_party(post[by.end():], ctx.vocab.articles, ctx.vocab.generic_parties)
            if party.kind == "named":
                end = match.end() + by.end() + party.end
                return _add(ctx, index, block, match.start(), text[match.start():end], term, party, end)
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
        if ctx.vocab.statement.search(before) or ctx.vocab.prefix_regex.match(text[sentence_start:match.start()]):
            end = _sentence_end(text, match.end(), len(text))
            party = _party_in(ctx, text, match.end(), end)
            start = _subject_start(ctx, before, sentence_start)
            return _add(ctx, index, block, start, text[start:end], term, party, end, "sentence")
        return None
    # A connector: "Sponsored by", "In Kooperation mit", "A message from" ...
    party = read_party(text[match.end():seg_end], ctx.vocab.articles, ctx.vocab.generic_parties)
    party_end = match.end() + party.end if party.end else match.end()
    if ctx.vocab.site_subject.search(text[_sentence_start(text, match.start()):match.start()]):
        return None  # "This website is sponsored by ..." speaks of the site, not the article
    if len(segment_core) <= SHORT_SEGMENT and len(pre_core) <= 80 and _label_like(block, segment_core):
        if party.kind == "none" and not post_core:
            party = _markup_party(ctx, block)
        start = match.start() if not pre_core else _subject_start(ctx, pre, seg_start)
        end = max(party_end, match.end()) if party.kind == "named" else seg_end
        return _add(ctx, index, block, start, text[start:end].strip(_TRIM), term, party, seg_end)
    sentence_start = _sentence_start(text, match.start(), seg_start)
    before = text[sentence_start:match.start()]
    vocab = ctx.vocab
    about_article = (vocab.deictic_subject.search(before) or vocab.plain_subject.search(before)
                     or vocab.bare_subject.search(before) or vocab.prefix_regex.match(text[sentence_start:]))
    if not about_article and not before.strip(_DECOR):
        after = text[party_end:seg_end]
        about_article = party.kind == "named" and not re.match(r"\s*(?:,|[a-zäöüéè])", after)
    if not about_article:
        return None
    end = party_end if party.kind == "named" else _sentence_end(text, match.end(), len(text))
    start = _subject_start(ctx, before, sentence_start)
    return _add(ctx, index, block, start, text[start:end], term, party, max(end, match.end()), "sentence")


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
    left = max((m.end() for m in _SEGMENT_BREAK.finditer(text, 0, start)), default=0)
    right_match = _SEGMENT_BREAK.search(text, end)
    return left, right_match.start() if right_match else len(text)


def _subject_start(ctx: _Context, before: str, offset: int) -> int:
    for regex in (ctx.vocab.deictic_subject, ctx.vocab.plain_subject):
        found = regex.search(before)
        if found:
            return offset + found.start()
    return offset + len(before) - len(before.lstrip(_DECOR))


def _party_in(ctx: _Context, text: str, start: int, end: int) -> Party | None:
    """The party named by the first connector within text[start:end], if any."""
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
        nearby = ctx.page.blocks[index:index + 2]
        explained = next((m for b in nearby for m in [ctx.vocab.explainer_regex.search(b.text)] if m), None)
        if explained:
            label.definition = f"explained by “{explained.group()}”"
    ctx.labels.append(label)
    if party is not None and party.kind in ("named", "markup"):
        ctx.sponsors.append(Sponsor(name=party.name, found_in="markup" if party.kind == "markup" else
                                    ("label" if found_in == "label" else "body"), line=line))
    return end


def _column(block: Block, offset: int) -> int:
    newline = block.text.rfind("\n", 0, offset)
    anchor_start = 0
    for anchor_offset, _ in block.anchors:
        if anchor_offset <= offset:
            anchor_start = anchor_offset
    return offset - max(newline + 1, anchor_start) + 1


def _dedupe(sponsors: list[Sponsor]) -> list[Sponsor]:
    seen: set[str] = set()
    unique = []
    for sponsor in sponsors:
        key = " ".join(sponsor.name.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(sponsor)
    return unique
