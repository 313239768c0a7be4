"""The rich report shows page text as text: markup, ANSI escapes and bidi overrides from a page
cannot style, move or hide anything in the terminal."""

from __future__ import annotations

import io

from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.model import Document
from disclosure_lint.pipeline import Checker
from disclosure_lint.report.summary import Summary
from disclosure_lint.report.terminal import TerminalReport

HOSTILE = (
    "<html><body><article><p class='label'>Sponsored content</p><h1>Title [bold red]loud[/bold red]</h1>"
    "<p class='byline'>By [link=file:///etc/passwd]Mallory[/link] \x1b[2J\x1b[31mRED \u202eevil</p>"
    "<p>Some body text that is long enough to be read as the body of this article, and then some more.</p>"
    "</article></body></html>"
)


def render(color: bool) -> str:
    checker = Checker(load_vocabulary(), load_engine())
    result = checker.check(Document(source="hostile[bold].html", text=HOSTILE, format="html"))
    stream = io.StringIO()
    report = TerminalReport(stream, "default", color=color)
    summary = Summary()
    summary.add(result)
    report.start()
    report.document(result)
    report.finish(summary)
    return stream.getvalue()


def test_markup_and_escapes_from_the_page_are_shown_not_obeyed() -> None:
    out = render(color=False)
    assert "\x1b" not in out and "\u202e" not in out
    assert "[link=file:///etc/passwd]Mallory[/link]" in out
    assert "\\x1b[2J\\x1b[31mRED" in out and "\\u202eevil" in out
    assert "hostile[bold].html" in out


def test_with_colour_only_the_reports_own_styles_emit_escape_sequences() -> None:
    out = render(color=True)
    assert "\x1b[2J" not in out and "\x1b[31mRED" not in out
    assert "\\x1b[2J" in out
    assert "[link=file:///etc/passwd]" in out
