"""The ``kvo-rules`` command line: parse options, call the library, render, map errors to exits.

One module per group of commands; each registers its commands on ``main`` when imported.
"""

from __future__ import annotations

from . import advice, authoring, bulk, catalogue, plan, schema
from .base import main

__all__ = ["advice", "authoring", "bulk", "catalogue", "main", "plan", "schema"]
