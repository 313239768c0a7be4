"""Labels and disclosure sentences in the six bundled languages, and the article's language."""

from __future__ import annotations

from pathlib import Path

import pytest

BODY = {
    "en": "Cities are changing fast, and rooftop gardens and car-free streets are spreading across the country.",
    "de": "Die Städte verändern sich schnell, und Dachgärten und autofreie Straßen verbreiten sich im ganzen Land.",
    "fr": "Les villes changent vite, et les jardins sur les toits et les rues sans voitures se répandent partout.",
    "es": "Las ciudades cambian rápido, y los jardines en las azoteas y las calles sin coches se extienden por el país.",
    "it": "Le città cambiano in fretta, e i giardini sui tetti e le strade senza auto si diffondono in tutto il paese.",
    "nl": "De steden veranderen snel, en daktuinen en autovrije straten verspreiden zich over het hele land.",
}


@pytest.mark.parametrize(("lang", "label", "sentence", "category", "sponsor"), [
    ("en", "Advertisement feature", "This article is sponsored by Acme Ltd.", "advertisement", "Acme Ltd"),
    ("de", "Anzeige", "Dieser Beitrag entstand in Kooperation mit der Beispiel GmbH.", "advertisement", "Beispiel GmbH"),
    ("fr", "Publicité", "Cet article est sponsorisé par Exemple SA.", "advertisement", "Exemple SA"),
    ("es", "Publicidad", "Este artículo está patrocinado por Ejemplo SL.", "advertisement", "Ejemplo SL"),
    ("it", "Informazione pubblicitaria", "Questo articolo è sponsorizzato da Esempio Srl.", "advertisement",
     "Esempio Srl"),
    ("nl", "Advertentie", "Dit artikel is gesponsord door Voorbeeld BV.", "advertisement", "Voorbeeld BV"),
])
def test_labels_sponsors_and_language(cli, tmp_path: Path, lang: str, label: str, sentence: str, category: str,
                                      sponsor: str) -> None:
    page = tmp_path / f"{lang}.html"
    page.write_text(f"<html><body><article><p class='label'>{label}</p><h1>Titel</h1><p>{sentence}</p>"
                    f"<p>{BODY[lang]} {BODY[lang]}</p></article></body></html>", encoding="utf-8")
    document = cli("check", "--format", "json", page).json()["documents"][0]
    assert document["language"] == lang
    assert document["sponsored"] is True
    assert (document["labels"][0]["text"], document["labels"][0]["category"]) == (label, category)
    assert [s["name"] for s in document["sponsors"]] == [sponsor]


def test_a_review_alone_never_fails_the_run(cli, tmp_path: Path) -> None:
    draft = tmp_path / "joke.md"
    draft.write_text("# Strings\n\nUse template literals everywhere; they are better than quotes in every way.\n\n"
                     "_This article is sponsored by the whitespace cartel._\n", encoding="utf-8")
    result = cli("check", "--format", "json", "--fail-on", "info", draft)
    findings = result.json()["documents"][0]["findings"]
    assert [(f["code"], f["outcome"]) for f in findings] == [("DL102", "review")]
    assert result.code == 0
