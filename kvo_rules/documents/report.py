"""Text renderings of results (tables, Markdown, CSV, JSON) for people and other tools."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..advice.bands import Bands
from ..advice.explain import MeasureExplanation
from ..advice.frontier import FrontierPoint
from ..advice.results import Package, PackageMeasure, Recommendation
from ..advice.sweep import SweepPoint
from ..advice.texts import label, measure_name
from ..core.model import Lang
from ..core.words import format_decimal, format_money
from .render import Format, render_json, render_table

__all__ = ["render_explanations", "render_frontier", "render_recommendation", "render_sweep"]


def _party(party: str, lang: Lang) -> str:
    return label(f"party.{party}", lang)


def _payers(m: PackageMeasure, lang: Lang) -> str:
    parts = [
        _party(p, lang) if share == 1 else f"{_party(p, lang)} {share:.0%}"
        for p, share in m.payer.items()
    ]
    if m.hour_payer is not None:
        hours = format_decimal(m.hours_per_year, lang, 0, grouped=True)
        parts.append(f"{_party(m.hour_payer.value, lang)} ({hours} h)")
    return ", ".join(parts)


def _package_table(pkg: Package, lang: Lang, fmt: Format) -> str:
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
            format_money(m.one_off_cost, lang),
            format_money(m.yearly_cost, lang),
            format_money(m.cost_per_prevented_incident, lang)
            if m.cost_per_prevented_incident is not None
            else "",
            list(m.addresses),
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
            format_money(pkg.one_off_cost, lang),
            format_money(pkg.yearly_cost, lang),
            "",
            "",
        ]
    )
    return render_table(headers, rows, fmt)


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
            shown = f"{format_decimal(cap['hours_per_year'], lang, 0, grouped=True)} h"
        else:
            shown = f"{format_money(cap['one_off'], lang)} / {format_money(cap['yearly'], lang)}"
        rows.append(
            [
                name,
                format_money(one_off, lang) if one_off is not None else "",
                format_money(yearly, lang) if yearly is not None else "",
                format_decimal(hours, lang, 0, grouped=True) if hours is not None else "",
                shown,
            ]
        )
    return render_table(headers, rows, fmt)


def render_recommendation(rec: Recommendation, lang: Lang, fmt: Format) -> str:
    """A recommendation as text (table or Markdown), CSV (the package) or JSON (everything)."""
    if fmt is Format.json:
        return render_json(rec.model_dump(mode="json", context={"lang": lang}))
    if fmt is Format.csv:
        return _package_table(rec.recommended, lang, fmt)
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
    out.append(f"{'# ' if md else ''}{rec.area} ({rec.kind.value}) — {budget}\n")
    pkg = rec.recommended
    proof = label("optimal", lang) if rec.optimal else f"{label('not_optimal', lang)} {rec.gap:.3f}"
    out.append(f"{h}{label('recommended', lang)} ({proof})\n")
    if pkg.note:
        out.append(pkg.note.get(lang) + "\n")
    out.append(_package_table(pkg, lang, fmt))
    out.append(
        f"{label('horizon_cost', lang)} ({rec.horizon_years}y): "
        f"{format_money(pkg.horizon_cost, lang)}; {label('per_business_year', lang)}: "
        f"{format_decimal(pkg.cost_per_business_per_year, lang, grouped=True)}\n"
    )
    out.append("\n" + _payer_table(rec, lang, fmt))
    headers = [label(k, lang) for k in ("problem", "weight", "reduction", "incidents_after")]
    rows: list[list[Any]] = [
        [
            p,
            f"{w:g}",
            f"{pkg.added_reduction.get(p, 0) * 100:.0f}%",
            f"{pkg.expected_incidents[p]:g}" if p in pkg.expected_incidents else "",
        ]
        for p, w in rec.problem_weights.items()
    ]
    out.append("\n" + render_table(headers, rows, fmt))
    if rec.alternatives:
        out.append(f"\n{h}{label('alternatives', lang)}\n")
        headers = [label(k, lang) for k in ("label", "one_off", "yearly", "benefit", "measure")]
        rows = [
            [
                a.label,
                format_money(a.one_off_cost, lang),
                format_money(a.yearly_cost, lang),
                f"{a.benefit:.2f}",
                [m.id for m in a.measures],
            ]
            for a in rec.alternatives
        ]
        rows.insert(
            0,
            [
                pkg.label,
                format_money(pkg.one_off_cost, lang),
                format_money(pkg.yearly_cost, lang),
                f"{pkg.benefit:.2f}",
                [m.id for m in pkg.measures],
            ],
        )
        out.append(render_table(headers, rows, fmt))
    if rec.warnings:
        out.append(f"\n{h}{label('warnings', lang)}\n")
        out.extend(f"- {w.text.get(lang)}\n" for w in rec.warnings)
    if rec.assumptions:
        out.append(f"\n{h}{label('assumptions', lang)}\n")
        out.extend(f"- {a.get(lang)}\n" for a in rec.assumptions)
    return "".join(out)


def render_explanations(items: list[MeasureExplanation], lang: Lang, fmt: Format) -> str:
    """Explanations as text (✓/✗ per condition), Markdown, CSV (one row per rule) or JSON."""
    if fmt is Format.json:
        return render_json([i.to_dict(lang) for i in items])
    if fmt is Format.csv:
        headers = [label(k, lang) for k in ("measure", "status", "rule", "role", "description")]
        rows = [
            [i.measure, i.status, r.rule, r.role + ("" if r.fired else " (-)"), r.action.get(lang)]
            for i in items
            for r in i.rules
        ]
        return render_table(headers, rows, fmt)
    md = fmt is Format.markdown
    out: list[str] = []
    for item in items:
        title = f"{item.measure} — {item.name.get(lang)}: {item.status}"
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


def _band_cells(bands: Bands | None, k: int) -> list[Any]:
    if bands is None:
        return []
    b = bands.points[k]
    incidents = "; ".join(f"{p} {r.low:g}-{r.high:g}" for p, r in sorted(b.incidents.items()))
    return [f"{b.benefit.low:.2f}", f"{b.benefit.high:.2f}", incidents]


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
    ] + ["knee"]
    headers += _band_headers(bands, lang)
    rows = [
        [
            format_money(p.horizon_cost, lang),
            format_money(p.one_off_cost, lang),
            format_money(p.yearly_cost, lang),
            f"{p.benefit:.2f}",
            list(p.measures),
            "K" if p.knee else "",
            *_band_cells(bands, k),
        ]
        for k, p in enumerate(points)
    ]
    return render_table(headers, rows, fmt)


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
    headers = [label("budget", lang) + " " + label(k, lang) for k in ("one_off", "yearly")]
    headers += [label(k, lang) for k in ("one_off", "yearly", "benefit", "measure")]
    headers += _band_headers(bands, lang)
    rows = [
        [
            format_money(p.budget_one_off, lang),
            format_money(p.budget_yearly, lang),
            format_money(p.package.one_off_cost, lang),
            format_money(p.package.yearly_cost, lang),
            f"{p.package.benefit:.2f}",
            [m.id for m in p.package.measures],
            *_band_cells(bands, k),
        ]
        for k, p in enumerate(points)
    ]
    return render_table(headers, rows, fmt)
