"""`junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure). One testsuite per document;
one testcase per finding. A finding that fails the run (a violation at or above --fail-on) has a
<failure>; the others (info, review, severities under --fail-on) are passing testcases whose
<system-out> says what a person may want to look at, so a CI's test tab counts as failed only
what fails the job. One passing testcase per rule that passed, so a clean document still shows
its checks; an input that could not be checked is a testcase with an <error>. Streamed; no times
or timestamps, so equal runs write equal files. Page text is made visible and XML-escaped."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from disclosure_lint.model import DocumentResult, Outcome, Severity
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
        self.policy = Summary(fail_on=getattr(info, "fail_on", "error"))  # what fails the run

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
        failing = [f for f in findings if self._fails(f)]
        write(f'  <testsuite name={_attr(source)} tests="{len(findings) + len(passed)}" failures="{len(failing)}" '
              f'errors="0">\n')
        for f in findings:
            line = max(f["line"], 1)
            name = _attr(f"{f['code']} {f['name']} (line {line})")
            kind = _attr(f"{f['code']} {f['severity']}")
            where = f"{one_line(source)}:{line}:{max(f['column'], 1)}"
            if f in failing:
                body = _text(f"{one_line(f['message'])}\n{where}\nfix: {one_line(f['fix'])}")
                write(f"    <testcase name={name} classname={_attr(source)}>\n"
                      f"      <failure type={kind} message={_attr(f['message'])}>{body}</failure>\n"
                      f"    </testcase>\n")
                continue
            body = _text(f"{f['code']} [{f['severity']}] {f['name']} ({f['outcome']}): {one_line(f['message'])}\n"
                         f"{where}\nfix: {one_line(f['fix'])}")
            write(f"    <testcase name={name} classname={_attr(source)}>\n"
                  f"      <system-out>{body}</system-out>\n"
                  f"    </testcase>\n")
        for code in passed:
            name = _attr(f"{code} {self.names.get(code, '')}".strip())
            write(f"    <testcase name={name} classname={_attr(source)}/>\n")
        write("  </testsuite>\n")

    def _fails(self, finding: dict) -> bool:
        return finding["outcome"] == Outcome.VIOLATION.value and self.policy.fails(Severity(finding["severity"]))

    def finish(self, summary: Summary) -> None:
        self.stream.write("</testsuites>\n")
        self.stream.flush()
