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
     "DL950.toml: code: 'X1' is not a rule code", "expected two to six capital letters and three digits"),
    ({"DL950.toml": GOOD_RULE.replace("{label!r}", "{lable!r}")},
     "DL950.toml: message: the 'label_terms' check does not provide {lable}", "expected one of {label}, {term}"),
    ({"DL201.toml": GOOD_RULE.replace('code = "DL950"', 'code = "DL201"')},
     "DL201.toml: code: DL201 is already a rule", "set replaces = true"),
    ({"DL950.toml": GOOD_RULE.replace("[params]", "replaces = true\n[params]")},
     "DL950.toml: replaces: replaces = true, but there is no rule DL950 to replace", ""),
    ({"DL950.toml": GOOD_RULE.replace('check = ', 'languages = ["German"]\ncheck = ')},
     "DL950.toml: languages:", 'expected a list of language codes such as ["de"]'),
    ({"profiles/house.toml": 'name = "house"\nrules = ["DL201"]\ncolour = "red"\n'},
     "house.toml: colour: unknown key", "expected one of add, description, extends"),
    ({"profiles/house.toml": 'name = "house"\nextends = "nowhere"\n'},
     "house.toml: extends: unknown profile 'nowhere'", "expected one of de, default"),
    ({"profiles/house.toml": 'name = "house"\nextends = "default"\nsponsorship = ["native"]\n'},
     "house.toml: sponsorship: unknown category 'native'", "expected one of affiliate, gifted"),
    ({"vocabulary/en.toml": 'language = "en"\nsynonyms = ["x"]\n'},
     "en.toml: synonyms: unknown key", "or a word class (subjects"),
    ({"vocabulary/en.toml": 'language = "en"\n[[terms]]\ntext = "Advertorial"\ncategory = "paid"\n'
                            'strength = "clear"\nrole = "conector"\n'},
     "en.toml: terms[0].role: unknown role 'conector'", "expected one of connector, denial, label, suffix"),
    ({"vocabulary/en.toml": 'language = "en"\n[[shapes]]\nform = "statement"\npattern = "{thankz} to {party}"\n'},
     "en.toml: shapes[0].pattern: unknown word class {thankz}", "expected {term}, {connector}, {party} or one of"),
    ({"vocabulary/en.toml": 'language = "en"\n[[shapes]]\nform = "sentence"\npattern = "{thanks} to {party}"\n'},
     "en.toml: shapes[0].form: unknown form 'sentence'", "expected one of denial, label"),
    ({"recognition/judge.toml": '[weights]\n"place:sidebar" = -2\n'},
     "judge.toml: weights.place:sidebar: unknown feature 'place:sidebar'", "expected one of place:ad-slot"),
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
    assert where in lines[0] and expected in lines[0], lines[0]
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


def test_a_house_rule_with_a_prefix_of_its_own_and_a_profile_that_extends_default(cli, tmp_path: Path) -> None:
    rule = GOOD_RULE.replace('code = "DL950"', 'code = "ACME101"').replace("house-rule", "acme-no-promoted")
    folder = _folder(tmp_path, {"ACME101.toml": rule,
                                "profiles/acme.toml": 'name = "acme"\nextends = "default"\nadd = ["ACME101"]\n'
                                                      'remove = ["DL401"]\n'})
    draft = tmp_path / "draft.html"
    draft.write_text("<article><p>Promoted</p><h1>Tea</h1><p>Brought to readers with Acme Tea Ltd.</p></article>")
    result = cli("check", "--format", "json", "--rules-dir", folder, "--profile", "acme", draft)
    assert result.code == 1, result.stderr
    codes = [f["code"] for f in result.json()["documents"][0]["findings"]]
    assert codes == ["ACME101", "DL201"]
    selected = {r["code"] for r in cli("rules", "--format", "json", "--rules-dir", folder, "--profile", "acme").json()}
    default = {r["code"] for r in cli("rules", "--format", "json", "--profile", "default").json()}
    assert selected == (default - {"DL401"}) | {"ACME101"}


def test_a_house_rule_replaces_a_bundled_one_only_when_it_says_so(cli, tmp_path: Path) -> None:
    rule = GOOD_RULE.replace('code = "DL950"', 'code = "DL401"').replace("house-rule", "ambiguous-label") \
        .replace("[params]", "replaces = true\n[params]")
    folder = _folder(tmp_path, {"DL401.toml": rule})
    listing = {r["code"]: r for r in cli("rules", "--format", "json", "--rules-dir", folder).json()}
    assert listing["DL401"]["summary"] == "House style: no 'Promoted' labels."
