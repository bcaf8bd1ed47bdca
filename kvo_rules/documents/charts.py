"""Text charts for the terminal: the frontier's benefit against cost, a sweep's benefit per
budget step."""

from __future__ import annotations

from ..advice.bands import Bands
from ..advice.frontier import FrontierPoint
from ..advice.sweep import SweepPoint
from ..core.model import Lang
from ..core.words import format_decimal, format_money

__all__ = ["frontier_plot", "sweep_chart"]


def frontier_plot(
    points: list[FrontierPoint],
    lang: Lang,
    width: int = 60,
    height: int = 16,
    bands: Bands | None = None,
) -> str:
    """A text plot of benefit against horizon cost; ``K`` marks the knee.

    With ``bands``: a ``┊`` from each point's low to its high benefit (the band's percentiles).
    """
    if not points:
        return ""
    max_cost = max(p.horizon_cost for p in points) or 1.0
    lows = [p.benefit for p in points]
    highs = [p.benefit for p in points]
    if bands is not None:
        lows += [b.benefit.low for b in bands.points]
        highs += [b.benefit.high for b in bands.points]
    lo = min(lows)
    hi = max(highs)
    span = (hi - lo) or 1.0
    grid = [[" "] * (width + 1) for _ in range(height + 1)]
    for b, p in zip(bands.points if bands is not None else [], points, strict=False):
        # the band first, the points over it
        x = round(width * p.horizon_cost / max_cost)
        top = height - round(height * (b.benefit.high - lo) / span)
        bottom = height - round(height * (b.benefit.low - lo) / span)
        for y in range(top, bottom + 1):
            grid[y][x] = "┊"
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


def sweep_chart(
    points: list[SweepPoint], lang: Lang, width: int = 40, bands: Bands | None = None
) -> str:
    """A text bar chart of benefit per budget step.

    With ``bands``: the bar is solid up to the band's low benefit and shaded (``░``) from
    there to its high, followed by the point and its range.
    """
    highs = [p.package.benefit for p in points]
    if bands is not None:
        highs += [b.benefit.high for b in bands.points]
    top = max(highs, default=0.0) or 1.0
    lines = []
    for k, p in enumerate(points):
        label = (
            " / ".join(
                format_money(v, lang) for v in (p.budget_one_off, p.budget_yearly) if v is not None
            )
            or "-"
        )
        if bands is None:
            bar = "█" * round(width * p.package.benefit / top)
            lines.append(f"{label:>20} │{bar} {format_decimal(p.package.benefit, lang, 2)}")
            continue
        r = bands.points[k].benefit
        solid = round(width * r.low / top)
        bar = "█" * solid + "░" * max(0, round(width * r.high / top) - solid)
        low, high = format_decimal(r.low, lang, 2), format_decimal(r.high, lang, 2)
        benefit = format_decimal(p.package.benefit, lang, 2)
        lines.append(f"{label:>20} │{bar} {benefit} ({low}-{high})")
    return "\n".join(lines) + "\n"
