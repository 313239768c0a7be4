"""Cookies as a browser keeps them for one run: those a site sets (Set-Cookie, e.g. a consent or a
cookie check that redirects back to the page) and those from `--cookies FILE`, each sent back by
its domain and path. The standard library's cookie jar does the matching; this module adapts it to
raw header lists and costs nothing for sites that set no cookies."""

from __future__ import annotations

import email.message
import http.cookiejar
import time
import urllib.request


class CookieStore:
    def __init__(self, jar: http.cookiejar.CookieJar | None = None):
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self._any = bool(list(self.jar))

    def header_for(self, url: str) -> str | None:
        if not self._any:
            return None
        request = urllib.request.Request(url)
        self.jar.add_cookie_header(request)
        return request.get_header("Cookie")

    def remember(self, url: str, headers: list[tuple[bytes, bytes]]) -> None:
        values = [value for name, value in headers if name.lower() == b"set-cookie"]
        if not values:
            return
        message = email.message.Message()
        for value in values:
            message["Set-Cookie"] = value.decode("latin-1")
        self.jar.extract_cookies(_Answer(message), urllib.request.Request(url))
        self._any = True


class _Answer:
    """What CookieJar.extract_cookies reads from a response: its headers, as `info()`."""

    def __init__(self, message: email.message.Message):
        self._message = message

    def info(self) -> email.message.Message:
        return self._message


def load_cookie_file(path: str | None) -> http.cookiejar.CookieJar | None:
    """A Netscape cookies.txt file. Browsers and curl write expiry 0 for a session cookie: kept."""
    if not path:
        return None
    jar = http.cookiejar.MozillaCookieJar(path)
    jar.load(ignore_discard=True, ignore_expires=True)
    now = time.time()
    for cookie in list(jar):
        if not cookie.expires:
            cookie.expires, cookie.discard = None, True
        elif cookie.expires < now:
            jar.clear(cookie.domain, cookie.path, cookie.name)
    return jar
