"""A batch's records as one table: JSON Lines, CSV in the language's dialect, or .xlsx.

In English the column heads are the records' field names and the flags ``true``/``false`` (the
table other tools have read so far); in Dutch the heads, the area kind and the flags are Dutch
words. The cells are typed, so CSV gets raw numbers in the language's dialect
(:func:`kvo_rules.core.words.write_csv`) and the spreadsheet real numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..core.model import Lang
from ..core.spreadsheet import xlsx_bytes
from ..core.words import Money, Number, write_csv
from .texts import label, vocab

__all__ = [
    "CSV_COLUMNS",
    "DUTCH_COLUMNS",
    "batch_headers",
    "batch_rows",
    "render_csv",
    "render_records",
    "render_xlsx",
]

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


DUTCH_COLUMNS = {
    "source": "bron",
    "ok": "gelukt",
    "area": "gebied",
    "kind": "soort gebied",
    "measures": "maatregelen",
    "one_off_cost": "eenmalig (€)",
    "yearly_cost": "per jaar (€)",
    "horizon_cost": "kosten looptijd (€)",
    "benefit": "baat",
    "optimal": "bewezen optimaal",
    "errors": "fouten",
}
"""The Dutch column heads of :data:`CSV_COLUMNS`."""


def batch_headers(lang: Lang) -> list[str]:
    """The column heads in ``lang`` (English: the field names)."""
    return [DUTCH_COLUMNS[c] for c in CSV_COLUMNS] if lang == "nl" else list(CSV_COLUMNS)


def _flag(value: bool, lang: Lang) -> str:
    return label("yes" if value else "no", lang) if lang == "nl" else str(value).lower()


def batch_rows(records: Iterable[dict[str, Any]], lang: Lang = "en") -> list[list[object]]:
    """One typed row per record: the recommended measures, costs and benefit (or the errors)."""
    rows: list[list[object]] = []
    for r in records:
        if not r["ok"]:
            rows.append([r["source"], _flag(False, lang), *[None] * 8, " | ".join(r["errors"])])
            continue
        res = r["result"]
        pkg = res["recommended"]
        rows.append(
            [
                r["source"],
                _flag(True, lang),
                res["area"],
                vocab("kind", res["kind"], lang) if lang == "nl" else res["kind"],
                " ".join(m["id"] for m in pkg["measures"]),
                Money(pkg["one_off_cost"]),
                Money(pkg["yearly_cost"]),
                Money(pkg["horizon_cost"]),
                Number(pkg["benefit"], 6),
                _flag(bool(res["optimal"]), lang),
                None,
            ]
        )
    return rows


def render_csv(records: Iterable[dict[str, Any]], lang: Lang = "en") -> str:
    """One row per profile in ``lang``'s CSV dialect."""
    return write_csv(batch_headers(lang), batch_rows(records, lang), lang)


def render_xlsx(records: Iterable[dict[str, Any]], lang: Lang = "en") -> bytes:
    """One row per profile as an .xlsx sheet."""
    return xlsx_bytes(batch_headers(lang), batch_rows(records, lang), lang, title="batch")


def render_records(records: list[dict[str, Any]], fmt: str, lang: Lang) -> str | bytes:
    """The whole output file: ``jsonl``, ``csv`` or ``xlsx``."""
    if fmt == "csv":
        return render_csv(records, lang)
    if fmt == "xlsx":
        return render_xlsx(records, lang)
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
