"""The fetcher's parts on their own: the capped body reader, host rewriting, robots.txt answers,
Retry-After, sitemap parsing and the JavaScript-shell test."""

from __future__ import annotations

import gzip
import zlib

import pytest

from disclosure_lint.sources.body import CappedBody, TooLarge, UnsupportedEncoding, gunzip_capped
from disclosure_lint.sources.fetcher import _retry_after
from disclosure_lint.sources.javascript import javascript_signal
from disclosure_lint.sources.robots import robots_from_answer
from disclosure_lint.sources.sitemap import SitemapError, parse_sitemap
from disclosure_lint.sources.urls import HostRewrite, rewrite, same_site

CAP = 100_000


def feed_all(body: CappedBody, data: bytes, chunk: int = 4096) -> bytes:
    for start in range(0, len(data), chunk):
        body.feed(data[start:start + chunk])
    return body.finish()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw", ""])
def test_capped_body_decodes_each_encoding(encoding):
    text = b"<p>" + "Grüße ".encode() * 2000
    if encoding == "gzip":
        data = gzip.compress(text)
    elif encoding == "deflate":
        data = zlib.compress(text)
    elif encoding == "deflate-raw":
        packer = zlib.compressobj(wbits=-15)
        data = packer.compress(text) + packer.flush()
    else:
        data = text
    assert feed_all(CappedBody(encoding.replace("-raw", ""), CAP), data) == text


def test_gzip_bomb_never_inflates_past_the_cap():
    bomb = gzip.compress(b" " * (20 * CAP))
    body = CappedBody("gzip", CAP)
    with pytest.raises(TooLarge, match="decompresses to more than"):
        feed_all(body, bomb)
    assert sum(map(len, body.chunks)) <= CAP  # what was kept; the step that went over was bounded too


def test_bytes_on_the_wire_are_capped_too():
    with pytest.raises(TooLarge, match="more than 100000 bytes"):
        feed_all(CappedBody("", CAP), b"a" * (CAP + 1))


def test_unasked_encodings_are_refused():
    with pytest.raises(UnsupportedEncoding):
        CappedBody("br", CAP)


def test_gunzip_capped_for_sitemap_files():
    assert gunzip_capped(gzip.compress(b"<urlset/>"), CAP) == b"<urlset/>"
    with pytest.raises(TooLarge):
        gunzip_capped(gzip.compress(b"x" * (CAP * 3)), CAP)


def test_rewrite_host_keeps_path_and_query_and_can_change_scheme():
    rules = (HostRewrite.parse("www.example.com=http://127.0.0.1:8080"), HostRewrite.parse("a.example=b.example"))
    assert rewrite("https://www.example.com/x?y=1#z", rules) == "http://127.0.0.1:8080/x?y=1#z"
    assert rewrite("https://a.example/p", rules) == "https://b.example/p"
    assert rewrite("https://other.example/p", rules) == "https://other.example/p"
    with pytest.raises(ValueError):
        HostRewrite.parse("example.com/path=other")


def test_robots_answers_mean_what_rfc_9309_says():
    rules = robots_from_answer(200, b"User-agent: *\nDisallow: /private/\nAllow: /private/open$\nCrawl-delay: 2\n")
    assert not rules.allows("https://x.example/private/a")
    assert rules.allows("https://x.example/private/open")
    assert rules.allows("https://x.example/public")
    assert rules.crawl_delay == 2.0
    assert robots_from_answer(404, b"").allows("https://x.example/private/a")
    unavailable = robots_from_answer(503, b"")
    assert not unavailable.allows("https://x.example/") and "HTTP 503" in unavailable.reason("https://x.example/")
    own = robots_from_answer(200, b"User-agent: disclosure-lint\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not own.allows("https://x.example/page")


def test_retry_after_seconds_and_dates():
    assert _retry_after("7") == 7.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: retry now
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_sitemap_parser_resolves_no_entities():
    evil = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&x;</loc></url>'
            b"</urlset>")
    kind, locs = parse_sitemap(evil, CAP)
    assert kind == "urlset" and all("root:" not in loc for loc in locs)


def test_plain_text_sitemap_and_garbage():
    assert parse_sitemap(b"https://a.example/1\nhttps://a.example/2\n", CAP) == (
        "urlset", ["https://a.example/1", "https://a.example/2"])
    with pytest.raises(SitemapError):
        parse_sitemap(b"hello world", CAP)


def test_javascript_shell_is_told_from_an_article():
    shell = '<html><head><script src="/app.js"></script></head><body><div id="root"></div></body></html>'
    signal = javascript_signal(shell)
    assert signal is not None and signal.kind == "needs-javascript" and not signal.commercial
    assert "app root" in signal.value
    article = "<html><body>" + "<p>A paragraph of the article.</p>" * 3 + "<script>x()</script></body></html>"
    assert javascript_signal(article) is None
    static = "<html><body><div>" + "Plain text without paragraph tags. " * 30 + "</div></body></html>"
    assert javascript_signal(static) is None  # no scripts: nothing is waiting to be rendered


@pytest.mark.parametrize(("home", "target", "allowed"), [
    ("https://a.example/x", "https://a.example/y", True),
    ("http://a.example/x", "https://a.example/y", True),  # upgrade on default ports
    ("https://a.example/x", "http://a.example/y", False),  # never downgraded to plain http
    ("https://a.example/x", "https://b.example/y", False),
    ("https://a.example/x", "https://a.example.evil.test/y", False),
    ("http://127.0.0.1:8000/x", "http://127.0.0.1:8001/y", False),
    ("http://a.example:8080/x", "https://a.example/y", False),
])
def test_secrets_stay_with_the_site_they_were_given_for(home, target, allowed):
    assert same_site(home, target) is allowed


def test_an_unexpected_fetching_error_costs_one_page_not_the_run(monkeypatch):
    from disclosure_lint.sources import FetchOptions, fetcher, iter_documents

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(fetcher, "rewrite", broken)
    results = list(iter_documents(["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"], FetchOptions()))
    assert [(r.kind, "RuntimeError: boom" in r.message) for r in results] == [("internal", True)] * 2
