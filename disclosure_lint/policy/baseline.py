"""Baselines: accept today's findings so that only new ones fail a run. Entries are keyed by
rule, source and the fingerprint of the evidence (policy.fingerprint), never by line, so text
moved by an edit above it stays matched. Entries whose finding is gone are reported as stale.
The file is sorted JSON without timestamps, so it diffs well in review."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_lint.model import Finding
from disclosure_lint.policy.fingerprint import normal_source
from disclosure_lint.resources import ConfigError

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    source: str
    fingerprint: str
    evidence: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "source": self.source, "fingerprint": self.fingerprint,
                "evidence": self.evidence}


@dataclass
class Baseline:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)  # fingerprint -> entry
    update: bool = False
    matched: set[str] = field(default_factory=set)
    checked_sources: set[str] = field(default_factory=set)
    recorded: dict[str, Entry] = field(default_factory=dict)

    def split(self, source: str, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, findings the baseline accepts). Updating accepts every finding."""
        self.checked_sources.add(normal_source(source))
        new, known = [], []
        for finding in findings:
            if self.update:
                self.recorded[finding.fingerprint] = _entry(source, finding)
            if self.update or finding.fingerprint in self.entries:
                self.matched.add(finding.fingerprint)
                finding.silenced_by = "baseline"
                known.append(finding)
            else:
                new.append(finding)
        return new, known

    def stale(self) -> list[Entry]:
        """Entries for documents this run checked whose finding no longer occurs."""
        if self.update:
            return []
        return sorted((e for fp, e in self.entries.items()
                       if fp not in self.matched and e.source in self.checked_sources),
                      key=lambda e: (e.source, e.code, e.fingerprint))

    def write(self) -> int:
        """Write the recorded findings; entries for documents this run did not check are kept."""
        kept = {fp: e for fp, e in self.entries.items() if e.source not in self.checked_sources}
        entries = sorted({**kept, **self.recorded}.values(), key=lambda e: (e.source, e.code, e.fingerprint))
        data = {"tool": "disclosure-lint", "version": FORMAT_VERSION, "findings": [e.as_dict() for e in entries]}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        try:
            if self.path.parent and not self.path.parent.is_dir():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            raise ConfigError(self.path, f"cannot write the baseline ({exc.strerror or exc})") from None
        return len(entries)


def _entry(source: str, finding: Finding) -> Entry:
    return Entry(finding.code, finding.name, normal_source(source), finding.fingerprint,
                 " ".join(finding.evidence.split())[:200])


def load_baseline(path: Path, update: bool = False) -> Baseline:
    if not path.exists():
        if update:
            return Baseline(path, update=True)
        raise ConfigError(path, "no such baseline file; create it with --update-baseline")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(path, f"not a readable disclosure-lint baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("tool") != "disclosure-lint" or not isinstance(data.get("findings"),
                                                                                          list):
        raise ConfigError(path, 'not a disclosure-lint baseline; expected {"tool": "disclosure-lint", '
                                '"findings": [...]} as written by --update-baseline')
    if data.get("version") != FORMAT_VERSION:
        raise ConfigError(path, f"baseline version {data.get('version')!r} is not supported; expected "
                                f"{FORMAT_VERSION} (rewrite it with --update-baseline)", "version")
    entries = {}
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("code", "source",
                                                                                        "fingerprint")):
            raise ConfigError(path, "expected an entry with code, source and fingerprint strings", f"findings[{i}]")
        entry = Entry(item["code"], str(item.get("name", "")), item["source"], item["fingerprint"],
                      str(item.get("evidence", "")))
        entries[entry.fingerprint] = entry
    return Baseline(path, entries, update=update)
