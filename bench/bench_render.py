"""Rendering benchmark: what `check --render` costs, and whether its memory stays flat.

The corpus HTML pages are served on 127.0.0.1 by bench/pageserver.py (no added latency). One run
measures, over the same URLs:
  plain     disclosure-lint check --urls FILE
  rendered  disclosure-lint check --render --urls FILE   (one headless Chromium per worker)
alternating (plain, rendered, plain, rendered ...) so a busy neighbour slows both alike, and prints
pages/s for each and the ratio rendered/plain (best of --repeat runs).

`--memory` instead runs `check --render` over 1,000 URLs and samples the memory of the whole process
tree (the tool, its workers and their browsers) twice a second, as resident set (shared pages once
per process) and proportional set (shared pages once): the peak in each quarter of the run shows
whether memory grows with the number of pages.

    python bench/bench_render.py                 # 60 URLs, 2 repeats
    python bench/bench_render.py --memory        # 1,000 rendered URLs
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_fetch import _rss, _tree, start_server  # noqa: E402 - the fetch benchmark's helpers

CORPUS = Path(os.environ.get("DISCLOSURE_LINT_CORPUS", HERE.parent.parent / "shared" / "corpus" / "cases"))


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--format", "json", "--no-progress",
            *args]


def run(cmd: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"{' '.join(cmd[:6])} ... exited {proc.returncode}: {proc.stderr[-500:]}")
    return elapsed, json.loads(proc.stdout)


def url_file(folder: str, port: int, count: int) -> Path:
    path = Path(folder) / f"urls-{count}.txt"
    path.write_text("".join(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(count)))
    return path


def speed(args: argparse.Namespace) -> dict:
    server, port = start_server(CORPUS, 0.0)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    times: dict[str, list[float]] = {"plain": [], "rendered": []}
    summary: dict = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = url_file(tmp, port, args.pages)
            run(tool(*jobs, "--render", "--urls", str(url_file(tmp, port, 4))))  # warm caches
            for _ in range(args.repeat):
                seconds, _ = run(tool(*jobs, "--urls", str(urls)))
                times["plain"].append(seconds)
                seconds, report = run(tool(*jobs, "--render", "--urls", str(urls)))
                times["rendered"].append(seconds)
                docs = report["documents"]
                summary = {"checked": sum(d["status"] == "checked" for d in docs),
                           "errors": dict(Counter(d["error"]["kind"] for d in docs if d["error"])),
                           "labels_measured": sum(lab.get("prominence") is not None for d in docs
                                                  for lab in d["labels"]),
                           "blocked_requests": sum((d.get("rendering") or {}).get("blocked_count", 0) for d in docs)}
    finally:
        server.terminate()
        server.wait()
    rate = {name: args.pages / min(values) for name, values in times.items()}
    return {"pages": args.pages, "repeat": args.repeat, "jobs": args.jobs, "seconds": times, "pages_per_s": rate,
            "rendered_vs_plain": rate["rendered"] / rate["plain"], "rendered_run": summary}


def memory(args: argparse.Namespace) -> dict:
    server, port = start_server(CORPUS, 0.0)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    samples: list[tuple[float, int, int]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = url_file(tmp, port, args.memory_pages)
            start = time.perf_counter()
            proc = subprocess.Popen(tool(*jobs, "--render", "--urls", str(urls)), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            while proc.poll() is None:
                tree = _tree(proc.pid)
                samples.append((time.perf_counter() - start, sum(_rss(pid) for pid in tree),
                                sum(_pss(pid) for pid in tree)))
                time.sleep(0.5)
            elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    result: dict = {"pages": args.memory_pages, "seconds": round(elapsed, 1), "exit": proc.returncode,
                    "pages_per_s": round(args.memory_pages / elapsed, 2)}
    for name, column in (("rss", 1), ("pss", 2)):
        quarters = []
        for q in range(4):
            part = [sample[column] for sample in samples if q * elapsed / 4 <= sample[0] < (q + 1) * elapsed / 4]
            quarters.append(round(max(part) / 2**20, 1) if part else None)
        result[f"peak_{name}_mib_by_quarter"] = quarters
        result[f"{name}_last_vs_first_quarter"] = (round(quarters[3] / quarters[0], 3)
                                                   if quarters[0] and quarters[3] else None)
    return result


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (the browser's processes share most of theirs) counted
    once in all, not once per process as in the resident set."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="Rendering benchmark (see the module docstring).")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for disclosure-lint (default: its own)")
    parser.add_argument("--memory", action="store_true", help="memory over a 1,000-page rendered run instead")
    parser.add_argument("--memory-pages", type=int, default=1000)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}; set DISCLOSURE_LINT_CORPUS")
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()), file=sys.stderr)
    result = memory(args) if args.memory else speed(args)
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()), file=sys.stderr)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
