"""Number traps of hand-written YAML: Dutch thousands separators and numbers written as text.

A Dutch working group writes twenty-five thousand euros as ``25.000``; YAML reads that as 25.0,
and the advice silently changes. In a money, count or area field a plain number with exactly
three decimals after a dot is therefore an error that says how to write it (``25000``); the
same number in quotes (``"25.000"``, ``"25.000,50"``, ``"€ 25.000"``) gets the same advice.
"""

from __future__ import annotations

import re

from .errors import Diagnostic
from .i18n import Message, msg
from .yamlio import Document, YamlPath

__all__ = ["AMOUNT_FIELDS", "is_amount_field", "quoted_number_advice", "thousands_traps"]

AMOUNT_FIELDS = frozenset(
    {
        # money (profile budgets, per payer too; follow-up actual costs)
        "one_off",
        "yearly",
        "one_off_cost",
        "yearly_cost",
        # capacity
        "hours_per_year",
        # counts
        "businesses",
        "farms",
        "entrances",
        "dark_spots",
        "rear_alleys",
        "vacant_units",
        "unmonitored_alarms",
        "incidents_per_year",
        "incidents",
        "invited",
        # area
        "hectares",
    }
)
"""Keys whose value is an amount of money, a count or an area (never a share or a grade)."""

_FIGURE_KEYS = frozenset({"amount", "low", "high"})
"""The number keys of a catalogue figure; an amount only under a measure's ``cost``."""

_RANGE_KEYS = frozenset({"min", "max"})
"""A rule condition's range (``businesses: {min: 1000}``) holds amounts of its field."""

_THOUSANDS_PLAIN = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
"""``25.000``, ``1.500``: how YAML receives a number written with a Dutch thousands dot."""

_EURO = re.compile(r"^(?:€|eur(?:o)?\b)\s*|\s*(?:€|eur(?:o)?)$", re.IGNORECASE)
_DUTCH = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+")
"""Dutch notation: dots between thousands, a decimal comma (``25.000,50``, ``2,5``)."""
_SPACED = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
"""Thousands separated by spaces (``25 000``)."""


def is_amount_field(path: YamlPath) -> bool:
    """Whether the value at ``path`` is money, a count or an area."""
    keys = [part for part in path if isinstance(part, str)]
    if not keys:
        return False
    last = keys[-1]
    if last in AMOUNT_FIELDS:
        return True
    if last in _RANGE_KEYS and len(keys) >= 2:
        return keys[-2] in AMOUNT_FIELDS
    return last in _FIGURE_KEYS and "cost" in keys


def _plain_number(text: str) -> str:
    """``25.000,50`` -> ``25000.5``; ``25 000`` -> ``25000``; ``2,5`` -> ``2.5``."""
    digits = text.replace(" ", "")
    if _DUTCH.fullmatch(digits):
        digits = digits.replace(".", "").replace(",", ".")
    else:  # spaced thousands with a decimal point or comma
        digits = digits.replace(",", ".")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("+") or "0"


def quoted_number_advice(text: str) -> Message | None:
    """Advice for a number written as text with separators or a euro sign, else ``None``."""
    bare = _EURO.sub("", text.strip()).strip()
    euro = bare != text.strip()
    if _DUTCH.fullmatch(bare) or _SPACED.fullmatch(bare):
        if euro:
            return msg(
                "'{text}' is text with a euro sign and separators, not a number: write {number} "
                "(no quotes, no thousands dots or euro sign, a decimal point)",
                text=text,
                number=_plain_number(bare),
            )
        return msg(
            "'{text}' is text with separators, not a number: write {number} "
            "(no quotes, no thousands dots or euro sign, a decimal point)",
            text=text,
            number=_plain_number(bare),
        )
    if euro and re.fullmatch(r"[+-]?\d+(?:\.\d+)?", bare):
        return msg(
            "'{text}' is text with a euro sign, not a number: write {number} (no quotes)",
            text=text,
            number=bare,
        )
    return None


def thousands_traps(doc: Document) -> list[Diagnostic]:
    """Every money, count or area value written like ``25.000`` (a Dutch thousands dot)."""
    found = []
    for path, raw in sorted(doc.plain_text.items(), key=lambda item: doc.location(item[0])):
        if not _THOUSANDS_PLAIN.fullmatch(raw) or not is_amount_field(path):
            continue
        value = doc.get(path)
        if not isinstance(value, float):
            continue
        whole = raw.replace(".", "").lstrip("+")
        meant = f"{value:g}"
        if _THOUSANDS_PLAIN.fullmatch(meant):  # 1.125 itself: a fourth decimal says so
            meant = f"{raw}0"
        key = next(p for p in reversed(path) if isinstance(p, str))
        found.append(
            Diagnostic(
                doc.location(path),
                msg(
                    "'{key}': {raw} is read as {value} (YAML takes the dot for a decimal point): "
                    "write {whole} without the thousands dot, or {meant} if {value} is meant",
                    key=key,
                    raw=raw,
                    value=f"{value:g}",
                    whole=whole,
                    meant=meant,
                ),
            )
        )
    return found
