"""The fetcher against a hostile server on 127.0.0.1: every misbehaviour ends with the right result
in bounded time, the rest of the batch is unaffected, and N URLs in give N documents out.
Timeouts are short so the suite is quick; elapsed times are only checked as safety limits."""

from __future__ import annotations

import time

import pytest

from tests.hostile_server import HostileServer

# Short limits so every misbehaviour ends in a second or three.
FAST = ("--timeout", "3", "--read-timeout", "1", "--connect-timeout", "1", "--retries", "1",
        "--max-retry-wait", "5", "--max-bytes", "1000000", "--per-host", "16", "--jobs", "1",
        "--format", "json", "--no-progress")
SAFETY_LIMIT = 60.0  # seconds; a hang would blow far past this, a slow machine would not

# path -> expected (status, error kind)
HOSTILE = {
    "/drip": ("error", "timeout"),
    "/silent": ("error", "timeout"),
    "/429-then-ok/a": ("checked", None),
    "/503-then-ok/a": ("checked", None),
    "/loop/a": ("error", "redirects"),
    "/to-ftp": ("error", "redirects"),
    "/huge": ("error", "too-large"),
    "/huge-declared": ("error", "too-large"),
    "/bomb": ("error", "too-large"),
    "/wrong-charset": ("checked", None),
    "/binary": ("error", "not-html"),
    "/image": ("error", "not-html"),
    "/reset": ("error", "connection"),
    "/private/secret-page": ("error", "robots"),
    "/always-503": ("error", "http-status"),
    "/retry-after-forever": ("error", "http-status"),
    "/missing": ("error", "http-status"),
    "/gzip-page": ("checked", None),
    "/js-shell": ("checked", None),
}


@pytest.fixture
def server():
    hostile = HostileServer().start()
    yield hostile
    hostile.stop()


def documents_by_source(result) -> dict[str, dict]:
    return {d["source"]: d for d in result.json()["documents"]}


def test_hostile_batch_every_url_gets_its_result_and_good_pages_are_unaffected(cli, server):
    urls = []
    for i, path in enumerate(HOSTILE):
        urls += [server.url(path), server.url(f"/page/good-{i}")]
    started = time.monotonic()
    result = cli("check", *FAST, *urls)
    elapsed = time.monotonic() - started

    assert elapsed < SAFETY_LIMIT
    assert result.code == 3
    documents = result.json()["documents"]
    assert [d["source"] for d in documents] == urls  # N in, N out, in input order
    by_source = documents_by_source(result)
    for path, (status, kind) in HOSTILE.items():
        doc = by_source[server.url(path)]
        assert (doc["status"], doc["error"] and doc["error"]["kind"]) == (status, kind), (path, doc["error"])
    for i in range(len(HOSTILE)):
        doc = by_source[server.url(f"/page/good-{i}")]
        assert doc["status"] == "checked" and doc["sponsored"] is True
    summary = result.json()["summary"]
    expected_errors = sum(1 for status, _ in HOSTILE.values() if status == "error")
    assert summary["errors"] == expected_errors
    assert summary["error_kinds"]["timeout"] == 2 and summary["error_kinds"]["too-large"] == 3


def test_slow_drip_ends_at_the_total_timeout(cli, server):
    started = time.monotonic()
    result = cli("check", *FAST, server.url("/drip"))
    elapsed = time.monotonic() - started
    error = result.json()["documents"][0]["error"]
    assert error["kind"] == "timeout"
    assert "3 s in all" in error["message"]
    assert 2.5 < elapsed < SAFETY_LIMIT  # bytes kept coming below the 1 s read timeout: only the total stops it


def test_silent_server_ends_at_the_read_timeout(cli, server):
    result = cli("check", *FAST, server.url("/silent"))
    error = result.json()["documents"][0]["error"]
    assert error["kind"] == "timeout" and "no answer within 1 s" in error["message"]


def test_429_retry_after_is_honoured_then_the_page_is_checked(cli, server):
    started = time.monotonic()
    result = cli("check", *FAST, server.url("/429-then-ok/b"))
    doc = result.json()["documents"][0]
    assert doc["status"] == "checked" and doc["headline"] == "After 429"
    assert server.hits["/429-then-ok/b"] == 2
    assert time.monotonic() - started >= 0.9  # it waited the second the server asked for


def test_retry_after_beyond_the_limit_fails_at_once(cli, server):
    result = cli("check", *FAST, server.url("/retry-after-forever"))
    error = result.json()["documents"][0]["error"]
    assert error["kind"] == "http-status"
    assert "HTTP 429" in error["message"] and "--max-retry-wait" in error["message"]
    assert server.hits["/retry-after-forever"] == 1


def test_503_is_retried_and_a_persistent_503_reports_the_tries(cli, server):
    result = cli("check", *FAST, server.url("/503-then-ok/b"), server.url("/always-503"))
    ok, failed = result.json()["documents"]
    assert ok["status"] == "checked" and server.hits["/503-then-ok/b"] == 2
    assert failed["error"]["kind"] == "http-status" and "HTTP 503 (2 tries)" in failed["error"]["message"]
    assert server.hits["/always-503"] == 2


def test_redirect_loop_and_redirect_to_another_scheme(cli, server):
    result = cli("check", *FAST, "--max-redirects", "4", server.url("/loop/a"), server.url("/to-ftp"))
    loop, ftp = result.json()["documents"]
    assert loop["error"]["kind"] == "redirects" and "stopped after 4 redirects" in loop["error"]["message"]
    assert server.hits["/loop/a"] + server.hits["/loop/b"] == 5
    assert ftp["error"]["kind"] == "redirects" and "ftp://" in ftp["error"]["message"]
    assert "only http and https" in ftp["error"]["message"]


def test_gzip_bomb_stops_at_the_decompressed_cap(cli, server):
    result = cli("check", *FAST, server.url("/bomb"), server.url("/gzip-page"))
    bomb, fine = result.json()["documents"]
    assert bomb["error"]["kind"] == "too-large" and "decompresses to more than 1000000" in bomb["error"]["message"]
    assert fine["status"] == "checked" and fine["headline"] == "Gzipped page"


def test_wrong_charset_header_still_reads_right(cli, server):
    result = cli("check", *FAST, server.url("/wrong-charset"))
    assert result.json()["documents"][0]["headline"] == "Grüne Städte für Müller"


def test_connection_reset_mid_body_is_retried_then_reported(cli, server):
    result = cli("check", *FAST, server.url("/reset"))
    error = result.json()["documents"][0]["error"]
    assert error["kind"] == "connection"
    assert server.hits["/reset"] == 2


def test_robots_txt_disallow_means_the_page_is_never_requested(cli, server):
    result = cli("check", *FAST, server.url("/private/secret-page"), server.url("/page/open"))
    blocked, allowed = result.json()["documents"]
    assert blocked["error"]["kind"] == "robots" and "--ignore-robots" in blocked["error"]["message"]
    assert allowed["status"] == "checked"
    assert server.hits["/private/secret-page"] == 0
    assert server.hits["/robots.txt"] == 1  # once per site, not once per page


def test_ignore_robots_fetches_disallowed_pages(cli, server):
    result = cli("check", *FAST, "--ignore-robots", server.url("/private/secret-page"))
    assert result.json()["documents"][0]["status"] == "checked"
    assert server.hits["/robots.txt"] == 0


def test_errors_are_counted_by_kind_and_exit_3(cli, server):
    result = cli("check", *FAST, server.url("/missing"), server.url("/binary"), server.url("/page/x"))
    summary = result.json()["summary"]
    assert result.code == 3
    assert summary["error_kinds"] == {"http-status": 1, "not-html": 1}
    assert "the server answered HTTP 404" in result.stderr


def test_a_page_that_needs_javascript_gets_a_review_not_a_silent_pass(cli, server):
    result = cli("check", *FAST, "--fail-on", "warning", server.url("/js-shell"), server.url("/page/normal"))
    shell, normal = result.json()["documents"]
    assert [(f["code"], f["outcome"]) for f in shell["findings"]] == [("DL902", "review")]
    assert "JavaScript" in shell["findings"][0]["message"]
    assert not any(f["code"] == "DL902" for f in normal["findings"])
    assert result.code == 0  # a review asks a person to look; it does not fail the run


def test_refused_connection_is_retried_then_reported(cli):
    import socket

    with socket.socket() as probe:  # a port that was just free: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("check", *FAST, f"http://127.0.0.1:{port}/page")
    error = result.json()["documents"][0]["error"]
    assert error["kind"] == "connection" and "could not connect" in error["message"]
    assert "(2 tries)" in error["message"]
