"""The Python API: load rules, profile and configuration once, then check drafts, files and URLs.

    from disclosure_lint import Linter
    report = Linter(profile="eu").check_text(html, format="html", source="drafts/story.html")
    report.to_dict()  # exactly what `disclosure-lint check --format json` prints for that input

It runs the same stages as `disclosure-lint check` (config.settings_for -> runner.prepare ->
pipeline.run -> policy -> summary -> report.data), in this process and thread: a Linter may be
shared by threads (the HTTP service does). Inputs that cannot be checked are results with an
error kind, as in the JSON output; `raise_for_error()` turns them into exceptions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from disclosure_lint.model import Credit, DocumentResult, Finding, Label, Signal, Sponsor
from disclosure_lint.resources import ConfigError

Format = Literal["html", "markdown", "text"]
FORMATS: tuple[str, ...] = ("html", "markdown", "text")


class DisclosureLintError(Exception):
    """Every error the API raises; `kind` is the same stable word the JSON output uses."""

    kind = "internal"

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class ConfigurationError(DisclosureLintError):
    """A configuration file, rule file, profile or option is wrong (the command line's exit 2)."""

    kind = "config"

    def __init__(self, message: str, path: str | None = None, field: str | None = None):
        super().__init__(message)
        self.path = path
        self.field = field


class CheckError(DisclosureLintError):
    """An input that could not be checked (the command line's exit 3): not-found, empty, binary,
    http-error, too-large, check-timeout ..."""

    def __init__(self, message: str, kind: str, source: str):
        super().__init__(message, kind)
        self.source = source


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Draft:
    """Text to check with `check_many`, next to paths and URLs."""

    text: str
    format: Format | None = None
    source: str = "-"
    url: str | None = None


@dataclass(frozen=True)
class Result:
    """One input's result: the fields of one entry of the JSON output's `documents`."""

    _result: DocumentResult = field(repr=False)

    @property
    def source(self) -> str:
        return self._result.source

    @property
    def status(self) -> str:
        return self._result.status

    @property
    def ok(self) -> bool:
        return self._result.status == "checked"

    @property
    def error(self) -> ErrorInfo | None:
        error = self._result.error
        return ErrorInfo(error.kind, error.message) if error else None

    @property
    def sponsored(self) -> bool | None:
        return self._result.evidence.sponsored if self._result.evidence else None

    @property
    def format(self) -> str | None:
        return self._result.evidence.format if self._result.evidence else None

    @property
    def language(self) -> str | None:
        return self._result.evidence.language if self._result.evidence else None

    @property
    def headline(self) -> str | None:
        return self._result.evidence.headline if self._result.evidence else None

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(self._result.evidence.labels) if self._result.evidence else ()

    @property
    def sponsors(self) -> tuple[Sponsor, ...]:
        return tuple(self._result.evidence.sponsors) if self._result.evidence else ()

    @property
    def credits(self) -> tuple[Credit, ...]:
        return tuple(self._result.evidence.credits) if self._result.evidence else ()

    @property
    def signals(self) -> tuple[Signal, ...]:
        return tuple(self._result.evidence.signals) if self._result.evidence else ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(self._result.findings)

    @property
    def silenced(self) -> tuple[Finding, ...]:
        return tuple(self._result.silenced)

    def raise_for_error(self) -> Result:
        """This result, or CheckError when the input could not be checked."""
        error = self._result.error
        if error is not None:
            raise CheckError(error.message, error.kind, error.source)
        return self

    def to_dict(self) -> dict[str, Any]:
        from disclosure_lint.report.data import document_dict

        return document_dict(self._result)


@dataclass(frozen=True)
class Report:
    """A run's results in input order and its summary: the JSON output's top-level fields."""

    profile: str
    results: tuple[Result, ...]
    summary: dict[str, Any]
    exit_code: int  # what `disclosure-lint check` would exit with (0, 1 or 3), before --exit-zero

    @property
    def documents(self) -> tuple[Result, ...]:
        return self.results

    @property
    def result(self) -> Result:
        """The only result of a one-input check (check_text, check_file, check_url)."""
        if len(self.results) != 1:
            raise ValueError(f"this report has {len(self.results)} results; use .results")
        return self.results[0]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    def to_dict(self) -> dict[str, Any]:
        from disclosure_lint.report.data import run_header

        return {**run_header(self.profile), "documents": [r.to_dict() for r in self.results],
                "summary": self.summary}


class Linter:
    """Rules, profile, vocabulary and configuration, loaded once and checked against.

    `config`: None finds the configuration file as the command line does (upward from `cwd`, or
    the working folder), False uses none, a path names one. `rules_dir`: house rule folders.
    `fetch`: a sources.FetchOptions for URLs (timeouts, byte caps, headers)."""

    def __init__(self, profile: str | None = None, config: str | Path | bool | None = None,
                 rules_dir: str | Path | Iterable[str | Path] = (), *, select: Iterable[str] | None = None,
                 extend_select: Iterable[str] = (), ignore: Iterable[str] = (), fail_on: str | None = None,
                 suppressions: bool | None = None, baseline: str | Path | None = None, fetch: Any = None,
                 cwd: str | Path | None = None):
        from disclosure_lint.config import settings_for
        from disclosure_lint.pipeline import Checker
        from disclosure_lint.runner import prepare

        folders = (rules_dir,) if isinstance(rules_dir, (str, Path)) else tuple(rules_dir)
        for folder in folders:
            if not Path(folder).is_dir():
                raise ConfigurationError(f"{str(folder)!r} is not a folder (rules_dir)", str(folder), "rules_dir")
        try:
            settings = settings_for(
                config=config, cwd=Path(cwd) if cwd is not None else None, profile=profile, fail_on=fail_on,
                suppressions=suppressions, select=_codes(select) if select is not None else None,
                extend_select=_codes(extend_select), ignore=_codes(ignore),
                baseline=Path(baseline) if baseline is not None else None,
                rules_dir=tuple(Path(f) for f in folders))
            self._setup = prepare(settings)
        except ConfigError as exc:
            raise ConfigurationError(str(exc), exc.path, exc.field) from None
        self._checker = Checker(self._setup.vocabulary, self._setup.engine, settings.suppressions)
        self._fetch = fetch
        self.profile: str = settings.profile
        self.fail_on: str = settings.fail_on

    @property
    def rules(self) -> list[dict[str, Any]]:
        """The rules this linter runs, with the severity its profile gives them."""
        from disclosure_lint.report.data import rule_dict

        engine = self._setup.engine
        return [rule_dict(rule, engine.profile.severity_of(rule).value) for rule in engine.rules]

    def rule(self, key: str) -> dict[str, Any] | None:
        """A rule by code (DL201) or name (sponsor-not-named), with why, fix, references and
        examples, or None when there is no such rule (selected by this profile or not)."""
        from disclosure_lint.report.data import rule_dict

        engine = self._setup.engine
        selected = {rule.code for rule in engine.rules}
        for rule in engine.all_rules:
            if key.upper() == rule.code or key.lower() == rule.name:
                return {**rule_dict(rule, engine.profile.severity_of(rule).value), "check": rule.check,
                        "selected": rule.code in selected, "examples": dict(rule.examples)}
        return None

    def check_text(self, text: str, format: Format | None = None, source: str = "-",
                   url: str | None = None) -> Report:
        """A draft held in memory. Without `format`, sniffed as standard input is (HTML or text)."""
        return self.check_many([Draft(text, format, source, url)])

    def check_bytes(self, data: bytes, format: Format | None = None, source: str = "-",
                    charset: str | None = None, url: str | None = None) -> Report:
        """Bytes decoded as a file's are: byte order mark, then `charset`, then <meta charset>."""
        from disclosure_lint.sources.files import document_from_bytes

        _check_format(format)
        return self._report([document_from_bytes(source, data, format, declared=charset, url=url)])

    def check_file(self, path: str | Path) -> Report:
        """A file, or a folder (one result per document in it, sorted)."""
        return self.check_many([path])

    def check_url(self, url: str) -> Report:
        return self.check_many([url])

    def check_many(self, inputs: Iterable[str | Path | Draft]) -> Report:
        """Paths, folders, URLs, archives and Drafts, one or more results each, in input order."""
        return self._report(self._items(inputs))

    def iter_check(self, inputs: Iterable[str | Path | Draft]) -> Iterator[Result]:
        """Results one at a time as they are ready, for long runs (no summary kept)."""
        for result in self._results(self._items(inputs), None):
            yield Result(result)

    def _items(self, inputs: Iterable[str | Path | Draft]) -> Iterator[Any]:
        from disclosure_lint.sources.files import document_from_text

        for item in inputs:
            if isinstance(item, Draft):
                _check_format(item.format)
                yield document_from_text(item.source, item.text, item.format, url=item.url)
            elif isinstance(item, (str, Path)):
                if str(item) == "-":
                    raise ValueError("'-' (standard input) is for the command line; pass the text to check_text")
                yield str(item)
            else:
                raise TypeError(f"expected a path, URL or Draft, not {type(item).__name__}")

    def _results(self, items: Iterable[Any], tally: Any) -> Iterator[DocumentResult]:
        """Through the sources as the command line's inputs go (URLs fetched ahead while earlier
        inputs are checked), one at a time, then the run's policy."""
        from disclosure_lint.pipeline import run

        return map(self._setup.policy.apply, run(items, self._checker, self._fetch, 1, tally))

    def _report(self, items: Iterable[Any]) -> Report:
        from disclosure_lint.report.summary import Summary
        from disclosure_lint.sources.warc import ArchiveTally

        summary = Summary(fail_on=self.fail_on)
        tally = summary.archives = ArchiveTally()
        results = []
        for result in self._results(items, tally):
            summary.add(result)
            results.append(Result(result))
        return Report(self.profile, tuple(results), summary.as_dict(), summary.exit_code())


def _codes(values: Iterable[str]) -> tuple[str, ...]:
    """Rule selectors as the command line takes them: codes, prefixes, names or ALL, a string may
    hold several separated by commas."""
    if isinstance(values, str):
        values = [values]
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _check_format(fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
