"""Apply the document's own suppressions (extract.suppressions) to the engine's findings, and
report the suppressions that silenced nothing as `unused-suppression` findings (DL901), the way
ruff's RUF100 does. Silenced findings are kept aside, marked with what silenced them, so SARIF can
still list them as suppressed."""

from __future__ import annotations

import string

from disclosure_lint.engine import Engine, RuleOutcome
from disclosure_lint.engine.rules import Rule
from disclosure_lint.model import Evidence, Finding, Outcome, Suppression
from disclosure_lint.policy.fingerprint import assign

UNUSED = "DL901"


def settle(source: str, evidence: Evidence, findings: list[Finding], outcomes: list[RuleOutcome], engine: Engine,
           honour: bool = True) -> tuple[list[Finding], list[Finding], dict[str, Outcome]]:
    """The engine's findings of one document, fingerprinted (before anything is taken away, so a
    fingerprint never depends on what was silenced), then with its suppressions applied:
    (findings, silenced findings, outcome per rule code)."""
    by_rule = {o.code: o.outcome for o in outcomes}
    assign(source, findings)
    if not honour or not evidence.suppressions:
        return findings, [], by_rule
    kept, silenced, unused = apply(findings, evidence.suppressions, engine, set(by_rule))
    if unused:
        assign(source, unused)
        kept = sorted(kept + unused, key=lambda f: (f.line, f.code))
        by_rule[UNUSED] = Outcome.VIOLATION
    return kept, silenced, by_rule


def covers(suppression: Suppression, finding: Finding) -> bool:
    wanted = suppression.codes
    if wanted and not any(c.upper() == finding.code or c.lower() == finding.name for c in wanted):
        return False
    if suppression.kind == "file":
        return True
    end = suppression.end if suppression.end is not None else 1 << 62
    return suppression.start <= finding.line <= end


def apply(findings: list[Finding], suppressions: list[Suppression], engine: Engine,
          active: set[str]) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(kept, silenced, unused-suppression findings). `active` holds the codes that ran on this
    document: a suppression for a rule that did not run is not reported as unused."""
    if not suppressions:
        return findings, [], []
    kept: list[Finding] = []
    silenced: list[Finding] = []
    used: set[tuple[int, str]] = set()  # (suppression index, code as written or "")
    for finding in findings:
        hits = [(i, s) for i, s in enumerate(suppressions) if covers(s, finding)]
        if not hits:
            kept.append(finding)
            continue
        for i, s in hits:
            used.add((i, _written(s, finding)))
        finding.silenced_by = hits[0][1].kind
        silenced.append(finding)
    rule = next((r for r in engine.all_rules if r.code == UNUSED), None)
    if rule is None or UNUSED not in active:
        return kept, silenced, []
    # Only a suppression that names DL901 silences it; a blanket one would silence its own report.
    unused = [u for u in _unused(suppressions, used, engine, active, rule)
              if not any(s.codes and covers(s, u) for s in suppressions)]
    return kept, silenced, unused


def _written(suppression: Suppression, finding: Finding) -> str:
    for code in suppression.codes:
        if code.upper() == finding.code or code.lower() == finding.name:
            return code
    return ""


def _unused(suppressions: list[Suppression], used: set[tuple[int, str]], engine: Engine, active: set[str],
            rule: Rule) -> list[Finding]:
    by_key = {r.code: r for r in engine.all_rules} | {r.name: r for r in engine.all_rules}
    result = []
    for i, suppression in enumerate(suppressions):
        if not suppression.codes:
            if not any(index == i for index, _ in used):
                result.append(_finding(rule, engine, suppression, ""))
            continue
        for code in suppression.codes:
            if (i, code) in used:
                continue
            target = by_key.get(code.upper()) or by_key.get(code.lower())
            if target is None:
                result.append(_finding(rule, engine, suppression, code, " (no such rule)"))
            elif target.code in active and target.code != UNUSED:
                result.append(_finding(rule, engine, suppression, code))
    return result


def _finding(rule: Rule, engine: Engine, suppression: Suppression, code: str, note: str = "") -> Finding:
    if suppression.kind == "attribute":
        directive = f'data-disclosure-lint-ignore="{code}"'
    else:
        verb = "disable-file" if suppression.kind == "file" else "disable"
        directive = f"'{verb} {code}'" if code else f"'{verb}' (every rule)"
    if suppression.kind == "file":
        where = "in this document"
    elif suppression.end is None:
        where = f"from line {suppression.start} to the end"
    elif suppression.end == suppression.start:
        where = f"on line {suppression.start}"
    else:
        where = f"in lines {suppression.start}-{suppression.end}"
    values = {"directive": directive + note, "where": where, "code": code}
    message = string.Formatter().vformat(" ".join(rule.message.split()), (), _Values(values))
    return Finding(code=rule.code, name=rule.name, severity=engine.profile.severity_of(rule), outcome=rule.outcome,
                   message=message, line=suppression.line, column=1, evidence=directive,
                   fix=" ".join(rule.fix.split()))


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
