"""`check --render`: which pages to render, the per-page deadline and settle, and which other
origins a page may load from. Validated while parsing (a bad value is exit 2); the browser and
axe-core are looked for before any page is read, so a missing one stops the run at once."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from disclosure_lint.argtypes import positive_number

MODES = ("all", "auto")
BROWSER_ENVIRONMENT = "DISCLOSURE_LINT_CHROMIUM"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How pages are rendered. `mode` "all" renders every HTML page, "auto" only those that need
    JavaScript (DL902). Times are seconds."""

    binary: str
    axe: str
    mode: str = "all"
    deadline: float = 20.0  # load, settle and measurement of one page
    settle: float = 2.0  # most time to wait after the load event for the page to stop changing
    quiet: float = 0.3  # the DOM unchanged this long counts as settled
    allow: tuple[str, ...] = ()  # origins, besides the page's own, whose resources may be loaded
    scratch: str | None = None  # folder for browser profiles, removed when the run ends
    user_agent: str = ""
    fetch_timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    screenshots: bool = True


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rendering (headless Chromium)")
    group.add_argument("--render", action="store_const", const="all", default=None,
                       help="check HTML pages as a browser renders them, and measure how prominent each label "
                            "is; --render=auto renders only pages that need JavaScript (DL902)")
    # `--render=MODE` arrives here (see render_mode_argument): a plain `--render` must not take the
    # input after it as its value.
    group.add_argument("--render-mode", dest="render", type=_mode, help=argparse.SUPPRESS)
    group.add_argument("--render-timeout", type=positive_number, default=20.0, metavar="SECONDS",
                       help="most time for loading, settling and measuring one page (default: 20)")
    group.add_argument("--render-settle", type=positive_number, default=2.0, metavar="SECONDS",
                       help="most time to wait after the load event for the page to stop changing (default: 2)")
    group.add_argument("--render-allow", action="append", default=[], type=_origin, metavar="ORIGIN",
                       help="also let rendered pages load from this origin, e.g. https://cdn.example.com "
                            "(repeatable; a page's own origin is always allowed, nothing else is)")


def render_mode_argument(argv: list[str]) -> list[str]:
    """`--render=auto` spelled as the hidden `--render-mode=auto`."""
    return [f"--render-mode={arg.partition('=')[2]}" if arg.startswith("--render=") else arg for arg in argv]


def _mode(text: str) -> str:
    if text not in MODES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a way to render; expected --render or --render=auto")
    return text


def _origin(text: str) -> str:
    from disclosure_lint.render.network import origin_of

    origin = origin_of(text)
    if not origin or text.rstrip("/") != origin:
        raise argparse.ArgumentTypeError(f"{text!r} is not an origin like https://cdn.example.com")
    return origin


def render_options(args: argparse.Namespace, fetch, scratch: str) -> RenderOptions | None:
    """The run's RenderOptions, or None without --render. Raises ConfigError when Chromium or
    axe-core cannot be found."""
    mode = getattr(args, "render", None)
    if mode is None:
        return None
    from disclosure_lint.render.axe import find_axe
    from disclosure_lint.render.chromium import chromium_binary
    from disclosure_lint.resources import ConfigError

    binary = os.environ.get(BROWSER_ENVIRONMENT) or chromium_binary()
    if not binary or not os.path.isfile(binary):
        raise ConfigError("--render", f"needs Chromium: install Debian's chromium package, or set "
                                      f"{BROWSER_ENVIRONMENT} to the browser's path")
    return RenderOptions(binary=binary, axe=str(find_axe()), mode=mode, deadline=args.render_timeout,
                         settle=min(args.render_settle, args.render_timeout), allow=tuple(args.render_allow),
                         scratch=scratch, user_agent=fetch.user_agent,
                         fetch_timeout=min(fetch.read_timeout, args.render_timeout),
                         max_bytes=fetch.max_bytes)
