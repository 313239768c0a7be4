"""Command line: parse arguments and wire sources, extract, engine and report together.
Heavy imports wait until a command needs them, so `--version` and `--help` start fast.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/configuration/rule-file error,
3 an input could not be checked. Precedence 2 > 3 > 1 > 0. No traceback reaches the user."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from disclosure_lint import __version__
from disclosure_lint.argtypes import positive_int, positive_number
from disclosure_lint.config import add_config_arguments
from disclosure_lint.report.options import add_output_arguments

PROG = "disclosure-lint"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, exit 2."""

    def error(self, message: str) -> NoReturn:
        _say(f"{message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_USAGE)


def _say(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Checks whether sponsored, paid and underwritten articles say so "
                     "clearly, name who paid, and say it first.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check drafts, pages and URLs",
                                description="Check files, folders, - (stdin) and http(s) URLs.")
    check.add_argument("inputs", nargs="*", metavar="INPUT", help="a file, folder, - for stdin, or an http(s) URL")
    _add_rules_dir(check)
    check.add_argument("--timeout", type=positive_number, default=60.0, metavar="SECONDS",
                       help="most time to spend fetching one URL (default: 60)")
    check.add_argument("--max-bytes", type=positive_int, default=10 * 1024 * 1024, metavar="N",
                       help="largest page to download, in bytes (default: 10 MiB)")
    check.add_argument("--jobs", "-j", type=positive_int, default=None, metavar="N",
                       help="worker processes for checking (default: one per CPU core)")
    check.add_argument("--check-timeout", type=positive_number, default=60.0, metavar="SECONDS",
                       help="most time to spend checking one document; one still being checked is stopped "
                            "and reported as a check-timeout error (default: 60)")
    check.add_argument("--dask", default=None, metavar="local|tcp://HOST:PORT",
                       help="check WARC/ARC archives on Dask, one task per archive: 'local' starts worker "
                            "processes on this machine (--jobs of them), tcp:// joins a running scheduler "
                            "(pip install 'disclosure-lint[dask]'; docs/crawl-scale.md)")
    check.add_argument("--task-timeout", type=positive_number, default=None, metavar="SECONDS",
                       help="with --dask: an archive still not checked this long after it was sent becomes "
                            "check-timeout errors, one per record (default: no limit)")
    check.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                       help="force or disable colour in the rich report")
    add_config_arguments(check)
    add_output_arguments(check)
    from disclosure_lint.sources.options import add_fetch_arguments
    add_fetch_arguments(check)
    from disclosure_lint.render.options import add_render_arguments
    add_render_arguments(check)
    from disclosure_lint.history.options import add_history_arguments
    add_history_arguments(check)
    from disclosure_lint.history.command import add_history_parser
    add_history_parser(commands)

    rules = commands.add_parser("rules", help="list the rules", description="List the rules and their profiles.")
    rules.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    rules.add_argument("--profile", default=None, help="only the rules this profile selects")
    _add_rules_dir(rules)

    explain = commands.add_parser("explain", help="explain a rule", description="Why a rule exists and how to fix it.")
    explain.add_argument("rule", metavar="CODE|NAME", help="a rule code (DL201) or name (sponsor-not-named)")
    _add_rules_dir(explain)

    serve = commands.add_parser("serve", help="check drafts over HTTP (for a CMS)",
                                description="An HTTP service: POST /v1/check, GET /v1/rules, /healthz, /openapi.json "
                                            "(pip install 'disclosure-lint[server]'; docs/service.md).")
    from disclosure_lint.service.serve import add_serve_arguments
    add_serve_arguments(serve)
    _add_rules_dir(serve)

    lsp = commands.add_parser("lsp", help="language server for editors (stdio)",
                              description="A language server on standard input and output: diagnostics for HTML "
                                          "and Markdown drafts (pip install 'disclosure-lint[lsp]'; docs/service.md).")
    lsp.add_argument("--profile", default=None, help="rule profile (default: the configuration's, else default)")
    lsp.add_argument("--rule-docs", default=None, metavar="URL",
                     help="link for each diagnostic's rule, with {code}, {name} and {anchor} filled in (default: "
                          "docs/rules.md of this installation when present, else the rule's first reference)")
    _add_rules_dir(lsp)
    return parser


def _add_rules_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules-dir", action="append", default=[], metavar="DIR", type=_folder,
                        help="a folder of house rules laid out like the bundled one: rule files, profiles/, "
                             "vocabulary/ (repeatable)")


def _folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    from disclosure_lint.render.options import render_mode_argument
    args = parser.parse_args(render_mode_argument(sys.argv[1:] if argv is None else argv))
    if args.command != "check":  # only a check reports an interrupt itself (runner.py)
        from disclosure_lint.interrupts import release_start
        release_start()
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from disclosure_lint.resources import ConfigError

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "history":
            from disclosure_lint.history.command import run_history
            return run_history(args)
        if args.command == "rules":
            from disclosure_lint.report.rule_docs import list_rules
            return list_rules(args.format, args.profile, sys.stdout, tuple(args.rules_dir))
        if args.command == "serve":
            from disclosure_lint.service.serve import serve
            return serve(args, tuple(args.rules_dir), _say)
        if args.command == "lsp":
            from disclosure_lint.lsp import run_language_server
            return run_language_server(args.profile, tuple(args.rules_dir), args.rule_docs, _say)
        from disclosure_lint.report.rule_docs import explain_rule
        return explain_rule(args.rule, sys.stdout, tuple(args.rules_dir))
    except ConfigError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from disclosure_lint.sources.options import fetch_options, has_inputs

    if not has_inputs(args):
        _say("no inputs: give files, folders, - for stdin, http(s) URLs, --urls FILE or --sitemap URL "
             "(see 'disclosure-lint check --help')")
        return EXIT_USAGE
    from disclosure_lint.runner import run_check

    return run_check(args, fetch_options(args), say=lambda message: sys.stderr.write(f"{PROG}: {message}\n"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
