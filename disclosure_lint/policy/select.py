"""Rule selection the way ruff does it: the profile gives the starting set; then each layer
(the configuration file, then the command line) may replace it (`select`), add to it
(`extend-select`) and take away from it (`ignore`). A selector is a code (DL301), a code prefix
(DL3, DL) , a rule name (label-not-prominent) or ALL. Severity overrides go into the profile, so
the engine applies them as it already does."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_lint.engine import Engine
from disclosure_lint.engine.rules import Rule
from disclosure_lint.model import Severity
from disclosure_lint.resources import ConfigError

_PREFIX = re.compile(r"^[A-Z]{2,6}\d{0,3}$")  # DL, DL3, DL301; a house prefix: ACME, ACME2


@dataclass(frozen=True, slots=True)
class Layer:
    """One source of selection settings; `where` and the keys name it in error messages."""

    where: str
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    keys: tuple[str, str, str] = ("select", "extend-select", "ignore")


def matches(selector: str, rule: Rule) -> bool:
    if selector.upper() == "ALL" or selector == "*":
        return True
    if selector.lower() == rule.name:
        return True
    upper = selector.upper()
    return bool(_PREFIX.match(upper)) and rule.code.startswith(upper)


def expand(selectors: Iterable[str], rules: list[Rule], where: str, key: str) -> set[str]:
    """The codes the selectors name; a selector that names no rule is a mistake worth stopping for."""
    codes: set[str] = set()
    for i, selector in enumerate(selectors):
        hit = {rule.code for rule in rules if matches(selector, rule)}
        if not hit:
            raise ConfigError(where, f"{selector!r} matches no rule; expected a code (DL201), a code prefix (DL2), "
                                     "a rule name (sponsor-not-named) or ALL", f"{key}[{i}]")
        codes |= hit
    return codes


def select_rules(engine: Engine, layers: Iterable[Layer]) -> set[str]:
    rules = engine.all_rules
    chosen = {rule.code for rule in engine.rules}
    for layer in layers:
        select_key, extend_key, ignore_key = layer.keys
        if layer.select is not None:
            chosen = expand(layer.select, rules, layer.where, select_key)
        chosen |= expand(layer.extend_select, rules, layer.where, extend_key)
        chosen -= expand(layer.ignore, rules, layer.where, ignore_key)
    return chosen


def configure(engine: Engine, layers: Iterable[Layer], severity: dict[str, Severity], where: str = "") -> Engine:
    """The engine with the selected rules and the severity overrides; the engine itself is unchanged."""
    chosen = select_rules(engine, layers)
    known = {rule.code for rule in engine.all_rules} | {rule.name for rule in engine.all_rules}
    overrides: dict[str, Severity] = {}
    for key, value in severity.items():
        code = key.upper() if key.upper() in known else key.lower()
        if code not in known:
            raise ConfigError(where, f"{key!r} is no rule; expected a rule code or name", f"severity.{key}")
        overrides[code] = value
    profile = engine.profile
    if overrides:
        # A name-keyed profile entry would win over a code-keyed override, so drop both forms first.
        merged = {k: v for k, v in profile.severity.items() if not _same_rule(k, overrides, engine.all_rules)}
        profile = dataclasses.replace(profile, severity={**merged, **overrides})
    return dataclasses.replace(engine, rules=[r for r in engine.all_rules if r.code in chosen], profile=profile)


def _same_rule(key: str, overrides: dict[str, Severity], rules: list[Rule]) -> bool:
    for rule in rules:
        if key in (rule.code, rule.name):
            return rule.code in overrides or rule.name in overrides
    return False


def codes_for(selectors: Iterable[str], rules: list[Rule], where: str, key: str) -> frozenset[str]:
    return frozenset(expand(selectors, rules, where, key))
