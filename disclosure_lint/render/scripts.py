"""The scripts run inside a rendered page. They run in an isolated world of their own (the page's
DOM, not its JavaScript globals), so a page script that replaces built-ins or listens for calls
cannot see or change what they measure."""

from __future__ import annotations

import json

# Resolves once the DOM has been quiet for `quiet` ms, or after `most` ms whatever the page does:
# a bounded settle after the load event, never "network idle" (a page can keep a socket busy forever).
SETTLE = """((quiet, most) => new Promise(done => {
  const start = performance.now();
  let last = start;
  const watch = new MutationObserver(() => { last = performance.now(); });
  watch.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  const tick = () => {
    const now = performance.now();
    if (now - last >= quiet || now - start >= most) { watch.disconnect(); done(Math.round(now - start)); }
    else setTimeout(tick, 20);
  };
  setTimeout(tick, 20);
}))"""

# Numbers every element of the body in document order and returns the DOM as HTML: extraction reads
# that HTML, and a label's element is found again by its number. One synchronous call, so no page
# script runs between numbering and serialising.
SERIALISE = """(() => {
  let n = 0;
  for (const el of document.querySelectorAll('body, body *')) el.setAttribute('data-dl-n', String(n++));
  return (document.doctype ? '<!DOCTYPE html>\\n' : '') + document.documentElement.outerHTML;
})()"""

# Two animation frames: layout and paint have caught up with a viewport change.
FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

# Finds each label's text inside its numbered element (whitespace ignored, the nth occurrence) and
# measures it: the box of the text itself, the computed style of the element holding its first
# character, and whether a reader can see it. Also the font size of the article's body text.
MEASURE = r"""((specs, bodyIds) => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const scale = (window.visualViewport && window.visualViewport.scale) || 1;
  const byNumber = n => document.querySelector('[data-dl-n="' + n + '"]');
  const squeezed = root => {
    const text = [], where = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let skip = false;
      for (let p = node.parentElement; p && p !== root.parentElement; p = p.parentElement) {
        if (SKIP.has(p.tagName)) { skip = true; break; }
      }
      if (skip) continue;
      const value = node.nodeValue;
      for (let i = 0; i < value.length; i++) {
        if (!/\s/.test(value[i])) { text.push(value[i]); where.push([node, i]); }
      }
    }
    return [text.join(''), where];
  };
  const find = (text, needle, nth) => {
    let at = -1;
    for (let k = 0; k <= nth; k++) {
      const next = text.indexOf(needle, at + 1);
      if (next < 0) return k === 0 ? -1 : at;
      at = next;
    }
    return at;
  };
  const alpha = color => {
    const m = /rgba?\(([^)]*)\)/.exec(color || '');
    if (!m) return 1;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };
  const hiddenBy = (el, box) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none') return 'display: none';
      if (s.visibility === 'hidden' || s.visibility === 'collapse') return 'visibility: hidden';
      if (parseFloat(s.opacity) === 0) return 'opacity: 0';
      if (s.overflow !== 'visible' || s.clip !== 'auto' || s.clipPath !== 'none') {
        const r = e.getBoundingClientRect();
        if (r.width < 2 || r.height < 2) {
          return 'clipped to a box of ' + Math.round(r.width) + ' x ' + Math.round(r.height) + ' px';
        }
      }
    }
    if (!box || box.width < 1 || box.height < 1) return 'it takes no space on the page';
    const s = getComputedStyle(el);
    if (parseFloat(s.fontSize) < 1) return 'a font size of 0';
    if (alpha(s.color) === 0) return 'transparent text';
    if (box.right + window.scrollX <= 0 || box.bottom + window.scrollY <= 0) return 'placed outside the page';
    return '';
  };
  const labels = specs.map((spec, k) => {
    const root = byNumber(spec.element);
    if (!root) return {found: false};
    const [text, where] = squeezed(root);
    let at = find(text, spec.needle, spec.nth);
    if (at < 0) at = find(text.toLowerCase(), spec.needle.toLowerCase(), spec.nth);
    if (at < 0) return {found: false};
    const [startNode, startOffset] = where[at];
    const [endNode, endOffset] = where[Math.min(at + spec.needle.length, where.length) - 1];
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset + 1);
    const box = range.getBoundingClientRect();
    const host = startNode.parentElement;
    host.setAttribute('data-dl-label', String(k));
    const style = getComputedStyle(host);
    return {
      found: true,
      top: box.top + window.scrollY, left: box.left + window.scrollX, width: box.width, height: box.height,
      font_px: parseFloat(style.fontSize), weight: parseInt(style.fontWeight, 10) || 400, color: style.color,
      hidden_by: hiddenBy(host, box),
    };
  });
  let sizes = [];
  for (const n of bodyIds) {
    const el = byNumber(n);
    if (el) sizes.push([parseFloat(getComputedStyle(el).fontSize), (el.textContent || '').length]);
  }
  sizes = sizes.filter(([size, weight]) => size > 0 && weight > 0).sort((a, b) => a[0] - b[0]);
  let body = null, half = sizes.reduce((sum, [, w]) => sum + w, 0) / 2;
  for (const [size, weight] of sizes) { half -= weight; if (half <= 0) { body = size; break; } }
  return {labels, body_font_px: body, scale, width: window.innerWidth, height: window.innerHeight,
          page_height: document.documentElement.scrollHeight};
})"""

# axe-core's color-contrast rule on the labels' elements only; per label the first result node that
# is the element or inside it: pass, fail (a violation) or incomplete (axe could not decide), with
# the colours, the ratio and, when incomplete, axe's reason.
CONTRAST = r"""(async (count) => {
  const include = [];
  for (let k = 0; k < count; k++) {
    if (document.querySelector('[data-dl-label="' + k + '"]')) include.push(['[data-dl-label="' + k + '"]']);
  }
  if (!include.length) return [];
  const results = await axe.run({include}, {runOnly: {type: 'rule', values: ['color-contrast']}, elementRef: true});
  const kinds = [['fail', results.violations], ['incomplete', results.incomplete], ['pass', results.passes]];
  const out = [];
  for (let k = 0; k < count; k++) {
    const el = document.querySelector('[data-dl-label="' + k + '"]');
    let found = null;
    for (const [status, list] of kinds) {
      for (const rule of list) {
        for (const node of rule.nodes) {
          if (!found && el && node.element && (node.element === el || el.contains(node.element))) {
            const check = (node.any || [])[0] || {};
            const data = check.data || {};
            found = {status, ratio: data.contrastRatio || null, fg: data.fgColor || null, bg: data.bgColor || null,
                     expected: data.expectedContrastRatio || null, reason: data.messageKey || '',
                     message: check.message || ''};
          }
        }
      }
    }
    out.push(found || {status: 'not-applicable'});
  }
  return out;
})"""


def call(function: str, *args: object) -> str:
    """An expression calling one of the functions above with JSON arguments."""
    return f"({function})({', '.join(json.dumps(a) for a in args)})"
