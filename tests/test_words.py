"""The one formatting layer (core/words.py, on Babel) and the one CSV dialect per language."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from kvo_rules.cli import main
from kvo_rules.core.model import Lang, Text
from kvo_rules.core.spreadsheet import xlsx_bytes
from kvo_rules.core.words import (
    MONTHS,
    Money,
    Number,
    Pct,
    csv_value,
    format_date,
    format_decimal,
    format_euro,
    format_money,
    format_number,
    format_pct,
    raw_number,
    write_csv,
)

from .conftest import ROOT

DARK = str(ROOT / "examples" / "business_park_dark.yaml")


@pytest.mark.parametrize(
    ("lang", "money", "euro", "number", "grouped", "decimal", "pct", "day"),
    [
        ("nl", "12.500", "€ 12.500", "10,1", "1.234,5", "72000,00", "30%", "1 maart 2028"),
        ("en", "12,500", "€12,500", "10.1", "1,234.5", "72000.00", "30%", "1 March 2028"),
    ],
)
def test_numbers_money_percentages_and_dates_as_each_language_writes_them(
    lang: Lang,
    money: str,
    euro: str,
    number: str,
    grouped: str,
    decimal: str,
    pct: str,
    day: str,
) -> None:
    assert format_money(12500.4, lang) == money
    assert format_euro(12500, lang) == euro
    assert format_number(10.09, lang) == number
    assert format_number(1234.5, lang) == grouped
    assert format_decimal(72000, lang) == decimal
    assert format_pct(0.3, lang) == pct
    assert format_date(date(2028, 3, 1), lang) == day


def test_edge_cases_of_the_formatting() -> None:
    assert format_money(None, "nl") == "-" and format_euro(None, "en") == "-"
    assert format_number(-0.01, "nl") == "0"  # never "-0"
    assert format_number(2.0, "nl", 2) == "2"  # trailing zeros dropped
    assert format_pct(0.999, "nl", floor=True) == "99%"
    assert format_decimal(72000.5, "nl", grouped=True) == "72.000,50"
    assert MONTHS["nl"][0] == "januari" and MONTHS["en"][11] == "December"


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (Money(55000.0), "55000", "55000"),
        (Money(52600.5), "52600,5", "52600.5"),
        (Money(None), "", ""),
        (Number(29.2749, 2), "29,27", "29.27"),
        (29.27, "29,27", "29.27"),
        (3, "3", "3"),
        (Pct(0.3), "30%", "30%"),
        (date(2025, 9, 1), "2025-09-01", "2025-09-01"),
        (Text(nl="straat", en="street"), "straat", "street"),
        (["a", "b"], "a, b", "a, b"),
        (None, "", ""),
    ],
)
def test_a_csv_cell_is_a_raw_value_in_the_languages_dialect(
    value: object, nl: str, en: str
) -> None:
    assert csv_value(value, "nl") == nl and csv_value(value, "en") == en


def test_raw_numbers_have_no_grouping() -> None:
    assert raw_number(1234567.25, "nl") == "1234567,25"
    assert raw_number(1234567.25, "en") == "1234567.25"


@pytest.mark.parametrize(("lang", "delimiter"), [("nl", ";"), ("en", ",")])
def test_write_csv_bom_delimiter_crlf_and_the_guard(lang: Lang, delimiter: str) -> None:
    text = write_csv(["name", "cost"], [["=1+1", Money(1234.5)], ["-", Number(-2.5, 1)]], lang)
    assert text.startswith("\ufeff") and text.count("\r\n") == 3
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    decimal = "," if lang == "nl" else "."
    assert rows == [["name", "cost"], ["'=1+1", f"1234{decimal}5"], ["'-", f"-2{decimal}5"]]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_listing_csv_has_raw_numbers_in_one_dialect(lang: Lang) -> None:
    """Found in issue 14: the Dutch sweep mixed 55.000 and 29.27 in one row."""
    for args in (
        ["sweep", DARK, "--budget-one-off", "0:100000:50000", "--format", "csv"],
        ["recommend", DARK, "--format", "csv"],
        ["frontier", DARK, "--format", "csv"],
        ["measures", "--format", "csv"],
    ):
        result = CliRunner().invoke(main, [*args, "--lang", lang])
        assert result.exit_code == 0, result.output
        rows = list(
            csv.reader(io.StringIO(result.output[1:]), delimiter=";" if lang == "nl" else ",")
        )
        assert len({len(r) for r in rows}) == 1, args
        cells = [c for r in rows[1:] for c in r]
        assert not any(c.startswith("€") for c in cells), args
        numbers = [
            c for c in cells if c[:1].isdigit() and c.replace(",", "").replace(".", "").isdigit()
        ]
        assert numbers, args
        wrong = "." if lang == "nl" else ","
        assert not [n for n in numbers if wrong in n], args


def test_xlsx_bytes_types_cells_guards_text_and_lists_choices() -> None:
    data = xlsx_bytes(
        ["naam", "kosten", "datum", "aandeel", "status"],
        [["=SOM(1)", Money(1234.5), date(2025, 3, 1), Pct(0.25), "gepland"]],
        "nl",
        title="t",
        choices={4: ["gepland", "klaar"]},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    row = [c.value for c in sheet[2]]
    assert row[0] == "'=SOM(1)" and row[1] == 1234.5 and row[3] == 0.25
    assert row[2].date() == date(2025, 3, 1)
    assert sheet["B2"].number_format == '"€" #,##0.00' and sheet["D2"].number_format == "0%"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E2"
    (check,) = sheet.data_validations.dataValidation
    assert check.formula1 == '"gepland,klaar"' and str(check.sqref).startswith("E2:")
