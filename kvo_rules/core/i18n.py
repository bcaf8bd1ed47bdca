"""Messages in the user's language: gettext catalogues, managed with Babel (docs/i18n.md).

The library raises :class:`~kvo_rules.core.errors.KvoError` whose messages are English
:class:`Message` strings: ``msg("file exists (use --force to replace it)")`` is an ordinary
``str`` (the English text, so ``str(error)`` and every existing caller keep working) that also
remembers its message id and values. Translation happens where a message is shown
(:func:`translate`, :meth:`~kvo_rules.core.errors.Diagnostic.text`): the CLI, or a library user
that wants Dutch. The Dutch catalogue is ``kvo_rules/core/locale/nl/LC_MESSAGES/kvo_rules.po``,
compiled to the ``.mo`` beside it (shipped in the wheel; a test keeps it in step with the
``.po``); English is the message ids themselves.

The default language is ``nl``, or the environment variable ``KVO_LANG`` (``nl`` or ``en``).
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from .model import Lang

__all__ = [
    "DOMAIN",
    "LANG_ENV",
    "LOCALE_DIR",
    "Message",
    "default_lang",
    "joined",
    "msg",
    "translate",
    "words_and",
    "words_or",
]

DOMAIN = "kvo_rules"
"""The gettext domain: the catalogues are ``<LOCALE_DIR>/<lang>/LC_MESSAGES/kvo_rules.mo``."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""Where the catalogues live inside the package."""

LANG_ENV = "KVO_LANG"
"""The environment variable that sets the default language (``nl`` or ``en``)."""


class Message(str):
    """An English message that knows its message id and values, so it can be translated.

    ``Message`` *is* the English text (a ``str``); ``msgid`` is the catalogue key with
    ``{name}`` fields and ``params`` the values that fill them (a value may be a ``Message``
    itself, translated with it).
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None) -> Self:
        values = dict(params or {})
        text = msgid.format(**values) if values else msgid
        self = super().__new__(cls, text)
        self.msgid = msgid
        self.params = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # survive pickling (batch workers)
        return (Message, (self.msgid, self.params))


class _Joined(Message):
    """Messages joined by a separator (see :func:`joined`): each translated on its own."""

    items: tuple[str, ...]
    sep: str

    def __new__(cls, items: tuple[str, ...], sep: str) -> Self:
        self = super().__new__(cls, "{text}", {"text": sep.join(map(str, items))})
        self.items = items
        self.sep = sep
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Joined, (self.items, self.sep))


def joined(items: Iterable[str], sep: str = ", ") -> Message:
    """``items`` (messages or plain text) joined by ``sep``, translated item by item: a list
    of reasons inside a message, where a plain ``str.join`` would fix them in English."""
    return _Joined(tuple(items), sep)


def words_and(items: Iterable[str]) -> str:
    """``a, b and c`` in the reader's language (``a, b en c``)."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return msg("{items} and {last}", items=joined(words[:-1]), last=words[-1])


def words_or(items: Iterable[str]) -> str:
    """``a, b or c`` in the reader's language (``a, b of c``)."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return msg("{choices} or {last}", choices=joined(words[:-1]), last=words[-1])


def msg(msgid: str, /, **params: Any) -> Message:
    """A translatable message: ``msgid`` (English, with ``{name}`` fields) and its values.

    ``msgid`` must be a literal string: the extraction (``pybabel extract -k msg``) and the
    test that every message is in the Dutch catalogue read it from the source."""
    return Message(msgid, params)


@functools.cache
def _catalogue(lang: Lang) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def translate(text: str, lang: Lang) -> str:
    """``text`` in ``lang``: a :class:`Message` through the catalogue (its values too), any
    other string as it is. A message missing from the catalogue stays English."""
    if not isinstance(text, Message) or lang == "en":
        return str(text)
    if isinstance(text, _Joined):
        return text.sep.join(translate(item, lang) for item in text.items)
    template = _catalogue(lang).gettext(text.msgid)
    if not text.params:
        return template
    values = {k: translate(v, lang) if isinstance(v, str) else v for k, v in text.params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
        return text.msgid.format(**values)


def default_lang() -> Lang:
    """The language of messages when none is chosen: ``KVO_LANG`` if it is ``nl`` or ``en``,
    else ``nl``."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return "en" if value == "en" else "nl"
