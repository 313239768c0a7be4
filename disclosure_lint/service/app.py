"""The service's HTTP interface: POST /v1/check, GET /v1/rules, GET /v1/rules/{code}, GET /healthz
and GET /openapi.json. Every answer is JSON; every refusal is a 4xx (or 503 when busy) with an
error `kind` and a message that says what to send instead.

Bounded everywhere: the body (read as a stream, cut off past --max-body), JSON nesting, the checks
running at once (--concurrency worker processes, workers.py), the requests waiting for one
(--queue), and the time one check may take (--check-timeout: the worker stops the check and is free again)."""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from disclosure_lint import __version__
from disclosure_lint.api import FORMATS, ConfigurationError, Linter
from disclosure_lint.service.guard import UrlGuard

JSON_FIELDS = {"content": str, "format": str, "profile": str, "source": str, "url": str}
OVERRUN_GRACE = 5.0  # seconds past --check-timeout before a request stops waiting for its worker
RAW_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
             "text/x-markdown": "markdown", "text/plain": "text"}


@dataclass
class ServiceConfig:
    profile: str | None = None
    config: Any = False  # configuration file as Linter takes it: False none, None search, a path
    rules_dir: tuple[str, ...] = ()
    token: str | None = None
    # Host names requests may carry when there is no token (a web page's DNS rebinding otherwise
    # lets a browser read the service's answers); None accepts any (a token is the guard then).
    hosts: frozenset[str] | None = frozenset({"127.0.0.1", "localhost", "::1"})
    max_body: int = 2 * 1024 * 1024
    concurrency: int = 2
    queue: int = 256
    check_timeout: float = 30.0
    guard: UrlGuard = field(default_factory=UrlGuard)
    fetch: Any = None  # sources.FetchOptions for allowed URLs


class Problem(Exception):
    """An answer other than 200: status, error kind, message."""

    def __init__(self, status: int, kind: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.kind, self.headers = status, kind, headers


def problem(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"kind": kind, "message": message}}, status_code=status, headers=headers)


class Service:
    """The check processes and their bounds, and one linter per profile in this process for the
    rule endpoints and for telling an unknown profile early."""

    def __init__(self, config: ServiceConfig):
        self.config = config
        self.linters: dict[str, Linter] = {}
        self.lock = threading.Lock()
        self.default = self.linter(config.profile)
        self.loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="load")
        self.pool = self._pool()
        self.waiting = 0
        self.running = 0  # checks on the workers, including any whose request was already answered
        self.slots: asyncio.Semaphore | None = None

    def _pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        from disclosure_lint.service import workers

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["disclosure_lint._forkserver"])
        settings = workers.WorkerSettings(self.config.config, self.config.rules_dir, self.config.guard,
                                          self.config.fetch)
        return ProcessPoolExecutor(self.config.concurrency, mp_context=context, initializer=workers.start,
                                   initargs=(settings,))

    def warm(self) -> None:
        """Start every worker and load the default profile in it, before the first request."""
        from disclosure_lint.service import workers

        probe = {"content": "warm", "format": "text", "source": "-", "profile": self.config.profile}
        for future in [self.pool.submit(workers.check, probe) for _ in range(self.config.concurrency)]:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.loader.shutdown(wait=False, cancel_futures=True)

    def loaded(self, profile: str | None) -> Linter | None:
        return self.linters.get(profile or "")

    def linter(self, profile: str | None) -> Linter:
        key = profile or ""
        with self.lock:
            if key not in self.linters:
                self.linters[key] = Linter(profile=profile, config=self.config.config,
                                           rules_dir=self.config.rules_dir, fetch=self.config.fetch)
            return self.linters[key]

    async def check(self, ask: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The check in a worker process, once one is free; 503 when too many wait or it takes too
        long. The worker stops its own check at --check-timeout; should it not answer within
        OVERRUN_GRACE more (stuck in one long C call), the request is answered here and the
        worker's slot stays taken until it does, so overruns cannot pile up."""
        from disclosure_lint.service import workers

        if self.slots is None:
            self.slots = asyncio.Semaphore(self.config.concurrency)
        if self.waiting >= self.config.queue:
            raise Problem(503, "busy", f"{self.waiting} checks are waiting; try again shortly",
                          {"Retry-After": "1"})
        self.waiting += 1
        try:
            await self.slots.acquire()
        finally:
            self.waiting -= 1
        slots = self.slots
        try:
            future = asyncio.wrap_future(self.pool.submit(workers.check, ask, self.config.check_timeout))
        except BrokenProcessPool:
            slots.release()
            self.pool = self._pool()
            raise Problem(503, "restarting", "the check processes are restarting; try again",
                          {"Retry-After": "1"}) from None
        self.running += 1

        def done(_: Any) -> None:
            self.running -= 1
            slots.release()

        future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.config.check_timeout + OVERRUN_GRACE)
        except asyncio.TimeoutError:
            raise Problem(503, "check-timeout", f"the check took longer than {self.config.check_timeout:g} s "
                                                "(--check-timeout); the document was not checked") from None
        except BrokenProcessPool:
            self.pool = self._pool()
            raise Problem(500, "internal", "the process checking this document stopped; please report this with "
                                           "the document") from None

    async def load(self, profile: str | None) -> Linter:
        """A profile's linter in this process (reading its rule files happens once, off the loop)."""
        found = self.loaded(profile)
        if found is not None:
            return found
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.loader, lambda: _linter_for(self, profile))

    def known_host(self, request: Request) -> bool:
        allowed = self.config.hosts
        if allowed is None or self.config.token is not None:
            return True
        host = request.headers.get("host", "")
        name = host[1:].partition("]")[0] if host.startswith("[") else host.rpartition(":")[0] or host
        return name.lower() in allowed

    def authorised(self, request: Request) -> bool:
        if self.config.token is None:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), self.config.token.encode())


def build_app(config: ServiceConfig) -> Starlette:
    service = Service(config)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__, "profile": service.default.profile,
                             "checks_running": service.running, "checks_waiting": service.waiting})

    async def openapi(request: Request) -> JSONResponse:
        from disclosure_lint.service.openapi import document

        return JSONResponse(document())

    async def rules(request: Request) -> JSONResponse:
        linter = await service.load(request.query_params.get("profile"))
        return JSONResponse({"profile": linter.profile, "rules": linter.rules})

    async def rule(request: Request) -> JSONResponse:
        linter = await service.load(request.query_params.get("profile"))
        key = request.path_params["code"]
        data = linter.rule(key)
        if data is not None:
            return JSONResponse(data)
        raise Problem(404, "unknown-rule", f"no rule {key!r} in profile {linter.profile}; GET /v1/rules lists them")

    async def check(request: Request) -> JSONResponse:
        ask = await _read_check(request, config.max_body)
        await service.load(ask.get("profile"))  # an unknown profile is a 400 before a worker is asked
        status, body = await service.check(ask)
        return JSONResponse(body, status_code=status)

    def guarded(endpoint: Callable, open_to_all: bool = False) -> Callable:
        async def handle(request: Request) -> JSONResponse:
            if not service.known_host(request):
                return problem(421, "bad-host", "this service answers requests to 127.0.0.1 or localhost only; "
                                                "start it with a token to be reached by other names")
            if not open_to_all and not service.authorised(request):
                return problem(401, "unauthorised", "send the service's token as 'Authorization: Bearer TOKEN'",
                               {"WWW-Authenticate": "Bearer"})
            try:
                return await endpoint(request)
            except Problem as exc:
                return problem(exc.status, exc.kind, str(exc), exc.headers)
            except Exception as exc:  # one broken request must not become a stack trace or stop the service
                return problem(500, "internal", f"could not be answered ({type(exc).__name__}); please report this "
                                                "with the request")
        return handle

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 500)
        kinds = {404: "not-found", 405: "method-not-allowed"}
        return problem(status, kinds.get(status, "http"), str(getattr(exc, "detail", "")) or "not here")

    routes = [
        Route("/healthz", guarded(healthz, open_to_all=True), methods=["GET"]),
        Route("/openapi.json", guarded(openapi, open_to_all=True), methods=["GET"]),
        Route("/v1/rules", guarded(rules), methods=["GET"]),
        Route("/v1/rules/{code}", guarded(rule), methods=["GET"]),
        Route("/v1/check", guarded(check), methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    app.state.service = service
    return app


def _linter_for(service: Service, profile: str | None) -> Linter:
    try:
        return service.linter(profile) if profile else service.default
    except ConfigurationError as exc:
        raise Problem(400, "unknown-profile" if "unknown profile" in str(exc) else "config", str(exc)) from None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Problem(400, "bad-request", "Content-Length is not a number")
        if int(declared) > limit:
            raise Problem(413, "too-large", f"the body is {int(declared)} bytes; this service takes at most {limit} "
                                            "(--max-body)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "too-large", f"the body is over {limit} bytes, the most this service takes (--max-body)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_check(request: Request, limit: int) -> dict[str, Any]:
    """What to check: JSON {content|url, format, profile, source}, or a raw body of a text type
    (format from it; profile and source from the query string)."""
    media, _, params = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = _charset(params)
    if media != "application/json" and media not in RAW_TYPES:
        raise Problem(415, "unsupported-media-type", f"content type {media or 'none'!r} is not accepted; send "
                      "application/json ({\"content\": ..., \"format\": ...}) or the draft itself as "
                      + ", ".join(RAW_TYPES))
    body = await _read_body(request, limit)
    if media == "application/json":
        return _json_check(body, charset)
    query = request.query_params
    ask: dict[str, Any] = {"source": query.get("source") or "-", "format": RAW_TYPES[media]}
    if query.get("profile"):
        ask["profile"] = query["profile"]
    if charset:
        try:
            ask["content"] = body.decode(charset)
        except LookupError:
            raise Problem(400, "bad-charset", f"charset {charset!r} is unknown") from None
        except UnicodeDecodeError as exc:
            raise Problem(400, "invalid-text", f"the body is not valid {charset} (byte {exc.start}); send it in the "
                                               "charset the Content-Type names") from None
    else:  # read as a file would be: byte order mark, <meta charset>, UTF-8, Windows-1252
        from disclosure_lint.sources.decode import DecodeError, decode

        try:
            ask["content"] = decode(body).text
        except DecodeError:
            ask["data"] = body  # checked as bytes, so the report gives the file's "binary" error
    return ask


def _json_check(body: bytes, charset: str | None) -> dict[str, Any]:
    if charset and charset.replace("_", "-") not in ("utf-8", "utf8"):
        raise Problem(415, "unsupported-media-type", "JSON is read as UTF-8; send charset=utf-8 or none")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "invalid-utf8", f"the JSON body is not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise Problem(400, "too-deep", "the JSON nests too deeply; send one flat object") from None
    except ValueError as exc:
        raise Problem(400, "invalid-json", f"the body is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise Problem(400, "invalid-request", "send one JSON object: {\"content\": ..., \"format\": ...}")
    unknown = sorted(set(data) - set(JSON_FIELDS))
    if unknown:
        raise Problem(400, "invalid-request", f"unknown field {unknown[0]!r}; expected {', '.join(JSON_FIELDS)}")
    for key, value in data.items():
        if not isinstance(value, JSON_FIELDS[key]):
            raise Problem(400, "invalid-request", f"field {key!r} must be a string")
    if ("content" in data) == ("url" in data):
        raise Problem(400, "invalid-request", "send either 'content' (the draft) or 'url' (a page to fetch)")
    if data.get("format") is not None and data["format"] not in FORMATS:
        raise Problem(400, "invalid-request", f"format {data['format']!r} is not one of {', '.join(FORMATS)}")
    return {"source": data.get("source") or data.get("url") or "-", **data}


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None
