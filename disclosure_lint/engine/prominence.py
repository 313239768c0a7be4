"""How prominent a rendered label is, judged from what the browser measured (model.Prominence) against
the rule's params: visible at all, above the fold in each viewport, not smaller than the body text
or the profile's minimum, and contrast at least WCAG 2's 4.5:1 (3:1 for large text). One label that
passes everything is enough; otherwise the shortfalls of the first label at the top (or the first
label) are reported. Without measurements (the page was not rendered) there is nothing to judge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from disclosure_lint.model import ContrastStatus, Label, Position, Prominence

DEFAULTS: dict[str, float] = {
    "min_font_px": 12.0,  # the profile's minimum label size
    "body_ratio": 1.0,  # a label smaller than this share of the body text size is too small
    "contrast": 4.5,  # WCAG 2.x 1.4.3, normal text
    "contrast_large": 3.0,  # WCAG 2.x 1.4.3, large text
    "large_px": 24.0,  # 18 pt
    "large_bold_px": 18.66,  # 14 pt, when bold
    "bold_weight": 700,
}


class Shortfall(str, Enum):
    HIDDEN = "hidden"
    BELOW_FOLD = "below_fold"
    SMALL = "small"
    LOW_CONTRAST = "low_contrast"
    CONTRAST_UNDECIDED = "contrast_undecided"


@dataclass(frozen=True, slots=True)
class Problem:
    shortfall: Shortfall
    label: Label
    values: dict[str, object] = field(default_factory=dict)
    review: bool = False  # axe-core could not decide: a person must look


def number(params: Mapping[str, Any], key: str) -> float:
    value = params.get(key, DEFAULTS[key])
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else DEFAULTS[key]


def problems(labels: list[Label], params: Mapping[str, Any]) -> list[Problem]:
    judged = [(label, _problems(label, label.prominence, params)) for label in labels
              if label.prominence is not None]
    if not judged or any(not found for _, found in judged):
        return []
    top = [entry for entry in judged if entry[0].position == Position.TOP.value]
    return (top or judged)[0][1]


def _problems(label: Label, seen: Prominence, params: Mapping[str, Any]) -> list[Problem]:
    if not seen.visible:
        return [Problem(Shortfall.HIDDEN, label, {"why": seen.hidden_by})]
    found = [Problem(Shortfall.BELOW_FOLD, label, {"viewport": spot.viewport, "width": spot.width,
                                                    "height": spot.height, "top": f"{spot.top:,.0f}"})
             for spot in seen.placements if not spot.above_fold]
    minimum, ratio = number(params, "min_font_px"), number(params, "body_ratio")
    body = seen.body_font_px
    compared = []
    if body and seen.font_px < body * ratio:
        compared.append(f"smaller than the article's body text ({_px(body)} px)")
    if seen.font_px < minimum:
        compared.append(f"under the minimum of {_px(minimum)} px")
    if compared:
        found.append(Problem(Shortfall.SMALL, label, {"font_px": _px(seen.font_px), "compared": " and ".join(compared),
                                                      "body_px": _px(body) if body else "unknown",
                                                      "minimum_px": _px(minimum)}))
    large = seen.font_px >= number(params, "large_px") or (
        seen.font_px >= number(params, "large_bold_px") and seen.font_weight >= number(params, "bold_weight"))
    required = number(params, "contrast_large" if large else "contrast")
    values = {"ratio": f"{seen.contrast:.2f}" if seen.contrast is not None else "unknown",
              "required": f"{required:g}", "color": seen.color, "background": seen.background or "unknown",
              "size": "large" if large else "normal", "font_px": _px(seen.font_px)}
    if seen.contrast is not None and seen.contrast < required:
        found.append(Problem(Shortfall.LOW_CONTRAST, label, values))
    elif seen.contrast_status is ContrastStatus.INCOMPLETE:
        found.append(Problem(Shortfall.CONTRAST_UNDECIDED, label, {**values, "reason": seen.contrast_reason
                                                                   or "no reason given"}, review=True))
    return found


def _px(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
