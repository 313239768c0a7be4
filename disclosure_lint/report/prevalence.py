"""How common sponsored content is, and how well it is disclosed, per site and per URL section
(the first path segment, such as /sponsored/): what researchers and regulators measure across a
crawl. Counted once per result as the run goes (Summary.add), so memory grows with the number of
sites, not of pages; read by the prevalence CSV/Parquet output and the HTML report.

Every column counts pages (results), not findings:

- pages: results for the site, checked or not; checked; errors (could not be checked)
- sponsored: a visible commercial label or a strong commercial signal (Evidence.sponsored)
- disclosed: sponsored and properly disclosed: a commercial label at the top, a named sponsor,
  and no error-severity violation
- undisclosed: sponsored by its signals, but no visible commercial label
- unnamed_sponsor: a commercial label, and nobody named as sponsor
- label_bottom_only: commercial labels, all of them after the article body
- one column per rule code: pages with at least one finding of that rule"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from disclosure_lint.model import DocumentResult, Outcome, Position, Severity

ALL_SECTIONS = "*"
LOCAL_HOST = "(files)"
COLUMNS = ("pages", "checked", "errors", "sponsored", "disclosed", "undisclosed", "unnamed_sponsor",
           "label_bottom_only")
FLAG_COLUMNS = ("checked", "sponsored", "disclosed", "undisclosed", "unnamed_sponsor", "label_bottom_only")


@dataclass(frozen=True, slots=True)
class PageFlags:
    """The prevalence columns one result counts in (see the module's docstring)."""

    checked: bool = False
    sponsored: bool = False
    disclosed: bool = False
    undisclosed: bool = False
    unnamed_sponsor: bool = False
    label_bottom_only: bool = False


def page_flags(result: DocumentResult) -> PageFlags:
    evidence = result.evidence
    if result.status != "checked" or evidence is None:
        return PageFlags()
    labels = evidence.commercial_labels
    bottom_only = bool(labels) and all(lab.position == Position.BOTTOM.value for lab in labels)
    if not evidence.sponsored:
        return PageFlags(checked=True, label_bottom_only=bottom_only)
    top = any(lab.position == Position.TOP.value for lab in labels)
    failing = any(f.severity == Severity.ERROR and f.outcome == Outcome.VIOLATION for f in result.findings)
    return PageFlags(checked=True, sponsored=True, disclosed=top and bool(evidence.sponsors) and not failing,
                     undisclosed=not labels, unnamed_sponsor=bool(labels) and not evidence.sponsors,
                     label_bottom_only=bottom_only)


@dataclass
class SiteCounts:
    pages: int = 0
    checked: int = 0
    errors: int = 0
    sponsored: int = 0
    disclosed: int = 0
    undisclosed: int = 0
    unnamed_sponsor: int = 0
    label_bottom_only: int = 0
    rules: Counter = field(default_factory=Counter)  # rule code -> pages with a finding of it

    def add(self, result: DocumentResult) -> None:
        flags = page_flags(result)
        self.pages += 1
        if not flags.checked:
            self.errors += 1
            return
        self.rules.update({f.code for f in result.findings})
        for name in FLAG_COLUMNS:
            setattr(self, name, getattr(self, name) + getattr(flags, name))


@dataclass
class Prevalence:
    """Counts per (host, section); the section ALL_SECTIONS holds the host's totals."""

    sites: dict[tuple[str, str], SiteCounts] = field(default_factory=dict)

    def add(self, result: DocumentResult) -> None:
        host, section = site_of(result)
        for key in dict.fromkeys(((host, ALL_SECTIONS), (host, section))):
            counts = self.sites.get(key)
            if counts is None:
                counts = self.sites[key] = SiteCounts()
            counts.add(result)

    def merge(self, other: Prevalence) -> None:
        for key, theirs in other.sites.items():
            ours = self.sites.setdefault(key, SiteCounts())
            for name in COLUMNS:
                setattr(ours, name, getattr(ours, name) + getattr(theirs, name))
            ours.rules.update(theirs.rules)

    @property
    def has_sites(self) -> bool:
        """True when some result came from the web (a URL or an archive record), not only from files."""
        return any(host != LOCAL_HOST for host, _ in self.sites)

    def rows(self, codes: list[str]) -> list[dict]:
        """One row per host (section "*", first) and per section of it; hosts by pages, most first."""
        totals = sorted(((host, counts) for (host, section), counts in self.sites.items() if section == ALL_SECTIONS),
                        key=lambda item: (-item[1].pages, item[0]))
        out = []
        for host, _ in totals:
            sections = sorted((section, counts) for (h, section), counts in self.sites.items() if h == host)
            for section, counts in sorted(sections, key=lambda item: item[0] != ALL_SECTIONS):
                row = {"host": host, "section": section, **{name: getattr(counts, name) for name in COLUMNS}}
                row.update({code: counts.rules.get(code, 0) for code in codes})
                out.append(row)
        return out


def site_of(result: DocumentResult) -> tuple[str, str]:
    """(host, section) of the page's URL: the archive record's, or the input's when it is a URL."""
    url = result.archive.url if result.archive and result.archive.url else result.source
    if "://" not in url[:16]:
        return LOCAL_HOST, ALL_SECTIONS
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower() or LOCAL_HOST
    except ValueError:
        return LOCAL_HOST, ALL_SECTIONS
    segments = parts.path.split("/")
    section = f"/{segments[1]}/" if len(segments) > 2 and segments[1] else "/"
    return host, section
