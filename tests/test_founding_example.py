"""The founding example: labelled "Underwritten" with its definition, credited to a commercial
unit, the underwriter never named. The tool must say exactly that, and nothing false besides."""

from __future__ import annotations

from tests.conftest import FOUNDING, ROOT, run_process


def test_rich_report_says_exactly_what_the_page_is() -> None:
    result = run_process("check", "--format", "rich", FOUNDING)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "SPONSORED" in out
    assert "“Underwritten”  top, line 5" in out
    assert "defined as “Produced with financial support from an organization or" in out
    assert "Euractiv’s Advocacy Lab" in out and "commercial studio" in out
    assert "none named" in out
    assert "5:1  error   DL201 sponsor-not-named" in out
    assert "1 error, 0 warnings" in out


def test_json_has_one_error_sponsor_not_named_at_the_label_line(cli) -> None:
    result = cli("check", "--format", "json", FOUNDING)
    assert result.code == 1
    document = result.json()["documents"][0]
    assert document["status"] == "checked" and document["sponsored"] is True
    assert [(lab["text"], lab["category"], lab["position"], lab["line"]) for lab in document["labels"]] == [
        ("Underwritten", "underwritten", "top", 5)]
    assert document["labels"][0]["definition"].startswith("Produced with financial support")
    assert document["sponsors"] == []
    assert [(c["unit"], c["studio"]) for c in document["credits"]] == [("Euractiv’s Advocacy Lab", True)]
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["name"], f["line"], f["outcome"]) for f in errors] == [
        ("DL201", "sponsor-not-named", 5, "violation")]
    # Besides the one error: paid content about a reform agenda gets the political-advertising review
    # that Regulation (EU) 2024/900 calls for (a person decides; it never fails a run).
    others = {(f["code"], f["severity"], f["outcome"]) for f in document["findings"] if f not in errors}
    assert others == {("DL701", "info", "review")}


def test_readme_first_command_prints_what_the_readme_shows() -> None:
    """The README promises a command and its output; a change to either shows up here."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv .venv && ") and " check " in line)
    check_args = command.split(".venv/bin/disclosure-lint ", 1)[1].split()
    shown = readme.split("The first command prints", 1)[1].split("```\n", 2)[1]
    result = run_process(*check_args, cwd=ROOT)
    assert result.code == 1
    printed = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert printed == shown
