"""URL inputs against a real HTTP server on 127.0.0.1: each page gives the right status or error
kind, nothing hangs, and the run continues past failures."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

SPONSORED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Greener cities</title></head>
<body><article><p class="label">Sponsored content</p><h1>Ten ideas for greener cities</h1>
<p>Cities are changing fast. Rooftop gardens, car-free streets and heat-reflecting pavements are spreading.</p>
</article></body></html>"""
CLEAN = """<!doctype html><html lang="en"><head><title>Council vote</title></head>
<body><article><h1>Council approves the new budget</h1><p class="byline">By Jo Example</p>
<p>The council approved next year's budget on Tuesday after a four-hour debate about school repairs.</p>
</article></body></html>"""


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/sponsored").respond_with_data(SPONSORED, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/clean").respond_with_data(CLEAN, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("not here", status=404, content_type="text/html")
    httpserver.expect_request("/logo.png").respond_with_data(b"\x89PNG\r\n", content_type="image/png")
    httpserver.expect_request("/hop1").respond_with_data("", status=301, headers={"Location": "/hop2"})
    httpserver.expect_request("/hop2").respond_with_data("", status=302, headers={"Location": "/hop3"})
    httpserver.expect_request("/hop3").respond_with_data("", status=307, headers={"Location": "/clean"})
    httpserver.expect_request("/big").respond_with_data("<p>" + "x" * 300_000 + "</p>", content_type="text/html")
    return httpserver


def test_each_url_gets_its_status_or_error_kind_and_the_run_goes_on(cli, site: HTTPServer) -> None:
    urls = [site.url_for(p) for p in ("/sponsored", "/clean", "/gone", "/logo.png", "/hop1", "/big")]
    result = cli("check", "--format", "json", "--max-bytes", "200000", "--timeout", "10", *urls)
    assert result.code == 3
    documents = result.json()["documents"]
    assert [d["source"] for d in documents] == urls
    outcome = [(d["status"], (d["error"] or {}).get("kind"), d["sponsored"]) for d in documents]
    assert outcome == [
        ("checked", None, True),
        ("checked", None, False),
        ("error", "http-status", None),
        ("error", "not-html", None),
        ("checked", None, False),
        ("error", "too-large", None),
    ]
    assert "404" in documents[2]["error"]["message"]
    assert [f["code"] for f in documents[0]["findings"]] == ["DL201"]
    assert result.json()["summary"]["error_kinds"] == {"http-status": 1, "not-html": 1, "too-large": 1}
    for line in result.stderr.strip().splitlines():
        assert line.startswith("disclosure-lint: error: http://127.0.0.1:")


def test_a_redirect_chain_longer_than_the_limit_is_an_error(cli, httpserver: HTTPServer) -> None:
    for i in range(8):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    result = cli("check", "--format", "json", httpserver.url_for("/r0"))
    assert result.code == 3
    assert result.json()["documents"][0]["error"]["kind"] == "redirects"


def test_a_redirect_to_another_scheme_is_refused(cli, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/away").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    result = cli("check", "--format", "json", httpserver.url_for("/away"))
    document = result.json()["documents"][0]
    assert (result.code, document["error"]["kind"]) == (3, "redirects")


def test_the_charset_comes_from_the_header_or_the_page(cli, httpserver: HTTPServer) -> None:
    page = "<html><body><p>Anzeige</p><h1>Grüße aus München</h1><p>Ein Text über Gärten.</p></body></html>"
    httpserver.expect_request("/latin").respond_with_data(page.encode("iso-8859-1"),
                                                          content_type="text/html; charset=iso-8859-1")
    meta = '<html><head><meta charset="windows-1252"></head>' + page[6:]
    httpserver.expect_request("/meta").respond_with_data(meta.encode("cp1252"), content_type="text/html")
    result = cli("check", "--format", "json", httpserver.url_for("/latin"), httpserver.url_for("/meta"))
    assert [d["headline"] for d in result.json()["documents"]] == ["Grüße aus München", "Grüße aus München"]
    assert all(d["sponsored"] for d in result.json()["documents"])


def test_the_user_agent_says_who_is_asking(cli, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua").respond_with_data(CLEAN, content_type="text/html")
    cli("check", "--format", "json", httpserver.url_for("/ua"))
    request, _ = httpserver.log[-1]
    assert request.headers["User-Agent"].startswith("disclosure-lint/")
