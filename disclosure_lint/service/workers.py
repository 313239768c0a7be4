"""The service's checks, in worker processes: checking is CPU-bound Python, so threads in the
service's process would take turns on one core with the event loop. Each worker loads a Linter per
profile once and answers with plain data (status and JSON body), which is all that crosses the
process boundary."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.service.guard import Refused, UrlGuard


@dataclass(frozen=True)
class WorkerSettings:
    config: Any = False
    rules_dir: tuple[str, ...] = ()
    guard: UrlGuard = field(default_factory=UrlGuard)
    fetch: Any = None


_settings = WorkerSettings()
_linters: dict[str, Any] = {}


def start(settings: WorkerSettings) -> None:
    """Pool initializer: the settings every check in this process uses."""
    global _settings
    _settings = settings
    _linters.clear()


def linter(profile: str | None) -> Any:
    from disclosure_lint.api import Linter

    key = profile or ""
    if key not in _linters:
        _linters[key] = Linter(profile=profile, config=_settings.config, rules_dir=_settings.rules_dir,
                               fetch=_settings.fetch)
    return _linters[key]


class Overrun(BaseException):
    """The check's time is up. A BaseException, so the pipeline's catch-all for one broken document
    does not turn it into that document's "internal" error."""


def _overrun(signum: int, frame: Any) -> None:
    raise Overrun


def check(ask: dict[str, Any], time_limit: float | None = None) -> tuple[int, dict[str, Any]]:
    """`ask`'s check, stopped after `time_limit` seconds (a timer signal in this worker's main
    thread, so the worker is free again for the next request)."""
    if time_limit is None:
        return _check(ask)
    previous = signal.signal(signal.SIGALRM, _overrun)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return _check(ask)
    except Overrun:
        return 503, error("check-timeout", f"the check took longer than {time_limit:g} s (--check-timeout); the "
                                           "document was not checked")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check(ask: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """One request's check: `ask` holds content (text), data (bytes) or url, with format, profile
    and source. Returns the HTTP status and the JSON body."""
    from disclosure_lint.api import ConfigurationError

    try:
        checker = linter(ask.get("profile"))
    except ConfigurationError as exc:
        kind = "unknown-profile" if "unknown profile" in str(exc) else "config"
        return 400, error(kind, str(exc))
    if "url" in ask:
        try:
            url = _settings.guard.check(ask["url"])
        except Refused as exc:
            return (403 if exc.kind in ("url-not-allowed", "private-address") else 400), error(exc.kind, str(exc))
        return answer(checker.check_url(url), None)
    if "data" in ask:
        return answer(checker.check_bytes(ask["data"], ask.get("format"), ask["source"], charset=ask.get("charset")),
                      None)
    return answer(checker.check_text(ask["content"], ask.get("format"), ask["source"]), ask["content"])


def error(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message}}


def answer(report: Any, text: str | None) -> tuple[int, dict[str, Any]]:
    """The report, as `check --format json` prints it, plus `failed` (findings at or above the
    fail-on severity) and, for content sent in the request, each finding's `span`. An input that
    could not be checked is a 422 with its error kind, the report beside it."""
    from disclosure_lint.spans import finding_spans

    data = report.to_dict()
    data["failed"] = report.exit_code == 1
    if text is not None:
        for document in data["documents"]:
            document["findings"] = finding_spans(text, document["findings"])
            document["silenced"] = finding_spans(text, document.get("silenced", []))
    result = report.result
    if result.error is not None:
        return 422, {**error(result.error.kind, result.error.message), "report": data}
    return 200, data
