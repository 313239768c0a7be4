"""`html`: one self-contained file an editor opens from disk or an e-mail, on a laptop or a phone.

At the top the run (documents, sponsored ones, findings by severity and by rule with an inline SVG
chart, inputs that could not be checked); then every document in input order, failures included:
its verdict, the evidence in context (label, sponsor and credit excerpts with the match marked)
and each finding with why, fix and references. Filters by severity and rule run in the page.

It reads the same data as `--format json` (document_dict, the run summary, the rules that ran) and
only lays it out. Page text is hostile: every value is escaped for HTML, in text and attributes,
with control and bidi characters made visible; only http(s) URLs become links, with
rel="noopener noreferrer nofollow"; a Content-Security-Policy allows only the report's own style
and script blocks (by hash), and the script attaches its listeners itself (no inline handlers).

Documents are written to a spool as they arrive (memory stays flat on large runs) and copied
after the summary, which is known only when the run ends."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import urlsplit

from disclosure_lint import __version__
from disclosure_lint.extract.features import describe
from disclosure_lint.model import DocumentResult
from disclosure_lint.report.concise import summary_line
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.escape import visible
from disclosure_lint.report.html_assets import SCRIPT, STYLE, content_security_policy
from disclosure_lint.report.prevalence import ALL_SECTIONS
from disclosure_lint.report.summary import Summary

SEVERITIES = ("error", "warning", "info")
POSITION_WORD = {"top": "at the top", "middle": "mid-body", "bottom": "at the bottom"}
FOUND_IN_WORD = {"label": "in a label", "body": "in the text", "markup": "only in markup (logo, link or alt text)",
                 "metadata": "in structured data", "sentence": "in a disclosure sentence"}
SPOOL_BYTES = 4 * 1024 * 1024  # documents beyond this go to a temporary file
LINK_REL = "noopener noreferrer nofollow"
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def esc(value: Any) -> str:
    """Page text as HTML text or attribute value: control and bidi characters visible, lone
    surrogates replaced (they cannot be written as UTF-8), & < > " ' escaped."""
    return html.escape(_SURROGATES.sub("\ufffd", visible(str(value))), quote=True)


def safe_url(value: str | None) -> str | None:
    """The URL if it is a plain http(s) URL with a host, else None (never a link)."""
    if not value or any(c.isspace() or ord(c) < 0x20 for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def link(url: str | None, text: str) -> str:
    """An external link for a safe URL; otherwise the escaped text alone."""
    target = safe_url(url)
    if target is None:
        return esc(text)
    return f'<a href="{esc(target)}" rel="{LINK_REL}" target="_blank">{esc(text)}</a>'


def highlight(text: str, marks: Iterable[tuple[str | None, str]]) -> str:
    """Escaped text with every occurrence of each needle wrapped in <mark class=...>. Needles match
    case-insensitively and across any whitespace; earlier needles win where matches overlap."""
    spans: list[tuple[int, int, str]] = []
    for needle, css in marks:
        words = (needle or "").split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
        for match in pattern.finditer(text):
            if match.end() > match.start() and not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), css))
    out, at = [], 0
    for start, end, css in sorted(spans):
        out.append(esc(text[at:start]))
        out.append(f'<mark class="{esc(css)}">{esc(text[start:end])}</mark>')
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


class HtmlReport:
    def __init__(self, stream: TextIO, info):
        self.stream = stream
        self.info = info
        self.rules = {rule["code"]: rule for rule in info.rules}
        # Lives from the first document to finish(); a temporary file deletes itself when closed or collected.
        self.spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="\n")
        self.count = 0
        self.failures: list[tuple[int, dict[str, Any]]] = []

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        self.count += 1
        data = document_dict(result)
        if data["status"] != "checked":
            self.failures.append((self.count, data))
        self.spool.write(self._document(self.count, data))

    def finish(self, summary: Summary) -> None:
        write = self.stream.write
        write(self._head(summary))
        write(self._summary(summary))
        if self.info.history is not None:
            from disclosure_lint.report.html_history import history_section
            write(history_section(self.info.history))
        write(self._filters(summary))
        write(f'<section id="documents" aria-labelledby="documents-title">\n'
              f'<h2 id="documents-title">Documents ({self.count}, in input order)</h2>\n')
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        if not self.count:
            write('<p class="muted">No documents were checked.</p>\n')
        write("</section>\n")
        write(f'<footer><p>disclosure-lint {esc(__version__)} · profile {esc(self.info.profile)} · '
              f'the same data as <code>--format json</code>. Filters run in this page; nothing is loaded '
              f'from the network.</p></footer>\n</div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n')
        self.stream.flush()

    # The top of the page -------------------------------------------------------------------------

    def _head(self, summary: Summary) -> str:
        title = f"disclosure-lint report: {plural(summary.documents, 'document')}"
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'  # no page data
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f'<meta name="generator" content="disclosure-lint {esc(__version__)}">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<div class=\"wrap\">\n"
            f'<header class="run"><h1>Sponsored-content disclosure report</h1>\n'
            f'<p class="meta">disclosure-lint {esc(__version__)} · profile <strong>{esc(self.info.profile)}</strong>'
            f" · fails on {esc(summary.fail_on)}</p>\n<p>{esc(summary_line(summary))}</p></header>\n"
        )

    def _summary(self, summary: Summary) -> str:
        totals = summary.as_dict()
        findings = totals["findings"]
        tiles = [("documents", "Documents", totals["documents"]), ("", "Checked", totals["checked"]),
                 ("sponsored", "Sponsored", totals["sponsored"]),
                 ("failed" if totals["errors"] else "", "Could not check", totals["errors"]),
                 *((severity, severity.capitalize() + ("s" if severity != "info" else ""), findings[severity])
                   for severity in SEVERITIES)]
        parts = ['<section id="summary" aria-labelledby="summary-title">\n<h2 id="summary-title">Summary</h2>\n'
                 '<dl class="tiles">\n']
        for css, word, number in tiles:
            parts.append(f'<div class="tile {css}" data-total="{esc(word.lower())}"><dt>{esc(word)}</dt>'
                         f"<dd>{number}</dd></div>\n")
        parts.append("</dl>\n")
        silenced = totals["silenced"]
        if silenced:
            parts.append(f'<p class="meta">Silenced: {esc(", ".join(f"{n} by {k}" for k, n in silenced.items()))}'
                         "</p>\n")
        rows = summary.by_rule()
        parts.append('<div class="overview">\n')
        parts.append(f'<div class="panel"><h3>Findings by rule</h3>\n{self._chart(rows)}</div>\n')
        parts.append(f'<div class="panel"><h3>Rules with findings</h3>\n{self._rule_table(rows)}</div>\n')
        parts.append("</div>\n")
        parts.append(self._failures())
        parts.append(_prevalence(summary))
        parts.append(_stale(summary.stale))
        parts.append("</section>\n")
        return "".join(parts)

    def _severity_of(self, code: str) -> str:
        return self.rules.get(code, {}).get("severity", "info")

    def _chart(self, rows: list[tuple[str, str, int]]) -> str:
        """A horizontal bar per rule (most findings first), coloured by the rule's severity."""
        if not rows:
            return '<p class="muted">No findings.</p>\n'
        shown = rows[:12]
        top = max(count for _, _, count in shown)
        bar_h, gap, label_w, width = 18, 6, 64, 360
        track = width - label_w - 44
        height = len(shown) * (bar_h + gap)
        out = [f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
               f'role="img" aria-labelledby="chart-title"><title id="chart-title">Findings by rule: '
               f'{esc("; ".join(f"{code} {count}" for code, _, count in shown))}</title>\n']
        for i, (code, _name, count) in enumerate(shown):
            y = i * (bar_h + gap)
            bar = max(2, round(track * count / top))
            out.append(f'<text x="0" y="{y + 13}">{esc(code)}</text>'
                       f'<rect class="track" x="{label_w}" y="{y}" width="{track}" height="{bar_h}" rx="3"/>'
                       f'<rect class="bar-{esc(self._severity_of(code))}" x="{label_w}" y="{y}" width="{bar}" '
                       f'height="{bar_h}" rx="3"/><text x="{label_w + track + 6}" y="{y + 13}">{count}</text>\n')
        out.append("</svg>")
        if len(rows) > len(shown):
            out.append(f'<figcaption class="meta">and {plural(len(rows) - len(shown), "more rule")}</figcaption>')
        out.append("</figure>\n")
        return "".join(out)

    def _rule_table(self, rows: list[tuple[str, str, int]]) -> str:
        if not rows:
            return '<p class="muted">No rule found anything.</p>\n'
        out = ['<table class="by-rule"><thead><tr><th>Rule</th><th class="optional">Severity</th>'
               '<th class="num">Findings</th><th><span class="muted">Filter</span></th></tr></thead><tbody>\n']
        for code, name, count in rows:
            severity = self._severity_of(code)
            out.append(f'<tr data-rule="{esc(code)}"><td><code>{esc(code)}</code> {esc(name)}</td>'
                       f'<td class="optional"><span class="badge {esc(severity)}">{esc(severity)}</span></td>'
                       f'<td class="num">{count}</td><td><button type="button" class="show-rule" '
                       f'data-rule="{esc(code)}" hidden>Show only</button></td></tr>\n')
        out.append("</tbody></table>\n")
        return "".join(out)

    def _failures(self) -> str:
        if not self.failures:
            return ""
        out = [f'<div class="panel failures" id="failures"><h3>Could not check ({len(self.failures)})</h3><ul>\n']
        for index, data in self.failures:
            error = data["error"] or {"kind": "error", "message": "could not be checked"}
            out.append(f'<li><a href="#doc-{index}">#{index}</a> <strong>{esc(data["source"])}</strong> '
                       f'<span class="badge failed">{esc(error["kind"])}</span> {esc(error["message"])}</li>\n')
        out.append("</ul></div>\n")
        return "".join(out)

    def _filters(self, summary: Summary) -> str:
        counts = summary.as_dict()["findings"]
        boxes = "".join(f'<label><input type="checkbox" name="severity" value="{s}" checked> '
                        f'<span class="badge {s}">{s}</span> {counts[s]}</label>' for s in SEVERITIES)
        options = "".join(f'<option value="{esc(code)}">{esc(code)} {esc(name)} ({count})</option>'
                          for code, name, count in sorted(summary.by_rule()))
        return (
            '<form id="filters" class="filters" aria-label="Filter findings" hidden>\n'
            f'<fieldset><legend>Severity</legend>{boxes}</fieldset>\n'
            '<label>Rule <select id="filter-rule" name="rule"><option value="">All rules</option>'
            f"{options}</select></label>\n"
            '<label><input type="checkbox" id="filter-only" name="only"> only documents with shown findings</label>\n'
            '<button type="button" id="filter-reset">Show all</button>\n'
            '<p id="filter-status" role="status" aria-live="polite"></p>\n</form>\n'
        )

    # One document ---------------------------------------------------------------------------------

    def _document(self, index: int, data: dict[str, Any]) -> str:
        source = data["source"]
        title = link(source, source) if safe_url(source) else esc(source)
        if data["status"] != "checked":
            error = data["error"] or {"kind": "error", "message": "could not be checked"}
            return (f'<article class="doc failed" id="doc-{index}" data-index="{index}" data-status="error">\n'
                    f'<div class="doc-head"><span class="num">{index}</span><h3>{title}</h3></div>\n'
                    f'<p class="verdict"><span class="badge failed">could not check</span> '
                    f'<strong>{esc(error["kind"])}</strong>: {esc(error["message"])}</p>\n</article>\n')
        sponsored = bool(data["sponsored"])
        css = "sponsored" if sponsored else "not-sponsored"
        findings = data["findings"]
        counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
        out = [f'<article class="doc {css}" id="doc-{index}" data-index="{index}" data-status="checked" '
               f'data-sponsored="{str(sponsored).lower()}">\n'
               f'<div class="doc-head"><span class="num">{index}</span><h3>{title}</h3>'
               f'<span class="shown-count"></span></div>\n',
               self._verdict(data, sponsored, counts),
               self._evidence(data)]
        if findings:
            out.append('<ol class="findings">\n')
            out.extend(self._finding(f, data) for f in findings)
            out.append("</ol>\n")
        else:
            out.append('<p class="muted">No findings.</p>\n')
        if data.get("silenced"):
            out.append(self._silenced(data["silenced"]))
        out.append("</article>\n")
        return "".join(out)

    def _verdict(self, data: dict[str, Any], sponsored: bool, counts: dict[str, int]) -> str:
        sep = '<span class="sep">·</span> '
        parts = ['<span class="badge sponsored">sponsored</span> ' if sponsored
                 else '<span class="badge not-sponsored">not sponsored</span> ']
        labels = data["labels"]
        if labels:
            shown = ", ".join(f"“{esc(lab['text'] if len(lab['text']) <= 60 else lab['text'][:59] + '…')}” "
                              f"{POSITION_WORD.get(lab['position'], esc(lab['position']))} (line {lab['line']})"
                              for lab in labels[:3])
            more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
            parts.append(f"{sep}{plural(len(labels), 'label')}: {shown}{more} ")
        else:
            parts.append(f"{sep}no content-type label found ")
        if data["sponsors"]:
            parts.append(f"{sep}sponsor: " + ", ".join(f"<strong>{esc(s['name'])}</strong>" for s in data["sponsors"])
                         + " ")
        elif sponsored:
            parts.append(f'{sep}sponsor: <strong class="missing">none named</strong> ')
        if data["credits"]:
            credit = data["credits"][0]
            studio = " (commercial studio)" if credit["studio"] else ""
            parts.append(f"{sep}credit: {esc(credit['unit'] or credit['text'])}{studio} ")
        tally = ", ".join(plural(counts[s], s, "info" if s == "info" else None) for s in SEVERITIES if counts[s])
        parts.append(f"{sep}{tally or 'no findings'}")
        return f'<p class="verdict">{"".join(parts)}</p>\n'

    def _evidence(self, data: dict[str, Any]) -> str:
        """The label, sponsor and credit excerpts with what was matched marked; the headline,
        and the other signals the rules read."""
        sponsors = [s["name"] for s in data["sponsors"]]
        rows: list[tuple[str, str]] = []
        if data.get("headline"):
            where = f' <span class="meta">line {data["headline_line"]}</span>' if data.get("headline_line") else ""
            rows.append(("Headline", f'<q class="excerpt">{esc(data["headline"])}</q>{where}'))
        for lab in data["labels"]:
            marks = [(lab["term"], "term"), *((name, "sponsor") for name in sponsors)]
            detail = [POSITION_WORD.get(lab["position"], esc(lab["position"])), f"line {lab['line']}",
                      esc(lab["category"]), f"{esc(lab['strength'])} wording",
                      "disclosure sentence" if lab["found_in"] == "sentence" else "label"]
            if lab.get("why"):
                detail.append("read as " + esc(", ".join(describe(lab["why"]))))
            if lab.get("rendered"):
                detail.append("<strong>only once the page's scripts ran</strong>")
            extra = _prominence(lab.get("prominence"))
            if lab.get("definition"):
                extra += f'<p class="meta">defined as <q>{esc(lab["definition"])}</q></p>'
            if lab.get("meaning"):
                extra += f'<p class="meta">in the house scheme: <q>{esc(lab["meaning"])}</q></p>'
            rows.append(("Label", f'<blockquote class="excerpt">{highlight(lab["text"], marks)}</blockquote>'
                                  f'<p class="meta">{" · ".join(detail)}</p>{extra}'))
        for sponsor in data["sponsors"]:
            rows.append(("Sponsor", self._sponsor(sponsor, data)))
        if data["sponsored"] and not data["sponsors"]:
            rows.append(("Sponsor", '<strong class="missing">none named</strong> on the page'))
        for credit in data["credits"]:
            meta = [f"line {credit['line']}"]
            if credit["unit"]:
                meta.append(f"unit <strong>{esc(credit['unit'])}</strong>")
            if credit["studio"]:
                meta.append('<span class="badge sponsored">commercial studio</span>')
            marks = [(credit["unit"], "term"), *((name, "sponsor") for name in sponsors)]
            rows.append(("Credit", f'<blockquote class="excerpt">{highlight(credit["text"], marks)}</blockquote>'
                                   f'<p class="meta">{" · ".join(meta)}</p>'))
        signals = data.get("signals") or []
        if signals:
            items = "".join(_signal(s) for s in signals)
            rows.append(("Signals", f"<ul>{items}</ul>"))
        facts = [f"format {esc(data.get('format') or '?')}", f"language {esc(data.get('language') or '?')}"]
        body = data.get("body") or {}
        if body.get("start_line"):
            facts.append(f"article body lines {esc(body['start_line'])}–{esc(body.get('end_line') or '?')}")
        rows.append(("Document", f'<span class="meta">{" · ".join(facts)}</span>'))
        cells = "".join(f"<dt>{term}</dt><dd>{value}</dd>\n" for term, value in rows)
        return f'<dl class="evidence">\n{cells}</dl>\n'

    def _sponsor(self, sponsor: dict[str, Any], data: dict[str, Any]) -> str:
        """The sponsor's name, where it was found, and the label or sentence that names it."""
        where = FOUND_IN_WORD.get(sponsor["found_in"], esc(sponsor["found_in"]))
        out = f'<strong>{esc(sponsor["name"])}</strong> <span class="meta">{where}, line {sponsor["line"]}</span>'
        context = next((lab for lab in data["labels"] if lab["line"] == sponsor["line"]
                        and _contains(lab["text"], sponsor["name"])), None)
        if context is not None:
            marks = [(sponsor["name"], "sponsor"), (context["term"], "term")]
            out += f'<blockquote class="excerpt">{highlight(context["text"], marks)}</blockquote>'
        return out

    def _finding(self, finding: dict[str, Any], data: dict[str, Any]) -> str:
        rule = self.rules.get(finding["code"], {})
        severity = finding["severity"]
        review = finding["outcome"] == "review"
        head = (f'<div class="finding-head"><span class="badge {esc(severity)}">{esc(severity)}</span>'
                + ('<span class="badge review">needs review</span>' if review else "")
                + f'<code>{esc(finding["code"])}</code> <strong>{esc(finding["name"])}</strong>'
                f'<span class="where">line {max(finding["line"], 1)}:{max(finding["column"], 1)}</span></div>\n')
        body = [f'<p class="message">{esc(finding["message"])}</p>\n']
        if finding["evidence"]:
            body.append(f'<p class="evidence-line"><span class="meta">Evidence:</span> '
                        f'{_in_context(finding["evidence"], data)}</p>\n')
        fix = finding["fix"] or rule.get("fix")
        if fix:
            body.append(f'<p class="fix"><strong>Fix:</strong> {esc(fix)}</p>\n')
        why = rule.get("why")
        references = rule.get("references") or []
        if why or references:
            refs = "".join(f"<li>{link(ref.get('url'), ref.get('title') or ref.get('url') or '')}</li>"
                           for ref in references)
            body.append('<details class="why"><summary>Why this matters</summary>'
                        + (f"<p>{esc(why)}</p>" if why else "")
                        + (f'<ul class="references">{refs}</ul>' if refs else "")
                        + f'<p class="meta">More: <code>disclosure-lint explain {esc(finding["code"])}</code></p>'
                        + "</details>\n")
        return (f'<li class="finding" data-severity="{esc(severity)}" data-rule="{esc(finding["code"])}" '
                f'data-outcome="{esc(finding["outcome"])}">\n{head}{"".join(body)}</li>\n')

    def _silenced(self, silenced: list[dict[str, Any]]) -> str:
        items = "".join(f'<li><code>{esc(f["code"])}</code> {esc(f["name"])}, line {max(f["line"], 1)}: '
                        f'{esc(f["message"])} <span class="meta">(silenced by {esc(f["silenced_by"])})</span></li>'
                        for f in silenced)
        return (f'<details class="silenced"><summary>{plural(len(silenced), "silenced finding")}</summary>'
                f"<ul>{items}</ul></details>\n")


SCREENSHOT = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+=*")


def _prominence(seen: dict[str, Any] | None) -> str:
    """What the browser measured of a label, and its screenshot (a PNG data: URI, the only kind of
    image the report's Content-Security-Policy allows)."""
    if not seen:
        return ""
    parts = [f"{_number(seen['font_px'])} px", f"weight {esc(seen['font_weight'])}"]
    parts.append(f"{esc(seen['color'])} on {esc(seen.get('background') or 'unknown background')}")
    if seen.get("contrast") is not None:
        parts.append(f"contrast {_number(seen['contrast'])}:1 ({esc(seen['contrast_status'])})")
    else:
        parts.append(f"contrast {esc(seen['contrast_status'])}"
                     + (f" ({esc(seen['contrast_reason'])})" if seen.get("contrast_reason") else ""))
    if seen.get("body_font_px"):
        parts.append(f"body text {_number(seen['body_font_px'])} px")
    if not seen["visible"]:
        parts.append(f"<strong>not visible</strong> ({esc(seen.get('hidden_by') or '')})")
    for spot in seen.get("viewports", []):
        fold = "above the fold" if spot["above_fold"] else "<strong>below the fold</strong>"
        parts.append(f"{esc(spot['name'])} {esc(spot['width'])}×{esc(spot['height'])}: "
                     f"{esc(round(spot['top']))} px down, {fold}")
    out = f'<p class="meta prominence">as rendered: {" · ".join(parts)}</p>'
    shot = seen.get("screenshot")
    if isinstance(shot, str) and SCREENSHOT.fullmatch(shot):
        out += f'<img class="shot" src="{shot}" alt="The label as the browser showed it">'
    return out


def _number(value: Any) -> str:
    """12.0 as 12, 1.905 as 1.91: measurements as a reader writes them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return esc(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _signal(signal: dict[str, Any]) -> str:
    line = f' <span class="meta">line {signal["line"]}</span>' if signal.get("line") else ""
    kind = "" if signal.get("commercial") else ' <span class="meta">(not commercial)</span>'
    return f'<li><code>{esc(signal["kind"])}</code> <q>{esc(signal["value"])}</q>{line}{kind}</li>'


def _contains(text: str, needle: str) -> bool:
    words = needle.split()
    return bool(words) and re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE) is not None


def _in_context(evidence: str, data: dict[str, Any]) -> str:
    """The finding's evidence, inside the label or credit text it was taken from when it is part
    of a longer one, with the evidence marked."""
    texts = [lab["text"] for lab in data["labels"]] + [c["text"] for c in data["credits"]]
    context = next((t for t in texts if t != evidence and len(t) > len(evidence) and _contains(t, evidence)), None)
    return f'<q class="excerpt">{highlight(context or evidence, [(evidence, "term")])}</q>'


PREVALENCE_HOSTS = 25  # hosts shown in the page; --output prevalence:PATH.csv has them all
PREVALENCE_COLUMNS = (("pages", "Pages"), ("sponsored", "Sponsored"), ("disclosed", "Properly disclosed"),
                      ("undisclosed", "Undisclosed"), ("unnamed_sponsor", "Sponsor not named"),
                      ("label_bottom_only", "Label only at the bottom"), ("errors", "Could not check"))


def _prevalence(summary: Summary) -> str:
    """Sponsored content per site and URL section, when pages came from the web (URLs, archives)."""
    prevalence = summary.prevalence
    if not prevalence.has_sites:
        return ""
    rows = prevalence.rows([])
    hosts = [row["host"] for row in rows if row["section"] == ALL_SECTIONS]
    shown = set(hosts[:PREVALENCE_HOSTS])
    head = "".join(f'<th class="num">{esc(title)}</th>' for _, title in PREVALENCE_COLUMNS)
    out = ['<div class="panel prevalence" id="prevalence"><h3>Prevalence by site</h3>\n'
           '<p class="meta">Pages per host and URL section. Properly disclosed: a commercial label at the top, a '
           'named sponsor and no error. The full table: <code>--output prevalence:PATH.csv</code>.</p>\n'
           f'<table class="by-site"><thead><tr><th>Host</th><th>Section</th>{head}</tr></thead><tbody>\n']
    for row in rows:
        if row["host"] not in shown:
            continue
        total = row["section"] == ALL_SECTIONS
        cells = "".join(f'<td class="num">{row[name]}</td>' for name, _ in PREVALENCE_COLUMNS)
        section = "all" if total else esc(row["section"])
        out.append(f'<tr class="{"site" if total else "section"}"><td>{esc(row["host"]) if total else ""}</td>'
                   f"<td>{section}</td>{cells}</tr>\n")
    out.append("</tbody></table>\n")
    if len(hosts) > len(shown):
        out.append(f'<p class="meta">and {plural(len(hosts) - len(shown), "more host")}</p>\n')
    out.append("</div>\n")
    return "".join(out)


def _stale(stale: list[dict[str, Any]]) -> str:
    if not stale:
        return ""
    items = "".join(f'<li>{esc(e["source"])}: <code>{esc(e["code"])}</code> {esc(e["name"])} '
                    f'(<q>{esc(e["evidence"])}</q>)</li>' for e in stale)
    return (f'<div class="panel" id="stale"><h3>Stale baseline entries ({len(stale)})</h3>'
            f'<p class="meta">The finding is gone; run <code>--update-baseline</code> to drop them.</p>'
            f"<ul>{items}</ul></div>\n")
