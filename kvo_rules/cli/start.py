"""Starting without the repository: ``init`` (a starter profile) and ``examples``."""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from ..authoring.starter import bundled_examples, example_profile, starter_profile
from ..core.atomic import write_atomic
from ..core.model import AreaKind, Lang
from .base import CONTEXT, echo, handle_errors, main


def _write(text: str, output: Path, force: bool) -> None:
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    write_atomic(output, text, force=force)
    echo(str(output), err=True)


@main.command("init", context_settings=CONTEXT)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in AreaKind]),
    default=AreaKind.business_park.value,
    show_default=True,
    help="Kind of area the profile describes.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the comments.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("-"),
    help="File to write (default: standard output).",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@handle_errors
def init_cmd(kind: str, lang: Lang, output: Path, force: bool) -> None:
    """Write a commented starter profile to fill in with the safety analysis' outcome.

    The profile loads and gets advice as it is; its comments say what each value means and
    which command lists the ids. Its first line points editors at the profile schema that
    ships with kvo-rules, so they complete and check it as you type.

    \b
    Examples:
      kvo-rules init -o my_area.yaml
      kvo-rules init --kind shopping_area --lang en -o centre.yaml
    """
    name = "FILE" if str(output) == "-" else str(output)
    _write(starter_profile(kind, lang, file=name), output, force)


@main.command("examples", context_settings=CONTEXT)
@click.argument("name", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write the example to (default: NAME.yaml here; '-' for standard output).",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@handle_errors
def examples_cmd(name: str | None, output: Path | None, force: bool) -> None:
    """List the example profiles that ship with kvo-rules, or copy one to start from.

    \b
    Examples:
      kvo-rules examples
      kvo-rules examples shopping_area_village
      kvo-rules examples business_park_dark -o my_park.yaml
    """
    if name is None:
        rows = [[e.name, e.summary] for e in bundled_examples()]
        echo(tabulate(rows, headers=["name", "what it shows"], tablefmt="simple"))
        return
    text = example_profile(name)
    stem = name[:-5] if name.endswith(".yaml") else name
    _write(text, output if output is not None else Path(f"{stem}.yaml"), force)
