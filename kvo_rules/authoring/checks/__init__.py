"""Lint checks over the catalogue and the rule base: one module per check.

Each module's docstring starts with ``CODE name: summary`` and goes on with what the check
looks for, why it matters, and a FAIL and a PASS example; ``kvo-rules lint --list-checks``
and the list in docs/rule-authoring.md are generated from these docstrings. Each module has a
``check(ctx)`` that yields findings (a location and a message), and may name the loader
messages it claims (``LOADER_MESSAGES``): when a file cannot be loaded, the loader's
diagnostics that contain one of them are reported under that check's code.

Codes are stable: a check that is renamed keeps its code, and its old names go to ``ALIASES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from ...core.errors import Diagnostic
from . import (
    conflicting_rules,
    duplicate_rule,
    engine_limit,
    invalid_file,
    never_fires,
    no_effect,
    requires_contradiction,
    requires_cycle,
    subsumed_rule,
    uncovered_problem,
    unknown_citation,
    unknown_reference,
    unreachable_measure,
    unsourced_figure,
)
from ._context import Finding, LintContext

__all__ = ["CHECKS", "Check", "Finding", "LintContext", "find_check"]

_HEAD = re.compile(r"^(KVO\d{3}) ([a-z][a-z-]*): (.+)$")


@dataclass(frozen=True)
class Check:
    """One lint check: its stable code, readable name, one-line summary and documentation."""

    code: str
    name: str
    summary: str
    doc: str
    """The rest of the module docstring: explanation and examples (Markdown)."""
    run: Callable[[LintContext], Iterable[Finding]]
    loader_messages: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def diagnostics(self, ctx: LintContext) -> list[Diagnostic]:
        """Run the check; its findings as diagnostics carrying its code."""
        return [Diagnostic(loc, msg, self.code) for loc, msg in self.run(ctx)]

    @classmethod
    def from_module(cls, module: ModuleType) -> Check:
        """The check a module defines (its docstring's first line gives code, name, summary)."""
        text = (module.__doc__ or "").strip()
        head, _, body = text.partition("\n")
        match = _HEAD.match(head.strip())
        if match is None:  # a programming error in a check module
            raise ValueError(f"{module.__name__}: docstring must start with 'KVOnnn name: ...'")
        code, name, summary = match.groups()
        run: Callable[[LintContext], Iterable[Finding]] = module.check
        return cls(
            code=code,
            name=name,
            summary=summary,
            doc=body.strip(),
            run=run,
            loader_messages=tuple(getattr(module, "LOADER_MESSAGES", ())),
            aliases=tuple(getattr(module, "ALIASES", ())),
        )


CHECKS: tuple[Check, ...] = tuple(
    sorted(
        (
            Check.from_module(m)
            for m in (
                invalid_file,
                unknown_reference,
                never_fires,
                duplicate_rule,
                subsumed_rule,
                conflicting_rules,
                no_effect,
                engine_limit,
                requires_cycle,
                requires_contradiction,
                unsourced_figure,
                unknown_citation,
                uncovered_problem,
                unreachable_measure,
            )
        ),
        key=lambda c: c.code,
    )
)
"""Every check, by code."""


def find_check(name: str) -> Check | None:
    """The check with this code, name or alias (case-insensitive), or None."""
    wanted = name.strip().lower()
    for c in CHECKS:
        if wanted in (c.code.lower(), c.name, *c.aliases):
            return c
    return None
