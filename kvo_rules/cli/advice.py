"""Advice commands: recommend and explain."""

from __future__ import annotations

from pathlib import Path

import click

from ..advice.bands import frontier_bands
from ..advice.frontier import frontier_points
from ..core.model import Lang
from ..documents.charts import frontier_plot
from ..documents.render import Format
from ..documents.report import render_explanations, render_frontier, render_recommendation
from ..documents.uncertainty import render_uncertainty
from .base import (
    CONTEXT,
    budget_options,
    echo,
    engine_from,
    engine_options,
    handle_errors,
    main,
    output_options,
    sample_options,
)


@main.command("recommend", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@budget_options
@sample_options
@engine_options
@output_options
@handle_errors
def recommend_cmd(
    profile: Path,
    budget_one_off: float | None,
    budget_yearly: float | None,
    horizon: int | None,
    samples: int | None,
    seed: int,
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
      kvo-rules recommend my_area.yaml --samples 500 --seed 7 --format json
    """
    engine = engine_from(rules_dir, measures_dir)
    prof = engine.load_profile(profile)
    rec = engine.recommend(
        prof,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=horizon,
        samples=samples,
        seed=seed,
    )
    output = Format(fmt)
    names = {pid: p.name for pid, p in engine.catalogue.problems.items()}
    echo(render_recommendation(rec, lang, output, names), nl=False)
    if rec.uncertainty is not None and output in (Format.table, Format.markdown):
        echo(
            "\n" + render_uncertainty(rec, lang, markdown=output is Format.markdown, names=names),
            nl=False,
        )


@main.command("explain", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.argument("measure", required=False)
@budget_options
@sample_options
@engine_options
@output_options
@handle_errors
def explain_cmd(
    profile: Path,
    measure: str | None,
    budget_one_off: float | None,
    budget_yearly: float | None,
    horizon: int | None,
    samples: int | None,
    seed: int,
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
      kvo-rules explain examples/business_park_dark.yaml --budget-one-off 60000 --samples 100

    With --samples, also how often each measure is in the best package over the samples
    and, where the robust package differs from the recommended one, which uncertain effect
    drives it (lines marked ≈).
    """
    engine = engine_from(rules_dir, measures_dir)
    items = engine.explain(
        engine.load_profile(profile),
        measure,
        lang=lang,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=horizon,
        samples=samples,
        seed=seed,
    )
    echo(render_explanations(items, lang, Format(fmt)), nl=False)


@main.command("frontier", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.option(
    "--plot/--no-plot",
    default=True,
    show_default=True,
    help="With the table: a text plot of benefit against cost.",
)
@sample_options
@engine_options
@output_options
@handle_errors
def frontier_cmd(
    profile: Path,
    plot: bool,
    samples: int | None,
    seed: int,
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
      kvo-rules frontier examples/shopping_area_village.yaml --samples 200 --format json

    With --samples every point also gets its benefit and expected incidents as a band
    (10th-90th percentile over the samples; the plot draws it as ┊).
    """
    engine = engine_from(rules_dir, measures_dir)
    prof = engine.load_profile(profile)
    points = frontier_points(engine, prof)
    bands = None
    if samples is not None:
        bands = frontier_bands(engine, prof, points, samples=samples, seed=seed)
    output = Format(fmt)
    echo(render_frontier(points, lang, output, bands), nl=False)
    if output is Format.json:
        return
    if plot and output in (Format.table, Format.markdown):
        echo("\n" + frontier_plot(points, lang, bands=bands), nl=False)
