"""`--format json`: the stable contract. Written as results arrive, so memory stays flat however
many documents a run checks; the text is still one JSON object."""

from __future__ import annotations

import json
from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict, run_header
from disclosure_lint.report.summary import Summary


class JsonReport:
    def __init__(self, stream: TextIO, profile: str):
        self.stream = stream
        self.profile = profile
        self.count = 0

    def start(self) -> None:
        header = json.dumps(run_header(self.profile), ensure_ascii=False)
        self.stream.write(header[:-1] + ', "documents": [')

    def document(self, result: DocumentResult) -> None:
        self.stream.write(("," if self.count else "") + "\n  " + json.dumps(document_dict(result), ensure_ascii=False))
        self.count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n], \"summary\": " + json.dumps(summary.as_dict(), ensure_ascii=False) + "}\n")
        self.stream.flush()
