"""Plain text and Markdown drafts to Page. Markdown syntax is read, not rendered: front matter
gives title and author, fenced code and link definitions are skipped, emphasis and link syntax
are removed so "**Sponsored by [Acme](https://acme.example)**" reads "Sponsored by Acme".
Blank lines and rules separate blocks; every line keeps its number."""

from __future__ import annotations

import re

from disclosure_lint.extract.page import Block, Page, body_copy

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Link, image, autolink and tag syntax never spans the start of another one ("[" or "<"), so a
# line of ten thousand unclosed "[" or "<a" is read in one pass instead of one pass per bracket.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^)\[]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\](?:\([^)\[]*\)|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|(?<![\w])_|_(?![\w])|`+)")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LIST = re.compile(r"^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def read_text(text: str, url: str | None = None) -> Page:
    lines = text.splitlines()
    front, front_lines, first = _front_matter(lines)
    blocks: list[Block] = []
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    size = 0
    fence: str | None = None
    pending_tag = "p"

    def flush(tag: str = "p") -> None:
        nonlocal parts, anchors, size
        if parts:
            blocks.append(Block(text="\n".join(parts), anchors=anchors, tag=tag))
        parts, anchors, size = [], [], 0

    body = _strip_comments("\n".join(lines[first:]))
    for number, raw in enumerate(body.split("\n"), start=first + 1):
        if fence:
            if raw.strip().startswith(fence):
                fence = None
            continue
        fenced = _FENCE.match(raw)
        if fenced:
            flush(pending_tag)
            fence = fenced.group(1)
            continue
        if not raw.strip() or _LINK_DEF.match(raw):
            flush(pending_tag)
            pending_tag = "p"
            continue
        if parts and _SETEXT.match(raw) and len(parts) == 1:
            flush("h1" if raw.strip().startswith("=") else "h2")
            continue
        if _RULE.match(raw):
            flush(pending_tag)
            continue
        heading = _HEADING.match(raw)
        if heading:
            flush(pending_tag)
            cleaned = clean_inline(heading.group(2))
            if cleaned:
                blocks.append(Block(text=cleaned, anchors=[(0, number)], tag=f"h{len(heading.group(1))}"))
            continue
        cleaned = clean_inline(_LIST.sub("", _QUOTE.sub("", raw)))
        if not cleaned:
            continue
        anchors.append((size + (1 if parts else 0), number))
        size += len(cleaned) + (1 if parts else 0)
        parts.append(cleaned)
    flush(pending_tag)

    title = front.get("title")
    headline = _headline(blocks, title)
    copy = body_copy(blocks)
    body_blocks = [i for i, flag in enumerate(copy) if flag and (headline is None or i > headline)]
    page = Page(
        blocks=blocks,
        headline=headline,
        body_start=body_blocks[0] if body_blocks else None,
        body_end=body_blocks[-1] if body_blocks else None,
        title=title,
        title_line=next((i + 1 for i, line in enumerate(lines[:first]) if line.lower().startswith("title:")), 0),
        front_matter=front,
        front_lines=front_lines,
        url=url,
    )
    page.party_after = lambda block, words: _next_short_line(page, block)
    return page


def _strip_comments(text: str) -> str:
    """HTML comments removed, their newlines kept. Only text up to the last "-->" can hold one,
    so unclosed "<!--" after it are not each searched to the end of the text."""
    last = text.rfind("-->")
    if last < 0:
        return text
    head = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text[:last + 3])
    return head + text[last + 3:]


def clean_inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub("", line)
    line = _EMPHASIS.sub("", line)
    return " ".join(line.split())


def _front_matter(lines: list[str]) -> tuple[dict[str, str], dict[str, int], int]:
    """Simple YAML front matter between `---` lines: `key: value`, folded lines, and lists written
    either way (`tags: [a, b]` or `- a` items below the key, kept as "a, b")."""
    if not lines or lines[0].strip() != "---":
        return {}, {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            data: dict[str, str] = {}
            where: dict[str, int] = {}
            key = None
            for number, line in enumerate(lines[1:end], start=2):
                match = _FRONT_KEY.match(line)
                if match:
                    key = match.group(1).lower()
                    data[key] = match.group(2).strip().strip("'\"")
                    where[key] = number
                elif key and line.strip().startswith("- "):
                    item = line.strip()[2:].strip().strip("'\"")
                    data[key] = f"{data[key]}, {item}" if data[key] else item
                elif key and line.startswith((" ", "\t")) and data[key]:
                    data[key] = (data[key] + " " + line.strip()).strip("'\"")
            return data, where, end + 1
    return {}, {}, 0


def _headline(blocks: list[Block], title: str | None) -> int | None:
    for i, block in enumerate(blocks[:20]):
        if block.heading == 1:
            return i
    if title:
        return None
    for i, block in enumerate(blocks[:3]):
        if len(block.text) < 200 and "\n" not in block.text and not block.text.endswith((".", ":")):
            return i
    return None


def _next_short_line(page: Page, block: Block) -> tuple[str, str] | None:
    """For a label line ending in "sponsored by", the name on the next line, if that line is short."""
    try:
        index = next(i for i, b in enumerate(page.blocks) if b is block)
    except StopIteration:
        return None
    if index + 1 < len(page.blocks):
        following = page.blocks[index + 1].text.split("\n")[0]
        if len(following) <= 60:
            return following, "label"
    return None
