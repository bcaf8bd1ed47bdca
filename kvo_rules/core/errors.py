"""The one exception type of kvo-rules and the source locations its messages carry."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from .i18n import Message, msg, translate

if TYPE_CHECKING:
    from .model import Lang

__all__ = ["Diagnostic", "KvoError", "Location", "did_you_mean", "model_error"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; ``str()`` gives ``path:line:col`` (1-based)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in user input: where it is, what is wrong, and an optional check code."""

    location: Location
    message: str
    code: str = ""

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: Lang) -> str:
        """``path:line:col: message`` with the message in ``lang`` (see :mod:`.i18n`)."""
        code = f"{self.code} " if self.code else ""
        return f"{self.location}: {code}{translate(self.message, lang)}"

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """JSON-ready form (for ``--format json``), the message in ``lang``."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "code": self.code,
            "message": translate(self.message, lang),
        }


@dataclass
class KvoError(Exception):
    """Bad input (a file, a profile, a rule, an option): one or more located diagnostics.

    ``internal`` marks a failure that is not the user's fault (e.g. the rule engine broke);
    the CLI maps it to exit code 3 instead of 2.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    internal: bool = False

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)

    @classmethod
    def at(cls, location: Location, message: str, code: str = "") -> KvoError:
        """An error with a single diagnostic."""
        return cls([Diagnostic(location, message, code)])

    @classmethod
    def merge(cls, errors: Iterable[KvoError]) -> KvoError:
        """One error holding every diagnostic of ``errors``, sorted by location."""
        diagnostics: list[Diagnostic] = []
        internal = False
        for error in errors:
            diagnostics.extend(error.diagnostics)
            internal = internal or error.internal
        return cls(sorted(set(diagnostics)), internal=internal)


def did_you_mean(word: str, choices: Sequence[str] | Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for the closest choice, or ``""``."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return msg(" (did you mean '{match}'?)", match=matches[0]) if matches else ""


def model_error(kind: str, message: Message) -> PydanticCustomError:
    """A pydantic validation error of type ``kind`` that carries a translatable message.

    Raise it from a model validator; :func:`~.parse.parse_model` shows ``message`` in the
    reader's language (the message's values are in the error's context too)."""
    return PydanticCustomError(kind, "{message}", {**message.params, "message": message})
