"""One checked document through the run's policy: rules ignored for its path or URL are dropped
(as if they never ran), then the baseline accepts the findings it knows. The document's own
suppressions were applied where it was checked (pipeline.Checker, policy.suppress)."""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from disclosure_lint.model import DocumentResult
from disclosure_lint.policy.baseline import Baseline


@dataclass
class Policy:
    path_ignores: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # glob -> codes
    url_ignores: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # URL pattern -> codes
    base: Path = field(default_factory=Path.cwd)  # folder path globs are relative to
    baseline: Baseline | None = None

    def apply(self, result: DocumentResult) -> DocumentResult:
        if result.status != "checked":
            return result
        ignored = self.ignored_codes(result.source)
        findings = [f for f in result.findings if f.code not in ignored]
        silenced = [f for f in result.silenced if f.code not in ignored]
        outcomes = {code: outcome for code, outcome in result.outcomes.items() if code not in ignored}
        if self.baseline is not None:
            findings, known = self.baseline.split(result.source, findings)
            silenced += known
        return dataclasses.replace(result, findings=findings, outcomes=outcomes, silenced=silenced)

    def ignored_codes(self, source: str) -> frozenset[str]:
        if "://" in source[:16]:
            patterns = [codes for pattern, codes in self.url_ignores if fnmatch.fnmatchcase(source, pattern)]
        elif self.path_ignores and source != "-":
            relative = _relative(source, self.base)
            patterns = [codes for pattern, codes in self.path_ignores if path_matches(pattern, relative)]
        else:
            return frozenset()
        return frozenset().union(*patterns) if patterns else frozenset()


def _relative(source: str, base: Path) -> str:
    path = os.path.abspath(source)
    try:
        return Path(path).relative_to(base).as_posix()
    except ValueError:
        return Path(source).as_posix()


def path_matches(pattern: str, path: str) -> bool:
    """gitignore-like: `*` stays within a folder, `**` crosses folders, a pattern without a slash
    matches a file or folder name at any depth, and a folder pattern covers all beneath it."""
    regex = _glob(pattern.strip().rstrip("/"))
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    if "/" not in pattern.strip().rstrip("/"):
        candidates += parts
    return any(regex.fullmatch(c) for c in candidates)


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern:
    pattern = pattern.removeprefix("./")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))
