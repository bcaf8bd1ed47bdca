"""The recommended package at a series of budgets: where extra money stops buying safety."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.errors import KvoError, Location
from ..core.model import Lang, Profile
from ..core.words import format_money
from .engine import Engine
from .results import Package

__all__ = ["MAX_STEPS", "SweepPoint", "parse_steps", "render_chart", "sweep"]

MAX_STEPS = 500
"""Most budget steps one sweep evaluates."""

_AMOUNT = re.compile(r"[0-9]+(?:_[0-9]+)*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""An amount in euros: digits (``_`` only between digits), an optional fraction and exponent."""


@dataclass(frozen=True)
class SweepPoint:
    """The recommended package at one pair of budgets."""

    budget_one_off: float | None
    budget_yearly: float | None
    package: Package


def parse_steps(text: str, option: str) -> list[float]:
    """``START:STOP:STEP`` (inclusive) or a single amount, as a list of euros."""
    where = Location(f"<{option}>")
    parts = text.split(":")
    if not all(_AMOUNT.fullmatch(p) for p in parts):
        raise KvoError.at(where, f"'{text}' is not START:STOP:STEP or an amount")
    numbers = [float(p) for p in parts]
    if any(not math.isfinite(n) for n in numbers):
        raise KvoError.at(where, f"'{text}': amounts must be finite and >= 0")
    if len(numbers) == 1:
        return numbers
    if len(numbers) != 3:
        raise KvoError.at(where, f"'{text}' is not START:STOP:STEP or an amount")
    start, stop, step = numbers
    if step <= 0 or stop < start:
        raise KvoError.at(where, f"'{text}': STEP must be > 0 and STOP >= START")
    span = (stop - start) / step  # infinite for a step such as 1e-320
    if not span < MAX_STEPS:
        raise KvoError.at(where, f"'{text}' gives more than {MAX_STEPS} steps")
    count = int(span + 1e-9) + 1
    return [round(start + i * step, 2) for i in range(count)]


def sweep(
    engine: Engine,
    profile: Profile,
    one_off: list[float] | None = None,
    yearly: list[float] | None = None,
) -> list[SweepPoint]:
    """The recommended package for every combination of the given budget steps.

    A dimension not given keeps the profile's own budget.
    """
    if one_off is None and yearly is None:
        raise KvoError.at(Location("<sweep>"), "give budget steps for one-off and/or yearly")
    if one_off is not None and yearly is not None and len(one_off) * len(yearly) > MAX_STEPS:
        raise KvoError.at(Location("<sweep>"), f"more than {MAX_STEPS} budget combinations")
    budget = profile.budget
    one_offs: list[float | None] = (
        list(one_off) if one_off is not None else [budget.one_off if budget else None]
    )
    yearlies: list[float | None] = (
        list(yearly) if yearly is not None else [budget.yearly if budget else None]
    )
    points = []
    for a in one_offs:
        for b in yearlies:
            rec = engine.recommend(profile, budget_one_off=a, budget_yearly=b, alternatives=False)
            points.append(SweepPoint(a, b, rec.recommended))
    return points


def render_chart(points: list[SweepPoint], lang: Lang, width: int = 40) -> str:
    """A text bar chart of benefit per budget step."""
    top = max((p.package.benefit for p in points), default=0.0) or 1.0
    lines = []
    for p in points:
        label = (
            " / ".join(
                format_money(v, lang) for v in (p.budget_one_off, p.budget_yearly) if v is not None
            )
            or "-"
        )
        bar = "█" * round(width * p.package.benefit / top)
        lines.append(f"{label:>20} │{bar} {p.package.benefit:.2f}")
    return "\n".join(lines) + "\n"
