"""`junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure). One testsuite per document;
one testcase per finding, with a <failure>; one passing testcase per rule that passed, so a
clean document still shows its checks; an input that could not be checked is a testcase with an
<error>. Streamed; no times or timestamps, so equal runs write equal files. Page text is made
visible and XML-escaped."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.escape import one_line, xml_text
from disclosure_lint.report.summary import Summary


def _attr(text: object) -> str:
    return quoteattr(xml_text(one_line(str(text))))


def _text(text: object) -> str:
    return escape(xml_text(str(text)))


class JunitReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream
        self.names = {rule["code"]: rule["name"] for rule in getattr(info, "rules", ())}

    def start(self) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="disclosure-lint">\n')

    def document(self, result: DocumentResult) -> None:
        data = document_dict(result)
        source = data["source"]
        write = self.stream.write
        if data["status"] != "checked":
            error = data["error"] or {"kind": "error", "message": "could not be checked"}
            write(f'  <testsuite name={_attr(source)} tests="1" failures="0" errors="1">\n'
                  f'    <testcase name="could not check" classname={_attr(source)}>\n'
                  f'      <error type={_attr(error["kind"])} message={_attr(error["message"])}/>\n'
                  f'    </testcase>\n  </testsuite>\n')
            return
        findings = data["findings"]
        passed = [code for code, outcome in data["outcomes"].items() if outcome == "pass"]
        write(f'  <testsuite name={_attr(source)} tests="{len(findings) + len(passed)}" failures="{len(findings)}" '
              f'errors="0">\n')
        for f in findings:
            line = max(f["line"], 1)
            name = _attr(f"{f['code']} {f['name']} (line {line})")
            kind = _attr(f"{f['code']} {f['severity']}")
            body = _text(f"{one_line(f['message'])}\n{one_line(source)}:{line}:{max(f['column'], 1)}\n"
                         f"fix: {one_line(f['fix'])}")
            write(f"    <testcase name={name} classname={_attr(source)}>\n"
                  f"      <failure type={kind} message={_attr(f['message'])}>{body}</failure>\n"
                  f"    </testcase>\n")
        for code in passed:
            name = _attr(f"{code} {self.names.get(code, '')}".strip())
            write(f"    <testcase name={name} classname={_attr(source)}/>\n")
        write("  </testsuite>\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write("</testsuites>\n")
        self.stream.flush()
