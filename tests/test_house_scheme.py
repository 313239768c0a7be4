"""A publisher's house profile and vocabulary, added from a folder of its own, change how its labels
are read and judged without any code."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FOUNDING, ROOT

HOUSE = ROOT / "examples" / "house-euractiv"


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "promoted.html"
    page.write_text("<article><p class='label'>Promoted content · Promoted by Acme Ltd</p><h1>Ten ideas</h1>"
                    "<p>Cities are changing fast: rooftop gardens and car-free streets spread, and planners compare "
                    "notes as never before.</p></article>", encoding="utf-8")
    return page


def test_the_house_scheme_gives_its_terms_their_meaning(cli, tmp_path: Path) -> None:
    page = _page(tmp_path)
    default = cli("check", "--format", "json", page).json()["documents"][0]
    assert {f["code"] for f in default["findings"]} == {"DL401"}  # "Promoted content" is ambiguous in general
    assert default["labels"][0]["meaning"] is None
    house = cli("check", "--format", "json", "--rules-dir", HOUSE, "--profile", "euractiv", page).json()
    document = house["documents"][0]
    assert house["profile"] == "euractiv"
    assert document["findings"] == []  # in the house scheme it is a clear label
    assert document["labels"][0]["category"] == "advertisement"
    assert document["labels"][0]["meaning"].startswith("Content supplied and paid for by a third party")


def test_the_founding_example_under_its_house_scheme(cli) -> None:
    result = cli("check", "--format", "json", "--rules-dir", HOUSE, "--profile", "euractiv", FOUNDING)
    document = result.json()["documents"][0]
    label = document["labels"][0]
    assert label["text"] == "Underwritten" and label["meaning"].startswith("Produced with financial support")
    errors = [(f["code"], f["line"]) for f in document["findings"] if f["severity"] == "error"]
    assert errors == [("DL201", 5)]
    rich = cli("check", "--format", "rich", "--rules-dir", HOUSE, "--profile", "euractiv", FOUNDING).stdout
    assert "in the house scheme:" in rich
