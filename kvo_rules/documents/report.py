"""Text renderings of results (tables, Markdown, CSV, JSON) for people and other tools."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..advice.bands import Bands
from ..advice.explain import MeasureExplanation
from ..advice.frontier import FrontierPoint
from ..advice.results import Package, PackageMeasure, Recommendation
from ..advice.sweep import SweepPoint
from ..advice.texts import label, measure_name, vocab
from ..core.model import Lang, Text
from ..core.spreadsheet import xlsx_bytes
from ..core.words import (
    Money,
    Number,
    Pct,
    format_decimal,
    format_money,
    format_number,
    format_pct,
)
from .render import Format, render_json, render_table

ProblemNames = Mapping[str, Text]
"""Problem id -> its name (the catalogue's ``problems``); without it problems show by id."""

__all__ = [
    "render_explanations",
    "render_frontier",
    "render_recommendation",
    "render_sweep",
    "render_sweep_xlsx",
]


def _party(party: str, lang: Lang) -> str:
    return label(f"party.{party}", lang)


def _payers(m: PackageMeasure, lang: Lang) -> str:
    parts = [
        _party(p, lang) if share == 1 else f"{_party(p, lang)} {format_pct(share, lang)}"
        for p, share in m.payer.items()
    ]
    if m.hour_payer is not None:
        hours = format_decimal(m.hours_per_year, lang, 0, grouped=True)
        parts.append(f"{_party(m.hour_payer.value, lang)} ({hours} {label('hour_short', lang)})")
    return ", ".join(parts)


def _problem(pid: str, names: ProblemNames | None, lang: Lang) -> str:
    return names[pid].get(lang) if names and pid in names else pid


def _package_table(pkg: Package, lang: Lang, fmt: Format, names: ProblemNames | None) -> str:
    headers = [
        label(k, lang)
        for k in (
            "rank",
            "id",
            "name",
            "lead",
            "payer",
            "one_off",
            "yearly",
            "per_incident",
            "addresses",
        )
    ]
    rows = [
        [
            i,
            m.id,
            measure_name(m.name, m.phase, lang),
            _party(m.lead.value, lang),
            _payers(m, lang),
            Money(m.one_off_cost),
            Money(m.yearly_cost),
            Money(m.cost_per_prevented_incident)
            if m.cost_per_prevented_incident is not None
            else None,
            [_problem(p, names, lang) for p in m.addresses],
        ]
        for i, m in enumerate(pkg.measures, 1)
    ]
    rows.append(
        [
            "",
            "",
            label("total", lang),
            "",
            "",
            Money(pkg.one_off_cost),
            Money(pkg.yearly_cost),
            None,
            None,
        ]
    )
    return render_table(headers, rows, fmt, lang=lang)


def _payer_table(rec: Recommendation, lang: Lang, fmt: Format) -> str:
    """What each payer takes on in the recommended package, beside its budget."""
    pkg = rec.recommended
    budget = rec.budget_per_payer or {}
    headers = [label(k, lang) for k in ("payer", "one_off", "yearly", "hours", "budget")]
    rows = []
    for payer in sorted(set(pkg.cost_per_payer) | set(budget)):
        costs = pkg.cost_per_payer.get(payer, {})
        cap = budget.get(payer)
        if payer == "businesses":
            name = f"{_party(payer, lang)} ({label('per_business', lang)})"
            one_off, yearly = costs.get("per_business_one_off"), costs.get("per_business_yearly")
        else:
            name = _party(payer, lang)
            one_off, yearly = costs.get("one_off"), costs.get("yearly")
        hours = costs.get("hours_per_year")
        if cap is None:
            shown = label("no_cap", lang)
        elif "hours_per_year" in cap:
            hours_cap = format_decimal(cap["hours_per_year"], lang, 0, grouped=True)
            shown = f"{hours_cap} {label('hour_short', lang)}"
        else:
            shown = f"{format_money(cap['one_off'], lang)} / {format_money(cap['yearly'], lang)}"
        rows.append(
            [
                name,
                Money(one_off) if one_off is not None else None,
                Money(yearly) if yearly is not None else None,
                Number(hours, 0) if hours is not None else None,
                shown,
            ]
        )
    return render_table(headers, rows, fmt, lang=lang)


def render_recommendation(
    rec: Recommendation, lang: Lang, fmt: Format, names: ProblemNames | None = None
) -> str:
    """A recommendation as text (table or Markdown), CSV (the package) or JSON (everything);
    problems by name when ``names`` is given."""
    if fmt is Format.json:
        return render_json(rec.model_dump(mode="json", context={"lang": lang}))
    if fmt is Format.csv:
        return _package_table(rec.recommended, lang, fmt, names)
    md = fmt is Format.markdown
    h = "## " if md else ""
    out: list[str] = []
    if rec.budget_one_off is not None or rec.budget_yearly is not None:
        budget = (
            f"{label('budget', lang)}: {label('one_off', lang)} "
            f"{format_money(rec.budget_one_off, lang)}, "
            f"{label('yearly', lang)} {format_money(rec.budget_yearly, lang)}"
        )
        if rec.budget_per_payer:
            budget += f"; {label('budget_per_payer', lang)}"
    elif rec.budget_per_payer:
        budget = label("budget_per_payer", lang)
    else:
        budget = label("no_budget", lang)
    out.append(f"{'# ' if md else ''}{rec.area} ({vocab('kind', rec.kind, lang)}) — {budget}\n")
    pkg = rec.recommended
    gap = format_decimal(rec.gap, lang, 3)
    proof = label("optimal", lang) if rec.optimal else f"{label('not_optimal', lang)} {gap}"
    out.append(f"{h}{label('recommended', lang)} ({proof})\n")
    if pkg.note:
        out.append(pkg.note.get(lang) + "\n")
    out.append(_package_table(pkg, lang, fmt, names))
    out.append(
        f"{label('horizon_cost', lang)} ({label('years', lang, n=rec.horizon_years)}): "
        f"{format_money(pkg.horizon_cost, lang)}; {label('per_business_year', lang)}: "
        f"{format_decimal(pkg.cost_per_business_per_year, lang, grouped=True)}\n"
    )
    out.append("\n" + _payer_table(rec, lang, fmt))
    headers = [label(k, lang) for k in ("problem", "weight", "reduction", "incidents_after")]
    rows: list[list[Any]] = [
        [
            _problem(p, names, lang),
            Number(w, 3),
            Pct(pkg.added_reduction.get(p, 0)),
            Number(pkg.expected_incidents[p], 2) if p in pkg.expected_incidents else None,
        ]
        for p, w in rec.problem_weights.items()
    ]
    out.append("\n" + render_table(headers, rows, fmt, lang=lang))
    if rec.alternatives:
        out.append(f"\n{h}{label('alternatives', lang)}\n")
        headers = [label(k, lang) for k in ("label", "one_off", "yearly", "benefit", "measure")]
        rows = [
            [
                vocab("package", a.label, lang),
                Money(a.one_off_cost),
                Money(a.yearly_cost),
                Number(a.benefit, 2),
                [m.id for m in a.measures],
            ]
            for a in (pkg, *rec.alternatives)
        ]
        out.append(render_table(headers, rows, fmt, lang=lang))
    if rec.warnings:
        out.append(f"\n{h}{label('warnings', lang)}\n")
        out.extend(f"- {w.text.get(lang)}\n" for w in rec.warnings)
    if rec.assumptions:
        out.append(f"\n{h}{label('assumptions', lang)}\n")
        out.extend(f"- {a.get(lang)}\n" for a in rec.assumptions)
    return "".join(out)


def render_explanations(items: list[MeasureExplanation], lang: Lang, fmt: Format) -> str:
    """Explanations as text (✓/✗ per condition), Markdown, CSV (one row per rule) or JSON.

    Statuses and roles are words in ``lang``; JSON keeps their ids for other tools."""
    if fmt is Format.json:
        return render_json([i.to_dict(lang) for i in items])
    if fmt is Format.csv:
        headers = [label(k, lang) for k in ("measure", "status", "rule", "role", "description")]
        rows = [
            [
                i.measure,
                vocab("status", i.status, lang),
                r.rule,
                vocab("role", r.role, lang) + ("" if r.fired else " (-)"),
                r.action.get(lang),
            ]
            for i in items
            for r in i.rules
        ]
        return render_table(headers, rows, fmt, lang=lang)
    md = fmt is Format.markdown
    out: list[str] = []
    for item in items:
        title = f"{item.measure} — {item.name.get(lang)}: {vocab('status', item.status, lang)}"
        out.append(f"## {title}" if md else title)
        out.append(f"  {item.summary.get(lang)}")
        out.extend(f"  - {reason.get(lang)}" for reason in item.reasons)
        out.extend(f"  ≈ {note.get(lang)}" for note in item.uncertainty)
        for r in item.rules:
            mark = "✓" if r.fired else "✗"
            out.append(f"  {mark} {label('rule', lang)} {r.rule}: {r.action.get(lang)}")
            out.extend(f"  {line}" for t in r.conditions for line in t.lines(2))
        out.append("")
    return "\n".join(out) + "\n"


def _band_json(bands: Bands | None, k: int) -> dict[str, Any]:
    if bands is None:
        return {}
    b = bands.points[k]
    return {
        "benefit_band": b.benefit.model_dump(),
        "incidents_band": {p: r.model_dump() for p, r in b.incidents.items()},
    }


def _band_headers(bands: Bands | None, lang: Lang) -> list[str]:
    if bands is None:
        return []
    lo, _, hi = bands.percentiles
    return [
        label("benefit_low", lang, q=lo),
        label("benefit_high", lang, q=hi),
        label("incidents_band", lang, lo=lo, hi=hi),
    ]


def _band_cells(bands: Bands | None, k: int, lang: Lang) -> list[Any]:
    if bands is None:
        return []
    b = bands.points[k]
    incidents = "; ".join(
        f"{p} {format_number(r.low, lang, 2)}-{format_number(r.high, lang, 2)}"
        for p, r in sorted(b.incidents.items())
    )
    return [Number(b.benefit.low, 2), Number(b.benefit.high, 2), incidents]


def render_frontier(
    points: list[FrontierPoint], lang: Lang, fmt: Format, bands: Bands | None = None
) -> str:
    """Frontier points (cheapest first) as a table, Markdown, CSV or JSON; ``K`` marks the knee.

    With ``bands`` (``frontier --samples``): each point's benefit and incidents as ranges.
    """
    if fmt is Format.json:
        return render_json([asdict(p) | _band_json(bands, k) for k, p in enumerate(points)])
    headers = [
        label(k, lang) for k in ("horizon_cost", "one_off", "yearly", "benefit", "measure")
    ] + [label("knee", lang)]
    headers += _band_headers(bands, lang)
    rows = [
        [
            Money(p.horizon_cost),
            Money(p.one_off_cost),
            Money(p.yearly_cost),
            Number(p.benefit, 2),
            list(p.measures),
            "K" if p.knee else "",
            *_band_cells(bands, k, lang),
        ]
        for k, p in enumerate(points)
    ]
    return render_table(headers, rows, fmt, lang=lang)


def render_sweep(
    points: list[SweepPoint], lang: Lang, fmt: Format, bands: Bands | None = None
) -> str:
    """The recommended package per budget step as a table, Markdown, CSV or JSON.

    With ``bands`` (``sweep --samples``): each step's benefit and incidents as ranges.
    """
    if fmt is Format.json:
        return render_json(
            [
                {
                    "budget_one_off": p.budget_one_off,
                    "budget_yearly": p.budget_yearly,
                    "recommended": p.package.model_dump(mode="json", context={"lang": lang}),
                }
                | _band_json(bands, k)
                for k, p in enumerate(points)
            ]
        )
    return render_table(*_sweep_table(points, lang, bands), fmt, lang=lang)


def _sweep_table(
    points: list[SweepPoint], lang: Lang, bands: Bands | None = None
) -> tuple[list[str], list[list[Any]]]:
    headers = [label("budget", lang) + " " + label(k, lang) for k in ("one_off", "yearly")]
    headers += [label(k, lang) for k in ("one_off", "yearly", "benefit", "measure")]
    headers += _band_headers(bands, lang)
    rows: list[list[Any]] = [
        [
            Money(p.budget_one_off),
            Money(p.budget_yearly),
            Money(p.package.one_off_cost),
            Money(p.package.yearly_cost),
            Number(p.package.benefit, 2),
            [m.id for m in p.package.measures],
            *_band_cells(bands, k, lang),
        ]
        for k, p in enumerate(points)
    ]
    return headers, rows


def render_sweep_xlsx(points: list[SweepPoint], lang: Lang, bands: Bands | None = None) -> bytes:
    """The sweep as an .xlsx sheet: budgets, costs and benefit as numbers (and their bands)."""
    headers, rows = _sweep_table(points, lang, bands)
    return xlsx_bytes(headers, rows, lang, title="sweep")
