"""Hostile documents: wall time and peak memory of checking each one in a fresh process.

    .venv/bin/python bench/bench_hostile.py
    .venv/bin/python bench/bench_hostile.py --json bench/results/hostile.json

The documents are the ones tests/test_robust_documents.py checks (built by tests/adversarial.py):
nesting 100,000 deep, a 20 MB page, 5 MB lines, NUL bytes, invalid and mixed encodings, 10,000
labels, 5,000 JSON-LD blocks, huge attributes, a frameset-only page, Markdown bracket bombs. Each
is checked with `disclosure-lint check --format json --jobs 1` in its own process; peak memory is
that process's own high-water mark (VmHWM) as it exits. The limits of acceptance (10 s, 1 GB
each) are printed beside the figures."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.adversarial import ADVERSARIAL, run_measured  # noqa: E402

LIMIT_SECONDS, LIMIT_MB = 10.0, 1024


def measure(path: Path) -> tuple[float, float, int, str]:
    run = run_measured("check", "--format", "json", "--jobs", "1", "--fail-on", "never", path.name, cwd=path.parent)
    document = json.loads(run.stdout)["documents"][0]
    outcome = document["status"] if document["status"] == "checked" else f"error: {document['error']['kind']}"
    return run.seconds, run.peak_mb, run.code, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    rows = []
    print(f"hostile documents | load {os.getloadavg()[0]:.2f} | limits {LIMIT_SECONDS:g} s, {LIMIT_MB} MB")
    print(f"{'document':30} {'MB':>6} {'seconds':>8} {'peak MB':>8} {'exit':>4}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for case in ADVERSARIAL:
            path = Path(folder) / f"{case.name}{case.suffix}"
            path.write_bytes(case.build())
            seconds, peak, code, outcome = measure(path)
            size = path.stat().st_size / 1e6
            path.unlink()
            flag = "" if seconds < LIMIT_SECONDS and peak < LIMIT_MB else "  OVER A LIMIT"
            print(f"{case.name:30} {size:6.1f} {seconds:8.2f} {peak:8.0f} {code:4}  {outcome}{flag}")
            rows.append({"document": case.name, "mb": size, "seconds": seconds, "peak_mb": peak, "exit": code,
                         "outcome": outcome})
    print(f"load average after: {os.getloadavg()[0]:.2f} (above ~0.5 means other work shared the CPUs)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
