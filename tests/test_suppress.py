"""Suppressions written in the document: comments in HTML, Markdown and text, the file-wide form,
the data-disclosure-lint-ignore attribute on one element, and DL901 for suppressions that
silenced nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.extract.suppressions import read_suppressions
from disclosure_lint.model import Document, Suppression
from tests.conftest import FIXTURES

CI = FIXTURES / "ci"
LABEL_AT_BOTTOM = (CI / "DL301-violation.md").read_text()  # DL301 at line 7
UNNAMED = (CI / "DL201-violation.html").read_text()  # DL201 at line 6, the <p class="label">


def check(cli, path: Path, *args: str) -> dict:
    result = cli("check", "--no-config", "--format", "json", *args, path)
    document = result.json()["documents"][0]
    document["exit"] = result.code
    return document


def codes(document: dict, key: str = "findings") -> list[str]:
    return [f["code"] for f in document[key]]


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
def test_disable_and_enable_comments_silence_the_lines_between(cli, tmp_path, suffix):
    text = LABEL_AT_BOTTOM.replace("This post", "<!-- disclosure-lint: disable DL301 -->\nThis post")
    text += "<!-- disclosure-lint: enable DL301 -->\n"
    if suffix == ".html":
        text = "<html><body>" + "".join(
            f"<h1>{line[2:]}</h1>\n" if line.startswith("# ") else (f"<p>{line}</p>\n" if line and "<!--" not in line
                                                                   else line + "\n")
            for line in text.splitlines()) + "</body></html>"
    draft = tmp_path / f"draft{suffix}"
    draft.write_text(text)
    document = check(cli, draft)
    assert codes(document) == []
    assert codes(document, "silenced") == ["DL301"]
    assert document["silenced"][0]["silenced_by"] == "comment"
    assert document["exit"] == 0


def test_a_finding_outside_the_range_is_still_reported(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("<!-- disclosure-lint: disable DL301 -->\nIntro line.\n<!-- disclosure-lint: enable DL301 -->\n\n"
                     + LABEL_AT_BOTTOM)
    document = check(cli, draft)
    assert codes(document) == ["DL901", "DL301"]  # in line order
    unused = document["findings"][0]
    assert unused["line"] == 1 and unused["severity"] == "warning"
    assert unused["message"] == ("'disable DL301' silenced nothing in lines 1-3; remove it so it cannot hide a "
                                 "finding later.")
    assert document["exit"] == 1


def test_rule_names_work_like_codes(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(LABEL_AT_BOTTOM.replace("This post", "<!-- disclosure-lint: disable label-not-prominent -->\n"
                                                          "This post"))
    document = check(cli, draft)
    assert codes(document) == [] and codes(document, "silenced") == ["DL301"]


def test_the_file_wide_form_works_anywhere_in_the_document(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(UNNAMED.replace("</body>", "<!-- disclosure-lint: disable-file DL201 -->\n</body>"))
    document = check(cli, page)
    assert codes(document) == []
    assert document["silenced"][0]["silenced_by"] == "file"


def test_the_attribute_silences_one_rule_on_one_element(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(UNNAMED.replace('<p class="label">', '<p class="label" data-disclosure-lint-ignore="DL201">'))
    document = check(cli, page)
    assert codes(document) == [] and document["silenced"][0]["silenced_by"] == "attribute"


def test_the_attribute_covers_an_element_over_several_lines(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(UNNAMED.replace('<p class="label">Sponsored content</p>',
                                    '<div data-disclosure-lint-ignore="sponsor-not-named">\n<span>Note</span>\n'
                                    '<p class="label">Sponsored content</p>\n</div>'))
    document = check(cli, page)
    assert codes(document) == [] and codes(document, "silenced") == ["DL201"]


def test_the_attribute_on_another_element_silences_nothing(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(UNNAMED.replace("<h1>", '<h1 data-disclosure-lint-ignore="DL201">'))
    document = check(cli, page)
    assert codes(document) == ["DL201", "DL901"]
    assert document["findings"][1]["line"] == 7
    assert document["findings"][1]["message"].startswith('data-disclosure-lint-ignore="DL201" silenced nothing on '
                                                         "line 7;")


def test_the_attribute_for_another_rule_silences_nothing(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(UNNAMED.replace('<p class="label">', '<p class="label" data-disclosure-lint-ignore="DL401">'))
    document = check(cli, page)
    assert codes(document) == ["DL201", "DL901"]


def test_an_unknown_code_in_a_suppression_is_reported(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(LABEL_AT_BOTTOM.replace("This post", "<!-- disclosure-lint: disable DL301, DL999 -->\nThis post"))
    document = check(cli, draft)
    assert codes(document) == ["DL901"]
    assert document["findings"][0]["message"].startswith("'disable DL999' (no such rule) silenced nothing")
    assert codes(document, "silenced") == ["DL301"]


def test_a_suppression_for_a_rule_that_did_not_run_is_not_reported(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(LABEL_AT_BOTTOM.replace("This post", "<!-- disclosure-lint: disable DL401 -->\nThis post"))
    assert codes(check(cli, draft, "--ignore", "DL401")) == ["DL301"]
    assert codes(check(cli, draft)) == ["DL901", "DL301"]


def test_unused_suppression_can_be_deselected_like_any_rule(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("<!-- disclosure-lint: disable -->\n" + (CI / "DL301-pass.md").read_text())
    assert codes(check(cli, draft)) == ["DL901"]
    assert codes(check(cli, draft, "--ignore", "unused-suppression")) == []


def test_ignore_suppressions_reports_everything(cli, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(LABEL_AT_BOTTOM.replace("This post", "<!-- disclosure-lint: disable -->\nThis post"))
    assert codes(check(cli, draft)) == []
    document = check(cli, draft, "--ignore-suppressions")
    assert codes(document) == ["DL301"] and document["exit"] == 1
    (tmp_path / "disclosure-lint.toml").write_text("suppressions = false\n")
    result = cli("check", "--format", "json", "--config", tmp_path / "disclosure-lint.toml", draft)
    assert [f["code"] for f in result.json()["documents"][0]["findings"]] == ["DL301"]


def test_directives_and_their_ranges():
    text = ("line 1\n<!-- disclosure-lint: disable DL301 label-not-prominent -->\n"
            "<!-- disclosure-lint: disable -->\nx\n<!-- disclosure-lint: enable DL301 -->\n"
            "<!--disclosure-lint:disable-file DL101,DL102-->\n<!-- disclosure-lint: enable -->\n")
    found = read_suppressions(Document("d.md", text, "markdown"))
    assert found == [
        Suppression("comment", ("DL301",), 2, 2, 5),
        Suppression("comment", ("label-not-prominent",), 2, 2, 7),
        Suppression("comment", (), 3, 3, 7),
        Suppression("file", ("DL101", "DL102"), 6, 1, None),
    ]
    unclosed = read_suppressions(Document("d.md", "a\n\n<!-- disclosure-lint: disable DL201 -->\n", "markdown"))
    assert unclosed == [Suppression("comment", ("DL201",), 3, 3, None)]


def test_text_that_only_mentions_the_tool_is_no_directive():
    text = "Run disclosure-lint: disable nothing here.\n<!-- a comment about disclosure-lint -->\n"
    assert read_suppressions(Document("d.md", text, "markdown")) == []
    assert read_suppressions(Document("d.html", '<p data-disclosure-lint-ignore="DL201">x</p>', "html")) == [
        Suppression("attribute", ("DL201",), 1, 1, 1)]


def test_a_code_written_twice_in_one_enable_closes_its_range_once():
    text = ("a\n<!-- disclosure-lint: disable DL301 -->\nb\n"
            "<!-- disclosure-lint: enable DL301 DL301 -->\n")
    assert read_suppressions(Document("d.md", text, "markdown")) == [Suppression("comment", ("DL301",), 2, 2, 4)]
