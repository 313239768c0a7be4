"""Inputs to Documents, in the order given: files, folders, `-` for stdin, and http(s) URLs.
Each input yields at least one result; failures are InputErrors, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from disclosure_lint.model import Document, InputError
from disclosure_lint.sources.files import read_path, read_stdin
from disclosure_lint.sources.http import FetchOptions, fetch, is_url, new_client

__all__ = ["FetchOptions", "iter_documents"]


def iter_documents(inputs: Iterable[str], options: FetchOptions | None = None) -> Iterator[Document | InputError]:
    options = options or FetchOptions()
    client = None
    try:
        for source in inputs:
            if source == "-":
                yield read_stdin(source)
            elif is_url(source):
                if client is None:
                    client = new_client(options)
                yield fetch(client, source, options)
            else:
                yield from read_path(source)
    finally:
        if client is not None:
            client.close()
