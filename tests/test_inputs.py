"""Bad input gets one clear line naming the input and what to do, the right exit code, and no
traceback; every input still yields one result, and the run goes on past failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FOUNDING, run_process

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _unreadable(tmp_path: Path) -> Path:
    """A path that cannot be read even by root: a file used as if it were a folder."""
    blocker = tmp_path / "draft.html"
    blocker.write_text("<p>x</p>")
    return blocker / "inner.html"


@pytest.mark.parametrize(("make", "kind", "hint"), [
    (lambda tmp: tmp / "missing.html", "not-found", "check the path"),
    (_unreadable, "unreadable", "cannot read"),
    (lambda tmp: _write(tmp / "logo.html", PNG), "binary", "binary"),
    (lambda tmp: _write(tmp / "empty.md", b""), "empty", "nothing to check"),
    (lambda tmp: _write(tmp / "blank.txt", b"  \n\n \t"), "empty", "nothing to check"),
    (lambda tmp: _folder(tmp / "assets"), "no-documents", "holds no .html"),
])
def test_bad_file_inputs_give_one_line_and_exit_3(tmp_path: Path, make, kind: str, hint: str) -> None:
    target = make(tmp_path)
    result = run_process("check", "--format", "json", target)
    assert result.code == 3
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("disclosure-lint: error: ") and str(target) in lines[0] and hint in lines[0]
    document = result.json()["documents"][0]
    assert document["source"] == str(target)
    assert (document["status"], document["error"]["kind"]) == ("error", kind)


def test_a_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    draft = _write(tmp_path / "locked.html", b"<p>Anzeige</p>")
    draft.chmod(0)
    result = run_process("check", "--format", "json", draft, honour_file_permissions=True)
    assert result.code == 3
    assert "Traceback" not in result.stderr
    line, = result.stderr.strip().splitlines()
    assert str(draft) in line and "permission denied" in line and "check its permissions" in line
    assert result.json()["documents"][0]["error"]["kind"] == "unreadable"


@pytest.mark.parametrize("url", ["http://exa mple.com/page", "http://", "ftp://example.com/page.html",
                                 "https://example.com:99999/"])
def test_malformed_urls_are_reported_without_any_request(url: str) -> None:
    result = run_process("check", "--format", "json", url)
    assert result.code == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and url in result.stderr
    assert result.json()["documents"][0]["error"]["kind"] == "invalid-url"


@pytest.mark.parametrize("args", [["check", "--frobnicate", "x.html"], ["check", "--format", "yaml", "x.html"],
                                  ["lint", "x.html"], ["check"], ["check", "--jobs", "0", "x.html"],
                                  ["check", "--timeout", "nan", "x.html"], ["check", "--max-bytes", "-1", "x.html"]])
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run_process(*args)
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("disclosure-lint: error: ")
    assert "Traceback" not in result.stderr


def test_mixed_inputs_give_one_result_each_in_order_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    _write(folder / "b.md", b"Dieser Beitrag entstand in Kooperation mit der Beispiel GmbH.\n\nText.")
    _write(folder / "a.html", b"<h1>Clean</h1><p>Nothing to disclose here.</p>")
    _write(folder / "notes.json", b"{}")
    inputs = [str(tmp_path / "missing.txt"), str(folder), "-", str(FOUNDING)]
    result = run_process("check", "--format", "json", *inputs, stdin=b"<p>Sponsored</p><h1>Title</h1>")
    assert result.code == 3  # an input failed, which outranks the findings
    sources = [d["source"] for d in result.json()["documents"]]
    assert sources == [inputs[0], os.path.join(str(folder), "a.html"), os.path.join(str(folder), "b.md"), "-",
                       str(FOUNDING)]
    statuses = [d["status"] for d in result.json()["documents"]]
    assert statuses == ["error", "checked", "checked", "checked", "checked"]
    summary = result.json()["summary"]
    assert (summary["documents"], summary["checked"], summary["errors"]) == (5, 4, 1)


def test_stdin_is_read_and_sniffed(cli) -> None:
    result = cli("check", "--format", "json", "-", stdin="Anzeige\n\nEin Text über Gärten.".encode())
    document = result.json()["documents"][0]
    assert (document["source"], document["format"], document["sponsored"]) == ("-", "text", True)


def test_version_and_help_exit_0() -> None:
    assert run_process("--version").stdout.strip().startswith("disclosure-lint ")
    assert run_process("check", "--help").code == 0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    _write(path / "logo.png", PNG)
    return path
