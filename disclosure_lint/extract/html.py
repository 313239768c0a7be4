"""HTML to Page with BeautifulSoup on the lxml tree builder, in one walk over the tree.

The walk turns text into blocks and remembers, for every element, which of its ancestors might be
page furniture (navigation, footers, ad slots, teaser widgets, hidden parts). Only once the article
body is known is furniture decided: a "sidebar" class on a wrapper that holds the article is not
furniture, so the guard is structural, not a list of exceptions."""

from __future__ import annotations

import re
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag

from disclosure_lint.extract import lines as source_lines
from disclosure_lint.extract.page import Block, Page

BLOCK_TAGS = frozenset((
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
).split())
SKIP_TAGS = frozenset((
    "script style noscript template svg math iframe object embed canvas select textarea button head "
    "video audio map datalist option input"
).split())
CHROME_TAG_KINDS = {"nav": "navigation", "footer": "footer", "aside": "sidebar", "form": "form"}
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                          "dialog", "alertdialog", "tooltip"})
CHROME_TOKENS = {
    **dict.fromkeys(("nav", "navbar", "navigation", "navi", "menu", "menus", "menubar", "submenu", "megamenu",
                     "breadcrumb", "breadcrumbs", "topnav", "sitenav", "subnav", "toolbar"), "navigation"),
    **dict.fromkeys(("footer", "colophon", "copyright"), "footer"),
    **dict.fromkeys(("sidebar", "sidebars", "widget", "widgets", "rail", "sidenav"), "sidebar"),
    **dict.fromkeys(("related", "recommended", "recommendation", "recommendations", "recirc", "recirculation",
                     "trending", "popular", "mostread", "teasers", "previews", "morestories"), "teaser"),
    **dict.fromkeys(("outbrain", "ob", "taboola", "trc", "revcontent", "plista", "ligatus", "zergnet", "mgid",
                     "dianomi", "sharethrough", "yieldmo", "teads", "adsense", "adsbygoogle"), "widget"),
    **dict.fromkeys(("ad", "ads", "adv", "advert", "adverts", "advertisement", "advertisements", "adslot",
                     "adunit", "adcontainer", "adwrapper", "gpt", "dfp", "doubleclick", "billboard",
                     "leaderboard", "skyscraper", "mpu", "superbanner", "bbccom"), "ad slot"),
    **dict.fromkeys(("comment", "comments", "disqus", "respond", "replies"), "comments"),
    **dict.fromkeys(("share", "sharing", "sharebar", "social", "socials"), "sharing"),
    **dict.fromkeys(("newsletter", "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr",
                     "cmp", "modal", "popup", "lightbox", "masthead", "topbar", "ticker", "pagination", "pager",
                     "search", "searchform", "login", "signin", "tagcloud"), "page furniture"),
}
SITE_CHROME = frozenset({"header", "footer", "nav", "navigation", "branding", "title", "logo", "description"})
HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "d-none", "mfp-hide", "sr-only", "visually-hidden",
                            "visuallyhidden", "screen-reader-text", "u-hidden", "invisible", "display-none"})
CREDIT_TOKENS = frozenset({"byline", "author", "authors", "credit", "credits", "contributor", "contributors",
                           "writer", "autor", "auteur", "verfasser", "reporter"})
_BODY_HINT = re.compile(r"(?<![a-z])(?:entry|article|post|story|blog|news|single|td-post)[-_]{0,2}"
                        r"(?:content|body|text|entry|inner)(?![a-z])|articlebody|storytext", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPACE = re.compile(r"\s+")
_LINE_BREAK = "\u2028"

PARAGRAPH_MIN = 80  # characters of text that make a block read as body copy


@lru_cache(maxsize=8192)
def _tokens(value: str) -> frozenset[str]:
    return frozenset(t.lower() for part in _SPLIT.split(value) for t in _CAMEL.split(part) if t)


class _Node:
    """What the walk learns about one element; `chain` lists the indices of its ancestors (itself
    included) that may be furniture, hidden, or an <article> of their own."""

    __slots__ = ("block", "chain", "credit", "depth", "end", "hint", "index", "kind", "name", "parent", "skip", "tag")

    def __init__(self, tag, index, name, parent, depth):
        self.tag = tag
        self.index = index
        self.name = name
        self.parent = parent
        self.depth = depth
        self.end = index
        self.kind: str | None = None
        self.chain: tuple[int, ...] = ()
        self.skip = False
        self.hint = False
        self.credit = False
        self.block = index


class _Segment:
    __slots__ = ("anchors", "credit", "node", "parts", "size")

    def __init__(self, node: _Node):
        self.node = node
        self.parts: list[str] = []
        self.anchors: list[tuple[int, int]] = []
        self.size = 0
        self.credit = node.credit


def read_html(text: str, url: str | None = None) -> Page:
    soup = BeautifulSoup(text, "lxml")
    walk = _Walk()
    walk.run(soup)
    return walk.page(text, url)


class _Walk:
    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.segments: list[_Segment] = []
        self.title: str | None = None
        self.title_node = -1
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[tuple[str, int]] = []
        self.lang: str | None = None

    # -- the walk -----------------------------------------------------------------------------
    def run(self, soup: BeautifulSoup) -> None:
        nodes = self.nodes
        by_id: dict[int, _Node] = {}
        open_stack: list[_Node] = []
        current: _Segment | None = None
        last_parent = -1
        for element in soup.descendants:
            kind = type(element)
            if kind is Tag:
                parent = by_id.get(id(element.parent))
                node = _Node(element, len(nodes), element.name, parent, parent.depth + 1 if parent else 0)
                nodes.append(node)
                by_id[id(element)] = node
                while open_stack and open_stack[-1].depth >= node.depth:
                    open_stack.pop().end = node.index - 1
                open_stack.append(node)
                self._classify(node, element, parent)
                if node.name == "br" and current is not None and not node.skip:
                    current.parts.append(_LINE_BREAK)
                    current.size += 1
            elif kind is NavigableString:
                parent = by_id.get(id(element.parent))
                if parent is None or parent.skip:
                    continue
                raw = str(element)
                if not raw.strip():
                    if current is not None and current.parts and current.node is nodes[parent.block]:
                        current.parts.append(" ")
                        current.size += 1
                    continue
                block = nodes[parent.block]
                if current is None or current.node is not block:
                    current = _Segment(block)
                    self.segments.append(current)
                    last_parent = -1
                piece = _SPACE.sub(" ", raw)
                if current.parts and last_parent != parent.index and not current.parts[-1][-1:].isspace() \
                        and not piece[:1].isspace():
                    piece = " " + piece
                current.anchors.append((current.size, parent.index))
                current.parts.append(piece)
                current.size += len(piece)
                current.credit = current.credit or parent.credit
                last_parent = parent.index
        for node in open_stack:
            node.end = len(nodes) - 1

    def _classify(self, node: _Node, tag: Tag, parent: _Node | None) -> None:
        name = node.name
        attrs = tag.attrs
        if parent is not None:
            node.chain = parent.chain
            node.credit = parent.credit
            node.skip = parent.skip
            if name not in BLOCK_TAGS:
                node.block = parent.block
        if name == "html":
            self.lang = attrs.get("lang") or attrs.get("xml:lang")
        elif name == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, []).append(str(attrs["content"]))
        elif name == "title" and self.title is None and not _in_svg(parent):
            self.title = tag.get_text(" ", strip=True)
            self.title_node = node.index
        elif name == "script" and "ld+json" in str(attrs.get("type", "")).lower():
            self.jsonld.append((tag.string or "", node.index))
        if node.skip or name in SKIP_TAGS:
            node.skip = True
            return
        classes = attrs.get("class")
        class_text = " ".join(classes) if isinstance(classes, list) else str(classes or "")
        ident = str(attrs.get("id") or "")
        reason = self._furniture(name, attrs, class_text, ident)
        if reason and name not in BLOCK_TAGS:
            # Inline furniture (a hidden link, an ad label span) never holds the article: drop its text.
            node.skip = True
            return
        if reason:
            node.kind = reason
            node.chain = (*node.chain, node.index)
        if class_text or ident:
            words = _tokens(class_text + " " + ident)
            if words & CREDIT_TOKENS:
                node.credit = True
            if _BODY_HINT.search(class_text) or _BODY_HINT.search(ident):
                node.hint = True
        if attrs.get("itemprop") == "articleBody":
            node.hint = True
        if attrs.get("itemprop") == "author" or "author" in (attrs.get("rel") or ()):
            node.credit = True

    @staticmethod
    def _furniture(name: str, attrs: dict, class_text: str, ident: str) -> str | None:
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return "hidden"
        style = attrs.get("style")
        if style and _HIDDEN_STYLE.search(str(style)):
            return "hidden"
        if class_text and not HIDDEN_CLASSES.isdisjoint(class_text.lower().split()):
            return "hidden"
        if name == "article":
            return "article"
        if name in ("html", "body", "main"):
            return None
        if name in CHROME_TAG_KINDS:
            return CHROME_TAG_KINDS[name]
        role = attrs.get("role")
        if role and str(role).lower() in CHROME_ROLES:
            return "navigation" if role == "navigation" else "page furniture"
        if class_text or ident:
            words = _tokens(class_text + " " + ident)
            for word in words:
                reason = CHROME_TOKENS.get(word)
                if reason:
                    return reason
            if "site" in words and words & SITE_CHROME:
                return "page furniture"
        return None

    # -- after the walk -------------------------------------------------------------------------
    def page(self, text: str, url: str | None) -> Page:
        nodes = self.nodes
        blocks = [self._block(seg) for seg in self.segments]
        blocks = [b for b in blocks if b is not None]
        paragraph = [len(b.text) >= PARAGRAPH_MIN and not b.heading for b in blocks]
        # Furniture that holds most of the page's body copy is a wrapper, not furniture.
        share: dict[int, int] = {}
        total = 0
        for block, is_paragraph in zip(blocks, paragraph, strict=True):
            if is_paragraph:
                total += len(block.text)
                for i in block.node.chain:
                    share[i] = share.get(i, 0) + len(block.text)
        wrappers = {i for i, size in share.items() if size > total * 0.5}

        def furniture(block: Block, body: _Node | None) -> bool:
            for i in block.node.chain:
                owner = nodes[i]
                if body is not None and owner.index <= body.index <= owner.end:
                    continue
                if owner.kind == "article" and body is None:
                    continue
                if owner.kind != "hidden" and i in wrappers:
                    continue
                if owner.kind == "footer" and body is not None and _article_footer(owner, body):
                    continue
                return True
            return False

        candidates = [i for i, b in enumerate(blocks) if paragraph[i] and not furniture(b, None)]
        body = self._body_container(blocks, candidates)
        keep = [not furniture(b, body) for b in blocks]
        in_body = [keep[i] and paragraph[i] and body is not None and body.index <= blocks[i].node.index <= body.end
                   for i in range(len(blocks))]
        body_blocks = [i for i, flag in enumerate(in_body) if flag]
        headline = self._headline(blocks, keep, body_blocks)
        region = self._region(blocks, keep, body, body_blocks, headline)
        kept = [blocks[i] for i in region]
        index = {old: new for new, old in enumerate(region)}
        resolver = source_lines.ElementLines(text, len(nodes))
        for block in kept:
            block.anchors = [(offset, resolver.line(ref)) for offset, ref in block.anchors]
        jsonld = [(raw, resolver.line(ref)) for raw, ref in self.jsonld]
        page = Page(
            blocks=kept,
            headline=index.get(headline) if headline is not None else None,
            body_start=index.get(body_blocks[0]) if body_blocks else None,
            body_end=index.get(body_blocks[-1]) if body_blocks else None,
            title=self.title,
            title_line=resolver.line(self.title_node) if self.title_node >= 0 else 0,
            lang_hint=self.lang,
            meta=self.meta,
            jsonld=jsonld,
            url=url,
        )
        page.party_after = _party_after
        return page

    @staticmethod
    def _block(segment: _Segment) -> Block | None:
        text = "".join(segment.parts)
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        stripped = stripped.rstrip()
        if not stripped.replace(_LINE_BREAK, "").strip():
            return None
        anchors = [(max(offset - lead, 0), ref) for offset, ref in segment.anchors]
        stripped = stripped.replace(_LINE_BREAK, "\n")
        block = Block(text=stripped, anchors=anchors, tag=segment.node.name, credit=segment.credit)
        block.node = segment.node
        return block

    def _body_container(self, blocks: list[Block], candidates: list[int]) -> _Node | None:
        """The element holding the article's body copy: a marked-up body (itemprop=articleBody,
        .entry-content ...) when it holds a fair share of the text, else the element whose
        children hold the most paragraph text (the readability heuristic)."""
        if not candidates:
            return None
        nodes = self.nodes
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
            ancestor = node
            while ancestor is not None:
                if ancestor.hint:
                    hinted[ancestor.index] = hinted.get(ancestor.index, 0) + size
                ancestor = ancestor.parent
        best = max(scores, key=scores.__getitem__) if scores else candidates[0]
        best_text = sum(len(blocks[i].text) for i in candidates
                        if nodes[best].index <= blocks[i].node.index <= nodes[best].end)
        if hinted:
            top = max(hinted.values())
            if top >= max(best_text * 0.3, 200):
                chosen = max((i for i, size in hinted.items() if size >= top * 0.9), key=lambda i: nodes[i].depth)
                return nodes[chosen]
        return nodes[best]

    def _headline(self, blocks: list[Block], keep: list[bool], body_blocks: list[int]) -> int | None:
        headings = [i for i, b in enumerate(blocks) if keep[i] and b.heading == 1]
        if not headings:
            headings = [i for i, b in enumerate(blocks) if keep[i] and b.heading == 2]
        if not headings:
            return None
        wanted = [_norm(t) for t in (self.title, *self.meta.get("og:title", ())) if t]
        for i in headings:
            heading = _norm(blocks[i].text)
            if heading and any(w in heading or (heading in w and len(heading) >= len(w) / 2)
                               for w in wanted if len(w) > 8):
                return i
        start = body_blocks[0] if body_blocks else len(blocks)
        before = [i for i in headings if i <= start]
        return before[-1] if before else headings[0]

    def _region(self, blocks, keep, body, body_blocks, headline) -> list[int]:
        """The blocks that belong to the article: its header zone, its body, and what follows the
        body inside the element that holds both headline and body."""
        kept = [i for i, flag in enumerate(keep) if flag]
        if body is None or not body_blocks:
            return kept
        nodes = self.nodes
        root = body
        if headline is not None:
            root = _common_ancestor(blocks[headline].node, body)
        if root.name in ("html", "body") or root.parent is None:
            root = body.parent or body
        start, end = body_blocks[0], body_blocks[-1]
        inside = [i for i in kept if root.index <= blocks[i].node.index <= root.end]
        first_inside = inside[0] if inside else start
        before = [i for i in kept if i < first_inside][-6:]
        region = set(before)
        region.update(i for i in inside)
        region.update(i for i in kept if start <= i <= end)
        if headline is not None and keep[headline]:
            region.add(headline)
        del nodes
        return sorted(region)


def _article_footer(footer: _Node, body: _Node) -> bool:
    """A <footer> inside the article that holds the body is the article's own footer (byline,
    disclosure), not the page's."""
    node = footer.parent
    while node is not None:
        if node.name in ("article", "main") or node.index <= body.index <= node.end:
            return node.index <= body.index <= node.end
        node = node.parent
    return False


def _in_svg(parent: _Node | None) -> bool:
    while parent is not None:
        if parent.name == "svg":
            return True
        parent = parent.parent
    return False


def _common_ancestor(a: _Node, b: _Node) -> _Node:
    seen = set()
    node: _Node | None = a
    while node is not None:
        seen.add(node.index)
        node = node.parent
    node = b
    while node is not None and node.index not in seen:
        node = node.parent
    return node or b


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


_GENERIC_ALT = re.compile(r"^(?:logo|image|img|icon|photo|picture|sponsor|sponsor logo|partner|partner logo|\s*)$",
                          re.IGNORECASE)
_PARTY_ATTRS = ("data-sponsor", "data-sponsor-name", "data-advertiser", "data-brand", "data-partner")


def _party_after(block: Block) -> tuple[str, str] | None:
    """The party named in markup next to a label that ends in "supported by": a logo's alt text,
    a data-sponsor attribute, a short line of text, or the domain the label links to. Only the
    label's close surroundings (its grandparent element) are searched."""
    node = block.node
    if node is None:
        return None
    start: Tag = node.tag
    scope = start
    for _ in range(2):
        if scope.parent is not None and scope.parent.name not in ("body", "html", "[document]"):
            scope = scope.parent
    link_domain = None
    for ancestor in (start, *list(start.parents)[:3]):
        if isinstance(ancestor, Tag):
            found = _attr_party(ancestor)
            if found:
                return found, "markup"
            if ancestor.name == "a" and link_domain is None:
                link_domain = _domain(ancestor)
    last = scope._last_descendant()
    for element in start.next_elements:
        if isinstance(element, Tag):
            found = _attr_party(element)
            if found:
                return found, "markup"
            if element.name == "img":
                alt = str(element.get("alt") or "").strip()
                if alt and not _GENERIC_ALT.match(alt):
                    return alt, "markup"
            if element.name == "a" and link_domain is None:
                link_domain = _domain(element)
        elif type(element) is NavigableString:
            text = " ".join(str(element).split())
            if text and not any(parent is start for parent in element.parents):
                if len(text) > 60:
                    break
                return text, "label"
        if element is last:
            break
    if link_domain:
        return link_domain, "markup"
    return None


def _attr_party(tag: Tag) -> str | None:
    for attr in _PARTY_ATTRS:
        value = tag.get(attr)
        if isinstance(value, str) and value.strip():
            return _logo_alt(tag) or value.strip()
    return None


def _domain(link: Tag) -> str | None:
    match = re.match(r"https?://(?:www\.)?([^/:?#]+)", str(link.get("href") or ""))
    return match.group(1) if match else None


def _logo_alt(tag: Tag) -> str | None:
    img = tag.find("img")
    if img is not None:
        alt = str(img.get("alt") or "").strip()
        if alt and not _GENERIC_ALT.match(alt):
            return alt
    return None
