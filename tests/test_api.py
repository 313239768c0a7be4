"""The Python API against the command line: for the same inputs, `Report.to_dict()` is the JSON
document `disclosure-lint check --format json` prints, field for field (nothing masked: the JSON
output holds no timings unless a page is rendered, and these are not). URLs come from a real HTTP
server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from disclosure_lint import CheckError, ConfigurationError, DisclosureLintError, Draft, Linter
from tests.conftest import FIXTURES, FOUNDING, ROOT, run_process

DRAFTS = sorted((FIXTURES / "api").iterdir())
NAMES_NOBODY = FIXTURES / "api" / "DL201-sponsored-draft-names-nobody.html"
NOTE_AT_END = FIXTURES / "api" / "DL301-paid-note-at-the-end.md"
HOUSE = ROOT / "examples" / "house-euractiv"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=False)


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    for draft in DRAFTS:
        if draft.suffix == ".html":
            httpserver.expect_request(f"/{draft.stem}").respond_with_data(
                draft.read_bytes(), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone").respond_with_data("not here", status=404, content_type="text/html")
    return httpserver


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_a_file_checked_by_the_api_gives_the_command_lines_json(cli, linter, draft):
    expected = cli("check", "--format", "json", "--no-config", draft).json()
    assert linter.check_file(draft).to_dict() == expected


def test_many_inputs_keep_their_order_and_errors_as_in_the_command_line(cli, linter, tmp_path):
    missing = tmp_path / "missing.html"
    inputs = [NAMES_NOBODY, missing, FIXTURES / "api", FOUNDING]
    cli_run = cli("check", "--format", "json", "--no-config", *inputs)
    report = linter.check_many(inputs)
    assert report.to_dict() == cli_run.json()
    assert report.exit_code == cli_run.code == 3
    assert [r.status for r in report.results] == ["checked", "error", "checked", "checked", "checked", "checked"]
    assert report.results[1].error.kind == "not-found"


def without_encoding(report: dict) -> dict:
    """Text handed over as text was never decoded, so it has no `encoding` to report; standard input
    arrives as bytes and says how they were decoded. Everything else must be identical."""
    for document in report["documents"]:
        assert document.pop("encoding", {"name": "utf-8"})["name"] == "utf-8"
    return report


def test_text_checked_by_the_api_is_standard_input_to_the_command_line(cli, linter):
    data = NAMES_NOBODY.read_bytes()
    expected = cli("check", "--format", "json", "--no-config", "-", stdin=data).json()
    assert linter.check_text(data.decode("utf-8")).to_dict() == without_encoding(expected)
    assert linter.check_bytes(data).to_dict() == cli("check", "--format", "json", "--no-config", "-", stdin=data).json()
    assert expected["documents"][0]["source"] == "-"


def test_text_with_a_name_and_format_is_standard_input_with_stdin_filename(cli, linter):
    data = NOTE_AT_END.read_bytes()
    expected = cli("check", "--format", "json", "--no-config", "--stdin-filename", "drafts/tents.md", "-",
                   stdin=data).json()
    report = linter.check_text(data.decode("utf-8"), format="markdown", source="drafts/tents.md")
    assert report.to_dict() == without_encoding(expected)
    assert expected["documents"][0]["source"] == "drafts/tents.md"
    assert expected["documents"][0]["format"] == "markdown"
    assert [f.code for f in report.findings] == ["DL301"]


def test_urls_checked_by_the_api_give_the_command_lines_json(cli, linter, site):
    urls = [site.url_for(f"/{draft.stem}") for draft in DRAFTS if draft.suffix == ".html"]
    urls.append(site.url_for("/gone"))
    expected = cli("check", "--format", "json", "--no-config", *urls).json()
    assert linter.check_many(urls).to_dict() == expected
    one = linter.check_url(urls[0])
    assert one.to_dict()["documents"] == expected["documents"][:1]
    assert one.result.sponsored is True
    assert [f.code for f in one.result.findings] == ["DL201"]
    assert expected["documents"][-1]["error"]["kind"] == "http-status"


def test_a_house_profile_and_rule_folder_load_once_and_match_the_command_line(cli):
    house = Linter(profile="euractiv", rules_dir=HOUSE, config=False)
    expected = cli("check", "--format", "json", "--no-config", "--rules-dir", HOUSE, "--profile", "euractiv",
                   FOUNDING).json()
    assert house.check_file(FOUNDING).to_dict() == expected
    assert house.profile == expected["profile"] == "euractiv"


def test_rule_selection_and_fail_on_reach_the_result_as_on_the_command_line(cli):
    selected = Linter(config=False, ignore=["DL201"], fail_on="warning")
    run = cli("check", "--format", "json", "--no-config", "--ignore", "DL201", "--fail-on", "warning", NAMES_NOBODY)
    report = selected.check_file(NAMES_NOBODY)
    assert report.to_dict() == run.json()
    assert report.findings == ()
    assert report.exit_code == run.code == 0


def test_a_configuration_file_is_read_as_the_command_line_reads_it(cli, tmp_path):
    config = tmp_path / "disclosure-lint.toml"
    config.write_text('[per-path-ignores]\n"drafts/**" = ["DL301"]\n', encoding="utf-8")
    text = NOTE_AT_END.read_text(encoding="utf-8")
    report = Linter(config=config).check_text(text, source=str(tmp_path / "drafts" / "tents.md"))
    assert report.findings == ()
    elsewhere = Linter(config=config).check_text(text, source=str(tmp_path / "notes" / "tents.md"))
    assert [f.code for f in elsewhere.findings] == ["DL301"]


def test_a_draft_in_check_many_sits_between_files_in_order(linter):
    text = NOTE_AT_END.read_text(encoding="utf-8")
    report = linter.check_many([NAMES_NOBODY, Draft(text, "markdown", "cms/42"), FOUNDING])
    assert [r.source for r in report.results] == [str(NAMES_NOBODY), "cms/42", str(FOUNDING)]
    assert [[f.code for f in r.findings] for r in report.results][:2] == [["DL201"], ["DL301"]]


def test_the_result_objects_carry_the_json_fields(linter):
    result = linter.check_file(NAMES_NOBODY).result
    data = result.to_dict()
    assert (result.source, result.status, result.sponsored, result.format, result.language) == (
        data["source"], data["status"], data["sponsored"], data["format"], data["language"])
    assert [(lab.text, lab.line) for lab in result.labels] == [(d["text"], d["line"]) for d in data["labels"]]
    assert [(f.code, f.line, f.column, f.fix) for f in result.findings] == [
        (d["code"], d["line"], d["column"], d["fix"]) for d in data["findings"]]
    json.dumps(data)  # plain JSON-ready data


def test_an_unknown_profile_is_a_configuration_error_with_its_kind():
    with pytest.raises(ConfigurationError) as caught:
        Linter(profile="nowhere", config=False)
    assert caught.value.kind == "config"
    assert "unknown profile 'nowhere'" in str(caught.value)
    assert isinstance(caught.value, DisclosureLintError)


def test_an_input_that_cannot_be_checked_raises_its_kind_on_request(linter, tmp_path):
    missing = tmp_path / "gone.md"
    result = linter.check_file(missing).result
    assert result.status == "error" and result.error.kind == "not-found"
    with pytest.raises(CheckError) as caught:
        result.raise_for_error()
    assert (caught.value.kind, caught.value.source) == ("not-found", str(missing))
    empty = linter.check_text("   \n").result
    assert empty.error.kind == "empty"
    with pytest.raises(ValueError, match="format 'pdf'"):
        linter.check_text("x", format="pdf")  # type: ignore[arg-type]


def test_stdin_filename_names_standard_input_in_outputs_and_per_path_configuration(tmp_path):
    (tmp_path / "disclosure-lint.toml").write_text('[per-path-ignores]\n"archive/**" = ["DL301"]\n', encoding="utf-8")
    data = NOTE_AT_END.read_bytes()
    named = run_process("check", "--stdin-filename", "drafts/tents.md", "-", stdin=data, cwd=tmp_path)
    assert named.code == 1
    assert named.stdout.startswith("drafts/tents.md:7:1: DL301 ")
    ignored = run_process("check", "--format", "json", "--stdin-filename", "archive/tents.md", "-", stdin=data,
                          cwd=tmp_path)
    assert ignored.code == 0
    assert ignored.json()["documents"][0]["source"] == "archive/tents.md"
    assert ignored.json()["documents"][0]["findings"] == []
    sarif = run_process("check", "--format", "sarif", "--stdin-filename", "drafts/tents.md", "-", stdin=data,
                        cwd=tmp_path)
    assert "drafts/tents.md" in sarif.stdout


def test_stdin_filename_must_be_a_file_name():
    result = run_process("check", "--stdin-filename", "https://example.com/a", "-", stdin=b"x")
    assert result.code == 2
    assert "is not a file name" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_linter_shared_by_threads_gives_each_thread_the_results_it_gives_alone():
    from concurrent.futures import ThreadPoolExecutor

    inputs = [*DRAFTS, FOUNDING] * 6
    shared = Linter(config=False)  # fresh: its first checks (and anything it builds lazily) race
    with ThreadPoolExecutor(8) as threads:
        together = list(threads.map(lambda path: shared.check_file(path).to_dict(), inputs))
    alone = Linter(config=False)
    assert together == [alone.check_file(path).to_dict() for path in inputs]


def test_iter_check_gives_results_as_inputs_come_without_reading_them_all_first(linter):
    import itertools

    text = NOTE_AT_END.read_text(encoding="utf-8")
    endless = itertools.cycle([NAMES_NOBODY, Draft(text, "markdown", "cms/7")])
    results = linter.iter_check(endless)
    assert [(r.source, [f.code for f in r.findings]) for r in itertools.islice(results, 4)] == [
        (str(NAMES_NOBODY), ["DL201"]), ("cms/7", ["DL301"])] * 2
