"""Plain data shared by every stage: sources make Documents, extract makes Evidence,
the engine makes Findings, and reports read DocumentResults. Nothing here does work."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Outcome(str, Enum):
    """axe-core's four outcomes: reports show violations and reviews; passes feed SARIF kinds."""

    VIOLATION = "violation"
    REVIEW = "review"
    PASS = "pass"
    NOT_APPLICABLE = "not-applicable"


class Position(str, Enum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """Where a document sat in a WARC or ARC file, so a result can be joined back to the crawl's
    index: the record's target URL and date, the archive's name, the record's byte offset and
    its length as stored (compressed, for .gz archives)."""

    filename: str
    offset: int
    length: int
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class TextEncoding:
    """How a document's bytes became text: the encoding used, the label they came with (HTTP
    header, <meta> or BOM; None without one), whether the encoding was guessed rather than taken
    from a label, and how many bytes could not be decoded (each a U+FFFD in the text)."""

    name: str
    declared: str | None = None
    guessed: bool = False
    replacements: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """One input, decoded. `source` is the input exactly as the user gave it."""

    source: str
    text: str
    format: str  # "html" | "markdown" | "text"
    url: str | None = None
    path: str | None = None
    # What the source saw that the text does not show, e.g. a page that needs JavaScript.
    signals: tuple[Signal, ...] = ()
    archive: ArchiveRecord | None = None  # set for a record read from a WARC or ARC file
    encoding: TextEncoding | None = None  # None for text given as text (the API, the service)


@dataclass(frozen=True, slots=True)
class InputError:
    """Why an input could not be checked. `kind` is a stable, machine-readable word."""

    source: str
    kind: str
    message: str
    archive: ArchiveRecord | None = None


@dataclass(slots=True)
class Label:
    text: str
    category: str
    language: str
    position: str
    line: int
    column: int = 1
    term: str = ""
    strength: str = "clear"
    definition: str | None = None
    found_in: str = "label"  # "label" (a label element) | "sentence" (a disclosure sentence)
    word_language: str = ""  # the language of the word itself ("Sponsored" is English on any page)
    meaning: str = ""  # what the term means in a publisher's label scheme (house vocabulary)
    certain: bool = True  # False when the judge could not decide: a person must look (DL102)
    block: int = -1  # where extraction found it (not part of the report)
    offset: int = 0
    # What decided it (extract/judge.py): the deciding features, the score, and the candidate's
    # form, place and party kind (extract/features.py).
    why: tuple[str, ...] = ()
    score: float = 0.0
    form: str = ""
    place: str = ""
    party: str = ""
    rendered: bool = False  # found only in the page as the browser built it, not in the HTML as served
    prominence: Prominence | None = None  # what a reader sees of it, when the page was rendered


class ContrastStatus(str, Enum):
    """axe-core's verdict on the label's colour contrast, in its own words."""

    PASS = "pass"
    FAIL = "fail"
    INCOMPLETE = "incomplete"  # axe could not decide (a background image, overlapping elements ...)
    NOT_MEASURED = "not-measured"


@dataclass(frozen=True, slots=True)
class Placement:
    """A label against the fold of one viewport, in that screen's CSS px (the page's zoom applied)."""

    viewport: str  # "desktop" | "phone"
    width: int
    height: int
    top: float  # from the top of the page
    bottom: float
    font_px: float  # effective text size on this screen
    above_fold: bool


@dataclass(frozen=True, slots=True)
class Prominence:
    """What a reader of the rendered page sees of a label (desktop viewport unless per placement)."""

    font_px: float
    font_weight: int
    color: str
    visible: bool
    hidden_by: str = ""  # why not visible: "display: none", "opacity: 0", ...
    background: str | None = None
    contrast: float | None = None  # WCAG 2 contrast ratio, from axe-core
    contrast_status: ContrastStatus = ContrastStatus.NOT_MEASURED
    contrast_reason: str = ""  # axe's reason when incomplete
    body_font_px: float | None = None  # the article's body text, for comparison
    placements: tuple[Placement, ...] = ()
    screenshot: str | None = None  # data:image/png;base64,... of the label's region


@dataclass(frozen=True, slots=True)
class Rendering:
    """How the page was rendered: the browser, what it was allowed to load, and what it was refused."""

    browser: str
    settled_ms: int
    fetched: int
    blocked: tuple[str, ...] = ()  # the first refused addresses
    blocked_count: int = 0
    axe_version: str = ""
    load_event: bool = True  # False: read LOAD_GRACE seconds after its DOM was complete, load never came


@dataclass(slots=True)
class Credit:
    text: str
    unit: str | None
    studio: bool
    line: int


@dataclass(slots=True)
class Sponsor:
    name: str
    found_in: str  # "label" | "body" | "markup" | "metadata"
    line: int
    # The name's distinctive words (no articles, joiners or legal forms of the page's language, no
    # web address parts): what tells whether two mentions name the same party.
    words: tuple[str, ...] = ()


@dataclass(slots=True)
class Signal:
    """A machine-readable or structural hint: JSON-LD type, metadata, URL path, title label..."""

    kind: str
    value: str
    line: int = 0
    commercial: bool = True


@dataclass(frozen=True, slots=True)
class Suppression:
    """An author's instruction in the document to silence rules over a range of source lines:
    a `<!-- disclosure-lint: disable ... -->` comment (kind "comment", "file" for the file-wide form)
    or a `data-disclosure-lint-ignore` attribute (kind "attribute"). Empty `codes` means every rule."""

    kind: str
    codes: tuple[str, ...]
    line: int  # where the directive is written
    start: int
    end: int | None  # None: to the end of the document


@dataclass(slots=True)
class Link:
    """A link inside the article: where it goes and how it is qualified (rel)."""

    href: str
    text: str
    rel: str
    line: int


@dataclass(slots=True)
class Evidence:
    source: str
    format: str
    language: str = "und"
    headline: str | None = None
    headline_line: int | None = None
    title: str | None = None
    title_line: int = 0
    body_start_line: int | None = None
    body_end_line: int | None = None
    labels: list[Label] = field(default_factory=list)
    uncertain: list[Label] = field(default_factory=list)  # candidates the judge could not decide
    credits: list[Credit] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    rendering: Rendering | None = None  # set when the page was checked as a browser rendered it

    # Label categories that disclose something other than paid placement of the article itself;
    # a profile may count some of them as sponsorship (engine.profiles).
    non_commercial: frozenset[str] = frozenset({"affiliate", "gifted"})

    @property
    def commercial_labels(self) -> list[Label]:
        return [lab for lab in self.labels if lab.certain and lab.category not in self.non_commercial]

    @property
    def sponsored(self) -> bool:
        """A page is sponsored when a visible label says so or a strong commercial signal does."""
        if self.commercial_labels:
            return True
        return any(sig.commercial and sig.kind in STRONG_SIGNALS for sig in self.signals)


# Signals strong enough on their own to call a page commercial.
STRONG_SIGNALS = frozenset({"jsonld-type", "studio-credit", "title-label", "jsonld-sponsor"})


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    outcome: Outcome
    message: str
    line: int
    column: int = 1
    evidence: str = ""
    fix: str = ""
    fingerprint: str = ""  # stable across moved text: rule, source and evidence (see policy.fingerprint)
    silenced_by: str = ""  # "", or what silenced it: "comment", "attribute", "file", "baseline"


@dataclass(slots=True)
class DocumentResult:
    source: str
    status: str  # "checked" | "error"
    error: InputError | None = None
    evidence: Evidence | None = None
    findings: list[Finding] = field(default_factory=list)
    format: str | None = None
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # rule code -> outcome, for SARIF kinds
    silenced: list[Finding] = field(default_factory=list)  # findings suppressions or the baseline silenced
    archive: ArchiveRecord | None = None  # the WARC/ARC record the document came from
    digest: str = ""  # of the document's text, so a history can tell a page that changed (pipeline.text_digest)
    encoding: TextEncoding | None = None  # how the document's bytes were decoded
