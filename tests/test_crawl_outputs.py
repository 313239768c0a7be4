"""Crawl-scale outputs: JSON lines and Parquet with one row per result (the JSON contract's
document), and the prevalence table per host and URL section, as CSV, Parquet and a section of
the HTML report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_process
from tests.warcs import build_warc

RULES = FIXTURES / "rules"
# (url, fixture): what each page is, by the fixture's own name and the prevalence column it feeds.
PAGES = [
    ("https://news.example.test/partner/disclosed.html", RULES / "DL101-undisclosed-sponsorship" / "pass-en.html"),
    ("https://news.example.test/partner/also-disclosed.html", RULES / "DL401-ambiguous-label" / "pass-en.html"),
    ("https://news.example.test/partner/undisclosed.html", RULES / "DL101-undisclosed-sponsorship" / "violation-en.html"),
    ("https://news.example.test/world/unnamed.html", RULES / "DL201-sponsor-not-named" / "violation-en.html"),
    ("https://news.example.test/world/bottom.html", RULES / "DL301-label-not-prominent" / "violation-en.html"),
    ("https://news.example.test/plain.html", FIXTURES / "pages" / "sponsored-widget-and-menu-are-not-labels.html"),
    ("https://=HYPERLINK(1).example.test/x/y.html", RULES / "DL301-label-not-prominent" / "pass-en.html"),
]


@pytest.fixture
def crawl(tmp_path) -> Path:
    archive = tmp_path / "crawl.warc.gz"
    build_warc(archive, [(url, page.read_bytes()) for url, page in PAGES])
    return archive


def test_prevalence_per_host_and_section(crawl, tmp_path):
    out = tmp_path / "prevalence.csv"
    result = run_process("check", crawl, "--output", f"prevalence:{out}")
    assert result.code == 1 and "Traceback" not in result.stderr
    rows = {(row["host"], row["section"]): row for row in csv.DictReader(out.open())}
    columns = ("pages", "checked", "errors", "sponsored", "disclosed", "undisclosed", "unnamed_sponsor",
               "label_bottom_only", "DL101", "DL201", "DL301")
    table = {key: tuple(int(row[name]) for name in columns) for key, row in rows.items()}
    assert table == {
        ("news.example.test", "*"): (6, 6, 0, 5, 2, 1, 1, 1, 1, 1, 1),
        ("news.example.test", "/partner/"): (3, 3, 0, 3, 2, 1, 0, 0, 1, 0, 0),
        ("news.example.test", "/world/"): (2, 2, 0, 2, 0, 0, 1, 1, 0, 1, 1),
        ("news.example.test", "/"): (1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ("'=hyperlink(1).example.test", "*"): (1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0),  # never a formula
        ("'=hyperlink(1).example.test", "/x/"): (1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0),
    }
    header = next(csv.reader(out.open()))
    assert header[:10] == ["host", "section", *columns[:8]]
    assert "DL203" not in header or header.index("DL203") > 9  # every rule that ran has a column


def test_rows_as_json_lines_and_parquet_are_the_json_documents(crawl, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    result = run_process("check", crawl, "--format", "json", "--output", f"jsonl:{tmp_path / 'rows.jsonl'}",
                         "--output", f"parquet:{tmp_path / 'rows.parquet'}")
    documents = result.json()["documents"]
    lines = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text().splitlines()]
    assert lines == documents and len(lines) == len(PAGES)
    table = pq.read_table(tmp_path / "rows.parquet").to_pylist()
    assert len(table) == len(documents)
    for row, document in zip(table, documents, strict=True):
        for key in ("source", "status", "sponsored", "url", "date", "warc_filename", "warc_record_offset",
                    "warc_record_length", "language", "headline", "encoding"):
            assert row[key] == document[key], key
        assert row["findings"] == document["findings"]
        assert row["labels"] == document["labels"]
        assert row["sponsors"] == document["sponsors"]
        assert row["error_kind"] is None and row["body_start_line"] == document["body"]["start_line"]
        assert {o["code"]: o["outcome"] for o in row["outcomes"]} == document["outcomes"]
    assert table[0]["host"] == "news.example.test" and table[0]["section"] == "/partner/"


def test_prevalence_as_parquet(crawl, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "prevalence.parquet"
    run_process("check", crawl, "--output", f"prevalence:{out}")
    rows = pq.read_table(out).to_pylist()
    first = rows[0]
    assert (first["host"], first["section"], first["pages"], first["disclosed"]) == ("news.example.test", "*", 6, 2)


def test_the_html_report_has_a_prevalence_section(crawl, tmp_path):
    out = tmp_path / "report.html"
    run_process("check", crawl, "--output", f"html:{out}")
    page = out.read_text()
    section = page[page.index('id="prevalence"'):]
    section = section[:section.index("</div>")]
    assert "<td>news.example.test</td><td>all</td><td class=\"num\">6</td>" in section
    assert "<td>/partner/</td>" in section and "=hyperlink(1).example.test" in section
    drafts = tmp_path / "drafts.html"
    run_process("check", RULES / "DL101-undisclosed-sponsorship" / "pass-en.html", "--output", f"html:{drafts}")
    assert 'id="prevalence"' not in drafts.read_text()  # drafts on disk have no sites to count


def test_binary_outputs_need_a_file(crawl):
    for spec in ("parquet", "parquet:-"):
        result = run_process("check", crawl, "--output", spec)
        assert result.code == 2
        assert result.stderr.strip().splitlines() == [
            "disclosure-lint: error: command line: --output: parquet output is binary: give it a file, as "
            "--output parquet:PATH"]
