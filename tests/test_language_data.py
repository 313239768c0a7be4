"""Language knowledge as data, checked on pages: every bundled language reads its own labels,
disclosure sentences, affiliate notices and gifted products, and leaves its look-alikes alone
(fixtures/languages/<lang>/, with what each page shows in fixtures/languages/expectations.toml);
and every language has the rules' fix texts, written so that the tool itself accepts them."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
import tomllib

from disclosure_lint.engine import load_engine
from disclosure_lint.extract.vocabulary import load_vocabulary
from tests.conftest import FIXTURES

PAGES = FIXTURES / "languages"
EXPECTED = tomllib.loads((PAGES / "expectations.toml").read_text(encoding="utf-8"))
LANGUAGES = sorted(load_vocabulary().languages)
# Rules whose fix text is shown in the page's language.
FIXED_RULES = ("DL101", "DL201", "DL301", "DL401", "DL405", "DL406", "DL502", "DL503", "DL701", "DL702")
# A quotation in any of the languages' styles: “…”, „…“, „…”, «…», »…«, ”…”, "…".
QUOTED = re.compile(r"[“„«»”\"]\s*([^“”„«»\"]+?)\s*[“”«»\"]")


def _check(*args: str | Path) -> dict:
    from disclosure_lint.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["check", "--format", "json", *map(str, args)])
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    """Every fixture page checked in one run, by its path under fixtures/languages."""
    files = sorted(PAGES.glob("*/*.html"))
    report = _check(*files)
    return {str(Path(d["source"]).relative_to(PAGES)): d for d in report["documents"]}


def test_every_fixture_has_its_expectation_and_every_expectation_its_page() -> None:
    assert sorted(str(p.relative_to(PAGES)) for p in PAGES.glob("*/*.html")) == sorted(EXPECTED)


def test_every_bundled_language_but_english_has_fixture_pages() -> None:
    folders = {p.name for p in PAGES.iterdir() if p.is_dir()}
    assert folders == set(LANGUAGES) - {"en"}
    assert len(LANGUAGES) == 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_page_in_each_language_is_read_as_its_fixture_says(documents: dict[str, dict], name: str) -> None:
    expected = EXPECTED[name]
    document = documents[name]
    assert document["status"] == "checked"
    assert document["language"] == name.split("/")[0]  # told from <html lang>
    assert sorted({label["category"] for label in document["labels"]}) == sorted(expected["categories"])
    assert document["sponsored"] is expected["sponsored"]
    assert sorted(s["name"] for s in document["sponsors"]) == sorted(expected["sponsors"])
    kinds = {s["kind"] for s in document["signals"]}
    assert set(expected.get("signals", [])) <= kinds
    if not expected["categories"]:  # a look-alike is no label, and nobody needs to look at it either
        assert document["uncertain"] == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_language_of_a_page_without_lang_is_told_from_its_words(tmp_path: Path, lang: str) -> None:
    """The fixture pages' text with the lang attribute taken away: the commonest words of the
    language file tell the language, also on a short page."""
    source = next(iter(sorted((PAGES / lang).glob("*-is-not-a-label.html"))))
    page = tmp_path / f"{lang}.html"
    page.write_text(source.read_text(encoding="utf-8").replace(f' lang="{lang}"', ""), encoding="utf-8")
    assert _check(page)["documents"][0]["language"] == lang


def _fixes() -> dict[str, dict[str, str]]:
    return {rule.code: rule.fixes for rule in load_engine("default").all_rules if rule.code in FIXED_RULES}


def test_every_fix_language_is_a_bundled_language_and_every_language_has_the_fixes() -> None:
    fixes = _fixes()
    assert sorted(fixes) == sorted(FIXED_RULES)
    for code, texts in fixes.items():
        assert set(texts) <= set(LANGUAGES), code  # a fix in a language the tool cannot read is never shown
        assert set(texts) == set(LANGUAGES) - {"en"}, code  # English is the rule's own `fix`


def _page(lang: str, kicker: str, body: str = "") -> str:
    title, first, second = _text(lang)
    return (f'<html lang="{lang}"><body><article><p class="label">{kicker}</p><h1>{title}</h1>'
            f"<p>{first}</p><p>{body}</p><p>{second}</p></article></body></html>")


def _text(lang: str) -> tuple[str, str, str]:
    page = next(iter(sorted((PAGES / lang).glob("*-is-not-a-label.html")))).read_text(encoding="utf-8")
    paragraphs = re.findall(r"<p>(.*?)</p>", page)
    return re.search(r"<h1>(.*?)</h1>", page).group(1), paragraphs[0], paragraphs[-1]


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_label_a_fix_proposes_is_read_as_a_label_naming_its_sponsor(tmp_path: Path, lang: str) -> None:
    """DL101's and DL401's example labels, set above the headline of a page in their language, are
    labels, name a sponsor and get no wording finding."""
    for code in ("DL101", "DL401"):
        example = QUOTED.findall(_fixes()[code][lang])[-1]
        page = tmp_path / f"{code}-{lang}.html"
        page.write_text(_page(lang, example), encoding="utf-8")
        document = _check("--profile", "default", page)["documents"][0]
        assert document["sponsored"] is True, (code, example)
        assert document["sponsors"], (code, example)
        assert not [f for f in document["findings"] if f["code"] in ("DL201", "DL401")], (code, example)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_sentence_the_control_fix_proposes_states_control(tmp_path: Path, lang: str) -> None:
    """DL503's fix, written on a funded page in its language, satisfies DL503."""
    sentence = QUOTED.findall(_fixes()["DL503"][lang])[-1]
    label = QUOTED.findall(_fixes()["DL101"][lang])[-1]
    page = tmp_path / f"DL503-{lang}.html"
    page.write_text(_page(lang, label, sentence), encoding="utf-8")
    document = _check("--profile", "eu", page)["documents"][0]
    assert "independence" in {s["kind"] for s in document["signals"]}, sentence
    assert document["outcomes"]["DL503"] == "pass", sentence


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_political_label_the_fix_proposes_is_complete(tmp_path: Path, lang: str) -> None:
    """DL702's example, above the headline, is a political advertisement label with its sponsor and
    its transparency notice."""
    example = QUOTED.findall(_fixes()["DL702"][lang])[-1]
    page = tmp_path / f"DL702-{lang}.html"
    page.write_text(_page(lang, example), encoding="utf-8")
    document = _check("--profile", "eu", page)["documents"][0]
    assert "political" in {label["category"] for label in document["labels"]}, example
    assert document["sponsors"], example
    assert "political-notice" in {s["kind"] for s in document["signals"]}, example
    assert "DL702" not in {f["code"] for f in document["findings"]}, example
