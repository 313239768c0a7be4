"""`--urls` given what is not a list of URLs (a binary file, a workbook, a CSV without a URL column,
prose) is one usage error naming the file and what to do; a CSV export whose header names a URL
column gives that column's URLs, whatever the export's delimiter or encoding."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import run_process

FAST = ("--timeout", "5", "--retries", "0", "--jobs", "1", "--format", "json", "--no-progress", "--fail-on", "never")
PAGE = "<html><head><title>{0}</title></head><body><h1>{0}</h1><p>A story about {0}.</p></body></html>"


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    for name in ("one", "two", "three"):
        httpserver.expect_request(f"/{name}").respond_with_data(PAGE.format(name), content_type="text/html")
    return httpserver


def _workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    return path


@pytest.mark.parametrize(("make", "says"), [
    (lambda tmp: _workbook(tmp / "audit.xlsx"), "workbook"),
    (lambda tmp: _write(tmp / "logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 40), "binary file"),
    (lambda tmp: _write(tmp / "audit.csv", b"Title,Section,Owner\nGreen cities,Climate,Ana\nRail,Travel,Bo\n"),
     "names no URL column"),
    (lambda tmp: _write(tmp / "notes.txt", b"Check the partner pages\nbefore Friday\nthanks\n"), "holds no URL"),
])
def test_a_file_that_is_no_url_list_is_one_usage_error(tmp_path: Path, make, says: str):
    target = make(tmp_path)
    result = run_process("check", *FAST, "--urls", target)
    assert result.code == 2
    [line] = result.stderr.strip().splitlines()
    assert str(target) in line and says in line and "Traceback" not in line
    assert ("url" in line.lower() and ("export" in line or "one URL per line" in line))
    assert result.stdout == ""


def test_a_csv_export_gives_the_urls_of_its_url_column(tmp_path: Path, site: HTTPServer):
    rows = [("Title", "URL", "Notes"), ("One", site.url_for("/one"), "checked, in March"), ("Empty", "", ""),
            ("Two", site.url_for("/two"), "")]
    listing = tmp_path / "audit.csv"
    listing.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n", encoding="utf-8-sig")
    result = run_process("check", *FAST, "--urls", listing)
    assert [d["source"] for d in result.json()["documents"]] == [site.url_for("/one"), site.url_for("/two")]
    assert [d["headline"] for d in result.json()["documents"]] == ["one", "two"]
    assert result.code == 0


def test_a_spreadsheet_unicode_text_export_is_read_too(tmp_path: Path, site: HTTPServer):
    """What a spreadsheet saves as "Unicode text": UTF-16 with a BOM, tab-separated, a `Link` column."""
    listing = tmp_path / "audit.txt"
    text = f"Link\tTitle\r\n{site.url_for('/three')}\tThree\r\nnot-an-address\tBroken\r\n"
    listing.write_bytes(text.encode("utf-16"))
    result = run_process("check", *FAST, "--urls", listing)
    three, broken = result.json()["documents"]
    assert three["headline"] == "three"
    assert broken["error"]["kind"] == "invalid-url" and f"{listing}:3" in broken["error"]["message"]


def test_a_binary_url_list_on_standard_input_is_one_error_not_one_per_line():
    junk = bytes(range(256)) * 20 + b"\n" * 50
    result = run_process("check", *FAST, "--urls", "-", stdin=junk)
    [document] = result.json()["documents"]
    assert document["error"]["kind"] == "not-a-url-list" and "standard input" in document["error"]["message"]
    assert result.code == 3 and len(result.stderr.strip().splitlines()) == 1


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
