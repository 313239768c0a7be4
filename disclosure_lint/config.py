"""Configuration: `[tool.disclosure-lint]` in pyproject.toml or a disclosure-lint.toml, found by
walking up from the working folder (the nearest wins; a pyproject.toml without the table is
passed over), or named with --config. Command-line flags win over the file. Every key and value
is checked: a mistake stops the run (exit 2) with the file and the key, before any page is read.

    [tool.disclosure-lint]
    profile = "default"
    select = ["ALL"]                 # codes, prefixes (DL3), names, ALL
    extend-select = []
    ignore = ["DL102"]
    fail-on = "warning"              # error | warning | info | never
    rules-dir = ["lint"]             # house rules like --rules-dir: rule files, profiles/, vocabulary/
    suppressions = true              # false: ignore the documents' own suppression comments
    baseline = ".disclosure-lint-baseline.json"   # like --baseline, relative to this file's folder
    [tool.disclosure-lint.severity]
    ambiguous-label = "error"
    [tool.disclosure-lint.per-path-ignores]
    "drafts/archive/**" = ["DL301"]
    [tool.disclosure-lint.per-url-ignores]
    "https://example.com/partner/*" = ["ambiguous-label"]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_lint.model import Severity
from disclosure_lint.resources import ConfigError, load_toml

CONFIG_NAME = "disclosure-lint.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "disclosure-lint")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = tuple(s.value for s in Severity)
COMMAND_LINE = "command line"

LIST_KEYS = ("select", "extend-select", "ignore")
TABLE_KEYS = ("severity", "per-path-ignores", "per-url-ignores")
KEYS = frozenset({"profile", "fail-on", "suppressions", "rules-dir", "baseline", *LIST_KEYS, *TABLE_KEYS})


@dataclass
class FileConfig:
    """The validated contents of one configuration file (or none: `path` is None)."""

    path: Path | None = None
    prefix: str = ""  # "tool.disclosure-lint." in a pyproject.toml, so messages name the full key
    profile: str | None = None
    fail_on: str | None = None
    suppressions: bool | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_dir: tuple[Path, ...] | None = None
    baseline: Path | None = None  # relative paths are read from the file's folder
    severity: dict[str, Severity] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    per_url_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    @property
    def where(self) -> str:
        return str(self.path) if self.path else COMMAND_LINE

    def key(self, name: str) -> str:
        return self.prefix + name


def find_config(start: Path) -> Path | None:
    """The nearest disclosure-lint.toml, or pyproject.toml with a [tool.disclosure-lint] table,
    in `start` or a folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        candidate = folder / PYPROJECT
        if candidate.is_file() and _table(load_toml(candidate), candidate) is not None:
            return candidate
    return None


def load_config(path: Path) -> FileConfig:
    if not path.is_file():
        raise ConfigError(path, "no such configuration file (check --config)")
    data = load_toml(path)
    if path.name == PYPROJECT:
        table = _table(data, path)
        if table is None:
            raise ConfigError(path, "has no [tool.disclosure-lint] table")
        return parse_config(table, path, "tool.disclosure-lint.")
    return parse_config(data, path, "")


def _table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    tool = data.get(TABLE[0])
    if not isinstance(tool, dict) or TABLE[1] not in tool:
        return None
    table = tool[TABLE[1]]
    if not isinstance(table, dict):
        raise ConfigError(path, f"is {_kind(table)}; expected a table", "tool.disclosure-lint")
    return table


def parse_config(data: dict[str, Any], path: Path, prefix: str = "") -> FileConfig:
    config = FileConfig(path=path, prefix=prefix)
    for key in sorted(data):
        if key not in KEYS:
            raise ConfigError(path, f"unknown key; expected one of {', '.join(sorted(KEYS))}", prefix + key)
    if "profile" in data:
        config.profile = _string(data["profile"], config, "profile", "a profile name")
    if "fail-on" in data:
        config.fail_on = _choice(data["fail-on"], config, "fail-on", FAIL_ON)
    if "suppressions" in data:
        if not isinstance(data["suppressions"], bool):
            raise ConfigError(path, f"is {_kind(data['suppressions'])}; expected true or false",
                              config.key("suppressions"))
        config.suppressions = data["suppressions"]
    if "select" in data:
        config.select = _strings(data["select"], config, "select")
    config.extend_select = _strings(data.get("extend-select", []), config, "extend-select")
    config.ignore = _strings(data.get("ignore", []), config, "ignore")
    if "rules-dir" in data:
        folders = tuple((config.base / p).resolve() for p in _strings(data["rules-dir"], config, "rules-dir"))
        for i, folder in enumerate(folders):
            if not folder.is_dir():
                raise ConfigError(path, f"{str(folder)!r} is not a folder", config.key(f"rules-dir[{i}]"))
        config.rules_dir = folders
    if "baseline" in data:
        config.baseline = config.base / _string(data["baseline"], config, "baseline", "the baseline file's path")
    for key, value in _mapping(data.get("severity", {}), config, "severity").items():
        config.severity[key] = Severity(_choice(value, config, f"severity.{key}", SEVERITIES))
    for key in ("per-path-ignores", "per-url-ignores"):
        table = {pattern: _strings(codes, config, f"{key}.{pattern}")
                 for pattern, codes in _mapping(data.get(key, {}), config, key).items()}
        setattr(config, key.replace("-", "_"), table)
    return config


def _kind(value: Any) -> str:
    return {bool: "a boolean", str: "a string", int: "a number", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _string(value: Any, config: FileConfig, key: str, expected: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(config.where, f"is {_kind(value)}; expected {expected}", config.key(key))
    return value.strip()


def _choice(value: Any, config: FileConfig, key: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        shown = repr(value) if isinstance(value, str) else _kind(value)
        raise ConfigError(config.where, f"{shown} is not allowed; expected one of {', '.join(choices)}",
                          config.key(key))
    return value


def _strings(value: Any, config: FileConfig, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(config.where, f"is {_kind(value)}; expected a list of strings", config.key(key))
    return tuple(v.strip() for v in value)


def _mapping(value: Any, config: FileConfig, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(config.where, f"is {_kind(value)}; expected a table", config.key(key))
    return value


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """`check` options that a configuration file can also set; given here, they win."""
    group = parser.add_argument_group("configuration and rule selection")
    group.add_argument("--config", type=Path, metavar="PATH",
                       help="use this configuration file instead of searching upward for one")
    group.add_argument("--no-config", action="store_true", help="ignore every configuration file")
    group.add_argument("--profile", default=None,
                       help="rule profile: default, us-ftc, eu, uk-cap, de, fr, or one from --rules-dir")
    group.add_argument("--select", action="append", metavar="RULES",
                       help="only these rules: codes, prefixes (DL2), names or ALL, comma-separated")
    group.add_argument("--extend-select", action="append", metavar="RULES", help="add these rules to the selection")
    group.add_argument("--ignore", action="append", metavar="RULES", help="leave these rules out")
    group.add_argument("--fail-on", choices=FAIL_ON, default=None,
                       help="lowest severity that makes the run fail with exit 1 (default: error)")
    group.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run")
    group.add_argument("--ignore-suppressions", action="store_true",
                       help="report findings the documents' own suppression comments and attributes silence")
    baseline = parser.add_argument_group("baseline")
    baseline.add_argument("--baseline", type=Path, metavar="FILE",
                          help="accept the findings recorded in FILE; only new findings fail the run")
    baseline.add_argument("--update-baseline", action="store_true",
                          help="record this run's findings in the --baseline FILE")


@dataclass
class Settings:
    """File configuration and command line merged: what one run does."""

    config: FileConfig
    profile: str
    fail_on: str
    suppressions: bool
    cli_select: tuple[str, ...] | None
    cli_extend_select: tuple[str, ...]
    cli_ignore: tuple[str, ...]
    baseline: Path | None
    update_baseline: bool
    rules_dir: tuple[Path, ...] = ()  # house rule folders: rule files, profiles/, vocabulary/

    def folders(self, name: str = "") -> tuple[Path, ...]:
        """The house rule folders, or their `name` subfolders that exist (profiles, vocabulary)."""
        return tuple(f / name for f in self.rules_dir if (f / name).is_dir()) if name else self.rules_dir


def resolve(args: argparse.Namespace, cwd: Path | None = None) -> Settings:
    """The command line's settings: its flags over the configuration file they point at."""
    return settings_for(
        config=False if args.no_config else args.config, cwd=cwd, profile=args.profile, fail_on=args.fail_on,
        suppressions=False if args.ignore_suppressions else None,
        select=_split(args.select) if args.select is not None else None,
        extend_select=_split(args.extend_select), ignore=_split(args.ignore),
        baseline=args.baseline, update_baseline=args.update_baseline,
        rules_dir=tuple(getattr(args, "rules_dir", None) or ()),
    )


def settings_for(*, config: Path | str | bool | None = None, cwd: Path | None = None, profile: str | None = None,
                 fail_on: str | None = None, suppressions: bool | None = None,
                 select: tuple[str, ...] | None = None, extend_select: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = (), baseline: Path | None = None, update_baseline: bool = False,
                 rules_dir: tuple[Path, ...] = ()) -> Settings:
    """One run's settings from plain values (the command line and the Python API both come here).
    `config`: None searches upward from `cwd` for a configuration file, False uses none, a path
    names one. Given values win over the file's."""
    if config is False:
        found = FileConfig()
    elif config is not None and config is not True:
        found = load_config(Path(config))
    else:
        path = find_config((cwd or Path.cwd()).resolve())
        found = load_config(path) if path else FileConfig()
    baseline = baseline or found.baseline
    if update_baseline and baseline is None:
        raise ConfigError(COMMAND_LINE, "needs --baseline FILE (or baseline in the configuration file) to know "
                                        "where to write", "--update-baseline")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(COMMAND_LINE, f"{fail_on!r} is not allowed; expected one of {', '.join(FAIL_ON)}",
                          "--fail-on")
    return Settings(
        config=found,
        profile=profile or found.profile or "default",
        fail_on=fail_on or found.fail_on or "error",
        suppressions=suppressions is not False and found.suppressions is not False,
        cli_select=tuple(select) if select is not None else None,
        cli_extend_select=tuple(extend_select),
        cli_ignore=tuple(ignore),
        baseline=baseline,
        update_baseline=update_baseline,
        rules_dir=tuple(rules_dir or found.rules_dir or ()),
    )


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())
