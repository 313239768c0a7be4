"""Score the checker on the shared corpus split into a tuning part and a held-out third.

The shared pages (`cases.tsv`) and lines (`phrases.tsv`) are the tuning set; to keep the design
honest a fixed third of each is set aside and looked at only to report. Which rows are held out is
decided by a hash of the row's id and the seed below, so the split is the same on every machine and
does not change when rows are added elsewhere in the table.

    python bench/heldout.py                 # both scorers on both parts
    python bench/heldout.py --part tuning -v
    python bench/heldout.py --list heldout  # the ids set aside
    python bench/heldout.py --part unseen   # the held-out third without the rows in SEEN

SEEN lists held-out rows whose wording reached the design anyway: on 2026-12-02 a list of misses
from a whole-corpus run was quoted in the work descriptions for the vocabulary, so fixtures and
shapes were written with these lines in view. They stay in `heldout`, and `unseen` scores the
held-out third without them, the one part no design decision looked at.

The filtered tables are written to a temporary folder (the case files are linked, not copied) and
the shared scorers (`../shared/eval/score.py`, `score_phrases.py`) run on each part unchanged."""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = "disclosure-lint-heldout-2026-12"
HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
DEFAULT_CMD = f"{HERE.parent / '.venv' / 'bin' / 'disclosure-lint'} check --format json"


SEEN = frozenset({
    "caseH07_en_theflip-africa.html", "caseH15_de_eatsmarter-de.html",
    "L039", "L050", "L060", "L084", "L098", "L122", "L129", "L152", "L229", "L257",
})


def held_out(row_id: str) -> bool:
    """One row in three, by a stable hash of the seed and the row's id."""
    digest = hashlib.sha256(f"{SEED}:{row_id}".encode()).digest()
    return digest[0] % 3 == 0


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _part(rows: list[dict[str, str]], key: str, part: str) -> list[dict[str, str]]:
    if part == "all":
        return rows
    if part == "unseen":
        return [r for r in rows if held_out(r[key]) and r[key] not in SEEN]
    return [r for r in rows if held_out(r[key]) == (part == "heldout")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(SHARED), help="the shared folder (corpus/ and eval/)")
    ap.add_argument("--part", choices=("tuning", "heldout", "unseen", "all"), action="append",
                    help="which part to score (repeatable; default: tuning, heldout and unseen)")
    ap.add_argument("--cmd", default=DEFAULT_CMD, help="command that takes files and prints the JSON report")
    ap.add_argument("--only", choices=("pages", "phrases"), help="one scorer only")
    ap.add_argument("--list", choices=("tuning", "heldout", "unseen"), help="print the ids of one part and stop")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    corpus = shared / "corpus"
    case_fields, cases = _read(corpus / "cases.tsv")
    phrase_fields, phrases = _read(corpus / "phrases.tsv")
    if args.list:
        for row in _part(cases, "file", args.list):
            print(row["file"])
        for row in _part(phrases, "id", args.list):
            print(row["id"])
        return 0
    parts = args.part or ["tuning", "heldout", "unseen"]
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        for part in parts:
            print(f"== {part} ==", flush=True)
            if args.only in (None, "pages"):
                folder = Path(tmp) / f"pages-{part}"
                folder.mkdir()
                os.symlink(corpus / "cases", folder / "cases")
                chosen = _part(cases, "file", part)
                _write(folder / "cases.tsv", case_fields, chosen)
                command = [sys.executable, str(shared / "eval" / "score.py"), "--corpus", str(folder),
                           "--cmd", args.cmd, *(["-v"] if args.verbose else [])]
                subprocess.run(command, check=False)
            if args.only in (None, "phrases"):
                table = Path(tmp) / f"phrases-{part}.tsv"
                _write(table, phrase_fields, _part(phrases, "id", part))
                command = [sys.executable, str(shared / "eval" / "score_phrases.py"), "--table", str(table),
                           "--cmd", args.cmd, *(["-v"] if args.verbose else [])]
                subprocess.run(command, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
