"""Service benchmark: latency of POST /v1/check under load, against the same checks made in-process
through the Python API in the same run.

    .venv/bin/python bench/bench_service.py                    # 20 clients x 10 requests, 3 rounds
    .venv/bin/python bench/bench_service.py --clients 20 --requests 10 --rounds 5 --json bench/results/service.json

`disclosure-lint serve` runs as a real process on 127.0.0.1 (its default --concurrency, one check
per CPU core). Each round: 20 client threads, each with its own HTTP connection, send their
requests one after another (so up to 20 are in flight), cycling through four small drafts (HTML,
Markdown, text). Every answer must be a 200 with the findings the API gives for that draft, or the
round fails. Reported: p50, p95, p99 and max latency per request, requests per second, the same
clients' GET /healthz (HTTP and the client's own cost without a check), and the baseline: the
same 200 checks through `Linter.check_text` in this process, one after another. The
ratio p99 / baseline-per-check says how much of the wait is queueing behind other requests (with
20 in flight on N cores, about 20/N checks ahead of each) and how much is HTTP and JSON."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRAFTS = [(ROOT / "fixtures" / "api" / "DL201-sponsored-draft-names-nobody.html", "html"),
          (ROOT / "fixtures" / "api" / "DL301-paid-note-at-the-end.md", "markdown"),
          (ROOT / "fixtures" / "api" / "pass-sponsor-named-at-the-top.html", "html"),
          (ROOT / "fixtures" / "founding" / "euractiv-underwritten.txt", "text")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load_round(url: str, clients: int, requests: int, texts: list[tuple[str, str, list[str]]],
               health: bool = False) -> tuple[list[float], float]:
    """Every client's latencies and the round's wall time; `health`: GET /healthz instead (the
    HTTP round trip and this client's own cost, without a check)."""
    import httpx

    def client(number: int) -> list[float]:
        times = []
        with httpx.Client(base_url=url, timeout=120) as http:
            for i in range(requests):
                text, fmt, codes = texts[(number + i) % len(texts)]
                start = time.perf_counter()
                if health:
                    if http.get("/healthz").status_code != 200:
                        raise SystemExit("/healthz failed")
                    times.append(time.perf_counter() - start)
                    continue
                answer = http.post("/v1/check", json={"content": text, "format": fmt})
                times.append(time.perf_counter() - start)
                found = [f["code"] for f in answer.json()["documents"][0]["findings"]]
                if answer.status_code != 200 or found != codes:
                    raise SystemExit(f"wrong answer: {answer.status_code} {found} (expected {codes})")
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [t for batch in pool.map(client, range(clients)) for t in batch]
    return latencies, time.perf_counter() - start


def baseline_round(linter, texts: list[tuple[str, str, list[str]]], count: int) -> float:
    start = time.perf_counter()
    for i in range(count):
        text, fmt, _ = texts[i % len(texts)]
        linter.check_text(text, format=fmt)
    return (time.perf_counter() - start) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    from disclosure_lint import Linter
    from tests.service_process import start_service

    linter = Linter(config=False)
    texts = [(path.read_text(encoding="utf-8"), fmt, [f.code for f in linter.check_file(path).findings])
             for path, fmt in DRAFTS]
    total = args.clients * args.requests
    load_before = os.getloadavg()[0]
    service = start_service()
    try:
        load_round(service.url, 2, 4, texts)  # warm: connections, first imports in the workers
        baseline_round(linter, texts, 20)
        latencies: list[float] = []
        health: list[float] = []
        walls, health_walls, baselines = [], [], []
        for _ in range(args.rounds):  # alternate, so a neighbour's load falls on all alike
            round_latencies, wall = load_round(service.url, args.clients, args.requests, texts)
            latencies += round_latencies
            walls.append(wall)
            baselines.append(baseline_round(linter, texts, total))
            round_health, wall = load_round(service.url, args.clients, args.requests, texts, health=True)
            health += round_health
            health_walls.append(wall)
    finally:
        service.stop()
    base = statistics.median(baselines)
    figures = {
        "clients": args.clients, "requests_per_round": total, "rounds": args.rounds, "answered": len(latencies),
        "p50_ms": percentile(latencies, 0.50) * 1000, "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
        "requests_per_s": total / statistics.median(walls),
        "healthz_p50_ms": percentile(health, 0.50) * 1000, "healthz_p99_ms": percentile(health, 0.99) * 1000,
        "healthz_requests_per_s": total / statistics.median(health_walls),
        "baseline_check_ms": base * 1000, "baseline_checks_per_s": 1 / base,
        "p99_over_baseline": percentile(latencies, 0.99) / base,
        "cores": len(os.sched_getaffinity(0)), "load_before": load_before, "load_after": os.getloadavg()[0],
    }
    print(f"disclosure-lint serve | {args.clients} clients x {args.requests} requests x {args.rounds} rounds "
          f"| {figures['cores']} cores | load {load_before:.2f} -> {figures['load_after']:.2f}")
    print(f"  answered        {figures['answered']} of {total * args.rounds}, all 200 with the API's findings")
    print(f"  latency         p50 {figures['p50_ms']:.1f} ms  p95 {figures['p95_ms']:.1f} ms  "
          f"p99 {figures['p99_ms']:.1f} ms  max {figures['max_ms']:.1f} ms")
    print(f"  throughput      {figures['requests_per_s']:.0f} requests/s (median round)")
    print(f"  GET /healthz    p50 {figures['healthz_p50_ms']:.1f} ms  p99 {figures['healthz_p99_ms']:.1f} ms  "
          f"{figures['healthz_requests_per_s']:.0f} requests/s (the same clients, no check)")
    print(f"  baseline (API)  {figures['baseline_check_ms']:.2f} ms per check, one after another in-process "
          f"({figures['baseline_checks_per_s']:.0f}/s)")
    print(f"  p99 / baseline  {figures['p99_over_baseline']:.1f}x")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
