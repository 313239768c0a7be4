"""Hostile documents: wall time and peak memory of checking each one in a fresh process.

    .venv/bin/python bench/bench_hostile.py
    .venv/bin/python bench/bench_hostile.py --json bench/results/hostile.json

The documents are the ones tests/test_robust_documents.py checks (built by tests/adversarial.py):
nesting 100,000 deep, a 20 MB page, 5 MB lines, NUL bytes, invalid and mixed encodings, 10,000
labels, 5,000 JSON-LD blocks, huge attributes, a frameset-only page, Markdown bracket bombs, and
the shapes whose cost once grew faster than their size (a 5 MB line of label words, 5 MB of
"Sponsored by ", a tag with a million attributes, 8,000 unclosed suppression comments, 5 MB of
inline labels). Each is checked with `disclosure-lint check --format json --jobs 1` in its own
process; peak memory is the higher of that process's and its worker's high-water marks, CPU time
theirs together. The limits of acceptance (10 s and 1 GB each; 5 s and 500 MB for the growth
shapes) are printed beside the figures.

Then, for each growth shape, the ratio of CPU time between a page and one ten times its size,
checked in this process (tests/test_robust_linear.py asserts it at smaller sizes): linear is
about 10, the acceptance limit 15."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.adversarial import ADVERSARIAL, GROWTH, growth, run_measured  # noqa: E402

LIMIT_SECONDS, LIMIT_MB = 10.0, 1024
GROWTH_LIMIT_SECONDS, GROWTH_LIMIT_MB, GROWTH_LIMIT_RATIO = 5.0, 500, 15.0
GROWTH_SMALL = 500_000  # bytes of the smaller page of each ratio (the larger is 5 MB)


def measure(path: Path) -> tuple[float, float, float, int, str]:
    run = run_measured("check", "--format", "json", "--jobs", "1", "--fail-on", "never", path.name, cwd=path.parent)
    document = json.loads(run.stdout)["documents"][0]
    outcome = document["status"] if document["status"] == "checked" else f"error: {document['error']['kind']}"
    return run.seconds, run.cpu_seconds, run.peak_mb, run.code, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    rows = []
    print(f"hostile documents | load {os.getloadavg()[0]:.2f} | limits {LIMIT_SECONDS:g} s, {LIMIT_MB} MB "
          f"({GROWTH_LIMIT_SECONDS:g} s, {GROWTH_LIMIT_MB} MB for the growth shapes)")
    print(f"{'document':30} {'MB':>6} {'seconds':>8} {'CPU s':>6} {'peak MB':>8} {'exit':>4}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for case in ADVERSARIAL:
            path = Path(folder) / f"{case.name}{case.suffix}"
            path.write_bytes(case.build())
            seconds, cpu, peak, code, outcome = measure(path)
            size = path.stat().st_size / 1e6
            path.unlink()
            limit_s, limit_mb = (GROWTH_LIMIT_SECONDS, GROWTH_LIMIT_MB) if case.name in GROWTH else (LIMIT_SECONDS,
                                                                                                    LIMIT_MB)
            flag = "" if seconds < limit_s and peak < limit_mb else "  OVER A LIMIT"
            print(f"{case.name:30} {size:6.1f} {seconds:8.2f} {cpu:6.2f} {peak:8.0f} {code:4}  {outcome}{flag}")
            rows.append({"document": case.name, "mb": size, "seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak,
                         "exit": code, "outcome": outcome})
    print(f"\ngrowth: CPU seconds for {GROWTH_SMALL / 1e6:g} MB and ten times that, checked in this process")
    for name, build in GROWTH.items():
        small, large = growth(build, GROWTH_SMALL, repeats=3)
        flag = "" if large <= GROWTH_LIMIT_RATIO * small else "  OVER THE LIMIT"
        print(f"{name:30} {small:7.3f} {large:7.3f}  {large / small:5.1f}x{flag}")
        rows.append({"growth": name, "small_cpu_seconds": small, "large_cpu_seconds": large, "ratio": large / small})
    print(f"load average after: {os.getloadavg()[0]:.2f} (above ~0.5 means other work shared the CPUs)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
