"""Which URLs the service may fetch: none unless started with an allowlist of hosts, and never an
address inside the machine's or the organisation's network (loopback, private, link-local,
multicast, reserved) unless started with --allow-private-addresses, so a request cannot make the
service reach what only it can reach (server-side request forgery). Redirects are not followed:
a redirect is the page's error, as its target was never checked against the list."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


class Refused(Exception):
    """A URL the service will not fetch; `kind` is the error kind of the answer."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class UrlGuard:
    hosts: frozenset[str] = frozenset()  # lower-case host names or addresses, as given
    private: bool = False  # allow loopback and private addresses (a staging server on the intranet)

    def check(self, url: str) -> str:
        """The URL, if it may be fetched; else Refused. Resolves the host name (blocking)."""
        if not self.hosts:
            raise Refused("url-not-allowed", "this service fetches no URLs; send the page's content, or start the "
                                             "service with --allow-host HOST")
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise Refused("bad-url", f"{url!r} is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise Refused("bad-url", "only http:// and https:// URLs with a host can be checked")
        if parts.username or parts.password:
            raise Refused("bad-url", "URLs with a user name or password are not fetched")
        if host not in self.hosts:
            raise Refused("url-not-allowed", f"{host} is not among the hosts this service may fetch from "
                                             "(--allow-host)")
        if not self.private:
            for address in _addresses(host, parts.port or (443 if parts.scheme == "https" else 80)):
                if not address.is_global or address.is_multicast:
                    raise Refused("private-address", f"{host} resolves to {address}, an address that is not "
                                                     "public; the service does not fetch from it")
        return url


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused("dns", f"{host} could not be resolved ({exc})") from None
    found = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        found.append(mapped or address)
    return found
