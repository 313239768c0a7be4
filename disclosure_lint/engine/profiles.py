"""Profiles select rules and set severities and wording strength per jurisdiction or publisher.
`rules/profiles/<name>.toml`; a publisher adds its own folder without touching code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_lint.engine.rules import SEVERITIES, Rule
from disclosure_lint.model import Severity
from disclosure_lint.resources import ConfigError, load_toml, require

STRENGTHS = ("clear", "contested", "ambiguous", "insufficient", "house")
KEYS = frozenset({"name", "params", "description", "extends", "rules", "add", "remove", "severity", "strength",
                  "sponsorship"})
# Label categories that disclose something other than the piece being paid for: an affiliate notice, a
# gifted product or hosted trip (a material connection). A profile's `sponsorship` list counts some of
# them as sponsorship all the same.
NOT_SPONSORSHIP = frozenset({"affiliate", "gifted"})


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    rules: tuple[str, ...]  # codes or names; "*" for all
    severity: dict[str, Severity] = field(default_factory=dict)
    strengths: dict[str, str] = field(default_factory=dict)  # term (lower case) -> strength
    path: str = ""
    sponsorship: tuple[str, ...] = ()  # categories of NOT_SPONSORSHIP that this profile counts as sponsorship
    extends: str = ""

    @property
    def non_commercial(self) -> frozenset[str]:
        return NOT_SPONSORSHIP - set(self.sponsorship)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule code or name -> params it overrides

    def selects(self, rule: Rule) -> bool:
        return "*" in self.rules or rule.code in self.rules or rule.name in self.rules

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code) or self.severity.get(rule.name) or rule.severity

    def params_of(self, rule: Rule) -> dict[str, Any]:
        """The rule's params with this profile's [params.CODE] (or [params.name]) laid over them."""
        changes = {**self.params.get(rule.name, {}), **self.params.get(rule.code, {})}
        return {**rule.params, **changes} if changes else rule.params

    def strength_of(self, term: str, default: str) -> str:
        return self.strengths.get(" ".join(term.lower().split()), default)


def load_profile(path: Path, profiles: dict[str, Path] | None = None, _seen: tuple[str, ...] = ()) -> Profile:
    """Read a profile; one that `extends` another starts from it (its rules, severities and
    strengths), `add`s and `remove`s rules, and overrides what it sets itself."""
    data = load_toml(path)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key; expected one of {', '.join(sorted(KEYS))}", unknown[0])
    name = require(data, "name", str, path, "the profile's name")
    base: Profile | None = None
    extends = data.get("extends", "")
    if extends:
        if not isinstance(extends, str):
            raise ConfigError(path, "expected the name of another profile", "extends")
        known = profiles or {}
        if extends not in known:
            raise ConfigError(path, f"unknown profile {extends!r}; expected one of {', '.join(sorted(known))}",
                              "extends")
        if extends in _seen or extends == name:
            raise ConfigError(path, f"profiles extend each other in a circle ({' -> '.join((*_seen, name, extends))})",
                              "extends")
        base = load_profile(known[extends], profiles, (*_seen, name))
    if base is None:
        rules = tuple(_names(data, "rules", path, required=True))
    else:
        rules = tuple(_names(data, "rules", path)) or base.rules
    removed = set(_names(data, "remove", path))
    rules = tuple(r for r in dict.fromkeys((*rules, *_names(data, "add", path))) if r not in removed)
    severity = dict(base.severity) if base else {}
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise ConfigError(path, "expected a table of rule = severity", "severity")
    for key, value in table.items():
        if value not in SEVERITIES:
            raise ConfigError(path, f"unknown severity {value!r}; expected one of {', '.join(SEVERITIES)}",
                              f"severity.{key}")
        severity[key] = Severity(value)
    strengths = dict(base.strengths) if base else {}
    table = data.get("strength", {})
    if not isinstance(table, dict):
        raise ConfigError(path, "expected a table of term = strength", "strength")
    for term, value in table.items():
        if value not in STRENGTHS:
            raise ConfigError(path, f"unknown strength {value!r}; expected one of {', '.join(STRENGTHS)}",
                              f"strength.{term}")
        strengths[" ".join(term.lower().split())] = value
    sponsorship = tuple(_names(data, "sponsorship", path)) or (base.sponsorship if base else ())
    for category in sponsorship:
        if category not in NOT_SPONSORSHIP:
            raise ConfigError(path, f"unknown category {category!r}; expected one of "
                                    f"{', '.join(sorted(NOT_SPONSORSHIP))}", "sponsorship")
    description = data.get("description", base.description if base else "")
    if not isinstance(description, str):
        raise ConfigError(path, "expected a string", "description")
    params = data.get("params", {})
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise ConfigError(path, "expected tables of rule params, e.g. [params.DL301] min_font_px = 14", "params")
    inherited = dict(base.params) if base else {}
    for key, changes in params.items():
        inherited[key] = {**inherited.get(key, {}), **changes}
    return Profile(name=name, description=description, rules=rules, severity=severity, strengths=strengths,
                   path=str(path), sponsorship=sponsorship, extends=extends, params=inherited)


def _names(data: dict, key: str, path: Path, required: bool = False) -> list[str]:
    if key not in data:
        if required:
            raise ConfigError(path, 'missing; expected a list of rule codes or names, or ["*"] (or extends = '
                                    '"another profile")', key)
        return []
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise ConfigError(path, "expected a list of strings", key)
    return value


def check_params(profile: Profile, rules: list[Rule]) -> None:
    """Each [params.RULE] names a known rule, and each value has the type of the param it replaces."""
    by_key = {key: rule for rule in rules for key in (rule.code, rule.name)}
    for key, changes in profile.params.items():
        rule = by_key.get(key)
        if rule is None:
            raise ConfigError(profile.path, "unknown rule; expected a rule code or name", f"params.{key}")
        for name, value in changes.items():
            if name not in rule.params:
                known = ", ".join(sorted(k for k in rule.params if k != "messages")) or "none"
                raise ConfigError(profile.path, f"{rule.code} has no param {name!r}; expected one of {known}",
                                  f"params.{key}.{name}")
            if _kind(value) != _kind(rule.params[name]):
                raise ConfigError(profile.path, f"is {type(value).__name__}; expected {_kind(rule.params[name])}",
                                  f"params.{key}.{name}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string" if isinstance(value, str) else f"a {type(value).__name__}"


def find_profiles(folders: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found
