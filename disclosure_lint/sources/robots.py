"""robots.txt as RFC 9309 reads it: what the answer to /robots.txt means for a site's pages, and the
Crawl-delay it asks for. Parsing is Protego's (wildcards, `$`, longest match wins)."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

from disclosure_lint.sources.options import ROBOTS_AGENT

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
MAX_CRAWL_DELAY = 30.0  # a larger Crawl-delay is honoured as this, so one page is never hours away


@dataclass(frozen=True, slots=True)
class Robots:
    """The rules for one origin. `refusal` is set when the site as a whole may not be fetched."""

    rules: Protego | None = None
    refusal: str | None = None

    def allows(self, url: str) -> bool:
        if self.refusal:
            return False
        return self.rules is None or self.rules.can_fetch(url, ROBOTS_AGENT)

    def reason(self, url: str) -> str:
        return self.refusal or "robots.txt disallows this page for disclosure-lint (use --ignore-robots only " \
                               "for sites you are allowed to audit)"

    @property
    def crawl_delay(self) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(ROBOTS_AGENT)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else None


ALLOW_ALL = Robots()


def robots_from_answer(status: int, body: bytes) -> Robots:
    """2xx: the rules in the file; 4xx: no rules (allowed); 5xx: the site is unavailable to crawlers."""
    if 200 <= status < 300:
        try:
            return Robots(rules=Protego.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")))
        except Exception:  # an unparsable file restricts nothing (RFC 9309 2.2.2)
            return ALLOW_ALL
    if 400 <= status < 500:
        return ALLOW_ALL
    return Robots(refusal=f"robots.txt answered HTTP {status}, which asks crawlers to stay away for now "
                          "(try later, or --ignore-robots for sites you are allowed to audit)")
