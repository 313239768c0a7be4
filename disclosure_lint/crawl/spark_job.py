"""The check as a PySpark job, in the layout of Common Crawl's cc-pyspark examples: a manifest of
WARC/ARC paths in, `mapPartitions` over the archives (each partition reads its archives one
record at a time), one row per result out as Parquet, and the prevalence table beside it.

    spark-submit --master local[2] disclosure_lint/crawl/spark_job.py \\
        warc.paths.gz out/ --warc-base /data/commoncrawl [--profile eu] [--partitions 64]

writes out/results/ (report.rows: the JSON document, flattened) and out/prevalence/ (per host and
URL section, "*" for the host's totals), and prints a summary line of JSON whose records equal
results plus skipped. The checker is built once, in the driver, and broadcast: each Python worker
unpickles it once. Paths are local (or on a file system every executor mounts at the same place);
remote entries are errors, as in `check --warc-list`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator

from disclosure_lint.report.prevalence import ALL_SECTIONS, COLUMNS
from disclosure_lint.report.rows import COLUMNS as ROW_COLUMNS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="spark_job.py", description="Check WARC/ARC archives on Spark.")
    parser.add_argument("manifest", help="archive paths, one per line (.gz allowed, like warc.paths.gz)")
    parser.add_argument("output", help="folder for results/ and prevalence/ (Parquet)")
    parser.add_argument("--warc-base", default=None, help="folder the manifest's relative paths are under "
                                                          "(default: the manifest's folder)")
    parser.add_argument("--partitions", type=int, default=None, help="input partitions (default: one per archive)")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--rules-dir", action="append", default=[])
    return parser.parse_args(argv)


def build_checker(options: argparse.Namespace):
    from disclosure_lint.cli import build_parser
    from disclosure_lint.config import resolve
    from disclosure_lint.crawl.checking import checker_for

    args = ["check", "x", *(("--profile", options.profile) if options.profile else ())]
    for folder in options.rules_dir:
        args += ["--rules-dir", folder]
    return checker_for(resolve(build_parser().parse_args(args)))


def check_partition(lines: Iterable[str], checker, base: str | None, counters) -> Iterator[dict]:
    """mapPartitions: every manifest line of the partition to its result rows."""
    from disclosure_lint.crawl.checking import check_archive
    from disclosure_lint.pipeline import error_result
    from disclosure_lint.report.rows import row
    from disclosure_lint.sources.warc import Archive
    from disclosure_lint.sources.warclist import entry

    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        item = entry(line, "manifest", base or ".")
        if not isinstance(item, Archive):
            yield row(error_result(item))
            continue
        outcome = check_archive(checker.value, item)
        counters.add(outcome.tally)
        yield from (row(result) for result in outcome.results)


def spark_schema():
    from pyspark.sql.types import ArrayType, BooleanType, DoubleType, LongType, StringType, StructField, StructType

    def spark_type(kind):
        if isinstance(kind, dict):
            return StructType([StructField(name, spark_type(sub)) for name, sub in kind.items()])
        if isinstance(kind, tuple):
            return ArrayType(StructType([StructField(name, spark_type(sub)) for name, sub in kind]))
        return {"string": StringType(), "int64": LongType(), "bool": BooleanType(), "double": DoubleType(),
                "strings": ArrayType(StringType())}[kind]

    return StructType([StructField(name, spark_type(kind)) for name, kind in ROW_COLUMNS.items()])


def prevalence(results):
    """The prevalence table from the rows, as report.prevalence counts it: per (host, section) and
    per host ("*")."""
    from pyspark.sql import functions as F

    flags = [F.coalesce(F.sum(F.col(name).cast("long")), F.lit(0)).alias(name)
             for name in ("sponsored", "disclosed", "undisclosed", "unnamed_sponsor", "label_bottom_only")]
    counts = [F.count(F.lit(1)).alias("pages"), F.sum((F.col("status") == "checked").cast("long")).alias("checked"),
              F.sum((F.col("status") != "checked").cast("long")).alias("errors"), *flags]
    by_section = results.groupBy("host", "section").agg(*counts)
    by_host = results.groupBy("host").agg(*counts).withColumn("section", F.lit(ALL_SECTIONS))
    table = by_host.unionByName(by_section.where(F.col("section") != ALL_SECTIONS))
    return table.select("host", "section", *COLUMNS).orderBy(F.col("host"), (F.col("section") != ALL_SECTIONS),
                                                             F.col("section"))


def main(argv: list[str] | None = None) -> int:
    from pyspark import AccumulatorParam
    from pyspark.sql import SparkSession

    from disclosure_lint.sources.warc import ArchiveTally

    class TallyParam(AccumulatorParam):
        def zero(self, value):
            return ArchiveTally()

        def addInPlace(self, one, other):
            one.merge(other)
            return one

    options = parse_args(argv)
    spark = SparkSession.builder.appName("disclosure-lint").getOrCreate()
    context = spark.sparkContext
    checker = context.broadcast(build_checker(options))
    counters = context.accumulator(ArchiveTally(), TallyParam())
    base = options.warc_base
    if base is None:
        import os
        base = os.path.dirname(os.path.abspath(options.manifest))
    lines = context.textFile(options.manifest)
    partitions = options.partitions or max(1, lines.count())
    rows = lines.repartition(partitions).mapPartitions(lambda part: check_partition(part, checker, base, counters))
    results = spark.createDataFrame(rows, schema=spark_schema()).cache()
    results.write.mode("overwrite").parquet(f"{options.output}/results")
    prevalence(results).write.mode("overwrite").parquet(f"{options.output}/prevalence")
    tally = counters.value
    summary = {"results": results.count(), **{f"archive_{k}": v for k, v in tally.as_dict().items()}}
    sys.stdout.write(json.dumps(summary) + "\n")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
