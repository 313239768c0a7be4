"""What --render needs is installed the way the code expects: CI installs the axe-core version the
code pins, in the folder the code looks in first."""

from __future__ import annotations

import re

from disclosure_lint.render.axe import AXE_VERSION, RELATIVE, candidates
from tests.conftest import ROOT


def test_ci_installs_the_pinned_axe_core_where_it_is_looked_for():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^AXE_VERSION=(\S+)$", script, re.MULTILINE).group(1) == AXE_VERSION
    assert "node_modules/axe-core/axe.min.js" in script
    assert ROOT / RELATIVE in candidates()  # CI runs .ci/run from the checkout's root
