"""Start-up benchmark: wall time of `disclosure-lint --version` and of checking one draft (the
founding example), each run as a fresh process the way a user or a CI step runs it.

    .venv/bin/python bench/bench_startup.py              # 30 runs of each, interleaved
    .venv/bin/python bench/bench_startup.py --runs 50 --json bench/results/startup.json

The two commands alternate run by run, so a neighbour's load falls on both alike; the median is
the figure the budget is about (DESIGN.md: --version under 0.25 s, one draft under 0.6 s), with
the minimum and the 90th percentile beside it. `hyperfine` gives the same numbers where it is
installed:

    hyperfine --warmup 3 --runs 30 '.venv/bin/disclosure-lint --version' \\
        '.venv/bin/disclosure-lint check --exit-zero fixtures/founding/euractiv-underwritten.txt'"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "fixtures" / "founding" / "euractiv-underwritten.txt"
BUDGETS = {"version": 0.25, "check-one-draft": 0.6}


def command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m disclosure_lint`."""
    script = Path(sys.executable).parent / "disclosure-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "disclosure_lint"]


def timed_run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each command (default 30)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    base = command()
    commands = {"version": [*base, "--version"],
                "check-one-draft": [*base, "check", "--exit-zero", str(DRAFT)]}
    for argv in commands.values():  # warm the file cache and byte-code once
        timed_run(argv)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for r in range(args.runs):
        for name in (list(commands) if r % 2 == 0 else list(reversed(commands))):
            samples[name].append(timed_run(commands[name]))
    print(f"disclosure-lint start-up | {' '.join(base)} | {args.runs} runs each | load {os.getloadavg()[0]:.2f}")
    figures = {}
    for name, values in samples.items():
        values.sort()
        figures[name] = {"median": statistics.median(values), "min": values[0],
                         "p90": values[int(len(values) * 0.9) - 1], "budget": BUDGETS[name]}
        f = figures[name]
        verdict = "within" if f["median"] < f["budget"] else "OVER"
        print(f"  {name:16} median {f['median']:.3f} s  min {f['min']:.3f} s  p90 {f['p90']:.3f} s  "
              f"(budget {f['budget']} s: {verdict})")
    print(f"load average after: {os.getloadavg()[0]:.2f} (above ~0.5 means other work shared the CPUs)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"runs": args.runs, "figures": figures, "samples": samples}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
