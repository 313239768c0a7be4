"""HTML to Page: which text is the article. The walk (html_walk) marks elements that may be page
furniture; only once the article body is known is furniture decided, so a "sidebar" class on a
wrapper that holds the article, or a <footer> that is the article's own byline box, does not
hide the article. The guards are structural, not lists of exceptions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from disclosure_lint.extract.html_columns import SourceColumns
from disclosure_lint.extract.html_walk import LINE_BREAK, Node, Segment, Walk, class_words, marks_credit
from disclosure_lint.extract.page import Block, Page, body_copy, is_sentence
from disclosure_lint.model import Link

HEADER_WINDOW = 6  # blocks just before the article's container that may still be its header (a kicker)


def read_html(text: str, url: str | None = None) -> Page:
    walk = Walk().run(text)
    page = _Layout(walk).page(url)
    columns = SourceColumns(text, [node.name for node in walk.nodes])
    page.source_column = lambda block, offset, shown: (
        columns.column(block.line_at(offset), block.node.index, shown) if block.node is not None else None)
    return page


class _Layout:
    def __init__(self, walk: Walk):
        self.walk = walk
        self.nodes = walk.nodes
        self.blocks = [b for b in (_block(s) for s in walk.segments) if b is not None]
        self.paragraph = body_copy(self.blocks)
        # Furniture that holds most of the page's body copy is a wrapper, not furniture.
        share: dict[int, int] = {}
        total = 0
        for block, is_paragraph in zip(self.blocks, self.paragraph, strict=True):
            if is_paragraph:
                total += len(block.text)
                for i in block.node.chain:
                    share[i] = share.get(i, 0) + len(block.text)
        self.wrappers = {i for i, size in share.items() if size > total * 0.5}

    def furniture(self, block: Block, body: Node | None) -> bool:
        # Inside a wrapper (or the element holding the body), an element of the wrapper's own kind is
        # the page builder's naming, not furniture: a builder that calls every block "widget"
        # (elementor-widget-container) wraps the article in one and each of its tabs in more.
        wrapped: set[str | None] = set()
        for i in block.node.chain:
            owner = self.nodes[i]
            if owner.kind != "hidden" and (i in self.wrappers or (body is not None and owner.contains(body))):
                wrapped.add(owner.kind)
                continue
            if owner.kind == "article" and body is None:
                continue
            if owner.kind in wrapped:
                continue
            if owner.kind == "footer" and body is not None and _article_footer(owner, body):
                continue
            return True
        return False

    def page(self, url: str | None) -> Page:
        blocks = self.blocks
        candidates = [i for i, b in enumerate(blocks) if self.paragraph[i] and not self.furniture(b, None)]
        body = self._body_container(candidates)
        keep = [not self.furniture(b, body) for b in blocks]
        body_blocks = [i for i, b in enumerate(blocks)
                       if keep[i] and self.paragraph[i] and body is not None and body.contains(b.node)]
        headline = self._headline(keep, body_blocks)
        body_blocks = self._short_opening(keep, body, body_blocks, headline) + body_blocks
        region = self._region(keep, body, body_blocks, headline)
        index = {old: new for new, old in enumerate(region)}
        page = Page(
            blocks=[blocks[i] for i in region],
            headline=index.get(headline) if headline is not None else None,
            body_start=index.get(body_blocks[0]) if body_blocks else None,
            body_end=index.get(body_blocks[-1]) if body_blocks else None,
            title=self.walk.title,
            title_line=self.walk.title_line,
            lang_hint=self.walk.lang,
            meta=self.walk.meta,
            meta_lines=self.walk.meta_lines,
            jsonld=self.walk.jsonld,
            scripts=self.walk.scripts,
            links=self._links(region),
            url=url,
        )
        page.party_after = _party_after
        page.marks_ad_slot = _marks_ad_slot
        page.in_menu = _in_menu
        return page

    def _links(self, region: list[int]) -> list[Link]:
        """Links whose text sits in the article's blocks."""
        inside = {self.blocks[i].node.index for i in region}
        links = []
        for node in self.walk.links:
            if node.block in inside:
                element = node.element
                text = " ".join("".join(element.itertext()).split())[:200]
                links.append(Link(href=element.get("href") or "", text=text, rel=(element.get("rel") or "").lower(),
                                  line=node.line))
        return links

    def _body_container(self, candidates: list[int]) -> Node | None:
        """The element holding the article's body copy: a marked-up body (itemprop=articleBody,
        .entry-content ...) when it holds a fair share of the text, else the element whose
        children hold the most paragraph text (the readability heuristic)."""
        if not candidates:
            return None
        nodes, blocks = self.nodes, self.blocks
        scores: dict[int, float] = {}
        hinted: dict[int, int] = {}
        for i in candidates:
            node = blocks[i].node
            size = len(blocks[i].text)
            parent = node.parent
            if parent is not None:
                scores[parent.index] = scores.get(parent.index, 0.0) + size
                if parent.parent is not None:
                    scores[parent.parent.index] = scores.get(parent.parent.index, 0.0) + size / 2
            ancestor: Node | None = node
            while ancestor is not None:
                if ancestor.hint:
                    hinted[ancestor.index] = hinted.get(ancestor.index, 0) + size
                ancestor = ancestor.parent
        best = nodes[max(scores, key=scores.__getitem__)] if scores else blocks[candidates[0]].node
        best_text = sum(len(blocks[i].text) for i in candidates if best.contains(blocks[i].node))
        if hinted:
            top = max(hinted.values())
            if top >= max(best_text * 0.3, 200):
                chosen = max((i for i, size in hinted.items() if size >= top * 0.9), key=lambda i: nodes[i].depth)
                return nodes[chosen]
        return best

    def _short_opening(self, keep: list[bool], body: Node | None, body_blocks: list[int],
                       headline: int | None) -> list[int]:
        """Short paragraphs that open the body before its first long one ("The council met on
        Tuesday."), in the body's element and after the headline: they are body copy too, so a
        bare term between them sits in the body (an ad's marker), not under the headline."""
        if body is None or not body_blocks:
            return []
        blocks = self.blocks
        after = headline if headline is not None else -1
        opening = [i for i in range(after + 1, body_blocks[0])
                   if keep[i] and body.contains(blocks[i].node) and is_sentence(blocks[i])]
        return opening

    def _headline(self, keep: list[bool], body_blocks: list[int]) -> int | None:
        blocks = self.blocks
        headings = [i for i, b in enumerate(blocks) if keep[i] and b.heading == 1]
        if not headings:
            headings = [i for i, b in enumerate(blocks) if keep[i] and b.heading == 2]
        if not headings:
            return None
        wanted = [_norm(t) for t in (self.walk.title, *self.walk.meta.get("og:title", ())) if t]
        for i in headings:
            heading = _norm(blocks[i].text)
            if heading and any(w in heading or (heading in w and len(heading) >= len(w) / 2)
                               for w in wanted if len(w) > 8):
                return i
        start = body_blocks[0] if body_blocks else len(blocks)
        before = [i for i in headings if i <= start]
        return before[-1] if before else headings[0]

    def _region(self, keep: list[bool], body: Node | None, body_blocks: list[int], headline: int | None) -> list[int]:
        """The blocks that belong to the article: its header zone, its body, and what follows the
        body inside the element that holds both headline and body."""
        blocks = self.blocks
        kept = [i for i, flag in enumerate(keep) if flag]
        if body is None or not body_blocks:
            return kept
        root = _common_ancestor(blocks[headline].node, body) if headline is not None else body
        if root.name in ("html", "body") or root.parent is None:
            root = body.parent or body
        start, end = body_blocks[0], body_blocks[-1]
        inside = [i for i in kept if root.contains(blocks[i].node)]
        first_inside = inside[0] if inside else start
        region = set([i for i in kept if i < first_inside][-HEADER_WINDOW:])
        region.update(inside)
        region.update(i for i in kept if start <= i <= end)
        if headline is not None:
            region.add(headline)
        return sorted(region)


def _block(segment: Segment) -> Block | None:
    text = "".join(segment.parts)
    segment.parts.clear()  # read once; on a page of many small elements they add up
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    stripped = stripped.rstrip()
    if not stripped.replace(LINE_BREAK, "").strip():
        return None
    # The segment's own lists become the block's, shifted in place: a page of many small elements
    # has millions of them, and copies doubled the peak memory of reading it.
    anchors, pieces = segment.anchors, segment.pieces
    if lead:
        for i, (offset, line) in enumerate(anchors):
            anchors[i] = (max(offset - lead, 0), line)
        for i, (start, end) in enumerate(pieces):
            pieces[i] = (max(start - lead, 0), max(end - lead, 0))
    block = Block(text=stripped.replace(LINE_BREAK, "\n"), anchors=anchors, tag=segment.node.name,
                  credit=segment.credit, pieces=pieces)
    block.node = segment.node
    return block


def _article_footer(footer: Node, body: Node) -> bool:
    """A <footer> inside the article that holds the body is the article's own footer (byline,
    disclosure), not the page's."""
    node = footer.parent
    while node is not None:
        if node.name in ("article", "main") or node.contains(body):
            return node.contains(body)
        node = node.parent
    return False


def _common_ancestor(a: Node, b: Node) -> Node:
    seen = set()
    node: Node | None = a
    while node is not None:
        seen.add(node.index)
        node = node.parent
    node = b
    while node is not None and node.index not in seen:
        node = node.parent
    return node or b


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


_PARTY_ATTRS = ("data-sponsor", "data-sponsor-name", "data-advertiser", "data-brand", "data-partner")


def _party_after(block: Block, words: PartyWords) -> tuple[str, str] | None:
    """The party named in markup next to a label that ends in "supported by": a logo's alt text,
    a data-sponsor attribute, a short line of text, or the domain the label links to. Only the
    label's close surroundings (its grandparent element) are searched; `words` tells a logo's alt
    text that names nobody ("logo") and a byline ("By ...") in the page's language."""
    node = block.node
    if node is None:
        return None
    start = node.element
    scope = start
    for _ in range(2):
        parent = scope.getparent()
        if parent is not None and parent.tag not in ("body", "html"):
            scope = parent
    link_domain = None
    for ancestor in (start, *islice(start.iterancestors(), 3)):
        found = _attr_party(ancestor, words)
        if found:
            return found, "markup"
        if ancestor.tag == "a" and link_domain is None:
            link_domain = _domain(ancestor)
    for element in start.iterdescendants("img"):  # "Supported by <img alt=...>" inside the label
        alt = " ".join((element.get("alt") or "").split())
        if alt and not words.generic_alt(alt):
            return alt, "markup"
    for element in _following(start, scope):
        if not isinstance(element.tag, str):
            continue
        if marks_credit(element) or words.opens_byline(element.text or "") or element.tag in _HEADINGS:
            break  # the byline after a label names the author, a heading the article: not the sponsor
        found = _attr_party(element, words)
        if found:
            return found, "markup"
        if element.tag == "img":
            alt = (element.get("alt") or "").strip()
            if alt and not words.generic_alt(alt):
                return alt, "markup"
        if element.tag == "a" and link_domain is None:
            link_domain = _domain(element)
        text = " ".join((element.text or "").split())
        if text and element.tag not in ("script", "style"):
            if len(text) > 60:
                break
            return text, "label"
    if link_domain:
        return link_domain, "markup"
    return None


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class PartyWords:
    """What the page language says about markup near a label: alt texts that name nobody, and
    the start of a byline ("By <a>Name</a>": the element's own text is only the word)."""

    generic_alt: Callable[[str], bool]
    opens_byline: Callable[[str], bool]


def _following(start, scope) -> Iterator:
    """The elements after `start`'s own subtree inside `scope`, in document order: the part of
    scope.iter() after start, without walking the part before it again for every label."""
    node = start
    while node is not None and node is not scope:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


_AD_WORDS = frozenset({"ad", "ads", "adv", "advert", "advertisement", "adslot", "adunit", "gpt", "dfp", "banner",
                       "doubleclick", "teads", "outbrain", "taboola", "sponsor", "sponsored", "promo"})


def _marks_ad_slot(block: Block) -> bool:
    """A bare "Advertisement"/"Anzeige" block followed by an ad container (an iframe, an <ins>, an
    element named like an ad slot, or an empty placeholder) labels the ad, not the article."""
    if block.node is None:
        return False
    sibling = block.node.element.getnext()
    for _ in range(2):
        if sibling is None:
            return False
        if isinstance(sibling.tag, str):
            if sibling.tag in ("iframe", "ins", "script"):
                return True
            if _AD_WORDS & class_words(f"{sibling.get('class') or ''} {sibling.get('id') or ''}"):
                return True
            empty = not "".join(sibling.itertext()).strip()
            return empty and sibling.tag in ("div", "aside", "section", "figure")
        sibling = sibling.getnext()
    return False


MENU_ITEMS = 4


def _in_menu(block: Block) -> bool:
    """A list item holding a link, in a list of several: a menu entry ("Sponsored" as a section)."""
    if block.node is None or block.node.name != "li":
        return False
    item = block.node.element
    parent = item.getparent()
    if parent is None or item.find(".//a") is None:
        return False
    return sum(1 for _ in islice((child for child in parent if child.tag == "li"), MENU_ITEMS)) >= MENU_ITEMS


def _attr_party(element, words: PartyWords) -> str | None:
    for attr in _PARTY_ATTRS:
        value = element.get(attr)
        if value and value.strip():
            return _logo_alt(element, words) or value.strip()
    return None


def _logo_alt(element, words: PartyWords) -> str | None:
    for img in element.iter("img"):
        alt = (img.get("alt") or "").strip()
        if alt and not words.generic_alt(alt):
            return alt
    return None


def _domain(link) -> str | None:
    match = re.match(r"https?://(?:www\.)?([^/:?#]+)", link.get("href") or "")
    return match.group(1) if match else None
