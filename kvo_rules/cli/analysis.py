"""The analysis command: ``analyse`` turns the safety analysis' raw data into a profile."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis import Sources, analyse, explain_text, profile_text
from ..analysis.severity import TREND_THRESHOLD
from ..core.atomic import check_targets, write_atomic
from ..core.model import Lang
from .base import CONTEXT, catalogue_from, handle_errors, lang_option, main, measures_option

_FILE = click.Path(dir_okay=False, path_type=Path)


@main.command("analyse", context_settings=CONTEXT)
@click.option("--area", "area", type=_FILE, required=True, help="The area file (YAML).")
@click.option(
    "--police",
    "police",
    type=_FILE,
    multiple=True,
    help="Registered crimes: the police's open-data export (CSV or OData JSON); repeatable.",
)
@click.option(
    "--crime-map",
    type=_FILE,
    help="Crime codes -> problem types (default: the bundled map for table 47022NED).",
)
@click.option("--survey", type=_FILE, help="The entrepreneurs' survey export (CSV).")
@click.option("--survey-map", type=_FILE, help="Survey questions -> problems and scores (YAML).")
@click.option("--walkthrough", type=_FILE, help="The walk-through's findings (CSV or YAML).")
@click.option(
    "-o",
    "--output",
    type=_FILE,
    help="The profile to write (default: print it on stdout).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--explain", is_flag=True, help="Print how every value was reached (the whole trace)."
)
@click.option(
    "--trend-threshold",
    type=click.FloatRange(0, 10, min_open=True),
    default=TREND_THRESHOLD,
    show_default=True,
    help="Relative change against the year before from which a trend rises or falls.",
)
@measures_option
@lang_option
@handle_errors
def analyse_cmd(
    area: Path,
    police: tuple[Path, ...],
    crime_map: Path | None,
    survey: Path | None,
    survey_map: Path | None,
    walkthrough: Path | None,
    output: Path | None,
    force: bool,
    explain: bool,
    trend_threshold: float,
    measures_dir: Path | None,
    lang: Lang,
) -> None:
    """Write a profile from the safety analysis' raw data (KVO step 2, the 0-meting).

    Reads the area file and any of: the police figures (open data on registered crimes per
    neighbourhood), the entrepreneurs' survey with its survey map, and the walk-through's
    findings. Severities, incident counts, trends, dark spots and participation follow the
    rules of docs/analysis.md; the written profile says in comments where every value came
    from, and --explain prints the whole trace. Warnings go to stderr. An existing file is
    never replaced without --force.

    \b
    Examples:
      kvo-rules analyse --area area.yaml --police police.csv -o profile.yaml
      kvo-rules analyse --area area.yaml --police police.csv --survey survey.csv \\
          --survey-map survey-map.yaml --walkthrough findings.csv -o profile.yaml --explain
    """
    if output is not None:
        check_targets([output], force=force)
    catalogue = catalogue_from(measures_dir)
    sources = Sources(area, police, crime_map, survey, survey_map, walkthrough)
    result = analyse(sources, catalogue, trend_threshold=trend_threshold)
    text = profile_text(result, catalogue, source=str(output or "<profile>"))
    for warning in result.trace.warnings:
        click.echo(warning.text(lang), err=True)
    if output is None:
        click.echo(text, nl=False)
        if explain:
            trace = explain_text(result).splitlines()
            click.echo("\n" + "\n".join(f"# {line}".rstrip() for line in trace))
        return
    write_atomic(output, text, force=force)
    click.echo(str(output), err=True)
    if explain:
        click.echo(explain_text(result), nl=False)
