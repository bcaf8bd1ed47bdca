"""The plan command: a draft plan of action as Markdown, HTML or JSON, and the measures matrix
as CSV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from ..core.atomic import check_targets, write_atomic
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.model import Lang
from ..documents.plan import (
    PlanFormat,
    format_for_path,
    plan_for,
    render,
    render_matrix_csv,
    render_matrix_xlsx,
)
from .base import (
    CONTEXT,
    budget_options,
    echo,
    engine_from,
    engine_options,
    handle_errors,
    main,
    sample_options,
)


@main.command("plan", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .md, .html/.htm or .json (or say which with --format); "
    "'-' writes to standard output (Markdown unless --format says otherwise).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in PlanFormat]),
    help="Document format (default: from the output file's extension).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    envvar="KVO_LANG",
    show_default=True,
    help="Language of the document.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="First day of the plan, YYYY-MM-DD (default: today); every date follows from it.",
)
@click.option(
    "--matrix",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the measures matrix: .xlsx (a spreadsheet with a status drop-down) or "
    ".csv (Dutch: ; separated, decimal comma; UTF-8 with BOM).",
)
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@budget_options
@sample_options
@engine_options
@handle_errors
def plan_cmd(
    profile: Path,
    output: Path,
    fmt: str | None,
    lang: Lang,
    start: datetime | None,
    matrix: Path | None,
    force: bool,
    budget_one_off: float | None,
    budget_yearly: float | None,
    horizon: int | None,
    samples: int | None,
    seed: int,
    rules_dir: Path | None,
    measures_dir: Path | None,
) -> None:
    """Write a draft plan of action (plan van aanpak) for a problem profile.

    The plan has the area and its starting point, the analysed problems by weight, a
    measurable goal per problem with its indicator, the measures matrix (owner, start and
    realisation date, costs, status), the budget per owner and per year, what was considered
    and not chosen and why, and when the effects are measured before recertification.
    Dutch by default. Files are written atomically; an existing file is only replaced with
    --force. `--format json` is the plan as data for other tools.

    \b
    Examples:
      kvo-rules plan examples/business_park_dark.yaml -o plan.html
      kvo-rules plan my_area.yaml -o plan.md --lang en --start 2025-03-01
      kvo-rules plan my_area.yaml -o plan.html --matrix matrix.csv --force
      kvo-rules plan my_area.yaml -o plan.html --matrix matrix.xlsx
      kvo-rules plan my_area.yaml -o plan.json --budget-one-off 80000
      kvo-rules plan my_area.yaml -o - --format html > plan.html
      kvo-rules plan my_area.yaml -o plan.md --samples 500

    With --samples the goals also show the expected incidents as ranges ("26 -> 14-19 a
    year", 8 in 10 samples), and the goals chapter says how sure they are and which effect a
    local measurement would best settle the choice on. The JSON then carries the ranges, so
    `evaluate` compares the follow-up figures with them.
    """
    stdout = str(output) == "-"
    if fmt is not None:
        doc_format = PlanFormat(fmt)
    else:
        doc_format = PlanFormat.md if stdout else format_for_path(output)
    if matrix is not None and str(matrix) == "-":
        raise KvoError.at(Location("--matrix"), msg("give a file name ('-' is only for --output)"))
    if matrix is not None and not stdout and matrix.resolve() == output.resolve():
        raise KvoError.at(Location(str(matrix)), msg("--matrix must be another file than --output"))
    targets = ([] if stdout else [output]) + ([] if matrix is None else [matrix])
    check_targets(targets, force=force)

    engine = engine_from(rules_dir, measures_dir)
    plan = plan_for(
        engine,
        engine.load_profile(profile),
        start.date() if start is not None else date.today(),
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=horizon,
        samples=samples,
        seed=seed,
    )

    # Render everything before writing anything.
    document = render(plan, doc_format, lang)
    table: str | bytes | None = None
    if matrix is not None:
        xlsx = matrix.suffix.lower() == ".xlsx"
        table = render_matrix_xlsx(plan, lang) if xlsx else render_matrix_csv(plan, lang)

    if stdout:
        click.echo(document, nl=False)
    else:
        write_atomic(output, document, force=force)
        echo(str(output), err=True)
    if matrix is not None and table is not None:
        write_atomic(matrix, table, force=force)
        echo(str(matrix), err=True)
