"""`--urls FILE`: one URL per line, as exported from a spreadsheet. Read lazily, so a list of a
million URLs costs no more memory than a list of ten. A line that is not a URL is that line's error."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from disclosure_lint.model import InputError
from disclosure_lint.sources.urls import url_problem


def read_url_list(path: str) -> Iterator[str | InputError]:
    name = "standard input" if path == "-" else path
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield InputError(path, "unreadable", f"cannot read URL list {name}: {exc.strerror or exc}")
        return
    try:
        for number, raw in enumerate(stream, 1):
            line = raw.decode("utf-8", "replace").lstrip("\ufeff").strip()
            line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            problem = url_problem(line)
            if problem:
                where = f"{name}:{number}"
                yield InputError(line, "invalid-url", f"{where}: {line!r}: {problem} "
                                                      "(write the full address, starting with https://)")
            else:
                yield line
    except OSError as exc:
        yield InputError(path, "unreadable", f"cannot read URL list {name}: {exc.strerror or exc}")
    finally:
        if path != "-":
            stream.close()
