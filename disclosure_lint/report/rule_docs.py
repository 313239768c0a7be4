"""`disclosure-lint rules` and `disclosure-lint explain`: the rule files, shown to people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from disclosure_lint.engine import load_engine
from disclosure_lint.engine.profiles import find_profiles, load_profile
from disclosure_lint.engine.rules import Rule
from disclosure_lint.resources import ConfigError, rules_dir


def _engine(profile: str, folders: tuple[Path, ...]):
    return load_engine(profile, folders, tuple(f / "profiles" for f in folders if (f / "profiles").is_dir()))


def rule_profiles(folders: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """For each rule code, the profiles (bundled and house) that select it."""
    engine = _engine("default", folders)
    result: dict[str, list[str]] = {rule.code: [] for rule in engine.all_rules}
    profile_folders = (rules_dir() / "profiles", *(f / "profiles" for f in folders))
    found = find_profiles(profile_folders)
    for name, path in sorted(found.items()):
        profile = load_profile(path, found)
        for rule in engine.all_rules:
            if profile.selects(rule):
                result[rule.code].append(name)
    return result


def list_rules(fmt: str, profile: str | None, stream: TextIO, folders: tuple[Path, ...] = ()) -> int:
    engine = _engine(profile or "default", folders)
    rules = engine.rules if profile else engine.all_rules
    profiles = rule_profiles(folders)
    if fmt == "markdown":
        stream.write(rules_markdown(rules, profiles, folders))
        return 0
    if fmt == "json":
        json.dump([_rule_dict(rule, profiles[rule.code], engine.profile.severity_of(rule).value) for rule in rules],
                  stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return 0
    rows = [(rule.code, rule.name, engine.profile.severity_of(rule).value, ", ".join(profiles[rule.code]),
             " ".join(rule.summary.split())) for rule in rules]
    if not _isatty(stream):
        stream.write(_columns([("code", "name", "severity", "profiles", "summary"), *rows]))
        return 0
    table = Table(show_lines=False, header_style="bold")
    for column in ("code", "name", "severity", "profiles", "summary"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(file=stream, highlight=False, markup=False).print(table)
    return 0


def _columns(rows: list[tuple[str, ...]]) -> str:
    """Rows as aligned plain text, one rule a line and never wrapped (for pipes, grep and files)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ("  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]])
             for row in rows)
    return "".join(line + "\n" for line in lines)


def _console(stream: TextIO) -> Console:
    """On a terminal, text fits the window; in a pipe or file, lines are never wrapped, so names and
    links stay whole for grep and for the page they are pasted into."""
    if _isatty(stream):
        return Console(file=stream, highlight=False, markup=False)
    return Console(file=stream, highlight=False, markup=False, soft_wrap=True, color_system=None)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def rules_markdown(rules: list[Rule], profiles: dict[str, list[str]], folders: tuple[Path, ...] = ()) -> str:
    """docs/rules.md: every rule with its severity per profile, why, fix, references and examples.
    Generated from the rule files (`disclosure-lint rules --format markdown > docs/rules.md`)."""
    severities = _severities(folders)
    lines = ["# Rules", "", "Generated from the rule files in `rules/` by `disclosure-lint rules --format markdown`;",
             "do not edit by hand. Severity per profile: `-` means the profile does not select the rule.", ""]
    names = sorted(severities)
    lines.append("| code | name | " + " | ".join(names) + " | summary |")
    lines.append("|---|---|" + "---|" * len(names) + "---|")
    for rule in rules:
        cells = [severities[name].get(rule.code, "-") for name in names]
        lines.append(f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | " + " | ".join(cells)
                     + f" | {_cell(rule.summary)} |")
    for rule in rules:
        lines += ["", f"## {rule.code} {rule.name}", "", _paragraph(rule.summary), "",
                  f"Outcome: {rule.outcome.value}. Default severity: {rule.severity.value}. "
                  f"Profiles: {', '.join(profiles.get(rule.code, [])) or 'none'}. Check kind: `{rule.check}`.", "",
                  "**Why.** " + _paragraph(rule.why), "", "**Fix.** " + _paragraph(rule.fix), "", "**References.**", ""]
        lines += [f"- [{ref.title}]({ref.url})" if ref.url else f"- {ref.title}" for ref in rule.references]
        for kind in ("violation", "pass"):
            if kind in rule.examples:
                lines += ["", f"Example ({kind}):", "", "```html", rule.examples[kind], "```"]
    return "\n".join(lines) + "\n"


def _severities(folders: tuple[Path, ...]) -> dict[str, dict[str, str]]:
    """profile name -> rule code -> severity under that profile."""
    profile_folders = (rules_dir() / "profiles", *(f / "profiles" for f in folders))
    result = {}
    for name in find_profiles(profile_folders):
        engine = _engine(name, folders)
        result[name] = {rule.code: engine.profile.severity_of(rule).value for rule in engine.rules}
    return result


def _paragraph(text: str) -> str:
    """One line of Markdown prose: rule texts may mention tags such as <title>, shown as text."""
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return _paragraph(text).replace("|", "\\|")


def find_rule(key: str, folders: tuple[Path, ...] = ()) -> Rule:
    engine = _engine("default", folders)
    for rule in engine.all_rules:
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    codes = ", ".join(r.code for r in engine.all_rules)
    raise ConfigError(key, f"no such rule; expected a code ({codes}) or a rule name (see 'disclosure-lint rules')")


def explain_rule(key: str, stream: TextIO, folders: tuple[Path, ...] = ()) -> int:
    rule = find_rule(key, folders)
    console = _console(stream)
    console.print(Text(f"{rule.code} {rule.name}", style="bold"),
                  Text(f"  ({rule.severity.value}, {rule.outcome.value})"))
    console.print(Text(rule.summary))
    for title, body in (("Why", rule.why), ("Fix", rule.fix)):
        console.print()
        console.print(Text(title, style="bold underline"))
        console.print(Text(" ".join(body.split())))
    if rule.references:
        console.print()
        console.print(Text("References", style="bold underline"))
        for ref in rule.references:
            console.print(Text(f"- {ref.title}" + (f" <{ref.url}>" if ref.url else "")))
    for kind in ("violation", "pass"):
        if kind in rule.examples:
            console.print()
            console.print(Text(f"Example ({kind})", style="bold underline"))
            console.print(Text(rule.examples[kind]))
    return 0


def _rule_dict(rule: Rule, profiles: list[str], severity: str) -> dict:
    return {"code": rule.code, "name": rule.name, "severity": severity, "outcome": rule.outcome.value,
            "check": rule.check, "profiles": profiles, "summary": rule.summary,
            "references": [{"title": r.title, "url": r.url} for r in rule.references]}
