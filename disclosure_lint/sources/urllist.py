"""`--urls FILE`: one URL per line, or a spreadsheet's CSV export whose header names a URL column
(url, link, address ...). Read lazily, so a list of a million URLs costs no more memory than a
list of ten. A line that is not a URL is that line's error; a file that is not a list of URLs at
all (binary, a spreadsheet workbook, a CSV without a URL column, text without URLs) is one error
for the file, found from its first bytes before anything is fetched."""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from disclosure_lint.model import InputError
from disclosure_lint.sources.decode import looks_binary
from disclosure_lint.sources.urls import url_problem

HEAD_BYTES = 64 * 1024
# Header cells that name the column of addresses in a spreadsheet export (compared lower-cased).
URL_COLUMNS = ("url", "urls", "link", "links", "address", "web address", "url address", "href", "loc",
               "page", "page url", "page_url", "website", "site", "uri", "location", "adresse", "enlace")
DELIMITERS = ",;\t|"
# A text with this many non-comment lines and not one URL among them is not a list of URLs.
NO_URL_LINES = 3
_WORKBOOKS = ((b"PK\x03\x04", "a zip archive (an .xlsx or .ods workbook?)"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an .xls workbook"),
              (b"%PDF", "a PDF document"))
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_EXPORT_HINT = "export the sheet as CSV with a header cell named url, or as text with one URL per line"


class NotAUrlList(ValueError):
    """The file as a whole cannot be read as a list of URLs; the message names it and what to do."""


@dataclass(frozen=True, slots=True)
class ListShape:
    encoding: str
    column: int | None = None  # the URL column of a CSV export; None for one URL per line
    delimiter: str = ","


def inspect_url_list(path: str) -> ListShape:
    """The shape of the list at `path`, from its first bytes; raises NotAUrlList."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as exc:
        raise NotAUrlList(f"cannot read URL list {path}: {exc.strerror or exc}") from None
    return shape_of(path, head)


def shape_of(name: str, head: bytes) -> ListShape:
    for magic, what in _WORKBOOKS:
        if head.startswith(magic):
            raise NotAUrlList(f"{name} is {what}, not a list of URLs: {_EXPORT_HINT}")
    encoding = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
    if encoding == "utf-8-sig" and looks_binary(head):
        raise NotAUrlList(f"{name} is a binary file, not a list of URLs: give a text file with one URL per line, "
                          f"or {_EXPORT_HINT}")
    raw_lines = head.decode(encoding, "replace").splitlines()
    if len(raw_lines) > 1 and not head.endswith(b"\n"):  # the head may end inside a line
        raw_lines.pop()
    lines = [line for line in map(_content, raw_lines) if line]
    if not lines:
        return ListShape(encoding)
    first = lines[0]
    delimiter = _delimiter(first)
    if url_problem(first) is None or not delimiter:
        if len(lines) >= NO_URL_LINES and all(url_problem(line) for line in lines):
            raise NotAUrlList(f"{name} holds no URL in its first {len(lines)} lines: give one URL per line, "
                              "starting with https://")
        return ListShape(encoding)
    header = [cell.strip().lower() for cell in next(csv.reader([first], delimiter=delimiter))]
    for wanted in URL_COLUMNS:
        if wanted in header:
            return ListShape(encoding, header.index(wanted), delimiter)
    cells = ", ".join(repr(cell) for cell in header[:6])
    raise NotAUrlList(f"{name} looks like a spreadsheet export whose header ({cells}) names no URL column: "
                      "name the column of addresses url, or give one URL per line")


def read_url_list(path: str) -> Iterator[str | InputError]:
    name = "standard input" if path == "-" else path
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb", buffering=HEAD_BYTES)  # noqa: SIM115
    except OSError as exc:
        yield InputError(path, "unreadable", f"cannot read URL list {name}: {exc.strerror or exc}")
        return
    try:
        try:
            shape = shape_of(name, _peek(stream))
        except NotAUrlList as exc:
            yield InputError(path, "not-a-url-list", str(exc))
            return
        text = io.TextIOWrapper(stream, encoding=shape.encoding, errors="replace", newline="")
        if shape.column is None:
            yield from _lines(name, text)
        else:
            yield from _column(name, text, shape)
    except OSError as exc:
        yield InputError(path, "unreadable", f"cannot read URL list {name}: {exc.strerror or exc}")
    finally:
        if path != "-":
            stream.close()


def _lines(name: str, text: io.TextIOWrapper) -> Iterator[str | InputError]:
    for number, raw in enumerate(text, 1):
        line = _content(raw)
        if line:
            yield _url_or_error(line, f"{name}:{number}")


def _column(name: str, text: io.TextIOWrapper, shape: ListShape) -> Iterator[str | InputError]:
    rows = csv.reader(text, delimiter=shape.delimiter)
    next(rows, None)  # the header
    for row in rows:
        cell = row[shape.column].strip() if len(row) > shape.column else ""
        if cell:
            yield _url_or_error(cell, f"{name}:{rows.line_num}")


def _url_or_error(line: str, where: str) -> str | InputError:
    problem = url_problem(line)
    if not problem:
        return line
    return InputError(line, "invalid-url", f"{where}: {line!r}: {problem} (write the full address, starting with https://)")


def _content(raw: str) -> str:
    """A line without its BOM, surrounding space and `#` comment."""
    line = raw.lstrip("\ufeff").strip()
    line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
    return "" if line.startswith("#") else line


def _delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def _peek(stream) -> bytes:
    """The first bytes of the list, left in the stream for the reader."""
    peek = getattr(stream, "peek", None)
    return peek(HEAD_BYTES)[:HEAD_BYTES] if peek else b""
