"""What real pages say, in English, as lines and as whole pages: sentences about this piece with
any noun and verb, thanks for sponsoring in its word orders, sponsors after a comma or in an
apposition, affiliate notices and gifts as categories of their own; and what is no disclosure
(jokes that name no real party, talk about sponsored content, legislation, events, visas, project
funding, site-wide notices, ad markers). Each line of fixtures/phrases/en-what-pages-say.tsv is
placed in a small article where it sat on its page; all are checked in one run."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

TABLE = FIXTURES / "phrases" / "en-what-pages-say.tsv"
PAGES = FIXTURES / "pages"

HEADLINE = "A ferry timetable for the long winter"
PARAGRAPHS = ["The winter timetable starts in November, when the first storms close the northern crossing.",
              "Each boat now carries a spare engine part, so a breakdown costs an hour instead of a day.",
              "Passengers can check the day's crossings on the harbour board before they leave home."]


def _rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def _article(place: str, line: str) -> str:
    """A small English article with `line` where it sat: before the body, in it, at its end."""
    paragraphs = [f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS]
    shown = f"<p>{html.escape(line)}</p>"
    if place == "top":
        paragraphs.insert(0, shown)
    elif place == "body":
        paragraphs.insert(2, shown)
    else:
        paragraphs.append(shown)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{HEADLINE}</title></head>'
            f"<body><article><h1>{HEADLINE}</h1>{''.join(paragraphs)}</article></body></html>\n")


def _check(folder: Path, articles: dict[str, str]) -> dict[str, dict]:
    from disclosure_lint.cli import main

    files = []
    for name, source in articles.items():
        path = folder / f"{name}.html"
        path.write_text(source, encoding="utf-8")
        files.append(str(path))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", *files])
    assert code in (0, 1)
    return {Path(d["source"]).stem: d for d in json.loads(out.getvalue())["documents"]}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict]:
    return _check(tmp_path_factory.mktemp("lines"), {row["name"]: _article(row["place"], row["line"]) for row in ROWS})


# Where else a line may sit: a disclosure is one wherever it is, except a bare label ("Advertorial",
# "Sponsored | Harrow Paints"), which labels the piece only above its body; a line that is none is none in the body and at the
# bottom (above the body, a bare "Advertisement" is the piece's label).
ELSEWHERE = {"yes": ("top", "body", "bottom"), "bare": ("top",), "no": ("body", "bottom")}


def _places(row: dict[str, str]) -> tuple[str, ...]:
    if row["category"] == "-":
        return ELSEWHERE["no"]
    bare = len(row["line"].split()) <= 3 or any(mark in row["line"] for mark in "|·•")
    return ELSEWHERE["bare" if bare else "yes"]


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> dict[str, dict]:
    articles = {f"{row['name']}@{place}": _article(place, row["line"]) for row in ROWS for place in _places(row)}
    return _check(tmp_path_factory.mktemp("elsewhere"), articles)


def test_the_table_names_each_line_once() -> None:
    names = [row["name"] for row in ROWS]
    assert len(names) == len(set(names)) and len(names) >= 100


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_each_line_reads_as_stated(documents, row) -> None:
    found = documents[row["name"]]
    assert found["status"] == "checked"
    labels = found["labels"]
    if row["category"] == "-":
        assert labels == [], f"{row['line']!r} is no disclosure"
        assert found["sponsored"] is False
        return
    assert labels, f"{row['line']!r} is a disclosure"
    assert labels[0]["category"] == row["category"]
    assert all(lab["text"].lower() in row["line"].lower() for lab in labels)
    assert all(lab["why"] and lab["score"] >= 3.0 for lab in labels)
    expected = [] if row["sponsors"] == "-" else row["sponsors"].split("; ")
    assert [s["name"] for s in found["sponsors"]] == expected
    assert found["sponsored"] is (row["sponsored"] == "yes")


def test_each_line_reads_the_same_wherever_it_sits(elsewhere) -> None:
    wrong = []
    for row in ROWS:
        disclosure = row["category"] != "-"
        for place in _places(row):
            found = elsewhere[f"{row['name']}@{place}"]
            sponsors = [s["name"] for s in found["sponsors"]]
            expected = [] if row["sponsors"] == "-" else row["sponsors"].split("; ")
            if bool(found["labels"]) is not disclosure or (disclosure and sponsors != expected) or \
                    found["sponsored"] is not (row["sponsored"] == "yes"):
                wrong.append(f"{row['name']} at {place}")
    assert wrong == []


def test_affiliate_and_gifted_lines_never_make_a_page_sponsored(documents) -> None:
    kinds = [row for row in ROWS if row["category"] in ("affiliate", "gifted")]
    assert len(kinds) >= 15
    assert not any(documents[row["name"]]["sponsored"] for row in kinds)


def document(cli, path: Path) -> dict:
    result = cli("check", "--format", "json", path)
    assert result.code in (0, 1), result.stderr
    return result.json()["documents"][0]


@pytest.mark.parametrize(("name", "sponsored", "labels", "sponsors", "positions"), [
    ("podcast-episode-description-support-comes-from.html", True,
     [("Support for this episode comes from Drowsa, the mattress that ships in a box the size of a suitcase.",
       "supported")], ["Drowsa"], ["top"]),
    ("podcast-episode-party-thanks-for-sponsoring.html", True,
     [("Kestrel Systems, thanks for sponsoring this episode.", "sponsored")], ["Kestrel Systems"], ["bottom"]),
    ("short-draft-thanks-lowercase-sponsor.md", True,
     [("Thanks to lanterns and ledgers for sponsoring this tutorial.", "sponsored")], ["lanterns and ledgers"],
     ["bottom"]),
    ("short-draft-sponsored-by-first-line.md", True, [("Sponsored by Sortly Mail", "sponsored")], ["Sortly Mail"],
     ["top"]),
    ("advertiser-named-not-by-editorial-staff.html", True,
     [("produced by an advertiser, Palomar Travel, and not by our editorial staff.", "advertisement")],
     ["Palomar Travel"], ["bottom"]),
    ("affiliate-notice-at-top-is-affiliate-not-sponsored.html", False,
     [("This post contains affiliate links.", "affiliate"),
      ("As an Amazon Associate I earn from qualifying purchases.", "affiliate")], [], ["top", "top"]),
    ("press-trip-hosted-stay-is-gifted.html", False,
     [("trip was hosted by Visit Calder Valley; all opinions are my own.", "gifted")], ["Visit Calder Valley"],
     ["bottom"]),
    ("de-byline-in-kooperation-mit-names-the-partner.html", True,
     [("in Kooperation mit Allgäu Tourismus", "partner")], ["Allgäu Tourismus"], ["top"]),
    ("de-mit-freundlicher-unterstuetzung-names-the-supporter.html", True,
     [("Mit freundlicher Unterstützung von Mühle Brandner", "supported")], ["Mühle Brandner"], ["top"]),
    ("paid-post-then-from-party-in-its-own-element.html", True,
     [("Paid Post from Greenway Sensors", "paid")], ["Greenway Sensors"], ["top"]),
    ("presented-by-logo-alt-names-the-sponsor-without-logo.html", True, [("Presented by", "sponsored")],
     ["Greenway Sensors"], ["top"]),
    ("run-in-capitals-label-opens-the-lead.html", True, [("SPONSORED", "sponsored")], [], ["top"]),
    ("byline-with-sponsored-by-after-a-pipe.html", True, [("Sponsored by Greenway Sensors", "sponsored")],
     ["Greenway Sensors"], ["top"]),
    ("menu-item-and-footer-sponsor-are-not-labels.html", False, [], [], []),
    ("promoted-teaser-module-is-not-a-label.html", False, [], [], []),
    ("blog-post-with-sponsored-menu-sidebar-teaser-and-comment-is-not-sponsored.html", False, [], [], []),
    ("disclosure-box-party-paid-for-this-article.html", True,
     [("Disclosure: Gatewise Sensors paid for this article.", "paid")], ["Gatewise Sensors"], ["bottom"]),
    ("blog-post-with-furniture-thanks-sponsor-at-the-end.html", True,
     [("Thanks to Gatewise Sensors for sponsoring this post!", "sponsored")], ["Gatewise Sensors"], ["bottom"]),
    ("podcast-brought-to-you-by-colon-then-sponsor-list.html", True,
     [("This episode is brought to you by", "sponsored")], ["Drowsa"], ["bottom"]),
    ("podcast-thanks-to-our-sponsors-colon-then-list.html", True, [("Thanks to our sponsors", "sponsored")],
     ["Drowsa"], ["bottom"]),
    ("de-byline-anzeige-and-praesentiert-von-names-the-sponsor.html", True,
     [("Anzeige", "advertisement"), ("Präsentiert von Allgäu Tourismus", "sponsored")], ["Allgäu Tourismus"],
     ["top", "top"]),
    ("de-anzeige-then-in-zusammenarbeit-mit-logo.html", True,
     [("Anzeige", "advertisement"), ("In Zusammenarbeit mit", "partner")], ["Allgäu Tourismus"], ["top", "top"]),
    ("de-credit-text-and-photos-is-not-a-sponsor.html", False, [], [], []),
    ("disclosure-aside-inside-the-article-is-read.html", True,
     [("This post was sponsored by Gatewise Sensors", "sponsored")], ["Gatewise Sensors"], ["bottom"]),
    ("sidebar-widget-blog-sponsor-is-not-a-label.html", False, [], [], []),
    ("joke-sponsor-that-never-paid-is-not-a-label.html", False, [], [], []),
    ("what-is-a-sponsored-article-is-not-a-label.html", False, [], [], []),
    ("originally-published-by-is-not-a-sponsor.html", False, [], [], []),
])
def test_pages_read_as_stated(cli, name, sponsored, labels, sponsors, positions) -> None:
    found = document(cli, PAGES / name)
    assert found["sponsored"] is sponsored
    assert [(lab["text"], lab["category"]) for lab in found["labels"]] == labels
    assert [s["name"] for s in found["sponsors"]] == sponsors
    assert [lab["position"] for lab in found["labels"]] == positions
    assert found["uncertain"] == []


@pytest.mark.parametrize("kind", ["event", "bill", "academic", "explainer", "visa", "review-denial", "funding", "sports"])
def test_pages_that_use_the_words_for_something_else_are_not_sponsored(cli, kind) -> None:
    """An event's or a shirt's sponsor, a bill's, a visa's, a project's funder, academic cooperation,
    an explainer about sponsored content, a review that says it is not sponsored."""
    found = document(cli, PAGES / f"not-sponsored-{kind}-page.html")
    assert (found["sponsored"], found["labels"], found["uncertain"], found["findings"]) == (False, [], [], [])
