"""Catalogue commands: measures, measures show, problems, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..advice.texts import label
from ..authoring.validate import validate_paths
from ..core.catalogue import filter_measures
from ..core.errors import KvoError, Location
from ..core.i18n import msg, translate
from ..core.model import AreaKind, Lang
from ..documents.render import Format, describe_measure, measures_table, problems_table, render_json
from .base import (
    CONTEXT,
    catalogue_from,
    echo,
    handle_errors,
    lang_option,
    main,
    measures_option,
    output_options,
    report_format_option,
)
from .exitcodes import ExitCode


@main.group("measures", invoke_without_command=True, context_settings=CONTEXT)
@click.option("--problem", help="Only measures with an effect on this problem type.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in AreaKind]),
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
    """List the measure catalogue: costs per unit, and how many units ('quantity') per 'per'.

    \b
    Examples:
      kvo-rules measures --problem burglary_business --kind business_park
      kvo-rules measures --category electronic --format csv > electronic.csv
      kvo-rules measures show street_lighting --lang en
    """
    if ctx.invoked_subcommand is not None:
        return
    cat = catalogue_from(measures_dir)
    chosen = filter_measures(cat, problem=problem, kind=kind, category=category)
    echo(measures_table(chosen, lang, Format(fmt)), nl=False)


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
    cat = catalogue_from(measures_dir)
    mid = cat.measure_id(measure_id)
    if mid is None:
        raise KvoError.at(_arg_location("MEASURE_ID"), cat.unknown_measure(measure_id))
    m = cat.measures[mid]
    if Format(fmt) is Format.json:
        echo(render_json(m.model_dump(mode="json", context={"lang": lang})), nl=False)
        return
    names = {pid: p.name for pid, p in cat.problems.items()}
    echo(describe_measure(m, lang, Format(fmt), names), nl=False)


def _arg_location(name: str) -> Any:
    return Location(f"<{name}>")


@main.command("problems", context_settings=CONTEXT)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in AreaKind]),
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
    cat = catalogue_from(measures_dir)
    items = [p for p in cat.problems.values() if kind is None or kind in p.areas]
    echo(problems_table(cat, items, lang, Format(fmt)), nl=False)


@main.command("validate", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@measures_option
@report_format_option
@lang_option
@handle_errors
def validate_cmd(paths: tuple[Path, ...], measures_dir: Path | None, fmt: str, lang: Lang) -> None:
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
        echo(
            render_json(
                {
                    "files": report.files,
                    "problems": [d.to_dict(lang) for d in report.diagnostics],
                    "warnings": [d.to_dict(lang) for d in report.warnings],
                }
            ),
            nl=False,
        )
    else:
        for d in report.diagnostics:
            echo(d.text(lang))
        for w in report.warnings:
            echo(
                translate(
                    msg(
                        "{where}: warning {code}: {message}",
                        where=w.location,
                        code=w.code,
                        message=w.message,
                    ),
                    lang,
                )
            )
        if report.ok:
            echo(label("files_ok", lang, n=report.files), err=True)
    if not report.ok:
        raise SystemExit(ExitCode.INPUT_ERROR)
