"""Commands over many runs: batch (many profiles) and sweep (many budgets)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..advice.bands import sweep_bands
from ..advice.batch import read_items, run_batch
from ..advice.sweep import sweep
from ..core.atomic import check_target, write_atomic
from ..core.i18n import msg
from ..core.model import Lang
from ..documents.charts import sweep_chart
from ..documents.render import Format
from ..documents.report import render_sweep, render_sweep_xlsx
from .base import (
    CONTEXT,
    echo,
    engine_from,
    engine_options,
    handle_errors,
    main,
    output_options,
    sample_options,
)
from .clicktext import cli_text
from .exitcodes import ExitCode
from .steps import parse_steps

_SWEEP_FILES: dict[str, Format | None] = {
    ".xlsx": None,
    ".csv": Format.csv,
    ".md": Format.markdown,
    ".json": Format.json,
}
"""``sweep -o``: the file's ending -> its format (None: the spreadsheet)."""


@main.command("batch", context_settings=CONTEXT)
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file: .jsonl (one record per profile), or .csv or .xlsx (one row per profile).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes (durable_rules holds the GIL: threads would not help).",
)
@click.option(
    "--resume", is_flag=True, help="Continue an interrupted run without redoing finished profiles."
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    envvar="KVO_LANG",
    show_default=True,
    help="Language of names and texts in the records.",
)
@engine_options
@handle_errors
def batch_cmd(
    input_path: Path,
    output: Path,
    jobs: int,
    resume: bool,
    force: bool,
    lang: Lang,
    rules_dir: Path | None,
    measures_dir: Path | None,
) -> None:
    """Recommend for every profile in a directory or a JSON Lines file.

    Records are written in input order. A profile that fails validation gets an error record
    (its source and message) and the others still run; the exit code is then 1. Progress is
    journalled beside the output, so `--resume` continues an interrupted run; the output
    itself is written atomically when the run completes.

    \b
    Examples:
      kvo-rules batch examples/ -o advice.jsonl
      kvo-rules batch region.jsonl -o region.csv --jobs 2
      kvo-rules batch region.jsonl -o region.csv --jobs 2 --resume
      kvo-rules batch examples/ -o advice.xlsx --force
    """
    suffix = output.suffix.lower()
    if suffix not in (".jsonl", ".csv", ".xlsx"):
        raise click.BadParameter(
            cli_text(msg("the output must end in .jsonl, .csv or .xlsx")), param_hint="--output"
        )
    items = read_items(input_path)
    show = sys.stderr.isatty()
    with click.progressbar(
        length=len(items), label="profiles", file=sys.stderr, hidden=not show
    ) as bar:
        summary = run_batch(
            items,
            output,
            rules=rules_dir,
            measures=measures_dir,
            jobs=jobs,
            lang=lang,
            fmt=suffix[1:],
            resume=resume,
            force=force,
            progress=bar.update,
        )
    echo(
        f"{summary.total} profiles: {summary.ok} ok, {summary.failed} failed"
        + (f" ({summary.resumed} from the earlier run)" if summary.resumed else "")
        + f"; written to {output}",
        err=True,
    )
    if summary.failed:
        raise SystemExit(ExitCode.FINDINGS)


@main.command("sweep", context_settings=CONTEXT)
@click.argument("profile", type=click.Path(path_type=Path))
@click.option(
    "--budget-one-off",
    "one_off",
    metavar="START:STOP:STEP",
    help="One-off budgets to try (euros), e.g. 10000:200000:10000.",
)
@click.option(
    "--budget-yearly",
    "yearly",
    metavar="START:STOP:STEP",
    help="Yearly budgets to try (euros), e.g. 0:60000:5000.",
)
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to a file instead: .xlsx (a spreadsheet), .csv, .md or .json by its name.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option(
    "--chart/--no-chart",
    default=True,
    show_default=True,
    help="With the table: a text chart of benefit per budget.",
)
@sample_options
@engine_options
@output_options
@handle_errors
def sweep_cmd(
    profile: Path,
    one_off: str | None,
    yearly: str | None,
    output_file: Path | None,
    force: bool,
    chart: bool,
    samples: int | None,
    seed: int,
    rules_dir: Path | None,
    measures_dir: Path | None,
    fmt: str,
    lang: Lang,
) -> None:
    """The recommended package at each budget step: where extra money stops buying safety.

    A dimension you do not sweep keeps the profile's own budget.

    \b
    Examples:
      kvo-rules sweep examples/business_park_dark.yaml --budget-one-off 0:200000:20000
      kvo-rules sweep examples/shopping_area_theft.yaml --budget-yearly 0:120000:10000 --format csv
      kvo-rules sweep examples/business_park_dark.yaml --budget-one-off 0:200000:20000 -o sweep.xlsx
      kvo-rules sweep examples/business_park_dark.yaml --budget-one-off 0:200000:50000 --samples 200

    With --samples every step also gets its benefit and expected incidents as a band (10th-90th
    percentile over the samples; the chart shades it ░).
    """
    if output_file is not None:
        suffix = output_file.suffix.lower()
        if suffix not in _SWEEP_FILES:
            raise click.BadParameter(
                cli_text(msg("the output must end in .xlsx, .csv, .md or .json")),
                param_hint="--output",
            )
        check_target(output_file, force=force)
    engine = engine_from(rules_dir, measures_dir)
    prof = engine.load_profile(profile)
    points = sweep(
        engine,
        prof,
        parse_steps(one_off, "--budget-one-off") if one_off else None,
        parse_steps(yearly, "--budget-yearly") if yearly else None,
    )
    bands = None
    if samples is not None:
        bands = sweep_bands(engine, prof, points, samples=samples, seed=seed)
    if output_file is not None:
        kind = _SWEEP_FILES[output_file.suffix.lower()]
        data: str | bytes = (
            render_sweep_xlsx(points, lang, bands)
            if kind is None
            else render_sweep(points, lang, kind, bands)
        )
        write_atomic(output_file, data, force=force)
        echo(str(output_file), err=True)
        return
    output = Format(fmt)
    echo(render_sweep(points, lang, output, bands), nl=False)
    if output is Format.json:
        return
    if chart and output in (Format.table, Format.markdown):
        echo("\n" + sweep_chart(points, lang, bands=bands), nl=False)
