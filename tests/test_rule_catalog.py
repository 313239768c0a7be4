"""The rule catalog as users see it: `rules`, `explain`, docs/rules.md, and the promise that each
rule cites its sources."""

from __future__ import annotations

from tests.conftest import ROOT


def test_docs_rules_md_is_generated_from_the_rule_files(cli) -> None:
    result = cli("rules", "--format", "markdown")
    assert result.code == 0
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == result.stdout, "docs/rules.md is stale: run `disclosure-lint rules --format markdown > docs/rules.md`"


def test_rules_json_lists_at_least_16_rules_each_with_references(cli) -> None:
    rules = __import__("json").loads(cli("rules", "--format", "json").stdout)
    assert len(rules) >= 16
    assert len({r["code"] for r in rules}) == len(rules) and len({r["name"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["references"], rule["code"]
        assert rule["profiles"], f"{rule['code']} is in no profile"
        assert rule["code"][:3] in {f"DL{n}" for n in range(1, 10)}
    by_name = {r["name"]: r for r in rules}
    for name in ("undisclosed-sponsorship", "sponsor-not-named", "label-not-prominent", "ambiguous-label"):
        assert name in by_name


def test_rules_table_names_code_name_severity_profiles_and_summary(cli) -> None:
    out = cli("rules", "--profile", "de").stdout
    assert "DL403" in out and "anzeige-missing" in out and "DL404" not in out
    for column in ("code", "name", "severity", "profiles", "summary"):
        assert column in out


def test_explain_shows_why_fix_references_and_both_examples(cli) -> None:
    for key in ("DL201", "sponsor-not-named", "dl201"):
        result = cli("explain", key)
        assert result.code == 0
        out = result.stdout
        assert out.startswith("DL201 sponsor-not-named")
        for heading in ("Why", "Fix", "References", "Example (violation)", "Example (pass)"):
            assert heading in out
        assert "2024/900" in out


def test_explain_an_unknown_rule_exits_2_naming_it(cli) -> None:
    result = cli("explain", "DL999")
    assert result.code == 2
    assert "DL999" in result.stderr and "no such rule" in result.stderr
