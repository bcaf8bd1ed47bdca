"""The ``kvo-rules`` command line: parse options, call the library, render, map errors to exits."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from . import __version__
from .catalogue import Catalogue, filter_measures, load_catalogue
from .engine import Engine
from .errors import KvoError
from .exitcodes import ExitCode
from .explain import explain
from .model import Lang, Measure
from .render import Format, describe_measure, render_json, render_table
from .results import Package, Recommendation
from .texts import label, money
from .validate import validate_paths

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(error: KvoError) -> None:
    for diagnostic in error.diagnostics:
        click.echo(str(diagnostic), err=True)
    raise SystemExit(ExitCode.INTERNAL_ERROR if error.internal else ExitCode.INPUT_ERROR)


def handle_errors(func: F) -> F:
    """Turn library errors into messages and exit codes; never show a traceback for them."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KvoError as error:
            _fail(error)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            raise SystemExit(ExitCode.OK) from None
        except Exception as error:  # a bug: say so plainly
            click.echo(f"kvo-rules: internal error: {error!r}", err=True)
            click.echo("Please report this with the command and input that caused it.", err=True)
            if os.environ.get("KVO_RULES_DEBUG"):
                traceback.print_exc()
            raise SystemExit(ExitCode.INTERNAL_ERROR) from None

    return cast(F, wrapper)


def output_options(func: F) -> F:
    """The shared ``--format`` and ``--lang`` options."""
    func = click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default="nl",
        show_default=True,
        help="Language of names and texts.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in Format]),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def measures_option(func: F) -> F:
    """``--measures DIR``: the catalogue to use."""
    return click.option(
        "--measures",
        "measures_dir",
        type=click.Path(exists=True, path_type=Path),
        help="Catalogue directory (default: the bundled measures/).",
    )(func)


def engine_options(func: F) -> F:
    """``--rules DIR`` and ``--measures DIR``."""
    func = measures_option(func)
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(exists=True, path_type=Path),
        help="Rule directory or file (default: the bundled rulesets/).",
    )(func)


def _catalogue(measures_dir: Path | None) -> Catalogue:
    from .bundled import bundled_dir

    return load_catalogue(measures_dir or bundled_dir("measures"))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kvo-rules")
def main() -> None:
    """From a KVO safety analysis to ranked, cost-aware measure packages.

    \b
    Start with:
      kvo-rules recommend examples/business_park_dark.yaml
      kvo-rules explain examples/business_park_dark.yaml street_lighting --lang en
      kvo-rules measures --problem shoplifting
      kvo-rules validate my_profile.yaml
    """


# --- catalogue -------------------------------------------------------------------------------


def _measure_rows(measures: list[Measure], lang: Lang) -> list[list[Any]]:
    return [
        [
            m.id,
            m.name.get(lang),
            m.category.value,
            [a.value for a in m.areas],
            m.owner.value,
            m.cost.per.value,
            money(m.cost.one_off.amount if m.cost.one_off else 0, lang),
            money(m.cost.yearly.amount if m.cost.yearly else 0, lang),
        ]
        for m in measures
    ]


@main.group("measures", invoke_without_command=True, context_settings=CONTEXT)
@click.option("--problem", help="Only measures with an effect on this problem type.")
@click.option(
    "--kind",
    type=click.Choice(["business_park", "shopping_area"]),
    help="Only measures that fit this kind of area.",
)
@click.option(
    "--category",
    type=click.Choice(["organisational", "physical", "electronic"]),
    help="Only this OBE category.",
)
@measures_option
@output_options
@click.pass_context
@handle_errors
def measures_cmd(
    ctx: click.Context,
    problem: str | None,
    kind: str | None,
    category: str | None,
    measures_dir: Path | None,
    fmt: str,
    lang: Lang,
) -> None:
    """List the measure catalogue (costs are per unit: see the 'per' column).

    \b
    Examples:
      kvo-rules measures --problem burglary_business --kind business_park
      kvo-rules measures --category electronic --format csv > electronic.csv
      kvo-rules measures show street_lighting --lang en
    """
    if ctx.invoked_subcommand is not None:
        return
    cat = _catalogue(measures_dir)
    chosen = filter_measures(cat, problem=problem, kind=kind, category=category)
    headers = [
        label(k, lang)
        for k in ("id", "name", "category", "areas", "owner", "per", "one_off", "yearly")
    ]
    records = [m.model_dump(mode="json", context={"lang": lang}) for m in chosen]
    click.echo(
        render_table(headers, _measure_rows(chosen, lang), Format(fmt), records=records), nl=False
    )


@measures_cmd.command("show", context_settings=CONTEXT)
@click.argument("measure_id")
@measures_option
@output_options
@handle_errors
def measures_show(measure_id: str, measures_dir: Path | None, fmt: str, lang: Lang) -> None:
    """Show one measure: description, cost, effects with their evidence, requirements.

    \b
    Example:
      kvo-rules measures show cctv_public_monitored --lang en
    """
    cat = _catalogue(measures_dir)
    mid = cat.measure_id(measure_id)
    if mid is None:
        raise KvoError.at(_arg_location("MEASURE_ID"), cat.unknown_measure(measure_id))
    m = cat.measures[mid]
    if Format(fmt) is Format.json:
        click.echo(render_json(m.model_dump(mode="json", context={"lang": lang})), nl=False)
        return
    click.echo(describe_measure(m, lang, Format(fmt)), nl=False)


def _arg_location(name: str) -> Any:
    from .errors import Location

    return Location(f"<{name}>")


@main.command("problems", context_settings=CONTEXT)
@click.option(
    "--kind",
    type=click.Choice(["business_park", "shopping_area"]),
    help="Only problem types that occur in this kind of area.",
)
@measures_option
@output_options
@handle_errors
def problems_cmd(kind: str | None, measures_dir: Path | None, fmt: str, lang: Lang) -> None:
    """List the problem vocabulary: the ids a profile uses, with harm weights.

    \b
    Example:
      kvo-rules problems --kind shopping_area --lang en
    """
    cat = _catalogue(measures_dir)
    items = [p for p in cat.problems.values() if kind is None or kind in p.areas]
    headers = [label(k, lang) for k in ("id", "name", "areas", "harm_weight", "n_measures")]
    rows = [
        [
            p.id,
            p.name.get(lang),
            [a.value for a in p.areas],
            f"{p.harm_weight:g}",
            sum(1 for m in cat.measures.values() if any(e.problem == p.id for e in m.effects)),
        ]
        for p in items
    ]
    records = [p.model_dump(mode="json", context={"lang": lang}) for p in items]
    click.echo(render_table(headers, rows, Format(fmt), records=records), nl=False)


@main.command("validate", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@measures_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@handle_errors
def validate_cmd(paths: tuple[Path, ...], measures_dir: Path | None, fmt: str) -> None:
    """Check catalogue files, rule files and profiles; report every problem.

    PATHS are files or directories; without any, the bundled catalogue, rules and examples
    are checked. Each problem is printed as `file:line:col: message`; the exit code is 2 when
    anything was found.

    \b
    Examples:
      kvo-rules validate
      kvo-rules validate my_profile.yaml
      kvo-rules validate measures/ rulesets/ --format json
    """
    report = validate_paths(list(paths), measures=measures_dir)
    if fmt == "json":
        click.echo(
            render_json(
                {
                    "files": report.files,
                    "problems": [d.to_dict() for d in report.diagnostics],
                }
            ),
            nl=False,
        )
    else:
        for d in report.diagnostics:
            click.echo(str(d))
        if report.ok:
            click.echo(label("files_ok", "en", n=report.files), err=True)
    if not report.ok:
        raise SystemExit(ExitCode.INPUT_ERROR)


# --- recommend and explain -------------------------------------------------------------------


def _engine(rules_dir: Path | None, measures_dir: Path | None) -> Engine:
    return Engine(rules_dir, measures_dir)


def _budget_options(func: F) -> F:
    func = click.option(
        "--horizon",
        type=click.IntRange(1, 10),
        help="Years over which costs are counted (overrides the profile).",
    )(func)
    func = click.option(
        "--budget-yearly",
        type=click.FloatRange(min=0),
        help="Yearly budget in euros (overrides the profile).",
    )(func)
    return click.option(
        "--budget-one-off",
        type=click.FloatRange(min=0),
        help="One-off budget in euros (overrides the profile).",
    )(func)


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
        f"{label('per_business_year', lang)}: {pkg.cost_per_business_per_year:,.2f}\n"
    )
    headers = [label(k, lang) for k in ("problem", "weight", "reduction", "incidents_after")]
    rows: list[list[Any]] = [
        [
            p,
            f"{w:g}",
            f"{pkg.expected_reduction.get(p, 0) * 100:.0f}%",
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
    prof = engine.load_profile(profile)
    rec = engine.recommend(
        prof, budget_one_off=budget_one_off, budget_yearly=budget_yearly, horizon_years=horizon
    )
    from .engine import with_overrides

    prof = with_overrides(prof, budget_one_off, budget_yearly, horizon)
    items = explain(engine.catalogue, engine.rulebase, prof, rec, measure, lang)
    output = Format(fmt)
    if output is Format.json:
        click.echo(render_json([i.to_dict(lang) for i in items]), nl=False)
        return
    if output is Format.csv:
        headers = [label(k, lang) for k in ("measure", "status", "rule", "status", "description")]
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


@main.command("schema", context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Directory to write into.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when a schema file is missing or out of date.",
)
@handle_errors
def schema_cmd(out_dir: Path, check: bool) -> None:
    """Write the JSON Schemas of profiles, catalogue and rule files, and the JSON output.

    Editors use them to complete and check YAML as you type (the first line of each bundled
    file points at its schema).

    \b
    Examples:
      kvo-rules schema
      kvo-rules schema --check
    """
    from .schemas import schema_texts, write_schemas

    if check:
        stale = [
            name
            for name, text in schema_texts().items()
            if not (out_dir / name).is_file()
            or (out_dir / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            click.echo(f"{out_dir / name}: out of date (run: kvo-rules schema)")
        raise SystemExit(ExitCode.FINDINGS if stale else ExitCode.OK)
    for path in write_schemas(out_dir):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
