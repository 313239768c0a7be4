"""Runs the console blocks of a document: each `$ COMMAND` line is run with bash in a scratch
folder (holding a copy of examples/), and the lines after it, up to the next `$`, are what it
printed. `python -m tests.walkthrough docs/auditing.md` rewrites the blocks with what the
commands print today; the test compares them. Times of day are the only thing normalised."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def steps(document: str) -> list[tuple[str, str]]:
    """(command, expected output) for every `$` line of every console block, in order."""
    out: list[tuple[str, str]] = []
    for block in BLOCK.findall(document):
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                out.append((line[2:].rstrip("\n"), ""))
            elif out:
                out[-1] = (out[-1][0], out[-1][1] + line)
    return out


def run(commands: list[str], folder: Path) -> list[str]:
    shutil.copytree(ROOT / "examples", folder / "examples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    printed = []
    for command in commands:
        proc = subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True,
                              timeout=120)
        printed.append(proc.stdout + proc.stderr)
    return printed


def normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in TIME.sub("<time>", text).splitlines())


def rewrite(path: Path) -> None:
    document = path.read_text(encoding="utf-8")
    commands = [command for command, _ in steps(document)]
    with tempfile.TemporaryDirectory() as tmp:
        printed = iter(run(commands, Path(tmp)))

    def fill(match: re.Match) -> str:
        lines = []
        for line in match.group(1).splitlines(keepends=True):
            if line.startswith("$ "):
                lines.append(line)
                lines.append(next(printed))
        return "```console\n" + "".join(lines) + "```\n"

    path.write_text(BLOCK.sub(fill, document), encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]))
