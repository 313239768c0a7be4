"""Pages whose markup libxml2 reads otherwise than a browser: the article must still be found."""

from __future__ import annotations

from pathlib import Path

from disclosure_lint.extract.html_walk import as_browsers_read

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def document(cli, name: str) -> dict:
    return cli("check", "--format", "json", "--no-config", PAGES / name).json()["documents"][0]


def test_a_saved_player_document_inside_the_page_does_not_end_it(cli):
    found = document(cli, "saved-player-document-inside-the-page-does-not-end-it.html")
    assert found["headline"] == "Mending nets on the north coast"
    assert [(label["text"], label["line"]) for label in found["labels"]] == [
        ("This episode is part of our coastal series sponsored by Tidewater Rope Company", 17)]
    assert [sponsor["name"] for sponsor in found["sponsors"]] == ["Tidewater Rope Company"]


def test_page_builder_widgets_around_the_article_and_its_tabs_are_not_furniture(cli):
    found = document(cli, "page-builder-widgets-wrap-the-article.html")
    assert [label["text"] for label in found["labels"]] == ["This episode is brought to you by Northshore Wetsuits"]
    assert [sponsor["name"] for sponsor in found["sponsors"]] == ["Northshore Wetsuits"]  # not the sidebar's bank
    assert found["labels"][0]["position"] == "top"
    assert [f["code"] for f in found["findings"]] == ["DL401"]  # 'brought to you by' is ambiguous wording


def test_blanking_keeps_every_line_and_offset():
    page = ("<p>a</p><iframe src=x>\n<html><body>inner</body></html>\n</iframe>\n<p>after</p></body>\n</html>"
            "<IFRAME>y</IFRAME><xmp><b>raw</b></xmp><iframe>never closed <p>z")
    read = as_browsers_read(page)
    assert len(read) == len(page) and read.count("\n") == page.count("\n")
    assert "inner" not in read and "</body>" not in read and "</html>" not in read and "<b>raw" not in read
    assert "<p>after</p>" in read and read.index("<p>after</p>") == page.index("<p>after</p>")
    assert read.endswith("<iframe>never closed <p>z")  # unclosed: left to the parser as it was
