"""Page text is hostile. Before any report shows it, control characters (ANSI escapes among
them) and bidirectional overrides are made visible instead of being obeyed."""

from __future__ import annotations

import json
import re

_COMMAND_START = re.compile(r"(^|\s)::")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def visible(text: str) -> str:
    """Replace control and bidi-override characters with a visible escape such as `\\x1b`."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       text)


def one_line(text: str) -> str:
    """Visible, and on one line: for formats where a newline starts a new record. A `::` that
    could begin a line (at the start, or after a space where a terminal report may wrap) gets a
    zero-width space between its colons, so a CI log never reads it as a workflow command."""
    return _COMMAND_START.sub("\\1:\u200b:", _flat(text))


def _flat(text: str) -> str:
    return visible(" ".join(str(text).split()))


# Characters escaped inside JSON strings beyond what json.dumps does: C1 controls (a terminal may
# obey \x9b as an escape), line/paragraph separators (end a line in JavaScript) and bidi
# overrides; < > & so a report can be embedded in HTML without closing a <script>.
_JSON_EXTRA = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c<>&]")
_XML_INVALID = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_MARKDOWN_SAFE = frozenset(" ,;-'./")
_WWW_AUTOLINK = re.compile(r"(www)\.", re.IGNORECASE)


def json_text(data: object, indent: int | None = None) -> str:
    """JSON that any consumer can show or embed: still the same values when parsed."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def workflow_data(text: str) -> str:
    """A GitHub workflow command's message: one line, with % CR LF percent-encoded."""
    return _flat(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A workflow command property (file=, title=): also : and , encoded, which end a property."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def xml_text(text: str) -> str:
    """Visible and valid in XML 1.0; the XML writer still escapes < & and quotes."""
    return _XML_INVALID.sub("\ufffd", visible(str(text)))


def markdown_text(text: str) -> str:
    """One line of page text in Markdown that renders literally: every character that Markdown,
    HTML or GitHub's autolinks and @mentions could act on becomes a numeric character reference."""
    escaped = "".join(c if c.isalnum() or c in _MARKDOWN_SAFE else f"&#{ord(c)};" for c in one_line(text))
    return _WWW_AUTOLINK.sub(r"\1&#46;", escaped)
