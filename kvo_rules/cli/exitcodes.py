"""Exit codes of the command line, in one place."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """What a ``kvo-rules`` exit status means."""

    OK = 0
    FINDINGS = 1
    """Lint findings, failed rule tests, failed profiles in a batch."""
    INPUT_ERROR = 2
    """Bad input or usage: a file, a profile, a rule, an option."""
    INTERNAL_ERROR = 3
    """A bug in kvo-rules or its rule engine; please report it."""
