"""Citations in the catalogue's and the rules' texts: a source key in square brackets.

A key is the ``id`` of a source in ``measures/sources.yaml``: letters, digits, ``.``, ``_`` and
``-``, no spaces (``[S29]``, ``[E1][E2]``, ``[kiwa-2024-kvo4]``). The plan of action numbers
them in its reference list; lint reports a citation whose key is malformed or unknown.
"""

from __future__ import annotations

import re

__all__ = ["BRACKETS", "CITATION"]

CITATION = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9._\-]*)\]")
"""A well-formed citation; group 1 is the source key."""

BRACKETS = re.compile(r"\[([^\[\]\n]*)\]")
"""Anything in square brackets: a citation, or a malformed one."""
