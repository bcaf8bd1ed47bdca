"""The ``kvo-rules`` command group and what its commands share: options, errors, exits."""

from __future__ import annotations

import codecs
import functools
import importlib
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from .. import __version__
from ..advice.engine import Engine
from ..core.bundled import bundled_dir
from ..core.catalogue import Catalogue, load_catalogue
from ..core.errors import KvoError, did_you_mean
from ..core.i18n import LANG_ENV, msg, translate
from ..core.model import Lang
from ..documents.render import Format
from .clicktext import SpeakingGroup, cli_lang, cli_text, click_speaks, lang_of_args
from .exitcodes import ExitCode

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but tab and newline: ESC, BEL, CSI, OSC ... would drive the terminal."""


def _json_escape(char: str) -> str:
    return json.dumps(char)[1:-1]  # \u001b, or a surrogate pair outside the BMP


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_json_escape(c) for c in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("kvo-escape", _escape_unencodable)


def printable(text: str, encoding: str | None = "utf-8") -> str:
    """``text`` safe for a terminal: control characters (escape sequences that could retitle a
    window or write the clipboard) and characters the output encoding lacks become ``\\uXXXX``
    escapes (the JSON form, so JSON output stays valid and means the same)."""
    text = _CONTROL.sub(lambda m: _json_escape(m.group()), text)
    try:
        utf8 = codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        encoding, utf8 = "ascii", False
    if not utf8:
        assert encoding is not None
        text = text.encode(encoding, "kvo-escape").decode(encoding)
    return text


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` for text that may carry input: see :func:`printable`."""
    stream = sys.stderr if err else sys.stdout
    click.echo(printable(message, getattr(stream, "encoding", None)), err=err, nl=nl)


def _fail(error: KvoError, lang: Lang) -> None:
    for diagnostic in error.diagnostics:
        text = diagnostic.text(lang)
        echo(_short(text) if error.internal else text, err=True)
    raise SystemExit(ExitCode.INTERNAL_ERROR if error.internal else ExitCode.INPUT_ERROR)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def handle_errors(func: F) -> F:
    """Turn library errors into messages (in the command's ``--lang``, else ``KVO_LANG``'s
    language) and exit codes; never show a traceback for them."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KvoError as error:
            chosen = kwargs.get("lang")
            _fail(error, chosen if chosen in ("nl", "en") else cli_lang())
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            raise SystemExit(ExitCode.OK) from None
        except OSError as error:  # the file system said no: a name too long, a full disk
            where = error.filename if error.filename is not None else "kvo-rules"
            echo(f"{where}: {error.strerror or error}", err=True)
            raise SystemExit(ExitCode.INPUT_ERROR) from None
        except Exception as error:  # a bug: say so plainly
            lang = cli_lang()
            echo(
                translate(
                    msg("kvo-rules: internal error: {error}", error=_short(repr(error))), lang
                ),
                err=True,
            )
            echo(
                translate(
                    msg("Please report this with the command and input that caused it."), lang
                ),
                err=True,
            )
            if os.environ.get("KVO_RULES_DEBUG"):
                traceback.print_exc()
            raise SystemExit(ExitCode.INTERNAL_ERROR) from None

    return cast(F, wrapper)


def lang_option(func: F) -> F:
    """The shared ``--lang`` option (``KVO_LANG``, else Dutch)."""
    return click.option(
        "--lang",
        type=click.Choice(["nl", "en"]),
        default="nl",
        envvar=LANG_ENV,
        show_default=True,
        help=f"Language of names, texts and messages (default: ${LANG_ENV}, else nl).",
    )(func)


def output_options(func: F) -> F:
    """The shared ``--format`` and ``--lang`` options."""
    func = lang_option(func)
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


def catalogue_from(measures_dir: Path | None) -> Catalogue:
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
    "init": "start",
    "examples": "start",
}
"""Command name -> module of kvo_rules.cli that defines it (imported only when needed)."""


class LazyGroup(SpeakingGroup):
    """A group that imports a command's module only when that command is used (fast start)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"kvo_rules.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run the command line with Click's own messages in its language (``--lang``, else
        ``KVO_LANG``, else Dutch): see :mod:`.clicktext`."""
        argv = list(sys.argv[1:] if args is None else args)
        with click_speaks(lang_of_args(argv)):
            return super().main(args, *rest, **extra)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command is a usage error (exit 2) with the closest command suggested."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx))
            ctx.fail(cli_text(msg("No such command '{name}'{hint}.", name=name, hint=hint)))
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings=CONTEXT, invoke_without_command=True)
@click.version_option(__version__, prog_name="kvo-rules")
@click.pass_context
def main(ctx: click.Context) -> None:
    """From a KVO safety analysis to ranked, cost-aware measure packages.

    \b
    Start with:
      kvo-rules recommend examples/business_park_dark.yaml
      kvo-rules explain examples/business_park_dark.yaml street_lighting --lang en
      kvo-rules measures --problem shoplifting
      kvo-rules validate my_profile.yaml
      kvo-rules init -o my_area.yaml
    """
    if ctx.invoked_subcommand is None:  # no command: the help, and that is not an error
        click.echo(ctx.get_help())


def engine_from(rules_dir: Path | None, measures_dir: Path | None) -> Engine:
    return Engine(rules_dir, measures_dir)


def budget_options(func: F) -> F:
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


def sample_options(func: F) -> F:
    """``--samples N`` and ``--seed S``: the Monte Carlo over the effect and cost ranges."""
    func = click.option(
        "--seed",
        type=int,
        default=1,
        show_default=True,
        help="Seed of the samples: the same seed gives the same answer.",
    )(func)
    return click.option(
        "--samples",
        type=click.IntRange(min=1, max=100_000),
        default=None,
        help="Monte Carlo over the effect and cost ranges with this many samples (500 take "
        "5-20 s on the bundled examples: one exact optimisation per sample); ranges are the "
        "10th to 90th percentile.",
    )(func)
