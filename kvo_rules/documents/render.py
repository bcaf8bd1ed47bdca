"""Output formats: one enum, one renderer per format, shared by every listing."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from tabulate import tabulate

from ..advice.texts import label, vocab
from ..core.catalogue import Catalogue, filter_measures
from ..core.model import Effect, Figure, Lang, Measure, ProblemType, Text
from ..core.words import (
    Money,
    Number,
    Pct,
    format_money,
    format_number,
    format_pct,
    localise,
    write_csv,
)

__all__ = [
    "Format",
    "describe_measure",
    "display",
    "json_text",
    "measures_table",
    "problems_table",
    "render_json",
    "render_table",
]


class Format(StrEnum):
    """How a listing is written."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


_RAW_CONTROL = re.compile("[\x7f-\x9f]")
"""Control characters JSON may leave raw but YAML (and so our own loader) refuses."""


def json_text(data: Any, **options: Any) -> str:
    """``json.dumps`` as UTF-8 text whose output our own loader reads back: DEL and the C1
    controls are written as ``\\u`` escapes like the C0 ones (only strings can hold them)."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_json(data: Any) -> str:
    """Stable, readable JSON (UTF-8 text, two-space indent, newline at the end)."""
    return json_text(data, indent=2, allow_nan=False) + "\n"


def display(value: Any, lang: Lang) -> str:
    """A cell as people read it in ``lang``: money without the euro sign (the column head
    carries ``(€)``), numbers with the language's separators, lists joined by ``, ``."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return format_money(value.value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(display(v, lang) for v in value)
    return localise(value, lang)


def _json_cell(value: Any, lang: Lang) -> Any:
    if isinstance(value, Money | Number | Pct):
        return value.value
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_cell(v, lang) for v in value]
    return value


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: Format,
    *,
    lang: Lang = "en",
    records: Sequence[Any] | None = None,
) -> str:
    """Rows as a terminal table, Markdown, CSV or JSON (``records`` replaces rows in JSON).

    Cells may be typed (:class:`~kvo_rules.core.words.Money`, ``Number``, ``Pct``, dates,
    :class:`~kvo_rules.core.model.Text`): tables write them for people in ``lang``, CSV as raw
    numbers in ``lang``'s dialect (:func:`~kvo_rules.core.words.write_csv`), JSON as numbers.
    """
    if fmt is Format.json:
        data = (
            records
            if records is not None
            else [
                dict(zip(headers, [_json_cell(v, lang) for v in row], strict=True)) for row in rows
            ]
        )
        return render_json(list(data))
    if fmt is Format.csv:
        return write_csv(headers, rows, lang)
    cells = [[display(v, lang) for v in row] for row in rows]
    style = "github" if fmt is Format.markdown else "simple"
    return tabulate(cells, headers=list(headers), tablefmt=style, disable_numparse=True) + "\n"


def _quantity(m: Measure, lang: Lang) -> str:
    """Units per ``per`` with their unit: "150 metre"; "1" when the measure gives none."""
    amount = m.cost.quantity.amount if m.cost.quantity is not None else 1
    text = format_number(amount, lang, 2)
    return f"{text} {m.cost.unit.get(lang)}" if m.cost.unit is not None else text


def measures_table(measures: Sequence[Measure], lang: Lang, fmt: Format) -> str:
    """The catalogue listing, a row per measure: per what, how many units, the unit costs."""
    headers = [
        label(k, lang)
        for k in (
            "id",
            "name",
            "category",
            "areas",
            "lead",
            "per",
            "quantity",
            "one_off_unit",
            "yearly_unit",
        )
    ]
    rows = [
        [
            m.id,
            m.name.get(lang),
            vocab("category", m.category, lang),
            [vocab("kind", a, lang) for a in m.areas],
            label(f"party.{m.lead_party.value}", lang),
            vocab("per", m.cost.per, lang),
            _quantity(m, lang),
            Money(m.cost.one_off.amount if m.cost.one_off else 0),
            Money(m.cost.yearly.amount if m.cost.yearly else 0),
        ]
        for m in measures
    ]
    records = [m.model_dump(mode="json", context={"lang": lang}) for m in measures]
    return render_table(headers, rows, fmt, lang=lang, records=records)


def problems_table(
    catalogue: Catalogue, problems: Sequence[ProblemType], lang: Lang, fmt: Format
) -> str:
    """The problem vocabulary, a row per problem type with how many measures address it."""
    headers = [label(k, lang) for k in ("id", "name", "areas", "harm_weight", "n_measures")]
    rows = [
        [
            p.id,
            p.name.get(lang),
            [vocab("kind", a, lang) for a in p.areas],
            Number(p.harm_weight, 3),
            len(filter_measures(catalogue, problem=p.id)),
        ]
        for p in problems
    ]
    records = [p.model_dump(mode="json", context={"lang": lang}) for p in problems]
    return render_table(headers, rows, fmt, lang=lang, records=records)


def payer_summary(m: Measure, lang: Lang) -> str:
    """Who pays for a measure: the euro payers with their shares, and the hour payer."""
    parts = [
        label(f"party.{p.value}", lang) + ("" if share == 1 else f" {format_pct(share, lang)}")
        for p, share in m.euro_shares.items()
    ]
    if m.hour_payer is not None:
        parts.append(label(f"party.{m.hour_payer.value}", lang) + " (h)")
    return ", ".join(parts)


def _figure(fig: Figure | None, lang: Lang) -> str:
    if fig is None:
        return "-"
    text = format_number(fig.amount, lang, 2)
    if fig.low is not None or fig.high is not None:
        low = format_number(fig.low, lang, 2) if fig.low is not None else "?"
        high = format_number(fig.high, lang, 2) if fig.high is not None else "?"
        text += f" ({low} - {high})"
    marks = []
    if fig.source:
        marks.append(", ".join(fig.source))
    if fig.estimate:
        marks.append(label("estimate", lang))
    return f"{text} [{'; '.join(marks)}]"


def _grade(effect: Effect, lang: Lang) -> str:
    """The source's grade, and the grade it counts as when it comes from another setting."""
    shown = vocab("grade", effect.grade, lang)
    if not effect.transferred:
        return shown
    counted = vocab("grade", effect.counted_grade, lang)
    return f"{shown} ({label('transferred', lang, grade=counted)})"


def describe_measure(
    m: Measure, lang: Lang, fmt: Format, problem_names: Mapping[str, Text] | None = None
) -> str:
    """One measure in full: description, cost, effects with evidence, requirements
    (problems by name when ``problem_names`` is given, else by id)."""
    md = fmt is Format.markdown
    lines = [f"{'# ' if md else ''}{m.id} — {m.name.get(lang)}", "", m.description.get(lang), ""]
    facts = [
        (label("category", lang), vocab("category", m.category, lang)),
        (label("areas", lang), ", ".join(vocab("kind", a, lang) for a in m.areas)),
        (label("lead", lang), label(f"party.{m.lead_party.value}", lang)),
        (label("payer", lang), payer_summary(m, lang)),
        (label("reach", lang), label(f"reach.{m.reach.value}", lang)),
        (
            label("per", lang),
            vocab("per", m.cost.per, lang) + (f" ({m.cost.unit.get(lang)})" if m.cost.unit else ""),
        ),
        (label("quantity", lang), _figure(m.cost.quantity, lang) if m.cost.quantity else "1"),
        (label("one_off", lang), _figure(m.cost.one_off, lang)),
        (label("yearly", lang), _figure(m.cost.yearly, lang)),
        (
            label("hours", lang),
            _figure(m.cost.hours_per_year, lang) if m.cost.hours_per_year else "",
        ),
        (label("lead_time", lang), str(m.lead_time_months)),
    ]
    up = m.cost.upgrade
    if up is not None:
        presumed = f" [presumed_by: {', '.join(up.presumed_by)}]" if up.presumed_by else ""
        facts.insert(
            -3,
            (
                label("upgrade", lang, units=f"area.{up.units.value}"),
                f"{_figure(up.one_off, lang)} ({up.name.get(lang)}){presumed}",
            ),
        )
    text_fmt = fmt if fmt is not Format.csv else Format.table
    lines.append(render_table(["", ""], facts, text_fmt, lang=lang))
    names = problem_names or {}
    rows = [
        [
            names[e.problem].get(lang) if e.problem in names else e.problem,
            Pct(e.reduction),
            _grade(e, lang),
            ", ".join(e.source) + (f" {label('estimate', lang)}" if e.estimate else ""),
            e.note or "",
        ]
        for e in m.effects
    ]
    headers = [label(k, lang) for k in ("problem", "effect", "grade", "source", "description")]
    lines.append(render_table(headers, rows, text_fmt, lang=lang))
    for req in m.requires:
        lines.append(
            f"{label('requires', lang)}: {' | '.join(req.measures)} — {req.reason.get(lang)}"
        )
    for exc in m.excludes:
        lines.append(f"{label('excludes', lang)}: {exc.measure} — {exc.reason.get(lang)}")
    return "\n".join(lines).rstrip("\n") + "\n"
