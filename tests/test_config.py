"""Configuration: discovery upward from the working folder, precedence of the command line, rule
selection by code, prefix and name, severity overrides, per-path and per-URL ignores, extra rule,
profile and vocabulary folders, and one clear exit-2 message per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.config import find_config, load_config
from tests.conftest import FIXTURES, ROOT

CI = FIXTURES / "ci"
UNNAMED = (CI / "DL201-violation.html").read_text()  # DL201 error at line 6
BOTTOM = (CI / "DL301-violation.md").read_text()  # DL301 error at line 7
REVIEW = (CI / "DL102-review.html").read_text()  # DL102 info (review) at line 8
HOUSE_RULE = """
code = "DL491"
name = "house-wording"
severity = "warning"
check = "label_wording"
summary = "Only the newsroom's own label terms are used."
message = "{label!r} is a house term."
why = "The newsroom's style guide asks for plain labels."
fix = "Write Advertisement."
references = [{ title = "Newsroom style guide" }]
[params]
flag = ["house"]
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with drafts in sub/deeper, the working folder inside it."""
    deeper = tmp_path / "project" / "sub" / "deeper"
    deeper.mkdir(parents=True)
    (deeper / "unnamed.html").write_text(UNNAMED)
    (deeper / "bottom.md").write_text(BOTTOM)
    monkeypatch.chdir(deeper)
    return tmp_path / "project"


def run(cli, *args) -> tuple[int, dict[str, list[tuple[str, str]]], str]:
    result = cli("check", "--format", "json", *args)
    if result.code == 2:
        return result.code, {}, result.stderr
    report = result.json()
    found = {Path(d["source"]).name: [(f["code"], f["severity"]) for f in d["findings"]] for d in report["documents"]}
    return result.code, found, result.stderr


def test_without_configuration_every_rule_runs(cli, project):
    code, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [("DL201", "error")], "bottom.md": [("DL301", "error")]}
    assert code == 1


def test_a_pyproject_in_a_parent_folder_is_found(cli, project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.disclosure-lint]\nignore = ["DL201"]\n')
    code, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [], "bottom.md": [("DL301", "error")]} and code == 1
    assert find_config(Path.cwd()) == project / "pyproject.toml"


def test_the_nearest_configuration_wins(cli, project):
    (project / "pyproject.toml").write_text('[tool.disclosure-lint]\nignore = ["DL201"]\n')
    (project / "sub" / "disclosure-lint.toml").write_text('ignore = ["DL3"]\n')
    _, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [("DL201", "error")], "bottom.md": []}


def test_disclosure_lint_toml_wins_over_pyproject_in_the_same_folder(cli, project):
    (project / "pyproject.toml").write_text('[tool.disclosure-lint]\nignore = ["DL201"]\n')
    (project / "disclosure-lint.toml").write_text('ignore = ["label-not-prominent"]\n')
    _, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [("DL201", "error")], "bottom.md": []}


def test_a_pyproject_without_the_table_is_passed_over(cli, project):
    (project / "pyproject.toml").write_text('[tool.disclosure-lint]\nignore = ["DL201"]\n')
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "unrelated"\n[tool.ruff]\nline-length = 99\n')
    _, found, _ = run(cli, "unnamed.html")
    assert found == {"unnamed.html": []}


def test_config_option_and_no_config(cli, project, tmp_path):
    (project / "pyproject.toml").write_text('[tool.disclosure-lint]\nignore = ["DL201"]\n')
    elsewhere = tmp_path / "ci.toml"
    elsewhere.write_text('ignore = ["DL301"]\n')
    assert run(cli, "--config", elsewhere, "unnamed.html", "bottom.md")[1] == {
        "unnamed.html": [("DL201", "error")], "bottom.md": []}
    assert run(cli, "--no-config", "unnamed.html")[1] == {"unnamed.html": [("DL201", "error")]}


def test_the_command_line_wins(cli, project):
    (project / "disclosure-lint.toml").write_text('ignore = ["DL2", "DL3"]\nfail-on = "never"\n')
    code, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [], "bottom.md": []} and code == 0
    code, found, _ = run(cli, "--extend-select", "sponsor-not-named", "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [("DL201", "error")], "bottom.md": []}
    assert code == 0  # fail-on = never from the file
    code, found, _ = run(cli, "--select", "DL301", "--fail-on", "error", "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [], "bottom.md": [("DL301", "error")]}
    assert code == 1  # --fail-on from the command line wins over the file


def test_select_by_prefix_name_and_all(cli, project):
    # DL3 selects DL302 too, which the default profile leaves out: select replaces the profile's choice.
    assert run(cli, "--select", "DL3", "unnamed.html", "bottom.md")[1] == {"unnamed.html": [("DL302", "info")],
                                                                         "bottom.md": [("DL301", "error")]}
    assert run(cli, "--select", "sponsor-not-named,label-not-prominent", "--ignore", "DL30",
               "unnamed.html", "bottom.md")[1] == {"unnamed.html": [("DL201", "error")], "bottom.md": []}
    assert run(cli, "--select", "ALL", "--ignore", "DL", "unnamed.html")[1] == {"unnamed.html": []}


def test_severity_overrides_and_fail_on(cli, project):
    (project / "disclosure-lint.toml").write_text('[severity]\nsponsor-not-named = "warning"\n')
    code, found, _ = run(cli, "unnamed.html")
    assert found == {"unnamed.html": [("DL201", "warning")]} and code == 0
    (project / "disclosure-lint.toml").write_text('fail-on = "warning"\n[severity]\nDL201 = "warning"\n')
    code, found, _ = run(cli, "unnamed.html")
    assert found == {"unnamed.html": [("DL201", "warning")]} and code == 1


def test_per_path_ignores_are_relative_to_the_configuration_file(cli, project):
    (project / "pyproject.toml").write_text(
        '[tool.disclosure-lint.per-path-ignores]\n"sub/deeper/*.html" = ["DL201"]\n"**/bottom.md" = ["DL3"]\n')
    (project / "sub" / "unnamed.html").write_text(UNNAMED)
    code, report, _ = run(cli, "unnamed.html", "bottom.md")
    assert report == {"unnamed.html": [], "bottom.md": []} and code == 0
    _, report, _ = run(cli, "../unnamed.html")
    assert report == {"unnamed.html": [("DL201", "error")]}  # sub/unnamed.html matches no pattern


def test_a_folder_pattern_covers_everything_beneath_it(cli, project):
    (project / "disclosure-lint.toml").write_text('[per-path-ignores]\n"sub" = ["ALL"]\n')
    code, found, _ = run(cli, "unnamed.html", "bottom.md")
    assert found == {"unnamed.html": [], "bottom.md": []} and code == 0


def test_per_url_pattern_ignores(cli, project, httpserver):
    httpserver.expect_request("/partner/story").respond_with_data(UNNAMED, content_type="text/html")
    httpserver.expect_request("/news/story").respond_with_data(UNNAMED, content_type="text/html")
    base = f"http://127.0.0.1:{httpserver.port}/"
    (project / "disclosure-lint.toml").write_text(
        '[per-url-ignores]\n"http://127.0.0.1:*/partner/*" = ["sponsor-not-named"]\n')
    result = cli("check", "--format", "json", f"{base}partner/story", f"{base}news/story")
    documents = result.json()["documents"]
    assert [d["status"] for d in documents] == ["checked", "checked"]
    assert [[f["code"] for f in d["findings"]] for d in documents] == [[], ["DL201"]]
    assert "DL201" not in documents[0]["outcomes"]  # ignored for that URL: as if it never ran
    assert result.code == 1


def test_house_rules_dir_with_rules_profiles_and_vocabulary(cli, project):
    house = project / "house"
    (house / "profiles").mkdir(parents=True)
    (house / "vocabulary").mkdir()
    (house / "DL491.toml").write_text(HOUSE_RULE)
    (house / "profiles" / "newsroom.toml").write_text(
        'name = "newsroom"\nrules = ["DL491", "DL201"]\n[severity]\nDL201 = "info"\n')
    (house / "vocabulary" / "en.toml").write_text(
        'language = "en"\n[[terms]]\ntext = "Showcase Special"\ncategory = "sponsored"\nstrength = "house"\n')
    (project / "sub" / "deeper" / "showcase.html").write_text(UNNAMED.replace("Sponsored content", "Showcase Special"))
    (project / "disclosure-lint.toml").write_text('profile = "newsroom"\nrules-dir = ["house"]\n')
    code, found, _ = run(cli, "showcase.html", "bottom.md")
    assert found == {"showcase.html": [("DL201", "info"), ("DL491", "warning")], "bottom.md": []}
    assert code == 0
    _, found, _ = run(cli, "--profile", "newsroom", "--select", "DL491", "showcase.html")
    assert found == {"showcase.html": [("DL491", "warning")]}
    # --rules-dir on the command line replaces the file's folders: the house profile is gone.
    other = project / "other"
    other.mkdir()
    result = cli("check", "--rules-dir", other, "showcase.html")
    assert result.code == 2 and "--profile" not in result.stderr and "unknown profile 'newsroom'" in result.stderr


def test_the_repository_configuration_is_valid():
    config = load_config(ROOT / "pyproject.toml")
    assert config.profile == "default"


@pytest.mark.parametrize(("name", "text", "key", "message"), [
    ("disclosure-lint.toml", 'selct = ["DL2"]\n', "selct", "unknown key; expected one of"),
    ("pyproject.toml", '[tool.disclosure-lint]\nignor = ["DL2"]\n', "tool.disclosure-lint.ignor", "unknown key"),
    ("pyproject.toml", '[tool]\ndisclosure-lint = 3\n', "tool.disclosure-lint", "is a number; expected a table"),
    ("disclosure-lint.toml", 'select = "DL2"\n', "select", "is a string; expected a list of strings"),
    ("disclosure-lint.toml", 'ignore = ["DL8"]\n', "ignore[0]", "'DL8' matches no rule"),
    ("disclosure-lint.toml", 'extend-select = ["no-such-rule"]\n', "extend-select[0]", "matches no rule"),
    ("disclosure-lint.toml", 'fail-on = "sometimes"\n', "fail-on", "'sometimes' is not allowed"),
    ("disclosure-lint.toml", 'profile = "strict"\n', "profile", "unknown profile 'strict'"),
    ("disclosure-lint.toml", 'profile = 3\n', "profile", "is a number; expected a profile name"),
    ("disclosure-lint.toml", 'suppressions = "no"\n', "suppressions", "expected true or false"),
    ("disclosure-lint.toml", '[severity]\nDL201 = "fatal"\n', "severity.DL201", "'fatal' is not allowed"),
    ("disclosure-lint.toml", '[severity]\nDL777 = "error"\n', "severity.DL777", "is no rule"),
    ("disclosure-lint.toml", '[per-path-ignores]\n"a/*" = "DL201"\n', "per-path-ignores.a/*", "expected a list"),
    ("disclosure-lint.toml", '[per-url-ignores]\n"https://x/*" = ["DL0"]\n', "per-url-ignores.https://x/*[0]",
     "matches no rule"),
    ("disclosure-lint.toml", 'rules-dir = ["missing"]\n', "rules-dir[0]", "is not a folder"),
    ("disclosure-lint.toml", 'baseline = 3\n', "baseline", "is a number; expected the baseline file's path"),
    ("disclosure-lint.toml", 'select = [\n', None, "not valid TOML"),
])
def test_configuration_mistakes_stop_with_file_and_key(cli, project, name, text, key, message):
    path = project / name
    path.write_text(text)
    result = cli("check", "unnamed.html")
    assert result.code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    expected = f"disclosure-lint: error: {path}: {key}: " if key else f"disclosure-lint: error: {path}: "
    assert line.startswith(expected), line
    assert message in line


@pytest.mark.parametrize(("args", "message"), [
    (["--select", "DL999"], "command line: --select[0]: 'DL999' matches no rule"),
    (["--ignore", "DL201,nope"], "command line: --ignore[1]: 'nope' matches no rule"),
    (["--profile", "strict"], "command line: --profile: unknown profile 'strict'"),
    (["--config", "missing.toml"], "missing.toml: no such configuration file"),
    (["--update-baseline"], "--update-baseline: needs --baseline FILE"),
    (["--fail-on", "sometimes"], "argument --fail-on: invalid choice"),
])
def test_command_line_mistakes_stop_with_exit_2(cli, project, args, message):
    result = cli("check", *args, "unnamed.html")
    assert result.code == 2
    assert message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_mistake_in_the_file_is_reported_even_when_the_command_line_overrides_it(cli, project):
    (project / "disclosure-lint.toml").write_text('fail-on = "sometimes"\n')
    result = cli("check", "--fail-on", "error", "unnamed.html")
    assert result.code == 2 and "fail-on" in result.stderr


def test_the_review_outcome_fails_only_from_its_severity(cli, project):
    (project / "sub" / "deeper" / "review.html").write_text(REVIEW)
    code, found, _ = run(cli, "--fail-on", "info", "review.html")
    assert found == {"review.html": [("DL102", "info")]}
    assert code == 0  # a review asks a person to look; it never fails a run on its own
    code, _, _ = run(cli, "--fail-on", "info", "--exit-zero", "unnamed.html")
    assert code == 0


def test_the_baseline_can_be_named_in_the_configuration_file(cli, project):
    """`baseline` in the file works as --baseline, relative to the file's folder, from any folder below."""
    (project / "disclosure-lint.toml").write_text('baseline = "known-findings.json"\n')
    recorded = cli("check", "--update-baseline", "unnamed.html", "bottom.md")
    assert recorded.code == 0, recorded.stderr
    assert (project / "known-findings.json").is_file()
    accepted = cli("check", "--format", "json", "unnamed.html", "bottom.md")
    assert accepted.code == 0 and accepted.json()["summary"]["silenced"] == {"baseline": 2}
    assert cli("check", "--no-config", "unnamed.html").code == 1
