"""Pages whose article only appears once JavaScript runs. Such a page, read as served, shows no
label and no byline; without this note it would pass silently. The test runs on every HTML page,
for fetched pages in the fetching thread, so it is cheap first: pages with paragraphs are never
looked at twice."""

from __future__ import annotations

import re

from disclosure_lint.model import Signal

SIGNAL_KIND = "needs-javascript"
MIN_PARAGRAPHS = 3  # an article served as HTML has paragraphs; an app shell has few or none
MIN_VISIBLE_CHARS = 400

_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_APP_ROOT = re.compile(
    r"""<(?:div|main)\b[^>]*\bid\s*=\s*["']?(?:root|app|__next|__nuxt|___gatsby|svelte)\b|<app-root\b|\bng-app\b""",
    re.IGNORECASE)
# A script that runs: not JSON-LD or another data block (a small page with structured data is no app).
_EXECUTABLE = re.compile(r"""<script\b(?![^>]*\btype\s*=\s*["']?application/(?:ld\+)?json)""", re.IGNORECASE)
_NOSCRIPT_HINT = re.compile(r"<noscript\b[^>]*>[^<]{0,300}\b(?:javascript|JavaScript|JS)\b", re.IGNORECASE)


def javascript_signal(html: str, raw: bytes | None = None) -> Signal | None:
    """A `needs-javascript` signal when the served HTML is a script-driven shell with little text.
    `raw`, the bytes the text was decoded from, makes the first test a byte search."""
    if _has_paragraphs(raw if raw is not None else html) or not _EXECUTABLE.search(html):
        return None
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", html))
    visible = len("".join(text.split()))
    if visible >= MIN_VISIBLE_CHARS:
        return None
    hint = "an app root element" if _APP_ROOT.search(html) else (
        "a <noscript> note asking for JavaScript" if _NOSCRIPT_HINT.search(html) else "scripts")
    return Signal(kind=SIGNAL_KIND, value=f"{visible} characters of text, {hint}", line=1, commercial=False)


def _has_paragraphs(html: str | bytes) -> bool:
    """At least MIN_PARAGRAPHS `<p` tags, found without scanning the whole page when it has them early."""
    found = 0
    tags = ("<p", "<P") if isinstance(html, str) else (b"<p", b"<P")
    for tag in tags:
        start = 0
        while found < MIN_PARAGRAPHS:
            start = html.find(tag, start) + 1
            if not start:
                break
            found += 1
    return found >= MIN_PARAGRAPHS
