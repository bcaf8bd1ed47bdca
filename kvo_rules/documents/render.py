"""Output formats: one enum, one renderer per format, shared by every listing."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from tabulate import tabulate

from ..advice.texts import label
from ..core.catalogue import Catalogue, filter_measures
from ..core.model import Figure, Lang, Measure, ProblemType
from ..core.words import SafeCsvWriter, format_money

__all__ = [
    "Format",
    "describe_measure",
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


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: Format,
    *,
    records: Sequence[Any] | None = None,
) -> str:
    """Rows as a terminal table, Markdown, CSV or JSON (``records`` replaces rows in JSON)."""
    if fmt is Format.json:
        data = (
            records
            if records is not None
            else [dict(zip(headers, row, strict=True)) for row in rows]
        )
        return render_json(list(data))
    cells = [[_cell(v) for v in row] for row in rows]
    if fmt is Format.csv:
        out = io.StringIO()
        writer = SafeCsvWriter(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
        return out.getvalue()
    style = "github" if fmt is Format.markdown else "simple"
    return (
        tabulate(
            cells,
            headers=list(headers),
            tablefmt=style,
            floatfmt=",.0f",
            intfmt=",",
            disable_numparse=True,
        )
        + "\n"
    )


def _quantity(m: Measure, lang: Lang) -> str:
    """Units per ``per`` with their unit: "150 metre"; "1" when the measure gives none."""
    amount = m.cost.quantity.amount if m.cost.quantity is not None else 1
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
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
            m.category.value,
            [a.value for a in m.areas],
            label(f"party.{m.lead_party.value}", lang),
            m.cost.per.value,
            _quantity(m, lang),
            format_money(m.cost.one_off.amount if m.cost.one_off else 0, lang),
            format_money(m.cost.yearly.amount if m.cost.yearly else 0, lang),
        ]
        for m in measures
    ]
    records = [m.model_dump(mode="json", context={"lang": lang}) for m in measures]
    return render_table(headers, rows, fmt, records=records)


def problems_table(
    catalogue: Catalogue, problems: Sequence[ProblemType], lang: Lang, fmt: Format
) -> str:
    """The problem vocabulary, a row per problem type with how many measures address it."""
    headers = [label(k, lang) for k in ("id", "name", "areas", "harm_weight", "n_measures")]
    rows = [
        [
            p.id,
            p.name.get(lang),
            [a.value for a in p.areas],
            f"{p.harm_weight:g}",
            len(filter_measures(catalogue, problem=p.id)),
        ]
        for p in problems
    ]
    records = [p.model_dump(mode="json", context={"lang": lang}) for p in problems]
    return render_table(headers, rows, fmt, records=records)


def payer_summary(m: Measure, lang: Lang) -> str:
    """Who pays for a measure: the euro payers with their shares, and the hour payer."""
    parts = [
        label(f"party.{p.value}", lang) + ("" if share == 1 else f" {share:.0%}")
        for p, share in m.euro_shares.items()
    ]
    if m.hour_payer is not None:
        parts.append(label(f"party.{m.hour_payer.value}", lang) + " (h)")
    return ", ".join(parts)


def _figure(fig: Figure | None) -> str:
    if fig is None:
        return "-"
    text = f"{fig.amount:,.2f}".rstrip("0").rstrip(".")
    if fig.low is not None or fig.high is not None:
        low = f"{fig.low:,g}" if fig.low is not None else "?"
        high = f"{fig.high:,g}" if fig.high is not None else "?"
        text += f" ({low}-{high})"
    marks = []
    if fig.source:
        marks.append(", ".join(fig.source))
    if fig.estimate:
        marks.append("EST")
    return f"{text} [{'; '.join(marks)}]"


def describe_measure(m: Measure, lang: Lang, fmt: Format) -> str:
    """One measure in full: description, cost, effects with evidence, requirements."""
    md = fmt is Format.markdown
    lines = [f"{'# ' if md else ''}{m.id} — {m.name.get(lang)}", "", m.description.get(lang), ""]
    facts = [
        (label("category", lang), m.category.value),
        (label("areas", lang), ", ".join(a.value for a in m.areas)),
        (label("lead", lang), label(f"party.{m.lead_party.value}", lang)),
        (label("payer", lang), payer_summary(m, lang)),
        (label("reach", lang), label(f"reach.{m.reach.value}", lang)),
        (
            label("per", lang),
            m.cost.per.value + (f" ({m.cost.unit.get(lang)})" if m.cost.unit else ""),
        ),
        (label("quantity", lang), _figure(m.cost.quantity) if m.cost.quantity else "1"),
        (label("one_off", lang), _figure(m.cost.one_off)),
        (label("yearly", lang), _figure(m.cost.yearly)),
        (label("hours", lang), _figure(m.cost.hours_per_year) if m.cost.hours_per_year else ""),
        (label("lead_time", lang), str(m.lead_time_months)),
    ]
    lines.append(render_table(["", ""], facts, fmt if fmt is not Format.csv else Format.table))
    rows = [
        [
            e.problem,
            f"{e.reduction:.0%}",
            e.grade.value,
            ", ".join(e.source) + (" EST" if e.estimate else ""),
            e.note or "",
        ]
        for e in m.effects
    ]
    headers = [label(k, lang) for k in ("problem", "effect", "grade", "source", "description")]
    lines.append(render_table(headers, rows, fmt if fmt is not Format.csv else Format.table))
    for req in m.requires:
        lines.append(
            f"{label('requires', lang)}: {' | '.join(req.measures)} — {req.reason.get(lang)}"
        )
    for exc in m.excludes:
        lines.append(f"{label('excludes', lang)}: {exc.measure} — {exc.reason.get(lang)}")
    return "\n".join(lines).rstrip("\n") + "\n"
