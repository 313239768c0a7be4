"""`disclosure-lint serve`: options, the refusal to listen beyond loopback without a token, and
uvicorn on a socket bound here (so the address printed is the one listening, port 0 included)."""

from __future__ import annotations

import argparse
import os
import sys

from disclosure_lint.argtypes import positive_int, positive_number

TOKEN_ENV = "DISCLOSURE_LINT_TOKEN"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this "
                        "machine only; any other needs a token)")
    parser.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    parser.add_argument("--token-env", default=TOKEN_ENV, metavar="ENVVAR",
                        help=f"environment variable holding the token callers send as 'Authorization: Bearer "
                             f"TOKEN' (default: {TOKEN_ENV}); required unless --host is a loopback address")
    parser.add_argument("--profile", default=None, help="profile for requests that name none (default: default)")
    parser.add_argument("--config", default=None, metavar="PATH", help="configuration file (default: none)")
    parser.add_argument("--max-body", type=positive_int, default=2 * 1024 * 1024, metavar="BYTES",
                        help="largest request body (default: 2 MiB)")
    parser.add_argument("--concurrency", type=positive_int, default=None, metavar="N",
                        help="checks at once, each in its own worker process (default: one per CPU core)")
    parser.add_argument("--queue", type=positive_int, default=256, metavar="N",
                        help="requests that may wait for a check, their bodies read; more are answered 503 "
                             "(default: 256)")
    parser.add_argument("--check-timeout", type=positive_number, default=30.0, metavar="SECONDS",
                        help="most time for one check, fetching included (default: 30)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                        help="fetch URLs from this host (repeatable; default: fetch no URLs)")
    parser.add_argument("--allow-private-addresses", action="store_true",
                        help="let allowed hosts resolve to loopback or private addresses (a staging server)")


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace, rules_dir: tuple, say) -> int:
    """Returns the exit code: 2 for a refused start, 0 after a clean shutdown."""
    import socket

    token = os.environ.get(args.token_env) or None
    if token is None and not is_loopback(args.host):
        say(f"refusing to listen on {args.host} without a token: set {args.token_env} (callers then send "
            "'Authorization: Bearer TOKEN'), or listen on 127.0.0.1")
        return 2
    try:
        import uvicorn

        from disclosure_lint.service.app import ServiceConfig, build_app
    except ImportError as exc:
        say(f"the service needs the [server] extra ({exc.name} is missing): pip install 'disclosure-lint[server]'")
        return 2
    from disclosure_lint.api import ConfigurationError
    from disclosure_lint.pipeline import default_jobs
    from disclosure_lint.service.guard import UrlGuard
    from disclosure_lint.sources.options import FetchOptions

    config = ServiceConfig(
        hosts=frozenset({"127.0.0.1", "localhost", "::1", args.host.strip("[]").lower()}),
        profile=args.profile, config=args.config or False, rules_dir=tuple(str(p) for p in rules_dir), token=token,
        max_body=args.max_body, concurrency=args.concurrency or default_jobs(), queue=args.queue,
        check_timeout=args.check_timeout,
        guard=UrlGuard(frozenset(h.lower() for h in args.allow_host), args.allow_private_addresses),
        fetch=FetchOptions(total_timeout=args.check_timeout, connect_timeout=min(10.0, args.check_timeout),
                           read_timeout=min(20.0, args.check_timeout), max_redirects=0, retries=0),
    )
    try:
        app = build_app(config)
    except ConfigurationError as exc:
        say(str(exc))
        return 2
    try:
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        # IPPROTO_TCP named, not left 0: asyncio turns Nagle's algorithm off only on sockets that say
        # they are TCP, and with it on every answer waited ~40 ms for the client's delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host.strip("[]"), args.port))
        sock.listen(2048)  # before the address is printed: a caller that reads it may connect at once
    except OSError as exc:
        say(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})")
        return 2
    service = app.state.service
    service.warm()
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"disclosure-lint: serving on http://{shown}:{port} (profile {app.state.service.default.profile}"
                     f"{', token required' if token else ''}; Ctrl-C stops)\n")
    sys.stderr.flush()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, limit_concurrency=512,
                                           timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024,
                                           server_header=False))
    try:
        server.run(sockets=[sock])
    finally:
        service.close()
    return 0
