"""WARC and ARC archives as inputs: a page read from an archive record is checked exactly as the
same page read from a file, each result carries the record's coordinates, every other record is
counted by why it was skipped, and a broken record is one error result, never the end of the file."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_process
from tests.warcs import DATE, WarcBuilder, build_arc, build_warc, shared_dir

WHIRLWIND = FIXTURES / "warc" / "whirlwind.warc.gz"


def verdict(document: dict) -> dict:
    """What a check decided about a document, without where the document came from."""
    return {
        "status": document["status"], "sponsored": document["sponsored"],
        "error": document["error"]["kind"] if document["error"] else None,
        "labels": [(lab["text"], lab["category"], lab["position"], lab["line"]) for lab in document["labels"]],
        "sponsors": [(s["name"], s["found_in"], s["line"]) for s in document["sponsors"]],
        "credits": [(c["text"], c["unit"], c["studio"], c["line"]) for c in document["credits"]],
        "findings": [(f["code"], f["severity"], f["outcome"], f["line"], f["column"], f["message"], f["evidence"])
                     for f in document["findings"]],
    }


def fixture_pages() -> list[Path]:
    return sorted((FIXTURES / "pages").glob("*.html")) + sorted((FIXTURES / "rules").glob("*/*.html"))


def url_for(index: int) -> str:
    return f"https://news.example.test/a/{index:03d}.html"


def crawl_of(pages: list[Path], path: Path, gzipped: bool = True, others: list[tuple[str, bytes]] = ()) -> dict:
    """A WARC of `pages` with a revisit, a 404, a PDF, a corrupt record, a gzip-encoded page and a
    truncated record between them, and request/metadata records as a crawler writes them.
    Returns the offsets and lengths of the page records, and the corrupt record's offset."""
    with path.open("wb") as stream:
        builder = WarcBuilder(stream, gzipped)
        builder.warcinfo()
        middle = len(pages) // 2
        corrupt = None
        for index, page in enumerate(pages):
            if index == middle:
                builder.revisit(url_for(0))
                builder.response("https://news.example.test/gone", b"<h1>Not found</h1>", status="404 Not Found",
                                 remember=False)
                builder.response("https://news.example.test/report.pdf", b"%PDF-1.7\n%binary",
                                 content_type="application/pdf", remember=False)
                corrupt = builder.corrupt()
                builder.response("https://news.example.test/cut", page.read_bytes(), truncated="length",
                                 remember=False)
            builder.request(url_for(index))
            builder.response(url_for(index), page.read_bytes(), encoding="gzip" if index % 3 == 1 else None)
            builder.metadata(url_for(index))
        for url, body in others:
            builder.response(url, body, content_type="text/plain", remember=False)
    return {"offsets": builder.written.offsets, "lengths": builder.written.lengths, "corrupt": corrupt,
            "requests_and_metadata": 2 * len(pages)}


def check_json(*args) -> tuple[int, dict]:
    result = run_process("check", "--format", "json", *args, timeout=300)
    assert result.stderr.count("Traceback") == 0, result.stderr
    return result.code, result.json()


def assert_archive_matches_files(pages: list[Path], tmp_path: Path, gzipped: bool = True,
                                 others: list[tuple[str, bytes]] = ()) -> dict:
    archive = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    built = crawl_of(pages, archive, gzipped, others)
    _, from_files = check_json(*pages)
    code, from_archive = check_json(archive)
    records = from_archive["documents"]
    broken = [d for d in records if d["status"] == "error"]
    checked = [d for d in records if d["status"] == "checked"]
    # Acceptance 1: the corrupt record is one error at its offset; every page before and after it is read.
    assert len(broken) == 1 and broken[0]["error"]["kind"] == "broken-record", broken
    assert broken[0]["warc_record_offset"] == built["corrupt"]
    assert broken[0]["warc_filename"] == str(archive)
    assert code == 3
    assert len(checked) == len(pages)
    # The same verdicts, labels, sponsors, credits and findings as the files, page by page, in order.
    for index, (page, on_disk, in_archive) in enumerate(zip(pages, from_files["documents"], checked, strict=True)):
        assert verdict(in_archive) == verdict(on_disk), page.name
        url = url_for(index)
        assert (in_archive["source"], in_archive["url"], in_archive["date"]) == (url, url, DATE)
        assert in_archive["warc_filename"] == str(archive)
        assert in_archive["warc_record_offset"] == built["offsets"][url]
        # Stored length: the gzip member, or in a plain archive the record without the two line breaks after it.
        assert in_archive["warc_record_length"] == built["lengths"][url] - (0 if gzipped else 4)
    summary = from_archive["summary"]["archives"]
    assert summary["skipped"] == {"not-response": 1 + built["requests_and_metadata"], "revisit": 1, "not-200": 1,
                                  "not-html": 1 + len(others), "truncated": 1}
    assert summary["records"] == summary["results"] + sum(summary["skipped"].values())
    assert summary["results"] == len(records) == len(pages) + 1
    return from_archive


def test_fixture_pages_in_a_warc_check_as_the_files_do(tmp_path):
    pages = fixture_pages()
    assert len(pages) > 50
    report = assert_archive_matches_files(pages, tmp_path)
    assert sum(1 for d in report["documents"] if d["sponsored"]) > 20  # the comparison covers real verdicts


def test_a_plain_warc_reads_like_a_gzipped_one(tmp_path):
    assert_archive_matches_files(fixture_pages()[:12], tmp_path, gzipped=False)


@pytest.mark.slow  # every corpus page, archived and checked twice
def test_corpus_pages_in_a_warc_check_as_the_files_do(tmp_path):
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared/corpus is not beside this checkout")
    cases = sorted((shared / "corpus" / "cases").iterdir())
    html = [case for case in cases if case.suffix == ".html"]
    text = [(f"https://blog.example.test/{case.stem}", case.read_bytes()) for case in cases if case.suffix != ".html"]
    assert html and text
    assert_archive_matches_files(html, tmp_path, others=text)  # text/plain responses are skipped as not HTML


def test_the_common_crawl_record_is_read_with_its_index_coordinates():
    code, report = check_json(WHIRLWIND)
    assert code == 0
    [document] = report["documents"]
    assert document["status"] == "checked" and document["sponsored"] is False
    assert document["url"] == document["source"] == "https://an.wikipedia.org/wiki/Escopete"
    assert document["date"] == "2024-05-18T01:58:10Z"
    assert (document["warc_record_offset"], document["warc_record_length"]) == (1023, 17351)
    assert report["summary"]["archives"] == {"files": 1, "records": 4, "results": 1,
                                             "skipped": {"not-response": 3}}


def test_archive_output_validates_against_the_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from disclosure_lint.report.json_report import SCHEMA_PATH

    archive = tmp_path / "crawl.warc.gz"
    crawl_of(fixture_pages()[:6], archive)
    _, report = check_json(archive, WHIRLWIND, FIXTURES / "founding" / "euractiv-underwritten.txt")
    jsonschema.validate(report, json.loads(SCHEMA_PATH.read_text()))
    founding = report["documents"][-1]
    assert "warc_filename" not in founding  # documents from files are as before


def test_arc_files_plain_and_gzipped(tmp_path):
    pages = fixture_pages()[:5]
    bodies = [(f"http://arc.example.test/{i}", page.read_bytes()) for i, page in enumerate(pages)]
    _, from_files = check_json(*pages)
    for name, gzipped in (("old.arc.gz", True), ("old.arc", False)):
        written = build_arc(tmp_path / name, bodies, gzipped)
        _, report = check_json(tmp_path / name)
        documents = report["documents"]
        assert [verdict(d) for d in documents] == [verdict(d) for d in from_files["documents"]], name
        assert [d["warc_record_offset"] for d in documents] == [written.offsets[url] for url, _ in bodies]
        # Plain ARC records are followed by one line break, not part of the stored length.
        assert [d["warc_record_length"] for d in documents] == [written.lengths[url] - (0 if gzipped else 1)
                                                                for url, _ in bodies]
        assert report["summary"]["archives"]["skipped"] == {"not-response": 1}  # the ARC file header


def test_a_manifest_lists_archives_gzipped_with_relative_paths_under_a_base(tmp_path):
    crawl = tmp_path / "crawl"
    segment = crawl / "crawl-data" / "CC-TEST" / "segments" / "1" / "warc"
    segment.mkdir(parents=True)
    shutil.copy(WHIRLWIND, segment / "one.warc.gz")
    build_warc(segment / "two.warc.gz", [(url_for(i), p.read_bytes()) for i, p in enumerate(fixture_pages()[:3])])
    manifest = tmp_path / "warc.paths.gz"
    lines = ["crawl-data/CC-TEST/segments/1/warc/one.warc.gz", "# a comment", "",
             "https://data.example.test/crawl-data/three.warc.gz", "crawl-data/CC-TEST/index.parquet",
             "crawl-data/CC-TEST/segments/1/warc/two.warc.gz", "crawl-data/CC-TEST/segments/1/warc/missing.warc.gz"]
    manifest.write_bytes(gzip.compress("\n".join(lines).encode()))
    code, report = check_json("--warc-list", manifest, "--warc-base", crawl)
    documents = report["documents"]
    assert [(d["source"], d["status"], d["error"]["kind"] if d["error"] else None) for d in documents] == [
        ("https://an.wikipedia.org/wiki/Escopete", "checked", None),
        (lines[3], "error", "not-fetched"),
        (lines[4], "error", "not-an-archive"),
        (url_for(0), "checked", None), (url_for(1), "checked", None), (url_for(2), "checked", None),
        (lines[6], "error", "not-found"),
    ]
    assert documents[0]["warc_filename"] == lines[0]  # as the crawl's index names it
    assert documents[3]["warc_filename"] == lines[5]
    assert "was not fetched" in documents[1]["error"]["message"] and f"{manifest}:4" in documents[1]["error"]["message"]
    assert code == 3


def test_a_manifest_without_base_reads_under_its_own_folder(tmp_path):
    shutil.copy(WHIRLWIND, tmp_path / "one.warc.gz")
    (tmp_path / "paths.txt").write_text("one.warc.gz\n")
    code, report = check_json("--warc-list", tmp_path / "paths.txt")
    assert code == 0 and report["documents"][0]["warc_filename"] == "one.warc.gz"


def test_the_common_crawl_manifest_is_read_line_by_line():
    shared = shared_dir()
    manifest = shared / "warc" / "CC-MAIN-2024-22.warc.paths.gz" if shared else None
    if manifest is None or not manifest.is_file():
        pytest.skip("shared/warc is not beside this checkout")
    from disclosure_lint.sources.warc import Archive
    from disclosure_lint.sources.warclist import read_warc_list

    entries = list(read_warc_list(str(manifest), "/nonexistent"))
    expected = [line for line in gzip.decompress(manifest.read_bytes()).decode().splitlines() if line.strip()]
    assert len(entries) == len(expected) > 100
    for entry, line in zip(entries, expected, strict=True):
        if isinstance(entry, Archive):
            assert entry.name == line and entry.path == "/nonexistent/" + line
        else:  # an entry that names no archive is that entry's error, and the list goes on
            assert entry.source == line and entry.kind == "not-an-archive"


def test_bad_archive_inputs_are_one_line_errors(tmp_path):
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"\x1b[31mnot an archive at all\n" * 3)
    result = run_process("check", tmp_path / "missing.warc.gz", empty, junk)
    assert result.code == 3
    lines = result.stderr.strip().splitlines()
    assert "no such archive" in lines[0] and "missing.warc.gz" in lines[0]
    assert "empty.warc.gz is empty: it holds no records" in lines[1]
    assert "junk.warc: the record at byte 0 could not be read" in lines[2]
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    usage = run_process("check", "--warc-list", tmp_path / "nope.txt")
    assert usage.code == 2 and "no such file" in usage.stderr and len(usage.stderr.splitlines()) == 1


def test_records_stream_one_at_a_time(tmp_path):
    """The reader is lazy: the first document is ready before the archive is read to its end."""
    from disclosure_lint.sources.warc import ArchiveTally, read_archive

    archive = tmp_path / "many.warc.gz"
    build_warc(archive, [(url_for(i), b"<html><body><p>page %d</p></body></html>" % i) for i in range(50)])
    tally = ArchiveTally()
    records = read_archive(str(archive), tally)
    first = next(records)
    assert first.archive.url == url_for(0) and tally.records < 10
    assert len(list(records)) == 49 and tally.records == 1 + 50 * 3
