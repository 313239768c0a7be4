"""Small pages in the shape of real publishers' templates: what extraction must read from each,
and what it must not mistake for a disclosure."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"


@pytest.mark.parametrize(("name", "sponsored", "labels", "sponsors"), [
    ("ad-slot-marker-is-not-a-label.html", False, [], []),
    ("bill-sponsored-by-a-senator-is-not-a-disclosure.html", False, [], []),
    ("sponsored-widget-and-menu-are-not-labels.html", False, [], []),
    ("not-sponsored-statements-are-not-disclosures.html", False, [], []),
    ("shirt-sponsor-in-caption-and-short-paragraph-is-not-a-label.html", False, [], []),
    ("bracketed-terms-quoted-in-running-text-are-not-labels.html", False, [], []),
    ("label-pipe-then-denial-is-not-a-label.html", False, [], []),
    ("article-provided-by-a-wire-is-not-a-label.html", False, [], []),
    ("supported-by-logo-then-about-this-content-names-the-logo.html", True, ["Supported by"], ["Norwell Foundation"]),
    ("brand-publisher-then-linked-name-names-the-brand.html", True, ["Brand Publisher"], ["Acme Outdoors"]),
    ("sponsored-content-then-content-provided-by-names-the-sponsor.html", True, ["Sponsored Content"],
     ["Marisol Dental Group"]),
    ("supported-by-logo-in-label-then-byline.html", True, ["Supported by"], ["Ostrander Foundation"]),
    ("sponsorise-par-with-logo-names-the-sponsor.html", True, ["Contenu sponsorisé par"], ["Véloval"]),
    ("publiredazionale-a-cura-di.html", True, ["Publiredazionale a cura di Tenuta Le Querce"], ["Tenuta Le Querce"]),
    ("content-from-brand-with-studio-disclaimer.html", True,
     ["Content from Acme Energy", "This content is paid for by an advertiser and published by WP Creative Group."],
     ["Acme Energy"]),
    ("sponsor-content-presented-by-brand.html", True, ["Sponsor Content", "Presented by Acme"], ["Acme"]),
    ("brandvoice-paid-program.html", True, ["Acme BrandVoice", "Paid Program"], ["Acme"]),
    ("anzeige-and-sponsored-content-von.html", True, ["ANZEIGE", "Sponsored Content von Beispiel Auto AG"],
     ["Beispiel Auto AG"]),
    ("contenu-propose-par.html", True, ["Contenu proposé par Exemple Énergie"], ["Exemple Énergie"]),
    ("podcast-transcript-support-for-this-show-names-the-sponsor.html", True,
     ["Support for this show and the message that follows comes from Tidewell Insurance.",
      "Support for this episode of The Night Desk comes from Brightpath Rail."],
     ["Tidewell Insurance", "Brightpath Rail"]),
])
def test_what_extraction_reads_from_the_page(cli, name: str, sponsored: bool, labels: list[str],
                                              sponsors: list[str]) -> None:
    document = cli("check", "--format", "json", PAGES / name).json()["documents"][0]
    assert document["sponsored"] is sponsored
    assert [lab["text"] for lab in document["labels"]] == labels
    assert [s["name"] for s in document["sponsors"]] == sponsors
    assert all(lab["position"] == "top" for lab in document["labels"])


def test_an_advertiser_statement_is_read_as_control() -> None:
    from disclosure_lint.extract import extract, load_vocabulary
    from disclosure_lint.sources.files import read_file

    path = PAGES / "sponsor-content-presented-by-brand.html"
    evidence = extract(read_file(str(path), path), load_vocabulary())
    controls = [s.value for s in evidence.signals if s.kind == "control"]
    assert controls and "on behalf of our sponsor" in controls[0]
