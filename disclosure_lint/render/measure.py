"""Labels found by extraction, found again in the live page, and their measurements turned into
typed evidence. Extraction reads the rendered page's HTML with every body element numbered
(scripts.SERIALISE); a label's block element carries its number, and inside it the label's text
is found by its characters (whitespace ignored) and how many times they occur before it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from disclosure_lint.extract.page import Page
from disclosure_lint.model import ContrastStatus, Label, Placement, Prominence
from disclosure_lint.render.session import DESKTOP, PHONE, Measured, Viewport

NUMBER = "data-dl-n"
NEEDLE_CHARS = 60  # enough characters to find a label again, few enough to stay inside one element


def _squeezed(text: str) -> str:
    return "".join(text.split())


def label_spec(label: Label, page: Page) -> dict[str, Any] | None:
    """Where the page's script looks for the label: the numbered element, the characters, which occurrence."""
    if not 0 <= label.block < len(page.blocks):
        return None
    block = page.blocks[label.block]
    number = _number(block.node.element if block.node is not None else None)
    if number is None:
        return None
    squeezed_label = _squeezed(label.text.rstrip("…"))
    needle = _squeezed(block.text[label.offset:label.offset + 4 * NEEDLE_CHARS])[:min(len(squeezed_label),
                                                                                      NEEDLE_CHARS)]
    if not needle:
        return None
    whole = _squeezed(block.text)
    before = len(_squeezed(block.text[:label.offset]))
    nth, at = 0, whole.find(needle)
    while 0 <= at < before:
        nth += 1
        at = whole.find(needle, at + 1)
    return {"element": number, "needle": needle, "nth": nth}


def _number(element) -> int | None:
    while element is not None:
        value = element.get(NUMBER) if hasattr(element, "get") else None
        if value is not None and value.isdigit():
            return int(value)
        element = element.getparent()
    return None


def body_numbers(page: Page, most: int = 200) -> list[int]:
    """The numbered elements of the article's body blocks, for its body text size."""
    if page.body_start is None or page.body_end is None:
        return []
    numbers = []
    for block in page.blocks[page.body_start:page.body_end + 1]:
        number = _number(block.node.element if block.node is not None else None)
        if number is not None:
            numbers.append(number)
    return list(dict.fromkeys(numbers))[:most]


def rendered_only(labels: list[Label], served: list[Label]) -> list[bool]:
    """Per rendered label: True when the HTML as served had no label of the same text and category
    left to pair it with."""
    left = Counter((lab.text, lab.category) for lab in served)
    out = []
    for label in labels:
        key = (label.text, label.category)
        if left[key] > 0:
            left[key] -= 1
            out.append(False)
        else:
            out.append(True)
    return out


def prominence(index: int, measured: Measured) -> Prominence | None:
    """The evidence for the label at `index`, or None when its text was not found in the live page."""
    desktop = measured.desktop["labels"][index]
    if not desktop.get("found"):
        return None
    phone = measured.phone["labels"][index] if index < len(measured.phone["labels"]) else {"found": False}
    contrast = measured.contrast[index] if index < len(measured.contrast) else {"status": "not-applicable"}
    placements = [_placement(DESKTOP, desktop, measured.desktop)]
    if phone.get("found"):
        placements.append(_placement(PHONE, phone, measured.phone))
    status = {"pass": ContrastStatus.PASS, "fail": ContrastStatus.FAIL,
              "incomplete": ContrastStatus.INCOMPLETE}.get(contrast.get("status", ""), ContrastStatus.NOT_MEASURED)
    ratio = contrast.get("ratio")
    reason = str(contrast.get("message") or contrast.get("reason") or "")
    return Prominence(
        font_px=round(float(desktop["font_px"]), 2), font_weight=int(desktop["weight"]), color=str(desktop["color"]),
        visible=not desktop.get("hidden_by"), hidden_by=str(desktop.get("hidden_by") or ""),
        background=contrast.get("bg"), contrast=round(float(ratio), 2) if isinstance(ratio, (int, float)) else None,
        contrast_status=status, contrast_reason=reason if status is ContrastStatus.INCOMPLETE else "",
        body_font_px=_number_or_none(measured.desktop.get("body_font_px")),
        placements=tuple(placements), screenshot=measured.screenshots[index] if index < len(measured.screenshots)
        else None,
    )


def _placement(viewport: Viewport, label: dict[str, Any], page: dict[str, Any]) -> Placement:
    """Positions in the screen's CSS px: the page's zoom (a phone showing a desktop layout shrinks
    it) applied, so the fold is the viewport's height."""
    scale = float(page.get("scale") or 1)
    top = float(label["top"]) * scale
    bottom = (float(label["top"]) + float(label["height"])) * scale
    return Placement(viewport=viewport.name, width=viewport.width, height=viewport.height, top=round(top, 1),
                     bottom=round(bottom, 1), font_px=round(float(label["font_px"]) * scale, 2),
                     above_fold=bottom <= viewport.height)


def _number_or_none(value: object) -> float | None:
    return round(float(value), 2) if isinstance(value, (int, float)) else None
