"""Click's own messages (usage errors, ``Usage:``, ``Try ... for help``) in the CLI's language.

Click marks its messages for translation with the standard library's ``gettext`` (each of its
modules does ``from gettext import gettext as _``) and formats them after translating. The
Dutch texts live in kvo-rules' own catalogue (the msgids below are Click's, word for word), and
:func:`click_speaks` points Click's ``_`` and ``ngettext`` at that catalogue while ``main``
runs, then puts Click's own back. This touches no process-wide gettext state (no
``textdomain``, no ``LANGUAGE`` variable), so another program that embeds Click is unaffected.

Click's help texts (``--help``: "Usage:", "Options", "Show this message and exit.") are not
translated: the commands' own help is English, and a help page half in Dutch reads worse than
one in English. A usage error's "Usage:" line is (see :class:`SpeakingCommand`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from types import ModuleType

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from ..core.i18n import Message, default_lang, msg, translate
from ..core.model import Lang

__all__ = [
    "CLICK_MESSAGES",
    "SpeakingCommand",
    "SpeakingGroup",
    "cli_lang",
    "cli_text",
    "click_speaks",
    "lang_of_args",
]

CLICK_MESSAGES = (
    msg("Usage:"),
    msg("Error: {message}"),
    msg("Try '{command} {option}' for help."),
    msg("Aborted!"),
    msg("Missing argument"),
    msg("Missing option"),
    msg("Missing parameter"),
    msg("Missing {param_type}"),
    msg("Missing parameter: {param_name}"),
    msg("Missing command."),
    msg("No such option {name!r}."),
    msg("No such command {name!r}."),
    msg("Did you mean {possibility}?"),
    msg("(Did you mean one of: {possibilities}?)"),
    msg("Got unexpected extra argument ({args})"),
    msg("Got unexpected extra arguments ({args})"),
    msg("Invalid value: {message}"),
    msg("Invalid value for {param_hint}: {message}"),
    msg("Option {name!r} does not take a value."),
    msg("Option {name!r} requires an argument."),
    msg("Option {name!r} requires {nargs} arguments."),
    msg("Argument {name!r} takes {nargs} values."),
    msg("Takes {nargs} values but 1 was given."),
    msg("Takes {nargs} values but {len} were given."),
    msg("{value!r} is not {choice}."),
    msg("{value!r} is not one of {choices}."),
    msg("{value!r} is not a valid {number_type}."),
    msg("{value} is not in the range {range}."),
    msg("{value!r} is not a valid boolean. Recognized values: {states}"),
    msg("{value!r} does not match the format {format}."),
    msg("{value!r} does not match the formats {formats}."),
    msg("file"),
    msg("directory"),
    msg("path"),
    msg("{name} {filename!r} does not exist."),
    msg("{name} {filename!r} is a file."),
    msg("{name} {filename!r} is a directory."),
    msg("{name} {filename!r} is not readable."),
    msg("{name} {filename!r} is not writable."),
    msg("{name} {filename!r} is not executable."),
    msg("Could not open file {filename!r}: {message}"),
    msg("unknown error"),
)
"""Click's messages that a user of kvo-rules meets when a command line is wrong, as Click
writes them (the extraction puts them in the catalogue, where they get their Dutch)."""

_MODULES: tuple[ModuleType, ...] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.types,
)
"""Click's modules that translate with ``_`` / ``ngettext``."""

_TRANSLATED = frozenset(m.msgid for m in CLICK_MESSAGES)

_LANG: contextvars.ContextVar[Lang | None] = contextvars.ContextVar("kvo_cli_lang", default=None)

_IN_ERROR = contextvars.ContextVar("kvo_usage_in_error", default=False)
"""True while the usage line of a usage error is written (not a ``--help`` page)."""


def lang_of_args(args: Sequence[str]) -> Lang:
    """The language a command line asks for: ``--lang nl|en`` anywhere in it, else
    ``KVO_LANG``, else Dutch (what ``--lang`` itself would give once Click has parsed it)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("nl", "en"):
            return "nl" if value == "nl" else "en"
    return default_lang()


def cli_lang() -> Lang:
    """The language of the running command line (``KVO_LANG``'s, else Dutch, outside one)."""
    return _LANG.get() or default_lang()


def cli_text(message: str) -> str:
    """``message`` in the language of the running command line."""
    return translate(message, cli_lang())


def _gettext(text: str) -> str:
    lang = cli_lang()
    if lang == "en" or text not in _TRANSLATED or (text == "Usage:" and not _IN_ERROR.get()):
        return text
    return translate(Message(text), lang)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


class SpeakingCommand(click.Command):
    """A command whose usage line says "Usage:" in the CLI's language in a usage error (Click
    writes that line with ``get_usage``; a ``--help`` page writes it otherwise and stays
    English, like the rest of the page)."""

    def get_usage(self, ctx: click.Context) -> str:
        token = _IN_ERROR.set(True)
        try:
            return super().get_usage(ctx)
        finally:
            _IN_ERROR.reset(token)


class SpeakingGroup(click.Group):
    """A group whose usage errors speak the CLI's language (see :class:`SpeakingCommand`)."""

    command_class = SpeakingCommand

    def get_usage(self, ctx: click.Context) -> str:
        token = _IN_ERROR.set(True)
        try:
            return super().get_usage(ctx)
        finally:
            _IN_ERROR.reset(token)


SpeakingGroup.group_class = SpeakingGroup


@contextlib.contextmanager
def click_speaks(lang: Lang) -> Iterator[None]:
    """While inside, Click writes its messages in ``lang`` (and :func:`cli_text` uses it)."""
    token = _LANG.set(lang)
    saved = [(m, m.__dict__.get("_"), m.__dict__.get("ngettext")) for m in _MODULES]
    try:
        for module, gettext_, ngettext_ in saved:
            if gettext_ is not None:
                module._ = _gettext  # type: ignore[attr-defined]
            if ngettext_ is not None:
                module.ngettext = _ngettext  # type: ignore[attr-defined]
        yield
    finally:
        for module, gettext_, ngettext_ in saved:
            if gettext_ is not None:
                module._ = gettext_  # type: ignore[attr-defined]
            if ngettext_ is not None:
                module.ngettext = ngettext_  # type: ignore[attr-defined]
        _LANG.reset(token)
