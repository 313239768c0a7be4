"""Files, folders and standard input to Documents. Every failure becomes an InputError with a
kind and a message that says what to do; nothing raises past this module."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from disclosure_lint.model import Document, InputError, TextEncoding
from disclosure_lint.sources.decode import DecodeError, decode
from disclosure_lint.sources.formats import DOCUMENT_SUFFIXES, format_for_suffix, sniff_format
from disclosure_lint.sources.javascript import javascript_signal

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_path(source: str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Document | InputError]:
    """One file gives one result; a folder gives one per document file in it, sorted."""
    path = Path(source)
    try:
        if path.is_dir():
            yield from _read_folder(source, path, max_bytes)
            return
    except OSError as exc:
        yield InputError(source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
        return
    yield read_file(source, path, max_bytes)


def read_file(source: str, path: Path, max_bytes: int = MAX_FILE_BYTES) -> Document | InputError:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(source, "too-large", f"{source} is {size} bytes, over the {max_bytes}-byte cap")
        data = path.read_bytes()
    except FileNotFoundError:
        return InputError(source, "not-found", f"no such file or folder: {source} (check the path)")
    except PermissionError:
        return InputError(source, "unreadable", f"permission denied: {source} (check its permissions)")
    except IsADirectoryError:
        return InputError(source, "unreadable", f"{source} is a folder that cannot be listed")
    except OSError as exc:
        return InputError(source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
    return document_from_bytes(source, data, format_for_suffix(path.suffix), path=str(path))


def read_stdin(source: str = "-") -> Document | InputError:
    """Standard input as `source`: "-", or the name --stdin-filename gives it (whose suffix, like a
    file's, says how to read it)."""
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        return InputError(source, "unreadable", f"cannot read standard input: {exc}")
    return document_from_bytes(source, data, None if source == "-" else format_for_suffix(Path(source).suffix))


def document_from_bytes(
    source: str, data: bytes, fmt: str | None, *, declared: str | None = None,
    url: str | None = None, path: str | None = None,
) -> Document | InputError:
    if not data or data.isspace():  # stops at the first visible byte, unlike strip() which copies
        return InputError(source, "empty", f"{source} is empty: nothing to check")
    try:
        decoded = decode(data, declared)
    except DecodeError as exc:
        if exc.kind == "encoding":
            return InputError(source, "encoding", f"{source}: {exc}; save it as UTF-8 (or declare its charset) "
                                                  "and check it again")
        return InputError(source, "binary", f"{source} is binary, not HTML, Markdown or text")
    encoding = TextEncoding(decoded.encoding, decoded.declared, decoded.guessed, decoded.replacements)
    return document_from_text(source, decoded.text, fmt, url=url, path=path, data=data, encoding=encoding)


def document_from_text(source: str, text: str, fmt: str | None, *, url: str | None = None,
                       path: str | None = None, data: bytes | None = None,
                       encoding: TextEncoding | None = None) -> Document | InputError:
    """A decoded document; `data`, its bytes as read, when there were any (the JavaScript signal
    looks at them), and `encoding`, how they were decoded."""
    if not text or text.isspace():
        return InputError(source, "empty", f"{source} is empty: nothing to check")
    fmt = fmt or sniff_format(text)
    signal = javascript_signal(text, data) if fmt == "html" else None
    return Document(source=source, text=text, format=fmt, url=url, path=path, signals=(signal,) if signal else (),
                    encoding=encoding)


def _read_folder(source: str, folder: Path, max_bytes: int) -> Iterator[Document | InputError]:
    files = sorted(_document_files(folder))
    if not files:
        yield InputError(
            source, "no-documents",
            f"{source} holds no .html, .htm, .md or .txt files: point at a document or another folder",
        )
        return
    for file in files:
        yield read_file(_display(source, folder, file), file, max_bytes)


def _document_files(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                yield Path(root) / name


def _display(source: str, folder: Path, file: Path) -> str:
    """A folder's files are shown under the folder as the user typed it."""
    return os.path.join(source, os.path.relpath(file, folder))
