"""The HTML report (`--output html:PATH`): one self-contained file with the same data as the JSON
output, every document in input order, and page text that can never become markup, script, style
or a link. Parsed with lxml here; tests/test_html_report_browser.py loads it in Chromium."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import lxml.html
import pytest

from disclosure_lint.model import (
    Credit,
    DocumentResult,
    Evidence,
    Finding,
    InputError,
    Label,
    Outcome,
    Severity,
    Signal,
    Sponsor,
)
from disclosure_lint.report import RunInfo, open_report
from disclosure_lint.report.escape import visible
from disclosure_lint.report.html_assets import SCRIPT, STYLE, csp_hash
from disclosure_lint.report.html_report import highlight, safe_url
from disclosure_lint.report.summary import Summary
from tests.conftest import FIXTURES, FOUNDING, ROOT

PAGES = sorted((FIXTURES / "pages").glob("*.html"))
INPUTS = [FOUNDING, *PAGES, FIXTURES / "ci" / "DL301-violation.md"]
REL = "noopener noreferrer nofollow"
PAYLOAD = ("Sponsored <script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> "
           "' onmouseover='window.__pwned=3' x=' \" style=\"display:none\" </style><style>*{display:none}</style> "
           "<a href=\"javascript:window.__pwned=4\">click</a> {{x}} \x1b[31mRED \u202egnp.exe "
           "https://example.com/" + "a-long-unbroken-path" * 12)


def corpus_dir() -> Path | None:
    """shared/corpus beside the checkout (CI's layout), or two levels up (a worktree's)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        cases = base / "shared" / "corpus" / "cases"
        if cases.is_dir():
            return cases
    return None


def parse(text: str):
    return lxml.html.document_fromstring(text)


def articles(doc) -> list:
    return doc.xpath("//article[contains(concat(' ', @class, ' '), ' doc ')]")


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def run_html(cli, tmp_path: Path, *inputs: object, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    target = tmp_path / "out" / "report.html"
    result = cli("check", "--no-config", "--output", f"html:{target}", *extra, *inputs)
    return result.code, target.read_text(encoding="utf-8")


def test_report_is_one_self_contained_file(cli, tmp_path):
    code, text = run_html(cli, tmp_path, *INPUTS, tmp_path / "missing.html")
    assert code == 3  # an input could not be checked
    doc = parse(text)
    # Nothing is loaded from anywhere: no external script, style sheet, image, frame or font.
    assert doc.xpath("//link | //img | //iframe | //object | //embed | //audio | //video | //source") == []
    assert [s.get("src") for s in doc.xpath("//script")] == [None]
    assert len(doc.xpath("//style")) == 1
    assert "@import" not in text and "url(" not in text
    # The CSP allows exactly the shipped blocks, by the hash of the text the file carries.
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    script_text, style_text = doc.xpath("//script")[0].text, doc.xpath("//style")[0].text
    assert script_text == SCRIPT and style_text == STYLE
    assert f"script-src {csp_hash(script_text)};" in csp and f"style-src {csp_hash(style_text)};" in csp
    assert csp.startswith("default-src 'none';") and "unsafe-inline" not in csp
    assert doc.xpath("//head/*")[1].get("http-equiv") == "Content-Security-Policy"  # before any content
    # No inline handler anywhere; every link is an in-page anchor or an http(s) link that leaks nothing.
    assert [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")] == []
    for anchor in doc.xpath("//a[@href]"):
        href = anchor.get("href")
        assert href.startswith("#doc-") or (href.startswith("https://") and anchor.get("rel") == REL), href
    # The filters have a control for each severity and each rule with findings.
    assert doc.xpath("//form[@id='filters']//input[@name='severity']/@value") == ["error", "warning", "info"]
    found = cli("check", "--no-config", "--format", "json", *INPUTS).json()
    codes = sorted({f["code"] for d in found["documents"] for f in d["findings"]})
    assert {"DL201", "DL301", "DL701"} <= set(codes)
    assert doc.xpath("//select[@id='filter-rule']/option/@value") == ["", *codes]


def test_every_document_in_input_order_with_failures_listed_apart(cli, tmp_path):
    missing = tmp_path / "missing.html"
    inputs = [PAGES[0], missing, FOUNDING, *PAGES[1:3]]
    code, text = run_html(cli, tmp_path, *inputs)
    assert code == 3
    doc = parse(text)
    found = articles(doc)
    assert [a.xpath(".//h3")[0].text_content() for a in found] == [str(p) for p in inputs]
    assert [a.get("data-status") for a in found] == ["checked", "error", "checked", "checked", "checked"]
    assert [a.get("id") for a in found] == [f"doc-{i}" for i in range(1, 6)]
    failed = found[1]
    assert "could not check" in text_of(failed) and "not-found" in text_of(failed)
    assert f"no such file or folder: {missing}" in text_of(failed)
    failures = doc.get_element_by_id("failures")
    items = failures.xpath(".//li")
    assert len(items) == 1 and str(missing) in text_of(items[0])
    assert items[0].xpath(".//a/@href") == ["#doc-2"]
    tiles = {t.get("data-total"): t.xpath("./dd")[0].text for t in doc.xpath("//div[contains(@class, 'tile')]")}
    assert tiles["documents"] == "5" and tiles["could not check"] == "1" and tiles["checked"] == "4"


def test_same_data_as_the_json_output(cli, tmp_path):
    inputs = [*INPUTS, tmp_path / "missing.html"]
    data = cli("check", "--no-config", "--format", "json", *inputs).json()
    _, text = run_html(cli, tmp_path, *inputs)
    doc = parse(text)
    found = articles(doc)
    assert len(found) == len(data["documents"]) == len(inputs)
    for article, expected in zip(found, data["documents"], strict=True):
        shown = text_of(article)
        assert article.get("data-status") == expected["status"]
        if expected["status"] != "checked":
            assert expected["error"]["message"] in shown
            continue
        assert article.get("data-sponsored") == str(expected["sponsored"]).lower()
        for label in expected["labels"]:
            quoted = [text_of(q) for q in article.xpath(".//dl[@class='evidence']//blockquote")]
            assert label["text"] in quoted
        for sponsor in expected["sponsors"]:
            assert sponsor["name"] in shown
        for credit in expected["credits"]:
            assert credit["text"] in shown
        rows = [(li.get("data-rule"), li.get("data-severity"), li.get("data-outcome"),
                 text_of(li.find_class("message")[0]), text_of(li.find_class("where")[0]))
                for li in article.find_class("finding")]
        assert rows == [(f["code"], f["severity"], f["outcome"], f["message"], f"line {f['line']}:{f['column']}")
                        for f in expected["findings"]]
    totals = {t.get("data-total"): int(t.xpath("./dd")[0].text) for t in doc.xpath("//div[contains(@class, 'tile')]")}
    summary = data["summary"]
    assert totals == {"documents": summary["documents"], "checked": summary["checked"],
                      "sponsored": summary["sponsored"], "could not check": summary["errors"],
                      "errors": summary["findings"]["error"], "warnings": summary["findings"]["warning"],
                      "info": summary["findings"]["info"]}


def test_each_finding_carries_why_fix_and_reference_links(cli, tmp_path):
    _, text = run_html(cli, tmp_path, FOUNDING)
    doc = parse(text)
    finding = doc.xpath("//li[@data-rule='DL201']")[0]
    assert text_of(finding.find_class("fix")[0]).startswith("Fix: Name the party next to the label")
    why = finding.xpath(".//details[contains(@class, 'why')]")[0]
    assert "44% of readers could not name the sponsor" in text_of(why)
    links = why.xpath(".//a")
    assert [a.get("href") for a in links][:2] == [
        "https://www.ftc.gov/business-guidance/resources/native-advertising-guide-businesses",
        "https://eur-lex.europa.eu/eli/reg/2024/900/oj"]
    assert all(a.get("rel") == REL for a in links)
    # Evidence in context: the label quoted with the matched term marked, the studio unit in the credit.
    evidence = doc.xpath("//dl[@class='evidence']")[0]
    assert [m.text for m in evidence.xpath(".//blockquote/mark")] == ["Underwritten", "Euractiv’s Advocacy Lab"]
    verdict = text_of(doc.find_class("verdict")[0])
    assert verdict.startswith("sponsored · 1 label: “Underwritten” at the top (line 5) · sponsor: none named")


def test_sponsor_sentence_is_quoted_with_the_name_marked(cli, tmp_path):
    page = tmp_path / "sentence.html"
    page.write_text("<html><body><article><h1>Ten ideas for cities</h1><p>Cities are changing fast and this long "
                    "paragraph explains how, with examples from many places around the world today.</p>"
                    "<p>This article is sponsored by Globex Corporation.</p></article></body></html>")
    _, text = run_html(cli, tmp_path, page)
    doc = parse(text)
    sponsor_row = next(dt.getnext() for dt in doc.xpath("//dl[@class='evidence']/dt") if dt.text == "Sponsor")
    quote = sponsor_row.xpath(".//blockquote")[0]
    assert text_of(quote) == "This article is sponsored by Globex Corporation"
    assert [(m.get("class"), m.text) for m in quote.xpath("./mark")] == [("term", "sponsored by"),
                                                                         ("sponsor", "Globex Corporation")]


def hostile_results() -> list[DocumentResult]:
    """A result whose every text field carries the payload, a hostile file name, a javascript:
    source, and an input error whose message carries it too."""
    source = "drafts/<img src=x onerror=window.__pwned=5>\"'.html"
    evidence = Evidence(
        source=source, format="html", language="en\"><script>x</script>", headline=PAYLOAD, headline_line=2,
        labels=[Label(text=PAYLOAD, category="sponsored\" onclick=\"x", language="en", position="top", line=9,
                      term="Sponsored <script>", definition=PAYLOAD, meaning=PAYLOAD)],
        credits=[Credit(text=PAYLOAD, unit=PAYLOAD, studio=True, line=3)],
        sponsors=[Sponsor(name=PAYLOAD, found_in="label", line=9)],
        signals=[Signal(kind="jsonld-sponsor\"><b>", value=PAYLOAD, line=4)])
    findings = [Finding(code="DL201", name="sponsor-not-named", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
                        message=PAYLOAD, line=9, evidence=PAYLOAD, fix=PAYLOAD),
                Finding(code="DL401", name="ambiguous-label", severity=Severity.WARNING, outcome=Outcome.REVIEW,
                        message=PAYLOAD, line=10, evidence="Sponsored", fix="")]
    silenced = [Finding(code="DL301", name="label-not-prominent", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
                        message=PAYLOAD, line=11, evidence=PAYLOAD, silenced_by="comment\"><i>")]
    checked = DocumentResult(source=source, status="checked", evidence=evidence, findings=findings, format="html",
                             silenced=silenced)
    script_url = "javascript:window.__pwned=6//https://example.com/"
    failed = DocumentResult(source=script_url, status="error", error=InputError(script_url, "http<b>", PAYLOAD))
    quoted_url = "https://example.com/a\"onmouseover=\"window.__pwned=7"
    fetched = DocumentResult(source=quoted_url, status="error", error=InputError(quoted_url, "timeout", "timed out"))
    return [checked, failed, fetched]


def render(results: list[DocumentResult], rules: tuple[dict, ...] = ()) -> str:
    stream = io.StringIO()
    report = open_report("html", stream, RunInfo(profile="de\"><script>", rules=rules))
    summary = Summary()
    report.start()
    for result in results:
        summary.add(result)
        report.document(result)
    report.finish(summary)
    return stream.getvalue()


def test_page_text_never_becomes_markup_script_style_or_a_link():
    rules = ({"code": "DL201", "name": "sponsor-not-named", "severity": "error", "outcome": "violation",
              "summary": "s", "why": PAYLOAD, "fix": "f",
              "references": [{"title": PAYLOAD, "url": "javascript:window.__pwned=8"},
                             {"title": "ok", "url": "https://example.com/\"><script>"}]},)
    text = render(hostile_results(), rules)
    doc = parse(text)
    assert len(doc.xpath("//script")) == 1 and len(doc.xpath("//style")) == 1
    assert doc.xpath("//img | //a[starts-with(normalize-space(@href), 'javascript')] | //b | //i | //svg//script") == []
    assert [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")] == []
    assert doc.xpath("//*[@style]") == []
    hrefs = doc.xpath("//a/@href")
    # Only the in-page anchors and the one http(s) link; a URL with a quote stays one attribute value.
    assert sorted(h for h in hrefs if not h.startswith("#doc-")) == [
        "https://example.com/\"><script>", "https://example.com/a\"onmouseover=\"window.__pwned=7"]
    assert all(a.get("rel") == REL for a in doc.xpath("//a[starts-with(@href, 'http')]"))
    assert "javascript:window.__pwned=6" in text_of(doc.get_element_by_id("doc-2"))  # shown as text, not linked
    shown = doc.text_content()
    headline = doc.xpath("//article[@id='doc-1']//dl[@class='evidence']/dd/q")[0]
    assert headline.text_content() == visible(PAYLOAD) and len(headline) == 0  # all text, no child element
    for piece in ("<script>window.__pwned=1</script>", "onerror=\"window.__pwned=2\"", "</style><style>",
                  "javascript:window.__pwned=4", "\\x1b[31mRED", "\\u202egnp.exe"):
        assert piece in shown
    assert "\x1b" not in text and "\u202e" not in text
    assert doc.xpath("//li[@data-rule='DL401']/@data-outcome") == ["review"]
    assert doc.xpath("//article[@id='doc-1']//details[contains(@class, 'silenced')]//li")  # silenced are listed


def test_highlight_escapes_and_marks_every_match():
    marked = highlight("Sponsored by <b>Acme</b> & ACME", [("acme", "sponsor"), ("Sponsored  by", "term")])
    assert marked == ('<mark class="term">Sponsored by</mark> &lt;b&gt;<mark class="sponsor">Acme</mark>&lt;/b&gt; '
                      '&amp; <mark class="sponsor">ACME</mark>')
    assert highlight("a <b>", [(None, "x"), ("", "y")]) == "a &lt;b&gt;"
    # Overlaps: the earlier needle wins, no nested marks.
    assert highlight("Acme Corp", [("Acme Corp", "sponsor"), ("Corp", "term")]) == '<mark class="sponsor">Acme Corp</mark>'


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/a?b=1", True), ("http://example.com", True), ("HTTPS://EXAMPLE.COM/", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>", False), ("vbscript:x", False), ("file:///etc/passwd", False),
    ("https://", False), ("https:///path", False), ("//example.com", False), ("https://exa mple.com", False),
    ("https://example.com/\n", False), ("drafts/a.html", False), ("", False), (None, False),
])
def test_only_plain_http_urls_become_links(url, expected):
    assert (safe_url(url) is not None) is expected


def test_a_run_without_documents_is_still_a_page():
    doc = parse(render([]))
    assert articles(doc) == []
    assert "No documents were checked." in text_of(doc.get_element_by_id("documents"))


def test_large_runs_spool_to_disk_and_keep_order(monkeypatch):
    import disclosure_lint.report.html_report as html_report

    monkeypatch.setattr(html_report, "SPOOL_BYTES", 1024)  # every few documents roll over to a file
    results = [DocumentResult(source=f"drafts/{i:03}.md", status="error",
                              error=InputError(f"drafts/{i:03}.md", "not-found", "x" * 200)) for i in range(60)]
    doc = parse(render(results))
    assert [a.xpath(".//h3")[0].text_content() for a in articles(doc)] == [f"drafts/{i:03}.md" for i in range(60)]
    assert len(doc.get_element_by_id("failures").xpath(".//li")) == 60


def test_corpus_report_shows_every_document_in_input_order(cli, tmp_path):
    """Acceptance 2: the shared corpus plus a missing file, every document shown, in order."""
    cases = corpus_dir()
    if cases is None:
        pytest.skip("shared/corpus is not beside this checkout")
    inputs = [*sorted(cases.iterdir()), tmp_path / "missing-case.html"]
    code, text = run_html(cli, tmp_path, *inputs, extra=("--jobs", "2"))
    assert code == 3
    data = cli("check", "--no-config", "--format", "json", "--jobs", "2", *inputs).json()
    doc = parse(text)
    found = articles(doc)
    assert [a.xpath(".//h3")[0].text_content() for a in found] == [str(p) for p in inputs]
    assert [a.get("data-status") for a in found] == ["checked"] * (len(inputs) - 1) + ["error"]
    sponsored = [a.get("data-sponsored") == "true" for a in found[:-1]]
    assert sponsored == [d["sponsored"] for d in data["documents"][:-1]]
    assert sum(sponsored) == data["summary"]["sponsored"] > 0
    findings = [len(a.find_class("finding")) for a in found]
    assert findings == [len(d["findings"]) for d in data["documents"]]
    assert re.search(rf"\b{len(inputs)} documents\b", doc.xpath("//title")[0].text)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_report_path_that_cannot_be_written_is_a_usage_error(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("check", "--no-config", "--output", f"html:{blocker}/report.html", FOUNDING)
    assert result.code == 2
    assert "cannot write the report" in result.stderr


def test_json_output_still_matches_for_the_same_inputs(cli, tmp_path):
    """Writing HTML beside JSON in one run changes neither: both come from the same results."""
    target = tmp_path / "r.html"
    both = cli("check", "--no-config", "--format", "json", "--output", f"html:{target}", FOUNDING)
    alone = cli("check", "--no-config", "--format", "json", FOUNDING)
    assert json.loads(both.stdout) == json.loads(alone.stdout)
    assert target.read_text(encoding="utf-8").count('<li class="finding"') == len(alone.json()["documents"][0]["findings"])


def test_readme_shows_the_committed_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("report-desktop.png", "report-narrow.png"):
        assert f"(docs/{name})" in readme and f'src="docs/{name}"' in readme
        assert (ROOT / "docs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
