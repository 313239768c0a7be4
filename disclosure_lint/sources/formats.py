"""Which extractor reads a document: by file extension, by media type, or by sniffing."""

from __future__ import annotations

import re

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
DOCUMENT_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
# Web archives: every HTML response record in them is a document (sources.warc).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_MEDIA_TYPES = {"text/plain": "text", "text/markdown": "markdown", "text/x-markdown": "markdown"}

_HTML_SNIFF = re.compile(r"<(!doctype\s+html|html|head|body|article|main|div|p|h[1-6])[\s>]", re.IGNORECASE)


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def format_for_suffix(suffix: str) -> str | None:
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def format_for_media_type(media_type: str) -> str | None:
    media_type = media_type.split(";")[0].strip().lower()
    if media_type in HTML_MEDIA_TYPES:
        return "html"
    return TEXT_MEDIA_TYPES.get(media_type)


def sniff_format(text: str) -> str:
    """HTML when the start of the text holds HTML tags; otherwise text (Markdown-aware)."""
    return "html" if _HTML_SNIFF.search(text[:4096]) else "text"
