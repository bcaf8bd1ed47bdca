"""A batch's records as one table: JSON Lines, CSV in the language's dialect, or .xlsx.

The column heads are the records' field names (a stable contract for other tools, the same in
both languages); the cells are typed, so CSV gets raw numbers in the language's dialect
(:func:`kvo_rules.core.words.write_csv`) and the spreadsheet real numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..core.model import Lang
from ..core.spreadsheet import xlsx_bytes
from ..core.words import Money, Number, write_csv

__all__ = ["CSV_COLUMNS", "batch_rows", "render_csv", "render_records", "render_xlsx"]

CSV_COLUMNS = [
    "source",
    "ok",
    "area",
    "kind",
    "measures",
    "one_off_cost",
    "yearly_cost",
    "horizon_cost",
    "benefit",
    "optimal",
    "errors",
]


def batch_rows(records: Iterable[dict[str, Any]]) -> list[list[object]]:
    """One typed row per record: the recommended measures, costs and benefit (or the errors)."""
    rows: list[list[object]] = []
    for r in records:
        if not r["ok"]:
            rows.append([r["source"], "false", *[None] * 8, " | ".join(r["errors"])])
            continue
        res = r["result"]
        pkg = res["recommended"]
        rows.append(
            [
                r["source"],
                "true",
                res["area"],
                res["kind"],
                " ".join(m["id"] for m in pkg["measures"]),
                Money(pkg["one_off_cost"]),
                Money(pkg["yearly_cost"]),
                Money(pkg["horizon_cost"]),
                Number(pkg["benefit"], 6),
                str(res["optimal"]).lower(),
                None,
            ]
        )
    return rows


def render_csv(records: Iterable[dict[str, Any]], lang: Lang = "en") -> str:
    """One row per profile in ``lang``'s CSV dialect."""
    return write_csv(CSV_COLUMNS, batch_rows(records), lang)


def render_xlsx(records: Iterable[dict[str, Any]], lang: Lang = "en") -> bytes:
    """One row per profile as an .xlsx sheet."""
    return xlsx_bytes(CSV_COLUMNS, batch_rows(records), lang, title="batch")


def render_records(records: list[dict[str, Any]], fmt: str, lang: Lang) -> str | bytes:
    """The whole output file: ``jsonl``, ``csv`` or ``xlsx``."""
    if fmt == "csv":
        return render_csv(records, lang)
    if fmt == "xlsx":
        return render_xlsx(records, lang)
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
