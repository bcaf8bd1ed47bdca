"""The recommended package at a series of budgets: where extra money stops buying safety."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.profile_model import Profile
from .engine import Engine
from .results import Package

__all__ = ["MAX_STEPS", "SweepPoint", "sweep"]

MAX_STEPS = 500
"""Most budget steps one sweep evaluates."""


@dataclass(frozen=True)
class SweepPoint:
    """The recommended package at one pair of budgets."""

    budget_one_off: float | None
    budget_yearly: float | None
    package: Package


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
        raise KvoError.at(Location("<sweep>"), msg("give budget steps for one-off and/or yearly"))
    if one_off is not None and yearly is not None and len(one_off) * len(yearly) > MAX_STEPS:
        raise KvoError.at(
            Location("<sweep>"), msg("more than {n} budget combinations", n=MAX_STEPS)
        )
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
