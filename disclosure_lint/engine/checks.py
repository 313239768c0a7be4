"""Check kinds: one small function each, named by rule files' `check` field. A check returns None
when it does not apply to the page, an empty list when the page passes, or the hits it found.
What a check looks for in detail (terms, categories, signals) comes from the rule's params."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from disclosure_lint.engine.profiles import Profile
from disclosure_lint.engine.prominence import problems as prominence_problems
from disclosure_lint.engine.rules import Rule
from disclosure_lint.extract.features import describe
from disclosure_lint.model import Evidence, Label, Outcome, Position, Signal, Sponsor

SIGNAL_TEXT = {
    "studio-credit": "Credited to {value!r}, a publisher's commercial unit",
    "jsonld-type": "The page's structured data calls it {value}",
    "jsonld-sponsor": "The page's structured data names {value!r} as sponsor",
    "title-label": "The page title carries the label {value}",
    "url-path": "The address ({value}) marks it as sponsored",
    "publisher-flag": "The page's code flags it as sponsored ({value})",
    "meta-flag": "The page's meta tags flag it as sponsored ({value})",
    "front-matter": "The draft's front matter says {value!r}",
}
WHERE = {"middle": "inside the article body", "bottom": "at the end of the article"}
VISIBLE = frozenset({"label", "body"})
ARTICLE_TYPES_WITHOUT_SPONSOR = frozenset({"article", "newsarticle", "reportagenewsarticle", "blogposting",
                                           "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
                                           "backgroundnewsarticle", "report"})


@dataclass(slots=True)
class Hit:
    line: int
    evidence: str
    values: dict[str, object] = field(default_factory=dict)
    column: int = 1
    message: str | None = None  # a template from the rule's params, instead of its message
    outcome: Outcome | None = None  # instead of the rule's outcome (a measurement axe could not decide)


Check = Callable[[Evidence, Rule, Profile], "list[Hit] | None"]
CHECKS: dict[str, Check] = {}
# The params each check kind needs, checked when rule files load: name -> (type, what is expected).
PARAMS: dict[str, dict[str, tuple[type, str]]] = {}
# The values each check kind's hits carry, which a rule's message may use ({label}, {sponsor} ...).
PROVIDES: dict[str, tuple[str, ...]] = {}
TERM_LIST = (list, "a list of label terms")


def check(kind: str, provides: tuple[str, ...] = (), **params: tuple[type, str]) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[kind] = function
        PARAMS[kind] = params
        PROVIDES[kind] = provides
        return function
    return register


def _first(labels: list[Label]) -> Label:
    tops = [lab for lab in labels if lab.position == Position.TOP.value]
    return (tops or labels)[0]


def _label_hit(label: Label, **values: object) -> Hit:
    return Hit(label.line, label.text, {"label": label.text, **values}, label.column)


def _terms(rule: Rule, key: str) -> frozenset[str]:
    return frozenset(" ".join(str(t).lower().split()) for t in rule.params.get(key, ()))


def _term(label: Label) -> str:
    return " ".join(label.term.lower().split())


def _labels_in(evidence: Evidence, rule: Rule) -> list[Label]:
    """Commercial labels, limited to the rule's `categories` param when it has one."""
    categories = set(rule.params.get("categories", ()))
    labels = evidence.commercial_labels
    return [lab for lab in labels if lab.category in categories] if categories else labels


def _signals(evidence: Evidence, kind: str, commercial: bool | None = None) -> list[Signal]:
    return [s for s in evidence.signals if s.kind == kind and (commercial is None or s.commercial == commercial)]


def _same_party(a: Sponsor, b: Sponsor) -> bool:
    """Two mentions of one party: a distinctive word in common (extraction drops articles and legal
    forms in the page's language), or one name inside the other."""
    return bool(set(a.words) & set(b.words)) or a.name.lower() in b.name.lower() or b.name.lower() in a.name.lower()


# -- presence ------------------------------------------------------------------------------------
@check("commercial_without_label", provides=("signal_text", "signal"))
def commercial_without_label(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    wanted = set(rule.params.get("signals", SIGNAL_TEXT))
    signals = [s for s in evidence.signals if s.commercial and s.kind in wanted]
    if not signals:
        return None
    if evidence.commercial_labels:
        return []
    first = signals[0]
    text = SIGNAL_TEXT.get(first.kind, "The page carries the commercial signal {value!r}").format(value=first.value)
    return [Hit(first.line or evidence.headline_line or 1, first.value, {"signal_text": text, "signal": first.value})]


@check("unclear_disclosure", provides=("label", "why"))
def unclear_disclosure(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """Candidates the judge could not decide (extract/judge.py), when no label settles the question."""
    unclear = evidence.uncertain
    if not unclear:
        return None
    if evidence.commercial_labels:
        return []
    return [_label_hit(lab, why=", ".join(describe(lab.why))) for lab in unclear[:3]]


# -- sponsor identity ------------------------------------------------------------------------------
@check("sponsor_named", provides=("label",))
def sponsor_named(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    if evidence.sponsors:
        return []
    return [_label_hit(_first(labels))]


@check("sponsor_names_agree", provides=("first", "first_line", "other"))
def sponsor_names_agree(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    visible = [s for s in evidence.sponsors if s.found_in in VISIBLE]
    if len(visible) < 2:
        return None
    first = visible[0]
    others = [s for s in visible[1:] if not _same_party(first, s)]
    if not others:
        return []
    other = others[0]
    return [Hit(other.line, other.name, {"first": first.name, "first_line": first.line, "other": other.name})]


@check("payer_stated", provides=("label",), payer_terms=TERM_LIST)
def payer_stated(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = _labels_in(evidence, rule)
    if not labels:
        return None
    payer_terms = _terms(rule, "payer_terms")
    if any(_term(lab) in payer_terms for lab in evidence.labels):
        return []
    return [_label_hit(_first(labels))]


@check("sponsor_visible", provides=("sponsor", "where"))
def sponsor_visible(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    if not evidence.commercial_labels or not evidence.sponsors:
        return None
    if any(s.found_in in VISIBLE for s in evidence.sponsors):
        return []
    sponsor = evidence.sponsors[0]
    where = "a logo or the page's code" if sponsor.found_in == "markup" else "the page's structured data"
    return [Hit(sponsor.line, sponsor.name, {"sponsor": sponsor.name, "where": where})]


# -- placement -------------------------------------------------------------------------------------
@check("label_placement", provides=("label", "where"))
def label_placement(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    hits = _prominence_hits(labels, rule)  # only when the page was rendered and its labels measured
    if any(lab.position == Position.TOP.value for lab in labels):
        return hits
    label = labels[0]
    return [_label_hit(label, where=WHERE.get(label.position, label.position)), *hits]


def _prominence_hits(labels: list[Label], rule: Rule) -> list[Hit]:
    templates = rule.params.get("messages", {})
    hits = []
    for problem in prominence_problems(labels, rule.params):
        label = problem.label
        hits.append(Hit(label.line, label.text, {"label": label.text, **problem.values}, label.column,
                        message=templates.get(problem.shortfall.value) if isinstance(templates, dict) else None,
                        outcome=Outcome.REVIEW if problem.review else None))
    return hits


@check("title_label", provides=("title",))
def title_label(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    if evidence.format != "html" or not evidence.title or not evidence.commercial_labels:
        return None
    if _signals(evidence, "title-label"):
        return []
    return [Hit(evidence.title_line or 1, evidence.title, {"title": evidence.title})]


# -- wording -----------------------------------------------------------------------------------------
@check("label_wording", provides=("label", "term", "strength"))
def label_wording(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels:
        return None
    flagged = set(rule.params.get("flag", ["ambiguous"]))
    strengths = [(lab, profile.strength_of(lab.term, lab.strength)) for lab in labels]
    if any(strength not in flagged for _, strength in strengths):
        return []
    hits, seen = [], set()
    for label, strength in strengths:
        if _term(label) not in seen:
            seen.add(_term(label))
            hits.append(_label_hit(label, term=label.term, strength=strength))
    return hits


@check("label_terms", provides=("label", "term"), terms=TERM_LIST, unless=TERM_LIST)
def label_terms(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """Labels using terms the rule lists as not enough, unless a clear term is there as well.
    With `controlled = true` only where the page says the advertiser controlled the copy."""
    labels = evidence.commercial_labels
    if not labels:
        return None
    if rule.params.get("controlled") and not _signals(evidence, "control"):
        return None
    failing, clear = _terms(rule, "terms"), _terms(rule, "unless")
    if any(_term(lab) in clear for lab in labels):
        return []
    hits = [_label_hit(lab, term=lab.term) for lab in labels if _term(lab) in failing]
    return hits[:1]


@check("required_wording", provides=("label", "required"), require=TERM_LIST)
def required_wording(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = _labels_in(evidence, rule)
    if not labels:
        return None
    required = _terms(rule, "require")
    if any(_term(lab) in required for lab in evidence.labels):
        return []
    return [_label_hit(_first(labels), required=", ".join(str(t) for t in rule.params.get("require", ())[:2]))]


@check("house_term_defined", provides=("label", "term"), terms=TERM_LIST)
def house_term_defined(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """House terms: strength "house" in the vocabulary (or the profile), or listed in the rule."""
    listed = _terms(rule, "terms")
    house = [lab for lab in evidence.commercial_labels
             if profile.strength_of(lab.term, lab.strength) == "house" or _term(lab) in listed]
    if not house:
        return None
    if any(lab.definition for lab in house):
        return []
    return [_label_hit(house[0], term=house[0].term)]


@check("label_language", provides=("label", "label_language", "page_language"))
def label_language(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    if not labels or evidence.language in ("", "und"):
        return None
    # The label itself (a term standing as a label), where there is one: a disclosure sentence in the
    # page's language further down does not make an English-only label readable.
    labels = [lab for lab in labels if lab.found_in == "label"] or labels
    top = [lab for lab in labels if lab.position == Position.TOP.value] or labels
    if any((lab.word_language or lab.language) == evidence.language for lab in top):
        return []
    label = top[0]
    return [_label_hit(label, label_language=label.word_language or label.language, page_language=evidence.language)]


# -- consistency -------------------------------------------------------------------------------------
@check("classification_conflict", provides=("label", "claim"),
       types=(list, "a list of schema.org types that exclude sponsored content"))
def classification_conflict(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = _labels_in(evidence, rule)
    if not labels:
        return None
    denials = [s for s in _signals(evidence, "meta-flag", commercial=False)]
    denials += [s for s in _signals(evidence, "jsonld-type") if s.value.lower() in set(rule.params.get("types", ()))]
    if not denials:
        return []
    denial = denials[0]
    return [Hit(denial.line or labels[0].line, denial.value, {"label": labels[0].text, "claim": denial.value})]


@check("control_contradicts_label", provides=("label", "statement"), independent_terms=TERM_LIST, unless=TERM_LIST)
def control_contradicts_label(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    independent = _terms(rule, "independent_terms")
    labels = [lab for lab in evidence.commercial_labels if _term(lab) in independent]
    if not labels:
        return None
    controls = _signals(evidence, "control")
    if not controls or any(_term(lab) in _terms(rule, "unless") for lab in evidence.labels):
        return []
    control = controls[0]
    return [Hit(control.line, control.value, {"label": labels[0].text, "statement": control.value})]


@check("control_stated", provides=("label",))
def control_stated(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = _labels_in(evidence, rule)
    if not labels:
        return None
    if _signals(evidence, "control") or _signals(evidence, "independence"):
        return []
    return [_label_hit(_first(labels))]


# -- machine-readable ----------------------------------------------------------------------------------
@check("structured_type", provides=("type", "label"))
def structured_type(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    types = _signals(evidence, "jsonld-type")
    if evidence.format != "html" or not evidence.commercial_labels or not types:
        return None
    if any(s.commercial for s in types) or _signals(evidence, "jsonld-sponsor"):
        return []
    declared = types[0]
    if declared.value.lower() not in ARTICLE_TYPES_WITHOUT_SPONSOR:
        return []
    label = evidence.commercial_labels[0].text
    return [Hit(declared.line or 1, declared.value, {"type": declared.value, "label": label})]


@check("sponsor_links_qualified", provides=("href", "text"))
def sponsor_links_qualified(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    words = {word for s in evidence.sponsors for word in s.words if len(word) >= 4}
    if evidence.format != "html" or not evidence.sponsors or not evidence.links:
        return None
    qualifiers = set(rule.params.get("rel", ["sponsored", "nofollow"]))
    hits = []
    for link in evidence.links:
        host = (urlsplit(link.href).hostname or "").lower()
        if not host or not any(word in host for word in words):
            continue
        if not qualifiers & set(link.rel.split()):
            hits.append(Hit(link.line, link.href, {"href": link.href, "text": link.text}))
    return hits[:3]


@check("metadata_sponsor_matches", provides=("declared", "visible"))
def metadata_sponsor_matches(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    declared = [s for s in evidence.sponsors if s.found_in == "metadata"]
    visible = [s for s in evidence.sponsors if s.found_in in VISIBLE or s.found_in == "markup"]
    if not declared or not visible:
        return None
    if any(_same_party(d, v) for d in declared for v in visible):
        return []
    return [Hit(declared[0].line, declared[0].name, {"declared": declared[0].name, "visible": visible[0].name})]


# -- political advertising ---------------------------------------------------------------------------------
@check("political_review", provides=("label", "topics"))
def political_review(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    labels = evidence.commercial_labels
    topics = _signals(evidence, "political-topic")
    if not labels or not topics:
        return None
    terms = [t.strip() for t in topics[0].value.split(",") if t.strip()]
    if any(lab.category == "political" for lab in labels) or len(terms) < int(rule.params.get("min_topics", 4)):
        return []
    label = _first(labels)
    return [_label_hit(label, topics=", ".join(terms[:6]))]


@check("political_label_complete", provides=("label", "missing"))
def political_label_complete(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    political = [lab for lab in evidence.commercial_labels if lab.category == "political"]
    if not political:
        return None
    missing = []
    if not evidence.sponsors:
        missing.append("the sponsor's name")
    if not _signals(evidence, "political-notice"):
        missing.append("a link to the transparency notice")
    if not missing:
        return []
    return [_label_hit(political[0], missing=" and ".join(missing))]


@check("unused_suppression", provides=("directive", "where", "code"))
def unused_suppression(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """Whether a suppression silenced anything is known only once the other rules' findings are
    filtered (policy.suppress reports it); here: applicable when the document has suppressions."""
    return [] if evidence.suppressions else None


# -- the linter itself -----------------------------------------------------------------------------------
@check("page_needs_javascript", provides=("value",))
def page_needs_javascript(evidence: Evidence, rule: Rule, profile: Profile) -> list[Hit] | None:
    """The source saw an app shell: the article appears only once scripts run (sources/javascript.py)."""
    if evidence.format != "html":
        return None
    signals = _signals(evidence, "needs-javascript")
    return [Hit(signals[0].line or 1, signals[0].value, {"value": signals[0].value})] if signals else []
