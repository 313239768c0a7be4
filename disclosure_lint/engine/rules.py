"""Rule files: one TOML file per rule in `rules/`, validated on load so a mistake stops the run
with the file, the field and what was expected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_lint.model import Outcome, Severity
from disclosure_lint.resources import ConfigError, load_toml, require

CODE = re.compile(r"^DL[1-9]\d{2}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SEVERITIES = tuple(s.value for s in Severity)
KNOWN_FIELDS = frozenset({"code", "name", "severity", "check", "outcome", "summary", "message", "why", "fix",
                          "references", "params", "examples", "tags"})


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: str
    summary: str
    message: str
    why: str
    fix: str
    references: tuple[Reference, ...]
    outcome: Outcome = Outcome.VIOLATION
    params: dict[str, Any] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    path: str = ""


def load_rule(path: Path, check_kinds: dict[str, dict[str, tuple[type, str]]]) -> Rule:
    """Read and validate one rule file; `check_kinds` maps each kind to the params it needs."""
    data = load_toml(path)
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise ConfigError(path, f"unknown field; expected only {', '.join(sorted(KNOWN_FIELDS))}", unknown[0])
    code = require(data, "code", str, path, 'a code like "DL201"')
    if not CODE.match(code):
        raise ConfigError(path, f"{code!r} is not a rule code; expected DL followed by three digits", "code")
    name = require(data, "name", str, path, 'a kebab-case name like "sponsor-not-named"')
    if not NAME.match(name):
        raise ConfigError(path, f"{name!r} is not kebab-case; expected words joined by hyphens", "name")
    severity = require(data, "severity", str, path, f"one of {', '.join(SEVERITIES)}")
    if severity not in SEVERITIES:
        raise ConfigError(path, f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}", "severity")
    check = require(data, "check", str, path, "the name of a check kind")
    if check not in check_kinds:
        raise ConfigError(path, f"unknown check kind {check!r}; expected one of {', '.join(sorted(check_kinds))}",
                          "check")
    outcome = data.get("outcome", "violation")
    if outcome not in ("violation", "review"):
        raise ConfigError(path, f"unknown outcome {outcome!r}; expected violation or review", "outcome")
    texts = {key: require(data, key, str, path, "a non-empty string").strip()
             for key in ("summary", "message", "why", "fix")}
    for key, value in texts.items():
        if not value:
            raise ConfigError(path, "is empty; expected a non-empty string", key)
    references = []
    for i, ref in enumerate(require(data, "references", list, path, "a list of { title, url } tables")):
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str):
            raise ConfigError(path, "expected a table with a title (and optionally a url)", f"references[{i}]")
        references.append(Reference(ref["title"], ref.get("url")))
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(path, "expected a table", "params")
    for key, (kind, expected) in check_kinds[check].items():
        if key not in params:
            raise ConfigError(path, f"missing; the {check!r} check needs {expected}", f"params.{key}")
        if not isinstance(params[key], kind):
            raise ConfigError(path, f"is {type(params[key]).__name__}; expected {expected}", f"params.{key}")
    examples = data.get("examples", {})
    if not isinstance(examples, dict) or not all(isinstance(v, str) for v in examples.values()):
        raise ConfigError(path, "expected a table of strings (violation, pass)", "examples")
    return Rule(code=code, name=name, severity=Severity(severity), check=check, outcome=Outcome(outcome),
                references=tuple(references), params=params, examples=examples, path=str(path), **texts)


def load_rules(folders: tuple[Path, ...], check_kinds: dict[str, dict[str, tuple[type, str]]]) -> list[Rule]:
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(folder, "is not a folder of rule files")
        for path in sorted(folder.glob("*.toml")):
            rule = load_rule(path, check_kinds)
            if rule.name in names and names[rule.name] != rule.code:
                raise ConfigError(path, f"name {rule.name!r} is already used by {names[rule.name]}", "name")
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return sorted(rules.values(), key=lambda r: r.code)
