"""The ``kvo-rules`` command line: parse options, call the library, render, map errors to exits.

One module per group of commands; each registers its commands on ``main`` when imported.
"""

from __future__ import annotations

from . import advice, bulk, catalogue, schema
from .base import main

__all__ = ["advice", "bulk", "catalogue", "main", "schema"]
