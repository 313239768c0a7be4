"""The judge: decides each label candidate from its features with the weights in
`rules/recognition/judge.toml`, and says why. A candidate's score is the sum of the weights of its features
("form:statement", "place:kicker", "party:organisation", "cue:denial" ...) and of every
combination of features it has all of. At or above `label` it is a label; at or above `review` a
person must look (a `review` finding); below, it is not a disclosure.

The seam is deliberate: a trained scorer can replace `Judge.decide` and be measured on the same
pages, without touching how candidates are found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from disclosure_lint.extract.features import Candidate, Cue, Form, PartyKind, Place
from disclosure_lint.extract.vocabulary import CATEGORIES, STRENGTHS
from disclosure_lint.resources import ConfigError, load_toml, rules_dir

JUDGE_FILE = "recognition/judge.toml"  # inside a rules folder
WHY_FEATURES = 3  # deciding features shown with each label


class Verdict(str, Enum):
    LABEL = "label"
    REVIEW = "review"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    score: float
    why: tuple[str, ...]  # the deciding features, strongest first


@dataclass(frozen=True, slots=True)
class Combination:
    features: frozenset[str]
    weight: float


def known_features() -> frozenset[str]:
    """Every feature name a candidate can have."""
    return frozenset(
        [f"form:{f.value}" for f in Form] + [f"place:{p.value}" for p in Place]
        + [f"party:{k.value}" for k in PartyKind] + [f"cue:{c.value}" for c in Cue]
        + [f"strength:{s}" for s in STRENGTHS] + [f"category:{c}" for c in CATEGORIES])


class Judge:
    def __init__(self, label: float, review: float, weights: dict[str, float],
                 combinations: tuple[Combination, ...]):
        self.label = label
        self.review = review
        self.weights = weights
        self.combinations = combinations

    def decide(self, candidate: Candidate) -> Decision:
        features = candidate.features()
        present = set(features)
        parts = [(name, self.weights[name]) for name in features if self.weights.get(name)]
        parts += [(" & ".join(sorted(c.features)), c.weight) for c in self.combinations if c.features <= present]
        score = round(sum(weight for _, weight in parts), 3)
        verdict = Verdict.LABEL if score >= self.label else Verdict.REVIEW if score >= self.review else Verdict.REJECT
        # The features that pushed the decision the way it went, strongest first.
        if verdict is Verdict.REJECT:
            deciding = sorted((p for p in parts if p[1] < 0), key=lambda p: p[1])
        else:
            deciding = sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])
            if verdict is Verdict.REVIEW:
                deciding = sorted((p for p in parts if p[1] < 0), key=lambda p: p[1])[:1] + deciding
        return Decision(verdict, score, tuple(name for name, _ in deciding[:WHY_FEATURES]))


def load_judge(folders: tuple[Path, ...] = ()) -> Judge:
    """The bundled judge, with any `judge.toml` in extra rule folders changing its numbers."""
    return _load((rules_dir(), *folders))


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...]) -> Judge:
    known = known_features()
    label = review = None
    weights: dict[str, float] = {}
    combinations: list[Combination] = []
    for folder in folders:
        path = folder / JUDGE_FILE
        if not path.is_file():
            continue
        data = load_toml(path)
        unknown = sorted(set(data) - {"label", "review", "weights", "combinations"})
        if unknown:
            raise ConfigError(path, "unknown key; expected label, review, weights or combinations", unknown[0])
        label = _number(data, "label", path, label)
        review = _number(data, "review", path, review)
        table = data.get("weights", {})
        if not isinstance(table, dict):
            raise ConfigError(path, "expected a table of feature = weight", "weights")
        for name, weight in table.items():
            _feature(name, known, path, f"weights.{name}")
            weights[name] = _weight(weight, path, f"weights.{name}")
        entries = data.get("combinations", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(path, "expected a list of [[combinations]] tables", "combinations")
        for i, entry in enumerate(entries):
            where = f"combinations[{i}]"
            extra = sorted(set(entry) - {"features", "weight", "why"})
            if extra:
                raise ConfigError(path, "unknown key; expected features, weight or why", f"{where}.{extra[0]}")
            names = entry.get("features")
            if not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) for n in names):
                raise ConfigError(path, "expected a list of two or more feature names", f"{where}.features")
            for name in names:
                _feature(name, known, path, f"{where}.features")
            combinations.append(Combination(frozenset(names), _weight(entry.get("weight"), path, f"{where}.weight")))
    if label is None or review is None:
        raise ConfigError(folders[0] / JUDGE_FILE, "missing; expected the label and review thresholds", "label")
    if review > label:
        raise ConfigError(folders[0] / JUDGE_FILE, f"review ({review}) is above label ({label}); expected review "
                                                   "at or below label", "review")
    return Judge(label, review, weights, tuple(combinations))


def _number(data: dict, key: str, path: Path, default: float | None) -> float | None:
    if key not in data:
        return default
    return _weight(data[key], path, key)


def _weight(value: object, path: Path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(path, f"is {type(value).__name__}; expected a number", where)
    return float(value)


def _feature(name: str, known: frozenset[str], path: Path, where: str) -> None:
    if name not in known:
        kind = name.split(":", 1)[0]
        same = sorted(f for f in known if f.startswith(kind + ":"))
        expected = ", ".join(same) if same else "form:, place:, party:, cue:, strength: or category: features"
        raise ConfigError(path, f"unknown feature {name!r}; expected one of {expected}", where)
