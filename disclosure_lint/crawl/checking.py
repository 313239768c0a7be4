"""The check of whole archives, for the crawl engines: the only place crawl runs use the
pipeline's Checker and the runner's prepare, so a change of that API is a change here alone.

A task checks one archive and returns every result with the archive's tally (records read and
skipped) and the process that did it. When a task is lost (its worker died, or it ran past its
time), `unchecked` reads the archive again without checking and gives each record an error
result of that kind, so a run never loses a record."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from disclosure_lint.model import Document, DocumentResult, InputError
from disclosure_lint.pipeline import Checker, error_result, failed
from disclosure_lint.sources.warc import Archive, ArchiveTally, read_archive


@dataclass
class ArchiveCheck:
    """What one task gives back for one archive."""

    archive: Archive
    results: list[DocumentResult] = field(default_factory=list)
    tally: ArchiveTally = field(default_factory=ArchiveTally)
    pid: int = 0


def checker_for(settings) -> Checker:
    """The run's checker from resolved settings (engine with the selected rules, vocabulary)."""
    from disclosure_lint.runner import prepare

    setup = prepare(settings)
    return Checker(setup.vocabulary, setup.engine, settings.suppressions)


def check_archive(checker: Checker, archive: Archive) -> ArchiveCheck:
    outcome = ArchiveCheck(archive, pid=os.getpid())
    for item in read_archive(archive, outcome.tally):
        outcome.results.append(error_result(item) if isinstance(item, InputError) else checker.check(item))
    return outcome


def unchecked(archive: Archive, kind: str, message: str) -> ArchiveCheck:
    """Every record of an archive whose task was lost, as an error result of `kind`; records that
    were errors anyway (broken, too large) keep their own error."""
    outcome = ArchiveCheck(archive, pid=os.getpid())
    for item in read_archive(archive, outcome.tally):
        if isinstance(item, Document):
            result = failed(item.source, kind, message)
            result.archive = item.archive
        else:
            result = error_result(item)
        outcome.results.append(result)
    return outcome
