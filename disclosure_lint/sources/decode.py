"""Bytes to text: BOM first, then the declared charset (HTTP header, then <meta>), checked
against the bytes, so a page that lies about its encoding still reads right."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# Every byte but the control characters that do not occur in text (tab, newlines, form feed do).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
# Labels servers put on UTF-8 pages by default; compared by codecs' canonical names (iso8859-1, cp1252...).
_LATIN_FAMILY = frozenset(codecs.lookup(name).name for name in ("iso-8859-1", "us-ascii", "windows-1252"))


class DecodeError(ValueError):
    """The bytes are not text: binary content, or an encoding nothing can read."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def normalise_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not a text document."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a document. Raises DecodeError for binary content."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name, errors="replace"), name)
    if looks_binary(data):
        raise DecodeError("binary content, not a text document")
    candidates = [normalise_encoding(declared)]
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(normalise_encoding(match.group(1).decode("ascii", "replace")))
    for name in candidates:
        if not name:
            continue
        if name in _LATIN_FAMILY:
            # A Latin-1 label on bytes that are valid UTF-8 with non-ASCII characters is a wrong label.
            if _is_utf8_with_multibyte(data):
                return Decoded(data.decode("utf-8"), "utf-8")
            return Decoded(data.decode("cp1252", errors="replace"), "cp1252")
        try:
            return Decoded(data.decode(name), name)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252")


def _is_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
