"""DL301 on measured labels (what --render measures), without a browser: the rule's params and a
profile's [params.DL301] decide; one label a reader sees well is enough; labels without
measurements are judged by text order alone, as before."""

from __future__ import annotations

import pytest

from disclosure_lint.engine import load_engine
from disclosure_lint.model import ContrastStatus, Evidence, Label, Outcome, Placement, Prominence
from disclosure_lint.resources import ConfigError


def seen(font_px: float = 16, contrast: float = 12.0, status: ContrastStatus = ContrastStatus.PASS,
         phone_top: float = 20, weight: int = 400, visible: bool = True, hidden_by: str = "",
         body: float = 16) -> Prominence:
    return Prominence(font_px=font_px, font_weight=weight, color="rgb(51, 51, 51)", visible=visible,
                      hidden_by=hidden_by, background="#ffffff", contrast=contrast, contrast_status=status,
                      contrast_reason="Element's background color could not be determined due to a background "
                                      "gradient" if status is ContrastStatus.INCOMPLETE else "",
                      body_font_px=body,
                      placements=(Placement("desktop", 1280, 800, 20, 36, font_px, True),
                                  Placement("phone", 390, 844, phone_top, phone_top + 16, font_px,
                                            phone_top + 16 <= 844)))


def evidence(*labels: Label) -> Evidence:
    return Evidence(source="page.html", format="html", language="en", headline="Ten ideas", headline_line=3,
                    body_start_line=4, body_end_line=9, labels=list(labels))


def label(prominence: Prominence | None, text: str = "Sponsored by Acme", position: str = "top") -> Label:
    return Label(text=text, category="sponsored", language="en", position=position, line=2, term="Sponsored by",
                 prominence=prominence)


def dl301(found: Evidence, profile: str = "default", folders=(), profiles=()) -> list:
    engine = load_engine(profile, folders, profiles)
    findings, _ = engine.evaluate(found)
    return [f for f in findings if f.code == "DL301"]


def test_a_prominent_label_passes():
    assert dl301(evidence(label(seen()))) == []


def test_a_hidden_label_is_one_finding_saying_why():
    [finding] = dl301(evidence(label(seen(visible=False, hidden_by="opacity: 0"))))
    assert "does not see it (opacity: 0)" in finding.message and finding.outcome is Outcome.VIOLATION


def test_large_bold_text_needs_only_3_to_1():
    assert dl301(evidence(label(seen(font_px=19, weight=700, contrast=3.2, body=16)))) == []
    [finding] = dl301(evidence(label(seen(font_px=17, weight=700, contrast=3.2, body=16))))
    assert "3.20:1" in finding.message and "at least 4.5:1 for normal text" in finding.message


def test_one_label_a_reader_sees_is_enough():
    faint = label(seen(font_px=10, contrast=1.5), text="Anzeige")
    assert dl301(evidence(faint, label(seen(), text="Sponsored by Acme"))) == []
    assert len(dl301(evidence(faint))) == 2


def test_an_undecided_contrast_is_a_review():
    [finding] = dl301(evidence(label(seen(contrast=None, status=ContrastStatus.INCOMPLETE))))
    assert finding.outcome is Outcome.REVIEW and "background gradient" in finding.message


def test_without_measurements_only_text_order_counts():
    assert dl301(evidence(label(None))) == []
    [finding] = dl301(evidence(label(None, position="bottom")))
    assert finding.message.startswith("The only label, 'Sponsored by Acme', appears at the end of the article")


def test_a_profile_sets_its_own_minimum(tmp_path):
    (tmp_path / "house.toml").write_text('name = "house"\nrules = ["*"]\n[params.DL301]\nmin_font_px = 14\n',
                                         encoding="utf-8")
    small = evidence(label(seen(font_px=13, body=13)))
    assert dl301(small) == []  # the default minimum is 12 px
    [finding] = dl301(small, "house", profiles=(tmp_path,))
    assert "13 px type, under the minimum of 14 px" in finding.message
    (tmp_path / "branch.toml").write_text('name = "branch"\nextends = "house"\n', encoding="utf-8")
    assert len(dl301(small, "branch", profiles=(tmp_path,))) == 1  # a profile that extends it keeps its params


@pytest.mark.parametrize(("table", "field", "expected"), [
    ("[params.DL999]\nx = 1\n", "params.DL999", "unknown rule"),
    ("[params.DL301]\nmin_font = 14\n", "params.DL301.min_font", "has no param 'min_font'"),
    ("[params.label-not-prominent]\nmin_font_px = \"big\"\n", "params.label-not-prominent.min_font_px",
     "expected a number"),
])
def test_a_wrong_profile_param_names_the_file_and_field(tmp_path, table, field, expected):
    (tmp_path / "house.toml").write_text(f'name = "house"\nrules = ["*"]\n{table}', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_engine("house", (), (tmp_path,))
    assert caught.value.field == field and expected in str(caught.value)
