"""Label and sponsor recognition as candidates and a judge (extract/candidates.py, extract/judge.py):
what real pages say and do, each shown by a small page in fixtures/pages/, the deciding features in
the JSON, and language knowledge added as data alone (a toy language, a new shape, the judge's
numbers) from a temporary rules folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"


def document(cli, *args) -> dict:
    result = cli("check", "--format", "json", *args)
    assert result.code in (0, 1), result.stderr
    return result.json()["documents"][0]


@pytest.mark.parametrize(("name", "sponsored", "labels", "categories", "sponsors", "codes"), [
    ("gifted-review-copy-is-not-sponsorship.html", False,
     ["I received a free review copy of this book from Fernhill Press."], ["gifted"], ["Fernhill Press"], []),
    ("ad-slot-label-above-headline-is-not-a-label.html", False, [], [], [], []),
    ("sponsored-by-with-empty-logo-box-is-a-label.html", True, ["Sponsored by Marlow Energy"], ["sponsored"],
     ["Marlow Energy"], []),
    ("sponsored-by-read-more-link-names-nobody.html", True, ["Sponsored by"], ["sponsored"], [], ["DL201"]),
    ("english-statement-with-a-foreign-name-is-not-negated.html", True,
     ["This post by Jan Nicht is sponsored by Ostrow Tools"], ["sponsored"], ["Ostrow Tools"], []),
    ("thanks-for-sponsoring-names-the-sponsor.html", True,
     ["Many thanks to Lumen Labs for sponsoring this episode."], ["sponsored"], ["Lumen Labs"], ["DL301"]),
    ("site-wide-affiliate-notice-is-not-a-label.html", False, [], [], [], []),
    ("written-by-the-advertiser-in-this-case-names-the-advertiser.html", True,
     ["Advertisement", "written by the advertiser, in this case Halcyon Mattresses, and not by our editorial staff."],
     ["advertisement", "advertisement"], ["Halcyon Mattresses"], []),
    ("short-draft-paid-post-above-headline.html", True, ["Paid Post"], ["paid"], [], ["DL201"]),
])
def test_what_real_pages_say_and_do(cli, name, sponsored, labels, categories, sponsors, codes) -> None:
    found = document(cli, PAGES / name)
    assert found["sponsored"] is sponsored
    assert [lab["text"] for lab in found["labels"]] == labels
    assert [lab["category"] for lab in found["labels"]] == categories
    assert [s["name"] for s in found["sponsors"]] == sponsors
    assert [f["code"] for f in found["findings"]] == codes


def test_every_label_says_why_in_the_json(cli) -> None:
    found = document(cli, PAGES / "thanks-for-sponsoring-names-the-sponsor.html")
    label = found["labels"][0]
    assert label["form"] == "thanks" and label["place"] == "bottom" and label["party"] == "organisation"
    assert label["why"][0] == "form:thanks"
    assert all(":" in feature for feature in label["why"])
    assert label["score"] >= 3.0


def test_a_candidate_the_judge_cannot_decide_is_a_review_not_a_label(cli) -> None:
    found = document(cli, FIXTURES / "rules" / "DL102-unclear-disclosure" / "violation-en.html")
    assert found["labels"] == []
    assert [u["party"] for u in found["uncertain"]] == ["unclear"]
    assert "party:unclear" in found["uncertain"][0]["why"]
    assert [(f["code"], f["outcome"]) for f in found["findings"]] == [("DL102", "review")]


def test_a_short_draft_places_its_last_line_at_the_bottom(cli) -> None:
    found = document(cli, PAGES / "short-draft-presented-by-last-paragraph.md")
    assert [(lab["text"], lab["position"], lab["line"]) for lab in found["labels"]] == \
        [("Presented by Helio Energy", "bottom", 7)]
    assert [f["code"] for f in found["findings"]] == ["DL301", "DL401"]


def test_a_label_on_a_minified_page_has_its_source_column(cli) -> None:
    path = PAGES / "minified-one-line-label-has-its-source-column.html"
    source = path.read_text(encoding="utf-8")
    assert "\n" not in source.strip()
    found = document(cli, path)
    label = found["labels"][0]
    assert label["text"] == "Sponsored by Brookline Water"
    assert (label["line"], label["column"]) == (1, source.index("Sponsored by Brookline") + 1)


def test_front_matter_is_a_signal_like_a_meta_flag(cli) -> None:
    found = document(cli, PAGES / "front-matter-sponsored-draft-without-label.md")
    assert [(s["kind"], s["value"]) for s in found["signals"]] == [
        ("front-matter", "sponsored: true"), ("front-matter", "sponsor: Verdant Pots Ltd"),
        ("front-matter", "tags: sponsored")]
    assert [(s["name"], s["found_in"]) for s in found["sponsors"]] == [("Verdant Pots Ltd", "metadata")]
    assert [f["code"] for f in found["findings"]] == ["DL101"]
    assert "front matter says 'sponsored: true'" in found["findings"][0]["message"]


def test_a_profile_can_count_material_connections_as_sponsorship(cli, tmp_path: Path) -> None:
    page = PAGES / "gifted-review-copy-is-not-sponsorship.html"
    house = tmp_path / "house"
    (house / "profiles").mkdir(parents=True)
    (house / "profiles" / "endorsements.toml").write_text(
        'name = "endorsements"\nextends = "us-ftc"\nsponsorship = ["gifted"]\n', encoding="utf-8")
    assert document(cli, page)["sponsored"] is False
    found = document(cli, "--rules-dir", house, "--profile", "endorsements", page)
    assert found["sponsored"] is True
    assert [s["name"] for s in found["sponsors"]] == ["Fernhill Press"]


def test_control_independence_and_payment_in_plain_sentences(cli, tmp_path: Path) -> None:
    def signals(body: str) -> list[tuple[str, str]]:
        page = tmp_path / "page.html"
        page.write_text(f'<html lang="en"><body><article><p class="kicker">Supported by the Acme Foundation</p>'
                        f"<h1>Greener streets</h1><p>{body}</p><p>Cities are changing fast, and the way we move "
                        f"through them is changing with them, from trams to bike lanes.</p></article></body></html>",
                        encoding="utf-8")
        return [(s["kind"], s["value"]) for s in document(cli, page)["signals"]]

    assert signals("Acme Foundation approved this article before publication.") == [
        ("control", "Acme Foundation approved this article before publication.")]
    assert signals("The foundation did not see or approve the articles.") == [
        ("independence", "The foundation did not see or approve the articles.")]
    assert signals("Acme Foundation did not review the article before publication.") == [
        ("independence", "Acme Foundation did not review the article before publication.")]
    # naming the underwriter says who paid, not who controlled the copy
    assert signals("This article is underwritten by the Acme Foundation.") == []


def test_the_fix_of_control_not_stated_states_control(cli, tmp_path: Path) -> None:
    """DL503's own fix, written on the page, satisfies DL503."""
    from disclosure_lint.engine import load_engine

    fix = next(rule.fix for rule in load_engine("eu").rules if rule.code == "DL503")
    sentence = fix.split('"')[1]
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="en"><body><article><p class="kicker">Supported by the Acme Foundation</p>'
                    f"<h1>Ocean life</h1><p>{sentence}</p><p>Coral reefs cover less than one per cent of the sea "
                    "floor and shelter a quarter of its species.</p></article></body></html>", encoding="utf-8")
    found = document(cli, "--profile", "eu", page)
    assert "DL503" not in {f["code"] for f in found["findings"]}
    assert found["outcomes"]["DL503"] == "pass"


TOY_LANGUAGE = """language = "tq"
name = "Toy"
function_words = ["ka", "lo", "mi", "te", "su"]
subjects = ["pakar"]
deictic = ["tosa"]
copulas = ["ist"]
roles = ["pemo"]
connectors = ["ba"]
thanks = ["hanu"]
sponsor_verbs = ["zorbita"]

[[terms]]
text = "Zorbo"
category = "advertisement"
strength = "clear"
[[terms]]
text = "Zorbit ba"
category = "sponsored"
strength = "contested"
role = "connector"

[[shapes]]
name = "thanks-for-sponsoring"
form = "thanks"
category = "sponsored"
pattern = "{thanks} {party} te {sponsor_verbs} {deictic} {subjects}"
"""


def _toy_page(tmp_path: Path, lines: list[str]) -> Path:
    page = tmp_path / "toy.html"
    body = "".join(f"<p>{line}</p>" for line in lines)
    page.write_text(f'<html lang="tq"><body><article><p class="kicker">Zorbo</p><h1>Mi lo ka su te</h1>{body}'
                    "</article></body></html>", encoding="utf-8")
    return page


def test_a_new_language_is_one_toml_file(cli, tmp_path: Path) -> None:
    house = tmp_path / "house"
    (house / "vocabulary").mkdir(parents=True)
    (house / "vocabulary" / "tq.toml").write_text(TOY_LANGUAGE, encoding="utf-8")
    page = _toy_page(tmp_path, ["Ka lo mi su te ka lo mi su te ka lo mi su te ka lo mi su te ka lo mi su te lo.",
                                "Tosa pakar ist zorbit ba Kelvo Fabrik.", "Hanu Kelvo Fabrik te zorbita tosa pakar."])
    plain = document(cli, page)
    assert plain["labels"] == []  # the bundled languages know no word of it
    found = document(cli, "--rules-dir", house, page)
    assert found["language"] == "tq"
    assert [(lab["text"], lab["category"], lab["form"]) for lab in found["labels"]] == [
        ("Zorbo", "advertisement", "bare"),
        ("Tosa pakar ist zorbit ba Kelvo Fabrik", "sponsored", "statement"),
        ("Hanu Kelvo Fabrik te zorbita tosa pakar.", "sponsored", "thanks")]
    assert [s["name"] for s in found["sponsors"]] == ["Kelvo Fabrik"]


def test_a_new_phrase_shape_in_an_existing_language_is_one_toml_change(cli, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<html lang="en"><body><article><h1>Lighthouses of the north</h1>'
                    "<p>Lighthouses once needed a keeper for every night of the year, and many still have one.</p>"
                    "<p>Our lighthouse week is kindly bankrolled by Northwind Ferries.</p>"
                    "<p>The oldest of them has stood on its rock for three hundred years.</p></article></body></html>",
                    encoding="utf-8")
    assert document(cli, page)["labels"] == []
    house = tmp_path / "house"
    (house / "vocabulary").mkdir(parents=True)
    (house / "vocabulary" / "en.toml").write_text(
        'language = "en"\nsubjects = ["lighthouse week"]\n[[shapes]]\nname = "kindly-bankrolled-by"\n'
        'form = "statement"\ncategory = "sponsored"\npattern = "{deictic} ~2 {subjects} {copulas} kindly? '
        '{pay_verbs} by {party}"\n', encoding="utf-8")
    found = document(cli, "--rules-dir", house, page)
    assert [lab["text"] for lab in found["labels"]] == ["Our lighthouse week is kindly bankrolled by Northwind Ferries."]
    assert [s["name"] for s in found["sponsors"]] == ["Northwind Ferries"]


def test_the_judges_numbers_are_data(cli, tmp_path: Path) -> None:
    """A publisher that puts a bare "Sponsored" at the end of its pieces says so in its judge.toml."""
    page = tmp_path / "page.html"
    page.write_text('<html lang="en"><body><article><h1>Lighthouses of the north</h1>'
                    "<p>Lighthouses once needed a keeper for every night of the year, and many still have one.</p>"
                    "<p>The oldest of them has stood on its rock for three hundred years.</p>"
                    "<p>Sponsored</p></article></body></html>", encoding="utf-8")
    assert document(cli, page)["labels"] == []
    house = tmp_path / "house"
    (house / "recognition").mkdir(parents=True)
    (house / "recognition" / "judge.toml").write_text(
        '[[combinations]]\nfeatures = ["form:bare", "place:bottom"]\nweight = 3.0\n', encoding="utf-8")
    found = document(cli, "--rules-dir", house, page)
    assert [(lab["text"], lab["position"]) for lab in found["labels"]] == [("Sponsored", "bottom")]
