"""Advice commands: recommend and explain."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from ..frontier import frontier_points, render_plot
from ..model import Lang
from ..render import Format, render_json, render_table
from ..results import Package, Recommendation
from ..texts import decimal, label, money
from .base import (
    CONTEXT,
    _budget_options,
    _engine,
    engine_options,
    handle_errors,
    main,
    output_options,
)


def _package_table(pkg: Package, lang: Lang, fmt: Format) -> str:
    headers = [
        label(k, lang) for k in ("rank", "id", "name", "owner", "one_off", "yearly", "addresses")
    ]
    rows = [
        [
            i,
            m.id,
            m.name.get(lang),
            m.owner.value,
            money(m.one_off_cost, lang),
            money(m.yearly_cost, lang),
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
            money(pkg.one_off_cost, lang),
            money(pkg.yearly_cost, lang),
            "",
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
    budget = (
        f"{label('budget', lang)}: {label('one_off', lang)} {money(rec.budget_one_off, lang)}, "
        f"{label('yearly', lang)} {money(rec.budget_yearly, lang)}"
        if rec.budget_one_off is not None or rec.budget_yearly is not None
        else label("no_budget", lang)
    )
    out.append(f"{'# ' if md else ''}{rec.area} ({rec.kind.value}) — {budget}\n")
    pkg = rec.recommended
    proof = label("optimal", lang) if rec.optimal else f"{label('not_optimal', lang)} {rec.gap:.3f}"
    out.append(f"{h}{label('recommended', lang)} ({proof})\n")
    if pkg.note:
        out.append(pkg.note.get(lang) + "\n")
    out.append(_package_table(pkg, lang, fmt))
    out.append(
        f"{label('horizon_cost', lang)} ({rec.horizon_years}y): {money(pkg.horizon_cost, lang)}; "
        f"{label('per_business_year', lang)}: {decimal(pkg.cost_per_business_per_year, lang)}\n"
    )
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
                money(a.one_off_cost, lang),
                money(a.yearly_cost, lang),
                f"{a.benefit:.2f}",
                [m.id for m in a.measures],
            ]
            for a in rec.alternatives
        ]
        rows.insert(
            0,
            [
                pkg.label,
                money(pkg.one_off_cost, lang),
                money(pkg.yearly_cost, lang),
                f"{pkg.benefit:.2f}",
                [m.id for m in pkg.measures],
            ],
        )
        out.append(render_table(headers, rows, fmt))
    if rec.assumptions:
        out.append(f"\n{h}{label('assumptions', lang)}\n")
        out.extend(f"- {a.get(lang)}\n" for a in rec.assumptions)
    return "".join(out)


@main.command("recommend", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@_budget_options
@engine_options
@output_options
@handle_errors
def recommend_cmd(
    profile: Path,
    budget_one_off: float | None,
    budget_yearly: float | None,
    horizon: int | None,
    rules_dir: Path | None,
    measures_dir: Path | None,
    fmt: str,
    lang: Lang,
) -> None:
    """Recommend a package of measures for a problem profile (YAML or JSON).

    Shows the recommended package within the budget, its cost and expected effect, and cheaper
    and bolder alternatives. `--format json` writes everything (fired rules, candidates with
    costs and adjusted effects) for other tools; its schema is schemas/recommendation.schema.json.

    \b
    Examples:
      kvo-rules recommend examples/business_park_dark.yaml
      kvo-rules recommend my_area.yaml --budget-one-off 80000 --lang en
      kvo-rules recommend my_area.yaml --format json > advice.json
    """
    engine = _engine(rules_dir, measures_dir)
    prof = engine.load_profile(profile)
    rec = engine.recommend(
        prof, budget_one_off=budget_one_off, budget_yearly=budget_yearly, horizon_years=horizon
    )
    click.echo(render_recommendation(rec, lang, Format(fmt)), nl=False)


@main.command("explain", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.argument("measure", required=False)
@_budget_options
@engine_options
@output_options
@handle_errors
def explain_cmd(
    profile: Path,
    measure: str | None,
    budget_one_off: float | None,
    budget_yearly: float | None,
    horizon: int | None,
    rules_dir: Path | None,
    measures_dir: Path | None,
    fmt: str,
    lang: Lang,
) -> None:
    """Explain why measures were proposed, required, excluded, adjusted or left out.

    With MEASURE, only that measure (also when no rule proposed it); without, every measure a
    fired rule names. Each rule is shown with its conditions, ✓ held / ✗ did not, and the
    profile's facts they looked at.

    \b
    Examples:
      kvo-rules explain examples/business_park_dark.yaml cctv_public_monitored
      kvo-rules explain examples/shopping_area_theft.yaml --lang en --format json
    """
    engine = _engine(rules_dir, measures_dir)
    items = engine.explain(
        engine.load_profile(profile),
        measure,
        lang=lang,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=horizon,
    )
    output = Format(fmt)
    if output is Format.json:
        click.echo(render_json([i.to_dict(lang) for i in items]), nl=False)
        return
    if output is Format.csv:
        headers = [label(k, lang) for k in ("measure", "status", "rule", "role", "description")]
        rows = [
            [i.measure, i.status, r.rule, r.role + ("" if r.fired else " (-)"), r.action.get(lang)]
            for i in items
            for r in i.rules
        ]
        click.echo(render_table(headers, rows, output), nl=False)
        return
    md = output is Format.markdown
    for item in items:
        title = f"{item.measure} — {item.name.get(lang)}: {item.status}"
        click.echo(f"## {title}" if md else title)
        click.echo(f"  {item.summary.get(lang)}")
        for reason in item.reasons:
            click.echo(f"  - {reason.get(lang)}")
        for r in item.rules:
            mark = "✓" if r.fired else "✗"
            click.echo(f"  {mark} {label('rule', lang)} {r.rule}: {r.action.get(lang)}")
            for t in r.conditions:
                for line in t.lines(2):
                    click.echo(f"  {line}")
        click.echo("")


@main.command("frontier", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.option(
    "--plot/--no-plot",
    default=True,
    show_default=True,
    help="With the table: a text plot of benefit against cost.",
)
@engine_options
@output_options
@handle_errors
def frontier_cmd(
    profile: Path,
    plot: bool,
    rules_dir: Path | None,
    measures_dir: Path | None,
    fmt: str,
    lang: Lang,
) -> None:
    """The cost-benefit frontier: every package no other package beats on cost and benefit.

    Budgets are ignored; costs are over the profile's horizon. `K` in the plot (and `knee` in
    the table) marks the knee: where extra money starts to buy the least extra safety.

    \b
    Examples:
      kvo-rules frontier examples/business_park_dark.yaml
      kvo-rules frontier examples/shopping_area_theft.yaml --format csv > frontier.csv
    """
    engine = _engine(rules_dir, measures_dir)
    points = frontier_points(engine, engine.load_profile(profile))
    output = Format(fmt)
    if output is Format.json:
        click.echo(render_json([asdict(p) for p in points]), nl=False)
        return
    headers = [
        label(k, lang) for k in ("horizon_cost", "one_off", "yearly", "benefit", "measure")
    ] + ["knee"]
    rows = [
        [
            money(p.horizon_cost, lang),
            money(p.one_off_cost, lang),
            money(p.yearly_cost, lang),
            f"{p.benefit:.2f}",
            list(p.measures),
            "K" if p.knee else "",
        ]
        for p in points
    ]
    click.echo(render_table(headers, rows, output), nl=False)
    if plot and output in (Format.table, Format.markdown):
        click.echo("\n" + render_plot(points, lang), nl=False)
