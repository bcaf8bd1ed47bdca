"""The evaluation as Markdown, HTML and JSON.

Markdown and HTML come from Jinja2 templates in ``templates/`` (HTML with autoescape on);
every word comes from :mod:`kvo_rules.documents.followup.texts`. The HTML is one self-contained file
(inline CSS, no external resources), printable on A4, and well-formed XML.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ...core.model import Lang, Text
from ...core.words import Money, Pct, format_date, format_money, format_number, format_pct
from ..common import DocFormat, md_cell, template_environment
from ..common import format_for_path as _format_for_path
from ..plan.model import EffortKind
from ..plan.references import number_citations
from ..render import render_json as _json_text
from .build import TREND_THRESHOLD
from .model import Evaluation, MeasureResult
from .ranges_words import range_word
from .texts import format_change, localise, word

__all__ = [
    "EvaluationFormat",
    "format_for_path",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
]


EvaluationFormat = DocFormat
"""The formats of ``kvo-rules evaluate`` (shared with the other documents)."""


def format_for_path(path: str | Path) -> DocFormat:
    """The format a file name asks for (.md, .html/.htm, .json); anything else is an error."""
    return _format_for_path(path, "evaluation")


def _environment() -> Environment:
    return template_environment("kvo_rules.documents.followup")


_md_cell = md_cell


def _helpers(ev: Evaluation, lang: Lang) -> dict[str, Any]:
    measure_names = {m.id: m.name for m in ev.measures}

    def t(key: str, **values: object) -> str:
        return word(key, lang, **values)

    def tx(value: Text | None) -> str:
        return "" if value is None else number_citations(value.get(lang), ev.references)

    def measures(ids: Iterable[str]) -> str:
        return ", ".join(measure_names[i].get(lang) for i in ids)

    def names(refs: Iterable[Any]) -> str:
        return ", ".join(r.name.get(lang) for r in refs)

    def fmt_money(value: float | None) -> str:
        return format_money(value, lang)

    def fmt_date(value: date | None) -> str:
        return "" if value is None else format_date(value, lang)

    def fmt_num(value: float | None, decimals: int = 1) -> str:
        return "" if value is None else format_number(value, lang, decimals)

    def from_to(a: float | None, b: float | None, decimals: int = 1) -> str:
        if a is None and b is None:
            return ""
        return f"{fmt_num(a, decimals) or '-'} → {fmt_num(b, decimals) or '-'}"

    def signed(difference: float | None, pct: float | None = None) -> str:
        if difference is None:
            return ""
        amount = format_money(abs(difference), lang)
        sign = "+" if difference > 0.005 else "-" if difference < -0.005 else ""
        return f"{sign}{amount}" + (f" ({format_change(pct, lang)})" if pct is not None else "")

    def yes_no(value: bool | None) -> str:
        return "" if value is None else word("yes" if value else "no", lang)

    return {
        **_effort_helpers(lang),
        "ev": ev,
        "signed": signed,
        "yes_no": yes_no,
        "lang": lang,
        "t": t,
        "rt": lambda key: range_word(key, lang),  # the evaluation against predicted ranges
        "tx": tx,
        "measures": measures,
        "names": names,
        "money": fmt_money,
        "eur": lambda value: localise(Money(value), lang),
        "date": fmt_date,
        "num": fmt_num,
        "from_to": from_to,
        "change": lambda value: format_change(value, lang),
        "threshold": localise(Pct(TREND_THRESHOLD), lang),
        "md": _md_cell,
    }


def _effort_helpers(lang: Lang) -> dict[str, Any]:
    """Effort targets and measured values, written by kind (a share, hours or units)."""

    def effort_value(m: MeasureResult, value: float | None) -> str:
        if value is None:
            return ""
        if m.effort_kind is EffortKind.participation:
            return format_pct(value, lang)
        return format_number(value, lang, 0)

    def effort_target(m: MeasureResult) -> str:
        if m.effort_kind is EffortKind.realised:
            return word("effort.on_time", lang)
        return effort_value(m, m.effort_target)

    def effort_reached(m: MeasureResult) -> str:
        if m.effort_reached is None:
            return word("effort.not_reported", lang)
        return word("effort.reached" if m.effort_reached else "effort.not_reached", lang)

    return {
        "effort_value": effort_value,
        "effort_target": effort_target,
        "effort_reached": effort_reached,
    }


def _render(template: str, ev: Evaluation, lang: Lang) -> str:
    return _environment().get_template(template).render(**_helpers(ev, lang))


def render_markdown(ev: Evaluation, lang: Lang) -> str:
    """The evaluation as Markdown (GitHub tables), in ``lang``."""
    return _render("evaluation.md.j2", ev, lang)


def render_html(ev: Evaluation, lang: Lang) -> str:
    """The evaluation as one self-contained, printable HTML file (well-formed XML)."""
    return _render("evaluation.html.j2", ev, lang)


def render_json(ev: Evaluation, lang: Lang | None = None) -> str:
    """The evaluation as JSON: texts in ``lang``, or in both (``{"nl", "en"}``) when None."""
    context = {"lang": lang} if lang is not None else None
    return _json_text(ev.model_dump(mode="json", context=context))


def render(ev: Evaluation, fmt: EvaluationFormat, lang: Lang) -> str:
    """The evaluation in ``fmt`` and ``lang``."""
    if fmt is EvaluationFormat.md:
        return render_markdown(ev, lang)
    if fmt is EvaluationFormat.html:
        return render_html(ev, lang)
    return render_json(ev, lang)
