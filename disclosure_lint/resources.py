"""Where the bundled data lives, and reading it: rule files, profiles and vocabulary are TOML under
`rules/`. In a wheel they sit inside the package; in a source checkout or editable install they
are the top-level `rules/` folder. Errors name the file, the field and what is expected."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A rule file, profile, vocabulary or configuration file is wrong. Exit code 2."""

    def __init__(self, path: Path | str, message: str, field: str | None = None):
        self.path = str(path)
        self.field = field
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + message)


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise ConfigError(packaged, "the bundled rules folder is missing; reinstall disclosure-lint")


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot be read ({exc.strerror or exc})") from None


def require(data: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path, expected: str) -> Any:
    """Fetch a required field, or stop with a message naming the file, the field and what is expected."""
    if key not in data:
        raise ConfigError(path, f"missing; expected {expected}", key)
    value = data[key]
    if not isinstance(value, kind):
        raise ConfigError(path, f"is {type(value).__name__}; expected {expected}", key)
    return value
