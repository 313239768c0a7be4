"""A page labelled as advertising whose label names nobody, with a sentence of its own saying who it
was made with ("Gemeinsam mit der Nordsee Krankenkasse haben wir ..."): that partner is the sponsor.
On its own, such a sentence is no label, and a partner who is nobody in particular names nobody."""

from __future__ import annotations

import html

import pytest

from disclosure_lint.api import Linter, Result

# language: (bare label, the partnership sentence, the partner it names)
PARTNERSHIPS = {
    "en": ("Paid Post", "Together with Hollis Mutual, we put together this guide to winter cycling.",
           "Hollis Mutual"),
    "de": ("Anzeige", "Gemeinsam mit der Nordsee Krankenkasse haben wir diese Serie über Ernährung erstellt.",
           "Nordsee Krankenkasse"),
    "fr": ("Publicité", "En partenariat avec Banque Lemarchand, nous vous proposons ce dossier sur l'épargne.",
           "Banque Lemarchand"),
    "es": ("Publicidad", "En colaboración con Seguros Alcántara, hemos preparado esta guía para el invierno.",
           "Seguros Alcántara"),
    "it": ("Pubblicità", "In collaborazione con Cantine Vallombra, abbiamo raccolto dieci ricette d'autunno.",
           "Cantine Vallombra"),
    "nl": ("Advertentie", "Samen met Zorgverzekeraar Dijkstra hebben we deze reeks over slaap gemaakt.",
           "Zorgverzekeraar Dijkstra"),
    "pt": ("Publicidade", "Em parceria com a Seguradora Atlântida, preparámos este guia de poupança.",
           "Seguradora Atlântida"),
    "da": ("Annonce", "I samarbejde med Nordhavn Forsikring har vi samlet ti gode råd om vinterdæk.",
           "Nordhavn Forsikring"),
    "sv": ("Annons", "I samarbete med Fjällbanken har vi samlat tio råd om att spara till pension.",
           "Fjällbanken"),
    "pl": ("Reklama", "We współpracy z Bankiem Wiślanym przygotowaliśmy poradnik o oszczędzaniu.",
           "Bankiem Wiślanym"),
}

FILLER = {
    "en": "The first frost came early this year, and the roads were icy before the end of October.",
    "de": "Der erste Frost kam in diesem Jahr früh, und die Straßen waren schon im Oktober glatt.",
    "fr": "Les premières gelées sont arrivées tôt cette année, et les routes étaient glissantes dès octobre.",
    "es": "Las primeras heladas llegaron pronto este año y las carreteras ya estaban heladas en octubre.",
    "it": "Le prime gelate sono arrivate presto quest'anno e le strade erano ghiacciate già in ottobre.",
    "nl": "De eerste vorst kwam dit jaar vroeg, en de wegen waren al in oktober glad en gevaarlijk.",
    "pt": "As primeiras geadas chegaram cedo este ano e as estradas já estavam geladas em outubro.",
    "da": "Den første frost kom tidligt i år, og vejene var glatte allerede i slutningen af oktober.",
    "sv": "Den första frosten kom tidigt i år, och vägarna var hala redan i slutet av oktober.",
    "pl": "Pierwsze przymrozki przyszły w tym roku wcześnie, a drogi były śliskie już w październiku.",
}


def page(lang: str, label: str | None, closing: str) -> str:
    kicker = f'<p class="kicker">{html.escape(label)}</p>' if label else ""
    filler = html.escape(FILLER[lang])
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Winter</title></head><body>'
            f"<article>{kicker}<h1>Winter</h1><p>{filler}</p><p>{filler}</p>"
            f"<p>{filler} {html.escape(closing)}</p></article></body></html>")


LINTER = Linter(config=False)


def check(lang: str, label: str | None, closing: str) -> Result:
    return LINTER.check_text(page(lang, label, closing), format="html").result


@pytest.mark.parametrize("lang", sorted(PARTNERSHIPS))
def test_the_partner_sentence_names_who_an_unnamed_label_is_about(lang: str) -> None:
    label, sentence, partner = PARTNERSHIPS[lang]
    result = check(lang, label, sentence)
    assert result.language == lang
    assert [lab.text for lab in result.labels] == [label]
    assert [(s.name, s.found_in) for s in result.sponsors] == [(partner, "body")]
    assert "DL201" not in {f.code for f in result.findings}


@pytest.mark.parametrize("lang", sorted(PARTNERSHIPS))
def test_the_partner_sentence_alone_is_no_label(lang: str) -> None:
    _, sentence, _ = PARTNERSHIPS[lang]
    result = check(lang, None, sentence)
    assert result.sponsored is False
    assert result.labels == () and result.to_dict()["uncertain"] == []
    assert result.sponsors == ()
    assert result.findings == ()


def test_a_partner_who_is_nobody_in_particular_leaves_the_label_unnamed() -> None:
    result = check("de", "Anzeige", "Gemeinsam mit unseren Lesern haben wir diese Serie erstellt.")
    assert result.sponsors == ()
    assert "DL201" in {f.code for f in result.findings}


def test_a_named_sponsor_is_not_replaced_by_the_partner() -> None:
    closing = ("Dieser Beitrag wurde von der Gartenwelt GmbH bezahlt. "
               "Gemeinsam mit der Nordsee Krankenkasse haben wir diese Serie erstellt.")
    result = check("de", "Anzeige", closing)
    assert [s.name for s in result.sponsors] == ["Gartenwelt GmbH"]
