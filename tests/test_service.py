"""`disclosure-lint serve` as a real process on 127.0.0.1: right answers with spans an editor can
highlight, every one of 200 requests from 20 concurrent clients answered, hostile requests refused
with clear 4xx answers while the service keeps serving, URLs fetched only from allowed hosts at
public addresses, and a token required off loopback."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

httpx = pytest.importorskip("httpx")
jsonschema = pytest.importorskip("jsonschema")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from disclosure_lint import Linter  # noqa: E402
from disclosure_lint.report.json_report import SCHEMA_PATH  # noqa: E402
from tests.conftest import FIXTURES, FOUNDING, run_process  # noqa: E402
from tests.service_process import start_service  # noqa: E402

NAMES_NOBODY = FIXTURES / "api" / "DL201-sponsored-draft-names-nobody.html"
NOTE_AT_END = FIXTURES / "api" / "DL301-paid-note-at-the-end.md"
NAMED = FIXTURES / "api" / "pass-sponsor-named-at-the-top.html"
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def service():
    """Fetches only from 127.0.0.1, and (without --allow-private-addresses) never from it."""
    running = start_service("--allow-host", "127.0.0.1", "--concurrency", "2")
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def guarded_service():
    """With a token, and allowed to fetch from a staging server on this machine."""
    running = start_service("--allow-host", "127.0.0.1", "--allow-private-addresses", "--token-env", "DL_TEST_TOKEN",
                            env={"DL_TEST_TOKEN": TOKEN})
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=False)


def post_json(url: str, data: object, **kwargs) -> httpx.Response:
    return httpx.post(url + "/v1/check", content=json.dumps(data).encode(), timeout=60,
                      headers={"Content-Type": "application/json", **kwargs.pop("headers", {})}, **kwargs)


def assert_still_serving(url: str) -> None:
    answer = post_json(url, {"content": NAMES_NOBODY.read_text(encoding="utf-8"), "format": "html"})
    assert answer.status_code == 200
    assert [f["code"] for f in answer.json()["documents"][0]["findings"]] == ["DL201"]


def test_a_draft_sent_as_json_gets_the_command_lines_report_with_spans(service, linter):
    text = NAMES_NOBODY.read_text(encoding="utf-8")
    answer = post_json(service, {"content": text, "format": "html", "source": "cms/story-42.html"})
    assert answer.status_code == 200
    data = answer.json()
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))  # report-v1, spans added
    expected = linter.check_text(text, format="html", source="cms/story-42.html").to_dict()
    assert data["failed"] is True
    for finding in data["documents"][0]["findings"]:
        span = finding.pop("span")
        start, end = span["start"]["offset"], span["end"]["offset"]
        assert text[start:end] == "Sponsored content"
        assert (span["start"]["line"], span["start"]["column"]) == (6, 18)
        assert (span["end"]["line"], span["end"]["column"]) == (6, 35)
    for document in data["documents"]:
        for silenced in document["silenced"]:
            silenced.pop("span")
    assert {k: v for k, v in data.items() if k != "failed"} == expected


def test_a_raw_markdown_body_takes_its_format_from_the_content_type(service):
    text = NOTE_AT_END.read_text(encoding="utf-8")
    answer = httpx.post(service + "/v1/check", params={"source": "drafts/tents.md", "profile": "eu"},
                        content=text.encode(), headers={"Content-Type": "text/markdown; charset=utf-8"}, timeout=60)
    assert answer.status_code == 200
    data = answer.json()
    document = data["documents"][0]
    assert (data["profile"], document["source"], document["format"]) == ("eu", "drafts/tents.md", "markdown")
    finding = document["findings"][0]
    assert finding["code"] == "DL301"
    span = finding["span"]
    assert text[span["start"]["offset"]:span["end"]["offset"]] == "This post is sponsored by Fernhill Outdoor Ltd"
    assert span["start"]["line"] == 7


def test_a_draft_that_passes_is_not_failed_and_an_empty_one_is_422_with_its_kind(service):
    answer = post_json(service, {"content": NAMED.read_text(encoding="utf-8")})
    assert answer.status_code == 200
    assert answer.json()["failed"] is False
    assert answer.json()["documents"][0]["findings"] == []
    empty = post_json(service, {"content": "  \n "})
    assert empty.status_code == 422
    assert empty.json()["error"]["kind"] == "empty"


def test_rules_are_listed_and_explained(service):
    rules = httpx.get(service + "/v1/rules", timeout=30).json()
    assert rules["profile"] == "default"
    assert "DL201" in [r["code"] for r in rules["rules"]]
    rule = httpx.get(service + "/v1/rules/sponsor-not-named", timeout=30).json()
    assert rule["code"] == "DL201" and rule["fix"] and rule["references"]
    missing = httpx.get(service + "/v1/rules/DL999", timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["kind"] == "unknown-rule"
    unknown = post_json(service, {"content": "x", "profile": "nowhere"})
    assert unknown.status_code == 400 and unknown.json()["error"]["kind"] == "unknown-profile"


def test_the_openapi_document_describes_every_route(service):
    document = httpx.get(service + "/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/v1/check", "/v1/rules", "/v1/rules/{code}", "/healthz", "/openapi.json"}
    assert httpx.get(service + "/healthz", timeout=30).json()["status"] == "ok"


def test_200_requests_at_once_from_20_clients_are_all_answered_right(service, linter):
    """20 clients, each with 10 requests in flight at the same time: all 200 answered, none dropped."""
    import asyncio

    drafts = [(NAMES_NOBODY, "html"), (NOTE_AT_END, "markdown"), (NAMED, "html"), (FOUNDING, "text")]
    expected = {str(path): [f.code for f in linter.check_file(path).findings] for path, _ in drafts}

    async def client(number: int) -> list[tuple[str, int, list[str]]]:
        async with httpx.AsyncClient(base_url=service, timeout=300) as http:
            async def one(i: int) -> tuple[str, int, list[str]]:
                path, fmt = drafts[(number + i) % len(drafts)]
                answer = await http.post("/v1/check", json={"content": path.read_text(encoding="utf-8"),
                                                            "format": fmt, "source": str(path)})
                codes = [f["code"] for f in answer.json()["documents"][0]["findings"]] if answer.is_success else []
                return str(path), answer.status_code, codes

            return list(await asyncio.gather(*(one(i) for i in range(10))))

    async def everyone() -> list[tuple[str, int, list[str]]]:
        return [a for batch in await asyncio.gather(*(client(n) for n in range(20))) for a in batch]

    answers = asyncio.run(everyone())
    assert len(answers) == 200
    assert [status for _, status, _ in answers] == [200] * 200
    assert all(codes == expected[path] for path, _, codes in answers)
    assert {path for path, _, _ in answers} == set(expected)


def raw_request(url: str, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request by hand (for bodies no client would send) and read the status line and body."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head + body)
        received = b""
        while b"\r\n\r\n" not in received or len(received) < received.index(b"\r\n\r\n") + 4 + _length(received):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    status = int(received.split(b" ", 2)[1])
    return status, received.split(b"\r\n\r\n", 1)[1]


def _length(received: bytes) -> int:
    for line in received.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def test_a_100_mb_body_is_refused_before_it_is_read(service):
    head = (b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/html\r\n"
            b"Content-Length: 104857600\r\n\r\n")
    status, body = raw_request(service, head, b"<p>" * 20000)
    assert status == 413
    assert json.loads(body)["error"]["kind"] == "too-large"
    assert_still_serving(service)


def test_a_body_streamed_past_the_limit_without_a_length_is_cut_off(service):
    def chunks():
        for _ in range(3):
            yield b"<p>" + b"x" * (1024 * 1024) + b"</p>"

    answer = httpx.post(service + "/v1/check", content=chunks(), headers={"Content-Type": "text/html"}, timeout=60)
    assert answer.status_code == 413
    assert "2097152 bytes" in answer.json()["error"]["message"]
    assert_still_serving(service)


@pytest.mark.parametrize(("content_type", "body", "status", "kind"), [
    ("application/json", b'{"content": "Sponsored', 400, "invalid-json"),
    ("application/json", b'{"content": "Sponsored \xff\xfe by"}', 400, "invalid-utf8"),
    ("application/json", b'{"content": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", 400, "too-deep"),
    ("application/json", b'{"content": [[[["x"]]]]}', 400, "invalid-request"),
    ("application/json", b'["content"]', 400, "invalid-request"),
    ("application/json", b'{"content": "x", "url": "http://127.0.0.1/"}', 400, "invalid-request"),
    ("application/pdf", b"%PDF-1.7", 415, "unsupported-media-type"),
    ("", b"<p>Sponsored</p>", 415, "unsupported-media-type"),
    ("text/html; charset=utf-8", b"<p>Sponsored \xff\xfe content</p>", 400, "invalid-text"),
    ("text/html; charset=no-such-charset", b"<p>x</p>", 400, "bad-charset"),
], ids=["truncated-json", "invalid-utf8", "deeply-nested", "nested-content", "not-an-object", "content-and-url",
        "pdf", "no-content-type", "html-invalid-utf8", "unknown-charset"])
def test_hostile_requests_get_clear_4xx_answers_and_the_service_keeps_serving(service, content_type, body, status,
                                                                              kind):
    headers = {"Content-Type": content_type} if content_type else {}
    answer = httpx.post(service + "/v1/check", content=body, headers=headers, timeout=60)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["kind"] == kind
    assert error["message"]
    assert_still_serving(service)


def test_a_request_for_another_host_name_is_refused_without_a_token(service):
    head = (b"GET /v1/rules HTTP/1.1\r\nHost: rebound.example:8765\r\nConnection: close\r\n\r\n")
    status, body = raw_request(service, head)
    assert status == 421
    assert json.loads(body)["error"]["kind"] == "bad-host"
    port = urlsplit(service).port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        status, _ = raw_request(service, f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert status == 200


def test_a_url_to_a_private_address_is_refused_and_nothing_is_fetched(service, httpserver):
    page = httpserver.url_for("/draft")
    answer = post_json(service, {"url": page})
    assert answer.status_code == 403
    assert answer.json()["error"]["kind"] == "private-address"
    assert httpserver.log == []
    elsewhere = post_json(service, {"url": "http://intranet.example/admin"})
    assert elsewhere.status_code == 403
    assert elsewhere.json()["error"]["kind"] == "url-not-allowed"
    for bad in ("file:///etc/passwd", "http://user:pw@127.0.0.1/", "gopher://127.0.0.1/"):
        assert post_json(service, {"url": bad}).status_code in (400, 403)
    assert_still_serving(service)


def test_a_token_is_needed_when_the_service_has_one(guarded_service):
    text = NAMES_NOBODY.read_text(encoding="utf-8")
    assert post_json(guarded_service, {"content": text}).status_code == 401
    wrong = post_json(guarded_service, {"content": text}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["kind"] == "unauthorised"
    assert httpx.get(guarded_service + "/v1/rules", timeout=30).status_code == 401
    right = post_json(guarded_service, {"content": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200
    assert httpx.get(guarded_service + "/healthz", timeout=30).status_code == 200


def test_an_allowed_staging_url_is_fetched_and_checked_like_the_api_does(guarded_service, httpserver, linter):
    httpserver.expect_request("/story").respond_with_data(NAMES_NOBODY.read_bytes(),
                                                          content_type="text/html; charset=utf-8")
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "/story"})
    page = httpserver.url_for("/story")
    answer = post_json(guarded_service, {"url": page}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    data = answer.json()
    data.pop("failed")
    assert data == linter.check_url(page).to_dict()
    moved = post_json(guarded_service, {"url": httpserver.url_for("/moved")},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert moved.status_code == 422
    assert moved.json()["error"]["kind"] == "redirects"


def test_listening_beyond_loopback_without_a_token_is_refused():
    result = run_process("serve", "--host", "0.0.0.0", "--port", "0", env={"DISCLOSURE_LINT_TOKEN": ""})
    assert result.code == 2
    assert "refusing to listen on 0.0.0.0 without a token" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_check_past_its_time_is_answered_503_and_the_service_goes_on():
    running = start_service("--check-timeout", "0.05", "--concurrency", "1")
    try:
        big = "<article><p class='label'>Sponsored content</p>" + "<p>Plain words here.</p>\n" * 60_000 + "</article>"
        answer = httpx.post(running.url + "/v1/check", content=big.encode(), timeout=120,
                            headers={"Content-Type": "text/html; charset=utf-8"})
        assert answer.status_code == 503
        assert answer.json()["error"]["kind"] == "check-timeout"
        # The worker stopped the check itself: nothing is still running on it.
        health = httpx.get(running.url + "/healthz", timeout=60)
        assert health.status_code == 200
        assert health.json()["checks_running"] == 0
    finally:
        running.stop()


def test_a_start_the_service_cannot_make_is_one_line_and_exit_2(tmp_path):
    unknown = run_process("serve", "--port", "0", "--profile", "nowhere")
    assert unknown.code == 2
    assert "unknown profile 'nowhere'" in unknown.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        busy = run_process("serve", "--port", str(taken.getsockname()[1]))
    assert busy.code == 2
    assert "cannot listen on 127.0.0.1:" in busy.stderr
    for result in (unknown, busy):
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
