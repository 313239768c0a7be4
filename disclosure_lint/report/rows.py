"""One table row per result, for crawl-scale outputs (Parquet here, Spark's DataFrame in the crawl
job): the JSON contract's document (report.data.document_dict), flattened where a table needs it.
Scalars stay columns of their own, `error` and `body` become `error_kind`, `error_message`,
`body_start_line` and `body_end_line`, lists of labels, sponsors, credits, signals and findings
stay lists of structs, `encoding` stays one struct (null for text given as text), and `outcomes`
becomes a list of (code, outcome) pairs. The row also says
where the page is (host, section) and which prevalence columns it counts in, so the prevalence
report can be summed from the rows (as the Spark job does)."""

from __future__ import annotations

from typing import Any

from disclosure_lint.model import DocumentResult
from disclosure_lint.report.data import document_dict
from disclosure_lint.report.prevalence import page_flags, site_of

_VIEWPORT = (("name", "string"), ("width", "int64"), ("height", "int64"), ("top", "double"),
             ("bottom", "double"), ("font_px", "double"), ("above_fold", "bool"))
# A label's measured prominence (report.data.prominence_dict): one struct, null when not rendered.
_PROMINENCE = {"font_px": "double", "font_weight": "int64", "color": "string", "background": "string",
               "contrast": "double", "contrast_status": "string", "contrast_reason": "string", "visible": "bool",
               "hidden_by": "string", "body_font_px": "double", "viewports": _VIEWPORT, "screenshot": "string"}
_LABEL = (("text", "string"), ("category", "string"), ("position", "string"), ("line", "int64"),
          ("column", "int64"), ("term", "string"), ("strength", "string"), ("language", "string"),
          ("definition", "string"), ("meaning", "string"), ("found_in", "string"), ("certain", "bool"),
          ("why", "strings"), ("score", "double"), ("form", "string"), ("place", "string"), ("party", "string"),
          ("rendered", "bool"), ("prominence", _PROMINENCE))
_SPONSOR = (("name", "string"), ("found_in", "string"), ("line", "int64"))
_CREDIT = (("text", "string"), ("unit", "string"), ("studio", "bool"), ("line", "int64"))
_SIGNAL = (("kind", "string"), ("value", "string"), ("line", "int64"), ("commercial", "bool"))
_FINDING = (("code", "string"), ("name", "string"), ("severity", "string"), ("outcome", "string"),
            ("message", "string"), ("line", "int64"), ("column", "int64"), ("evidence", "string"),
            ("fix", "string"), ("fingerprint", "string"))
_OUTCOME = (("code", "string"), ("outcome", "string"))

# Column name -> type: a scalar type name, a tuple of (field, type) for a list of structs, or a dict
# of field -> type for one struct.
COLUMNS: dict[str, str | tuple] = {
    "source": "string", "status": "string", "error_kind": "string", "error_message": "string",
    "sponsored": "bool", "url": "string", "date": "string", "warc_filename": "string",
    "warc_record_offset": "int64", "warc_record_length": "int64", "host": "string", "section": "string",
    "format": "string", "language": "string", "headline": "string", "headline_line": "int64",
    "body_start_line": "int64", "body_end_line": "int64",
    "encoding": {"name": "string", "declared": "string", "guessed": "bool", "replacements": "int64"},
    "labels": _LABEL, "uncertain": _LABEL, "sponsors": _SPONSOR, "credits": _CREDIT, "signals": _SIGNAL,
    "findings": _FINDING, "silenced": (*_FINDING, ("silenced_by", "string")), "outcomes": _OUTCOME,
    # The prevalence report's definitions, per page (report.prevalence), so a table can be summed.
    "disclosed": "bool", "undisclosed": "bool", "unnamed_sponsor": "bool", "label_bottom_only": "bool",
}


def row(result: DocumentResult) -> dict[str, Any]:
    data = document_dict(result)
    error = data.pop("error") or {}
    body = data.pop("body", None) or {}
    host, section = site_of(result)
    flags = page_flags(result)
    data.update({"error_kind": error.get("kind"), "error_message": error.get("message"), "host": host,
                 "section": section, "body_start_line": body.get("start_line"), "body_end_line": body.get("end_line"),
                 "outcomes": [{"code": code, "outcome": value} for code, value in data.get("outcomes", {}).items()],
                 "disclosed": flags.disclosed, "undisclosed": flags.undisclosed,
                 "unnamed_sponsor": flags.unnamed_sponsor, "label_bottom_only": flags.label_bottom_only})
    return {name: data.get(name, [] if isinstance(kind, tuple) else None) for name, kind in COLUMNS.items()}


def arrow_schema():
    import pyarrow as pa

    def arrow(kind):
        if isinstance(kind, dict):
            return pa.struct([(name, arrow(sub)) for name, sub in kind.items()])
        if isinstance(kind, tuple):
            return pa.list_(pa.struct([(name, arrow(sub)) for name, sub in kind]))
        return {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_(), "double": pa.float64(),
                "strings": pa.list_(pa.string())}[kind]

    return pa.schema([(name, arrow(kind)) for name, kind in COLUMNS.items()])
