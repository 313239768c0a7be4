"""Fetching benchmark: does fetching hide behind parsing?

One run measures, against the same local server (bench/pageserver.py: the corpus HTML pages, each
answer held back 50 ms like a distant site):
  urls   disclosure-lint check --urls FILE        (N URLs of the server)
  disk   disclosure-lint check FILE...            (the same N pages from disk)
  plain  a one-at-a-time httpx.get + BeautifulSoup(html, "lxml") loop, the obvious script
and prints pages/s for each and the ratios urls/disk and urls/plain. Runs alternate (disk, urls,
disk, urls, ...) so a busy neighbour slows both alike; the best of --repeat runs counts.

`--clients` measures fetching alone: one httpx client with 64 or 16 requests in flight against the
fetcher's pool per host, pages/s and client CPU per page.

`--memory` instead measures peak memory (resident set of the whole process tree, sampled) of
`check --urls` over 500 and 5,000 URLs, to show memory stays flat as the number of URLs grows.

    python bench/bench_fetch.py                      # 1,000 URLs, 3 repeats
    python bench/bench_fetch.py --memory             # 500 vs 5,000 URLs
    python bench/bench_fetch.py --clients            # the one-client trap, fetching alone
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("DISCLOSURE_LINT_CORPUS", "/work/shared/corpus/cases"))
PLAIN_LOOP = r"""
import sys, time, httpx
from bs4 import BeautifulSoup
urls = [line.strip() for line in open(sys.argv[1]) if line.strip()]
start = time.perf_counter()
with httpx.Client() as client:
    for url in urls:
        soup = BeautifulSoup(client.get(url).content, "lxml")
        soup.find_all(string=True)
print(time.perf_counter() - start)
"""


def start_server(folder: Path, delay: float) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, str(HERE / "pageserver.py"), str(folder), "--delay", str(delay)],
                            stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    return proc, port


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".html", ".htm"))


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {proc.stderr[-500:]}")
    return elapsed


def tool(*args: str) -> list[str]:
    return [sys.executable, "-m", "disclosure_lint", "check", "--format", "json", "--no-progress", *args]


def speed(args: argparse.Namespace) -> dict:
    files = pages(CORPUS)
    server, port = start_server(CORPUS, args.delay)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            url_file.write_text("".join(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(args.pages)))
            plain_file = Path(tmp) / "plain.txt"
            plain_file.write_text("".join(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(args.plain_pages)))
            disk = [str(files[i % len(files)]) for i in range(args.pages)]
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            timed(tool(*jobs, *disk[:50]))  # warm the file cache and the interpreter's
            times: dict[str, list[float]] = {"disk": [], "urls": [], "plain": []}
            for _ in range(args.repeat):
                times["disk"].append(timed(tool(*jobs, *disk)))
                times["urls"].append(timed(tool(*jobs, *args.fetch_args.split(), "--urls", str(url_file))))
            for _ in range(max(1, args.repeat - 1)):
                out = subprocess.run([sys.executable, "-c", PLAIN_LOOP, str(plain_file)], capture_output=True,
                                     text=True, check=True).stdout
                times["plain"].append(float(out))
    finally:
        server.terminate()
        server.wait()
    rate = {"disk": args.pages / min(times["disk"]), "urls": args.pages / min(times["urls"]),
            "plain": args.plain_pages / min(times["plain"])}
    return {"pages": args.pages, "plain_pages": args.plain_pages, "delay_ms": args.delay * 1000,
            "repeat": args.repeat, "seconds": times, "pages_per_s": rate,
            "urls_vs_disk": rate["urls"] / rate["disk"], "urls_vs_plain": rate["urls"] / rate["plain"]}


def peak_tree_rss(proc: subprocess.Popen) -> int:
    """Peak of the summed resident set of a process and all its descendants, sampled every 20 ms."""
    peak = 0
    while proc.poll() is None:
        total = sum(_rss(pid) for pid in _tree(proc.pid))
        peak = max(peak, total)
        time.sleep(0.02)
    return peak


def _tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return pids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def memory(args: argparse.Namespace) -> dict:
    server, port = start_server(CORPUS, args.delay)
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for count in (500, 5000):
                url_file = Path(tmp) / f"urls{count}.txt"
                url_file.write_text("".join(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(count)))
                jobs = ["--jobs", str(args.jobs)] if args.jobs else []
                start = time.perf_counter()
                proc = subprocess.Popen(tool(*jobs, "--urls", str(url_file)), stdout=subprocess.DEVNULL)
                peak = peak_tree_rss(proc)
                results[count] = {"peak_rss_mib": round(peak / 2**20, 1),
                                  "seconds": round(time.perf_counter() - start, 1), "exit": proc.returncode}
    finally:
        server.terminate()
        server.wait()
    return {"runs": results, "ratio_5000_vs_500": results[5000]["peak_rss_mib"] / results[500]["peak_rss_mib"]}


ONE_CLIENT = r"""
import asyncio, sys, time, httpx
urls = [line.strip() for line in open(sys.argv[1]) if line.strip()]
in_flight = int(sys.argv[2])
async def main():
    gate = asyncio.Semaphore(in_flight)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=in_flight)) as client:
        async def one(url):
            async with gate:
                return len((await client.get(url)).content)
        await asyncio.gather(*(one(u) for u in urls))
start, cpu = time.perf_counter(), time.process_time()
asyncio.run(main())
print(time.perf_counter() - start, time.process_time() - cpu)
"""
FETCHER = r"""
import sys, time
from disclosure_lint.sources import FetchOptions, UrlList, iter_documents
per_host = int(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
for _ in iter_documents([UrlList(sys.argv[1])], FetchOptions(per_host=per_host, concurrency=max(16, per_host))):
    pass
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def clients(args: argparse.Namespace) -> dict:
    """Fetching alone (no checking): pages/s and client CPU per page, one client with many requests
    in flight (the known trap) against the fetcher's pools per host with a few each."""
    server, port = start_server(CORPUS, args.delay)
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            url_file.write_text("".join(f"http://127.0.0.1:{port}/page/{i}\n" for i in range(args.pages)))
            setups = [("one httpx client, 64 in flight", ONE_CLIENT, 64),
                      ("one httpx client, 16 in flight", ONE_CLIENT, 16),
                      ("fetcher, --per-host 6 (default)", FETCHER, 6),
                      ("fetcher, --per-host 16", FETCHER, 16)]
            for name, script, in_flight in setups:
                best = None
                for _ in range(args.repeat):
                    out = subprocess.run([sys.executable, "-c", script, str(url_file), str(in_flight)],
                                         capture_output=True, text=True, check=True).stdout.split()
                    wall, cpu = float(out[0]), float(out[1])
                    if best is None or wall < best[0]:
                        best = (wall, cpu)
                results[name] = {"pages_per_s": round(args.pages / best[0], 1),
                                 "cpu_ms_per_page": round(1000 * best[1] / args.pages, 2)}
    finally:
        server.terminate()
        server.wait()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Fetching benchmark (see the module docstring).")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--plain-pages", type=int, default=200, help="pages for the slow plain loop (rate counts)")
    parser.add_argument("--delay", type=float, default=0.05, help="server latency per answer in seconds")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for disclosure-lint (default: its own)")
    parser.add_argument("--memory", action="store_true", help="peak memory over 500 and 5,000 URLs instead")
    parser.add_argument("--fetch-args", default="", help="extra options for the URL run, e.g. '--per-host 8'")
    parser.add_argument("--clients", action="store_true", help="fetching alone: one client vs pools per host")
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON")
    args = parser.parse_args()
    if args.clients:
        for name, numbers in clients(args).items():
            print(f"  {name:<34} {numbers['pages_per_s']:7.1f} pages/s  {numbers['cpu_ms_per_page']:5.2f} ms CPU/page")
        return
    result = memory(args) if args.memory else speed(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    if args.memory:
        for count, run in result["runs"].items():
            print(f"{count:>5} URLs: peak {run['peak_rss_mib']} MiB (process tree), {run['seconds']} s, "
                  f"exit {run['exit']}")
        print(f"5,000 vs 500: {result['ratio_5000_vs_500']:.2f}x")
        return
    rate = result["pages_per_s"]
    print(f"{result['pages']} pages, server latency {result['delay_ms']:.0f} ms, best of {result['repeat']}, "
          f"load average {os.getloadavg()[0]:.2f}")
    for name in ("urls", "disk", "plain"):
        print(f"  {name:<6} {rate[name]:7.1f} pages/s")
    print(f"  urls / disk  {result['urls_vs_disk']:.2f}x   (target >= 0.8)")
    print(f"  urls / plain {result['urls_vs_plain']:.2f}x   (target >= 6)")


if __name__ == "__main__":
    main()
