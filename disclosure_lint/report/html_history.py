"""The HTML report's "Since the last run" section, when the run was recorded with --history: what
changed against the newest complete run before it (findings new, reopened, fixed, not rechecked;
pages that changed) and a small trend per site over the last runs. It reads what the run's
history (history.hook.RunHistory) computed and only lays it out; every page-derived value is
escaped with the report's esc()."""

from __future__ import annotations

from typing import Any

from disclosure_lint.report.html_report import esc, plural

LISTED = (("new", "New"), ("reopened", "Reopened"), ("fixed", "Fixed"),
          ("not-rechecked", "Not rechecked (the page was not checked this time)"))
CHANGE_WORD = {"added": "added", "removed": "removed", "not-checked": "not checked",
               "became-sponsored": "became sponsored", "stopped-being-sponsored": "no longer sponsored",
               "label-changed": "label changed", "sponsor-changed": "sponsor changed"}
MAX_ROWS = 100  # per list; the full diff is `disclosure-lint history diff`


def history_section(history: Any) -> str:
    if history is None:
        return ""
    diff = history.since_last()
    runs, trends = history.trends()
    out = ['<section id="history" aria-labelledby="history-title">\n'
           '<h2 id="history-title">Since the last run</h2>\n']
    if diff is None:
        out.append('<p class="meta">This is the first complete run in the history file; the next run is '
                   "compared with it.</p>\n")
    else:
        out.append(_diff(diff.as_dict(unchanged=False)))
    out.append(_trends(runs, trends))
    out.append("</section>\n")
    return "".join(out)


def _diff(data: dict[str, Any]) -> str:
    base = data["base"]
    out = [f'<p class="meta">Compared with run {esc(base["id"])}'
           f'{" (" + esc(base["label"]) + ")" if base["label"] else ""}, started {esc(base["started_at"])}. '
           "The full comparison: <code>disclosure-lint history diff</code>.</p>\n"]
    for note in data["notes"]:
        out.append(f'<p class="note"><strong>Note:</strong> {esc(note)}</p>\n')
    counts = data["counts"]["findings"]
    out.append('<dl class="tiles">\n')
    for state, word in (*LISTED[:3], ("unchanged", "Unchanged"), ("not-rechecked", "Not rechecked")):
        out.append(f'<div class="tile" data-history="{esc(state)}"><dt>{esc(word)}</dt>'
                   f"<dd>{counts[state]}</dd></div>\n")
    out.append("</dl>\n")
    for state, word in LISTED:
        rows = [f for f in data["findings"] if f["state"] == state]
        if not rows:
            continue
        out.append(f'<div class="panel" id="history-{esc(state)}"><h3>{esc(word)} ({len(rows)})</h3><ul>\n')
        for f in rows[:MAX_ROWS]:
            out.append(f'<li><strong>{esc(f["source"])}</strong>:{max(int(f["line"]), 1)} '
                       f'<span class="badge {esc(f["severity"])}">{esc(f["severity"])}</span> '
                       f'<code>{esc(f["code"])}</code> {esc(f["name"])}: {esc(f["message"])}</li>\n')
        if len(rows) > MAX_ROWS:
            out.append(f'<li class="meta">and {plural(len(rows) - MAX_ROWS, "more")}</li>\n')
        out.append("</ul></div>\n")
    pages = data["pages"]
    if pages:
        out.append(f'<div class="panel" id="history-pages"><h3>Pages that changed ({len(pages)})</h3>\n'
                   '<table><thead><tr><th>Change</th><th>Page</th><th>Before</th><th>After</th></tr></thead><tbody>\n')
        for p in pages[:MAX_ROWS]:
            out.append(f'<tr data-change="{esc(p["change"])}"><td>{esc(CHANGE_WORD.get(p["change"], p["change"]))}</td>'
                       f'<td>{esc(p["source"])}</td><td>{esc(p["before"])}</td><td>{esc(p["after"])}</td></tr>\n')
        out.append("</tbody></table>\n")
        if len(pages) > MAX_ROWS:
            out.append(f'<p class="meta">and {plural(len(pages) - MAX_ROWS, "more page")}</p>\n')
        out.append("</div>\n")
    return "".join(out)


def _trends(runs: list[Any], trends: dict[str, list[dict[str, int]]]) -> str:
    if not trends:
        return ""
    names = [f"#{run.id}" for run in runs]
    out = [f'<div class="panel" id="history-trend"><h3>Trend per site (last {plural(len(runs), "run")})</h3>\n'
           '<p class="meta">Violations per run, oldest first; then this run\'s pages, sponsored pages and '
           "violations.</p>\n<table><thead><tr><th>Site</th><th>Violations per run</th><th class=\"num\">Pages</th>"
           '<th class="num">Sponsored</th><th class="num">Violations</th></tr></thead><tbody>\n']
    for site, points in trends.items():
        values = [point["violations"] for point in points]
        last = points[-1]
        out.append(f'<tr><td>{esc(site) if site else "files"}</td><td>{_spark(values, names)}</td>'
                   f'<td class="num">{last["pages"]}</td><td class="num">{last["sponsored"]}</td>'
                   f'<td class="num">{last["violations"]}</td></tr>\n')
    out.append("</tbody></table></div>\n")
    return "".join(out)


def _spark(values: list[int], names: list[str]) -> str:
    """A small line of the values (numbers only), with the figures as its accessible name."""
    width, height, step = 120, 24, 120 / max(len(values) - 1, 1)
    top = max(values) or 1
    points = " ".join(f"{round(i * step, 1)},{round(height - 2 - (height - 4) * v / top, 1)}"
                      for i, v in enumerate(values))
    label = ", ".join(f"{name}: {value}" for name, value in zip(names, values, strict=True))
    return (f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img"><title>{esc(label)}</title>'
            f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"/></svg> '
            f'<span class="meta">{esc(" → ".join(str(v) for v in values))}</span>')
