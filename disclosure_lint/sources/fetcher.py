"""The concurrent fetcher: an asyncio event loop in a background thread fetches pages ahead of the
checker, so downloading hides behind parsing. Callers submit URLs and get futures back.

Requests go through httpcore, httpx's own transport, directly: the client layer above it cost a
quarter of the fetching CPU (cookies, URL merging, response wrapping) for features not used here.

Manners: one connection pool per origin, with at most --per-host requests in flight to it (never more:
httpcore spends its CPU assigning connections when many requests wait on one pool, see
docs/performance.md), at most --concurrency in all, an optional rate and the site's Crawl-delay,
robots.txt honoured, and a 429/503 Retry-After pauses the whole host, not just one request.

Bounds: connect and read timeouts per step, a total deadline per page (a slow drip cannot outlast
it), bytes on the wire and decompressed bytes capped while streaming, redirects counted and only to
http(s), retries with backoff only for connection errors, 5xx and 429. Every failure ends as an
InputError with a kind; nothing raises to the caller."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import email.utils
import random
import re
import signal
import sys
import threading
import time
import warnings
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import httpcore
import httpx

from disclosure_lint.model import Document, InputError
from disclosure_lint.sources.body import CappedBody, TooLarge, UnsupportedEncoding
from disclosure_lint.sources.cookies import CookieStore, load_cookie_file
from disclosure_lint.sources.files import document_from_bytes
from disclosure_lint.sources.formats import format_for_media_type
from disclosure_lint.sources.options import FetchOptions
from disclosure_lint.sources.robots import ALLOW_ALL, MAX_ROBOTS_BYTES, Robots, robots_from_answer
from disclosure_lint.sources.urls import origin, rewrite, same_site, url_problem

SHUTDOWN_ROUNDS = 10  # rounds of cancelling what is left when the fetcher closes

# Stopping a run (Ctrl-C) cancels the fetches in flight. One cancelled just as anyio's connect_tcp
# spawned its connection attempt leaves that attempt's coroutine unstarted (anyio wraps it in a
# task that is cancelled before it runs), and Python warns about it at exit. Nothing is lost.
warnings.filterwarnings("ignore", message=r"coroutine 'connect_tcp\.<locals>\.try_connect' was never awaited",
                        category=RuntimeWarning)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 500, 502, 503, 504})
PAUSE_CODES = frozenset({429, 503})  # a Retry-After on these pauses every request to the host
ACCEPT_PAGES = "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_ANY = "*/*"
MAX_BACKOFF = 10.0
MAX_OPEN_CLIENTS = 32  # idle clients of other hosts are closed past this: file handles stay bounded
MAX_HOSTS = 512  # per-host state (robots rules, pauses) kept; the oldest idle host is forgotten past this

# Says why a Content-Type cannot be used, or None when it can.
TypeCheck = Callable[[str], "str | None"]


class Failure(Exception):
    """One fetch failed for good: becomes an InputError of this kind."""

    def __init__(self, kind: str, message: str, status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status


class Retry(Exception):
    """A failure worth another try; `wait` is the server's Retry-After, when it sent one."""

    def __init__(self, failure: Failure, wait: float | None = None):
        super().__init__(failure.message)
        self.failure = failure
        self.wait = wait


@dataclass(frozen=True, slots=True)
class Answer:
    """A final response, its body read under the caps."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes


@dataclass(slots=True)
class _Redirect:
    location: str


class _Clock:
    """A page's total deadline. It counts time spent on the server (answers, backoff, Retry-After),
    not time queued behind this run's own limits: a page waiting for a free slot is not late."""

    def __init__(self, total: float):
        self.total = total
        self.deadline: float | None = None

    def start(self, queued: float) -> None:
        """Called when a request gets its turn, after `queued` seconds waiting for it."""
        if self.deadline is None:
            self.deadline = time.monotonic() + self.total
        else:
            self.deadline += queued

    def remaining(self) -> float:
        return self.total if self.deadline is None else self.deadline - time.monotonic()


class _Host:
    """Everything kept per origin: its client, its limits, its robots.txt and any pause it asked for."""

    def __init__(self, options: FetchOptions):
        self.slots = asyncio.Semaphore(options.per_host)
        self.interval = 1.0 / options.rate if options.rate else 0.0
        self.next_start = 0.0
        self.not_before = 0.0
        self.client: httpcore.AsyncConnectionPool | None = None
        self.robots: asyncio.Future[Robots] | None = None
        self.active = 0

    @contextlib.asynccontextmanager
    async def turn(self, overall: asyncio.Semaphore):
        async with self.slots:
            now = time.monotonic()
            start = max(now, self.next_start, self.not_before)
            self.next_start = start + self.interval
            if start > now:
                await asyncio.sleep(start - now)
            async with overall:
                self.active += 1
                try:
                    yield
                finally:
                    self.active -= 1

    def pause(self, seconds: float) -> None:
        self.not_before = max(self.not_before, time.monotonic() + seconds)


class Fetcher:
    """Owns the event loop thread. `page(url)` returns a future of a Document or InputError."""

    def __init__(self, options: FetchOptions):
        self.options = options
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._hosts: OrderedDict[str, _Host] = OrderedDict()
        self._overall: asyncio.Semaphore | None = None
        self._cookies = CookieStore(load_cookie_file(options.cookie_file))
        self._cookie_header = "; ".join(f"{k}={v}" for k, v in options.cookies)
        self._ssl = None
        self._timeouts = {"connect": options.connect_timeout, "read": options.read_timeout,
                          "write": options.read_timeout, "pool": None}
        self._base_headers = [(b"User-Agent", options.user_agent.encode("ascii", "replace")),
                              (b"Accept-Encoding", b"gzip, deflate")]
        self._closing: set[asyncio.Future] = set()
        self._cache = None
        if options.cache_dir:
            from disclosure_lint.sources.cache import PageCache
            self._cache = PageCache(options.cache_dir)

    # -- called from the main thread --------------------------------------------------------------

    def page(self, source: str) -> concurrent.futures.Future:
        loop = self._started()
        coroutine = self._page(source)
        try:
            return asyncio.run_coroutine_threadsafe(coroutine, loop)
        except BaseException:  # Ctrl-C before it was handed over: close it, or Python warns at exit
            coroutine.close()
            raise

    def read(self, url: str, max_bytes: int) -> bytes | InputError:
        """Fetch a file that is not a page (a sitemap), waiting for it."""
        future = asyncio.run_coroutine_threadsafe(self._read(url, max_bytes), self._started())
        return future.result()

    def close(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return
        self._closing = True
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                loop.close()
        if self._cache is not None:
            self._cache.close()

    def _started(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._loop.set_exception_handler(self._loop_error)
            self._thread = threading.Thread(target=self._run, name="disclosure-lint-fetch", daemon=True)
            self._thread.start()
        return self._loop

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        """While the fetcher closes (a run stopped by Ctrl-C), what its cancelled fetches leave behind
        as they unwind ("Task exception was never retrieved" of an async generator closed twice) is
        not the user's concern and stays off the terminal; before, errors go to asyncio's handler."""
        if getattr(self, "_closing", False):
            return
        loop.default_exception_handler(context)

    def _run(self) -> None:
        if hasattr(signal, "pthread_sigmask"):  # Ctrl-C is the main thread's: it stops this one
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._loop.run_forever()

    # -- on the event loop ------------------------------------------------------------------------

    async def _shutdown(self) -> None:
        # Cancelled fetches may start tasks of their own as they unwind (connection attempts,
        # closing clients); those are finished too, or closing the loop drops them unstarted and
        # Python warns of coroutines never awaited.
        current = asyncio.current_task()
        for _ in range(SHUTDOWN_ROUNDS):
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            if not tasks:
                break
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for host in self._hosts.values():
            if host.client is not None:
                await host.client.aclose()
                host.client = None

    async def _page(self, source: str) -> Document | InputError:
        try:
            answer = await self.fetch(source, ACCEPT_PAGES, _page_type, self.options.max_bytes)
        except Failure as failure:
            return InputError(source, failure.kind, f"{source}: {failure.message}")
        except Exception as exc:  # a fetching bug must cost one page, not the run
            return _internal(source, exc)
        return _document(source, answer)

    async def _read(self, url: str, max_bytes: int) -> bytes | InputError:
        try:
            return (await self.fetch(url, ACCEPT_ANY, _any_type, max_bytes)).body
        except Failure as failure:
            return InputError(url, failure.kind, f"{url}: {failure.message}")
        except Exception as exc:
            return _internal(url, exc)

    async def fetch(self, source: str, accept: str, check_type: TypeCheck, max_bytes: int,
                    robots: bool = True) -> Answer:
        options = self.options
        url = rewrite(source, options.rewrites)
        problem = url_problem(url)
        if problem:
            raise Failure("invalid-url", problem)
        home = url
        clock = _Clock(options.total_timeout)
        for _ in range(options.max_redirects + 1):
            host = self._host(origin(url))
            if robots and not options.ignore_robots:
                rules = await self._robots(origin(url), host)
                if not rules.allows(url):
                    raise Failure("robots", rules.reason(url))
            result = await self._with_retries(host, url, clock, same_site(home, url), accept, check_type, max_bytes)
            if isinstance(result, Answer):
                return result
            target = rewrite(urljoin(url, result.location), options.rewrites)
            problem = url_problem(target)
            if problem:
                raise Failure("redirects", f"redirected to {target!r}: {problem}")
            url = target
        raise Failure("redirects", f"stopped after {options.max_redirects} redirects (the last to {url}); "
                                   "a redirect loop, or raise --max-redirects")

    async def _with_retries(self, host: _Host, url: str, clock: _Clock, secrets: bool, accept: str,
                            check_type: TypeCheck, max_bytes: int) -> Answer | _Redirect:
        options = self.options
        for attempt in range(options.retries + 1):
            try:
                return await self._attempt(host, url, clock, secrets, accept, check_type, max_bytes)
            except Retry as retry:
                failure = retry.failure
                if retry.wait is not None and retry.wait > options.max_retry_wait:
                    raise Failure(failure.kind, f"{failure.message}, asking to retry after {retry.wait:g} s "
                                                f"(over --max-retry-wait {options.max_retry_wait:g})",
                                  failure.status) from None
                if attempt == options.retries:
                    tries = f" ({attempt + 1} tries)" if attempt else ""
                    raise Failure(failure.kind, failure.message + tries, failure.status) from None
                wait = retry.wait if retry.wait is not None else _backoff(options.backoff, attempt)
                if wait >= clock.remaining():
                    raise Failure("timeout", f"{failure.message}; no time left to retry within "
                                             f"{options.total_timeout:g} s (raise --timeout)") from None
                if retry.wait is not None and failure.status in PAUSE_CODES:
                    host.pause(wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _attempt(self, host: _Host, url: str, clock: _Clock, secrets: bool, accept: str,
                       check_type: TypeCheck, max_bytes: int) -> Answer | _Redirect:
        queued = time.monotonic()
        async with host.turn(self._overall_slots()):
            clock.start(time.monotonic() - queued)
            remaining = clock.remaining()
            if remaining <= 0:
                raise Failure("timeout", f"took longer than {self.options.total_timeout:g} s in all (raise --timeout)")
            try:
                return await _within(remaining, self._exchange(host, url, secrets, accept, check_type, max_bytes))
            except asyncio.TimeoutError:
                raise Failure("timeout", f"took longer than {self.options.total_timeout:g} s in all "
                                         "(raise --timeout, or the server is sending very slowly)") from None

    async def _exchange(self, host: _Host, url: str, secrets: bool, accept: str, check_type: TypeCheck,
                        max_bytes: int) -> Answer | _Redirect:
        options = self.options
        try:
            target = httpx.URL(url)  # IDNA hosts, percent-encoded paths: as httpx would send them
        except (httpx.InvalidURL, ValueError) as exc:
            raise Failure("invalid-url", str(exc)) from None
        headers = [(b"Host", target.netloc), *self._base_headers, (b"Accept", accept.encode())]
        cookies = [c for c in (self._cookie_header if secrets else "", self._cookies.header_for(url)) if c]
        if secrets:
            headers += [(k.encode("latin-1", "replace"), v.encode("latin-1", "replace")) for k, v in options.headers]
        if cookies:
            headers.append((b"Cookie", "; ".join(cookies).encode("latin-1", "replace")))
        cached = self._cache.lookup(url) if self._cache is not None else None
        if cached is not None:
            headers += [(k.encode(), v.encode("latin-1", "replace")) for k, v in cached.validators().items()]
        request_url = httpcore.URL(scheme=target.raw_scheme, host=target.raw_host, port=target.port,
                                   target=target.raw_path)
        try:
            async with self._client(host).stream("GET", request_url, headers=headers,
                                                 extensions={"timeout": self._timeouts}) as response:
                status = response.status
                fields = httpx.Headers(response.headers)
                self._cookies.remember(url, response.headers)
                if cached is not None and status == 304:
                    return cached.answer(url)
                if status in REDIRECT_CODES and fields.get("location"):
                    return _Redirect(fields["location"])
                if status in RETRY_CODES:
                    failure = Failure("http-status", f"the server answered HTTP {status}", status)
                    raise Retry(failure, _retry_after(fields.get("retry-after")))
                if status >= 400:
                    raise Failure("http-status", f"the server answered HTTP {status}", status)
                content_type = fields.get("content-type", "")
                problem = check_type(content_type)
                if problem:
                    raise Failure("not-html", problem)
                length = fields.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise Failure("too-large", f"{length} bytes, over the {max_bytes}-byte cap (raise --max-bytes)")
                body = CappedBody(fields.get("content-encoding", ""), max_bytes)
                async for chunk in response.aiter_stream():
                    body.feed(chunk)
                answer = Answer(url, status, content_type, _charset(content_type), body.finish())
                if self._cache is not None:
                    self._cache.store(url, answer, fields)
                return answer
        except TooLarge as exc:
            raise Failure("too-large", f"{exc}, over the cap (raise --max-bytes)") from None
        except UnsupportedEncoding as exc:
            raise Failure("decode", f"sent with Content-Encoding {exc}, which was not asked for") from None
        except zlib.error as exc:
            raise Failure("decode", f"the compressed body is corrupt ({exc})") from None
        except httpcore.ConnectTimeout:
            raise Retry(Failure("timeout", f"could not connect within {options.connect_timeout:g} s")) from None
        except httpcore.TimeoutException:
            raise Failure("timeout", f"no answer within {options.read_timeout:g} s "
                                     "(raise --read-timeout, or try later)") from None
        except httpcore.UnsupportedProtocol as exc:
            raise Failure("invalid-url", str(exc)) from None
        except (httpcore.NetworkError, httpcore.RemoteProtocolError) as exc:
            raise Retry(Failure("connection", _describe(exc))) from None
        except (httpcore.ProtocolError, httpcore.ProxyError) as exc:
            raise Failure("connection", _describe(exc)) from None

    async def _robots(self, site: str, host: _Host) -> Robots:
        if host.robots is None:
            host.robots = asyncio.ensure_future(self._load_robots(site, host))
        if host.robots.done():
            return host.robots.result()
        return await asyncio.shield(host.robots)

    async def _load_robots(self, site: str, host: _Host) -> Robots:
        try:
            answer = await self.fetch(site + "/robots.txt", "text/plain,*/*;q=0.1", _any_type,
                                      4 * MAX_ROBOTS_BYTES, robots=False)
            rules = robots_from_answer(answer.status, answer.body)
        except Failure as failure:
            # Unreachable (no status): allowed, and the page's own fetch will say why, more usefully.
            rules = robots_from_answer(failure.status, b"") if failure.status is not None else ALLOW_ALL
        if rules.crawl_delay:
            host.interval = max(host.interval, rules.crawl_delay)
        return rules

    def _overall_slots(self) -> asyncio.Semaphore:
        if self._overall is None:
            self._overall = asyncio.Semaphore(self.options.concurrency)
        return self._overall

    def _host(self, site: str) -> _Host:
        host = self._hosts.get(site)
        if host is None:
            host = self._hosts[site] = _Host(self.options)
            if len(self._hosts) > MAX_HOSTS:
                self._forget_idle_host()
        else:
            self._hosts.move_to_end(site)
        return host

    def _forget_idle_host(self) -> None:
        for site, host in self._hosts.items():
            if host.active == 0 and host.client is None:
                del self._hosts[site]
                return

    def _client(self, host: _Host) -> httpcore.AsyncConnectionPool:
        if host.client is None:
            self._close_idle_clients()
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context(trust_env=False)
            per_host = self.options.per_host
            host.client = httpcore.AsyncConnectionPool(
                ssl_context=self._ssl, max_connections=per_host, max_keepalive_connections=per_host,
                keepalive_expiry=15.0, http1=True, http2=False, retries=0)
        return host.client

    def _close_idle_clients(self) -> None:
        open_hosts = [h for h in self._hosts.values() if h.client is not None]
        for host in open_hosts[: max(0, len(open_hosts) - MAX_OPEN_CLIENTS + 1)]:
            if host.active == 0 and host.client is not None:
                client, host.client = host.client, None
                task = asyncio.ensure_future(client.aclose())
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)


async def _within(seconds: float, coroutine):
    """Await with a deadline; asyncio.timeout (3.11+) needs no extra task per request, unlike wait_for."""
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(seconds):
            return await coroutine
    return await asyncio.wait_for(coroutine, seconds)  # pragma: no cover - Python 3.10


def _page_type(content_type: str) -> str | None:
    if not content_type.strip() or format_for_media_type(content_type):
        return None
    return f"{content_type.split(';')[0].strip()} is not an HTML or text page"


def _any_type(content_type: str) -> str | None:
    return None


def _document(source: str, answer: Answer) -> Document | InputError:
    fmt = format_for_media_type(answer.content_type) if answer.content_type.strip() else None
    result = document_from_bytes(source, answer.body, fmt, declared=answer.charset, url=answer.url)
    if isinstance(result, InputError) and result.kind == "binary":
        media_type = answer.content_type.split(";")[0].strip() or "no Content-Type"
        return InputError(source, "not-html", f"{source}: served as {media_type}, but the body is binary")
    return result


def _internal(source: str, exc: Exception) -> InputError:
    return InputError(source, "internal", f"{source}: could not be fetched ({type(exc).__name__}: {exc}); "
                                          "please report this with the URL")


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(base: float, attempt: int) -> float:
    return min(MAX_BACKOFF, base * 2 ** attempt) * (1 + random.random() / 2)


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    if isinstance(exc, httpcore.ConnectError):
        return f"could not connect ({text or 'refused'})"
    if isinstance(exc, httpcore.RemoteProtocolError):
        return f"the server broke off the answer ({text or 'protocol error'})"
    if isinstance(exc, httpcore.ReadError):
        return f"the connection was reset while reading ({text or 'read error'})"
    return f"{type(exc).__name__}: {text or 'connection failed'}"


_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None
