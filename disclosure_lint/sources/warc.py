"""WARC and ARC archives to Documents, as a crawl stores pages: every HTML response record (status
200, an HTML payload, not truncated, not a revisit) is one document; every other record is counted
by why it was passed over, never silently dropped.

Reading streams: one record is in memory at a time, whatever the archive's size. warcio reads WARC
and ARC, gzipped per record or plain, and undoes chunked transfer and Content-Encoding. A record
that cannot be read is one error result that names its offset, and reading goes on at the next
record that can be found, so one bad byte never costs the rest of the file.

Each document carries its ArchiveRecord (URL, date, archive name, offset, stored length): the
coordinates Common Crawl's index uses, so results join back to the crawl."""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import BinaryIO

from disclosure_lint.model import ArchiveRecord, Document, InputError
from disclosure_lint.sources.files import document_from_bytes
from disclosure_lint.sources.formats import HTML_MEDIA_TYPES, is_archive

__all__ = ["Archive", "ArchiveTally", "SkipReason", "is_archive", "read_archive"]
# A record's payload larger than this is reported, not read (the same cap as a fetched page's default).
MAX_RECORD_BYTES = 10 * 1024 * 1024
_SCAN_BLOCK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."


class SkipReason(str, Enum):
    """Why a record is not a document to check."""

    NOT_RESPONSE = "not-response"  # warcinfo, request, metadata, resource, conversion; a non-HTTP response
    REVISIT = "revisit"  # the crawler saw the page unchanged and stored no payload
    STATUS = "not-200"  # a redirect, a 404, a server error
    NOT_HTML = "not-html"  # a PDF, an image, a script ...
    TRUNCATED = "truncated"  # the crawler stopped reading the payload (WARC-Truncated)


@dataclass
class ArchiveTally:
    """What was read from archives: every record is either a result (checked, or an error) or a
    skip with its reason, so `records == results + sum(skipped)` holds for every run."""

    archives: int = 0
    records: int = 0
    results: int = 0
    skipped: Counter = field(default_factory=Counter)  # SkipReason -> records

    def skip(self, reason: SkipReason) -> None:
        self.records += 1
        self.skipped[reason] += 1

    def result(self) -> None:
        self.records += 1
        self.results += 1

    def merge(self, other: ArchiveTally) -> None:
        self.archives += other.archives
        self.records += other.records
        self.results += other.results
        self.skipped.update(other.skipped)

    def as_dict(self) -> dict:
        return {"files": self.archives, "records": self.records, "results": self.results,
                "skipped": {reason.value: self.skipped[reason] for reason in SkipReason if self.skipped[reason]}}


@dataclass(frozen=True, slots=True)
class Archive:
    """One archive to read: where it is, and the name results carry (as the crawl's manifest and
    index spell it, e.g. crawl-data/CC-MAIN-2024-22/segments/.../x.warc.gz)."""

    path: str
    name: str


def read_archive(archive: Archive | str, tally: ArchiveTally | None = None,
                 max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Document | InputError]:
    """One result per HTML response record (or broken record), in file order."""
    if isinstance(archive, str):
        archive = Archive(archive, archive)
    tally = tally if tally is not None else ArchiveTally()
    try:
        stream = open(archive.path, "rb")  # noqa: SIM115 - closed below, after the generator's last record
    except FileNotFoundError:
        yield InputError(archive.name, "not-found", f"no such archive: {archive.path} (check the path)")
        return
    except PermissionError:
        yield InputError(archive.name, "unreadable", f"permission denied: {archive.path} (check its permissions)")
        return
    except OSError as exc:
        yield InputError(archive.name, "unreadable", f"cannot read {archive.path}: {exc.strerror or exc}")
        return
    with stream:
        if os.path.isdir(archive.path):
            yield InputError(archive.name, "unreadable", f"{archive.path} is a folder, not an archive")
            return
        tally.archives += 1
        head = stream.read(2)
        if not head:
            yield InputError(archive.name, "empty", f"{archive.path} is empty: it holds no records")
            return
        gzipped = head == _GZIP_MAGIC[:2]
        position: int | None = 0
        while position is not None:
            position = yield from _read_from(archive, stream, position, gzipped, tally, max_bytes)


def _read_from(archive: Archive, stream: BinaryIO, position: int, gzipped: bool, tally: ArchiveTally,
               max_bytes: int) -> Iterator[Document | InputError]:
    """Read records from `position` on. Returns where to go on after a broken record, or None at the end."""
    stream.seek(position)
    # The format follows the name: ARC records are read as WARC ones, and a WARC file is read as WARC
    # only, so a damaged header is an error rather than a line warcio would take for an ARC record.
    arc = archive.path.lower().endswith((".arc", ".arc.gz"))
    iterator = _QuietIterator(stream, arc2warc=arc)
    iterator.known_format = "arc" if arc else "warc"
    records = iter(iterator)
    while True:
        start = iterator.offset
        try:
            record = next(records)
        except StopIteration:
            return None
        except Exception as exc:  # a header warcio cannot parse, a gzip member that does not inflate ...
            return (yield from _broken(archive, stream, start, None, exc, gzipped, tally))
        try:
            item = _document(archive, record, max_bytes)
            offset, length = iterator.get_record_offset(), iterator.get_record_length()
        except Exception as exc:  # the payload itself is damaged
            url = record.rec_headers.get_header("WARC-Target-URI")
            return (yield from _broken(archive, stream, start, url, exc, gzipped, tally))
        if isinstance(item, SkipReason):
            tally.skip(item)
            continue
        tally.result()
        coordinates = ArchiveRecord(archive.name, offset, length, record.rec_headers.get_header("WARC-Target-URI"),
                                    record.rec_headers.get_header("WARC-Date"))
        yield dataclasses.replace(item, archive=coordinates)


def _document(archive: Archive, record, max_bytes: int) -> Document | InputError | SkipReason:
    if record.rec_type == "revisit":
        return SkipReason.REVISIT
    if record.rec_type != "response" or record.http_headers is None:
        return SkipReason.NOT_RESPONSE
    if record.rec_headers.get_header("WARC-Truncated"):
        return SkipReason.TRUNCATED
    http = record.http_headers
    if http.get_statuscode() != "200":
        return SkipReason.STATUS
    content_type = http.get_header("Content-Type") or record.rec_headers.get_header("WARC-Identified-Payload-Type")
    media, _, params = (content_type or "").partition(";")
    if media.strip().lower() not in HTML_MEDIA_TYPES:
        return SkipReason.NOT_HTML
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = url or f"{archive.name}@{record.rec_headers.get_header('WARC-Record-ID')}"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputError(source, "too-large", f"{source}: the page is over {max_bytes} bytes and was not read")
    return document_from_bytes(source, data, "html", declared=_charset(params), url=url)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _broken(archive: Archive, stream: BinaryIO, offset: int, url: str | None, exc: Exception, gzipped: bool,
            tally: ArchiveTally) -> Iterator[InputError]:
    """One error result for the record at `offset`; returns where the next readable record starts."""
    resume = _next_record_start(stream, offset + 1, gzipped)
    end = resume if resume is not None else _size(stream)
    reason = _reason(exc)
    then = (f"reading went on at byte {resume}" if resume is not None
            else "nothing after it could be read")
    tally.result()
    source = url or f"{archive.name}@{offset}"
    yield InputError(source, "broken-record",
                     f"{archive.name}: the record at byte {offset} could not be read ({reason}); {then}",
                     ArchiveRecord(archive.name, offset, max(0, end - offset), url))
    return resume


def _reason(exc: Exception) -> str:
    """What went wrong, in words: warcio's own messages quote the bytes it could not read."""
    if isinstance(exc, zlib.error):
        return "its compressed data is damaged"
    if type(exc).__name__ == "ArchiveLoadFailed":
        return "it does not start with a WARC or ARC record header"
    if isinstance(exc, (EOFError, ValueError)):
        return "its header or length is malformed"
    return f"{type(exc).__name__} while reading it"


def _next_record_start(stream: BinaryIO, start: int, gzipped: bool) -> int | None:
    """The offset of the next record at or after `start`: a gzip member that inflates to a record
    header, or a line starting 'WARC/1.' in a plain archive. Reads a block at a time."""
    needle = _GZIP_MAGIC if gzipped else _WARC_LINE
    position = start
    while True:
        stream.seek(position)
        block = stream.read(_SCAN_BLOCK + len(needle))
        if len(block) < len(needle):
            return None
        at = block.find(needle)
        while at != -1:
            candidate = position + at if gzipped else position + at + 1
            if candidate >= start and (not gzipped or _inflates_to_record(stream, candidate)):
                return candidate
            at = block.find(needle, at + 1)
        position += _SCAN_BLOCK


def _inflates_to_record(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(stream.read(4096), 64)
    except zlib.error:
        return False
    return head.startswith(b"WARC/") or head[:1].isalpha()  # ARC headers start with the URL


def _size(stream: BinaryIO) -> int:
    return stream.seek(0, os.SEEK_END)


def _quiet_iterator_class():
    import logging

    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    # warcio logs page-controlled text (a target URI with spaces) as warnings; they are not ours to print.
    logging.getLogger("warcio").addHandler(logging.NullHandler())
    logging.getLogger("warcio").propagate = False

    class StrictReader(DecompressingBufferedReader):
        """Damaged compressed data past a member's first block raises, instead of being written to
        standard error and read as the member's end (a record cut short without a word)."""

        def _decompress(self, data):
            if self.decompressor and data and self.num_block_read:
                return self.decompressor.decompress(data)
            return super()._decompress(data)

    class QuietIterator(ArchiveIterator):
        """warcio's iterator, strict about damaged gzip members, and without its warning on standard
        error when a record is not followed by blank lines (the message would carry page bytes to
        the terminal); the record still reads."""

        def __init__(self, fileobj, **options):
            super().__init__(fileobj, **options)
            self.reader = StrictReader(self.fh, block_size=self.reader.block_size)

        def _consume_blanklines(self):
            empty_size, first_line = 0, True
            while True:
                line = self.reader.readline()
                if not line:
                    return None, empty_size
                if not line.rstrip() or first_line:
                    empty_size += len(line)
                    if line.rstrip():
                        self.err_count += 1
                    first_line = False
                    continue
                return line, empty_size

    return QuietIterator


class _LazyQuiet:
    """Imports warcio when the first archive is read, so checking drafts never loads it."""

    cls = None

    def __call__(self, *args, **kwargs):
        if _LazyQuiet.cls is None:
            _LazyQuiet.cls = _quiet_iterator_class()
        return _LazyQuiet.cls(*args, **kwargs)


_QuietIterator = _LazyQuiet()
