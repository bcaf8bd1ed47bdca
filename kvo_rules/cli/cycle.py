"""The KVO cycle: ``evaluate`` judges a plan at its follow-up measurement and writes the profile
for the next cycle."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.atomic import check_targets, write_atomic
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.model import Lang
from ..documents.followup import (
    EvaluationFormat,
    checked_next_profile,
    evaluate,
    format_for_path,
    load_followup,
    load_plan,
    render,
)
from .base import CONTEXT, catalogue_from, echo, handle_errors, main, measures_option


@main.command("evaluate", context_settings=CONTEXT)
@click.argument("plan_file", metavar="PLAN", type=click.Path(path_type=Path))
@click.argument("followup_file", metavar="FOLLOWUP", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .md, .html/.htm or .json (default: Markdown on stdout).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in EvaluationFormat]),
    help="Format (default: from the output file's extension; md on stdout).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    envvar="KVO_LANG",
    show_default=True,
    help="Language of the evaluation (and of the next profile's comments).",
)
@click.option(
    "--next-profile",
    "next_profile_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the profile for the next cycle (YAML), ready for recommend and plan.",
)
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@measures_option
@handle_errors
def evaluate_cmd(
    plan_file: Path,
    followup_file: Path,
    output: Path | None,
    fmt: str | None,
    lang: Lang,
    next_profile_file: Path | None,
    force: bool,
    measures_dir: Path | None,
) -> None:
    """Evaluate a plan of action at its follow-up measurement (1-meting).

    PLAN is the plan as data (kvo-rules plan -o plan.json); FOLLOWUP (YAML or JSON) gives
    the measurement date, the new figures per problem and the status and actual costs per
    measure. The evaluation says per goal whether it was reached, with the figures; per
    measure its status and cost against the plan; per problem the observed change next to
    the change the plan expected (before/after without a comparison area: no proof of cause);
    and a summary for the recertification file. Dutch by default.

    \b
    Examples:
      kvo-rules evaluate plan.json followup.yaml
      kvo-rules evaluate plan.json followup.yaml -o evaluation.html --lang en
      kvo-rules evaluate plan.json followup.yaml -o evaluation.md --next-profile next.yaml
    """
    if output is not None:
        doc_format = EvaluationFormat(fmt) if fmt is not None else format_for_path(output)
    else:
        doc_format = EvaluationFormat(fmt) if fmt is not None else EvaluationFormat.md
    targets = [p for p in (output, next_profile_file) if p is not None]
    if len(targets) == 2 and targets[0].resolve() == targets[1].resolve():
        raise KvoError.at(
            Location(str(targets[1])), msg("--next-profile must be another file than --output")
        )
    check_targets(targets, force=force)

    catalogue = catalogue_from(measures_dir)
    plan = load_plan(plan_file, catalogue)
    followup = load_followup(followup_file, plan, plan_path=plan_file)
    evaluation = evaluate(plan, followup)

    # Render everything before writing anything.
    document = render(evaluation, doc_format, lang)
    profile_text = None
    if next_profile_file is not None:
        profile_text = checked_next_profile(
            plan, followup, evaluation, lang, catalogue, source=str(next_profile_file)
        )

    if output is None:
        echo(document, nl=False)
    else:
        write_atomic(output, document, force=force)
        echo(str(output), err=True)
    if next_profile_file is not None and profile_text is not None:
        write_atomic(next_profile_file, profile_text, force=force)
        echo(str(next_profile_file), err=True)
