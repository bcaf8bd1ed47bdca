"""The schema command."""

from __future__ import annotations

from pathlib import Path

import click

from ..authoring.schemas import schema_texts, write_schemas
from .base import CONTEXT, echo, handle_errors, main
from .exitcodes import ExitCode


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
@click.option("--force", is_flag=True, help="Replace schema files that already exist.")
@handle_errors
def schema_cmd(out_dir: Path, check: bool, force: bool) -> None:
    """Write the JSON Schemas of profiles, catalogue and rule files, and the JSON output.

    Editors use them to complete and check YAML as you type (the first line of each bundled
    file points at its schema). Existing schema files are only replaced with --force.

    \b
    Examples:
      kvo-rules schema -o my_schemas
      kvo-rules schema --force
      kvo-rules schema --check
    """
    if check:
        stale = [
            name
            for name, text in schema_texts().items()
            if not (out_dir / name).is_file()
            or (out_dir / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            echo(f"{out_dir / name}: out of date (run: kvo-rules schema --force)")
        raise SystemExit(ExitCode.FINDINGS if stale else ExitCode.OK)
    for path in write_schemas(out_dir, force=force):
        echo(str(path))
