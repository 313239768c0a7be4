"""Fetch one http(s) URL into a Document: bounded in time, size and redirects, honest about who
is asking, and every failure an InputError with a kind an auditor can count."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from disclosure_lint import __version__
from disclosure_lint.model import Document, InputError
from disclosure_lint.sources.files import document_from_bytes
from disclosure_lint.sources.formats import format_for_media_type

USER_AGENT = f"disclosure-lint/{__version__} (sponsored-content disclosure checker; +https://pypi.org/project/disclosure-lint/)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()


def is_url(text: str) -> bool:
    return "://" in text[:16]


def url_problem(url: str) -> str | None:
    """Why a string cannot be fetched, or None when it is a usable http(s) URL."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!s}:"
    if not parts.hostname:
        return "the URL has no host"
    if any(ch.isspace() for ch in url):
        return "the URL contains spaces"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "the URL has an invalid port"
    return None


def new_client(options: FetchOptions) -> httpx.Client:
    timeout = httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout,
                            write=options.read_timeout, pool=options.connect_timeout)
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1"}
    headers.update(dict(options.headers))
    return httpx.Client(timeout=timeout, headers=headers, follow_redirects=False, trust_env=False)


def fetch(client: httpx.Client, source: str, options: FetchOptions) -> Document | InputError:
    problem = url_problem(source)
    if problem:
        return InputError(source, "invalid-url", f"{source}: {problem}")
    deadline = time.monotonic() + options.total_timeout
    url = source
    try:
        for _ in range(options.max_redirects + 1):
            with client.stream("GET", url) as response:
                if response.status_code in REDIRECT_CODES and "location" in response.headers:
                    target = urljoin(url, response.headers["location"])
                    problem = url_problem(target)
                    if problem:
                        return InputError(source, "redirects", f"{source}: redirected to {target!r}, {problem}")
                    url = target
                    continue
                return _read_response(source, url, response, options, deadline)
        return InputError(source, "redirects", f"{source}: more than {options.max_redirects} redirects")
    except httpx.TimeoutException:
        return InputError(source, "timeout", f"{source}: no answer in time (raise --timeout or try later)")
    except _TotalTimeout:
        return InputError(source, "timeout", f"{source}: took longer than {options.total_timeout:g} s in all")
    except httpx.TooManyRedirects:
        return InputError(source, "redirects", f"{source}: too many redirects")
    except (httpx.DecodingError, UnicodeError) as exc:
        return InputError(source, "decode", f"{source}: the response body could not be decoded ({exc})")
    except httpx.HTTPError as exc:
        return InputError(source, "connection", f"{source}: {type(exc).__name__}: {exc or 'connection failed'}")


class _TotalTimeout(Exception):
    pass


def _read_response(source: str, url: str, response: httpx.Response, options: FetchOptions,
                   deadline: float) -> Document | InputError:
    if response.status_code >= 400:
        return InputError(source, "http-status", f"{source}: the server answered HTTP {response.status_code}")
    media_type = response.headers.get("content-type", "text/html")
    fmt = format_for_media_type(media_type)
    if fmt is None:
        return InputError(source, "not-html", f"{source}: {media_type.split(';')[0]} is not an HTML or text page")
    declared = response.charset_encoding
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > options.max_bytes:
        return InputError(source, "too-large", f"{source}: {length} bytes, over the {options.max_bytes}-byte cap")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > options.max_bytes:
            return InputError(source, "too-large", f"{source}: over the {options.max_bytes}-byte cap")
        if time.monotonic() > deadline:
            raise _TotalTimeout
        chunks.append(chunk)
    return document_from_bytes(source, b"".join(chunks), fmt, declared=declared, url=str(response.url))
