"""Benchmark of crawl-scale input: WARC records against the same pages on disk, memory against the
archive's size, and Dask with two workers against one.

    .venv/bin/python bench/bench_warc.py                    # all three (several minutes)
    .venv/bin/python bench/bench_warc.py --pages 500 --small-mb 5 --large-mb 50   # quicker
    .venv/bin/python bench/bench_warc.py --json bench/results/warc.json

Measured in one run, so every ratio compares numbers taken under the same machine load:

1. Records per second per core: a WARC of `--pages` pages (the shared corpus's HTML pages,
   repeated; the project's fixtures when the corpus is absent) and the same pages as files in a
   folder, each checked by `pipeline.run` with one worker in this process, alternating W D D W ...
   (`--rounds`); the ratio per core is disk CPU time / WARC CPU time (>= 0.9 is the goal), the wall
   clock ratio is printed beside it.
2. Peak memory (ru_maxrss of a child process running `disclosure-lint check --jobs 1` with JSON
   lines to /dev/null) for a WARC of `--large-mb` against one of `--small-mb` (<= 1.2x the goal).
3. Dask: the same archives (`--archives` of them) on a LocalCluster of one worker process and of
   two, cluster start excluded, alternating; the ratio is time(1) / time(2) (>= 1.7 the goal).

Ratios are the point; absolute times depend on the machine. See docs/performance.md."""

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

from disclosure_lint.cli import build_parser  # noqa: E402
from disclosure_lint.config import resolve  # noqa: E402
from disclosure_lint.crawl.checking import checker_for  # noqa: E402
from disclosure_lint.pipeline import run  # noqa: E402
from disclosure_lint.sources.warc import Archive, ArchiveTally  # noqa: E402
from tests.warcs import build_warc, shared_dir  # noqa: E402


def source_pages() -> list[bytes]:
    shared = shared_dir()
    if shared is not None:
        pages = sorted((shared / "corpus" / "cases").glob("*.html"))
    else:
        fixtures = ROOT / "fixtures"
        pages = sorted((fixtures / "pages").glob("*.html")) + sorted((fixtures / "rules").glob("*/*.html"))
    return [page.read_bytes() for page in pages]


def pages_for(count: int, bodies: list[bytes]) -> list[tuple[str, bytes]]:
    return [(f"https://site{i % 7}.example.test/s{i % 5}/{i}.html", bodies[i % len(bodies)]) for i in range(count)]


def pages_of_size(megabytes: float, bodies: list[bytes]) -> list[tuple[str, bytes]]:
    out, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        body = bodies[i % len(bodies)]
        out.append((f"https://site{i % 7}.example.test/s{i % 5}/{i}.html", body))
        size += len(body)
        i += 1
    return out


def timed(inputs: list, checker) -> tuple[float, float, int]:
    """Wall and CPU seconds of one in-process run (jobs=1): CPU time is the per-core cost, and it
    does not move with what else the machine is doing."""
    start, start_cpu = time.perf_counter(), time.process_time()
    # No time limit: without one, a single job checks in this process (with one, in a worker whose
    # CPU time this process does not see).
    count = sum(1 for _ in run(inputs, checker, jobs=1, tally=ArchiveTally(), time_limit=None))
    return time.perf_counter() - start, time.process_time() - start_cpu, count


def bench_rate(folder: Path, pages: list[tuple[str, bytes]], checker, rounds: int) -> dict:
    archive = folder / "rate.warc.gz"
    build_warc(archive, pages)
    disk = folder / "pages"
    disk.mkdir()
    for index, (_, body) in enumerate(pages):
        (disk / f"{index:05d}.html").write_bytes(body)
    wall: dict[str, list[float]] = {"warc": [], "disk": []}
    cpu: dict[str, list[float]] = {"warc": [], "disk": []}
    for round_ in range(rounds):
        order = ("warc", "disk") if round_ % 2 == 0 else ("disk", "warc")
        for which in order:
            seconds, cpu_seconds, count = timed([str(archive)] if which == "warc" else [str(disk)], checker)
            assert count == len(pages), (which, count)
            wall[which].append(seconds)
            cpu[which].append(cpu_seconds)
    warc, disk_t = statistics.median(wall["warc"]), statistics.median(wall["disk"])
    warc_cpu, disk_cpu = statistics.median(cpu["warc"]), statistics.median(cpu["disk"])
    return {"pages": len(pages), "warc_s": round(warc, 3), "disk_s": round(disk_t, 3),
            "warc_cpu_s": round(warc_cpu, 3), "disk_cpu_s": round(disk_cpu, 3),
            "warc_records_per_cpu_s": round(len(pages) / warc_cpu, 1),
            "disk_pages_per_cpu_s": round(len(pages) / disk_cpu, 1),
            "ratio_per_core": round(disk_cpu / warc_cpu, 3), "ratio_wall": round(disk_t / warc, 3),
            "rounds": rounds}


def peak_rss_kib(archive: Path) -> tuple[int, float]:
    code = ("import resource, sys; from disclosure_lint.cli import main; "
            "main(['check', '--no-config', '--jobs', '1', '--format', 'concise', '-o', 'jsonl:/dev/null', "
            "sys.argv[1]]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(archive)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    return int(proc.stderr.strip().splitlines()[-1]), seconds


def bench_memory(folder: Path, bodies: list[bytes], small_mb: float, large_mb: float) -> dict:
    out = {}
    for name, megabytes in (("small", small_mb), ("large", large_mb)):
        archive = folder / f"{name}.warc.gz"
        build_warc(archive, pages_of_size(megabytes, bodies), with_companions=False)
        rss, seconds = peak_rss_kib(archive)
        out[name] = {"payload_mb": megabytes, "file_mb": round(archive.stat().st_size / 2**20, 1),
                     "peak_rss_mib": round(rss / 1024, 1), "seconds": round(seconds, 1)}
        archive.unlink()
    out["ratio"] = round(out["large"]["peak_rss_mib"] / out["small"]["peak_rss_mib"], 3)
    return out


def bench_dask(folder: Path, bodies: list[bytes], checker, archives: int, pages_each: int, rounds: int) -> dict:
    import logging

    import distributed

    from disclosure_lint.crawl.dask_run import DaskStats, dask_results

    paths = []
    for number in range(archives):
        path = folder / f"part-{number:02d}.warc.gz"
        build_warc(path, pages_for(pages_each, bodies[number:] + bodies[:number]))
        paths.append(Archive(str(path), path.name))
    clusters = {n: distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                            dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
                for n in (1, 2)}
    times: dict[int, list[float]] = {1: [], 2: []}
    try:
        for round_ in range(rounds):
            for n in ((1, 2) if round_ % 2 == 0 else (2, 1)):
                start = time.perf_counter()
                count = sum(1 for _ in dask_results(clusters[n].scheduler_address, paths, checker, ArchiveTally(),
                                                    DaskStats()))
                times[n].append(time.perf_counter() - start)
                assert count == archives * pages_each
    finally:
        for cluster in clusters.values():
            cluster.close()
    one, two = statistics.median(times[1]), statistics.median(times[2])
    return {"archives": archives, "pages": archives * pages_each, "one_worker_s": round(one, 2),
            "two_workers_s": round(two, 2), "ratio": round(one / two, 3), "rounds": rounds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--small-mb", type=float, default=20)
    parser.add_argument("--large-mb", type=float, default=200)
    parser.add_argument("--archives", type=int, default=8)
    parser.add_argument("--pages-per-archive", type=int, default=100)
    parser.add_argument("--only", choices=("rate", "memory", "dask"), action="append")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    only = set(args.only or ("rate", "memory", "dask"))
    bodies = source_pages()
    checker = checker_for(resolve(build_parser().parse_args(["check", "--no-config", "x"])))
    results: dict = {"load_before": os.getloadavg(), "cpus": os.cpu_count(), "pages_source":
                     "shared corpus" if shared_dir() else "fixtures"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "rate" in only:
            results["rate"] = bench_rate(folder, pages_for(args.pages, bodies), checker, args.rounds)
            print("rate", results["rate"], flush=True)
        if "memory" in only:
            results["memory"] = bench_memory(folder, bodies, args.small_mb, args.large_mb)
            print("memory", results["memory"], flush=True)
        if "dask" in only:
            results["dask"] = bench_dask(folder, bodies, checker, args.archives, args.pages_per_archive, args.rounds)
            print("dask", results["dask"], flush=True)
    results["load_after"] = os.getloadavg()
    results["maxrss_parent_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
