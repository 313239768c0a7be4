"""Crawl-scale runs: the same per-record check driven by existing engines, Dask (dask_run) and
Spark (spark_job), over WARC/ARC archives. No scheduler of our own: one archive is one task, and
the engines place, retry and collect them. checking.py is the only module that touches the
check itself."""
