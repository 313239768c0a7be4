"""Page text is hostile. Before any report shows it, control characters (ANSI escapes among
them) and bidirectional overrides are made visible instead of being obeyed."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def visible(text: str) -> str:
    """Replace control and bidi-override characters with a visible escape such as `\\x1b`."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       text)


def one_line(text: str) -> str:
    """Visible, and on one line: for formats where a newline starts a new record."""
    return visible(" ".join(str(text).split()))
