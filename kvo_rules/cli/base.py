"""The ``kvo-rules`` command group and what its commands share: options, errors, exits."""

from __future__ import annotations

import functools
import importlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from .. import __version__
from ..bundled import bundled_dir
from ..catalogue import Catalogue, load_catalogue
from ..engine import Engine
from ..errors import KvoError, Location
from ..exitcodes import ExitCode
from ..render import Format

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


def report_format_option(func: F) -> F:
    """``--format text|json`` for commands that report findings (validate, lint, test)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(func)


def refuse_existing(paths: list[Path], force: bool) -> None:
    """Check every output before writing any, so a refusal leaves nothing half done."""
    if force:
        return
    for path in paths:
        if path.exists():
            raise KvoError.at(Location(str(path)), "file exists (use --force to replace it)")


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
    return load_catalogue(measures_dir or bundled_dir("measures"))


COMMAND_MODULES: dict[str, str] = {
    "measures": "catalogue",
    "problems": "catalogue",
    "validate": "catalogue",
    "recommend": "advice",
    "explain": "advice",
    "frontier": "advice",
    "batch": "bulk",
    "sweep": "bulk",
    "plan": "plan",
    "evaluate": "cycle",
    "lint": "authoring",
    "test": "authoring",
    "schema": "schema",
    "analyse": "analysis",
}
"""Command name -> module of kvo_rules.cli that defines it (imported only when needed)."""


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used (fast start)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"kvo_rules.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
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
