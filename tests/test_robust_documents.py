"""Hostile documents through the real command line, one process each: every one ends with a result
or a clear per-document error, the right exit code, no traceback, and within the safety limits
(a subprocess timeout and a peak-memory ceiling, both far above what a healthy run needs; the
figures of a run are in docs/performance.md, measured by bench/bench_hostile.py, not asserted
here). Peak memory is the checking process's own high-water mark (VmHWM), read as it exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adversarial import ADVERSARIAL, Case, Run
from tests.adversarial import run_measured as measured

MEMORY_CEILING_MB = 1024


def run_measured(*args: str, cwd: Path) -> Run:
    try:
        return measured(*args, cwd=cwd, guard=120.0)  # a hang guard, far above any healthy run
    except TimeoutError as exc:
        pytest.fail(str(exc))


@pytest.mark.parametrize("case", ADVERSARIAL, ids=[c.name for c in ADVERSARIAL])
def test_hostile_document_gives_a_result_or_a_clear_error(case: Case, tmp_path: Path):
    document = tmp_path / f"{case.name}{case.suffix}"
    document.write_bytes(case.build())
    run = run_measured("check", "--format", "json", "--jobs", "1", "--fail-on", "never", document.name, cwd=tmp_path)

    assert "Traceback" not in run.stderr
    assert run.peak_mb < MEMORY_CEILING_MB, f"{run.peak_mb:.0f} MB"
    report = json.loads(run.stdout)
    [result] = report["documents"]
    assert result["source"] == document.name
    assert result["status"] == case.status, result["error"]
    if case.status == "error":
        assert run.code == 3
        assert result["error"]["kind"] == case.error_kind
        message = result["error"]["message"]
        assert message.startswith(document.name) and "\n" not in message
        assert run.stderr.strip() == f"disclosure-lint: error: {message}"
    else:
        assert run.code == 0
        assert result["error"] is None
    if case.label:
        assert case.label in [label["text"] for label in result["labels"]]


def test_a_batch_with_hostile_documents_checks_the_rest_in_order(tmp_path: Path):
    """Two workers: an unreadable page among ordinary ones is that page's error; the rest are checked."""
    names = []
    for i, case in enumerate(c for c in ADVERSARIAL if c.name in ("deep-nesting-100000", "nul-at-start",
                                                                  "frameset-only", "labels-10000")):
        path = tmp_path / f"{i}-{case.name}{case.suffix}"
        path.write_bytes(case.build())
        names.append(path.name)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
    for page in sorted(fixtures.glob("*.html"))[:4]:
        (tmp_path / page.name).write_bytes(page.read_bytes())
        names.append(page.name)
    run = run_measured("check", "--format", "json", "--jobs", "2", *names, cwd=tmp_path)

    assert "Traceback" not in run.stderr
    assert run.code == 3
    documents = json.loads(run.stdout)["documents"]
    assert [d["source"] for d in documents] == names
    assert [d["status"] for d in documents] == ["error", "error", "checked", "checked", *["checked"] * 4]
    assert [d["error"]["kind"] for d in documents[:2]] == ["too-deep", "binary"]
