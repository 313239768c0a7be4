"""Per-page cost of this checkout against an earlier revision, measured in one run.

    .venv/bin/python bench/bench_versions.py --base 3f929f0          # the revision before a change
    .venv/bin/python bench/bench_versions.py --base main --rounds 12

The base revision is exported with `git archive` into a temporary folder; each round runs one
child process per version (in alternating order) that checks every HTML page of the shared corpus
(and a few synthetic long pages made here) a few times and reports the median time per page. So
both versions see the same machine load, and the ratio head/base is what the change costs. Times
are the process's CPU time (checking is single-threaded), which a busy neighbour on a shared
machine disturbs far less than wall-clock time. Start-up (imports, loading the vocabulary and
rules) happens before timing and is not counted."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "cases"

CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from disclosure_lint.engine import load_engine
from disclosure_lint.extract import load_vocabulary
from disclosure_lint.pipeline import Checker
from disclosure_lint.sources.files import read_file
checker = Checker(load_vocabulary(), load_engine())
paths = [Path(p) for p in json.loads(sys.argv[2])]
documents = [read_file(str(p), p) for p in paths]
repeats = int(sys.argv[3])
for d in documents:
    checker.check(d)  # warm: compiled patterns, caches
per_page = []
for d in documents:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        checker.check(d)
        times.append(time.process_time() - start)
    per_page.append(min(times))
print(json.dumps({"median_ms": statistics.median(per_page) * 1000, "total_ms": sum(per_page) * 1000}))
"""


def export(revision: str, into: Path) -> Path:
    archive = into / "base.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), revision,
                    "disclosure_lint", "rules"], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "base", filter="data")
    return into / "base"


def synthetic(into: Path) -> list[Path]:
    """Longer pages than the corpus has, with labels: a long article and a page of many short blocks."""
    paragraph = ("<p>The council met on Tuesday to discuss the harbour and the ferries, and the members "
                 "agreed to publish the figures before the summer. </p>\n")
    head = "<html lang='en'><body><article>"
    tail = "</article></body></html>"
    pages = {
        "long-article.html": head + "<p class='kicker'>Sponsored by Acme</p><h1>Harbour</h1>" + paragraph * 400
                             + "<p>This article is sponsored by Acme Ltd.</p>" + tail,
        "many-blocks.html": head + "<h1>Lists</h1>" + "<li>Item with a short text about tea and coffee</li>\n" * 2000
                            + tail,
    }
    paths = []
    for name, text in pages.items():
        path = into / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3, help="checks of each page per round (the fastest counts)")
    ap.add_argument("--corpus", default=str(SHARED))
    args = ap.parse_args()
    corpus = sorted(str(p) for p in Path(args.corpus).glob("*.html")) if Path(args.corpus).is_dir() else []
    with tempfile.TemporaryDirectory(prefix="bench-versions-") as tmp:
        base = export(args.base, Path(tmp))
        extra = [str(p) for p in synthetic(Path(tmp))]
        versions = {"base": str(base), "head": str(ROOT)}
        results: dict[str, dict[str, list[float]]] = {v: {"corpus": [], "synthetic": []} for v in versions}
        for round_number in range(args.rounds):
            order = list(versions) if round_number % 2 == 0 else list(reversed(versions))
            for version in order:
                for kind, paths in (("corpus", corpus), ("synthetic", extra)):
                    if not paths:
                        continue
                    out = subprocess.run([sys.executable, "-c", CHILD, versions[version], json.dumps(paths),
                                          str(args.repeats)], capture_output=True, text=True, check=True,
                                         env={**os.environ, "PYTHONHASHSEED": "0"})
                    results[version][kind].append(json.loads(out.stdout)["median_ms" if kind == "corpus"
                                                                          else "total_ms"])
    print(f"base {args.base} against this checkout, {args.rounds} rounds, load {os.getloadavg()[0]:.1f}")
    for kind, what in (("corpus", "median ms per corpus page"), ("synthetic", "ms for the synthetic pages")):
        if not results["base"][kind]:
            continue
        base_value = statistics.median(results["base"][kind])
        head_value = statistics.median(results["head"][kind])
        print(f"{what}: base {base_value:.2f}  head {head_value:.2f}  head/base {head_value / base_value:.2f}x "
              f"(rounds: base {', '.join(f'{v:.2f}' for v in results['base'][kind])}; "
              f"head {', '.join(f'{v:.2f}' for v in results['head'][kind])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
