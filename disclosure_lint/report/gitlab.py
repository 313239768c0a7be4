"""`gitlab`: GitLab code quality (a JSON array of issues) for merge-request widgets. Each issue's
fingerprint is the finding's content fingerprint, unique within the report; an input that could
not be checked is a `critical` issue of its own so it cannot pass unseen. Streamed."""

from __future__ import annotations

import hashlib
from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.escape import json_text, one_line
from disclosure_lint.report.sarif import artifact_uri
from disclosure_lint.report.summary import Summary

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitlabReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream
        self.count = 0

    def start(self) -> None:
        self.stream.write("[")

    def document(self, result: DocumentResult) -> None:
        data = document_dict(result)
        path = artifact_uri(data["source"]) if "://" not in data["source"][:16] else data["source"]
        if data["status"] != "checked":
            error = data["error"] or {"kind": "error", "message": "could not be checked"}
            key = hashlib.sha256(f"input-error\0{data['source']}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
            self._write({"type": "issue", "check_name": "could-not-check",
                         "description": f"Could not check ({one_line(error['kind'])}): {one_line(error['message'])}",
                         "categories": ["Bug Risk"], "fingerprint": key, "severity": "critical",
                         "location": {"path": path, "lines": {"begin": 1}}})
            return
        for f in data["findings"]:
            self._write({"type": "issue", "check_name": f"{f['code']} {f['name']}",
                         "description": one_line(f["message"]), "content": {"body": one_line(f["fix"])},
                         "categories": ["Style"], "fingerprint": f["fingerprint"],
                         "severity": SEVERITY.get(f["severity"], "minor"),
                         "location": {"path": path, "lines": {"begin": max(f["line"], 1)}}})

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")
        self.stream.flush()

    def _write(self, issue: dict) -> None:
        self.stream.write(("," if self.count else "") + "\n  " + json_text(issue))
        self.count += 1
