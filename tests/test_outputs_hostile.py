"""Pages are hostile: text from a page (and a hostile file name) must not inject workflow commands,
rich markup, terminal escapes, HTML or Markdown into any output. Each renderer gets a result whose
every text field carries the payloads; then one real run goes through extraction end to end."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from disclosure_lint.model import (
    Credit,
    DocumentResult,
    Evidence,
    Finding,
    InputError,
    Label,
    Outcome,
    Severity,
    Sponsor,
)
from disclosure_lint.report import RunInfo, open_report
from disclosure_lint.report.summary import Summary

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ESC = "\x1b"
PAYLOAD = ("Sponsored [bold]BOLD[/bold] [link=https://evil.example]click[/link] \x1b[31mRED\x1b[0m "
           "\x1b]8;;https://evil.example\x07osc\x1b]8;;\x07 \x9b31m c1\n::error file=x.md,line=1::injected\r\n"
           "::set-output name=pwned::1 %0A::warning::encoded </script><script>alert(1)</script> "
           "<img src=x onerror=alert(1)> @octocat #1 | pipe \u202egnp.exe")
HOSTILE_SOURCE = "drafts/evil\n::error::from-name [bold]x[/bold].md"
COMMAND_LINE = re.compile(r"^\s*::(?!(?:error|warning|notice) )", re.MULTILINE)
ANY_COMMAND = re.compile(r"^\s*::", re.MULTILINE)  # the runner reads a command after leading spaces too


def hostile_result(source: str = HOSTILE_SOURCE) -> DocumentResult:
    evidence = Evidence(source=source, format="html", language="en", headline=PAYLOAD, headline_line=2,
                        labels=[Label(text=PAYLOAD, category="sponsored", language="en", position="bottom", line=9,
                                      definition=PAYLOAD)],
                        credits=[Credit(text=PAYLOAD, unit=PAYLOAD, studio=True, line=3)],
                        sponsors=[Sponsor(name=PAYLOAD, found_in="label", line=9)])
    findings = [Finding(code="DL301", name="label-not-prominent", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
                        message=f"The only label, {PAYLOAD}, appears at the end", line=9, evidence=PAYLOAD,
                        fix=PAYLOAD),
                Finding(code="DL401", name="ambiguous-label", severity=Severity.WARNING, outcome=Outcome.VIOLATION,
                        message=PAYLOAD, line=10, evidence=PAYLOAD, fix="Use plain words.")]
    return DocumentResult(source=source, status="checked", evidence=evidence, findings=findings, format="html",
                          outcomes={"DL301": Outcome.VIOLATION, "DL401": Outcome.VIOLATION, "DL201": Outcome.PASS})


def errored_result() -> DocumentResult:
    source = "https://evil.example/a%0A::error::x\n::warning::y"
    return DocumentResult(source=source, status="error", error=InputError(source, "http-error", PAYLOAD))


def render(fmt: str, color: bool | None = False) -> str:
    from disclosure_lint.engine import load_engine
    from disclosure_lint.report.data import rule_dict

    engine = load_engine()
    info = RunInfo(profile="default", color=color,
                   rules=tuple(rule_dict(r, r.severity.value) for r in engine.rules))
    stream = io.StringIO()
    report = open_report(fmt, stream, info)
    summary = Summary()
    report.start()
    for result in (hostile_result(), errored_result()):
        summary.add(result)
        report.document(result)
    report.finish(summary)
    return stream.getvalue()


def no_raw_controls(text: str, allow_newline: bool = True) -> None:
    controls = {c for c in text if (ord(c) < 0x20 and c not in "\n" * allow_newline) or 0x7f <= ord(c) <= 0x9f}
    assert not controls, f"raw control characters in output: {controls!r}"
    assert "\u202e" not in text


def test_github_output_cannot_start_a_command():
    text = render("github")
    lines = text.splitlines()
    assert len(lines) == 4  # two findings, one input error, the summary notice: nothing more
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::error", "::notice"]
    assert not COMMAND_LINE.search(text)
    no_raw_controls(text)
    assert "%0A::error file%3Dx.md" not in text  # data is percent-encoded, not decoded into a new line
    assert "%250A::warning" in text  # a literal %0A in page text stays literal
    first = lines[0]
    # The file property holds the name on one line with : and , encoded, so it cannot end the property.
    assert first.startswith("::error file=drafts/evil %3A%3Aerror%3A%3Afrom-name [bold]x[/bold].md,line=9,col=1,")
    assert "%0A" not in text.replace("%250A", "")  # nothing decodes into a line break


def test_rich_output_shows_markup_and_escapes_as_text():
    plain = render("rich", color=False)
    no_raw_controls(plain)
    assert "[bold]BOLD[/bold]" in plain and "[link=https://evil.example]click[/link]" in plain
    assert "\\x1b[31mRED" in plain  # the escape is shown, not obeyed
    coloured = render("rich", color=True)
    assert "\\x1b[31mRED" in coloured
    assert "\x1b]8;" not in coloured  # no hyperlink was created from [link=...]
    assert "\x1b[31mRED" not in coloured
    assert "[bold]BOLD[/bold]" in coloured  # markup printed literally, not applied
    assert "\x9b" not in coloured


def test_concise_output_is_one_line_per_finding():
    text = render("concise")
    no_raw_controls(text)
    lines = text.splitlines()
    assert len(lines) == 4  # two findings, the input error, the summary
    assert lines[0].startswith("drafts/evil :\u200b:error::from-name [bold]x[/bold].md:9:1: DL301 [error] label-not-prominent ")
    assert lines[2].startswith("https://evil.example/a%0A::error::x :\u200b:warning::y: could not check (http-error): ")
    assert not any(line.startswith("::") for line in lines)


def test_junit_output_is_valid_xml_with_the_text_as_data():
    text = render("junit")
    no_raw_controls(text)
    document = etree.fromstring(text.encode())
    etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd"))).assertValid(document)
    assert [e.tag for e in document.iter() if e.tag in ("script", "img")] == []
    failure = document.find("testsuite/testcase/failure")
    assert "</script><script>alert(1)</script>" in failure.get("message")  # kept as text, escaped in XML
    assert "\\x1b[31mRED" in failure.get("message")
    assert "</script>" not in text


def test_markdown_output_renders_page_text_literally():
    text = render("markdown")
    no_raw_controls(text)
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    rows = [row for row in rows if not row.startswith("|---")]
    assert len(rows) == 3
    assert all(row.count("|") == 6 for row in rows)  # page text adds no table cells
    for needle in ("<script", "</script", "<img", "[bold]", "[link=", "@octocat", "](", "\n::"):
        assert needle not in text
    assert not re.search(r"(?<!&)#1", text)  # no issue reference, only the character reference &#35;
    assert "&#60;/script&#62;" in text  # shown literally when rendered


def test_sarif_output_escapes_for_json_and_html():
    text = render("sarif")
    no_raw_controls(text)
    assert "</script" not in text and "<img" not in text
    log = json.loads(text)
    results = [r for r in log["runs"][0]["results"] if r["kind"] == "fail"]
    message = results[0]["message"]["text"]
    assert "</script><script>alert(1)</script>" in message  # same text after parsing
    assert "\\x1b[31mRED" in message and "\n" not in message
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "\n" not in uri and " " not in uri


def test_json_and_gitlab_outputs_escape_for_html():
    for fmt in ("json", "gitlab"):
        text = render(fmt)
        no_raw_controls(text)
        assert "</script" not in text
        json.loads(text)


@pytest.fixture
def hostile_drafts(tmp_path):
    """A real HTML page and a file whose name carries a workflow command, checked end to end."""
    body = ("<p>Cities are changing fast and this long paragraph explains how, with examples from many places "
            "around the world today.</p><p>More body copy that goes on for a while so that the article body is "
            "clearly detected here.</p>")
    payload = ("[bold]B[/bold] [link=https://evil.example]L[/link] \x1b[31mRED %0A::set-output name=x::y "
               "&lt;/script&gt; @octocat")
    page = (f"<html><head><title>Ten ideas</title></head><body><h1>Ten ideas</h1>\n{body}\n"
            f"<p>This article is sponsored by the {payload} conglomerate.</p>\n</body></html>")
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "page.html").write_text(page)
    (folder / "x\n::error::from-name.html").write_text(page)
    return folder


@pytest.mark.parametrize("fmt", ["github", "concise", "junit", "markdown", "sarif", "rich"])
def test_real_hostile_pages_inject_nothing(cli, hostile_drafts, fmt):
    result = cli("check", "--no-config", "--no-color", "--format", fmt, hostile_drafts)
    assert result.code == 1
    text = result.stdout
    no_raw_controls(text)
    if fmt != "github":  # a CI log reads any line starting with :: as a command
        assert not ANY_COMMAND.search(text), text
    else:
        assert not COMMAND_LINE.search(text)
        assert len(text.splitlines()) == 5  # two findings per page, one summary notice
    if fmt in ("junit", "markdown", "sarif"):  # formats that end up inside HTML
        assert "</script" not in text
    if fmt == "concise":
        assert len(text.splitlines()) == 5
    if fmt == "rich":
        assert "[bold]B[/bold]" in text and "\\x1b[31mRED" in text
