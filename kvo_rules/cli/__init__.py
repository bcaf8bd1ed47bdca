"""The ``kvo-rules`` command line: parse options, call the library, render, map errors to exits.

One module per group of commands; each registers its commands on ``main`` when imported, and
``main`` imports a module only when one of its commands is used (see ``COMMAND_MODULES``).
"""

from __future__ import annotations

from .base import COMMAND_MODULES, main

__all__ = ["COMMAND_MODULES", "main"]
