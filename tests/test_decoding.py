"""Pages without a charset, or with one that lies, read right; the JSON says which encoding was
used and whether it was guessed; a page that no encoding reads is an `encoding` error."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from disclosure_lint.sources.decode import DecodeError, decode, normalise_encoding
from tests.conftest import run_process

# (encoding the bytes are in, the names a right reading may report: the encoding or the superset
# Python reads it with, e.g. Windows-932 for Shift_JIS), text in a language that encoding writes.
UNDECLARED = [
    ("cp1251", {"cp1251"}, "Партнёрский материал: статья подготовлена при поддержке компании Северная энергия. "
                           "Мы рассказываем о новых технологиях в энергетике и о людях, которые их создают."),
    ("koi8_r", {"koi8-r"}, "Партнёрский материал: статья подготовлена при поддержке компании Северная энергия. "
                           "Мы рассказываем о новых технологиях в энергетике и о людях, которые их создают."),
    ("iso8859_7", {"iso8859-7"}, "Χορηγούμενο περιεχόμενο: το άρθρο γράφτηκε σε συνεργασία με την εταιρεία "
                                 "Αιγαίο Ενέργεια για τις νέες τεχνολογίες και τους ανθρώπους που τις φτιάχνουν."),
    ("cp1250", {"cp1250"}, "Komerční sdělení: článek vznikl ve spolupráci se společností Šumava Energie. "
                           "Píšeme o nových technologiích v energetice a o lidech, kteří je vytvářejí, řekl ředitel."),
    ("iso8859_2", {"iso8859-2"}, "Artykuł sponsorowany: tekst powstał we współpracy z firmą Bałtycka Energia. "
                                 "Piszemy o nowych technologiach w energetyce i o ludziach, którzy je tworzą, mówi zażółć gęślą jaźń."),
    ("shift_jis", {"shift_jis", "cp932"}, "この記事は北海エネルギーの提供でお送りします。広告記事です。"
                                          "新しいエネルギー技術と、それを作る人々について紹介します。"),
    ("gb2312", {"gb2312", "gbk", "gb18030"}, "本文由北方能源公司赞助。这是一篇广告文章，介绍新的能源技术和创造它们的人。"),
    ("gbk", {"gbk", "gb18030"}, "本文由北方能源公司赞助。这是一篇广告文章，介绍新的能源技术和创造它们的人。"),
    ("big5", {"big5", "cp950"}, "本文由北方能源公司贊助。這是一篇廣告文章，介紹新的能源技術和創造它們的人。"),
    ("euc_kr", {"euc_kr", "cp949"}, "이 기사는 북해에너지의 후원으로 작성되었습니다. 광고 기사입니다. "
                                    "새로운 에너지 기술과 그것을 만드는 사람들을 소개합니다."),
]


def _page(text: str, head: str = "") -> str:
    return (f"<!doctype html><html><head>{head}<title>Energy</title></head><body><article><h1>{text[:40]}</h1>"
            f"<p>{text}</p></article></body></html>")


@pytest.mark.parametrize(("encoding", "names", "text"), UNDECLARED, ids=[case[0] for case in UNDECLARED])
@pytest.mark.parametrize("declared", [None, "utf-8", "iso-8859-1"], ids=["undeclared", "says-utf-8", "says-latin-1"])
def test_a_page_in_a_legacy_encoding_reads_right_declared_or_not(encoding, names, text, declared):
    decoded = decode(_page(text).encode(encoding), declared)
    assert text in decoded.text
    assert decoded.encoding in names
    assert decoded.guessed and decoded.replacements == 0
    assert decoded.declared == normalise_encoding(declared)


def test_a_label_that_fits_the_bytes_is_used_not_guessed():
    text = UNDECLARED[0][2]
    decoded = decode(_page(text, '<meta charset="windows-1251">').encode("cp1251"))
    assert (decoded.text.count(text), decoded.encoding, decoded.declared, decoded.guessed) == (1, "cp1251", "cp1251", False)
    latin = decode(_page("Grüße aus München, café").encode("cp1252"), "iso-8859-1")
    assert ("Grüße" in latin.text, latin.encoding, latin.guessed) == (True, "cp1252", False)


def test_utf8_with_a_few_stray_bytes_stays_utf8_and_counts_them():
    text = "Gesponsert von Bäckerei Köhler in München. Über Grüße, Größe und Qualität im Süden, für Sie. " * 3
    data = _page(text).encode() + b"<p>caf\xe9</p>"
    decoded = decode(data, "utf-8")
    assert text in decoded.text
    assert (decoded.encoding, decoded.replacements, decoded.declared) == ("utf-8", 1, "utf-8")


def test_bytes_no_encoding_reads_are_an_encoding_error():
    rng = random.Random(12)
    noise = bytes(rng.randrange(128, 256) for _ in range(20_000))
    data = _page("Sponsored by Acme").encode().replace(b"</article>", b"<p>" + noise + b"</p></article>")
    with pytest.raises(DecodeError) as raised:
        decode(data)
    assert raised.value.kind == "encoding" and "cannot be decoded" in str(raised.value)


def test_the_json_says_which_encoding_was_used_and_whether_it_was_guessed(tmp_path: Path):
    russian = UNDECLARED[0][2]
    (tmp_path / "a-undeclared.html").write_bytes(_page(russian).encode("cp1251"))
    (tmp_path / "b-declared.html").write_bytes(_page(russian, '<meta charset="koi8-r">').encode("koi8_r"))
    (tmp_path / "c-plain.md").write_text("# Notes\n\nSponsored by Acme.\n", encoding="utf-8")
    rng = random.Random(3)
    noise = bytes(rng.randrange(128, 256) for _ in range(5_000))
    (tmp_path / "d-garbled.html").write_bytes(b"<html><body><p>Sponsored by Acme</p><p>" + noise + b"</p></body></html>")
    result = run_process("check", "--format", "json", "--fail-on", "never", tmp_path)
    undeclared, declared, plain, garbled = result.json()["documents"]
    assert undeclared["headline"] == russian[:40]
    assert undeclared["encoding"] == {"name": "cp1251", "declared": None, "guessed": True, "replacements": 0}
    assert declared["encoding"] == {"name": "koi8-r", "declared": "koi8-r", "guessed": False, "replacements": 0}
    assert plain["encoding"]["guessed"] is False
    assert garbled["status"] == "error" and garbled["error"]["kind"] == "encoding"
    assert garbled["error"]["message"].startswith(str(tmp_path / "d-garbled.html"))
    assert result.code == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "save it as UTF-8" in result.stderr


def test_a_served_page_whose_header_lies_reads_in_its_real_encoding(httpserver: HTTPServer):
    greek = UNDECLARED[2][2]
    httpserver.expect_request("/greek").respond_with_data(_page(greek).encode("iso8859_7"),
                                                          content_type="text/html; charset=utf-8")
    result = run_process("check", "--format", "json", "--fail-on", "never", httpserver.url_for("/greek"))
    [document] = result.json()["documents"]
    assert document["headline"] == greek[:40]
    assert document["encoding"] == {"name": "iso8859-7", "declared": "utf-8", "guessed": True, "replacements": 0}
