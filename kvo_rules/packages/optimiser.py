"""Cost-aware packages of safety measures: exact optimiser, frontier and its knee."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from ._branch import branch_and_bound
from ._compiled import TOL
from ._search import brute_force_mask, greedy_mask
from ._walk import not_dominated, walk_frontier
from .model import Instance, Solution
from .solve import check_limit, compile_for, next_cap, solution_of, solve

__all__ = [
    "BRUTE_FORCE_MAX_OPTIONS",
    "brute_force",
    "frontier",
    "greedy",
    "knee",
    "optimise",
    "rank_contributions",
    "reference_frontier",
]

BRUTE_FORCE_MAX_OPTIONS = 22
"""brute_force refuses instances with more options than this."""


def optimise(
    instance: Instance,
    *,
    time_limit_s: float = 2.0,
    max_nodes: int | None = None,
    max_horizon_cost: float | None = None,
) -> Solution:
    """The best feasible package, within the budgets and limits, by exact branch and bound.

    Stops at the time or node limit with the best package found, ``optimal=False`` and the
    remaining gap to a proven upper bound. ``max_horizon_cost`` adds a cap on horizon cost.
    """
    check_limit(time_limit_s, "time_limit_s")
    check_limit(max_horizon_cost, "max_horizon_cost")
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be >= 1, got {max_nodes!r}")
    return solve(
        instance,
        time_limit_s=time_limit_s,
        max_nodes=max_nodes,
        max_horizon_cost=max_horizon_cost,
    )


def brute_force(instance: Instance) -> Solution:
    """The best feasible package by enumerating every subset (at most 22 options)."""
    if len(instance.options) > BRUTE_FORCE_MAX_OPTIONS:
        raise ValueError(
            f"brute_force handles at most {BRUTE_FORCE_MAX_OPTIONS} options, "
            f"got {len(instance.options)}"
        )
    comp = compile_for(instance)
    mask = brute_force_mask(comp)
    return solution_of(instance, comp, mask, optimal=True, upper_bound=0.0, nodes=0)


def greedy(instance: Instance) -> Solution:
    """A quick heuristic package: repeatedly add the best benefit gain per horizon euro.

    ``gap`` is measured against the optimiser's root bound; ``optimal`` only if that proves it.
    """
    comp = compile_for(instance)
    mask = greedy_mask(comp)
    result = branch_and_bound(comp, start=[mask], time_limit_s=math.inf, max_nodes=1)
    bound = max(result.upper_bound, result.benefit)
    return solution_of(
        instance, comp, mask, optimal=result.optimal, upper_bound=bound, nodes=result.nodes
    )


def rank_contributions(instance: Instance, ids: Iterable[str]) -> list[tuple[str, float]]:
    """The package's measures in greedy order of marginal benefit, each with that benefit.

    Each next measure is the one adding most to those before it and the in-place measures;
    equal contributions (within 1e-9) go to the smaller id. Ids must be option ids.
    """
    by_id = {o.id: o for o in instance.options}
    wanted = sorted(set(ids))
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise ValueError(f"unknown option ids: {', '.join(unknown)}")
    weights = {p: w for p, w in instance.weights.items() if w > 0.0}
    surv = dict.fromkeys(weights, 1.0)
    for m in sorted(instance.in_place):
        for p, e in instance.in_place[m].items():
            if p in surv:
                surv[p] *= 1.0 - e
    out: list[tuple[str, float]] = []
    left = [i for i in wanted if i not in instance.in_place]
    out.extend((i, 0.0) for i in wanted if i in instance.in_place)
    ranked: list[tuple[str, float]] = []
    while left:
        best_id = ""
        best_gain = -1.0
        for oid in left:  # ascending ids, so ties keep the smaller id
            gain = 0.0
            for p, e in sorted(by_id[oid].effects.items()):
                if p in surv:
                    gain += weights[p] * surv[p] * e
            if gain > best_gain + TOL:
                best_id, best_gain = oid, gain
        ranked.append((best_id, best_gain))
        left.remove(best_id)
        for p, e in by_id[best_id].effects.items():
            if p in surv:
                surv[p] *= 1.0 - e
    return ranked + out


# ------------------------------------------------------------------------------ frontier


_LATE_STEP = 0.85
"""Past the deadline, each cap is at most this share of the previous point's cost."""


def _walk_down(
    instance: Instance,
    *,
    budgets: bool,
    deadline: float,
) -> list[Solution]:
    """Optima under ever lower horizon cost caps, from the uncapped optimum downwards.

    Past the deadline the walk still reaches the cheapest point, but with root-only solves
    and caps that shrink geometrically, so it ends in a few dozen quick steps.
    """
    out: list[Solution] = []
    while True:
        late = time.perf_counter() >= deadline
        cap: float | None = None
        if out:
            cost = out[-1].horizon_cost
            cap = next_cap(cost)
            if late:
                cap = min(cap, _LATE_STEP * cost)
            if cap < 0.0:
                break
        out.append(
            solve(
                instance,
                time_limit_s=0.0 if late else deadline - time.perf_counter(),
                max_nodes=1 if late else None,
                max_horizon_cost=cap,
                budgets=budgets,
            )
        )
    return out


def frontier(instance: Instance, *, time_limit_s: float = 10.0) -> list[Solution]:
    """The cost-benefit frontier over horizon cost, ignoring budgets and limits, cheapest first.

    One bi-objective search keeps every package that could be a frontier point, and the walk
    of descending caps is replayed on them: the points ``reference_frontier`` gives. When the
    time limit cuts the search, every point carries ``optimal=False`` and its gap, and points
    may be missing (docs/model.md).
    """
    check_limit(time_limit_s, "time_limit_s")
    deadline = time.perf_counter() + time_limit_s
    return not_dominated(walk_frontier(instance, deadline=deadline))


def reference_frontier(instance: Instance, *, time_limit_s: float = 10.0) -> list[Solution]:
    """The frontier as it was computed before: one exact optimisation per descending cap.

    The definition ``frontier`` is tested against (same points, ids, costs, benefits and
    tie-breaks; only ``nodes`` differs) and the baseline of its benchmark.
    """
    check_limit(time_limit_s, "time_limit_s")
    deadline = time.perf_counter() + time_limit_s
    return not_dominated(_walk_down(instance, budgets=False, deadline=deadline))


def knee(points: list[Solution]) -> Solution:
    """The frontier point farthest above the chord from its cheapest to its dearest point.

    Costs and benefits are scaled to [0, 1]; with fewer than three points, or a flat frontier,
    the most beneficial point. Equal distances go to the cheaper point.
    """
    if not points:
        raise ValueError("the frontier is empty")
    ordered = sorted(points, key=lambda s: (s.horizon_cost, s.benefit, s.ids))
    lo, hi = ordered[0], ordered[-1]
    span_c = hi.horizon_cost - lo.horizon_cost
    span_b = hi.benefit - lo.benefit
    if len(ordered) < 3 or span_c <= TOL or span_b <= TOL:
        return max(ordered, key=lambda s: s.benefit)
    best = ordered[0]
    best_d = -math.inf
    for s in ordered:
        d = (s.benefit - lo.benefit) / span_b - (s.horizon_cost - lo.horizon_cost) / span_c
        if d > best_d + 1e-12:
            best, best_d = s, d
    return best
