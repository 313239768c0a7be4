"""disclosure-lint: is this paid content, and does it say so?

The Python API (docs/api.md): `Linter` loads rules, profile and configuration once and checks
drafts, files and URLs; its errors are `DisclosureLintError`s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["CheckError", "ConfigurationError", "DisclosureLintError", "Draft", "Linter", "Report", "Result",
           "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from disclosure_lint.api import CheckError, ConfigurationError, DisclosureLintError, Draft, Linter, Report, Result


def __getattr__(name: str) -> Any:
    """The API loads on first use, so `disclosure-lint --version` stays fast."""
    if name in __all__ and name != "__version__":
        from disclosure_lint import api

        return getattr(api, name)
    raise AttributeError(f"module 'disclosure_lint' has no attribute {name!r}")
