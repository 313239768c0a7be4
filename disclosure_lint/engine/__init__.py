"""Evidence to Findings: load rule files and a profile, run each selected rule's check kind, and
turn hits into findings with the rule's message, severity (as the profile sets it) and fix."""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from pathlib import Path

from disclosure_lint.engine.checks import CHECKS, PARAMS, PROVIDES
from disclosure_lint.engine.profiles import Profile, check_params, find_profiles, load_profile
from disclosure_lint.engine.rules import Rule, load_rules
from disclosure_lint.model import Evidence, Finding, Outcome
from disclosure_lint.resources import ConfigError, rules_dir

__all__ = ["Engine", "RuleOutcome", "load_engine"]


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """Per rule and document: violation, review, pass or not-applicable (SARIF kinds, statistics)."""

    code: str
    outcome: Outcome


@dataclass
class Engine:
    rules: list[Rule]
    profile: Profile
    all_rules: list[Rule] = field(default_factory=list)

    def evaluate(self, evidence: Evidence) -> tuple[list[Finding], list[RuleOutcome]]:
        findings: list[Finding] = []
        outcomes: list[RuleOutcome] = []
        evidence.non_commercial = self.profile.non_commercial
        for rule in self.rules:
            if not rule.applies_to(evidence.language):  # a rule about one language's wording
                outcomes.append(RuleOutcome(rule.code, Outcome.NOT_APPLICABLE))
                continue
            hits = CHECKS[rule.check](evidence, rule, self.profile)
            if hits is None:
                outcomes.append(RuleOutcome(rule.code, Outcome.NOT_APPLICABLE))
                continue
            if not hits:
                outcomes.append(RuleOutcome(rule.code, Outcome.PASS))
                continue
            violated = any((hit.outcome or rule.outcome) is Outcome.VIOLATION for hit in hits)
            outcomes.append(RuleOutcome(rule.code, Outcome.VIOLATION if violated else Outcome.REVIEW))
            severity = self.profile.severity_of(rule)
            for hit in hits:
                findings.append(Finding(
                    code=rule.code, name=rule.name, severity=severity, outcome=hit.outcome or rule.outcome,
                    message=_format(hit.message or rule.message, hit.values), line=hit.line, column=hit.column,
                    evidence=hit.evidence, fix=rule.fix_for(evidence.language),
                ))
        findings.sort(key=lambda f: (f.line, f.code))
        return findings, outcomes


def load_engine(profile: str = "default", rule_folders: tuple[Path, ...] = (),
                profile_folders: tuple[Path, ...] = ()) -> Engine:
    base = rules_dir()
    rules = load_rules((base, *rule_folders), PARAMS, PROVIDES)
    profiles = find_profiles((base / "profiles", *profile_folders))
    if profile not in profiles:
        expected = ", ".join(sorted(profiles))
        raise ConfigError(base / "profiles", f"unknown profile {profile!r}; expected one of {expected}", "profile")
    chosen = load_profile(profiles[profile], profiles)
    known = {r.code for r in rules} | {r.name for r in rules} | {"*"}
    for entry in chosen.rules:
        if entry not in known:
            raise ConfigError(chosen.path, f"unknown rule {entry!r}; expected a rule code or name", "rules")
    check_params(chosen, rules)
    rules = [replace(r, params=chosen.params_of(r)) for r in rules]
    return Engine(rules=[r for r in rules if chosen.selects(r)], profile=chosen, all_rules=rules)


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(template: str, values: dict[str, object]) -> str:
    """str.format with unknown fields left as they are, so a rule file typo shows, not crashes."""
    try:
        return string.Formatter().vformat(" ".join(template.split()), (), _Values(values))
    except (ValueError, IndexError, AttributeError):
        return " ".join(template.split())
