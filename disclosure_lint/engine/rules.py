"""Rule files: one TOML file per rule in `rules/`, validated on load so a mistake stops the run
with the file, the field and what was expected."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_lint.model import Outcome, Severity
from disclosure_lint.resources import ConfigError, load_toml, require

# Bundled rules are DL followed by three digits; a publisher's own rules may use a prefix of their own
# ("EUR101", "ACME201").
CODE = re.compile(r"^[A-Z]{2,6}[1-9]\d{2}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
SEVERITIES = tuple(s.value for s in Severity)
KNOWN_FIELDS = frozenset({"code", "name", "severity", "check", "outcome", "summary", "message", "why", "fix",
                          "references", "params", "examples", "tags", "languages", "fixes", "replaces"})


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
    languages: tuple[str, ...] = ()  # the page languages the rule applies to; () for every language
    fixes: dict[str, str] = field(default_factory=dict)  # the fix in a page's language, by language code
    replaces: bool = False  # a house rule that takes the place of a bundled rule with the same code

    def applies_to(self, language: str) -> bool:
        return not self.languages or language in self.languages

    def fix_for(self, language: str) -> str:
        return " ".join(self.fixes.get(language, self.fix).split())


def load_rule(path: Path, check_kinds: dict[str, dict[str, tuple[type, str]]],
              provides: dict[str, tuple[str, ...]] | None = None) -> Rule:
    """Read and validate one rule file; `check_kinds` maps each kind to the params it needs and
    `provides` to the values its messages may use."""
    data = load_toml(path)
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise ConfigError(path, f"unknown field; expected only {', '.join(sorted(KNOWN_FIELDS))}", unknown[0])
    code = require(data, "code", str, path, 'a code like "DL201"')
    if not CODE.match(code):
        raise ConfigError(path, f"{code!r} is not a rule code; expected two to six capital letters and three digits, "
                                "such as DL201 or a house prefix such as ACME201", "code")
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
    unknown_examples = sorted(set(examples) - {"violation", "pass"})
    if unknown_examples:
        raise ConfigError(path, "unknown example; expected violation or pass", f"examples.{unknown_examples[0]}")
    if provides is not None:
        _check_placeholders(path, texts["message"], provides.get(check, ()), check)
    languages = data.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) and LANGUAGE.match(x) for x in languages):
        raise ConfigError(path, 'expected a list of language codes such as ["de"]', "languages")
    fixes = data.get("fixes", {})
    if not isinstance(fixes, dict) or not all(isinstance(v, str) and v.strip() for v in fixes.values()):
        raise ConfigError(path, 'expected a table of language = "fix text"', "fixes")
    for language in fixes:
        if not LANGUAGE.match(language):
            raise ConfigError(path, f"{language!r} is not a language code; expected two or three lower-case letters",
                              f"fixes.{language}")
    replaces = data.get("replaces", False)
    if not isinstance(replaces, bool):
        raise ConfigError(path, f"is {type(replaces).__name__}; expected true or false", "replaces")
    return Rule(code=code, name=name, severity=Severity(severity), check=check, outcome=Outcome(outcome),
                references=tuple(references), params=params, examples=examples, path=str(path),
                languages=tuple(languages), fixes={k: v.strip() for k, v in fixes.items()}, replaces=replaces, **texts)


def _check_placeholders(path: Path, message: str, provided: tuple[str, ...], check: str) -> None:
    """A message may use only the values its check kind provides: a misspelt {lable} stops the run."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(message) if name}
    except ValueError as exc:
        raise ConfigError(path, f"not a valid message template ({exc})", "message") from None
    for name in sorted(fields):
        base = re.split(r"[.!\[]", name, maxsplit=1)[0]
        if base not in provided:
            expected = ", ".join("{" + p + "}" for p in provided) or "none"
            raise ConfigError(path, f"the {check!r} check does not provide {{{base}}}; expected one of {expected}",
                              "message")


def load_rules(folders: tuple[Path, ...], check_kinds: dict[str, dict[str, tuple[type, str]]],
               provides: dict[str, tuple[str, ...]] | None = None) -> list[Rule]:
    """The bundled rules (the first folder) and house rules. A house rule with a bundled rule's code
    takes its place only when it says `replaces = true`."""
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for position, folder in enumerate(folders):
        if not folder.is_dir():
            raise ConfigError(folder, "is not a folder of rule files")
        for path in sorted(folder.glob("*.toml")):
            rule = load_rule(path, check_kinds, provides)
            if rule.code in rules and not rule.replaces:
                raise ConfigError(path, f"{rule.code} is already a rule ({rules[rule.code].path}); give this rule a "
                                        "code of its own (a house prefix such as ACME201) or set replaces = true",
                                  "code")
            if rule.replaces and rule.code not in rules:
                raise ConfigError(path, f"replaces = true, but there is no rule {rule.code} to replace", "replaces")
            if rule.name in names and names[rule.name] != rule.code:
                raise ConfigError(path, f"name {rule.name!r} is already used by {names[rule.name]}", "name")
            if position == 0 and rule.replaces:
                raise ConfigError(path, "a bundled rule cannot replace another", "replaces")
            if rule.code in rules:
                names.pop(rules[rule.code].name, None)
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return sorted(rules.values(), key=lambda r: r.code)
