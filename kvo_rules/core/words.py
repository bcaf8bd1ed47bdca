"""How kvo-rules writes numbers, money, dates and fixed words in Dutch and English.

The one formatting layer, on Babel's CLDR data for ``nl_NL`` and ``en_GB`` (never the system
locale: the same output on every machine), and the one word-table mechanism. The tables
themselves live with the words' users: the CLI's labels and the sentences that explain advice
in :mod:`kvo_rules.advice.texts`, the plan's in :mod:`kvo_rules.documents.plan.texts`, the
evaluation's in :mod:`kvo_rules.documents.followup.texts`.

Kept small on purpose (``format_money``, ``format_euro``, ``format_number``,
``format_decimal``, ``format_pct``, ``format_date``, :class:`WordTable`); every renderer writes
numbers through these, never with its own format spec.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from babel import Locale, dates, numbers

from .model import Lang, Text

__all__ = [
    "CSV_BOM",
    "CSV_DIALECTS",
    "LOCALES",
    "MONTHS",
    "CsvDialect",
    "Money",
    "Number",
    "Pct",
    "SafeCsvWriter",
    "WordTable",
    "csv_value",
    "format_date",
    "format_decimal",
    "format_euro",
    "format_money",
    "format_number",
    "format_pct",
    "localise",
    "raw_number",
    "spreadsheet_cell",
    "unformatted",
    "write_csv",
]

LOCALES: dict[Lang, str] = {"nl": "nl_NL", "en": "en_GB"}
"""The Babel (CLDR) locale each language is written in."""


def _locale(lang: Lang) -> Locale:
    return _LOCALE_OBJECTS[lang]


_LOCALE_OBJECTS: dict[Lang, Locale] = {lang: Locale.parse(name) for lang, name in LOCALES.items()}

MONTHS: dict[Lang, tuple[str, ...]] = {
    lang: tuple(_LOCALE_OBJECTS[lang].months["format"]["wide"][m] for m in range(1, 13))
    for lang in LOCALES
}
"""The months' names (``januari`` ... / ``January`` ...), from the locale data."""


def _clean_zero(value: float, decimals: int) -> float:
    rounded = round(value, decimals)
    return 0.0 if rounded == 0 else rounded  # never "-0"


def format_money(value: float | None, lang: Lang) -> str:
    """Whole euros with thousands separators as the language writes them (nl ``12.500``,
    en ``12,500``); ``-`` for no amount. No currency sign (see :class:`Money`)."""
    if value is None:
        return "-"
    return format_decimal(_clean_zero(value, 0), lang, 0, grouped=True)


def format_number(value: float, lang: Lang, decimals: int = 1) -> str:
    """Thousands separators and at most ``decimals`` decimals: nl ``1.234,5``, en ``1,234.5``."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return _babel_decimal(_clean_zero(value, decimals), pattern, lang)


def format_decimal(value: float, lang: Lang, decimals: int = 2, *, grouped: bool = False) -> str:
    """Exactly ``decimals`` decimals: nl ``72000,00``, en ``72000.00`` (for spreadsheets); with
    ``grouped`` also thousands separators (nl ``72.000,00``)."""
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals > 0 else "")
    return _babel_decimal(value, pattern, lang)


def _babel_decimal(value: float, pattern: str, lang: Lang) -> str:
    # Babel rounds half to even on the exact decimal: the same digits on every machine.
    return numbers.format_decimal(
        Decimal(repr(float(value))), format=pattern, locale=_locale(lang), decimal_quantization=True
    )


def format_pct(value: float, lang: Lang, *, floor: bool = False) -> str:
    """A fraction as a whole percentage as the language writes it (nl ``30%``, en ``30%``);
    with ``floor`` never more than the value (at least)."""
    pct = math.floor(value * 100 + 1e-9) if floor else round(value * 100)
    return numbers.format_percent(pct / 100, format="#,##0%", locale=_locale(lang))


def format_date(value: date, lang: Lang) -> str:
    """``1 maart 2028`` (nl) or ``1 March 2028`` (en)."""
    return dates.format_date(value, format="d MMMM y", locale=_locale(lang))


def format_euro(value: float | None, lang: Lang) -> str:
    """Whole euros with the euro sign where the language puts it: nl ``€ 12.500``,
    en ``€12,500``; ``-`` for no amount."""
    if value is None:
        return "-"
    amount = format_money(value, lang)
    return f"€ {amount}" if lang == "nl" else f"€{amount}"


@dataclass(frozen=True)
class Money:
    """Whole euros, written with the language's thousands separator and a euro sign."""

    value: float | None


@dataclass(frozen=True)
class Number:
    """A plain number with at most ``decimals`` decimals (trailing zeros dropped)."""

    value: float
    decimals: int = 1


@dataclass(frozen=True)
class Pct:
    """A fraction written as a whole percentage (0.3 -> 30%); ``floor`` rounds down."""

    value: float
    floor: bool = False


def localise(value: object, lang: Lang) -> str:
    """A value as text in ``lang``: dates, money, numbers, percentages, texts; else ``str``."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Money):
        return format_euro(value.value, lang)
    if isinstance(value, Number):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, Pct):
        return format_pct(value.value, lang, floor=value.floor)
    if isinstance(value, bool):
        raise TypeError("write booleans through a word, not as a value")
    if isinstance(value, float):
        return format_number(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(localise(v, lang) for v in value)
    return str(value)


def unformatted(value: object, lang: Lang) -> object:
    """A :class:`Text` in ``lang``; any other value as it is (the template's own format spec,
    such as ``{share:.0%}``, writes it)."""
    return value.get(lang) if isinstance(value, Text) else value


class WordTable:
    """A table of fixed texts ``key -> (nl, en)`` whose ``{name}`` fields are filled with values
    written by ``write`` (by default :func:`localise`)."""

    def __init__(
        self,
        words: Mapping[str, tuple[str, str]],
        write: Callable[[object, Lang], object] = localise,
    ) -> None:
        self.words = words
        self.write = write

    def word(self, key: str, lang: Lang, **values: object) -> str:
        """The fixed text ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
        nl, en = self.words[key]
        template = nl if lang == "nl" else en
        if not values:
            return template
        return template.format(**{k: self.write(v, lang) for k, v in values.items()})

    def text(self, key: str, **values: object) -> Text:
        """The fixed text ``key`` in both languages."""
        return Text(nl=self.word(key, "nl", **values), en=self.word(key, "en", **values))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*%?$")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP, CSV injection).

    Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so Excel and LibreOffice show it as text; numbers (also written as text, such as
    ``-1.250,50``) stay as they are.
    """
    formula = isinstance(value, str) and value.startswith(_FORMULA_START)
    if formula and not _PLAIN_NUMBER.match(str(value)):
        return f"'{value}"
    return value


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell passes :func:`spreadsheet_cell`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row."""
        self._writer.writerow([spreadsheet_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write rows."""
        for row in rows:
            self.writerow(row)


CSV_BOM = "\ufeff"
"""The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when it begins with one."""


@dataclass(frozen=True)
class CsvDialect:
    """How one language's spreadsheets read a CSV: the field separator and the decimal sign.

    Dutch spreadsheet software (Excel and LibreOffice in a Dutch locale) splits fields on
    ``;`` (the comma is the decimal sign) and reads UTF-8 only after a byte order mark;
    English uses ``,`` and a decimal point, and gets the byte order mark too (harmless, and
    Excel needs it for the euro sign and accents).
    """

    delimiter: str
    decimal: str
    bom: str = CSV_BOM
    lineterminator: str = "\r\n"


CSV_DIALECTS: dict[Lang, CsvDialect] = {
    "nl": CsvDialect(delimiter=";", decimal=","),
    "en": CsvDialect(delimiter=",", decimal="."),
}
"""The one CSV dialect per language, used by every CSV kvo-rules writes."""


def raw_number(value: float, lang: Lang, decimals: int = 6) -> str:
    """A number as a spreadsheet reads it in ``lang``: no thousands separators, at most
    ``decimals`` decimals, the language's decimal sign (nl ``52600``, ``29,27``)."""
    pattern = "0" + ("." + "#" * decimals if decimals > 0 else "")
    return _babel_decimal(_clean_zero(value, decimals), pattern, lang)


def csv_value(value: object, lang: Lang) -> object:
    """One value as a CSV cell in ``lang``: raw numbers (no currency sign, no grouping), ISO
    dates, texts in ``lang``, lists joined by ``, ``; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, bool):
        raise TypeError("write booleans through a word, not as a value")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Money):
        return "" if value.value is None else raw_number(value.value, lang, 2)
    if isinstance(value, Number):
        return raw_number(value.value, lang, value.decimals)
    if isinstance(value, Pct):
        return format_pct(value.value, lang, floor=value.floor)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return raw_number(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(str(csv_value(v, lang)) for v in value)
    return str(value)


def write_csv(headers: Iterable[object], rows: Iterable[Iterable[object]], lang: Lang) -> str:
    """A whole CSV in ``lang``'s dialect (:data:`CSV_DIALECTS`), byte order mark first, every
    cell through :func:`csv_value` and the formula guard (:class:`SafeCsvWriter`)."""
    dialect = CSV_DIALECTS[lang]
    out = io.StringIO()
    writer = SafeCsvWriter(
        out,
        delimiter=dialect.delimiter,
        lineterminator=dialect.lineterminator,
        quoting=csv.QUOTE_MINIMAL,
    )
    writer.writerow([csv_value(h, lang) for h in headers])
    writer.writerows([csv_value(v, lang) for v in row] for row in rows)
    return dialect.bom + out.getvalue()
