"""Service benchmark: latency of POST /v1/check under load, against the same checks made in-process
through the Python API in the same run.

    .venv/bin/python bench/bench_service.py                    # 20 clients x 10 requests at once, 3 rounds
    .venv/bin/python bench/bench_service.py --mode steady      # each client one request after another
    .venv/bin/python bench/bench_service.py --rounds 5 --json bench/results/service.json

`disclosure-lint serve` runs as a real process on 127.0.0.1 (its defaults: one worker process per
CPU core, 256 requests may wait). Each round: 20 clients (httpx.AsyncClient, on one event loop in
this process), each sending 10 requests, cycling through four small drafts (HTML, Markdown, text):
all 200 at once in the default burst mode (as tests/test_service.py does), or one after another
per client (20 in flight) with --mode steady. Every answer must be a 200 with the findings the API
gives for that draft, or the benchmark stops. Reported: p50, p95, p99 and max latency per request,
requests per second, the same clients' GET /healthz (HTTP and the client's own cost without a
check), and the baseline: the same 200 checks through `Linter.check_text` in this process, one
after another. In a burst the last request waits for the 199 before it: p99 is about 200 checks
divided among the workers, plus the HTTP work."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
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
               burst: bool, health: bool = False) -> tuple[list[float], float]:
    """Every request's latency and the round's wall time. `burst`: each client sends all its
    requests at once (clients x requests in flight), else one after another (clients in flight).
    `health`: GET /healthz instead (the HTTP round trip and this client's own cost, no check)."""
    import asyncio

    import httpx

    async def client(number: int) -> list[float]:
        async with httpx.AsyncClient(base_url=url, timeout=300,
                                     limits=httpx.Limits(max_connections=requests)) as http:
            async def one(i: int) -> float:
                text, fmt, codes = texts[(number + i) % len(texts)]
                start = time.perf_counter()
                if health:
                    answer = await http.get("/healthz")
                    if answer.status_code != 200:
                        raise SystemExit(f"/healthz answered {answer.status_code}")
                    return time.perf_counter() - start
                answer = await http.post("/v1/check", json={"content": text, "format": fmt})
                elapsed = time.perf_counter() - start
                found = [f["code"] for f in answer.json()["documents"][0]["findings"]] if answer.is_success else []
                if answer.status_code != 200 or found != codes:
                    raise SystemExit(f"wrong answer: {answer.status_code} {found} (expected {codes})")
                return elapsed

            if burst:
                return list(await asyncio.gather(*(one(i) for i in range(requests))))
            return [await one(i) for i in range(requests)]

    async def everyone() -> list[float]:
        return [t for batch in await asyncio.gather(*(client(n) for n in range(clients))) for t in batch]

    start = time.perf_counter()
    latencies = asyncio.run(everyone())
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
    parser.add_argument("--mode", choices=("burst", "steady"), default="burst",
                        help="burst: each client sends its requests at once, all 200 in flight (as "
                             "tests/test_service.py does); steady: one after another, 20 in flight")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    burst = args.mode == "burst"

    from disclosure_lint import Linter
    from tests.service_process import start_service

    linter = Linter(config=False)
    texts = [(path.read_text(encoding="utf-8"), fmt, [f.code for f in linter.check_file(path).findings])
             for path, fmt in DRAFTS]
    total = args.clients * args.requests
    load_before = os.getloadavg()[0]
    service = start_service()
    try:
        load_round(service.url, 2, 4, texts, burst)  # warm: first imports in the workers
        baseline_round(linter, texts, 20)
        latencies: list[float] = []
        health: list[float] = []
        walls, health_walls, baselines = [], [], []
        for _ in range(args.rounds):  # alternate, so a neighbour's load falls on all alike
            round_latencies, wall = load_round(service.url, args.clients, args.requests, texts, burst)
            latencies += round_latencies
            walls.append(wall)
            baselines.append(baseline_round(linter, texts, total))
            round_health, wall = load_round(service.url, args.clients, args.requests, texts, burst, health=True)
            health += round_health
            health_walls.append(wall)
    finally:
        service.stop()
    base = statistics.median(baselines)
    figures = {
        "mode": args.mode, "clients": args.clients, "requests_per_round": total, "rounds": args.rounds,
        "answered": len(latencies),
        "p50_ms": percentile(latencies, 0.50) * 1000, "p95_ms": percentile(latencies, 0.95) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
        "requests_per_s": total / statistics.median(walls),
        "healthz_p50_ms": percentile(health, 0.50) * 1000, "healthz_p99_ms": percentile(health, 0.99) * 1000,
        "healthz_requests_per_s": total / statistics.median(health_walls),
        "baseline_check_ms": base * 1000, "baseline_checks_per_s": 1 / base,
        "p99_over_baseline": percentile(latencies, 0.99) / base,
        "cores": len(os.sched_getaffinity(0)), "load_before": load_before, "load_after": os.getloadavg()[0],
    }
    print(f"disclosure-lint serve | {args.mode} | {args.clients} clients x {args.requests} requests x "
          f"{args.rounds} rounds | {figures['cores']} cores | load {load_before:.2f} -> {figures['load_after']:.2f}")
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
