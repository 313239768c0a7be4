"""The Spark job in local[2] with the machine's OpenJDK: a manifest in, Parquet results equal to a
local run record for record, and the prevalence table equal to the one `check` writes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_process
from tests.test_dask_run import build_archives

pytestmark = pytest.mark.slow


def java_home() -> str | None:
    """JAVA_HOME, Debian's default, or the home of the `java` on PATH (its bin/ folder's parent)."""
    on_path = shutil.which("java")
    resolved = str(Path(on_path).resolve().parent.parent) if on_path else None
    for candidate in (os.environ.get("JAVA_HOME"), "/usr/lib/jvm/default-java", resolved):
        if candidate and (Path(candidate) / "bin" / "java").exists():
            return candidate
    return None


def test_the_spark_job_gives_the_local_results_as_parquet(tmp_path):
    pytest.importorskip("pyspark")
    pq = pytest.importorskip("pyarrow.parquet")
    home = java_home()
    submit = Path(sys.executable).parent / "spark-submit"
    if home is None or not submit.exists():
        pytest.skip("needs Java (default-jre-headless) and pyspark's spark-submit")
    archives = build_archives(tmp_path, count=3, pages_each=10)
    manifest = tmp_path / "warc.paths"
    remote = "https://data.example.test/crawl-data/x.warc.gz"
    manifest.write_text("\n".join(Path(a.path).name for a in archives) + f"\n{remote}\n")
    env = {**os.environ, "JAVA_HOME": home, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    job = subprocess.run([str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                          "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                          str(ROOT / "disclosure_lint" / "crawl" / "spark_job.py"), str(manifest), str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert job.returncode == 0, job.stderr[-3000:]
    summary = json.loads(job.stdout.strip().splitlines()[-1])
    local = run_process("check", "--format", "json", "--warc-list", manifest,
                        "--output", f"prevalence:{tmp_path / 'prevalence.csv'}").json()
    assert summary["results"] == len(local["documents"]) == 3 * 10 + 2  # a corrupt record, the remote line
    tally = local["summary"]["archives"]
    assert (summary["archive_records"], summary["archive_skipped"]) == (tally["records"], tally["skipped"])
    rows = pq.read_table(tmp_path / "out" / "results").to_pylist()
    by_key = {(r["warc_filename"], r["warc_record_offset"], r["source"]): r for r in rows}
    assert len(by_key) == len(rows) == len(local["documents"])
    for document in local["documents"]:
        row = by_key[(document.get("warc_filename"), document.get("warc_record_offset"), document["source"])]
        assert (row["status"], row["sponsored"], row["findings"], row["labels"]) == (
            document["status"], document["sponsored"], document["findings"], document["labels"])
    prevalence = {(r["host"], r["section"]): r for r in pq.read_table(tmp_path / "out" / "prevalence").to_pylist()}
    expected = list(csv.DictReader((tmp_path / "prevalence.csv").open()))
    assert len(prevalence) == len(expected)
    for want in expected:
        got = prevalence[(want["host"], want["section"])]
        for column in ("pages", "checked", "errors", "sponsored", "disclosed", "undisclosed", "unnamed_sponsor",
                       "label_bottom_only"):
            assert got[column] == int(want[column]), (want["host"], want["section"], column)
    shutil.rmtree(tmp_path / "out")
