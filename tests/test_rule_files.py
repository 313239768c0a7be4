"""A house rules folder with a mistake stops the run with exit 2 and one line naming the file, the
field and what is expected; a correct one adds rules, profiles and vocabulary without code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FOUNDING

GOOD_RULE = """code = "DL950"
name = "house-rule"
severity = "warning"
check = "label_terms"
summary = "House style: no 'Promoted' labels."
message = "Labelled {label!r}; house style says Advertisement."
why = "Our readers misread it."
fix = "Write Advertisement."
references = [{ title = "House style guide" }]
[params]
terms = ["Promoted"]
unless = ["Advertisement"]
"""


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "house"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("files", "where", "expected"), [
    ({"DL950.toml": GOOD_RULE.replace('check = "label_terms"', 'check = "no_such_check"')},
     "DL950.toml: check: unknown check kind 'no_such_check'", "expected one of"),
    ({"DL950.toml": GOOD_RULE.replace("summary = \"House style: no 'Promoted' labels.\"\n", "")},
     "DL950.toml: summary: missing", "expected a non-empty string"),
    ({"DL950.toml": GOOD_RULE.replace('severity = "warning"', 'severity = "fatal"')},
     "DL950.toml: severity: unknown severity 'fatal'", "expected one of error, warning, info"),
    ({"DL950.toml": GOOD_RULE.replace('terms = ["Promoted"]\n', "")},
     "DL950.toml: params.terms: missing", "needs a list of label terms"),
    ({"DL950.toml": GOOD_RULE + "\nthis is = not toml ["}, "DL950.toml: not valid TOML", "line"),
    ({"DL950.toml": GOOD_RULE.replace('code = "DL950"', 'code = "X1"')},
     "DL950.toml: code: 'X1' is not a rule code", "expected DL followed by three digits"),
    ({"DL950.toml": 'colour = "red"\n' + GOOD_RULE}, "DL950.toml: colour: unknown field", "expected only"),
    ({"profiles/house.toml": 'name = "house"\nrules = ["DL201", "DL999"]\n'},
     "house.toml: rules: unknown rule 'DL999'", "expected a rule code or name"),
    ({"profiles/house.toml": 'name = "house"\n'}, "house.toml: rules: missing", "expected a list of rule codes"),
    ({"vocabulary/en.toml": 'language = "en"\n[[terms]]\ntext = "Advertorial"\ncategory = "native"\nstrength = "clear"\n'},
     "en.toml: terms[0].category: unknown category 'native'", "expected one of"),
])
def test_a_broken_rules_folder_stops_the_run(cli, tmp_path: Path, files: dict[str, str], where: str,
                                             expected: str) -> None:
    folder = _folder(tmp_path, files)
    profile = ["--profile", "house"] if any(name.startswith("profiles/") for name in files) else []
    result = cli("check", "--rules-dir", folder, *profile, FOUNDING)
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert where in lines[0] and expected in lines[0]
    assert str(folder) in lines[0]


def test_an_unknown_profile_names_the_profiles_there_are(cli) -> None:
    result = cli("check", "--profile", "nowhere", FOUNDING)
    assert result.code == 2
    message = result.stderr.strip()
    assert "profile: unknown profile 'nowhere'; expected one of de, default, eu, fr, uk-cap, us-ftc" in message


def test_a_rules_dir_that_is_not_a_folder_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("check", "--rules-dir", tmp_path / "missing", FOUNDING)
    assert result.code == 2 and "is not a folder" in result.stderr


def test_a_house_rule_and_profile_run_without_code(cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"DL950.toml": GOOD_RULE,
                                "profiles/house.toml": 'name = "house"\nrules = ["DL201", "house-rule"]\n'})
    draft = tmp_path / "draft.html"
    draft.write_text("<article><p>Promoted</p><h1>Tea</h1><p>Brought to readers with Acme Tea Ltd.</p></article>")
    result = cli("check", "--format", "json", "--rules-dir", folder, "--profile", "house", draft)
    codes = [f["code"] for f in result.json()["documents"][0]["findings"]]
    assert codes == ["DL201", "DL950"]
    assert result.json()["profile"] == "house"
    listing = cli("rules", "--rules-dir", folder, "--format", "json").stdout
    assert '"DL950"' in listing and '"house"' in listing
