"""What the user asked the sources to read and how to fetch it: the `check` command's input and
fetching options, turned into one FetchOptions value. Every option is validated while parsing, so a
typo is a one-line usage error (exit 2) before anything is fetched. Imports stay light: `--help` and
`--version` must not load an HTTP client."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field

from disclosure_lint import __version__
from disclosure_lint.argtypes import count, positive_int, positive_number
from disclosure_lint.sources.formats import is_archive
from disclosure_lint.sources.urls import HostRewrite

USER_AGENT = f"disclosure-lint/{__version__} (sponsored-content disclosure checker; +https://pypi.org/project/disclosure-lint/)"
# The product token robots.txt groups are matched against.
ROBOTS_AGENT = "disclosure-lint"
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and manners for fetching. The defaults are polite to one site (six connections, like a
    browser) and bounded everywhere: time, bytes, decompressed bytes, redirects, retries."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    concurrency: int = 16
    per_host: int = 6
    rate: float | None = None
    retries: int = 2
    backoff: float = 0.5
    max_retry_wait: float = 60.0
    ignore_robots: bool = False
    # Sent only to the site each input URL names (urls.same_site), not where it redirects: they may be secrets.
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    cookies: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    cookie_file: str | None = None
    rewrites: tuple[HostRewrite, ...] = ()
    include: tuple[re.Pattern, ...] = ()
    exclude: tuple[re.Pattern, ...] = ()
    max_pages: int | None = None
    cache_dir: str | None = None
    sitemap_max_bytes: int = 64 * 1024 * 1024

    @property
    def lookahead(self) -> int:
        """Pages fetched ahead of the one being checked: enough to keep every connection busy, few
        enough that memory does not grow with the number of URLs."""
        return max(8, 2 * self.concurrency)


@dataclass(frozen=True, slots=True)
class UrlList:
    """`--urls FILE`: one URL per line, `#` comments and blank lines skipped; `-` reads stdin."""

    path: str


@dataclass(frozen=True, slots=True)
class WarcList:
    """`--warc-list FILE`: WARC/ARC paths, one per line (gzip allowed, as Common Crawl ships its
    warc.paths.gz); relative ones are read under `base` (--warc-base), else the list's own folder."""

    path: str
    base: str | None = None


@dataclass(frozen=True, slots=True)
class Stdin:
    """`-` with --stdin-filename NAME: standard input, reported and configured as the file NAME."""

    name: str


@dataclass(frozen=True, slots=True)
class Sitemap:
    """`--sitemap URL|FILE`: a sitemap or sitemap index, plain or gzipped, remote or local."""

    location: str


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    inputs = parser.add_argument_group("URL lists and sitemaps")
    inputs.add_argument("--urls", action="append", default=[], type=_url_file, metavar="FILE",
                        help="check the URLs in FILE, one per line (# comments, blank lines skipped; - for stdin)")
    inputs.add_argument("--sitemap", action="append", default=[], type=_sitemap, metavar="URL|FILE",
                        help="check the pages a sitemap lists (sitemap index files and .gz sitemaps too)")
    inputs.add_argument("--warc-list", action="append", default=[], type=_readable_file, metavar="FILE",
                        help="check the WARC/ARC archives FILE lists, one path per line (.gz allowed, like "
                             "Common Crawl's warc.paths.gz)")
    inputs.add_argument("--warc-base", type=_folder, default=None, metavar="DIR",
                        help="read the relative paths of --warc-list under DIR (default: the list's folder)")
    inputs.add_argument("--stdin-filename", default=None, type=_stdin_name, metavar="NAME",
                        help="name standard input (-) NAME in every output and in per-path configuration; "
                             "its suffix says how to read it (.html, .md, .txt)")
    inputs.add_argument("--include", action="append", default=[], type=_regex, metavar="REGEX",
                        help="only check URLs this regular expression matches (repeatable: any may match)")
    inputs.add_argument("--exclude", action="append", default=[], type=_regex, metavar="REGEX",
                        help="skip URLs this regular expression matches (repeatable)")
    inputs.add_argument("--max-pages", type=positive_int, default=None, metavar="N",
                        help="check at most N URLs (after --include/--exclude)")
    inputs.add_argument("--rewrite-host", action="append", default=[], type=_rewrite, metavar="OLD=NEW",
                        help="fetch OLD's pages from NEW, e.g. www.example.com=staging.example.com; "
                             "reports keep the URLs as given")

    fetching = parser.add_argument_group("fetching")
    fetching.add_argument("--concurrency", type=positive_int, default=16, metavar="N",
                          help="pages fetched at once in all (default: 16)")
    fetching.add_argument("--per-host", type=positive_int, default=6, metavar="N",
                          help="pages fetched at once from one host (default: 6, as a browser does)")
    fetching.add_argument("--rate", type=positive_number, default=None, metavar="N",
                          help="at most N requests per second to one host (default: no limit beyond "
                               "--per-host and robots.txt Crawl-delay)")
    fetching.add_argument("--retries", type=count, default=2, metavar="N",
                          help="retries after a connection error, 5xx or 429, with backoff (default: 2)")
    fetching.add_argument("--max-retry-wait", type=positive_number, default=60.0, metavar="SECONDS",
                          help="longest Retry-After to honour; a server asking for more fails the page (default: 60)")
    fetching.add_argument("--connect-timeout", type=positive_number, default=10.0, metavar="SECONDS",
                          help="most time to wait for a connection (default: 10)")
    fetching.add_argument("--read-timeout", type=positive_number, default=20.0, metavar="SECONDS",
                          help="most time to wait for the next bytes of an answer (default: 20)")
    fetching.add_argument("--max-redirects", type=count, default=5, metavar="N",
                          help="redirects to follow for one page (default: 5)")
    fetching.add_argument("--ignore-robots", action="store_true",
                          help="fetch pages robots.txt disallows (only for sites you are allowed to audit)")
    fetching.add_argument("--header", action="append", default=[], type=_header, metavar="'NAME: VALUE'",
                          help="send this header to each input URL's host (repeatable)")
    fetching.add_argument("--header-env", action="append", default=[], type=_header_env, metavar="NAME=ENVVAR",
                          help="send header NAME with the value of environment variable ENVVAR, so secrets "
                               "stay out of shell history and process lists (repeatable)")
    fetching.add_argument("--cookie", action="append", default=[], type=_cookie, metavar="NAME=VALUE",
                          help="send this cookie to each input URL's host (repeatable)")
    fetching.add_argument("--cookie-env", action="append", default=[], type=_cookie_env, metavar="NAME=ENVVAR",
                          help="send cookie NAME with the value of environment variable ENVVAR (repeatable)")
    fetching.add_argument("--cookies", type=_cookie_file, default=None, metavar="FILE",
                          help="cookies from a Netscape cookies.txt file, sent by their domains")
    fetching.add_argument("--cache", type=_cache_dir, default=None, metavar="DIR",
                          help="keep pages in DIR between runs and revalidate them (ETag, Last-Modified); "
                               "failures and 429 answers are never kept")
    fetching.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                          help="show a progress bar on standard error (default: when it is a terminal and "
                               "the report goes to a file or pipe)")


def fetch_options(args: argparse.Namespace) -> FetchOptions:
    total = args.timeout
    return FetchOptions(
        connect_timeout=min(args.connect_timeout, total), read_timeout=min(args.read_timeout, total),
        total_timeout=total, max_bytes=args.max_bytes, max_redirects=args.max_redirects,
        concurrency=args.concurrency, per_host=min(args.per_host, args.concurrency), rate=args.rate,
        retries=args.retries, max_retry_wait=args.max_retry_wait, ignore_robots=args.ignore_robots,
        headers=tuple(args.header) + tuple(args.header_env), cookies=tuple(args.cookie) + tuple(args.cookie_env),
        cookie_file=args.cookies, rewrites=tuple(args.rewrite_host), include=tuple(args.include),
        exclude=tuple(args.exclude), max_pages=args.max_pages, cache_dir=args.cache,
    )


def input_plan(args: argparse.Namespace) -> list[str | Stdin | UrlList | Sitemap]:
    """Everything to read, in order: positional inputs, then --urls files, --sitemap, --warc-list."""
    warc_lists = [WarcList(path, getattr(args, "warc_base", None)) for path in getattr(args, "warc_list", [])]
    name = getattr(args, "stdin_filename", None)
    inputs = [Stdin(name) if name and item == "-" else item for item in args.inputs]
    return [*inputs, *map(UrlList, args.urls), *map(Sitemap, args.sitemap), *warc_lists]


def known_total(args: argparse.Namespace) -> int | None:
    """How many results the run will give, when that is known before fetching: for the progress bar's
    time left. Unknown (None) with folders, standard input or sitemaps."""
    if args.sitemap or getattr(args, "warc_list", None) or "-" in args.urls or any(
            (not _is_url(i) and not os.path.isfile(i)) or is_archive(i) for i in args.inputs):
        return None
    from disclosure_lint.sources.urllist import read_url_list

    total = urls = 0
    for path in [None, *args.urls]:
        for item in read_url_list(path) if path else args.inputs:
            if not isinstance(item, str) or not _is_url(item):
                total += 1
                continue
            if args.include and not any(p.search(item) for p in args.include):
                continue
            if any(p.search(item) for p in args.exclude):
                continue
            if args.max_pages is not None and urls >= args.max_pages:
                return total
            urls += 1
            total += 1
    return total


def _is_url(text: str) -> bool:
    return "://" in text[:16]


def has_inputs(args: argparse.Namespace) -> bool:
    return bool(args.inputs or args.urls or args.sitemap or getattr(args, "warc_list", None))


# argparse types: each turns a bad value into a one-line usage error naming what was expected.

def _regex(text: str) -> re.Pattern:
    try:
        return re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid regular expression ({exc})") from None


def _stdin_name(text: str) -> str:
    if not text.strip() or text == "-" or "://" in text[:16] or any(ch in text for ch in "\r\n\0"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a file name (for example drafts/story.html)")
    return text


def _readable_file(text: str) -> str:
    if not os.path.isfile(text):
        raise argparse.ArgumentTypeError(f"no such file: {text} (check the path)")
    if not os.access(text, os.R_OK):
        raise argparse.ArgumentTypeError(f"cannot read {text} (check its permissions)")
    return text


def _folder(text: str) -> str:
    if not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return text


def _url_file(text: str) -> str:
    """A list of URLs, checked from its first bytes: a binary file or a workbook is a usage error."""
    if text == "-":
        return text
    from disclosure_lint.sources.urllist import NotAUrlList, inspect_url_list

    try:
        inspect_url_list(_readable_file(text))
    except NotAUrlList as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _sitemap(text: str) -> str:
    return text if "://" in text[:16] else _readable_file(text)


def _rewrite(text: str) -> HostRewrite:
    try:
        return HostRewrite.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not _HEADER_NAME.match(name):
        raise argparse.ArgumentTypeError(f"{text!r} is not 'Name: value' (for example 'Authorization: Bearer ...')")
    return name, _header_value(value.strip(), name)


def _header_value(value: str, name: str) -> str:
    if "\r" in value or "\n" in value:
        raise argparse.ArgumentTypeError(f"the value of {name} must be one line")
    return value


def _from_env(text: str, what: str) -> tuple[str, str]:
    name, sep, variable = text.partition("=")
    name, variable = name.strip(), variable.strip()
    if not sep or not name or not variable:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=ENVVAR (for example Authorization=AUDIT_TOKEN)")
    value = os.environ.get(variable)
    if value is None:
        raise argparse.ArgumentTypeError(f"environment variable {variable} is not set (it should hold the {what} "
                                         f"{name})")
    return name, value


def _header_env(text: str) -> tuple[str, str]:
    name, value = _from_env(text, "header")
    if not _HEADER_NAME.match(name):
        raise argparse.ArgumentTypeError(f"{name!r} is not a valid header name")
    return name, _header_value(value.strip(), name)


def _cookie(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or any(ch in name for ch in ";, \t"):
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE")
    return name.strip(), _cookie_value(value.strip(), name)


def _cookie_env(text: str) -> tuple[str, str]:
    name, value = _from_env(text, "cookie")
    return name, _cookie_value(value.strip(), name)


def _cookie_value(value: str, name: str) -> str:
    if any(ch in value for ch in ";\r\n"):
        raise argparse.ArgumentTypeError(f"the value of cookie {name} must not hold ';' or line breaks")
    return value


def _cookie_file(text: str) -> str:
    import http.cookiejar

    _readable_file(text)
    try:
        http.cookiejar.MozillaCookieJar(text).load(ignore_discard=True)
    except (http.cookiejar.LoadError, OSError, UnicodeDecodeError) as exc:
        raise argparse.ArgumentTypeError(f"{text} is not a Netscape cookies.txt file ({exc})") from None
    return text


def _cache_dir(text: str) -> str:
    if os.path.exists(text) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text} exists and is not a folder")
    return text
