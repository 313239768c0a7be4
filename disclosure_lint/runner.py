"""`disclosure-lint check`, wired: configuration -> engine with the selected rules -> pipeline (which
applies each document's own suppressions) -> policy (per-path and per-URL ignores, baseline) ->
every output -> exit code. Everything that can be wrong with configuration, baseline or output
paths stops the run before a page is read."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass

from disclosure_lint.config import COMMAND_LINE, Settings, resolve
from disclosure_lint.engine import Engine, load_engine
from disclosure_lint.engine.profiles import find_profiles
from disclosure_lint.extract import Vocabulary, load_vocabulary
from disclosure_lint.interrupts import held, release_start, seen
from disclosure_lint.model import Severity
from disclosure_lint.policy.apply import Policy
from disclosure_lint.policy.baseline import load_baseline
from disclosure_lint.policy.select import Layer, codes_for, configure
from disclosure_lint.resources import ConfigError, rules_dir

EXIT_OK, EXIT_FINDINGS, EXIT_INTERRUPTED = 0, 1, 130


def _close(results) -> None:
    close = getattr(results, "close", None)
    if close is not None:
        close()


@dataclass
class Setup:
    settings: Settings
    engine: Engine
    vocabulary: Vocabulary
    policy: Policy


def prepare(settings: Settings) -> Setup:
    config = settings.config
    profiles = find_profiles((rules_dir() / "profiles", *settings.folders("profiles")))
    if settings.profile not in profiles:
        from_file = config.path is not None and config.profile == settings.profile
        raise ConfigError(config.where if from_file else COMMAND_LINE,
                          f"unknown profile {settings.profile!r}; expected one of {', '.join(sorted(profiles))}",
                          config.key("profile") if from_file else "--profile")
    engine = load_engine(settings.profile, settings.folders(), settings.folders("profiles"))
    layers = [
        Layer(config.where, config.select, config.extend_select, config.ignore,
              (config.key("select"), config.key("extend-select"), config.key("ignore"))),
        Layer(COMMAND_LINE, settings.cli_select, settings.cli_extend_select, settings.cli_ignore,
              ("--select", "--extend-select", "--ignore")),
    ]
    engine = configure(engine, layers, config.severity, config.where)
    rules = engine.all_rules
    path_ignores = [(pattern, codes_for(codes, rules, config.where, config.key(f"per-path-ignores.{pattern}")))
                    for pattern, codes in config.per_path_ignores.items()]
    url_ignores = [(pattern, codes_for(codes, rules, config.where, config.key(f"per-url-ignores.{pattern}")))
                   for pattern, codes in config.per_url_ignores.items()]
    baseline = load_baseline(settings.baseline, settings.update_baseline) if settings.baseline else None
    policy = Policy(path_ignores, url_ignores, config.base, baseline)
    vocabulary = load_vocabulary(settings.folders("vocabulary"), settings.folders())
    return Setup(settings, engine, vocabulary, policy)


def start_rendering(args: argparse.Namespace, fetch):
    """With --render, the run's rendering (Chromium and axe-core found, or a ConfigError); else None."""
    if getattr(args, "render", None) is None:
        return None
    from disclosure_lint.render.check import RenderRun

    return RenderRun.start(args, fetch)


def run_check(args: argparse.Namespace, fetch, say=None) -> int:
    """Check args.inputs; `fetch` is the run's FetchOptions. Returns the exit code."""
    from disclosure_lint.pipeline import DOCUMENT_TIME_LIMIT, Checker, default_jobs, run
    from disclosure_lint.report import RunInfo
    from disclosure_lint.report.data import rule_dict
    from disclosure_lint.report.escape import one_line
    from disclosure_lint.report.options import Outputs, output_specs
    from disclosure_lint.report.progress import start_progress
    from disclosure_lint.report.summary import Summary
    from disclosure_lint.sources.options import input_plan, known_total
    from disclosure_lint.sources.warc import ArchiveTally

    say = say or (lambda message: sys.stderr.write(f"disclosure-lint: {message}\n"))
    setup = prepare(resolve(args))
    engine, policy, settings = setup.engine, setup.policy, setup.settings
    terminal = sys.stdout.isatty()
    info = RunInfo(profile=settings.profile, color=getattr(args, "color", None), terminal=terminal,
                   baseline=policy.baseline is not None, fail_on=settings.fail_on,
                   rules=tuple(rule_dict(rule, engine.profile.severity_of(rule).value) for rule in engine.rules))
    from disclosure_lint.history.hook import start_history
    history = start_history(args, settings.profile, info.rules)  # None without --history
    info = dataclasses.replace(info, history=history)
    try:
        outputs = Outputs(output_specs(args, terminal), info)
    except BaseException:
        if history:
            history.close()
        raise
    summary = Summary(fail_on=settings.fail_on)
    if policy.baseline is not None:
        summary.baseline = str(settings.baseline)
    echo_errors = outputs.stdout_format != "rich" or not terminal
    interrupted = False
    render = start_rendering(args, fetch)
    progress = start_progress(getattr(args, "progress", None), known_total(args))
    tally = summary.archives = ArchiveTally()
    checker = Checker(setup.vocabulary, engine, settings.suppressions)
    if render:
        checker = render.checker(checker)
    if getattr(args, "dask", None):
        from disclosure_lint.crawl.dask_run import DaskStats, archives_of, dask_results

        stats = DaskStats()
        summary.distributed = stats.as_dict
        results = dask_results(args.dask, archives_of(input_plan(args)), checker, tally, stats, args.jobs,
                               args.task_timeout)
    else:
        results = run(input_plan(args), checker, fetch, jobs=args.jobs or default_jobs(), tally=tally,
                      time_limit=getattr(args, "check_timeout", DOCUMENT_TIME_LIMIT))
    try:
        outputs.start()
        try:
            release_start()  # a Ctrl-C held since start-up is raised here, and reported
            for result in results:
                with held():  # a result goes into the summary and every output, or into none
                    result = policy.apply(result)
                    progress.advance(result)
                    summary.add(result)
                    outputs.document(result)
                    if history:
                        history.add(result)
                    if result.error and echo_errors:
                        say("error: " + one_line(result.error.message))
        except KeyboardInterrupt:
            interrupted = True
        with held(swallow=True) as late:
            _close(results)  # stops the workers and the fetcher now, not at exit
            if policy.baseline is not None and not interrupted:
                summary.stale = [entry.as_dict() for entry in policy.baseline.stale()]
                if settings.update_baseline:
                    count = policy.baseline.write()
                    say(f"wrote {count} baseline {'entry' if count == 1 else 'entries'} to {settings.baseline}")
            if history:
                history.finish(summary.as_dict(), interrupted)
            outputs.finish(summary)
        interrupted = interrupted or bool(late)
    finally:
        with held(swallow=True) as late:
            progress.stop()
            outputs.close()
            if history:
                history.close()
            if render:
                render.close()
        interrupted = interrupted or bool(late)
    interrupted = interrupted or seen()  # a Ctrl-C that Python dropped where it was raised
    if interrupted:
        say("error: interrupted: the report covers the documents checked so far")
        return EXIT_INTERRUPTED
    closing = outputs.closing_line(summary, getattr(args, "summary", None))
    if closing:
        say(closing)
    code = summary.exit_code()
    if history:
        code = history.exit_code(code, lambda severity: summary.fails(Severity(severity)))
    if args.exit_zero and code == EXIT_FINDINGS:
        return EXIT_OK
    return code
