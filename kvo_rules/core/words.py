"""How kvo-rules writes numbers, money, dates and fixed words in Dutch and English.

The one formatting layer (no system locale: the same output on every machine) and the one
word-table mechanism. The tables themselves live with the words' users: the CLI's labels and
the sentences that explain advice in :mod:`kvo_rules.advice.texts`, the plan's in
:mod:`kvo_rules.documents.plan.texts`, the evaluation's in
:mod:`kvo_rules.documents.followup.texts`.

Kept small on purpose (``format_money``, ``format_number``, ``format_decimal``,
``format_pct``, ``format_date``, :class:`WordTable`), so the writing can move onto a locale
library without touching its callers.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from .model import Lang, Text

__all__ = [
    "MONTHS",
    "Money",
    "Number",
    "Pct",
    "SafeCsvWriter",
    "WordTable",
    "format_date",
    "format_decimal",
    "format_money",
    "format_number",
    "format_pct",
    "localise",
    "spreadsheet_cell",
    "unformatted",
]

MONTHS: dict[Lang, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def _dutch(text: str) -> str:
    """English separators (1,234.5) to Dutch ones (1.234,5)."""
    return text.translate(str.maketrans(",.", ".,"))


def format_money(value: float | None, lang: Lang) -> str:
    """Whole euros with thousands separators as the language writes them (nl: 12.500);
    ``-`` for no amount."""
    if value is None:
        return "-"
    text = f"{value:,.0f}"
    return _dutch(text) if lang == "nl" else text


def format_number(value: float, lang: Lang, decimals: int = 1) -> str:
    """Thousands separators and at most ``decimals`` decimals: nl ``1.234,5``, en ``1,234.5``."""
    rounded = round(value, decimals)
    out = f"{rounded:,.{decimals}f}" if decimals > 0 else f"{rounded:,.0f}"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    if out in ("-0", ""):
        out = "0"
    return _dutch(out) if lang == "nl" else out


def format_decimal(value: float, lang: Lang, decimals: int = 2, *, grouped: bool = False) -> str:
    """Exactly ``decimals`` decimals: nl ``72000,00``, en ``72000.00`` (for spreadsheets); with
    ``grouped`` also thousands separators (nl ``72.000,00``)."""
    out = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    return _dutch(out) if lang == "nl" else out


def format_pct(value: float, lang: Lang, *, floor: bool = False) -> str:
    """A fraction as a whole percentage; with ``floor`` never more than the value (at least).

    The same in both languages today; ``lang`` is there for the locale library."""
    del lang
    pct = math.floor(value * 100 + 1e-9) if floor else round(value * 100)
    return f"{pct}%"


def format_date(value: date, lang: Lang) -> str:
    """``1 maart 2028`` (nl) or ``1 March 2028`` (en)."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


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
        amount = format_money(value.value, lang)
        return f"€ {amount}" if lang == "nl" else f"€{amount}"
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
