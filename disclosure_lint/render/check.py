"""Checking a page as a reader sees it. The page is first checked as served; with --render (or with
--render=auto when it needs JavaScript) it is then loaded in the browser, its DOM read by the same
extraction, and each label measured in the live page before the rules run. Labels the served HTML
did not have are marked `rendered`. Pages that are not HTML are checked as they are.

Each worker process has one Renderer (one browser), started on its first page and reused."""

from __future__ import annotations

import atexit
import os
import tempfile
from dataclasses import dataclass, replace

from disclosure_lint.extract import read_page
from disclosure_lint.model import Document, DocumentResult, Evidence, Rendering, Signal
from disclosure_lint.pipeline import Checker
from disclosure_lint.render.measure import body_numbers, label_spec, prominence, rendered_only
from disclosure_lint.render.options import RenderOptions, render_options
from disclosure_lint.render.session import LivePage, Renderer
from disclosure_lint.sources.javascript import SIGNAL_KIND

RENDERED_SIGNAL = "rendered"
_RENDERERS: dict[int, Renderer] = {}  # per process id: a forked worker never uses its parent's browser


def renderer_for(options: RenderOptions) -> Renderer:
    pid = os.getpid()
    renderer = _RENDERERS.get(pid)
    if renderer is None or renderer.options != options:
        if renderer is not None:
            renderer.close()
        renderer = _RENDERERS[pid] = Renderer(options)
        _close_at_exit(renderer)
    return renderer


def _close_at_exit(renderer: Renderer) -> None:
    """Close the browser when this process ends: atexit in the main process, and multiprocessing's
    finalizers in a worker (which leaves through os._exit, skipping atexit)."""
    from multiprocessing import util

    atexit.register(renderer.close)
    util.Finalize(renderer, renderer.close, exitpriority=10)


def close_renderers() -> None:
    renderer = _RENDERERS.pop(os.getpid(), None)
    if renderer is not None:
        renderer.close()


@dataclass(frozen=True, slots=True)
class RenderingChecker:
    base: Checker
    options: RenderOptions

    def check(self, document: Document) -> DocumentResult:
        served = self.base.check(document)
        if document.format != "html" or served.status != "checked" or not self._wanted(document):
            return served
        served_labels = served.evidence.labels if served.evidence is not None else []
        renderer = renderer_for(self.options)
        try:
            with renderer.page(document) as live:
                return self.base.judge(document, lambda: self._evidence(document, live, served_labels))
        except Exception as exc:  # RenderError (its kind), or anything else: the document's error
            from disclosure_lint.pipeline import failed

            result = failed(document.source, getattr(exc, "kind", "render-failed"), str(exc))
            result.archive = document.archive
            return result

    def _wanted(self, document: Document) -> bool:
        return self.options.mode == "all" or any(s.kind == SIGNAL_KIND for s in document.signals)

    def _evidence(self, document: Document, live: LivePage, served_labels: list) -> Evidence:
        policy = live.policy
        signals = tuple(s for s in document.signals if s.kind != SIGNAL_KIND)
        rendered = replace(document, text=live.html, signals=(*signals, Signal(
            RENDERED_SIGNAL, f"rendered by {live.browser.version or 'Chromium'}", 0, commercial=False)))
        evidence = self.base.read(rendered)
        page = read_page(rendered)
        specs = [label_spec(label, page) for label in evidence.labels]
        wanted = [spec for spec in specs if spec is not None]
        measured = live.measure(wanted, body_numbers(page)) if wanted else None
        found = iter(range(len(wanted)))
        for label, spec, only_here in zip(evidence.labels, specs, rendered_only(evidence.labels, served_labels),
                                          strict=True):
            label.rendered = only_here
            if spec is not None and measured is not None:
                label.prominence = prominence(next(found), measured)
        evidence.rendering = Rendering(
            browser=live.browser.version, settled_ms=live.settled_ms, fetched=policy.fetched,
            blocked=tuple(policy.blocked), blocked_count=policy.blocked_count,
            axe_version=measured.axe_version if measured is not None else "", load_event=live.loaded)
        return evidence


class RenderRun:
    """A run's rendering: its options and a scratch folder for the browsers' profiles, removed with
    this process's browser when the run ends (workers close theirs when they stop)."""

    def __init__(self, options: RenderOptions, scratch: tempfile.TemporaryDirectory):
        self.options = options
        self._scratch = scratch

    @classmethod
    def start(cls, args, fetch) -> RenderRun:
        scratch = tempfile.TemporaryDirectory(prefix="disclosure-lint-render-")
        try:
            return cls(render_options(args, fetch, scratch.name), scratch)
        except BaseException:
            scratch.cleanup()
            raise

    def checker(self, base: Checker) -> RenderingChecker:
        return RenderingChecker(base, self.options)

    def close(self) -> None:
        close_renderers()
        self._scratch.cleanup()
