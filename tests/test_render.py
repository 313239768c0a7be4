"""`check --render` with the real headless Chromium and axe-core, against pages served on 127.0.0.1:
a label a script writes after load is found only when rendering; a faint 11 px label, a label
1,800 px down and a hidden one get DL301 findings with their numbers; a page whose script never
ends stops at the deadline with its own error kind and the run goes on; nothing leaves for another
origin. Skipped only where no chromium binary or axe-core is installed (.ci/run installs both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.render.axe import find_axe
from disclosure_lint.render.chromium import chromium_binary
from disclosure_lint.resources import ConfigError
from tests.conftest import FIXTURES, run_process
from tests.render_server import Listener, Site

RENDER = FIXTURES / "render"


def _axe() -> str | None:
    try:
        return str(find_axe())
    except ConfigError:
        return None


pytestmark = [pytest.mark.skipif(chromium_binary() is None or _axe() is None,
                                 reason="needs Debian's chromium and axe-core (npm install axe-core)"),
              pytest.mark.slow]  # a browser per run

PAGES = ["DL301-late-label-rendered", "DL301-violation-low-contrast", "DL301-violation-below-fold",
         "DL301-pass-rendered", "DL301-review-contrast-gradient", "render-timeout-busy-script",
         "render-timeout-never-loads", "render-blocked-requests", "render-load-never-fires",
         "DL301-late-label-rendered"]
DEADLINE = "15"


@pytest.fixture(scope="module")
def outsider():
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def site(outsider):
    server = Site().start()
    for name in PAGES:
        body = (RENDER / f"{name}.html").read_text(encoding="utf-8")
        body = body.replace("OTHER", outsider.origin).replace("WS/", f"ws://127.0.0.1:{outsider.port}/")
        server.add(f"/{name}.html", body.encode())
    server.add("/own.js", b'document.querySelector("article").insertAdjacentHTML("beforeend", '
                          b'"<p class=\\"byline\\">By Ada Lovelace | Acme Studio</p>");')
    server.add("/app.html", (RENDER / "DL902-app-shell-rendered.html").read_bytes())
    server.add("/app.js", (RENDER / "DL902-app-shell-rendered.js").read_bytes())
    server.hanging.add("/never.js")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rendered(site, tmp_path_factory):
    """One run over every page with two workers (one browser each), as users run it."""
    scratch = tmp_path_factory.mktemp("scratch")
    before = len(site.log)
    result = run_process("check", "--no-config", "--format", "json", "--render", "--render-timeout", DEADLINE,
                         "-j", "2", *(site.url(f"/{name}.html") for name in PAGES), timeout=240,
                         env={"TMPDIR": str(scratch)})
    documents = result.json()["documents"]
    return {"result": result, "documents": dict(zip(range(len(PAGES)), documents, strict=True)),
            "log": site.log[before:], "scratch": scratch}


def doc(rendered, name: str, occurrence: int = 0) -> dict:
    index = [i for i, page in enumerate(PAGES) if page == name][occurrence]
    return rendered["documents"][index]


def dl301(document: dict) -> list[dict]:
    return [f for f in document["findings"] if f["code"] == "DL301"]


def test_every_page_gives_one_result_in_order_and_the_run_exits_3(rendered, site):
    result = rendered["result"]
    assert result.code == 3, result.stderr  # two pages could not be rendered
    sources = [rendered["documents"][i]["source"] for i in range(len(PAGES))]
    assert sources == [site.url(f"/{name}.html") for name in PAGES]
    assert "Traceback" not in result.stderr


def test_a_label_written_by_a_script_after_load_is_found_only_when_rendering(rendered, site):
    plain = run_process("check", "--no-config", "--format", "json", site.url("/DL301-late-label-rendered.html"))
    served = plain.json()["documents"][0]
    assert served["labels"] == [] and served["sponsored"] is False and served["rendering"] is None

    for occurrence in (0, 1):  # the second copy comes after the two pages that stopped a browser
        document = doc(rendered, "DL301-late-label-rendered", occurrence)
        assert document["status"] == "checked"
        assert document["sponsored"] is True
        [label] = document["labels"]
        assert label["text"] == "Sponsored by Acme Mobility"
        assert label["rendered"] is True and label["prominence"]["visible"] is True
        assert [s["name"] for s in document["sponsors"]] == ["Acme Mobility"]
        assert document["rendering"]["browser"].startswith(("Chrome/", "HeadlessChrome/"))
        assert document["rendering"]["axe_version"] == "4.14.1"
        assert 150 <= document["rendering"]["settled_ms"] <= 2000
        assert dl301(document) == []  # 16 px, black on white, at the top: prominent


def test_a_light_grey_11px_label_gets_a_contrast_and_a_size_finding_with_the_numbers(rendered):
    document = doc(rendered, "DL301-violation-low-contrast")
    [label] = document["labels"]
    seen = label["prominence"]
    assert label["rendered"] is False  # the served HTML has it too
    assert seen["font_px"] == 11 and seen["color"] == "rgb(187, 187, 187)" and seen["background"] == "#ffffff"
    assert seen["contrast"] == pytest.approx(1.91, abs=0.01) and seen["contrast_status"] == "fail"
    assert seen["body_font_px"] == 16
    messages = [f["message"] for f in dl301(document)]
    assert len(messages) == 2, messages
    contrast = next(m for m in messages if "contrast ratio" in m)
    assert "1.91:1" in contrast and "4.5:1" in contrast and "1.4.3" in contrast
    size = next(m for m in messages if "px type" in m)
    assert "11 px" in size and "body text (16 px)" in size and "minimum of 12 px" in size
    assert all(f["severity"] == "error" and f["outcome"] == "violation" for f in dl301(document))


def test_a_label_1800px_down_is_below_the_fold_on_the_phone_and_the_desktop(rendered):
    document = doc(rendered, "DL301-violation-below-fold")
    [label] = document["labels"]
    assert label["position"] == "top"  # by text order it is first: only rendering shows where it is
    spots = {spot["name"]: spot for spot in label["prominence"]["viewports"]}
    assert spots["phone"]["width"] == 390 and spots["phone"]["height"] == 844
    assert spots["phone"]["top"] >= 1800 and spots["phone"]["above_fold"] is False
    assert spots["desktop"]["top"] >= 1800 and spots["desktop"]["above_fold"] is False
    messages = [f["message"] for f in dl301(document)]
    assert len(messages) == 2, messages
    phone = next(m for m in messages if "phone" in m)
    assert "390 x 844" in phone and "below the fold" in phone
    assert f"{spots['phone']['top']:,.0f} px down" in phone


def test_a_prominent_label_passes_and_an_undecidable_contrast_is_a_review(rendered):
    assert dl301(doc(rendered, "DL301-pass-rendered")) == []
    assert doc(rendered, "DL301-pass-rendered")["outcomes"]["DL301"] == "pass"
    document = doc(rendered, "DL301-review-contrast-gradient")
    [label] = document["labels"]
    assert label["prominence"]["contrast_status"] == "incomplete"
    assert label["prominence"]["contrast_reason"]
    [finding] = dl301(document)
    assert finding["outcome"] == "review" and "could not be measured" in finding["message"]
    assert document["outcomes"]["DL301"] == "review"


def test_pages_whose_scripts_never_finish_stop_at_the_deadline(rendered):
    for name in ("render-timeout-busy-script", "render-timeout-never-loads"):
        document = doc(rendered, name)
        assert document["status"] == "error", (name, {k: document[k] for k in ("status", "labels", "rendering")})
        assert document["error"]["kind"] == "render-timeout"
        assert f"within {DEADLINE} s" in document["error"]["message"]
    stderr = rendered["result"].stderr.splitlines()
    assert sum("render-timeout" in line or f"within {DEADLINE} s" in line for line in stderr) == 2


def test_a_page_whose_load_event_never_comes_is_read_once_its_dom_is_complete(rendered, site):
    document = doc(rendered, "render-load-never-fires")
    assert document["status"] == "checked"
    assert document["rendering"]["load_event"] is False
    assert [lab["text"] for lab in document["labels"]] == ["Sponsored by Acme Mobility"]
    assert doc(rendered, "DL301-pass-rendered")["rendering"]["load_event"] is True
    assert rendered["log"].count(("GET", "/missing.png")) >= 1


def test_nothing_is_fetched_from_another_origin(rendered, site, outsider):
    document = doc(rendered, "render-blocked-requests")
    assert document["status"] == "checked"
    # The page's own script (same origin) was loaded, through the run's own HTTP client, and ran.
    assert [c["text"] for c in document["credits"]] == ["By Ada Lovelace | Acme Studio"]
    assert ("GET", "/own.js") in rendered["log"]
    assert ("POST", "/own-post") not in rendered["log"]  # a rendered page never sends anything but GET
    # Nothing reached the other origin: not a stylesheet, image, frame, script, fetch, beacon,
    # WebSocket or popup.
    assert outsider.accepted == 0
    blocked = document["rendering"]["blocked"]
    for path in ("/style.css", "/pixel.gif", "/frame.html", "/third-party.js", "/fetch"):
        assert f"{outsider.origin}{path}" in blocked
    assert "http://tracker.example/pixel.gif" in blocked
    assert any(url.endswith("/own-post") for url in blocked)
    assert document["rendering"]["blocked_count"] >= 7


def test_the_blocked_page_does_reach_out_in_a_plain_browser(site, outsider):
    """The control: the same page in a browser without the interception connects to the other
    origin, so the test above would see it if rendering let anything through."""
    from tests.browser import Chromium

    before = outsider.accepted
    with Chromium(chromium_binary()) as browser:
        browser.open(site.url("/render-blocked-requests.html"))
        browser.evaluate("new Promise(done => setTimeout(done, 300))")
    assert outsider.accepted > before


def test_no_browser_or_profile_is_left_behind(rendered):
    scratch = rendered["scratch"]
    assert list(scratch.iterdir()) == []
    stray = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(scratch).encode() in (entry / "cmdline").read_bytes():
                    stray.append(entry.name)
            except OSError:
                continue
    assert stray == []


def test_render_auto_renders_only_pages_that_need_javascript(site):
    result = run_process("check", "--no-config", "--format", "json", "--render=auto", site.url("/app.html"),
                         site.url("/DL301-violation-low-contrast.html"), timeout=120)
    shell, plain = result.json()["documents"]
    assert shell["rendering"] is not None and plain["rendering"] is None
    assert [lab["text"] for lab in shell["labels"]] == ["Sponsored by Acme Mobility"]
    assert shell["labels"][0]["rendered"] is True
    assert "DL902" not in {f["code"] for f in shell["findings"]} and shell["outcomes"]["DL902"] == "pass"
    assert [lab["prominence"] for lab in plain["labels"]] == [None]
    assert dl301(plain) == []  # without rendering DL301 judges text order only, as before

    served = run_process("check", "--no-config", "--format", "json", site.url("/app.html")).json()["documents"][0]
    assert "DL902" in {f["code"] for f in served["findings"]} and served["labels"] == []


def test_drafts_on_disk_render_with_their_own_folder_only(tmp_path):
    """A draft loads files beside it, never a file above its folder."""
    folder = tmp_path / "draft"
    folder.mkdir()
    (tmp_path / "secret.js").write_text('document.querySelector("h1").textContent = "leaked";', encoding="utf-8")
    (folder / "label.js").write_text('document.getElementById("k").textContent = "Sponsored content";',
                                     encoding="utf-8")
    page = (RENDER / "DL301-pass-rendered.html").read_text(encoding="utf-8").replace(
        '<p class="kicker">Sponsored by Acme Mobility</p>', '<p class="kicker" id="k"></p>').replace(
        "</body>", '<script src="label.js"></script><script src="../secret.js"></script>'
                   '<script src="..%2Fsecret.js"></script></body>')
    draft = folder / "draft.html"
    draft.write_text(page, encoding="utf-8")
    document = run_process("check", "--no-config", "--format", "json", "--render", draft,
                           timeout=120).json()["documents"][0]
    assert [lab["text"] for lab in document["labels"]] == ["Sponsored content"]
    assert document["labels"][0]["rendered"] is True
    assert document["headline"] == "Ten ideas for greener cities"  # secret.js would have renamed it
    assert "http://draft.invalid/secret.js" not in document["rendering"]["blocked"]  # asked for, answered 404


@pytest.mark.parametrize(("args", "message"), [
    (("--render=sometimes",), "'sometimes' is not a way to render"),
    (("--render-allow", "cdn.example.com"), "is not an origin like https://cdn.example.com"),
    (("--render-timeout", "0"), "must be a number more than 0"),
])
def test_bad_render_options_are_usage_errors(args, message):
    result = run_process("check", "--no-config", *args, str(RENDER / "DL301-pass-rendered.html"))
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_axe_or_browser_stops_the_run_before_any_page(tmp_path):
    page = str(RENDER / "DL301-pass-rendered.html")
    missing = run_process("check", "--no-config", "--render", page,
                          env={"DISCLOSURE_LINT_AXE": str(tmp_path / "nowhere.js")})
    assert missing.code == 2 and "DISCLOSURE_LINT_AXE" in missing.stderr and missing.stdout == ""
    no_browser = run_process("check", "--no-config", "--render", page,
                             env={"DISCLOSURE_LINT_CHROMIUM": str(tmp_path / "no-chromium")})
    assert no_browser.code == 2 and "needs Chromium" in no_browser.stderr


def test_the_rendered_report_follows_the_json_schema(rendered):
    import json

    import jsonschema

    from disclosure_lint.report.json_report import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text())
    report = rendered["result"].json()
    jsonschema.Draft202012Validator(schema).validate(report)
    index = PAGES.index("DL301-violation-low-contrast")
    seen = report["documents"][index]["labels"][0]["prominence"]
    assert seen["screenshot"].startswith("data:image/png;base64,")
    seen["screenshot"] = "javascript:alert(1)"  # the schema holds screenshots to PNG data URIs
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(report)


def test_the_html_report_shows_the_measurements_and_the_label_as_rendered(site, tmp_path):
    """In a real browser: the report shows the numbers and the screenshot, its policy still lets
    nothing else load or run, and the screenshot is a real picture of the label."""
    from tests.browser import Chromium

    target = tmp_path / "report.html"
    result = run_process("check", "--no-config", "--render", "--output", f"html:{target}",
                         site.url("/DL301-violation-low-contrast.html"), timeout=120)
    assert result.code == 1, result.stderr
    with Chromium(chromium_binary()) as browser:
        browser.viewport(1280, 900)
        browser.open(target.as_uri())
        text = browser.evaluate("document.body.innerText")
        assert "as rendered: 11 px" in text and "contrast 1.91:1 (fail)" in text and "body text 16 px" in text
        shots = browser.evaluate("""Array.from(document.querySelectorAll('img.shot'))
            .map(img => [img.complete, img.naturalWidth, img.naturalHeight, img.src.slice(0, 22)])""")
        assert len(shots) == 1
        complete, width, height, scheme = shots[0]
        assert complete and scheme == "data:image/png;base64," and 100 < width <= 640 and 11 < height <= 160
        assert browser.problems() == []  # no Content-Security-Policy violation
        assert [url for url in browser.requests() if not url.startswith("data:")] == [target.as_uri()]
