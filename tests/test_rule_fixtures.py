"""Every rule fixture gives exactly the findings its `<!-- expect: CODE -->` markers say, on those
lines; pass fixtures give none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.pipeline import Checker
from disclosure_lint.sources.files import read_file
from tests.conftest import FIXTURES

RULE_FIXTURES = sorted(p for p in (FIXTURES / "rules").glob("*/*") if p.suffix in (".html", ".md", ".txt"))
MARKER = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_vocabulary(), load_engine("default"))


def expected(path: Path) -> set[tuple[str, int]]:
    marks = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in MARKER.finditer(line):
            marks.update((code.strip(), number) for code in match.group(1).split(","))
    return marks


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_gives_exactly_its_marked_findings(path: Path, checker: Checker) -> None:
    result = checker.check(read_file(str(path), path))
    assert result.status == "checked", result.error
    outcomes = {rule.code: rule.outcome.value for rule in checker.engine.all_rules}
    found = {(f.code, f.line, f.outcome.value) for f in result.findings}
    assert found == {(code, line, outcomes[code]) for code, line in expected(path)}


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_name_matches_its_markers(path: Path) -> None:
    """violation-* fixtures mark at least one finding of their folder's rule; pass-* mark none."""
    code = path.parent.name.split("-", 1)[0]
    codes = {c for c, _ in expected(path)}
    if path.name.startswith("violation"):
        assert code in codes
    else:
        assert path.name.startswith("pass") and not codes


def test_every_rule_has_a_violation_and_a_pass_fixture(checker: Checker) -> None:
    folders = {p.parent.name.split("-", 1)[0]: p.parent for p in RULE_FIXTURES}
    for rule in checker.engine.all_rules:
        folder = folders.get(rule.code)
        assert folder is not None, f"{rule.code} has no fixture folder"
        assert folder.name == f"{rule.code}-{rule.name}"
        names = [p.name for p in folder.iterdir()]
        assert any(n.startswith("violation") for n in names), rule.code
        assert any(n.startswith("pass") for n in names), rule.code


@pytest.mark.parametrize("code", ["DL101", "DL401"])
def test_presence_and_wording_rules_have_english_and_german_fixtures(code: str) -> None:
    names = {p.name for p in RULE_FIXTURES if p.parent.name.startswith(code)}
    for outcome in ("violation", "pass"):
        assert {f"{outcome}-en", f"{outcome}-de"} <= {n.rsplit(".", 1)[0] for n in names}
