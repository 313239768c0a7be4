"""Baselines keyed by content: a baseline taken on a draft still matches after text is inserted
above the finding, a new finding fails the run, and a fixed one is reported as stale."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES

CI = FIXTURES / "ci"
BOTTOM = (CI / "DL301-violation.md").read_text()  # DL301 at line 7: the only label is at the end
LABEL = "This post is sponsored by Acme Outdoor Ltd."
INSERTED = ("A new paragraph the editor added, long enough to count as body copy and to move every line below "
            "it down the page.\n\nAnd another one, because drafts grow; the finding must still be recognised.\n\n")


@pytest.fixture
def draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "drafts" / "summer.md"
    path.parent.mkdir()
    path.write_text(BOTTOM)
    return path


def check(cli, *args):
    return cli("check", "--no-config", "--format", "json", "--baseline", "baseline.json", *args)


def test_baseline_survives_inserted_paragraphs_and_fails_only_new_findings(cli, draft, tmp_path):
    taken = check(cli, "--update-baseline", "drafts/summer.md")
    assert taken.code == 0
    assert "wrote 1 baseline entry to baseline.json" in taken.stderr
    stored = json.loads((tmp_path / "baseline.json").read_text())
    assert [(e["code"], e["source"]) for e in stored["findings"]] == [("DL301", "drafts/summer.md")]
    assert "line" not in stored["findings"][0]

    # Paragraphs inserted above the finding: its line moves from 7 to 11, the baseline still matches.
    draft.write_text(BOTTOM.replace("Each of them", INSERTED + "Each of them"))
    moved = check(cli, "drafts/summer.md")
    document = moved.json()["documents"][0]
    assert document["findings"] == []
    assert [(f["code"], f["line"], f["silenced_by"]) for f in document["silenced"]] == [("DL301", 11, "baseline")]
    assert moved.json()["summary"]["baseline"] == {"file": "baseline.json", "matched": 1, "stale": []}
    assert moved.code == 0

    # A new finding in another draft fails the run; the known one stays accepted.
    (draft.parent / "unnamed.html").write_text((CI / "DL201-violation.html").read_text())
    new = check(cli, "drafts/summer.md", "drafts/unnamed.html")
    assert [[f["code"] for f in d["findings"]] for d in new.json()["documents"]] == [[], ["DL201"]]
    assert new.code == 1


def test_a_fixed_finding_is_reported_as_stale(cli, draft):
    assert check(cli, "--update-baseline", "drafts/summer.md").code == 0
    draft.write_text(LABEL.replace("This post is sponsored", "Advertisement · Sponsored") + "\n\n" +
                     BOTTOM.replace(LABEL, ""))
    fixed = check(cli, "drafts/summer.md")
    stale = fixed.json()["summary"]["baseline"]["stale"]
    assert [(e["code"], e["source"], e["evidence"]) for e in stale] == [
        ("DL301", "drafts/summer.md", "This post is sponsored by Acme Outdoor Ltd")]
    assert fixed.code == 0
    concise = cli("check", "--no-config", "--baseline", "baseline.json", "drafts/summer.md")
    assert concise.stdout.splitlines()[0] == (
        "drafts/summer.md: stale baseline entry DL301 label-not-prominent (This post is sponsored by Acme Outdoor "
        "Ltd): the finding is gone; run --update-baseline to drop it")
    assert concise.stdout.splitlines()[-1].endswith("1 stale baseline entry.")
    # Updating drops the stale entry.
    assert check(cli, "--update-baseline", "drafts/summer.md").code == 0
    assert json.loads((draft.parent.parent / "baseline.json").read_text())["findings"] == []


def test_a_changed_finding_is_new_and_the_old_entry_stale(cli, draft):
    assert check(cli, "--update-baseline", "drafts/summer.md").code == 0
    draft.write_text(BOTTOM.replace("Acme Outdoor Ltd", "Globex Camping GmbH"))
    changed = check(cli, "drafts/summer.md")
    report = changed.json()
    assert [f["code"] for f in report["documents"][0]["findings"]] == ["DL301"]
    assert len(report["summary"]["baseline"]["stale"]) == 1
    assert changed.code == 1


def test_a_second_identical_finding_is_new(cli, draft, tmp_path):
    page = (CI / "DL102-review.html").read_text()
    one = tmp_path / "drafts" / "review.html"
    one.write_text(page)
    assert check(cli, "--update-baseline", "drafts/review.html").code == 0
    one.write_text(page.replace("</body>", "<p>This article is sponsored by the whitespace cartel.</p>"
                                           "</body>"))
    report = check(cli, "--fail-on", "info", "drafts/review.html").json()
    assert [f["code"] for f in report["documents"][0]["findings"]] == ["DL102"]
    assert [f["silenced_by"] for f in report["documents"][0]["silenced"]] == ["baseline"]


def test_entries_for_documents_not_checked_are_kept_and_not_stale(cli, draft, tmp_path):
    (draft.parent / "unnamed.html").write_text((CI / "DL201-violation.html").read_text())
    assert check(cli, "--update-baseline", "drafts").code == 0
    first = (tmp_path / "baseline.json").read_bytes()
    assert [e["code"] for e in json.loads(first)["findings"]] == ["DL301", "DL201"]  # sorted by source
    only_one = check(cli, "drafts/unnamed.html")
    assert only_one.json()["summary"]["baseline"]["stale"] == [] and only_one.code == 0
    assert check(cli, "--update-baseline", "drafts/unnamed.html").code == 0
    assert (tmp_path / "baseline.json").read_bytes() == first  # same content, same bytes: no timestamps


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such baseline file; create it with --update-baseline"),
    ("not json", "not a readable disclosure-lint baseline"),
    ('{"findings": []}', "not a disclosure-lint baseline"),
    ('{"tool": "disclosure-lint", "version": 9, "findings": []}', "version: baseline version 9 is not supported"),
    ('{"tool": "disclosure-lint", "version": 1, "findings": [{"code": 1}]}', "findings[0]: expected an entry"),
])
def test_a_bad_baseline_stops_with_exit_2(cli, draft, tmp_path, content, message):
    if content is not None:
        (tmp_path / "baseline.json").write_text(content)
    result = check(cli, "drafts/summer.md")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("disclosure-lint: error: baseline.json: ")
    assert message in result.stderr


def test_sarif_lists_fixed_findings_as_absent(cli, draft):
    assert check(cli, "--update-baseline", "drafts/summer.md").code == 0
    draft.write_text("Advertisement\n\n" + BOTTOM.replace(LABEL, ""))
    log = json.loads(cli("check", "--no-config", "--format", "sarif", "--sarif-full", "--baseline", "baseline.json",
                         "drafts/summer.md").stdout)
    absent = [r for r in log["runs"][0]["results"] if r.get("baselineState") == "absent"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in absent] == [
        ("DL301", "drafts/summer.md")]
    default = json.loads(cli("check", "--no-config", "--format", "sarif", "--baseline", "baseline.json",
                             "drafts/summer.md").stdout)
    assert not any(r.get("baselineState") == "absent" for r in default["runs"][0]["results"])
