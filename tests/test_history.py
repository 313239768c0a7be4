"""Audit history over real SQLite files: three runs over a site edited between them (files in a
tmp folder and one page served from 127.0.0.1 that stalls in the second run), and every category
of the diff with the right pages and findings."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.history_site import StallingSite, write_month


@pytest.fixture
def site():
    server = StallingSite()
    yield server
    server.stop()


@pytest.fixture
def audits(tmp_path, site, cli, monkeypatch):
    """Three monthly runs recorded in tmp_path/audit.db; in month 2 the served page stalls."""
    monkeypatch.chdir(tmp_path)
    codes = []
    for month in (1, 2, 3):
        write_month(tmp_path / "site", month)
        site.stall = month == 2
        result = cli("check", "site", site.url, "--history", "audit.db", "--run-label", f"m{month}", "--jobs", "1",
                     "--timeout", "1", "--retries", "0", "--ignore-robots", "--format", "json")
        codes.append(result.code)
    assert site.stalled.is_set()
    return tmp_path, site, codes


def diff(cli, *args):
    result = cli("history", "diff", "--db", "audit.db", "--format", "json", *args)
    assert result.code == 0, result.stderr
    return result.json()


def states(data, state):
    return sorted((f["source"], f["code"]) for f in data["findings"] if f["state"] == state)


def changes(data, change):
    return sorted(p["source"] for p in data["pages"] if p["change"] == change)


def test_runs_are_listed_complete_with_their_pages_and_findings(audits, cli):
    _, _, codes = audits
    assert codes == [1, 3, 1]  # month 2: the stalled page could not be checked
    result = cli("history", "runs", "--db", "audit.db", "--format", "json")
    runs = result.json()["runs"]
    assert [(r["id"], r["label"], r["state"], r["pages"]) for r in runs] == [
        (1, "m1", "complete", 5), (2, "m2", "complete", 5), (3, "m3", "complete", 5)]
    assert runs[0]["findings"] == 4  # DL201 on a, d and the served page; DL301 on b
    assert all(r["summary"]["documents"] == 5 for r in runs)


def test_second_run_shows_fixed_new_unchanged_and_a_timeout_as_not_checked(audits, cli):
    _, site, _ = audits
    data = diff(cli, "--base", "m1", "m2", "--unchanged")
    assert states(data, "fixed") == [("site/a.html", "DL201")]
    assert states(data, "new") == [("site/c.html", "DL201")]
    assert states(data, "unchanged") == [("site/b.md", "DL301")]
    # the stalled page and the page taken down: their findings are not fixed, only not rechecked
    assert states(data, "not-rechecked") == sorted([("site/d.html", "DL201"), (site.url, "DL201")])
    assert states(data, "reopened") == []
    assert changes(data, "not-checked") == [site.url]
    assert [p["after"] for p in data["pages"] if p["change"] == "not-checked"] == ["error: timeout"]
    assert changes(data, "removed") == ["site/d.html"]
    assert changes(data, "added") == ["site/e.html"]
    assert changes(data, "became-sponsored") == ["site/c.html"]
    assert changes(data, "sponsor-changed") == ["site/a.html"]
    assert changes(data, "label-changed") == ["site/a.html", "site/c.html"]
    assert changes(data, "stopped-being-sponsored") == []
    sponsor = next(p for p in data["pages"] if p["change"] == "sponsor-changed")
    assert (sponsor["before"], sponsor["after"]) == ("none named", "Northwind Energy")
    assert data["counts"]["findings"] == {"new": 1, "reopened": 0, "unchanged": 1, "fixed": 1, "not-rechecked": 2}
    assert data["notes"] == []


def test_third_run_reopens_a_finding_and_the_page_back_from_a_timeout_is_not_new(audits, cli):
    _, site, _ = audits
    data = diff(cli, "m3", "--unchanged")  # base: the newest complete run before it, m2
    assert data["base"]["label"] == "m2"
    assert states(data, "reopened") == [("site/a.html", "DL201")]
    assert states(data, "fixed") == [("site/c.html", "DL201")]
    assert states(data, "new") == []
    # seen in m1, not checked in m2: the finding is the same as before the timeout
    assert states(data, "unchanged") == sorted([("site/b.md", "DL301"), (site.url, "DL201")])
    assert changes(data, "stopped-being-sponsored") == ["site/c.html"]
    assert changes(data, "not-checked") == []


def test_diff_since_a_date_and_a_change_of_rules_or_version_is_stated_first(audits, cli):
    tmp_path, site, _ = audits
    db = sqlite3.connect(tmp_path / "audit.db")
    for run, month in ((1, "10"), (2, "11"), (3, "12")):
        db.execute("UPDATE runs SET started_at = ? WHERE id = ?", (f"2026-{month}-01T09:00:00+00:00", run))
    db.execute("UPDATE runs SET rules_digest = '0000', tool_version = '0.0.1' WHERE id = 1")
    db.commit()
    db.close()
    data = diff(cli, "--since", "2026-10-15", "m3", "--unchanged")
    assert data["base"]["id"] == 1
    assert states(data, "unchanged") == sorted([("site/a.html", "DL201"), ("site/b.md", "DL301"), (site.url, "DL201")])
    assert states(data, "not-rechecked") == [("site/d.html", "DL201")]
    assert diff(cli, "--since", "2026-11-15")["base"]["id"] == 2
    rich = cli("history", "diff", "--db", "audit.db", "--since", "2026-10-15")
    lines = rich.stdout.splitlines()
    assert lines[0] == ("Changes from #1 (m1), 2026-10-01T09:00:00+00:00 to #3 (m3), 2026-12-01T09:00:00+00:00")
    assert lines[1].startswith("note: disclosure-lint changed between the runs: 0.0.1 -> ")
    assert lines[2].startswith("note: the rules in force changed between the runs (rules digest 0000 -> ")
    early = cli("history", "diff", "--db", "audit.db", "--since", "2026-09-01")
    assert early.code == 2 and "no complete run started before 2026-09-01" in early.stderr


def test_page_timeline_shows_each_run(audits, cli):
    _, site, _ = audits
    result = cli("history", "page", "--db", "audit.db", site.url, "--format", "json")
    runs = result.json()["runs"]
    assert [(r["run"], r["status"], r["error_kind"], [f["code"] for f in r["findings"]]) for r in runs] == [
        (1, "checked", None, ["DL201"]), (2, "error", "timeout", []), (3, "checked", None, ["DL201"])]
    rich = cli("history", "page", "--db", "audit.db", site.url)
    assert "not checked (timeout)" in rich.stdout


def test_fail_on_new_fails_only_for_findings_new_since_the_base_run(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_month(tmp_path / "site", 1)
    args = ("check", "site", "--history", "audit.db", "--jobs", "1", "--format", "json")
    assert cli(*args).code == 1
    assert cli(*args, "--fail-on-new").code == 0  # same findings as the base run
    (tmp_path / "site" / "c.html").write_text((tmp_path / "site" / "a.html").read_text())
    assert cli(*args, "--fail-on-new").code == 1  # c.html is new
    assert cli(*args, "--fail-on-new").code == 0
    assert cli("check", "site", "--fail-on-new").code == 2


def test_export_json_csv_and_sarif_with_baseline_state(audits, cli):
    tmp_path, site, _ = audits
    exported = cli("history", "export", "--db", "audit.db", "m2", "--format", "json").json()
    assert [p["source"] for p in exported["pages"]] == ["site/a.html", "site/b.md", "site/c.html", "site/e.html",
                                                         site.url]
    assert all("text" not in p and "body" not in p for p in exported["pages"])
    assert exported["pages"][4]["error_kind"] == "timeout"
    assert cli("history", "export", "--db", "audit.db", "m2", "--format", "csv", "-o", "m2.csv").code == 0
    rows = (tmp_path / "m2.csv").read_text().splitlines()
    assert rows[0].startswith("run,started_at,source") and len(rows) == 1 + 5  # one finding or page per row
    sarif = cli("history", "export", "--db", "audit.db", "m2", "--format", "sarif").json()
    states_ = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["baselineState"])
                     for r in sarif["runs"][0]["results"])
    assert states_ == [("site/a.html", "absent"), ("site/b.md", "unchanged"), ("site/c.html", "new")]


def test_prune_keeps_the_newest_runs(audits, cli):
    result = cli("history", "prune", "--db", "audit.db", "--keep", "1")
    assert result.code == 0 and result.stdout == "deleted 2 runs: #1, #2\n"
    runs = cli("history", "runs", "--db", "audit.db", "--format", "json").json()["runs"]
    assert [r["label"] for r in runs] == ["m3"]
    tmp_path = audits[0]
    db = sqlite3.connect(tmp_path / "audit.db")
    assert db.execute("SELECT count(*) FROM pages WHERE run_id != 3").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM findings WHERE run_id != 3").fetchone()[0] == 0
    assert cli("history", "prune", "--db", "audit.db", "--older-than", "1").stdout == "deleted 0 runs\n"


def test_html_report_shows_since_the_last_run_and_a_trend_per_site(audits, cli):
    tmp_path, site, _ = audits
    write_month(tmp_path / "site", 2)
    hostile = "<img src=x onerror=alert(1)>.html"
    (tmp_path / "site" / hostile).write_text((tmp_path / "site" / "c.html").read_text())
    site.stall = True
    result = cli("check", "site", site.url, "--history", "audit.db", "--jobs", "1", "--timeout", "1",
                 "--retries", "0", "--ignore-robots", "-o", "html:report.html", "--format", "json")
    assert result.code == 3
    page = (tmp_path / "report.html").read_text()
    section = page[page.index('<section id="history"'):]
    section = section[:section.index("</section>")]
    assert "Compared with run 3 (m3)" in section
    assert '<div class="tile" data-history="new"><dt>New</dt><dd>1</dd>' in section
    assert '<div class="tile" data-history="reopened"><dt>Reopened</dt><dd>1</dd>' in section  # c.html, as in m2
    assert "<img" not in section and "site/&lt;img src=x onerror=alert(1)&gt;.html" in section
    assert '<tr data-change="not-checked"><td>not checked</td><td>' + site.url in section
    assert "<title>#1: 3, #2: 2, #3: 2, #4: 3</title>" in section  # files: violations per run
    assert "<title>#1: 1, #2: 0, #3: 1, #4: 0</title>" in section  # 127.0.0.1


def test_database_holds_no_page_text(audits):
    tmp_path = audits[0]
    raw = (tmp_path / "audit.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("audit.db-*") if p.is_file())
    assert b"reaffirmed its support" not in raw
    assert os.path.getsize(tmp_path / "audit.db") > 0


def test_page_text_in_history_output_is_made_harmless(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_month(tmp_path / "site", 1)
    args = ("check", "site", "--history", "audit.db", "--jobs", "1", "--format", "json")
    assert cli(*args).code == 1
    hostile = tmp_path / "site" / "evil\x1b[2J::error title=x::@team www.example.com <b>.html"
    hostile.write_text((tmp_path / "site" / "a.html").read_text())
    assert cli(*args).code == 1
    rich = cli("history", "diff", "--db", "audit.db", "--fail-on-new")
    assert rich.code == 1  # the new page's finding is new
    assert "\x1b" not in rich.stdout and "evil\\x1b[2J" in rich.stdout
    markdown = cli("history", "diff", "--db", "audit.db", "--format", "markdown").stdout
    assert "\x1b" not in markdown and "<b>" not in markdown and "@team" not in markdown
    assert "&#64;team" in markdown and "www&#46;example" in markdown
    as_json = cli("history", "diff", "--db", "audit.db", "--format", "json")
    assert "<b>" not in as_json.stdout
    assert any(f["source"].startswith("site/evil\x1b[2J") for f in as_json.json()["findings"])
    page = cli("history", "page", "--db", "audit.db", str(hostile.relative_to(tmp_path)))
    assert "\x1b" not in page.stdout and "#2" in page.stdout
    assert cli("history", "diff", "--db", "audit.db", "--fail-on-new", "--base", "2").code == 0
