"""The project's headless Chromium driver (disclosure_lint.render.chromium) with what tests use:
navigation that waits for the load event, real mouse clicks, screenshots, and what the page
requested or complained about.

Also a command that writes the README's screenshots of the HTML report:
    python -m tests.browser docs/"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from disclosure_lint.render.chromium import Browser, BrowserError, chromium_binary

__all__ = ["BrowserError", "Chromium", "chromium_binary", "write_screenshots"]


class Chromium(Browser):
    """One browser and one page with the Page, Runtime, Network and Log events on; events are kept
    in `events` for the test to read."""

    def __init__(self, binary: str):
        super().__init__(binary)
        try:
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    # What tests use ------------------------------------------------------------------------------

    def open(self, url: str) -> None:
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the element (scrolled into view first)."""
        box = self.evaluate(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return null;
            el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        if box is None:
            raise BrowserError(f"nothing matches {selector!r}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1})
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))

    def problems(self) -> list[str]:
        """What a page script or the browser reported: every console call, every uncaught exception,
        and every browser log entry at error level (a Content-Security-Policy violation is one).
        Browser warnings (deprecations and the like) are left out: they say nothing about the page."""
        out = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                out.append("console: " + " ".join(str(arg.get("value", arg.get("description", "")))
                                                  for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                out.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(f"log: {params['entry'].get('text', '')}")
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

def write_screenshots(folder: Path) -> list[Path]:
    """Check the bundled fixtures plus a missing file, write the HTML report, and photograph it at
    a laptop's and a phone's width."""
    root = Path(__file__).resolve().parent.parent
    binary = chromium_binary()
    if binary is None:
        raise SystemExit("no chromium binary found; install Debian's chromium package")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.html"
        inputs = ["fixtures/founding/euractiv-underwritten.txt", *sorted(
            str(p.relative_to(root)) for p in (root / "fixtures" / "pages").glob("*.html")),
            "fixtures/ci/DL301-violation.md", "drafts/missing-draft.html"]
        subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--output",
                        f"html:{report}", *inputs], cwd=root, stdout=subprocess.DEVNULL, check=False)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with Chromium(binary) as browser:
            for name, width, height, mobile in (("report-desktop.png", 1280, 1600, False),
                                                ("report-narrow.png", 390, 1500, True)):
                browser.viewport(width, height, mobile)
                browser.open(report.as_uri())
                target = folder / name
                browser.screenshot(target)
                written.append(target)
        return written


def write_render_screenshot(folder: Path) -> Path:
    """docs/rendered-label.png: a faint 11 px label checked with --render, as the HTML report shows
    it (the measurements, the findings and the label's own screenshot)."""
    root = Path(__file__).resolve().parent.parent
    binary = chromium_binary()
    if binary is None:
        raise SystemExit("no chromium binary found; install Debian's chromium package")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.html"
        subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--render", "--output",
                        f"html:{report}", "fixtures/render/DL301-violation-low-contrast.html"], cwd=root,
                       stdout=subprocess.DEVNULL, check=False)
        target = folder / "rendered-label.png"
        with Chromium(binary) as browser:
            browser.viewport(1000, 1400)
            browser.open(report.as_uri())
            box = browser.evaluate("""(() => { const r = document.querySelector('article.doc').getBoundingClientRect();
                return [r.left, r.top + window.scrollY, r.width, r.height]; })()""")
            data = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                clip={"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1})["data"]
            target.write_bytes(base64.b64decode(data))
        return target


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    for path in [*write_screenshots(out), write_render_screenshot(out)]:
        print(path)
