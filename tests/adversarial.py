"""Hostile documents, made by code (a 20 MB page does not belong in the repository). Each builder
returns the bytes of one document; ADVERSARIAL names them with the file suffix they are checked
under and what a correct run reports for them."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PARAGRAPH = ("<p>The council said on Tuesday that members would review proposals for energy markets and grid "
             "investment, while industry groups asked for clearer rules on subsidies before the next budget.</p>\n")
HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Energy markets</title></head><body>'
LABELLED = "<article><h1>Energy markets review</h1><p>Sponsored by Example Energy Foundation</p>\n"


def page(body: str, head: str = HEAD) -> bytes:
    return (head + body + "</body></html>").encode("utf-8")


def deep_nesting(depth: int = 100_000) -> bytes:
    return page("<div>" * depth + "Sponsored by Acme" + "</div>" * depth)


def deep_unclosed_inline(depth: int = 100_000) -> bytes:
    return page("<p>" + "<b>" * depth + "Sponsored by Acme")


def big_page(size: int = 20_000_000) -> bytes:
    body = PARAGRAPH * (size // len(PARAGRAPH) + 1)
    return page(LABELLED + body + "</article>")


def long_line_html(size: int = 5_000_000) -> bytes:
    line = PARAGRAPH.replace("\n", " ")
    return page(LABELLED.replace("\n", "") + line * (size // len(line) + 1) + "</article>").replace(b"\n", b" ")


def long_line_text(size: int = 5_000_000) -> bytes:
    sentence = "Sponsored by Acme. This article is paid content from Example Corp and Partners. "
    return (sentence * (size // len(sentence) + 1)).encode("utf-8")


def nul_bytes() -> bytes:
    return page(LABELLED + PARAGRAPH * 80 + "<p>Anzeige\x00 von\x00 Acme</p>\x00" + PARAGRAPH * 20 + "</article>")


def nul_at_start() -> bytes:
    return b"\x00\x00<html><body><p>Sponsored by Acme</p></body></html>"


def invalid_utf8() -> bytes:
    noise = bytes(random.Random(6).randrange(128, 256) for _ in range(200_000))
    return page(LABELLED + PARAGRAPH * 5 + "NOISE</article>").replace(b"NOISE", b"<p>" + noise + b"</p>")


def mixed_encodings() -> bytes:
    """A page that declares Latin-1, holds UTF-8 and Windows-1252 text, and stray UTF-16 code units."""
    head = HEAD.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("ascii")
    return (head + "<article><h1>Über München</h1><p>Anzeige: präsentiert von Müller & Söhne</p>".encode()
            + "<p>Gesponsert von Bäckerei Köhler – “Qualität”</p>".encode("cp1252")
            + "<p>Werbung</p>".encode("utf-16-le").replace(b"\x00", b"")
            + b"<p>\xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28</p>" + (PARAGRAPH * 5).encode() + b"</article></body></html>")


def many_labels(count: int = 10_000) -> bytes:
    """A German page (labels are read in the page's language, with English loanwords)."""
    return page("<h1>Labels</h1>" + "".join(f"<p>Anzeige</p><p>Sponsored by Acme {i}</p>\n" for i in range(count // 2)),
                HEAD.replace('lang="en"', 'lang="de"'))


def many_labels_one_block(count: int = 10_000) -> bytes:
    return page("<h1>Labels</h1><p>" + " | ".join(f"Sponsored by Acme{i}" for i in range(count)) + "</p>")


def many_logo_labels(count: int = 10_000) -> bytes:
    """Labels whose sponsor is only in a logo next to them: each looks at the markup that follows."""
    item = '<div class="partner"><span>Supported by</span><img src="l.png" alt="Acme {i}"></div>\n'
    return page("<h1>Logos</h1><div>" + "".join(item.format(i=i) for i in range(count)) + "</div>")


def many_jsonld(count: int = 5_000) -> bytes:
    blocks = []
    for i in range(count):
        if i % 500 == 2:  # nested past what a recursive reader survives
            blocks.append("[" * 50_000 + "]" * 50_000)
        elif i % 2:
            blocks.append('{"@type": [broken, "NewsArticle", ')
        else:
            blocks.append(json.dumps({"@type": "AdvertiserContentArticle", "sponsor": {"name": f"Acme {i}"}}))
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return page(LABELLED + PARAGRAPH * 5 + "</article>", HEAD.replace("</head>", scripts + "</head>"))


def huge_attributes() -> bytes:
    data_url = "data:image/png;base64," + "A" * 12_000_000
    classes = " ".join(f"c{i}" for i in range(200_000))
    many = " ".join(f'data-a{i}="v"' for i in range(10_000))
    return page(f'<div class="{classes}" {many}><img src="{data_url}" alt="x">' + LABELLED + PARAGRAPH * 5
                + "</article></div>")


def frameset_only() -> bytes:
    return b'<html><frameset cols="50%,50%"><frame src="a.html"><frame src="b.html"></frameset></html>'


def markdown_bombs() -> bytes:
    """Unclosed link, image, tag and comment syntax, a hundred thousand times each."""
    return ("Sponsored by Acme.\n\n" + "[" * 100_000 + "\n\n" + "![a](" * 50_000 + "\n\n" + "<a" * 100_000 + "\n\n"
            + "<!--" * 100_000 + "\n\n" + "<http:" * 50_000 + "\n").encode()


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    suffix: str
    status: str  # "checked" or "error"
    error_kind: str | None = None
    label: str | None = None  # a label text the check must find, when the page can be read


ADVERSARIAL = [
    Case("deep-nesting-100000", deep_nesting, ".html", "error", "too-deep"),
    Case("deep-unclosed-inline-100000", deep_unclosed_inline, ".html", "error", "too-deep"),
    Case("page-20mb", big_page, ".html", "checked", label="Sponsored by Example Energy Foundation"),
    Case("one-5mb-line-html", long_line_html, ".html", "checked", label="Sponsored by Example Energy Foundation"),
    Case("one-5mb-line-text", long_line_text, ".txt", "checked", label="Sponsored by Acme"),
    Case("nul-bytes", nul_bytes, ".html", "checked", label="Sponsored by Example Energy Foundation"),
    Case("nul-at-start", nul_at_start, ".html", "error", "binary"),
    # 200 KB of bytes no encoding reads as text: refused, not checked as garbage.
    Case("invalid-utf8", invalid_utf8, ".html", "error", "encoding"),
    Case("mixed-encodings", mixed_encodings, ".html", "checked"),
    Case("labels-10000", many_labels, ".html", "checked", label="Anzeige"),
    Case("labels-10000-one-block", many_labels_one_block, ".html", "checked", label="Sponsored by Acme0"),
    Case("logo-labels-10000", many_logo_labels, ".html", "checked"),
    Case("jsonld-5000-broken", many_jsonld, ".html", "checked", label="Sponsored by Example Energy Foundation"),
    Case("huge-attributes", huge_attributes, ".html", "checked", label="Sponsored by Example Energy Foundation"),
    Case("frameset-only", frameset_only, ".html", "checked"),
    Case("markdown-bombs", markdown_bombs, ".md", "checked"),
]


# Runs `python -m disclosure_lint ARGS` and, at exit, writes the process's own peak RSS (VmHWM) to a
# file. wait4()'s ru_maxrss would not do: a child inherits its parent's peak when it is forked and
# exec'd, so a test process holding a 20 MB page in memory would report its own size for every run.
_PEAK_WRAPPER = """
import atexit, runpy, sys
out = sys.argv[1]
def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(out, "w") as f:
        f.write(kb)
atexit.register(peak)
sys.argv = ["disclosure-lint", *sys.argv[2:]]
runpy.run_module("disclosure_lint", run_name="__main__", alter_sys=True)
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


def run_measured(*args: str, cwd: Path, guard: float = 120.0) -> Run:
    """The real command line in a fresh process, with its wall time and peak memory; killed after
    `guard` seconds (a hang), which raises TimeoutError."""
    files = {name: cwd / f".{name}" for name in ("stdout", "stderr", "peak")}
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    with files["stdout"].open("wb") as stdout, files["stderr"].open("wb") as stderr:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _PEAK_WRAPPER, str(files["peak"]), *args], stdout=stdout,
                                stderr=stderr, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        try:
            code = proc.wait(guard)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            raise TimeoutError(f"still running after {guard:g} s: {args}") from None
        seconds = time.monotonic() - start
    peak = int(files["peak"].read_text()) / 1024 if files["peak"].exists() else float("nan")
    run = Run(code, files["stdout"].read_text("utf-8", "replace"), files["stderr"].read_text("utf-8", "replace"),
              peak, seconds)
    for path in files.values():
        path.unlink(missing_ok=True)
    return run
