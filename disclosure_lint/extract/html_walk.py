"""One pass over the lxml tree of a page: text runs grouped by the block element a reader sees
them in, every element's possible role (navigation, footer, ad slot, hidden, an <article> of its
own), and the head's metadata (title, meta tags, JSON-LD, lang).

lxml is the libxml2 parser that BeautifulSoup's lxml builder drives; walking lxml's own tree
skips building a second tree of Python objects (about a tenth of the cost per page) and keeps
each element's source line, which BeautifulSoup's lxml builder drops."""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.etree as etree

from disclosure_lint.extract.crowded_tags import cap_attributes

BLOCK_TAGS = frozenset((
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
).split())
SKIP_TAGS = frozenset((
    "script style noscript template svg math iframe object embed canvas select textarea button title "
    "video audio map datalist option input"
).split())
FURNITURE_TAGS = {"nav": "navigation", "footer": "footer", "aside": "sidebar", "form": "form"}
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                             "dialog", "alertdialog", "tooltip"})
FURNITURE_WORDS = {
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
SITE_WORDS = frozenset({"header", "footer", "nav", "navigation", "branding", "title", "logo", "description"})
HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "d-none", "mfp-hide", "sr-only", "visually-hidden",
                            "visuallyhidden", "screen-reader-text", "u-hidden", "invisible", "display-none"})
CREDIT_WORDS = frozenset({"byline", "author", "authors", "credit", "credits", "contributor", "contributors",
                          "writer", "autor", "auteur", "verfasser", "reporter"})
_BODY_HINT = re.compile(r"(?<![a-z])(?:entry|article|post|story|blog|news|single|td-post)[-_]{0,2}"
                        r"(?:content|body|text|entry|inner)(?![a-z])|articlebody|storytext", re.IGNORECASE)
# Class or id words of a box that discloses ("disclosure", "disclaimer", "sponsor-note").
_DISCLOSES = re.compile(r"(?<![a-z])(?:disclosures?|disclaimers?|transparency|sponsor[-_]?(?:note|notice|disclosure)"
                        r"|advertiser[-_]?disclosure|affiliate[-_]?disclosure)(?![a-z])", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A word of a class or id: ASCII letters and digits, split where a lower-case letter or digit
# meets an upper-case one ("AdSlot" -> Ad, Slot; "HTMLParser" stays one word).
_WORD = re.compile(r"[A-Z]+[a-z0-9]*|[a-z0-9]+")
_SPACE = re.compile(r"\s+")
LINE_BREAK = "\u2028"
# Plain etree parser: lxml.html's element classes cost a lookup per element and add nothing here.
# huge_tree lifts libxml2's 10 MB cap on one text or attribute value (a page with an inline image
# as a data: URL) and raises its nesting limit from 256 to 2048; inputs are size-capped upstream.
_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False, huge_tree=True)
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
# Where libxml2 reads HTML otherwise than a browser does, the page is first put in a form both read
# alike (line and offset of every character kept):
# - libxml2 drops everything after the first </html> (and an early </body> ends the body); a browser
#   goes on putting what follows into the body. Pages saved with a player's or an ad's whole document
#   inside them end, for libxml2, at that document's </html>, and the article after it is lost.
#   Those end tags are blanked: the parser closes the body at the end of the text, as a browser does.
# - The content of raw-text elements (<iframe>, <noembed>, <noframes>, <xmp>) is text to a browser,
#   markup to libxml2; it is blanked.
_RAW_TEXT = ("iframe", "noembed", "noframes", "xmp")
_RAW_OPEN = re.compile(r"<(" + "|".join(_RAW_TEXT) + r")(?=[\s/>])", re.IGNORECASE)
_RAW_CLOSE = {name: re.compile("</" + name, re.IGNORECASE) for name in _RAW_TEXT}
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def as_browsers_read(text: str) -> str:
    """The page with its </body> and </html> end tags and its raw-text content blanked. The end tags
    that close the text (nothing but space after them) stay: there is nothing for libxml2 to drop."""
    text = blank_raw_text(text)
    ends = list(_DOCUMENT_END.finditer(text))
    tail = len(text)
    while ends and not text[ends[-1].end():tail].strip():
        tail = ends.pop().start()
    if not ends:
        return text
    parts, done = [], 0
    for end in ends:
        parts += [text[done:end.start()], " " * (end.end() - end.start())]
        done = end.end()
    return "".join(parts) + text[done:]


def blank_raw_text(text: str) -> str:
    """The page with the content of its raw-text elements blanked (newlines kept, so every line and
    offset stays where it was). One forward scan: linear in the page's size, unclosed ones included."""
    parts: list[str] = []
    done = 0
    for opening in _RAW_OPEN.finditer(text):
        if opening.start() < done:
            continue
        content = text.find(">", opening.end())
        closing = _RAW_CLOSE[opening.group(1).lower()].search(text, content) if content != -1 else None
        if closing is None:
            break  # never closed: HTML reads it as text to the end, libxml2 as markup; leave it
        inside = text[content + 1:closing.start()]
        parts += [text[done:content + 1], "\n".join(" " * len(line) for line in inside.split("\n"))]
        done = closing.start()
    return "".join(parts) + text[done:] if parts else text



class PageTooComplex(ValueError):
    """The HTML parser stopped before the end of the page (elements nested past its depth limit),
    so a check would judge a page it had only partly read. `kind` is the error kind reported."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def _parser_limit(error) -> PageTooComplex:
    depth = re.search(r"depth in document: (\d+)", error.message)
    if depth:
        return PageTooComplex("too-deep", f"elements nest more than {depth.group(1)} levels deep (line "
                                          f"{error.line}), past what the HTML parser reads")
    reason = error.message.split(",")[0].strip()
    return PageTooComplex("too-large", f"the HTML parser stopped at line {error.line} ({reason})")


def _words(value: str) -> tuple[str, ...]:
    """Class and id names split into lower-case words, in source order and without repeats:
    "AdSlot__leader-2" -> ad, slot, leader, 2. Source order keeps the furniture reason of an
    element with two furniture words ("footer-nav") the same in every process."""
    return tuple(dict.fromkeys(map(str.lower, _WORD.findall(value))))


@lru_cache(maxsize=8192)
def _class_facts(class_text: str, ident: str) -> tuple[bool, str | None, bool, bool]:
    """What an element's class and id say, computed once per distinct pair: (hidden by a class,
    furniture reason from class/id words, a byline/credit box, an article-body hint)."""
    hidden = bool(class_text) and not HIDDEN_CLASSES.isdisjoint(class_text.lower().split())
    words = _words(class_text + " " + ident)
    reason = next((FURNITURE_WORDS[w] for w in words if w in FURNITURE_WORDS), None)
    if reason is None and "site" in words and not SITE_WORDS.isdisjoint(words):
        reason = "page furniture"
    credit = not CREDIT_WORDS.isdisjoint(words)
    hint = bool(_BODY_HINT.search(class_text) or _BODY_HINT.search(ident))
    return hidden, reason, credit, hint


def _names_author(attrs) -> bool:
    return attrs.get("itemprop") == "author" or "author" in (attrs.get("rel") or "").split()


def marks_credit(element) -> bool:
    """A byline or credit element by its markup, as the walk decides it: class or id words
    ("byline", "author", "credit" ...), itemprop or rel "author"."""
    attrs = element.attrib
    class_text, ident = attrs.get("class") or "", attrs.get("id") or ""
    if len(class_text) + len(ident) < _CACHED_FACTS and _class_facts(class_text, ident)[2]:
        return True
    return _names_author(attrs)


_NO_FACTS: tuple[bool, str | None, bool, bool] = (False, None, False, False)
_CACHED_FACTS = 1000  # longest class + id text kept in the cache


@lru_cache(maxsize=8192)
def class_words(value: str) -> frozenset[str]:
    """Class and id names split into lower-case words: "AdSlot__leader-2" -> ad, slot, leader, 2."""
    return frozenset(_words(value))


class Node:
    """What the walk learns about one element. `chain` holds the indices of the element and its
    ancestors that may be furniture, hidden, or an <article> of their own; whether they are is
    decided once the article body is known."""

    __slots__ = ("block", "chain", "credit", "depth", "element", "end", "hint", "index", "kind", "line", "name",
                 "parent")

    def __init__(self, element, index: int, name: str, parent: Node | None, line: int):
        self.element = element
        self.index = index
        self.name = name
        self.parent = parent
        self.depth = parent.depth + 1 if parent else 0
        self.line = line
        self.end = index
        self.kind: str | None = None
        self.chain: tuple[int, ...] = parent.chain if parent else ()
        self.credit = parent.credit if parent else False
        self.hint = False
        self.block = index if name in BLOCK_TAGS or parent is None else parent.block

    def contains(self, other: Node) -> bool:
        return self.index <= other.index <= self.end


class Segment:
    """Consecutive text of one block element, with the source line of each piece."""

    __slots__ = ("anchors", "credit", "node", "parts", "pieces", "size")

    def __init__(self, node: Node):
        self.node = node
        self.parts: list[str] = []
        self.anchors: list[tuple[int, int]] = []
        self.pieces: list[tuple[int, int]] = []  # where each text node's text sits
        self.size = 0
        self.credit = node.credit


class Walk:
    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.segments: list[Segment] = []
        self.title: str | None = None
        self.title_line = 0
        self.meta: dict[str, list[str]] = {}
        self.meta_lines: dict[str, int] = {}
        self.jsonld: list[tuple[str, int]] = []
        self.scripts: list[tuple[str, int]] = []  # inline scripts: publishers' page-config flags
        self.links: list[Node] = []
        self.lang: str | None = None
        self._current: Segment | None = None
        self._last_owner = -1

    def run(self, text: str) -> Walk:
        try:
            root = etree.fromstring(cap_attributes(as_browsers_read(text)).encode("utf-8", "surrogatepass"),
                                    parser=_PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None  # nothing a parser recognises as HTML: an empty page
        for error in _PARSER.error_log:
            if error.type == _RESOURCE_LIMIT:
                raise _parser_limit(error)
        if root is None:
            return self
        nodes = self.nodes
        stack: list[Node] = []
        classify, emit = self._classify, self._emit
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, element in walker:
            if event == "start":
                parent = stack[-1] if stack else None
                tag = element.tag
                node = Node(element, len(nodes), tag if tag.__class__ is str else "", parent,
                            element.sourceline or (parent.line if parent else 1))
                nodes.append(node)
                stack.append(node)
                if not classify(node, element):
                    walker.skip_subtree()
                elif node.name == "br":
                    self._line_break(node)
                else:
                    text = element.text
                    if text:
                        emit(text, node, node.line)
            elif event == "end":
                node = stack.pop()
                node.end = len(nodes) - 1
                if stack:
                    tail = element.tail
                    if tail:
                        emit(tail, stack[-1], node.line)
            elif stack:  # a comment or processing instruction: only its tail is text
                tail = element.tail
                if tail:
                    emit(tail, stack[-1], element.sourceline or stack[-1].line)
        return self

    def _classify(self, node: Node, element) -> bool:
        """Record what the element is; False when its subtree holds no readable text."""
        name = node.name
        if name in _HEAD_TAGS:
            self._head(node, element, name)
        if not name or name in SKIP_TAGS:
            return False
        items = element.items()
        if not items:  # most elements: their role follows from the tag name alone
            role = _TAG_ROLES.get(name)
            if role:
                if name not in BLOCK_TAGS:
                    return False
                node.kind = role
                node.chain = (*node.chain, node.index)
            return True
        attrs = dict(items)
        if name == "a" and "href" in attrs:
            self.links.append(node)
        class_text = attrs.get("class") or ""
        ident = attrs.get("id") or ""
        if not class_text and not ident:
            facts = _NO_FACTS
        elif len(class_text) + len(ident) < _CACHED_FACTS:
            facts = _class_facts(class_text, ident)
        else:  # a huge class list: not worth keeping in the cache
            facts = _class_facts.__wrapped__(class_text, ident)
        role = _role(name, attrs, facts)
        if role and name not in BLOCK_TAGS:
            return False  # inline furniture (a hidden link, an ad label) never holds the article
        if role:
            node.kind = role
            node.chain = (*node.chain, node.index)
        if facts[2]:
            node.credit = True
        if facts[3]:
            node.hint = True
        itemprop = attrs.get("itemprop")
        if itemprop == "articleBody":
            node.hint = True
        elif _names_author(attrs):
            node.credit = True
        return True

    def _head(self, node: Node, element, name: str) -> None:
        """The page's language, meta tags, title, JSON-LD blocks and inline scripts."""
        attrs = element.attrib
        if name == "html":
            self.lang = attrs.get("lang") or attrs.get("{http://www.w3.org/XML/1998/namespace}lang")
        elif name == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, []).append(attrs["content"])
                self.meta_lines.setdefault(key, node.line)
        elif name == "title" and self.title is None and not _inside(node, "svg"):
            self.title = " ".join("".join(element.itertext()).split())
            self.title_line = node.line
        elif name == "script":
            if "ld+json" in (attrs.get("type") or "").lower():
                self.jsonld.append((element.text or "", node.line))
            elif element.text and "src" not in attrs:
                self.scripts.append((element.text, node.line))

    def _emit(self, raw: str, owner: Node, line: int) -> None:
        block = self.nodes[owner.block]
        current = self._current
        if raw.isspace():
            if current is not None and current.parts and current.node is block:
                current.parts.append(" ")
                current.size += 1
            return
        if current is None or current.node is not block:
            current = self._current = Segment(block)
            self.segments.append(current)
            self._last_owner = -1
        piece = _SPACE.sub(" ", raw)
        if (current.parts and self._last_owner != owner.index and not current.parts[-1][-1:].isspace()
                and not piece[:1].isspace()):
            piece = " " + piece  # separate the text of two inline elements
        current.anchors.append((current.size, line))
        current.pieces.append((current.size, current.size + len(piece)))
        current.parts.append(piece)
        current.size += len(piece)
        current.credit = current.credit or owner.credit
        self._last_owner = owner.index

    def _line_break(self, node: Node) -> None:
        current = self._current
        if current is not None and current.node is self.nodes[node.block]:
            current.parts.append(LINE_BREAK)
            current.size += 1


def _role(name: str, attrs: dict[str, str], facts: tuple[bool, str | None, bool, bool]) -> str | None:
    """Why an element may not be article content: hidden, furniture, or an <article> of its own."""
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return "hidden"
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "hidden"
    if facts[0]:
        return "hidden"
    if name == "article":
        return "article"
    if name in ("html", "body", "main"):
        return None
    if name in FURNITURE_TAGS:
        if name == "aside" and _DISCLOSES.search((attrs.get("class") or "") + " " + (attrs.get("id") or "")):
            return facts[1]  # <aside class="disclosure"> is the piece's own note, not a sidebar
        return FURNITURE_TAGS[name]
    role = (attrs.get("role") or "").lower()
    if role in FURNITURE_ROLES:
        return "navigation" if role == "navigation" else "page furniture"
    return facts[1]


_HEAD_TAGS = frozenset({"html", "meta", "title", "script"})
# The role of an element without attributes, by tag name alone (what _role returns for it).
_TAG_ROLES = {"article": "article", **FURNITURE_TAGS}


def _inside(node: Node, name: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name == name:
            return True
        parent = parent.parent
    return False
