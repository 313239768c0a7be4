"""Profiles select rules and set severities and wording strength per jurisdiction or publisher.
`rules/profiles/<name>.toml`; a publisher adds its own folder without touching code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from disclosure_lint.engine.rules import SEVERITIES, Rule
from disclosure_lint.model import Severity
from disclosure_lint.resources import ConfigError, load_toml, require

STRENGTHS = ("clear", "contested", "ambiguous", "insufficient", "house")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    rules: tuple[str, ...]  # codes or names; "*" for all
    severity: dict[str, Severity] = field(default_factory=dict)
    strengths: dict[str, str] = field(default_factory=dict)  # term (lower case) -> strength
    path: str = ""

    def selects(self, rule: Rule) -> bool:
        return "*" in self.rules or rule.code in self.rules or rule.name in self.rules

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code) or self.severity.get(rule.name) or rule.severity

    def strength_of(self, term: str, default: str) -> str:
        return self.strengths.get(" ".join(term.lower().split()), default)


def load_profile(path: Path) -> Profile:
    data = load_toml(path)
    name = require(data, "name", str, path, "the profile's name")
    rules = require(data, "rules", list, path, 'a list of rule codes or names, or ["*"]')
    if not all(isinstance(r, str) for r in rules):
        raise ConfigError(path, 'expected a list of rule codes or names, or ["*"]', "rules")
    severity = {}
    for key, value in data.get("severity", {}).items():
        if value not in SEVERITIES:
            raise ConfigError(path, f"unknown severity {value!r}; expected one of {', '.join(SEVERITIES)}",
                              f"severity.{key}")
        severity[key] = Severity(value)
    strengths = {}
    for term, value in data.get("strength", {}).items():
        if value not in STRENGTHS:
            raise ConfigError(path, f"unknown strength {value!r}; expected one of {', '.join(STRENGTHS)}",
                              f"strength.{term}")
        strengths[" ".join(term.lower().split())] = value
    return Profile(name=name, description=str(data.get("description", "")), rules=tuple(rules),
                   severity=severity, strengths=strengths, path=str(path))


def find_profiles(folders: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found
