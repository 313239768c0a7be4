"""The HTML report in a real browser (headless Chromium over the DevTools protocol): a report of the
fixtures, a hostile page and a hostile file name loads from disk, fetches nothing, runs no
page-derived script or style, shows the hostile text as text, fits a phone's width, and its
filters hide and show the right findings when clicked. Skipped only where no chromium binary
exists; CI (.ci/run) installs Debian's chromium first."""

from __future__ import annotations

import html
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import Chromium, chromium_binary
from tests.conftest import FIXTURES, FOUNDING, ROOT

HOSTILE_PAGE = FIXTURES / "report" / "hostile-page.html"
HOSTILE_NAME = "<img src=x onerror=\"window.__pwned='file name'\"> '&quot;.html"
VISIBLE = "(el => !!(el && el.offsetParent !== null))"

BINARY = chromium_binary()
pytestmark = [pytest.mark.skipif(BINARY is None, reason="no chromium binary (install Debian's chromium package)"),
              pytest.mark.slow]  # headless Chromium


@pytest.fixture(scope="module")
def browser():
    with Chromium(BINARY) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """The report of the bundled fixtures, the hostile page under its own name and under a hostile
    file name, and a missing file; with the JSON of the same run for comparison."""
    folder = tmp_path_factory.mktemp("report")
    renamed = folder / HOSTILE_NAME
    shutil.copyfile(HOSTILE_PAGE, renamed)
    inputs = [str(FOUNDING), *map(str, sorted((FIXTURES / "pages").glob("*.html"))),
              str(FIXTURES / "ci" / "DL301-violation.md"), str(HOSTILE_PAGE), str(renamed),
              str(folder / "missing.html")]
    target = folder / "report.html"
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--format", "json",
                           "--output", f"html:{target}", *inputs], capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()
    return {"path": target, "inputs": inputs, "json": json.loads(proc.stdout)}


def load(browser: Chromium, path: Path, width: int = 1280, height: int = 900) -> None:
    browser.events.clear()
    browser.viewport(width, height, mobile=width < 600)
    browser.open(path.as_uri())


def shown_findings(browser: Chromium) -> list[list[str]]:
    """(rule, severity) of every finding a reader can see right now."""
    return browser.evaluate(f"""Array.from(document.querySelectorAll("li.finding"))
        .filter({VISIBLE}).map(li => [li.dataset.rule, li.dataset.severity])""")


def all_findings(data: dict) -> list[list[str]]:
    return [[f["code"], f["severity"]] for d in data["documents"] for f in d["findings"]]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_the_hostile_payloads_run_when_not_escaped(browser, report, tmp_path):
    """The control: the same page text pasted raw into a page without CSP does run, so the checks
    below would see it if the report let it through."""
    document = report["json"]["documents"][-2]  # the hostile page under its hostile name
    raw = "".join([document["source"], document["headline"], *(c["text"] for c in document["credits"]),
                   *(s["name"] for s in document["sponsors"])])
    page = tmp_path / "raw.html"
    page.write_text(f"<html><body>{raw}<p>end</p></body></html>", encoding="utf-8")
    load(browser, page)
    browser.evaluate("new Promise(done => setTimeout(done, 50))")  # let the broken <img> fire onerror
    assert browser.evaluate("window.__pwned") is not None


def test_report_runs_no_page_script_and_loads_nothing(browser, report, tmp_path):
    path = report["path"]
    load(browser, path)
    browser.evaluate("new Promise(done => setTimeout(done, 50))")
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert png_size(shot) == (1280, 900)
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.title") == f"disclosure-lint report: {len(report['inputs'])} documents"
    # One script and one style (ours); no element carries an inline handler, style or javascript: URL.
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.querySelectorAll('style, link, iframe, img, object, embed').length") == 1
    assert browser.evaluate("""Array.from(document.querySelectorAll('*')).flatMap(el => Array.from(el.attributes))
        .filter(a => /^on/i.test(a.name) || a.name === 'style' || /^\\s*javascript:/i.test(a.value))
        .map(a => a.name + '=' + a.value)""") == []
    # Nothing was requested but the file itself, and nothing complained (a CSP violation would).
    assert browser.requests() == [path.as_uri()]
    assert browser.problems() == []
    # The hostile text is there, as text, and the page is styled and visible.
    text = browser.evaluate("document.body.innerText")
    assert "<svg onload=\"window.__pwned='headline'\">" in text
    assert "</style><style>*{display:none !important}</style>" in text
    assert HOSTILE_NAME in text
    assert browser.evaluate(f"{VISIBLE}(document.getElementById('summary'))")
    assert browser.evaluate("getComputedStyle(document.querySelector('.tile')).borderRadius") == "8px"
    assert browser.evaluate("getComputedStyle(document.getElementById('filters')).display") == "flex"


def test_every_document_is_shown_in_input_order(browser, report):
    load(browser, report["path"])
    shown = browser.evaluate("""Array.from(document.querySelectorAll('article.doc'))
        .filter(el => el.offsetParent !== null).map(el => [el.querySelector('h3').innerText, el.dataset.status])""")
    assert [source for source, _ in shown] == report["inputs"]
    assert [status for _, status in shown] == [d["status"] for d in report["json"]["documents"]]
    failures = browser.evaluate("Array.from(document.querySelectorAll('#failures li')).map(li => li.innerText)")
    assert len(failures) == 1 and report["inputs"][-1] in failures[0]


def test_severity_and_rule_filters_hide_and_show_findings(browser, report):
    load(browser, report["path"])
    everything = all_findings(report["json"])
    assert {severity for _, severity in everything} == {"error", "warning", "info"}
    assert sorted(shown_findings(browser)) == sorted(everything)
    status = "document.getElementById('filter-status').innerText"
    total_docs = len(report["inputs"])
    assert browser.evaluate(status) == (f"Showing {len(everything)} of {len(everything)} findings in "
                                        f"{total_docs} of {total_docs} documents.")

    browser.click("input[name=severity][value=error]")
    assert sorted(shown_findings(browser)) == sorted(f for f in everything if f[1] != "error")
    browser.click("input[name=severity][value=warning]")
    assert sorted(shown_findings(browser)) == sorted(f for f in everything if f[1] == "info")
    browser.click("input[name=severity][value=error]")
    assert sorted(shown_findings(browser)) == sorted(f for f in everything if f[1] != "warning")

    browser.click("#filter-reset")
    assert sorted(shown_findings(browser)) == sorted(everything)

    rule = "DL603"  # the hostile page's structured-data sponsor differs from the visible one
    assert sum(code == rule for code, _ in everything) == 2
    browser.click(f"button.show-rule[data-rule={rule}]")
    assert shown_findings(browser) == [f for f in everything if f[0] == rule]
    assert browser.evaluate("document.getElementById('filter-rule').value") == rule
    counters = browser.evaluate("Array.from(document.querySelectorAll('article.doc .shown-count'))"
                                ".map(el => el.innerText)")
    expected = []
    for document in report["json"]["documents"]:
        if document["status"] == "checked":
            total, kept = len(document["findings"]), sum(f["code"] == rule for f in document["findings"])
            expected.append("" if kept == total else f"{kept} of {total} shown")
    assert counters == expected and "0 of 2 shown" in counters

    browser.click("#filter-only")  # only documents with a finding left in view
    visible_docs = browser.evaluate("""Array.from(document.querySelectorAll('article.doc'))
        .filter(el => el.offsetParent !== null).map(el => el.querySelector('h3').innerText)""")
    assert visible_docs == [d["source"] for d in report["json"]["documents"]
                            if any(f["code"] == rule for f in d["findings"])]
    assert browser.evaluate(status) == f"Showing 2 of {len(everything)} findings in 2 of {total_docs} documents."

    # Choosing "All rules" in the menu (as the browser does on a pick: value, then a change event).
    browser.evaluate("""(() => { const s = document.getElementById('filter-rule'); s.value = '';
        s.dispatchEvent(new Event('change', {bubbles: true})); })()""")
    assert sorted(shown_findings(browser)) == sorted(everything)
    browser.click("#filter-reset")
    assert len(browser.evaluate("Array.from(document.querySelectorAll('article.doc')).filter(el => "
                                "el.offsetParent !== null)")) == total_docs


def test_report_fits_a_phone_screen(browser, report, tmp_path):
    """Nothing sticks out of a 390px screen, long unbroken URLs and page text included."""
    from tests.test_html_report import hostile_results, render

    every_field = tmp_path / "every-field.html"
    every_field.write_text(render(hostile_results()), encoding="utf-8")
    for page in (report["path"], every_field):
        load(browser, page, width=390, height=844)
        assert browser.evaluate("document.documentElement.scrollWidth") <= 390
        sticking_out = browser.evaluate("""Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getBoundingClientRect().right > 390.5).map(el => el.tagName + '.' + el.className)""")
        assert sticking_out == []
    shot = tmp_path / "narrow.png"
    browser.screenshot(shot)
    assert png_size(shot) == (780, 1688)  # 390 x 844 CSS pixels at a phone's pixel ratio of 2


def test_links_from_the_report_leak_nothing(browser, report):
    load(browser, report["path"])
    links = browser.evaluate("""Array.from(document.querySelectorAll('a[href]'))
        .map(a => [a.getAttribute('href'), a.rel, a.target])""")
    external = [link for link in links if not link[0].startswith("#doc-")]
    assert external, "the findings' references are links"
    assert all(href.startswith("https://") and rel == "noopener noreferrer nofollow" and target == "_blank"
               for href, rel, target in external)
    assert html.escape(HOSTILE_NAME) not in {href for href, _, _ in links}


def test_payload_in_every_field_runs_nothing(browser, tmp_path):
    """Every text field of a result, the file name, a javascript: source and an error message carry
    script, handlers, style and links; in the browser none of it acts."""
    from tests.test_html_report import hostile_results, render

    page = tmp_path / "every-field.html"
    page.write_text(render(hostile_results()), encoding="utf-8")
    load(browser, page)
    browser.evaluate("new Promise(done => setTimeout(done, 50))")
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.problems() == []
    assert browser.requests() == [page.as_uri()]
    assert browser.evaluate("document.scripts.length") == 1
    assert "<script>window.__pwned=1</script>" in browser.evaluate("document.body.innerText")
    assert browser.evaluate(f"{VISIBLE}(document.getElementById('filters'))")
