"""`--format json`: the stable contract. Written as results arrive, so memory stays flat however
many documents a run checks; the text is still one JSON object."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict, run_header
from disclosure_lint.report.escape import json_text
from disclosure_lint.report.summary import Summary

# The JSON Schema of this output, shipped with the package for consumers to validate against.
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "report-v1.schema.json"


class JsonReport:
    def __init__(self, stream: TextIO, profile: str):
        self.stream = stream
        self.profile = profile
        self.count = 0

    def start(self) -> None:
        header = json_text(run_header(self.profile))
        self.stream.write(header[:-1] + ', "documents": [')

    def document(self, result: DocumentResult) -> None:
        self.stream.write(("," if self.count else "") + "\n  " + json_text(document_dict(result)))
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n], \"summary\": " + json_text(summary.as_dict()) + "}\n")
        self.stream.flush()


def json_report(stream: TextIO, info) -> JsonReport:
    return JsonReport(stream, info.profile)
