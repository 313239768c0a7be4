"""The HTML report's one style block and one script, as strings. They are the only active content
the report may carry: its Content-Security-Policy allows exactly these two blocks by their hashes,
so anything else that ever reached the page (an injected tag, attribute or style) would not run.
No external asset, font or URL: the file works offline, opened from disk or from an e-mail."""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root {
  color-scheme: light dark;
  --bg: #fbfbfa; --fg: #1d1d1f; --muted: #5c5c66; --card: #ffffff; --line: #dcdce2;
  --error: #b3261e; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff3d6;
  --info: #0b57d0; --info-bg: #e8f0fe; --sponsored: #7b1fa2; --sponsored-bg: #f5e9fa;
  --ok: #1e7b34; --ok-bg: #e6f4ea; --mark: #ffe27a; --mark-sponsor: #c8e6ff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #17171a; --fg: #ececf1; --muted: #a5a5b0; --card: #222227; --line: #3a3a42;
    --error: #ff8a80; --error-bg: #3d1f1d; --warning: #ffcc66; --warning-bg: #3a2e12;
    --info: #8ab4f8; --info-bg: #1d2a40; --sponsored: #e1a6f0; --sponsored-bg: #36203d;
    --ok: #81c995; --ok-bg: #1d3324; --mark: #6b5a00; --mark-sponsor: #1f4a6b;
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
.wrap { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
header.run { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
p { margin: .35rem 0; }
a { color: var(--info); }
code, .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: .92em; }
.muted, .meta { color: var(--muted); }
.meta { font-size: .92rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .6rem; margin: 0; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .55rem .75rem; }
.tile dt { font-size: .85rem; color: var(--muted); }
.tile dd { margin: 0; font-size: 1.6rem; font-weight: 650; line-height: 1.2; }
.tile.error dd { color: var(--error); } .tile.warning dd { color: var(--warning); }
.tile.info dd { color: var(--info); } .tile.sponsored dd { color: var(--sponsored); }
.tile.failed dd { color: var(--error); }
.overview { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; margin: 1rem 0;
  align-items: start; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.panel h3 { margin-bottom: .4rem; }
figure.chart { margin: 0; }
figure.chart svg { width: 100%; height: auto; display: block; }
svg .bar-error { fill: var(--error); } svg .bar-warning { fill: var(--warning); } svg .bar-info { fill: var(--info); }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg .track { fill: var(--line); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.prevalence { overflow-x: auto; }
.by-site tr.site td { font-weight: 600; border-top: 1px solid var(--line); }
.badge { display: inline-block; border-radius: .3rem; padding: 0 .45rem; font-size: .8rem; font-weight: 650;
  letter-spacing: .02em; text-transform: uppercase; white-space: nowrap; vertical-align: .1em; }
.badge.error { background: var(--error-bg); color: var(--error); }
.badge.warning { background: var(--warning-bg); color: var(--warning); }
.badge.info { background: var(--info-bg); color: var(--info); }
.badge.review { background: transparent; color: var(--muted); border: 1px solid var(--line); }
.badge.sponsored { background: var(--sponsored-bg); color: var(--sponsored); }
.badge.not-sponsored { background: var(--ok-bg); color: var(--ok); }
.badge.failed { background: var(--error); color: #fff; }
.failures { margin: 1rem 0; }
.failures li { margin: .3rem 0; overflow-wrap: anywhere; }
form.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line);
  padding: .5rem 0; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
form.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .75rem;
  align-items: center; }
form.filters legend { float: left; margin-right: .5rem; font-weight: 650; }
form.filters label { white-space: nowrap; cursor: pointer; }
form.filters select, form.filters button { font: inherit; padding: .15rem .5rem; }
form.filters select { max-width: calc(100vw - 5.5rem); }
button.show-rule { font: inherit; font-size: .85rem; padding: 0 .45rem; white-space: nowrap; }
#filter-status { flex-basis: 100%; margin: 0; color: var(--muted); font-size: .92rem; }
.doc, .finding, #failures { scroll-margin-top: 7.5rem; }
.doc, .panel { overflow-wrap: anywhere; }
.doc { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem;
  margin: .8rem 0; }
.doc.failed { border-left: .3rem solid var(--error); }
.doc.sponsored { border-left: .3rem solid var(--sponsored); }
.doc-head { display: flex; gap: .6rem; align-items: baseline; }
.doc-head .num { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 1.8rem; }
.verdict { margin: .35rem 0 .6rem; }
.verdict .sep { color: var(--muted); padding: 0 .15rem; }
dl.evidence { display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: .3rem .75rem; margin: .4rem 0; }
dl.evidence dt { color: var(--muted); font-size: .92rem; padding-top: .1rem; }
dl.evidence dd { margin: 0; overflow-wrap: anywhere; }
dl.evidence ul { margin: 0; padding-left: 1.1rem; }
img.shot { display: block; max-width: 100%; height: auto; margin: .3rem 0; border: 1px solid var(--line); }
blockquote.excerpt, q.excerpt { quotes: "\\201C" "\\201D"; }
blockquote.excerpt { margin: .15rem 0; padding: .2rem .6rem; border-left: .2rem solid var(--line);
  overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; border-radius: .15rem; padding: 0 .1rem; }
mark.sponsor { background: var(--mark-sponsor); }
ol.findings { list-style: none; margin: .5rem 0 0; padding: 0; }
.finding { border-top: 1px solid var(--line); padding: .55rem 0 .35rem; }
.finding-head { display: flex; flex-wrap: wrap; gap: .2rem .5rem; align-items: baseline; }
.finding-head .where { color: var(--muted); font-variant-numeric: tabular-nums; }
.finding .message { margin: .25rem 0; overflow-wrap: anywhere; }
.finding .fix { margin: .25rem 0; }
.finding .fix strong, .finding .why strong { font-weight: 650; }
details { margin: .25rem 0; }
details summary { cursor: pointer; color: var(--info); }
.references { margin: .25rem 0; padding-left: 1.1rem; }
.shown-count { color: var(--muted); font-size: .9rem; margin-left: auto; white-space: nowrap; }
.silenced { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .88rem; border-top: 1px solid var(--line);
  padding-top: .6rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  h1 { font-size: 1.25rem; }
  .wrap { padding: .6rem .7rem 2rem; }
  .overview { grid-template-columns: minmax(0, 1fr); }
  .tiles { grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .35rem; }
  .tile { padding: .25rem .4rem; }
  .tile dt { font-size: .72rem; line-height: 1.25; }
  .tile dd { font-size: 1.2rem; }
  dl.evidence { grid-template-columns: minmax(0, 1fr); gap: 0 0; }
  dl.evidence dt { padding-top: .4rem; }
  .doc { padding: .6rem .7rem; }
  form.filters { position: static; }
  th.optional, td.optional { display: none; }
}
@media print {
  form.filters, button.show-rule { display: none !important; }
  .doc { break-inside: avoid; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=severity]"));
  var rule = document.getElementById("filter-rule");
  var only = document.getElementById("filter-only");
  var status = document.getElementById("filter-status");

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  function apply() {
    var chosen = {};
    boxes.forEach(function (box) { chosen[box.value] = box.checked; });
    var shown = 0;
    findings.forEach(function (item) {
      var visible = chosen[item.getAttribute("data-severity")] === true &&
        (rule.value === "" || item.getAttribute("data-rule") === rule.value);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    var docsShown = 0;
    docs.forEach(function (doc) {
      var total = doc.querySelectorAll("li.finding").length;
      var visible = doc.querySelectorAll("li.finding:not([hidden])").length;
      var counter = doc.querySelector(".shown-count");
      if (counter) { counter.textContent = visible === total ? "" : visible + " of " + total + " shown"; }
      doc.hidden = only.checked && visible === 0;
      if (!doc.hidden) { docsShown += 1; }
    });
    status.textContent = "Showing " + shown + " of " + plural(findings.length, "finding") + " in " +
      docsShown + " of " + plural(docs.length, "document") + ".";
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = true; });
    rule.value = "";
    only.checked = false;
    apply();
  });
  Array.prototype.slice.call(document.querySelectorAll("button.show-rule")).forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      rule.value = button.getAttribute("data-rule");
      apply();
      form.scrollIntoView();
    });
  });
  form.hidden = false;
  apply();
})();
"""


def csp_hash(block: str) -> str:
    """The CSP source expression that allows exactly this inline block: 'sha256-<base64>'."""
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(style: str = STYLE, script: str = SCRIPT) -> str:
    """Nothing loads or runs but the report's own style and script; no base, form or frame target;
    images only as data: URIs (the chart is inline SVG, which needs none)."""
    return ("default-src 'none'; "
            f"style-src {csp_hash(style)}; script-src {csp_hash(script)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")
