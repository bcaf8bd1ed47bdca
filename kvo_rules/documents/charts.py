"""Text charts for the terminal: the frontier's benefit against cost, a sweep's benefit per
budget step."""

from __future__ import annotations

from ..advice.frontier import FrontierPoint
from ..advice.sweep import SweepPoint
from ..core.model import Lang
from ..core.words import format_decimal, format_money

__all__ = ["frontier_plot", "sweep_chart"]


def frontier_plot(
    points: list[FrontierPoint], lang: Lang, width: int = 60, height: int = 16
) -> str:
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
    lines = [f"{format_decimal(hi, lang, 2):>8} ┤" + "".join(grid[0])]
    lines += ["         │" + "".join(row) for row in grid[1:-1]]
    lines.append(f"{format_decimal(lo, lang, 2):>8} ┤" + "".join(grid[-1]))
    lines.append("         └" + "─" * (width + 1))
    right = format_money(max_cost, lang)
    lines.append("          0" + " " * max(1, width - len(right)) + right)
    return "\n".join(lines) + "\n"


def sweep_chart(points: list[SweepPoint], lang: Lang, width: int = 40) -> str:
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
        lines.append(f"{label:>20} │{bar} {format_decimal(p.package.benefit, lang, 2)}")
    return "\n".join(lines) + "\n"
