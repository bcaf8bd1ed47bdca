"""The plan of action as Markdown, HTML, JSON and the measures matrix as CSV.

Markdown and HTML come from Jinja2 templates in ``templates/`` (HTML with autoescape on);
every word comes from :mod:`kvo_rules.documents.plan.texts`. The HTML is one self-contained file
(inline CSS, no external resources) that is also well-formed XML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ...advice.texts import label
from ...core.model import Lang, Owner, Text
from ...core.spreadsheet import xlsx_bytes
from ...core.words import (
    Money,
    format_date,
    format_money,
    format_number,
    format_pct,
    localise,
    write_csv,
)
from ..common import DocFormat, md_cell, template_environment
from ..common import format_for_path as _format_for_path
from ..render import render_json as _json_text
from .model import MeasureStatus, PayerCost, Plan, PlanMeasure
from .phasing import LARGE_INVESTMENT, QUICK_WIN_MONTHS
from .references import number_citations
from .schedule import add_years
from .texts import word

__all__ = [
    "PlanFormat",
    "format_for_path",
    "matrix_table",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_matrix_csv",
    "render_matrix_xlsx",
]


PlanFormat = DocFormat
"""The formats of ``kvo-rules plan`` (shared with the other documents)."""


def format_for_path(path: str | Path) -> DocFormat:
    """The format a file name asks for (.md, .html/.htm, .json); anything else is an error."""
    return _format_for_path(path, "plan")


def _environment() -> Environment:
    return template_environment("kvo_rules.documents.plan")


_md_cell = md_cell

SECTIONS = (
    "area",
    "partnership",
    "analysis",
    "problems",
    "goals",
    "matrix",
    "measures",
    "fire",
    "communication",
    "budget",
    "considered",
    "evaluation",
    "notes",
    "references",
)
"""The plan's chapters in order; templates number them with ``n(id)``."""


def css_string(value: str) -> Markup:
    """``value`` as a CSS string literal that stays well-formed XML inside ``<style>``: every
    character outside plain ASCII letters, digits, space and simple punctuation is written
    as a CSS escape (so no ``&``, ``<``, quote or backslash reaches the stylesheet)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-()/")
    # a hex escape swallows one space after it: write that space, so the next character stays
    body = "".join(ch if ch in safe else f"\\{ord(ch):06x} " for ch in value)
    return Markup(f'"{body}"')


def _measure_helpers(plan: Plan, lang: Lang) -> dict[str, Any]:
    """Who leads and pays a measure, its phase and what it waits for, in words."""

    def lead(m: PlanMeasure) -> str:
        return word(f"owner.{(m.lead or m.owner).value}", lang)

    def payers(m: PlanMeasure) -> str:
        parts = [
            word(f"owner.{p}", lang) + (f" {format_pct(share, lang)}" if len(m.payer) > 1 else "")
            for p, share in m.payer.items()
        ]
        if m.hour_payer is not None:
            hours = format_number(m.hours_per_year, lang, 0)
            unit = label("hour_short", lang)
            parts.append(f"{word(f'owner.{m.hour_payer.value}', lang)} ({hours} {unit})")
        return ", ".join(parts) or lead(m)

    def after(m: PlanMeasure) -> str:
        if not m.after:
            return ""
        names = ", ".join(plan.measure(i).name.get(lang) for i in m.after)
        return word("matrix.after", lang, names=names)

    def phase(m: PlanMeasure) -> str:
        return "" if m.phase is None else word(f"phase.{m.phase.value}", lang)

    return {
        "lead": lead,
        "payers": payers,
        "after": after,
        "phase": phase,
        "n": lambda section: SECTIONS.index(section) + 1,
        "sections": SECTIONS,
        "running_header": css_string(f"{word('doc.title', lang)} · {plan.area.name}"),
        "page_label": css_string(word("doc.page", lang)),
        "phase_intro": word(
            "phase.intro",
            lang,
            months=QUICK_WIN_MONTHS,
            large=localise(Money(LARGE_INVESTMENT), lang),
        ),
    }


def _helpers(plan: Plan, lang: Lang) -> dict[str, Any]:
    problem_names = {p.id: p.name for p in plan.problems}

    def t(key: str, **values: object) -> str:
        return word(key, lang, **values)

    def tx(value: Text | None) -> str:
        return "" if value is None else number_citations(value.get(lang), plan.references)

    def problems(ids: Iterable[str]) -> str:
        return ", ".join(problem_names[i].get(lang) if i in problem_names else i for i in ids)

    def measures(ids: Iterable[str]) -> str:
        return ", ".join(plan.measure(i).name.get(lang) for i in ids)

    def names(refs: Iterable[Any]) -> str:
        return ", ".join(r.name.get(lang) for r in refs)

    def words(prefix: str, values: Iterable[StrEnum]) -> str:
        return ", ".join(word(prefix + v.value, lang) for v in values)

    def owner(value: Owner) -> str:
        return word(f"owner.{value.value}", lang)

    def fmt_money(value: float | None) -> str:
        return format_money(value, lang)

    def fmt_date(value: date) -> str:
        return format_date(value, lang)

    def dates(values: Iterable[date]) -> str:
        return ", ".join(format_date(v, lang) for v in values)

    def fmt_num(value: float | None, decimals: int = 1) -> str:
        return "" if value is None else format_number(value, lang, decimals)

    def fmt_pct(value: float, floor: bool = False) -> str:
        return format_pct(value, lang, floor=floor)

    return {
        "plan": plan,
        "lang": lang,
        "t": t,
        "tx": tx,
        "problems": problems,
        "measures": measures,
        "owner": owner,
        **_payer_helpers(lang),
        **_measure_helpers(plan, lang),
        "names": names,
        "words": words,
        "money": fmt_money,
        "eur": lambda value: localise(Money(value), lang),
        "date": fmt_date,
        "dates": dates,
        "num": fmt_num,
        "pct": fmt_pct,
        "md": _md_cell,
        "localise": lambda v: localise(v, lang),
        "timeline": _timeline(plan),
    }


def _payer_helpers(lang: Lang) -> dict[str, Any]:
    """The helpers of the budget tables: who pays, how much, within which budget."""

    def payer(value: str) -> str:
        return word(f"owner.{value}", lang)

    def per_business(value: float | None, c: PayerCost) -> str:
        if value is None:
            return ""
        shown = format_money(value, lang)
        return (
            f"{shown} {word('budget.per_business_short', lang)}"
            if c.payer == "businesses"
            else shown
        )

    def payer_one_off(c: PayerCost) -> str:
        return per_business(c.per_business_one_off if c.payer == "businesses" else c.one_off, c)

    def payer_yearly(c: PayerCost) -> str:
        return per_business(c.per_business_yearly if c.payer == "businesses" else c.yearly, c)

    def hours(value: float | None) -> str:
        return "" if value is None else format_number(value, lang, 0)

    def payer_budget(c: PayerCost) -> str:
        if c.budget is None:
            return word("budget.no_cap", lang)
        if "hours_per_year" in c.budget:
            hours = format_number(c.budget["hours_per_year"], lang, 0)
            return f"{hours} {label('hour_short', lang)}"
        shown = (
            f"{format_money(c.budget['one_off'], lang)} / {format_money(c.budget['yearly'], lang)}"
        )
        if c.payer == "businesses":
            shown += f" {word('budget.per_business_short', lang)}"
        return shown

    return {
        "payer": payer,
        "payer_one_off": payer_one_off,
        "payer_yearly": payer_yearly,
        "payer_budget": payer_budget,
        "hours": hours,
    }


def _timeline(plan: Plan) -> dict[str, Any]:
    """Bar positions (percent of the width) for the schedule chart in the HTML."""
    first = plan.start
    last = max([plan.evaluation.recertification, plan.end, *(m.realisation for m in plan.measures)])
    span = max((last - first).days, 1)

    def pos(day: date) -> float:
        return round(100 * (day - first).days / span, 2)

    bars = []
    for m in plan.measures:
        left = pos(m.start)
        width = max(round(pos(m.realisation) - left, 2), 0.8)
        bars.append({"measure": m, "left": left, "width": min(width, round(100 - left, 2))})
    years = []
    k = 0
    while True:
        day = add_years(first, k)
        if day >= last:
            break
        years.append({"n": k + 1, "left": pos(day)})
        k += 1
    return {
        "bars": bars,
        "years": years,
        "meting": pos(plan.evaluation.one_meting),
        "recert": pos(plan.evaluation.recertification),
    }


def _render(template: str, plan: Plan, lang: Lang) -> str:
    return _environment().get_template(template).render(**_helpers(plan, lang))


def render_markdown(plan: Plan, lang: Lang) -> str:
    """The plan as Markdown (GitHub tables), in ``lang``."""
    return _render("plan.md.j2", plan, lang)


def render_html(plan: Plan, lang: Lang) -> str:
    """The plan as one self-contained, printable HTML file (well-formed XML), in ``lang``."""
    return _render("plan.html.j2", plan, lang)


def render_json(plan: Plan, lang: Lang | None = None) -> str:
    """The plan as JSON: texts in ``lang``, or in both languages (``{"nl", "en"}``) when None."""
    context = {"lang": lang} if lang is not None else None
    return _json_text(plan.model_dump(mode="json", context=context))


def _matrix_row(
    m: PlanMeasure, plan: Plan, lang: Lang, problems: Callable[..., str], helpers: dict[str, Any]
) -> list[object]:
    return [
        m.rank,
        m.id,
        m.name.get(lang),
        problems(m.addresses),
        helpers["lead"](m),
        helpers["payers"](m),
        helpers["phase"](m),
        ", ".join(plan.measure(a).name.get(lang) for a in m.after),
        m.start,
        m.realisation,
        m.lead_time_months,
        Money(m.one_off_cost),
        Money(m.yearly_cost),
        word(f"status.{m.status.value}", lang),
    ]


_MATRIX_COLUMNS = (
    "col.rank",
    "col.id",
    "col.measure",
    "col.addresses",
    "col.lead",
    "col.payer",
    "col.phase",
    "col.after",
    "col.start",
    "col.realisation",
    "col.lead_time",
    "col.one_off",
    "col.yearly",
    "col.status",
)


def matrix_table(plan: Plan, lang: Lang) -> tuple[list[str], list[list[object]]]:
    """The measures matrix as column heads and typed rows (dates, euros, counts)."""
    problems = _helpers(plan, lang)["problems"]
    helpers = _measure_helpers(plan, lang)
    return [word(k, lang) for k in _MATRIX_COLUMNS], [
        _matrix_row(m, plan, lang, problems, helpers) for m in plan.measures
    ]


def render_matrix_csv(plan: Plan, lang: Lang) -> str:
    """The measures matrix as CSV in ``lang``'s dialect (write it as UTF-8): Dutch is ``;``
    between fields and a decimal comma, English ``,`` and a decimal point; both have ISO dates,
    raw numbers, CRLF line ends and a UTF-8 byte order mark."""
    return write_csv(*matrix_table(plan, lang), lang)


def render_matrix_xlsx(plan: Plan, lang: Lang) -> bytes:
    """The measures matrix as an .xlsx sheet: dates and euros as real cells, a frozen header
    with filters, and the status column as a drop-down of the statuses in ``lang``."""
    headers, rows = matrix_table(plan, lang)
    statuses = [word(f"status.{s.value}", lang) for s in MeasureStatus]
    title = word("col.measure", lang)
    return xlsx_bytes(headers, rows, lang, title=title, choices={len(headers) - 1: statuses})


def render(plan: Plan, fmt: PlanFormat, lang: Lang) -> str:
    """The plan in ``fmt`` and ``lang``."""
    if fmt is PlanFormat.md:
        return render_markdown(plan, lang)
    if fmt is PlanFormat.html:
        return render_html(plan, lang)
    return render_json(plan, lang)
