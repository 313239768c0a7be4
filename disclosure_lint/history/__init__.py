"""Audit history: every run of `check --history FILE` kept in SQLite (runs, pages, findings; never
page bodies), compared by the content-keyed fingerprints of policy.fingerprint. schema opens and
migrates the file, record writes a run as its results arrive, queries reads runs and timelines,
diff compares two runs, export and views turn them into files and reports."""
