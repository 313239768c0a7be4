"""`--warc-list FILE`: a manifest of WARC/ARC archives, one path per line, plain or gzipped, the way
Common Crawl publishes each crawl's warc.paths.gz. Read lazily, so a manifest of 90,000 archives
costs no more memory than one of ten. A line that cannot be read as a local archive is that
line's error, and the run goes on.

Remote entries (http, https, s3) are not fetched: an archive is a gigabyte, and a run reads only
what is on disk. Download the archives (keeping the manifest's paths) and point --warc-base at
the folder that holds them."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator

from disclosure_lint.model import InputError
from disclosure_lint.sources.formats import is_archive
from disclosure_lint.sources.warc import Archive

_REMOTE = ("http://", "https://", "s3://", "s3a://", "gs://")


def read_warc_list(path: str, base: str | None = None) -> Iterator[Archive | InputError]:
    """Every entry as an Archive to read, named as the manifest writes it; relative paths are read
    under `base`, or the manifest's own folder."""
    folder = base if base is not None else os.path.dirname(os.path.abspath(path))
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        stream = gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield InputError(path, "unreadable", f"cannot read archive list {path}: {exc.strerror or exc}")
        return
    try:
        for number, raw_line in enumerate(stream, 1):
            line = raw_line.decode("utf-8", "replace").lstrip("\ufeff").strip()
            if not line or line.startswith("#"):
                continue
            yield entry(line, f"{path}:{number}", folder)
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(path, "unreadable", f"cannot read archive list {path}: {exc}")
    finally:
        stream.close()


def entry(line: str, where: str, folder: str) -> Archive | InputError:
    """One manifest line as an Archive to read, or that line's error."""
    if line.lower().startswith(_REMOTE):
        return InputError(line, "not-fetched", f"{where}: {line} is remote and was not fetched; download it and "
                                               "list the local path, or give --warc-base DIR where the crawl's "
                                               "files are")
    if not is_archive(line):
        return InputError(line, "not-an-archive", f"{where}: {line} is not a WARC or ARC file (.warc, .warc.gz, "
                                                  ".arc, .arc.gz); a manifest lists archive paths, like Common "
                                                  "Crawl's warc.paths.gz")
    return Archive(line if os.path.isabs(line) else os.path.join(folder, line), line)
