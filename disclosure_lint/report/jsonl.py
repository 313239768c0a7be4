"""`jsonl`: one JSON object per line and per result, the JSON contract's document (with a WARC
record's coordinates when it came from an archive). For crawl-sized runs: a line is written as
each result arrives, and tools that read JSON lines (jq, DuckDB, pandas, Spark) take it as it is."""

from __future__ import annotations

from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.escape import json_text
from disclosure_lint.report.summary import Summary


class JsonLinesReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        self.stream.write(json_text(document_dict(result)) + "\n")

    def finish(self, summary: Summary) -> None:
        self.stream.flush()
