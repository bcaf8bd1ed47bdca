"""The cost-benefit frontier of one profile: packages no other package beats on both."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.profile_model import Profile
from ..packages import frontier, knee
from .engine import Engine
from .recommend import SAFETY_NET_S, build_instance

__all__ = ["FrontierPoint", "frontier_points"]


@dataclass(frozen=True)
class FrontierPoint:
    """One package on the frontier (sorted by horizon cost)."""

    measures: tuple[str, ...]
    one_off_cost: float
    yearly_cost: float
    horizon_cost: float
    benefit: float
    added_benefit: float
    optimal: bool
    knee: bool


def frontier_points(
    engine: Engine, profile: Profile, *, time_limit_s: float = SAFETY_NET_S
) -> list[FrontierPoint]:
    """Every frontier package for ``profile``, budgets ignored, cheapest first
    (``time_limit_s``: only a safety net, as for recommend)."""
    evaluation = engine.evaluate(profile)
    # whole measures only: first phases exist to fit a budget, and the frontier ignores budgets
    candidates = replace(engine.candidates(profile, evaluation), phases=())
    instance = build_instance(engine.catalogue, profile, evaluation, candidates)
    points = frontier(instance, time_limit_s=time_limit_s)
    best = knee(points) if points else None
    return [
        FrontierPoint(
            measures=p.ids,
            one_off_cost=round(p.one_off, 2),
            yearly_cost=round(p.yearly, 2),
            horizon_cost=round(p.horizon_cost, 2),
            benefit=round(p.benefit, 6),
            added_benefit=round(p.added_benefit, 6),
            optimal=p.optimal,
            knee=best is not None and p.ids == best.ids,
        )
        for p in points
    ]
