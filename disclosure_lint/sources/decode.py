"""Bytes to text: BOM first, then the declared charset (HTTP header, then <meta>), checked
against the bytes, so a page that lies about its encoding still reads right. Bytes the
declarations do not explain are handed to charset-normalizer, and its near-equal guesses are
settled by which one reads as words (mis-decoded text shows as symbols inside words, mixed
scripts, Latin words made of accented letters). What could not be decoded is counted: a page
that is mostly replacement characters is refused rather than checked as garbage."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
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
# Encodings by how common they are on the web, most common first: among guesses that read equally
# well, the more common one wins (iso-8859-2 before iso-8859-10, which decode Polish alike).
_WEB_ORDER = tuple(codecs.lookup(name).name for name in (
    "utf-8", "cp1252", "cp1251", "shift_jis", "cp932", "gb18030", "gbk", "gb2312", "euc_kr", "cp949", "euc_jp",
    "big5", "iso8859_2", "cp1250", "iso8859_9", "cp1254", "cp1256", "iso8859_15", "koi8_r", "iso8859_7",
    "cp1253", "cp1255", "iso8859_5", "cp874", "cp1257", "iso8859_13", "koi8_u", "iso8859_8", "iso8859_6",
    "cp1258", "iso8859_4", "iso8859_10", "iso8859_14", "iso8859_16", "iso8859_3", "mac_cyrillic", "cp866",
))
# An East Asian reading of at least CJK_SAMPLE characters needs this share of common ones (real text:
# 20-60%; random bytes read as Korean or Chinese: under 1%).
CJK_SAMPLE = 20
COMMON_CJK_SHARE = 0.03
DETECT_SAMPLE = 256 * 1024  # bytes of text the detector reads; it settles long before that
# A guess within this much of the detector's best "chaos" (0..1) is as plausible as the best.
_NEAR = 0.05
# More than this share of a page's text as replacement characters, and at least GARBLED_MIN of them:
# unreadable, an `encoding` error (a stray byte in a two-word draft is no reason to refuse it).
GARBLED_SHARE = 0.25
GARBLED_MIN = 16
_TAG = re.compile(r"<[^<>]*>")  # never spans a "<": linear however many unclosed tags
_TAG_BYTES = re.compile(rb"<[^<>]*>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_ALPHABET_LETTER = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_BETWEEN_LETTERS = re.compile(f"(?<=[{_ALPHABET_LETTER}])[^\\x00-\\x7f](?=[{_ALPHABET_LETTER}])")
# The Windows code page and the ISO-8859 part that write the same languages; the detector reports
# one of a pair and leaves out the other, so both are weighed.
_SIBLINGS = {"cp1250": "iso8859-2", "iso8859-2": "cp1250", "cp1253": "iso8859-7", "iso8859-7": "cp1253",
             "cp1254": "iso8859-9", "iso8859-9": "cp1254", "cp1257": "iso8859-13", "iso8859-13": "cp1257"}
# Non-letters that do sit between letters in real text (apostrophes, hyphens, the Catalan middle dot).
_IN_WORD = frozenset("\u2019\u2018\u02bc\u2010\u2011\u00b7\u00ad\u200c\u200d")
# Alphabets whose letters never share a word; a word mixing them was read in the wrong code page.
_ALPHABETS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "ARMENIAN", "GEORGIAN", "THAI"})


class DecodeError(ValueError):
    """The bytes are not text: binary content, or an encoding nothing can read."""

    def __init__(self, message: str, kind: str = "binary"):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text and how it was read: `declared` is the label the bytes came with (None without one);
    `guessed` is True when the encoding used is not one a BOM or label gave; `replacements` counts
    bytes that could not be decoded (each shown as U+FFFD)."""

    text: str
    encoding: str
    declared: str | None = None
    guessed: bool = False
    replacements: int = 0


def normalise_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None  # not rot13, base64...


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not a text document."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a document. Raises DecodeError for binary content (kind "binary") and for text
    that is mostly undecodable in every encoding (kind "encoding")."""
    return _checked(_decode(data, declared))


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name, errors="replace")
            return Decoded(text, name, name, False, text.count("\ufffd"))
    if looks_binary(data):
        raise DecodeError("binary content, not a text document")
    labels = [normalise_encoding(declared)]
    match = _META_CHARSET.search(data[:4096])
    if match:
        labels.append(normalise_encoding(match.group(1).decode("ascii", "replace")))
    labels = [name for name in labels if name]
    label = labels[0] if labels else None
    if data.isascii():  # the same text in every label but UTF-16/32: nothing to guess
        name = label if label and "a".encode(label) == b"a" else "utf-8"
        return Decoded(data.decode("ascii"), name, label)
    utf8 = _as_utf8(data)
    if utf8 is not None:  # other code pages almost never make valid multi-byte UTF-8: the label is wrong
        return Decoded(utf8, "utf-8", label, label != "utf-8")
    for name in labels:
        if name in _LATIN_FAMILY:
            return _latin(data, name)
        try:
            return Decoded(data.decode(name), name, name)
        except (UnicodeDecodeError, LookupError):
            continue
    return _guess(data, label)


def _latin(data: bytes, label: str) -> Decoded:
    """A Latin-1 label is what servers send by default: trusted (as Windows-1252, as browsers read
    it) unless the text it gives does not read as words and a guess reads better."""
    mostly = _mostly_utf8(data)
    if mostly:
        return Decoded(*mostly, label, True, mostly[0].count("\ufffd"))
    text = data.decode("cp1252", errors="replace")
    odd = misreading(text[:DETECT_SAMPLE])
    if odd > 0.2:
        guess = _detect(data)
        if guess and misreading(guess[1]) * 2 < odd:
            return _full(data, guess[0], label)
    return Decoded(text, "cp1252", label, False, text.count("\ufffd"))


def _guess(data: bytes, label: str | None) -> Decoded:
    """No label, or a label the bytes break: mostly-UTF-8 text keeps its few bad bytes as
    replacements; otherwise the detector's best reading; failing that, UTF-8 with replacements."""
    mostly = _mostly_utf8(data)
    if mostly:
        return Decoded(*mostly, label, label != "utf-8", mostly[0].count("\ufffd"))
    guess = _detect(data)
    if guess:
        return _full(data, guess[0], label)
    text = data.decode("utf-8", errors="replace")
    return Decoded(text, "utf-8", label, True, text.count("\ufffd"))


def _full(data: bytes, name: str, label: str | None) -> Decoded:
    """The whole document in the guessed encoding (the guess read a sample)."""
    text = data.decode(name, errors="replace")
    return Decoded(text, name, label, True, text.count("\ufffd"))


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """Bytes that are UTF-8 but for a few stray bytes: four good multi-byte characters per bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return (text, "utf-8") if good >= 4 * bad and good else None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of the text (markup removed), as (encoding, sample text)."""
    from charset_normalizer import from_bytes

    sample = _TAG_BYTES.sub(b" ", data[: DETECT_SAMPLE * 2])[:DETECT_SAMPLE]
    if len(sample) == DETECT_SAMPLE:  # cut at a space, never inside a multi-byte character
        sample = sample[: max(sample.rfind(b" "), sample.rfind(b"\n"), 1)]
    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    near = [match for match in matches if match.chaos <= best + _NEAR]
    c1 = any(0x80 <= byte <= 0x9F for byte in sample)  # C1 controls in ISO-8859-x: a Windows code page
    readings = {codecs.lookup(m.encoding).name: str(m) for m in near}
    for name in [_SIBLINGS[name] for name in readings if _SIBLINGS.get(name) not in (None, *readings)]:
        try:
            readings[name] = sample.decode(name)
        except UnicodeDecodeError:
            continue
    if c1:
        readings = {name: text for name, text in readings.items() if not name.startswith("iso8859")} or readings
    readings = {name: text for name, text in readings.items() if not _random_cjk(text)}
    if not readings:
        return None
    return min(readings.items(), key=lambda reading: (misreading(reading[1]), -_letter_share(reading[1]),
                                                      _rank(reading[0])))


def _random_cjk(text: str) -> bool:
    """East Asian double-byte code pages read almost any bytes as characters; real text in them
    uses the common ones (kana, 的, 是, 이, 다 ...), bytes that are not text give rare ones."""
    from charset_normalizer.constant import FREQUENCIES

    common = _common_cjk(id(FREQUENCIES))
    seen = [ch for ch in text if _is_cjk(ch)]
    if len(seen) < CJK_SAMPLE:
        return False
    usual = sum(1 for ch in seen if ch in common or "\u3040" <= ch <= "\u309f")  # with hiragana
    return usual < COMMON_CJK_SHARE * len(seen)


@functools.cache
def _common_cjk(_key: int) -> frozenset[str]:
    from charset_normalizer.constant import FREQUENCIES

    return frozenset("".join(ch for language in ("Japanese", "Chinese", "Korean")
                             for ch in FREQUENCIES.get(language, ())))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7A3
            or 0xF900 <= code <= 0xFAFF or 0xFF66 <= code <= 0xFF9F)


def _letter_share(text: str) -> float:
    """Of the characters beyond ASCII, the share that are letters: text is mostly letters, a wrong
    code page turns some into punctuation and signs (Greek "Ά" read as ISO-8859-7 is "’")."""
    beyond = [ch for ch in text if ch > "\x7f"]
    return round(sum(ch.isalpha() for ch in beyond) / len(beyond), 3) if beyond else 1.0


def misreading(text: str) -> float:
    """0 for text that reads as words; more for the marks of a wrong code page."""
    return round(latin_misfit(text), 2) + round(oddness(text), 2)


def _rank(name: str) -> int:
    return _WEB_ORDER.index(name) if name in _WEB_ORDER else len(_WEB_ORDER)


def oddness(text: str) -> float:
    """How badly text reads, per word holding more than ASCII: symbols between letters, words mixing
    scripts, and Latin words made mostly of accented letters are what a wrong code page makes."""
    junk = sum(1 for match in _BETWEEN_LETTERS.finditer(text)
               if not match.group().isalpha() and match.group() not in _IN_WORD)
    odd = junk
    words = junk
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        words += 1
        scripts = {_script(ch) for ch in word if ch > "\x7f"} & _ALPHABETS
        if len(scripts) > 1 or ("LATIN" in scripts and len(word) >= 4
                                and sum(ch > "\x7f" for ch in word) * 2 > len(word)):
            odd += 1
    return odd / words if words else 0.0


def latin_misfit(text: str) -> float:
    """The share of accented Latin letters that no single language's alphabet holds (0: one covers all)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch > "\x7f" and ch.isalpha() and _script(ch) == "LATIN":
            low = ch.lower()
            counts[low] = counts.get(low, 0) + 1
    total = sum(counts.values())
    if not total:
        return 0.0
    covered = max(sum(n for ch, n in counts.items() if ch in letters) for letters in _alphabets())
    return 1 - covered / total


@functools.cache
def _alphabets() -> tuple[frozenset[str], ...]:
    from disclosure_lint.resources import load_toml, rules_dir

    table = load_toml(rules_dir() / "decoding" / "alphabets.toml").get("letters", {})
    return tuple(frozenset(letters) for letters in table.values())


def _letter_at(text: str, index: int) -> bool:
    return index < len(text) and text[index].isalpha()


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def _checked(decoded: Decoded) -> Decoded:
    if decoded.replacements >= GARBLED_MIN:
        visible = len(_SPACE.sub("", _TAG.sub("", decoded.text)))
        if decoded.replacements > GARBLED_SHARE * max(visible, 1):
            share = round(100 * decoded.replacements / max(visible, 1))
            raise DecodeError(f"{share}% of its text cannot be decoded in {decoded.encoding} or any encoding "
                              "tried", "encoding")
    return decoded


def _as_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
