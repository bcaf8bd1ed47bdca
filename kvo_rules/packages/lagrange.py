"""The knee of the cost-benefit frontier without walking the whole frontier.

The knee (``optimiser.knee``) is the frontier point farthest above the chord from the
cheapest frontier point (c0, b0: the best package that costs nothing) to the dearest one
(C, B), in coordinates scaled to [0, 1]: it maximises (b - b0) / (B - b0) - (c - c0) / (C - c0),
that is b - lambda * c with lambda = (B - b0) / (C - c0). A package that maximises
b - lambda * c over *all* feasible packages is on the frontier (a package that dominated it
would score at least as high), so the knee is one optimisation of that Lagrangian objective
instead of one optimisation per frontier point.

The objective is submodular (a coverage benefit minus an additive cost), so the value of a
partial package plus the sum of every remaining option's positive marginal net gain is a valid
upper bound; requires groups and excludes are checked exactly.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from ._compiled import TOL, Compiled, benefit_of, members, survival, totals
from .model import Instance, Solution
from .optimiser import frontier, knee, optimise
from .solve import compile_for, solution_of

__all__ = ["knee_solution"]

_CHECK_EVERY = 256


def _gain(comp: Compiled, i: int, surv: list[float]) -> float:
    return sum(comp.weights[p] * surv[p] * e for p, e, _om in comp.eff[i])


def _lagrangian(
    comp: Compiled, lam: float, deadline: float, max_nodes: int | None = None
) -> tuple[int, bool, int]:
    """The package maximising benefit - lam * horizon cost: (mask, proved, nodes).

    Ties (within 1e-9) go to the cheaper package, then to the smaller sorted ids.
    """
    n = comp.n
    base = list(comp.base)
    order = sorted(range(n), key=lambda i: (-(_gain(comp, i, base) - lam * comp.hcost[i]), i))
    best = {"value": benefit_of(comp, base), "cost": 0.0, "mask": 0}
    state = {"nodes": 0, "stopped": False}
    weights, eff, hcost, excl = comp.weights, comp.eff, comp.hcost, comp.excl
    priced = [lam * c for c in hcost]  # lam * horizon cost, per option
    # the options with requires groups: a package is feasible when each one in it meets them
    grouped = [(i, comp.groups[i]) for i in range(n) if comp.groups[i]]

    def feasible(mask: int) -> bool:
        return all(not mask >> i & 1 or all(mask & g for g in gs) for i, gs in grouped)

    def offer(mask: int, value: float, cost: float) -> None:
        if value > best["value"] + TOL:
            best.update(value=value, cost=cost, mask=mask)
            return
        if value < best["value"] - TOL:
            return
        if cost < best["cost"] - TOL or (
            abs(cost - best["cost"]) <= TOL
            and [comp.ids[i] for i in members(mask)]
            < [comp.ids[i] for i in members(int(best["mask"]))]
        ):
            best.update(value=max(value, best["value"]), cost=cost, mask=mask)

    def visit(
        k: int, surv: list[float], mask: int, cost: float, value: float, forbidden: int
    ) -> None:
        state["nodes"] += 1
        if max_nodes is not None and state["nodes"] > max_nodes:
            state["stopped"] = True
        elif state["nodes"] % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
            state["stopped"] = True
        if state["stopped"]:
            return
        # the bound, as sum(weights[p] * surv[p] * e) - lam * cost per option (same rounding)
        ws = [w * s for w, s in zip(weights, surv, strict=True)]
        bound = value
        for j in order[k:]:
            if not forbidden >> j & 1:
                net = sum([ws[p] * e for p, e, _om in eff[j]]) - priced[j]
                if net > 0.0:
                    bound += net
        if bound < best["value"] - TOL:
            return
        if k == n:
            if feasible(mask):
                offer(mask, value, cost)
            return
        i = order[k]
        if not forbidden >> i & 1:
            gain = sum([ws[p] * e for p, e, _om in eff[i]])
            grown = list(surv)
            for p, _e, om in eff[i]:
                grown[p] *= om
            visit(
                k + 1,
                grown,
                mask | 1 << i,
                cost + hcost[i],
                value + gain - priced[i],
                forbidden | excl[i],
            )
        visit(k + 1, surv, mask, cost, value, forbidden)

    visit(0, base, 0, 0.0, benefit_of(comp, base), 0)
    return int(best["mask"]), not state["stopped"], int(state["nodes"])


def knee_solution(
    instance: Instance, *, time_limit_s: float = 2.0, max_nodes: int | None = None
) -> Solution:
    """The knee of ``instance``'s frontier, as ``knee(frontier(...))`` gives.

    Budgets and limits are ignored, as the frontier ignores them.

    Falls back to the frontier walk when no package lies above the chord (a frontier of two
    points, or one that bends the other way), where knee() has its own rules.
    """
    free = replace(instance, budget_one_off=None, budget_yearly=None, limits={})
    deadline = time.perf_counter() + time_limit_s
    top = optimise(free, time_limit_s=time_limit_s, max_nodes=max_nodes)
    # the cheapest frontier point: the best package that costs nothing (free measures)
    bottom = optimise(free, time_limit_s=time_limit_s, max_nodes=max_nodes, max_horizon_cost=0.0)
    span_b = top.benefit - bottom.benefit
    span_c = top.horizon_cost - bottom.horizon_cost
    if span_b <= TOL or span_c <= TOL:
        return top  # a flat frontier: the most beneficial point (as knee() does)
    comp = compile_for(free, budgets=False)
    lam = span_b / span_c
    mask, proved, nodes = _lagrangian(comp, lam, deadline, max_nodes)
    idx = members(mask)
    benefit = benefit_of(comp, survival(comp, idx))
    cost = totals(comp, idx)[2]
    distance = (benefit - bottom.benefit) / span_b - (cost - bottom.horizon_cost) / span_c
    if distance <= 1e-12 or not math.isfinite(distance):
        remaining = max(0.1, deadline - time.perf_counter())
        return knee(frontier(free, time_limit_s=remaining))
    return solution_of(
        free, comp, mask, optimal=proved and top.optimal, upper_bound=benefit, nodes=nodes
    )
