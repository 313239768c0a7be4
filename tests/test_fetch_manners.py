"""Politeness: at most --per-host requests at once to one site, --rate and robots.txt Crawl-delay
spacing requests, a 429 Retry-After pausing the whole host. Elapsed times are lower bounds (a busy
machine only makes them longer) or safety limits, never performance targets."""

from __future__ import annotations

import time

import pytest

from tests.hostile_server import HostileServer

BASE = ("--timeout", "10", "--retries", "1", "--jobs", "1", "--format", "json", "--no-progress")


@pytest.fixture
def server():
    hostile = HostileServer().start()
    yield hostile
    hostile.stop()


def slow_urls(server: HostileServer, count: int, seconds: float = 0.2) -> list[str]:
    return [f"{server.url('/slow-page')}?s={seconds}&n={i}" for i in range(count)]


def test_never_more_than_per_host_requests_at_once(cli, server):
    result = cli("check", *BASE, "--per-host", "2", *slow_urls(server, 8))
    assert result.json()["summary"]["checked"] == 8
    assert server.most_active == 2  # the limit was reached and never passed


def test_concurrency_limits_all_hosts_together(cli, server):
    result = cli("check", *BASE, "--per-host", "6", "--concurrency", "3", *slow_urls(server, 9))
    assert result.json()["summary"]["checked"] == 9
    assert server.most_active == 3


def test_rate_spaces_requests_to_one_host(cli, server):
    started = time.monotonic()
    result = cli("check", *BASE, "--ignore-robots", "--rate", "10", *[server.url(f"/page/p{i}") for i in range(6)])
    assert result.json()["summary"]["checked"] == 6
    assert time.monotonic() - started >= 0.5  # six requests at ten a second: five gaps of 0.1 s


def test_robots_crawl_delay_is_honoured(cli, server):
    server.files["/robots.txt"] = ("text/plain", b"User-agent: *\nCrawl-delay: 0.5\n")
    started = time.monotonic()
    result = cli("check", *BASE, *[server.url(f"/page/p{i}") for i in range(3)])
    assert result.json()["summary"]["checked"] == 3
    assert time.monotonic() - started >= 1.0  # three pages, two gaps of half a second


def test_429_retry_after_pauses_the_whole_host(cli, server):
    urls = [server.url("/429-then-ok/pause"), *slow_urls(server, 3, 0.01)]
    result = cli("check", *BASE, "--per-host", "1", *urls)
    assert [d["status"] for d in result.json()["documents"]] == ["checked"] * 4
    refused_at = server.times["/429-then-ok/pause"][0]
    # The other pages were not asked for until the second the server asked for had passed.
    assert min(server.times["/slow-page"]) - refused_at >= 0.9


def test_state_per_site_stays_bounded_and_forgotten_sites_still_work(cli, monkeypatch):
    from disclosure_lint.sources import fetcher

    monkeypatch.setattr(fetcher, "MAX_OPEN_CLIENTS", 1)
    monkeypatch.setattr(fetcher, "MAX_HOSTS", 2)
    sites = [HostileServer().start() for _ in range(3)]
    try:
        urls = [site.url(f"/page/round-{r}") for r in range(2) for site in sites]
        result = cli("check", *BASE, "--concurrency", "1", *urls)
        assert [d["status"] for d in result.json()["documents"]] == ["checked"] * 6
        # Only two sites are remembered at a time: a forgotten site's robots.txt is read again when it
        # comes back (which one is forgotten depends on which fetch starts first).
        reads = [site.hits["/robots.txt"] for site in sites]
        assert sum(reads) >= 4 and max(reads) <= 2
    finally:
        for site in sites:
            site.stop()
