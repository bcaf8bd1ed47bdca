"""Tables as real spreadsheets (.xlsx, with openpyxl): typed cells, number formats, a frozen
header row, filters, fitting column widths, drop-down lists and the formula guard.

The cells are the same typed values the CSV writer takes (:func:`kvo_rules.core.words.csv_value`):
:class:`~kvo_rules.core.words.Money`, ``Number``, ``Pct``, dates, texts, ints and floats become
numbers and dates in the sheet, each with a number format; the spreadsheet program shows them with
its own locale's separators, the formats below fix only the shape (euro sign, decimals,
day-month-year in Dutch, day/month/year in English).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .model import Lang, Text
from .words import Money, Number, Pct, spreadsheet_cell

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl is imported when a spreadsheet is written, not when a command starts (it takes
# longer to import than the rest of kvo-rules' rendering together).

__all__ = ["NUMBER_FORMATS", "xlsx_bytes"]

NUMBER_FORMATS: dict[Lang, dict[str, str]] = {
    "nl": {
        "money": '"€" #,##0.00',
        "number": "#,##0.##",
        "integer": "#,##0",
        "pct": "0%",
        "date": "dd-mm-yyyy",
    },
    "en": {
        "money": '"€"#,##0.00',
        "number": "#,##0.##",
        "integer": "#,##0",
        "pct": "0%",
        "date": "dd/mm/yyyy",
    },
}
"""Excel number formats per language (the separators follow the reader's locale)."""

_MAX_WIDTH = 60


CellValue = str | int | float | date | None


def _text(value: str) -> str:
    return str(spreadsheet_cell(value))


def _typed(value: object, lang: Lang) -> tuple[CellValue, str | None]:
    """A cell's value as the sheet stores it, and its number format."""
    formats = NUMBER_FORMATS[lang]
    if value is None:
        return None, None
    if isinstance(value, Text):
        return _text(value.get(lang)), None
    if isinstance(value, bool):
        raise TypeError("write booleans through a word, not as a value")
    if isinstance(value, date):
        return value, formats["date"]
    if isinstance(value, Money):
        return value.value, formats["money"]
    if isinstance(value, Number):
        return value.value, formats["number"] if value.decimals else formats["integer"]
    if isinstance(value, Pct):
        return value.value, formats["pct"]
    if isinstance(value, int):
        return value, formats["integer"]
    if isinstance(value, float):
        return value, formats["number"]
    if isinstance(value, list | tuple):
        return _text(", ".join(str(v) for v in value)), None
    return _text(str(value)), None


def _shown_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float | int):
        return len(f"{value:,.2f}") + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fill(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[Iterable[object]], lang: Lang
) -> None:
    from openpyxl.utils import get_column_letter

    sheet.append([_text(h) for h in headers])
    widths = [len(h) for h in headers]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            stored, number_format = _typed(value, lang)
            cell = sheet.cell(row=r, column=c, value=stored)
            if number_format is not None and stored is not None:
                cell.number_format = number_format
            widths[c - 1] = max(widths[c - 1], _shown_width(stored))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, _MAX_WIDTH)


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Iterable[object]],
    lang: Lang,
    *,
    title: str = "kvo-rules",
    choices: Mapping[int, Sequence[str]] | None = None,
) -> bytes:
    """One sheet as an .xlsx file: a frozen header row with filters, columns as wide as their
    content (at most 60), typed cells with ``lang``'s number formats, text cells through the
    formula guard, and for each ``choices`` column (0-based) a drop-down of the given words."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    _fill(sheet, headers, rows, lang)
    last = max(sheet.max_row, 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{sheet.max_row}"
    for column, words in (choices or {}).items():
        letter = get_column_letter(column + 1)
        listed = ",".join(w.replace('"', "'") for w in words)
        check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        check.add(f"{letter}2:{letter}{max(last, 1000)}")
        sheet.add_data_validation(check)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
