"""Every rule has fixtures for violation and pass; each fixture gives exactly the findings that its
`<!-- expect: CODE -->` markers say (of every rule, not only its own), on those lines, with each
rule's outcome. A fixture is checked under the profile named by `<!-- profile: NAME -->`, else the
first bundled profile that selects its rule (default first). Every rule's `explain` examples behave
as they say."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from disclosure_lint.engine import Engine, load_engine
from disclosure_lint.engine.profiles import find_profiles
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.pipeline import Checker
from disclosure_lint.resources import rules_dir
from disclosure_lint.sources.files import document_from_bytes, read_file
from tests.conftest import FIXTURES

RULE_FIXTURES = sorted(p for p in (FIXTURES / "rules").glob("*/*") if p.suffix in (".html", ".md", ".txt"))
MARKER = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")
PROFILE = re.compile(r"<!--\s*profile:\s*([\w-]+)\s*-->")


@cache
def checker(profile: str) -> Checker:
    return Checker(load_vocabulary(), load_engine(profile))


def profile_for(path: Path, code: str) -> str:
    named = PROFILE.search(path.read_text(encoding="utf-8"))
    if named:
        return named.group(1)
    names = sorted(find_profiles((rules_dir() / "profiles",)), key=lambda n: (n != "default", n))
    return next(n for n in names if any(r.code == code for r in checker(n).engine.rules))


def expected(path: Path) -> set[tuple[str, int]]:
    marks = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in MARKER.finditer(line):
            marks.update((code.strip(), number) for code in match.group(1).split(","))
    return marks


def rule_code(path: Path) -> str:
    return path.parent.name.split("-", 1)[0]


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_gives_exactly_its_outcome(path: Path) -> None:
    code = rule_code(path)
    check = checker(profile_for(path, code))
    assert any(r.code == code for r in check.engine.rules), f"the profile does not select {code}"
    result = check.check(read_file(str(path), path))
    assert result.status == "checked", result.error
    outcomes = {r.code: r.outcome.value for r in check.engine.rules}
    found = {(f.code, f.line, f.outcome.value) for f in result.findings}
    assert found == {(c, line, outcomes.get(c, "?")) for c, line in expected(path)}


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_name_matches_its_markers(path: Path) -> None:
    """violation-* fixtures mark at least one finding of their folder's rule; pass-* mark none."""
    codes = {c for c, _ in expected(path)}
    if path.name.startswith("violation"):
        assert rule_code(path) in codes
    else:
        assert path.name.startswith("pass") and rule_code(path) not in codes


def test_every_rule_has_a_violation_and_a_pass_fixture() -> None:
    engine: Engine = checker("default").engine
    folders = {rule_code(p): p.parent for p in RULE_FIXTURES}
    for rule in engine.all_rules:
        folder = folders.get(rule.code)
        assert folder is not None, f"{rule.code} has no fixture folder"
        assert folder.name == f"{rule.code}-{rule.name}"
        names = [p.name for p in folder.iterdir()]
        assert any(n.startswith("violation") and n.endswith(".html") for n in names), rule.code
        assert any(n.startswith("pass") and n.endswith(".html") for n in names), rule.code


@pytest.mark.parametrize("code", ["DL101", "DL201", "DL301", "DL401", "DL405", "DL406", "DL502", "DL503", "DL701",
                                  "DL702"])
def test_rules_where_wording_matters_have_two_languages(code: str) -> None:
    names = {p.name.rsplit(".", 1)[0] for p in RULE_FIXTURES if rule_code(p) == code}
    languages = {n.split("-", 1)[1] for n in names if "-" in n}
    assert len(languages) >= 2, names
    for outcome in ("violation", "pass"):
        assert sum(n.startswith(outcome) for n in names) >= 2, (code, outcome)


def _rules_with_examples() -> list[tuple[str, str]]:
    engine = checker("default").engine
    return [(rule.code, kind) for rule in engine.all_rules for kind in ("violation", "pass") if kind in rule.examples]


@pytest.mark.parametrize(("code", "kind"), _rules_with_examples(), ids=lambda v: v)
def test_explain_examples_behave_as_stated(code: str, kind: str) -> None:
    """`disclosure-lint explain` shows a failing and a passing example: the first gives the rule's
    finding, the second does not."""
    profile = next(n for n in sorted(find_profiles((rules_dir() / "profiles",)), key=lambda n: (n != "default", n))
                   if any(r.code == code for r in checker(n).engine.rules))
    check = checker(profile)
    rule = next(r for r in check.engine.rules if r.code == code)
    text = rule.examples[kind]
    document = document_from_bytes(f"{code}-{kind}.html", text.encode("utf-8"), "html")
    result = check.check(document)
    assert result.status == "checked", result.error
    codes = {f.code for f in result.findings}
    assert (code in codes) is (kind == "violation"), (profile, [(f.code, f.message) for f in result.findings])


def test_every_rule_has_explain_examples() -> None:
    for rule in checker("default").engine.all_rules:
        assert {"violation", "pass"} <= set(rule.examples), rule.code
