"""docs/auditing.md's monthly audit stays true: its commands, run in a scratch folder, print what
the page says they print (times of day aside)."""

from __future__ import annotations

from tests.walkthrough import ROOT, normal, run, steps


def test_the_monthly_audit_walk_through_prints_what_it_says(tmp_path):
    walk = steps((ROOT / "docs" / "auditing.md").read_text(encoding="utf-8"))
    assert len(walk) >= 10
    assert any("history diff" in command for command, _ in walk)
    printed = run([command for command, _ in walk], tmp_path)
    for (command, expected), actual in zip(walk, printed, strict=True):
        assert normal(actual) == normal(expected), command
