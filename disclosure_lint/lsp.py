"""`disclosure-lint lsp`: a language server on stdio (pygls, the `[lsp]` extra). HTML and Markdown
drafts (and plain text) get diagnostics when opened and as they change: the rule's code and
severity, the message and the fix, a link to the rule's documentation, and a range over the
label's words (spans.py), in the position encoding the editor asked for.

The configuration file is found from the workspace folder, as the command line finds it from the
working folder; each draft is checked under its own path, so per-path ignores apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_lint import __version__

LANGUAGES = {"html": "html", "xhtml": "html", "markdown": "markdown", "plaintext": "text", "text": "text"}
SEVERITIES = {"error": 1, "warning": 2, "info": 3}  # lsprotocol DiagnosticSeverity
RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def document_format(language_id: str | None, uri: str) -> str | None:
    """How to read a document: by the editor's language id, else by the file's suffix; None for
    documents this server does not check."""
    from disclosure_lint.sources.formats import format_for_suffix

    if language_id and language_id.lower() in LANGUAGES:
        return LANGUAGES[language_id.lower()]
    return format_for_suffix(Path(uri.split("?")[0]).suffix)


def rule_link(rule: dict[str, Any] | None, template: str | None) -> str | None:
    if rule is None:
        return None
    anchor = f"{rule['code']}-{rule['name']}".lower()
    if template:
        return template.format(code=rule["code"], name=rule["name"], anchor=anchor)
    if RULES_MD.is_file():
        return f"{RULES_MD.as_uri()}#{anchor}"
    references = [r["url"] for r in rule.get("references", []) if r.get("url")]
    return references[0] if references else None


def diagnostics(linter: Any, text: str, fmt: str, source: str, docs: str | None,
                to_client: Any) -> list[Any]:
    """The draft's findings as LSP diagnostics; `to_client(start, end)` turns spans' points (line
    and column, 1-based code points) into the editor's Range."""
    from lsprotocol import types

    from disclosure_lint.spans import finding_spans

    result = linter.check_text(text, format=fmt, source=source).result
    if result.error is not None:
        return []
    out = []
    for finding in finding_spans(text, result.to_dict()["findings"]):
        span = finding["span"]
        href = rule_link(linter.rule(finding["code"]), docs)
        review = " (for a person to decide)" if finding["outcome"] == "review" else ""
        out.append(types.Diagnostic(
            range=to_client(span["start"], span["end"]),
            severity=types.DiagnosticSeverity(SEVERITIES[finding["severity"]]),
            code=finding["code"],
            code_description=types.CodeDescription(href=href) if href else None,
            source="disclosure-lint",
            message=f"{finding['name']}{review}: {finding['message']}\nfix: {finding['fix']}",
            data={"fix": finding["fix"], "name": finding["name"], "outcome": finding["outcome"]},
        ))
    return out


def build_server(profile: str | None, rules_dir: tuple[Path, ...], docs: str | None) -> Any:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path

    from disclosure_lint.api import Linter

    server = LanguageServer("disclosure-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
    state: dict[str, Any] = {}

    def linter() -> Linter:
        if "linter" not in state:
            root = server.workspace.root_path
            state["linter"] = Linter(profile=profile, rules_dir=rules_dir, cwd=root or None)
        return state["linter"]

    def publish(uri: str, language_id: str | None) -> None:
        document = server.workspace.get_text_document(uri)
        fmt = document_format(language_id or document.language_id, uri)
        if fmt is None:
            return
        source = to_fs_path(uri) or uri
        lines = document.lines

        def to_client(start: dict[str, int], end: dict[str, int]) -> types.Range:
            inner = types.Range(types.Position(start["line"] - 1, start["column"] - 1),
                                types.Position(end["line"] - 1, end["column"] - 1))
            return document.position_codec.range_to_client_units(lines, inner)

        try:
            found = diagnostics(linter(), document.source, fmt, source, docs, to_client)
        except Exception as exc:  # a broken configuration: say so once, keep serving
            message = f"disclosure-lint: {exc}"
            if state.get("said") != message:
                state["said"] = message
                server.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            found = []
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri, params.text_document.language_id)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    return server


def run_language_server(profile: str | None, rules_dir: tuple[Path, ...], docs: str | None, say) -> int:
    try:
        server = build_server(profile, rules_dir, docs)
    except ImportError as exc:
        say(f"the language server needs the [lsp] extra ({exc.name} is missing): pip install 'disclosure-lint[lsp]'")
        return 2
    server.start_io()
    return 0
