"""The same page judged under different profiles gets different, correct results."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

ADVERTISER_WRITTEN = FIXTURES / "profiles" / "sponsored-by-advertiser-written-en.html"
ADVERTISER_WRITTEN_DE = FIXTURES / "profiles" / "sponsored-by-advertiser-written-de.html"
PROMOTED = FIXTURES / "profiles" / "promoted-en.html"


def findings(cli, profile: str, path) -> tuple[int, dict[str, str]]:
    result = cli("check", "--format", "json", "--profile", profile, path)
    assert result.json()["profile"] == profile
    return result.code, {f["code"]: f["severity"] for f in result.json()["documents"][0]["findings"]}


def test_sponsored_by_on_advertiser_written_copy_passes_default_wording_but_fails_de(cli) -> None:
    _, default = findings(cli, "default", ADVERTISER_WRITTEN_DE)
    assert not [code for code in default if code.startswith("DL4")]  # no wording finding
    assert default["DL502"] == "error"  # the label promises independence the copy does not have
    code, german = findings(cli, "de", ADVERTISER_WRITTEN_DE)
    assert german["DL403"] == "error" and code == 1  # German press law wants "Anzeige"


def test_a_rule_about_one_language_applies_to_pages_in_that_language_only(cli) -> None:
    """German press law's word "Anzeige" is not asked of an English page, even under the de profile."""
    result = cli("check", "--format", "json", "--profile", "de", ADVERTISER_WRITTEN)
    document = result.json()["documents"][0]
    assert document["language"] == "en"
    assert "DL403" not in {f["code"] for f in document["findings"]}
    assert document["outcomes"]["DL403"] == "not-applicable"


def test_fix_texts_speak_the_pages_language(cli) -> None:
    german = cli("check", "--format", "json", "--profile", "de", ADVERTISER_WRITTEN_DE).json()["documents"][0]
    english = cli("check", "--format", "json", ADVERTISER_WRITTEN).json()["documents"][0]
    fix_de = next(f["fix"] for f in german["findings"] if f["code"] == "DL502")
    fix_en = next(f["fix"] for f in english["findings"] if f["code"] == "DL502")
    assert "Anzeige" in fix_de and fix_de != fix_en


def test_sponsored_by_on_advertiser_written_copy_is_an_ad_feature_under_uk_cap(cli) -> None:
    _, uk = findings(cli, "uk-cap", ADVERTISER_WRITTEN)
    assert uk["DL402"] == "error"
    _, eu = findings(cli, "eu", ADVERTISER_WRITTEN)
    assert "DL402" not in eu


def test_promoted_is_a_warning_by_default_and_fails_us_ftc(cli) -> None:
    code, default = findings(cli, "default", PROMOTED)
    assert default == {"DL401": "warning"} and code == 0
    code, ftc = findings(cli, "us-ftc", PROMOTED)
    assert ftc["DL401"] == "error" and code == 1


@pytest.mark.parametrize(("profile", "rule"), [("de", "DL403"), ("fr", "DL404"), ("uk-cap", "DL402"),
                                               ("eu", "DL203"), ("us-ftc", "DL302")])
def test_each_jurisdiction_profile_selects_its_own_rules(cli, profile: str, rule: str) -> None:
    selected = {r["code"] for r in cli("rules", "--format", "json", "--profile", profile).json()}
    default = {r["code"] for r in cli("rules", "--format", "json", "--profile", "default").json()}
    assert rule in selected and rule not in default
