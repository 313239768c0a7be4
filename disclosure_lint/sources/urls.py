"""URL checks and rewriting: which strings can be fetched, and `--rewrite-host` for staging copies
of a site. Pure functions; no network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("http", "https")
_SPACE = re.compile(r"\s")


def is_url(text: str) -> bool:
    return "://" in text[:16]


def url_problem(url: str) -> str | None:
    """Why a string cannot be fetched, or None when it is a usable http(s) URL."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if parts.scheme.lower() not in SCHEMES:
        return f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!s}:"
    if not parts.hostname:
        return "the URL has no host"
    if _SPACE.search(url):
        return "the URL contains spaces"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "the URL has an invalid port"
    return None


def origin(url: str) -> str:
    """scheme://host[:port], the unit robots.txt, politeness limits and secrets are scoped to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rpartition('@')[2]}"


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_site(home: str, url: str) -> bool:
    """Whether secrets meant for `home` (headers, cookies) may go to `url`: the same host and port,
    or the same host upgraded from http to https on the default ports. Never to another host and
    never downgraded to plain http (as curl decides for credentials on redirects)."""
    a, b = urlsplit(home), urlsplit(url)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    scheme_a, scheme_b = a.scheme.lower(), b.scheme.lower()
    if scheme_a == "https" and scheme_b != "https":
        return False
    port_a, port_b = a.port or _DEFAULT_PORTS.get(scheme_a), b.port or _DEFAULT_PORTS.get(scheme_b)
    if scheme_a == scheme_b:
        return port_a == port_b
    return a.port is None and b.port is None  # http -> https, default ports


@dataclass(frozen=True, slots=True)
class HostRewrite:
    """`--rewrite-host OLD=NEW`: fetch OLD's pages from NEW. Each side is a host[:port], optionally
    with a scheme (`www.example.com=http://127.0.0.1:8080`); the path and query are kept."""

    old_scheme: str | None
    old_netloc: str
    new_scheme: str | None
    new_netloc: str

    @classmethod
    def parse(cls, text: str) -> HostRewrite:
        old, sep, new = text.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValueError(f"{text!r} is not OLD=NEW (for example www.example.com=staging.example.com)")
        old_scheme, old_netloc = _split_host(old.strip())
        new_scheme, new_netloc = _split_host(new.strip())
        return cls(old_scheme, old_netloc, new_scheme, new_netloc)

    def apply(self, url: str) -> str | None:
        """The rewritten URL, or None when this rule does not match it."""
        parts = urlsplit(url)
        if parts.netloc.lower() != self.old_netloc:
            return None
        if self.old_scheme and parts.scheme.lower() != self.old_scheme:
            return None
        return urlunsplit((self.new_scheme or parts.scheme, self.new_netloc, parts.path, parts.query,
                           parts.fragment))


def _split_host(text: str) -> tuple[str | None, str]:
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() not in SCHEMES or not parts.netloc:
            raise ValueError(f"{text!r}: expected host[:port] or http(s)://host[:port]")
        return parts.scheme.lower(), parts.netloc.lower()
    if "/" in text or any(ch.isspace() for ch in text):
        raise ValueError(f"{text!r}: expected host[:port] or http(s)://host[:port]")
    return None, text.lower()


def rewrite(url: str, rules: tuple[HostRewrite, ...]) -> str:
    for rule in rules:
        target = rule.apply(url)
        if target is not None:
            return target
    return url
