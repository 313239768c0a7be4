"""Benchmark of the audit history: what `check --history FILE` adds to a run, and how fast two
large runs compare.

    .venv/bin/python bench/bench_history.py                    # defaults below (several minutes)
    .venv/bin/python bench/bench_history.py --pages 2000 --recorded 20000 --rounds 1   # quick look

Measured in one run, on synthetic small pages written here (a quarter labelled without a sponsor,
a quarter with an ambiguous label, a quarter with a named sponsor, a quarter plain), so every
ratio compares numbers taken under the same machine load:

1. End to end: `disclosure-lint check DIR` over --pages pages as a real process (two workers, the
   statistics report on standard output), with and without `--history` (a fresh file each time),
   alternating W H H W ... for --rounds rounds; the medians and their ratio. Also the CPU time of
   the run's main process alone (which sets the pace: it reads the files, feeds the workers and
   takes their results) and of its children (workers and the history's writer), which a
   neighbour's load on a shared machine does not inflate as it does wall time.
2. At --recorded pages (default 100,000): the history's own cost. Real results (the synthetic pages
   checked once) are given distinct sources and fed to history.record.Recording exactly as the
   runner does (add() per result, then finish()); timed are the main loop's share (add, which here
   also waits whenever the pipe to the writer is full: this loop makes results far faster than a
   run does) and the whole recording until the last batch is committed, and the CPU time of this
   process and of the history's writer process. Against it stands the check cost of the same
   number of pages, measured in this run with pipeline.check_all on two workers over a sample
   (--check-sample pages) and scaled: checking 100,000 real pages on two shared cores takes
   minutes per run, recording them seconds.
3. Two recorded runs of --recorded pages (the second with 2 % of the pages edited: findings fixed
   and new, labels and sponsors changed) compared by history.diff.compare, and `disclosure-lint history diff
   --format json` as a process (start-up included), median of --rounds; compare's CPU time too,
   which a neighbour's load on a shared machine does not inflate.

See docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure_lint.engine import load_engine  # noqa: E402
from disclosure_lint.extract import load_vocabulary  # noqa: E402
from disclosure_lint.history.diff import compare  # noqa: E402
from disclosure_lint.history.queries import History  # noqa: E402
from disclosure_lint.history.record import Recording, RunStart  # noqa: E402
from disclosure_lint.history.schema import connect  # noqa: E402
from disclosure_lint.model import Document  # noqa: E402
from disclosure_lint.pipeline import Checker, check_all  # noqa: E402

LABELS = ('<p class="label">Sponsored content</p>', '<p class="label">Presented by</p>',
          '<p class="label">Sponsored content</p>', "")


def page(i: int, edited: bool = False) -> str:
    kind = i % 4
    sponsor = "<p>This article is sponsored by Acme Outdoor Ltd.</p>" if kind == 2 or (edited and kind == 0) else ""
    label = "" if edited and kind == 1 else LABELS[0] if edited and kind == 3 else LABELS[kind]
    return (f'<!doctype html><html lang="en"><head><title>Story {i}</title></head><body><article>\n{label}'
            f"<h1>Story number {i} about the harbour</h1>\n<p>The council met on Tuesday to discuss item {i} of the "
            f"harbour plan, officials said after the meeting.</p>\n<p>Residents asked for more time to comment on the "
            f"proposal, which covers {i % 97} berths.</p>\n{sponsor}</article></body></html>\n")


def write_pages(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"p{i:06d}.html").write_text(page(i), encoding="utf-8")


# `python -m disclosure_lint ...`, which at exit writes the CPU seconds of its own process and of its
# children (reaped by then) to the file $BENCH_CPU_FILE.
COMMAND = """
import atexit, os, resource, runpy, sys
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.environ["BENCH_CPU_FILE"], "w") as out:
        out.write(f"{own.ru_utime + own.ru_stime} {children.ru_utime + children.ru_stime}")
atexit.register(cpu)
sys.argv[0] = "disclosure-lint"
runpy.run_module("disclosure_lint", run_name="__main__", alter_sys=True)
"""


def end_to_end(folder: Path, rounds: int, work: Path) -> dict:
    cpu_file = work / "cpu.txt"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BENCH_CPU_FILE": str(cpu_file)}
    times: dict[str, list[float]] = {"without": [], "with": []}
    main_cpu: dict[str, list[float]] = {"without": [], "with": []}
    children_cpu: dict[str, list[float]] = {"without": [], "with": []}
    order = []
    for r in range(rounds):
        order += ["without", "with", "with", "without"] if r % 2 == 0 else ["with", "without", "without", "with"]
    for n, which in enumerate(order):
        db = work / f"run{n}.db"
        args = [sys.executable, "-c", COMMAND, "check", str(folder), "--jobs", "2", "--format", "statistics"]
        if which == "with":
            args += ["--history", str(db)]
        start = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, env=env)
        times[which].append(time.perf_counter() - start)
        assert proc.returncode == 1, proc.stderr.decode()
        own, children = map(float, cpu_file.read_text().split())
        main_cpu[which].append(own)
        children_cpu[which].append(children)
        for leftover in work.glob(f"run{n}.db*"):
            leftover.unlink()
    without, with_ = statistics.median(times["without"]), statistics.median(times["with"])
    main_without, main_with = statistics.median(main_cpu["without"]), statistics.median(main_cpu["with"])
    return {"runs_each": len(times["with"]), "without_s": round(without, 3), "with_s": round(with_, 3),
            "ratio": round(with_ / without, 4), "all": {k: [round(t, 3) for t in v] for k, v in times.items()},
            "main_cpu_without_s": round(main_without, 3), "main_cpu_with_s": round(main_with, 3),
            "main_cpu_ratio": round(main_with / main_without, 4),
            "main_cpu_all": {k: [round(t, 2) for t in v] for k, v in main_cpu.items()},
            "children_cpu_all": {k: [round(t, 2) for t in v] for k, v in children_cpu.items()}}


def checker() -> Checker:
    return Checker(load_vocabulary(), load_engine("default"))


def sample_results(check: Checker, edited: bool = False) -> list:
    return [check.check(Document(source=f"t{i}.html", text=page(i, edited), format="html")) for i in range(8)]


def record(path: Path, templates: list, count: int, edited_every: int = 0, edited: list | None = None) -> dict:
    """Record `count` results as the runner does; the results are made first, so only the
    recording is timed: wall time, the main loop's share (add), and CPU time: this process's and
    the history's writer process's (reaped when the recording closes)."""
    results = [_as(edited[i % 8] if edited_every and i % edited_every == 0 else templates[i % 8],
                   f"site/p{i:06d}.html") for i in range(count)]
    start_all, start_cpu, start_children = time.perf_counter(), time.process_time(), _children_cpu()
    recording = Recording(path, RunStart(None, "default", "bench", ("pages",)))
    add_time = 0.0
    for result in results:
        t = time.perf_counter()
        recording.add(result)
        add_time += time.perf_counter() - t
    recording.finish({"documents": count})
    recording.close()
    main_cpu, writer_cpu = time.process_time() - start_cpu, _children_cpu() - start_children
    return {"pages": count, "add_s": round(add_time, 3), "total_s": round(time.perf_counter() - start_all, 3),
            "cpu_s": round(main_cpu + writer_cpu, 3), "main_cpu_s": round(main_cpu, 3),
            "writer_cpu_s": round(writer_cpu, 3)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _as(result, source: str):
    """The template result under another source, with the fingerprints that source gives."""
    from dataclasses import replace

    from disclosure_lint.policy.fingerprint import assign

    findings = [replace(f) for f in result.findings]
    assign(source, findings)
    return replace(result, source=source, findings=findings)


def check_cost(sample: int, jobs: int = 2) -> dict:
    """The check of `sample` pages: wall time on `jobs` workers (pool start included), and CPU time
    per page in this process alone (what the workers spend per page)."""
    check = checker()
    documents = [Document(source=f"p{i}.html", text=page(i), format="html") for i in range(sample)]
    start = time.perf_counter()
    count = sum(1 for _ in check_all(documents, check, jobs))
    elapsed = time.perf_counter() - start
    some = documents[: max(1, sample // 5)]
    start_cpu = time.process_time()
    for document in some:
        check.check(document)
    cpu = (time.process_time() - start_cpu) / len(some)
    return {"pages": count, "jobs": jobs, "seconds": round(elapsed, 3), "per_page_ms": round(1000 * elapsed / count, 4),
            "cpu_per_page_ms": round(1000 * cpu, 4)}


def diff_times(path: Path, rounds: int) -> dict:
    db = connect(path, create=False)
    history = History(db, path)
    base, head = history.resolve("1"), history.resolve("2")
    timings, cpu, counts = [], [], None
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        diff = compare(history, base, head, unchanged=False)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        counts = diff.counts()
    db.close()
    cli = []
    for _ in range(rounds):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "history", "diff", "--db", str(path),
                               "--base", "1", "2", "--format", "json"], capture_output=True)
        cli.append(time.perf_counter() - start)
        assert proc.returncode == 0, proc.stderr.decode()
    return {"compare_s": round(statistics.median(timings), 3), "compare_cpu_s": round(statistics.median(cpu), 3),
            "cli_s": round(statistics.median(cli), 3),
            "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="pages for the end-to-end runs")
    parser.add_argument("--recorded", type=int, default=100_000, help="pages recorded for parts 2 and 3")
    parser.add_argument("--check-sample", type=int, default=10_000, help="pages checked to price part 2")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", default=None, metavar="FILE")
    args = parser.parse_args()
    out: dict = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_pages(work / "pages", args.pages)
        out["end_to_end"] = end_to_end(work / "pages", args.rounds, work)
        print("end to end", out["end_to_end"], flush=True)
        out["check"] = check_cost(args.check_sample)
        print("check cost", out["check"], flush=True)
        check = checker()
        templates, edited = sample_results(check), sample_results(check, edited=True)
        out["record"] = record(work / "big.db", templates, args.recorded)
        out["record_second"] = record(work / "big.db", templates, args.recorded, edited_every=49, edited=edited)
        check_total = out["check"]["seconds"] / out["check"]["pages"] * args.recorded
        check_cpu = out["check"]["cpu_per_page_ms"] / 1000 * args.recorded
        out["record_vs_check"] = {
            "check_wall_s_scaled": round(check_total, 2),
            "check_cpu_s_scaled": round(check_cpu, 2),
            "wall_share": round(out["record"]["total_s"] / check_total, 4),
            "main_loop_share": round(out["record"]["add_s"] / check_total, 4),
            "cpu_share": round(out["record"]["cpu_s"] / check_cpu, 4),
        }
        print("recording", out["record"], out["record_second"], out["record_vs_check"], flush=True)
        out["diff"] = diff_times(work / "big.db", max(args.rounds, 3))
        out["db_mb"] = round(sum(p.stat().st_size for p in work.glob("big.db*")) / 1e6, 1)
        print("diff", out["diff"], "db MB", out["db_mb"], flush=True)
    out["load_after"] = os.getloadavg()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
