"""axe-core, the accessibility engine whose color-contrast rule measures a label's contrast inside
the rendered page (foreground against whatever lies behind it, as WCAG 2 defines the ratio).

It comes from the npm package `axe-core` (MPL-2.0), pinned to AXE_VERSION; .ci/run installs it
with the machine's npm. The file is found through DISCLOSURE_LINT_AXE, then in node_modules
folders (the working folder, the source checkout, npm's global folders)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from disclosure_lint.resources import ConfigError

AXE_VERSION = "4.14.1"
ENVIRONMENT = "DISCLOSURE_LINT_AXE"
RELATIVE = Path("node_modules") / "axe-core" / "axe.min.js"
INSTALL = f"npm install axe-core@{AXE_VERSION}"


def candidates() -> list[Path]:
    checkout = Path(__file__).resolve().parents[2]
    folders = (Path.cwd(), checkout, Path("/usr/local/lib"), Path("/usr/lib"))
    return [*(folder / RELATIVE for folder in folders), Path("/usr/share/nodejs/axe-core/axe.min.js")]


def find_axe() -> Path:
    """axe.min.js, or a configuration error that says where it was looked for and how to install it."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(ENVIRONMENT, f"{named!r} is not a file; point it at axe-core's axe.min.js")
        return path
    for path in candidates():
        if path.is_file():
            return path
    raise ConfigError("--render", f"needs axe-core {AXE_VERSION} for contrast: run '{INSTALL}' in the working "
                                  f"folder, or set {ENVIRONMENT} to the path of its axe.min.js")


@lru_cache(maxsize=2)
def axe_source(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")
