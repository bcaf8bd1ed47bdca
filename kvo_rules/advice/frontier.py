"""The cost-benefit frontier of one profile: packages no other package beats on both."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Lang, Profile
from ..core.words import format_money
from ..packages import frontier, knee
from .engine import Engine
from .recommend import build_instance

__all__ = ["FrontierPoint", "frontier_points", "render_plot"]


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
    engine: Engine, profile: Profile, *, time_limit_s: float = 10.0
) -> list[FrontierPoint]:
    """Every frontier package for ``profile``, budgets ignored, cheapest first."""
    evaluation = engine.evaluate(profile)
    candidates = engine.candidates(profile, evaluation)
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


def render_plot(points: list[FrontierPoint], lang: Lang, width: int = 60, height: int = 16) -> str:
    """A text plot of benefit against horizon cost; ``K`` marks the knee."""
    if not points:
        return ""
    max_cost = max(p.horizon_cost for p in points) or 1.0
    lo = min(p.benefit for p in points)
    hi = max(p.benefit for p in points)
    span = (hi - lo) or 1.0
    grid = [[" "] * (width + 1) for _ in range(height + 1)]
    for p in points:
        x = round(width * p.horizon_cost / max_cost)
        y = height - round(height * (p.benefit - lo) / span)
        grid[y][x] = "K" if p.knee else ("•" if grid[y][x] != "K" else "K")
    lines = [f"{hi:8.2f} ┤" + "".join(grid[0])]
    lines += ["         │" + "".join(row) for row in grid[1:-1]]
    lines.append(f"{lo:8.2f} ┤" + "".join(grid[-1]))
    lines.append("         └" + "─" * (width + 1))
    right = format_money(max_cost, lang)
    lines.append("          0" + " " * max(1, width - len(right)) + right)
    return "\n".join(lines) + "\n"
