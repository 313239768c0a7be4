"""`disclosure-lint lsp` driven over stdio by a real LSP client: JSON-RPC with Content-Length framing
to a subprocess. Open, change, diagnostics at the label's words (in UTF-16 units, the protocol's
default), shutdown and exit."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

from tests.conftest import FIXTURES

NAMES_NOBODY = FIXTURES / "api" / "DL201-sponsored-draft-names-nobody.html"
NOTE_AT_END = FIXTURES / "api" / "DL301-paid-note-at-the-end.md"
NAMED = FIXTURES / "api" / "pass-sponsor-named-at-the-top.html"


class Client:
    """A minimal LSP client: requests wait for their answer; notifications are queued."""

    def __init__(self, cwd: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "disclosure_lint", "lsp", *args], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait(self, wanted, timeout: float = 60) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if wanted(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]


def started(cwd: Path, *args: str) -> Client:
    running = Client(cwd, *args)
    answer = running.request("initialize", {"processId": os.getpid(), "rootUri": cwd.as_uri(), "capabilities": {}})
    assert answer["result"]["capabilities"]["textDocumentSync"]["openClose"] is True
    running.notify("initialized", {})
    return running


@pytest.fixture
def client(tmp_path):
    running = started(tmp_path)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def open_document(client: Client, path: Path, text: str, language: str) -> list[dict[str, Any]]:
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1,
                                                            "text": text}})
    return client.diagnostics(uri)


def test_open_change_and_shutdown_give_diagnostics_at_the_labels(client, tmp_path):
    draft = tmp_path / "story.html"
    text = NAMES_NOBODY.read_text(encoding="utf-8")
    [found] = open_document(client, draft, text, "html")
    assert found["code"] == "DL201"
    assert found["severity"] == 1
    assert found["source"] == "disclosure-lint"
    assert found["range"] == {"start": {"line": 5, "character": 17}, "end": {"line": 5, "character": 34}}
    assert "fix: Name the party" in found["message"]
    assert found["data"]["fix"].startswith("Name the party")
    # The rule's section of docs/rules.md from a checkout; an installed wheel has no docs/ and links
    # the rule's first reference instead.
    href = found["codeDescription"]["href"]
    assert href.endswith("#dl201-sponsor-not-named") or href.startswith("https://www.ftc.gov/"), href

    # The editor's draft gains a sponsor: the finding goes.
    client.notify("textDocument/didChange", {"textDocument": {"uri": draft.as_uri(), "version": 2},
                                             "contentChanges": [{"text": NAMED.read_text(encoding="utf-8")}]})
    assert client.diagnostics(draft.as_uri()) == []

    # Another change moves the label one line down, after an emoji in an attribute (two UTF-16 units each).
    moved = text.replace('<p class="label">Sponsored content</p>',
                         '\n<p class="label" title="🌊🌊">Sponsored content</p>')
    client.notify("textDocument/didChange", {"textDocument": {"uri": draft.as_uri(), "version": 3},
                                             "contentChanges": [{"text": moved}]})
    [again] = client.diagnostics(draft.as_uri())
    assert again["code"] == "DL201"
    assert again["range"]["start"]["line"] == 6
    line = moved.split("\n")[6]
    start = again["range"]["start"]["character"]
    assert len(line[:line.index("Sponsored")].encode("utf-16-le")) // 2 == start
    assert again["range"]["end"]["character"] - start == len("Sponsored content")

    answer = client.request("shutdown", None)
    assert answer["result"] is None
    client.notify("exit", None)
    assert client.process.wait(timeout=30) == 0


def test_a_markdown_draft_gets_its_placement_finding_and_text_in_other_languages_none(client, tmp_path):
    [found] = open_document(client, tmp_path / "tents.md", NOTE_AT_END.read_text(encoding="utf-8"), "markdown")
    assert found["code"] == "DL301"
    assert found["range"]["start"] == {"line": 6, "character": 0}
    assert found["range"]["end"] == {"line": 6, "character": len("This post is sponsored by Fernhill Outdoor Ltd")}
    client.notify("textDocument/didOpen", {"textDocument": {"uri": (tmp_path / "x.py").as_uri(),
                                                            "languageId": "python", "version": 1,
                                                            "text": "print('Sponsored content')\n"}})
    # Nothing is published for a Python file: the next diagnostics belong to the next draft.
    [other] = open_document(client, tmp_path / "second.html", NAMES_NOBODY.read_text(encoding="utf-8"), "html")
    assert other["code"] == "DL201"


def test_per_path_configuration_applies_to_the_editors_drafts(client, tmp_path):
    (tmp_path / "disclosure-lint.toml").write_text('[per-path-ignores]\n"archive/**" = ["DL201"]\n',
                                                   encoding="utf-8")
    (tmp_path / "archive").mkdir()
    text = NAMES_NOBODY.read_text(encoding="utf-8")
    assert open_document(client, tmp_path / "archive" / "old.html", text, "html") == []
    assert [d["code"] for d in open_document(client, tmp_path / "new.html", text, "html")] == ["DL201"]


def test_a_profile_and_a_documentation_link_template_are_honoured(tmp_path):
    running = started(tmp_path, "--profile", "de", "--rule-docs", "https://docs.example/rules/{code}#{anchor}")
    try:
        codes = open_document(running, tmp_path / "story.html", NAMES_NOBODY.read_text(encoding="utf-8"), "html")
        assert "DL201" in [d["code"] for d in codes]
        for found in codes:
            code = found["code"]
            assert found["codeDescription"]["href"].startswith(f"https://docs.example/rules/{code}#{code.lower()}-")
    finally:
        running.process.kill()
        running.process.wait()


def test_a_broken_configuration_is_said_once_in_the_editor_and_the_server_goes_on(tmp_path):
    (tmp_path / "disclosure-lint.toml").write_text('profile = "nowhere"\n', encoding="utf-8")
    running = started(tmp_path)
    try:
        uri = (tmp_path / "story.html").as_uri()
        running.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "html", "version": 1,
                                                                 "text": NAMES_NOBODY.read_text(encoding="utf-8")}})
        shown = running.wait(lambda m: m.get("method") == "window/showMessage")
        assert "unknown profile 'nowhere'" in shown["params"]["message"]
        assert shown["params"]["type"] == 1
        assert running.diagnostics(uri) == []
        running.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                  "contentChanges": [{"text": NAMED.read_text(encoding="utf-8")}]})
        assert running.diagnostics(uri) == []
        assert running.request("shutdown", None)["result"] is None
        assert not any(m.get("method") == "window/showMessage" for m in list(running.messages.queue))
    finally:
        running.process.kill()
        running.process.wait()
