"""`parquet`: one row per result (report.rows), written in row groups as results arrive, so memory
stays flat on a crawl. Needs pyarrow (`pip install 'disclosure-lint[parquet]'`); without it, or
without a file to write to, the run stops before any page is read."""

from __future__ import annotations

from typing import BinaryIO, TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.rows import arrow_schema, row
from disclosure_lint.report.summary import Summary
from disclosure_lint.resources import ConfigError

ROW_GROUP = 2048


def binary_file(stream: TextIO, what: str) -> BinaryIO:
    """The byte stream under a report file opened as text; standard output is refused."""
    if getattr(stream, "name", None) in ("<stdout>", 1) or not hasattr(stream, "buffer") or stream.isatty():
        raise ConfigError("command line", f"{what} output is binary: give it a file, as --output {what}:PATH",
                          "--output")
    return stream.buffer


def need_pyarrow(what: str):
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigError("command line", f"{what} output needs pyarrow: pip install 'disclosure-lint[parquet]'",
                          "--output") from None
    return pyarrow


class ParquetReport:
    def __init__(self, stream: TextIO, info=None):
        self.target = binary_file(stream, "parquet")  # a usage error first, whatever is installed
        self.pa = need_pyarrow("parquet")
        self.stream = stream
        self.schema = arrow_schema()
        self.writer = None
        self.rows: list[dict] = []

    def start(self) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(self.target, self.schema, compression="zstd")

    def document(self, result: DocumentResult) -> None:
        self.rows.append(row(result))
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def finish(self, summary: Summary) -> None:
        self._flush()
        self.writer.close()
        self.target.flush()
