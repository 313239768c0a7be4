"""The service's OpenAPI 3.1 document (GET /openapi.json): what a CMS developer reads first."""

from __future__ import annotations

from typing import Any

from disclosure_lint import __version__

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["kind", "message"],
    "properties": {"kind": {"type": "string", "description": "a stable word: invalid-json, too-large, ..."},
                   "message": {"type": "string"}}}}}
_POINT = {"type": "object", "properties": {
    "line": {"type": "integer", "description": "1-based"},
    "column": {"type": "integer", "description": "1-based, in characters (Unicode code points)"},
    "offset": {"type": "integer", "description": "0-based character offset from the start of `content`"}}}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    words = {400: "a malformed request", 401: "no or a wrong token", 403: "a URL the service may not fetch",
             404: "no such rule", 413: "a body over --max-body", 415: "a content type it does not take",
             422: "an input that could not be checked (empty, binary, HTTP error ...), with the report",
             503: "busy (Retry-After) or the check ran past --check-timeout"}
    return {str(code): _answer(words[code], {"$ref": "#/components/schemas/Error"}) for code in codes}


def document() -> dict[str, Any]:
    raw = {"schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "disclosure-lint", "version": __version__,
                 "description": "Checks whether sponsored, paid and underwritten articles say so clearly, name "
                                "who paid, and say it first. The report is the JSON output of "
                                "`disclosure-lint check --format json` (report-v1 schema), with spans."},
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "required when the service was started with a token"}},
            "schemas": {
                "Error": _ERROR,
                "Point": _POINT,
                "CheckRequest": {"type": "object", "additionalProperties": False, "properties": {
                    "content": {"type": "string", "description": "the draft (give this or url)"},
                    "url": {"type": "string", "description": "a page to fetch, from an allowed host only"},
                    "format": {"enum": ["html", "markdown", "text"], "description": "default: sniffed"},
                    "profile": {"type": "string", "description": "default, us-ftc, eu, uk-cap, de, fr or a house one"},
                    "source": {"type": "string", "description": "the draft's name in the report and for "
                                                               "per-path configuration"}}},
                "Report": {"type": "object", "description": "report-v1 (docs: README 'JSON output'); each finding "
                           "of sent content also has span {start, end} of Points", "properties": {
                               "schema_version": {"type": "integer"}, "profile": {"type": "string"},
                               "documents": {"type": "array", "items": {"type": "object"}},
                               "summary": {"type": "object"},
                               "failed": {"type": "boolean", "description": "findings at or above fail-on"}}},
            },
        },
        "security": [{"token": []}, {}],
        "paths": {
            "/v1/check": {"post": {
                "summary": "Check one draft or page",
                "parameters": [{"name": "profile", "in": "query", "schema": {"type": "string"},
                                "description": "with a raw body"},
                               {"name": "source", "in": "query", "schema": {"type": "string"},
                                "description": "with a raw body"}],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}},
                    "text/html": raw, "application/xhtml+xml": raw, "text/markdown": raw, "text/plain": raw}},
                "responses": {"200": _answer("the report", {"$ref": "#/components/schemas/Report"}),
                              **_errors(400, 401, 403, 413, 415, 422, 503)}}},
            "/v1/rules": {"get": {
                "summary": "The rules a profile runs",
                "parameters": [{"name": "profile", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": _answer("the rules", {"type": "object"}), **_errors(400, 401)}}},
            "/v1/rules/{code}": {"get": {
                "summary": "One rule: why it exists, how to fix, references, examples",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "profile", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": _answer("the rule", {"type": "object"}), **_errors(401, 404)}}},
            "/healthz": {"get": {"summary": "Liveness", "security": [{}],
                                 "responses": {"200": _answer("ok", {"type": "object"})}}},
            "/openapi.json": {"get": {"summary": "This document", "security": [{}],
                                      "responses": {"200": _answer("OpenAPI 3.1", {"type": "object"})}}},
        },
    }
