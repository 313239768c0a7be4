"""`disclosure-lint history runs|diff|page|prune|export`: the parser and the dispatch. Every command
reads the file given with --db (default audit.db); only prune writes."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from disclosure_lint.argtypes import positive_int, positive_number

DEFAULT_DB = Path("audit.db")
VIEW_FORMATS = ("rich", "json", "markdown")
EXPORT_FORMATS = ("json", "csv", "sarif")


def add_history_parser(commands) -> None:
    history = commands.add_parser("history", help="compare recorded runs (check --history FILE)",
                                  description="Read the runs that 'check --history FILE' recorded: list them, "
                                              "compare two, follow one page, prune, export.")
    actions = history.add_subparsers(dest="history_command", metavar="ACTION", parser_class=type(history))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=DEFAULT_DB, metavar="FILE",
                        help=f"the history file (default: {DEFAULT_DB})")
    shown = argparse.ArgumentParser(add_help=False)
    shown.add_argument("--format", choices=VIEW_FORMATS, default="rich")
    shown.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                       help="force or disable colour in the rich output")

    actions.add_parser("runs", parents=[common, shown], help="list the recorded runs",
                       description="Every recorded run, oldest first; incomplete ones (killed, interrupted) say so.")
    diff = actions.add_parser("diff", parents=[common, shown], help="what changed between two runs",
                              description="New, reopened, unchanged, fixed and not rechecked findings, and pages "
                                          "that changed, from the base run to RUN.")
    diff.add_argument("run", nargs="?", default="latest", metavar="RUN",
                      help="a run number, label or 'latest' (default: latest complete run)")
    base = diff.add_mutually_exclusive_group()
    base.add_argument("--base", default=None, metavar="RUN",
                      help="the run to compare with (default: the newest complete run before RUN)")
    base.add_argument("--since", type=_date, default=None, metavar="DATE",
                      help="compare with the newest complete run started before DATE (YYYY-MM-DD or ISO time)")
    diff.add_argument("--unchanged", action="store_true", help="also list unchanged findings")
    diff.add_argument("--fail-on-new", action="store_true",
                      help="exit 1 when RUN has violations that are new or reopened since the base run")
    page = actions.add_parser("page", parents=[common, shown], help="one page across the runs",
                              description="A page's timeline: status, verdict, labels, sponsors, findings per run.")
    page.add_argument("source", metavar="URL|PATH", help="the page as it was given to check")
    prune = actions.add_parser("prune", parents=[common], help="delete old runs",
                               description="Delete runs beyond the newest N, or older than DAYS days.")
    prune.add_argument("--keep", type=positive_int, default=None, metavar="N", help="keep the newest N runs")
    prune.add_argument("--older-than", type=positive_number, default=None, metavar="DAYS",
                       help="delete runs started more than DAYS days ago")
    export = actions.add_parser("export", parents=[common], help="one run as JSON, CSV or SARIF",
                                description="Write one run out: JSON (pages with findings), CSV (a row per "
                                            "finding), SARIF (with baselineState against the base run).")
    export.add_argument("run", nargs="?", default="latest", metavar="RUN")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--base", default=None, metavar="RUN", help="the base run for SARIF baselineState")
    export.add_argument("--output", "-o", type=Path, default=None, metavar="PATH",
                        help="write here instead of standard output")


def _date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD or an ISO 8601 time") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def run_history(args: argparse.Namespace) -> int:
    from disclosure_lint.history.queries import History
    from disclosure_lint.history.schema import HistoryError, connect

    if args.history_command is None:
        raise HistoryError("command line", "give an action: runs, diff, page, prune or export "
                                           "(see 'disclosure-lint history --help')")
    if args.history_command == "prune" and args.keep is None and args.older_than is None:
        raise HistoryError("command line", "say what to delete: --keep N or --older-than DAYS", "prune")
    db = connect(args.db, create=False)
    try:
        return ACTIONS[args.history_command](History(db, args.db), args)
    finally:
        db.close()


def _runs(history, args) -> int:
    from disclosure_lint.history.views import show_runs

    show_runs(history.runs(), args.format, sys.stdout, args.color)
    return 0


def _pair(history, head_ref: str, base_ref: str | None, since: datetime | None):
    from disclosure_lint.history.schema import HistoryError

    head = history.resolve(head_ref)
    if base_ref is not None:
        base = history.resolve(base_ref)
    elif since is not None:
        base = history.before(since)
        if base is None:
            raise HistoryError(history.path, f"no complete run started before {since.isoformat()}", "--since")
    else:
        base = history.base_of(head)
        if base is None:
            raise HistoryError(history.path, f"run {head.name} has no complete run before it to compare with; "
                                             "give --base RUN")
    return base, head


def _diff(history, args) -> int:
    from disclosure_lint.history.diff import FindingState, compare
    from disclosure_lint.history.views import show_diff

    base, head = _pair(history, args.run, args.base, args.since)
    diff = compare(history, base, head, unchanged=args.unchanged)
    show_diff(diff, args.format, sys.stdout, args.color, args.unchanged)
    if args.fail_on_new and any(f.outcome == "violation" for f in diff.findings
                                if f.state in (FindingState.NEW, FindingState.REOPENED)):
        return 1
    return 0


def _page(history, args) -> int:
    from disclosure_lint.history.views import show_timeline

    show_timeline(args.source, history.timeline(args.source), args.format, sys.stdout, args.color)
    return 0


def _prune(history, args) -> int:
    deleted = history.prune(args.keep, args.older_than)
    runs = ", ".join(f"#{i}" for i in deleted)
    sys.stdout.write(f"deleted {len(deleted)} run{'' if len(deleted) == 1 else 's'}{': ' + runs if runs else ''}\n")
    return 0


def _export(history, args) -> int:
    from disclosure_lint.history.diff import compare
    from disclosure_lint.history.export import export
    from disclosure_lint.history.schema import HistoryError

    run = history.resolve(args.run)
    diff = None
    if args.format == "sarif":
        base = history.resolve(args.base) if args.base else history.base_of(run)
        diff = compare(history, base, run) if base is not None else None
    if args.output is None:
        export(history, run, args.format, sys.stdout, diff)
        return 0
    try:
        with args.output.open("w", encoding="utf-8", newline="") as stream:
            export(history, run, args.format, stream, diff)
    except OSError as exc:
        raise HistoryError(args.output, f"cannot write the export ({exc.strerror or exc})", "--output") from None
    return 0


ACTIONS = {"runs": _runs, "diff": _diff, "page": _page, "prune": _prune, "export": _export}
