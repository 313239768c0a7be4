"""`check --dask local|tcp://HOST:PORT`: archives checked on a Dask cluster, one task per archive,
results in input order exactly as a local run gives them.

The checker is built once, here, and handed to every worker once by a WorkerPlugin (also to a
worker that replaces a dead one), so workers need neither the rule files nor a build of their
own per task. At most `window` tasks are in flight, so memory stays flat however long the
manifest. Dask retries a task whose worker died (`distributed.scheduler.allowed-failures`; a
local cluster is started with 1: retried once); a task lost beyond that, or still running after
`task_timeout` seconds, becomes one error result per record of its archive ("worker-lost",
"check-timeout"), read again here without checking. Records in equal results out.

`local` starts a LocalCluster of worker processes on 127.0.0.1 (no dashboard) and stops it
at the end; a tcp:// address joins a running scheduler."""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from disclosure_lint.crawl.checking import ArchiveCheck, check_archive, unchecked
from disclosure_lint.model import DocumentResult, InputError
from disclosure_lint.pipeline import Checker, error_result
from disclosure_lint.resources import ConfigError
from disclosure_lint.sources.warc import Archive, ArchiveTally

PLUGIN = "disclosure-lint-checker"
TASKS_PER_WORKER = 2
LOCAL_RETRIES = 1


@dataclass
class DaskStats:
    """What the cluster did: tasks, the worker processes that returned them, the tasks lost."""

    scheduler: str = ""
    workers: int = 0
    tasks: int = 0
    pids: set[int] = field(default_factory=set)
    lost: int = 0
    timed_out: int = 0

    def as_dict(self) -> dict:
        return {"engine": "dask", "scheduler": self.scheduler, "workers": self.workers, "tasks": self.tasks,
                "worker_pids": sorted(self.pids), "lost": self.lost, "timed_out": self.timed_out}


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class CheckerPlugin(WorkerPlugin):
        """Gives each worker the run's checker when it starts (or joins later)."""

        def __init__(self, checker: Checker):
            self.checker = checker

        def setup(self, worker) -> None:
            worker.disclosure_checker = self.checker

    return CheckerPlugin


def check_task(archive: Archive) -> ArchiveCheck:
    """A Dask task: one archive, with the checker its worker was given."""
    from distributed import get_worker

    return check_archive(get_worker().disclosure_checker, archive)


def archives_of(plan: Iterable) -> list[Archive | InputError]:
    """The inputs of a Dask run: archives, and the errors of manifest lines. Anything else is a
    usage error, raised before the cluster starts."""
    from disclosure_lint.sources.formats import is_archive
    from disclosure_lint.sources.options import WarcList
    from disclosure_lint.sources.warclist import read_warc_list

    out: list[Archive | InputError] = []
    for item in plan:
        if isinstance(item, WarcList):
            out.extend(read_warc_list(item.path, item.base))
        elif isinstance(item, str) and is_archive(item):
            out.append(Archive(item, item))
        else:
            raise ConfigError("command line", f"--dask checks WARC/ARC archives, not {item}: give .warc.gz, .warc, "
                                              ".arc.gz or .arc files, or --warc-list FILE", "--dask")
    return out


def dask_results(address: str, items: Iterable[Archive | InputError], checker: Checker, tally: ArchiveTally,
                 stats: DaskStats | None = None, workers: int | None = None,
                 task_timeout: float | None = None) -> Iterator[DocumentResult]:
    """Results of every archive, in input order; `tally` and `stats` are filled as they come."""
    stats = stats if stats is not None else DaskStats()
    with _connect(address, workers) as client:
        stats.scheduler = client.scheduler.address
        client.register_plugin(_plugin_class()(checker), name=PLUGIN)
        stats.workers = len(client.scheduler_info()["workers"])
        window = max(1, stats.workers) * TASKS_PER_WORKER
        pending: deque = deque()  # (archive or error, future or None, submitted at)
        for item in items:
            pending.append(_submit(client, item, len(pending) + stats.tasks))
            while len(pending) >= window:
                yield from _settle(client, pending.popleft(), tally, stats, task_timeout)
        while pending:
            yield from _settle(client, pending.popleft(), tally, stats, task_timeout)


def _submit(client, item: Archive | InputError, index: int):
    if isinstance(item, InputError):
        return item, None, 0.0
    future = client.submit(check_task, item, key=f"disclosure-lint-{os.getpid()}-{index}-{item.name}", pure=False)
    return item, future, time.monotonic()


def _settle(client, entry, tally: ArchiveTally, stats: DaskStats,
            task_timeout: float | None) -> Iterator[DocumentResult]:
    item, future, submitted = entry
    if future is None:
        yield error_result(item)
        return
    outcome = _outcome(client, item, future, submitted, stats, task_timeout)
    stats.tasks += 1
    tally.merge(outcome.tally)
    yield from outcome.results


def _outcome(client, archive: Archive, future, submitted: float, stats: DaskStats,
             task_timeout: float | None) -> ArchiveCheck:
    from distributed import TimeoutError as DaskTimeout

    wait = None if task_timeout is None else max(0.0, submitted + task_timeout - time.monotonic())
    try:
        outcome = future.result(timeout=wait)
    except (DaskTimeout, TimeoutError):
        stats.timed_out += 1
        _stop(client, future)
        return unchecked(archive, "check-timeout", f"checking the archive took longer than {task_timeout:g} s "
                                                   "and was stopped")
    except Exception as exc:  # KilledWorker after the retries, a lost connection ...
        stats.lost += 1
        return unchecked(archive, "worker-lost", f"the worker checking {archive.name} was lost "
                                                 f"({type(exc).__name__}) after the retries")
    stats.pids.add(outcome.pid)
    return outcome


def _stop(client, future) -> None:
    """Cancel a task that ran too long, and restart the worker still running it."""
    busy = [worker for worker, keys in client.processing().items() if future.key in keys]
    future.cancel()
    if busy:
        with contextlib.suppress(Exception):  # the worker may already be gone
            client.restart_workers(busy)


class _connect:
    """A client on `address`, with a LocalCluster of its own for "local"."""

    def __init__(self, address: str, workers: int | None):
        self.address = address
        self.workers = workers
        self.cluster = None
        self.client = None

    def __enter__(self):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("command line", "--dask needs Dask: pip install 'disclosure-lint[dask]'",
                              "--dask") from None
        import logging

        if self.address == "local":
            from disclosure_lint.pipeline import default_jobs

            with dask.config.set({"distributed.scheduler.allowed-failures": LOCAL_RETRIES}):
                self.cluster = LocalCluster(n_workers=self.workers or default_jobs(), threads_per_worker=1,
                                            processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                            silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(self.address, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise ConfigError("command line", f"cannot reach the Dask scheduler at {self.address} ({exc})",
                                  "--dask") from None
        return self.client

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
