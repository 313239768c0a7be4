"""URL lists, sitemaps (index files, gzipped children, local files), --include/--exclude/--max-pages,
--rewrite-host, and headers/cookies that stay with the host they were meant for. All traffic goes
to a server on 127.0.0.1."""

from __future__ import annotations

import gzip

import pytest

from tests.hostile_server import HostileServer

FAST = ("--timeout", "5", "--read-timeout", "2", "--retries", "0", "--jobs", "1", "--format", "json",
        "--no-progress")


@pytest.fixture
def server():
    hostile = HostileServer().start()
    yield hostile
    hostile.stop()


def urlset(*locs: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc><lastmod>2026-01-01</lastmod></url>" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">{entries}</urlset>').encode()


def index(*locs: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</sitemapindex>").encode()


def sources(result) -> list[str]:
    return [d["source"] for d in result.json()["documents"]]


def test_sitemap_index_with_gzipped_children_and_an_exclude_pattern(cli, server):
    url = server.url
    news = urlset(url("/page/news-1"), url("/page/tag-politics"), url("/page/news-2"))
    # An image sitemap entry's <image:loc> must not be taken for a page.
    pages = urlset(url("/page/about")).replace(b"</url>", b"<image:image><image:loc>https://cdn.invalid/a.png"
                                                         b"</image:loc></image:image></url>")
    server.files["/sitemaps/news.xml.gz"] = ("application/x-gzip", gzip.compress(news))
    server.files["/sitemaps/pages.xml.gz"] = ("application/gzip", gzip.compress(pages))
    server.files["/sitemap_index.xml"] = ("application/xml", index(
        url("/sitemaps/news.xml.gz"), url("/sitemaps/missing.xml.gz"), "/sitemaps/pages.xml.gz"))

    result = cli("check", *FAST, "--sitemap", url("/sitemap_index.xml"), "--exclude", "/tag-")

    assert sources(result) == [url("/page/news-1"), url("/page/news-2"), url("/sitemaps/missing.xml.gz"),
                               url("/page/about")]
    documents = result.json()["documents"]
    broken = documents[2]
    assert broken["status"] == "error" and broken["error"]["kind"] == "sitemap"
    assert "HTTP 404" in broken["error"]["message"] and "not in this report" in broken["error"]["message"]
    assert all(d["status"] == "checked" for i, d in enumerate(documents) if i != 2)
    assert server.hits["/page/tag-politics"] == 0
    assert result.code == 3


def test_a_corrupt_child_sitemap_is_reported_and_the_others_still_count(cli, server):
    url = server.url
    server.files["/good.xml"] = ("application/xml", urlset(url("/page/one")))
    server.files["/corrupt.xml.gz"] = ("application/gzip", b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10)
    server.files["/not-a-sitemap.xml"] = ("application/xml", b"<html><body>hello</body></html>")
    server.files["/index.xml"] = ("application/xml", index(url("/corrupt.xml.gz"), url("/not-a-sitemap.xml"),
                                                           url("/good.xml")))
    result = cli("check", *FAST, "--sitemap", url("/index.xml"))
    documents = result.json()["documents"]
    assert [d["error"]["kind"] if d["error"] else d["status"] for d in documents] == ["sitemap", "sitemap", "checked"]
    assert "corrupt" in documents[0]["error"]["message"]
    assert "root element is <html>" in documents[1]["error"]["message"]


def test_local_sitemap_index_names_local_children(cli, server, tmp_path):
    url = server.url
    (tmp_path / "child.xml.gz").write_bytes(gzip.compress(urlset(url("/page/a"), url("/page/b"))))
    (tmp_path / "sitemap.xml").write_bytes(index("child.xml.gz"))
    result = cli("check", *FAST, "--sitemap", str(tmp_path / "sitemap.xml"), "--include", "/a$")
    assert sources(result) == [url("/page/a")]
    assert result.json()["documents"][0]["status"] == "checked"


def test_url_list_skips_comments_and_reports_bad_lines_with_their_number(cli, server, tmp_path):
    url = server.url
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# exported from the audit sheet\n\n{url('/page/one')}\n  {url('/page/two')}  # note\n"
                       f"www.example.com/no-scheme\n{url('/page/three')}\n", encoding="utf-8")
    result = cli("check", *FAST, "--urls", str(listing))
    assert sources(result) == [url("/page/one"), url("/page/two"), "www.example.com/no-scheme", url("/page/three")]
    bad = result.json()["documents"][2]["error"]
    assert bad["kind"] == "invalid-url" and f"{listing}:5" in bad["message"] and "https://" in bad["message"]


def test_max_pages_and_include_select_urls_from_all_inputs(cli, server, tmp_path):
    url = server.url
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"{url(f'/page/p{i}')}\n" for i in range(10)), encoding="utf-8")
    result = cli("check", *FAST, "--urls", str(listing), "--include", "p[2-9]", "--max-pages", "3")
    assert sources(result) == [url("/page/p2"), url("/page/p3"), url("/page/p4")]
    assert sum(server.hits[f"/page/p{i}"] for i in range(10)) == 3


def test_rewrite_host_fetches_staging_and_reports_the_urls_as_given(cli, server):
    given = ["https://www.example.com/page/staged", "https://www.example.com/robots-check"]
    result = cli("check", *FAST, "--rewrite-host", f"www.example.com={server.base}", *given)
    assert sources(result) == given
    first = result.json()["documents"][0]
    assert first["status"] == "checked" and first["headline"] == "Staged"
    assert server.hits["/page/staged"] == 1 and server.hits["/robots.txt"] == 1


def test_secret_header_and_cookie_go_only_to_the_input_host(cli, server, monkeypatch):
    other = HostileServer().start()
    try:
        monkeypatch.setenv("AUDIT_TOKEN", "Bearer s3cret")
        cross = server.url("/redirect?to=" + other.url("/echo"))
        result = cli("check", *FAST, "--header-env", "Authorization=AUDIT_TOKEN", "--cookie", "session=abc",
                     server.url("/echo"), cross)
        same, redirected = result.json()["documents"]
        assert same["headline"] == "auth=Bearer s3cret cookie=session=abc"
        assert redirected["headline"] == "auth=- cookie=-"  # another host: the secrets stayed home
        assert "s3cret" not in result.stderr
    finally:
        other.stop()


def test_plain_header_is_sent(cli, server):
    result = cli("check", *FAST, "--header", "Authorization: Basic dXNlcjpwYXNz", server.url("/echo"))
    assert result.json()["documents"][0]["headline"] == "auth=Basic dXNlcjpwYXNz cookie=-"


def test_cookies_file_sends_cookies_by_domain(cli, server, tmp_path):
    jar = tmp_path / "cookies.txt"
    jar.write_text("# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tconsent\tyes\n", encoding="utf-8")
    result = cli("check", *FAST, "--cookies", str(jar), server.url("/echo"))
    assert result.json()["documents"][0]["headline"] == "auth=- cookie=consent=yes"


@pytest.mark.parametrize(("args", "message"), [
    (("--header-env", "Authorization=NO_SUCH_VARIABLE_SET"), "environment variable NO_SUCH_VARIABLE_SET is not set"),
    (("--header", "no colon here"), "is not 'Name: value'"),
    (("--urls", "/no/such/list.txt"), "no such file: /no/such/list.txt"),
    (("--sitemap", "/no/such/sitemap.xml"), "no such file: /no/such/sitemap.xml"),
    (("--exclude", "("), "is not a valid regular expression"),
    (("--rewrite-host", "example.com"), "is not OLD=NEW"),
    (("--per-host", "0"), "must be more than 0"),
])
def test_bad_fetch_options_are_one_line_usage_errors(cli, args, message):
    result = cli("check", *args, "https://example.com/")
    assert result.code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_url_list_alone_is_enough_input(cli, server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(server.url("/page/only") + "\n", encoding="utf-8")
    result = cli("check", *FAST, "--urls", str(listing))
    assert result.code == 0 and sources(result) == [server.url("/page/only")]


def test_cache_revalidates_with_the_etag_and_never_keeps_failures(cli, server, tmp_path):
    cache = tmp_path / "cache"
    urls = [server.url("/etag-page"), server.url("/page/no-validator"), server.url("/missing")]
    first = cli("check", *FAST, "--cache", str(cache), *urls)
    second = cli("check", *FAST, "--cache", str(cache), *urls)
    assert [d["status"] for d in second.json()["documents"]] == ["checked", "checked", "error"]
    assert second.json()["documents"][0]["headline"] == first.json()["documents"][0]["headline"] == "Kept page"
    assert server.hits["/etag-page"] == 2 and server.hits["304:/etag-page"] == 1  # asked again, answered 304
    assert server.headers_seen["/etag-page"]["if-none-match"] == '"v1"'
    assert "if-none-match" not in server.headers_seen["/page/no-validator"]
    kept = [p for p in cache.rglob("*") if p.is_file()]
    assert len(kept) == 1  # only the page with a validator; not the one without, not the 404


def test_url_list_from_standard_input(cli, server):
    urls = f"{server.url('/page/first')}\n# skipped\n{server.url('/page/second')}\n"
    result = cli("check", *FAST, "--urls", "-", stdin=urls.encode())
    assert sources(result) == [server.url("/page/first"), server.url("/page/second")]
