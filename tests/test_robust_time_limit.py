"""The per-document time limit holds in every mode: one file, a handful, --jobs 1 and a batch on
two workers. A page that takes far longer than --check-timeout to check is stopped and reported as
a check-timeout error; the pages beside it are checked as usual, N in, N out, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversarial import big_page

LIMIT = "0.5"  # seconds: the slow page needs some seconds, an ordinary page a few milliseconds
ORDINARY = '<html lang="en"><body><article><h1>Energy {i}</h1><p>Sponsored by Acme Energy</p>' \
           "<p>The council met on Tuesday to discuss grid investment.</p></article></body></html>"


@pytest.fixture(scope="module")
def slow_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "slow-5mb.html"
    path.write_bytes(big_page(5_000_000))
    return path


def _ordinary(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"ordinary-{i}.html"
        path.write_text(ORDINARY.format(i=i), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_single_slow_page_is_stopped_and_reported(cli, slow_page):
    result = cli("check", "--format", "json", "--check-timeout", LIMIT, slow_page)
    assert result.code == 3
    [document] = result.json()["documents"]
    assert document["status"] == "error" and document["error"]["kind"] == "check-timeout"
    assert document["error"]["message"].startswith(f"{slow_page}: checking took longer than 0.5 s")
    assert result.stderr.strip() == f"disclosure-lint: error: {document['error']['message']}"


@pytest.mark.parametrize(("before", "after", "jobs"), [(0, 0, "1"), (1, 1, "1"), (1, 2, "2"), (3, 6, "2")],
                         ids=["alone-jobs-1", "handful-jobs-1", "handful-jobs-2", "batch-jobs-2"])
def test_the_limit_holds_in_every_mode_and_the_other_pages_are_checked(cli, slow_page, tmp_path, before, after,
                                                                         jobs):
    ordinary = _ordinary(tmp_path, before + after)
    inputs = [*ordinary[:before], slow_page, *ordinary[before:]]
    result = cli("check", "--format", "json", "--jobs", jobs, "--check-timeout", LIMIT, *inputs)
    documents = result.json()["documents"]
    assert [d["source"] for d in documents] == [str(p) for p in inputs]
    for path, document in zip(inputs, documents, strict=True):
        if path == slow_page:
            assert document["error"]["kind"] == "check-timeout"
        else:
            assert document["status"] == "checked" and document["sponsored"] is True, document["error"]
    assert result.code == 3
