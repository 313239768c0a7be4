"""`prevalence`: the prevalence table (report.prevalence) per host and URL section, written when the
run ends: CSV, or Parquet when the file name ends in .parquet. Columns: host, section ("*" is the
host's total), the page counts, then one column per rule that ran (pages with its findings).
Hosts and sections come from pages: cells are made visible, and one that a spreadsheet would run
as a formula is quoted with a leading apostrophe."""

from __future__ import annotations

import csv
from typing import TextIO

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.escape import visible
from disclosure_lint.report.prevalence import COLUMNS
from disclosure_lint.report.summary import Summary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PrevalenceReport:
    def __init__(self, stream: TextIO, info=None):
        self.stream = stream
        self.codes = sorted({rule["code"] for rule in (info.rules if info else ())})
        self.parquet = str(getattr(stream, "name", "")).lower().endswith(".parquet")
        if self.parquet:
            from disclosure_lint.report.parquet import binary_file, need_pyarrow

            self.target = binary_file(stream, "prevalence")
            self.pa = need_pyarrow("prevalence (.parquet)")

    def start(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        pass  # Summary.add counts every result into summary.prevalence

    def finish(self, summary: Summary) -> None:
        seen = {code for counts in summary.prevalence.sites.values() for code in counts.rules}
        codes = sorted(set(self.codes) | seen)
        rows = summary.prevalence.rows(codes)
        header = ["host", "section", *COLUMNS, *codes]
        if self.parquet:
            import pyarrow.parquet as pq

            schema = self.pa.schema([(name, self.pa.string() if name in ("host", "section") else self.pa.int64())
                                     for name in header])
            pq.write_table(self.pa.Table.from_pylist(rows, schema=schema), self.target)
            self.target.flush()
            return
        writer = csv.writer(self.stream, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row[name]) for name in header])
        self.stream.flush()


def cell(value) -> str:
    if not isinstance(value, str):
        return str(value)
    text = visible(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
