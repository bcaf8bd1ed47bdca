"""Cost-aware packages of safety measures: exact optimiser, frontier and package choice."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from ._compiled import (
    HORIZON,
    TOL,
    Compiled,
    benefit_of,
    compile_instance,
    cost_tol,
    members,
    survival,
    totals,
)
from ._search import branch_and_bound, brute_force_mask, greedy_mask
from .model import FrozenMap, Instance, PackageSet, Solution

__all__ = [
    "BRUTE_FORCE_MAX_OPTIONS",
    "brute_force",
    "frontier",
    "greedy",
    "knee",
    "optimise",
    "packages",
    "rank_contributions",
]

BRUTE_FORCE_MAX_OPTIONS = 22
"""brute_force refuses instances with more options than this."""


def _compile(
    instance: Instance,
    *,
    budgets: bool = True,
    max_horizon_cost: float | None = None,
) -> Compiled:
    return compile_instance(
        instance,
        budget_one_off=instance.budget_one_off if budgets else None,
        budget_yearly=instance.budget_yearly if budgets else None,
        max_horizon_cost=max_horizon_cost,
        limits=instance.limits if budgets else None,
    )


def _reduction(instance: Instance, ids: Iterable[str]) -> FrozenMap[float]:
    """r_p per problem for a package plus the in-place measures, in canonical order."""
    by_id = {o.id: o for o in instance.options}
    problems = set(instance.weights)
    surv: dict[str, float] = {}
    sources = [instance.in_place[m] for m in sorted(instance.in_place)]
    sources += [by_id[i].effects for i in sorted(ids) if i not in instance.in_place]
    for effects in sources:
        for p, e in effects.items():
            problems.add(p)
            surv[p] = surv.get(p, 1.0) * (1.0 - e)
    return FrozenMap({p: 1.0 - surv.get(p, 1.0) for p in problems})


def _resources(instance: Instance, ids: tuple[str, ...]) -> FrozenMap[float]:
    """Amount used of every resource any option lists, summed over ``ids`` in id order."""
    used: dict[str, float] = {}
    for o in instance.options:
        if o.resources:
            used.update(dict.fromkeys(o.resources, 0.0))
    if used:
        by_id = {o.id: o for o in instance.options}
        for i in sorted(ids):
            for name, amount in by_id[i].resources.items():
                used[name] += amount
    return FrozenMap(used)


def _solution(
    instance: Instance,
    comp: Compiled,
    mask: int,
    *,
    optimal: bool,
    upper_bound: float,
    nodes: int,
) -> Solution:
    idx = members(mask)
    benefit = benefit_of(comp, survival(comp, idx))
    one_off, yearly, horizon_cost = totals(comp, idx)
    ids = tuple(comp.ids[i] for i in idx)
    bound = benefit if optimal else max(upper_bound, benefit)
    return Solution(
        ids=ids,
        benefit=benefit,
        added_benefit=benefit - comp.baseline,
        baseline=comp.baseline,
        one_off=one_off,
        yearly=yearly,
        horizon_cost=horizon_cost,
        reduction=_reduction(instance, ids),
        optimal=optimal,
        gap=0.0 if optimal else bound - benefit,
        upper_bound=bound,
        nodes=nodes,
        resources=_resources(instance, ids),
    )


def _check_limit(value: float | None, name: str) -> None:
    if value is not None and (math.isnan(value) or value < 0.0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")


def _solve(
    instance: Instance,
    *,
    time_limit_s: float,
    max_nodes: int | None,
    max_horizon_cost: float | None = None,
    budgets: bool = True,
) -> Solution:
    started = time.perf_counter()
    comp = _compile(instance, budgets=budgets, max_horizon_cost=max_horizon_cost)
    # one greedy start per cost kind: horizon cost, then each budget and limit
    start = [greedy_mask(comp)] + [
        greedy_mask(comp, cap.costs) for cap in comp.caps if cap.kind != HORIZON
    ]
    remaining = max(0.0, time_limit_s - (time.perf_counter() - started))
    result = branch_and_bound(comp, start=start, time_limit_s=remaining, max_nodes=max_nodes)
    return _solution(
        instance,
        comp,
        result.mask,
        optimal=result.optimal,
        upper_bound=result.upper_bound,
        nodes=result.nodes,
    )


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
    _check_limit(time_limit_s, "time_limit_s")
    _check_limit(max_horizon_cost, "max_horizon_cost")
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be >= 1, got {max_nodes!r}")
    return _solve(
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
    comp = _compile(instance)
    mask = brute_force_mask(comp)
    return _solution(instance, comp, mask, optimal=True, upper_bound=0.0, nodes=0)


def greedy(instance: Instance) -> Solution:
    """A quick heuristic package: repeatedly add the best benefit gain per horizon euro.

    ``gap`` is measured against the optimiser's root bound; ``optimal`` only if that proves it.
    """
    comp = _compile(instance)
    mask = greedy_mask(comp)
    result = branch_and_bound(comp, start=[mask], time_limit_s=math.inf, max_nodes=1)
    bound = max(result.upper_bound, result.benefit)
    return _solution(
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


def _next_cap(cost: float) -> float:
    """The horizon cost cap that excludes every package costing about ``cost`` or more."""
    return cost - cost_tol(cost, cost) - 2 * TOL


def _dominates(q: Solution, p: Solution) -> bool:
    """q is no worse than p on benefit and horizon cost, and better on one beyond tolerance."""
    if q.benefit < p.benefit or q.horizon_cost > p.horizon_cost:
        return False
    tol = cost_tol(q.horizon_cost, p.horizon_cost)
    return q.benefit > p.benefit + TOL or q.horizon_cost < p.horizon_cost - tol


def _not_dominated(points: list[Solution]) -> list[Solution]:
    """Points that no other point dominates, by cost ascending."""
    keep = [p for p in points if not any(q is not p and _dominates(q, p) for q in points)]
    return sorted(keep, key=lambda s: (s.horizon_cost, s.benefit, s.ids))


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
            cap = _next_cap(cost)
            if late:
                cap = min(cap, _LATE_STEP * cost)
            if cap < 0.0:
                break
        out.append(
            _solve(
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

    Points found after the time limit carry ``optimal=False``, and cheap points may then be
    missing (docs/model.md).
    """
    _check_limit(time_limit_s, "time_limit_s")
    deadline = time.perf_counter() + time_limit_s
    return _not_dominated(_walk_down(instance, budgets=False, deadline=deadline))


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


# ------------------------------------------------------------------------------ packages


def _within_budgets(instance: Instance, sol: Solution) -> bool:
    """Whether a solution keeps the instance's budgets and limits."""
    return (
        (instance.budget_one_off is None or sol.one_off <= instance.budget_one_off + TOL)
        and (instance.budget_yearly is None or sol.yearly <= instance.budget_yearly + TOL)
        and all(sol.resources.get(k, 0.0) <= cap + TOL for k, cap in instance.limits.items())
    )


def _basic(
    instance: Instance,
    points: list[Solution],
    recommended: Solution,
    threshold: float,
    *,
    has_budget: bool,
    deadline: float,
    max_nodes: int | None = None,
) -> Solution:
    """The cheapest package within the budgets whose added benefit reaches the threshold.

    Answered from the frontier when its cheapest such point fits the budgets; otherwise by
    bisection on a horizon cost cap between the frontier's lower limit and the recommended.
    """
    reaching = [p for p in points if p.added_benefit >= threshold]
    proved = True
    lo = -1.0  # every package costing at most lo falls short of the threshold
    if reaching:
        first = reaching[0]
        if all(p.optimal for p in points if p.horizon_cost <= first.horizon_cost):
            if not has_budget or _within_budgets(instance, first):
                return first
            lo = _next_cap(first.horizon_cost)
    if not has_budget:
        return reaching[0] if reaching else recommended
    best = recommended
    while True:
        top = _next_cap(best.horizon_cost)
        if top <= lo or top < 0.0:
            break
        remaining = deadline - time.perf_counter()
        if remaining <= 0.0:
            proved = False
            break
        mid = top if top - lo <= 1e-3 * max(1.0, top) else lo + (top - lo) / 2
        sol = _solve(instance, time_limit_s=remaining, max_nodes=max_nodes, max_horizon_cost=mid)
        if sol.added_benefit >= threshold:
            best = sol
        else:
            proved = proved and sol.optimal
            lo = mid
    if not proved and best.optimal:
        return replace(best, optimal=False)
    return best


def packages(
    instance: Instance,
    *,
    time_limit_s: float = 2.0,
    frontier_time_limit_s: float = 10.0,
    with_frontier: bool = True,
    max_nodes: int | None = None,
) -> PackageSet:
    """Recommended, basic and ambitious packages plus the cost-benefit frontier.

    Any budget or limit makes the recommended package the optimum within them; the ambitious
    one has every budget and limit times 1.5 (a limit of 0 stays 0).

    ``time_limit_s`` applies to the recommended and ambitious optimisations each and to the
    search for the basic package as a whole; ``frontier_time_limit_s`` to the frontier.
    With ``with_frontier=False`` the frontier is not computed (it is empty in the result): the
    knee is found as one Lagrangian optimisation (``lagrange.knee_solution``) and the basic package
    by bisection alone: the same packages, much faster. ``max_nodes`` caps every search by
    nodes, which (unlike a time limit) gives the same answer on a busy machine.
    """
    _check_limit(time_limit_s, "time_limit_s")
    _check_limit(frontier_time_limit_s, "frontier_time_limit_s")
    has_budget = (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )
    points = frontier(instance, time_limit_s=frontier_time_limit_s) if with_frontier else []
    reason: Literal["knee", "budget"]
    if has_budget:
        recommended = optimise(instance, time_limit_s=time_limit_s, max_nodes=max_nodes)
        reason = "budget"
    elif points:
        recommended = knee(points)
        reason = "knee"
    else:
        from .lagrange import knee_solution  # imports this module

        recommended = knee_solution(
            instance, time_limit_s=frontier_time_limit_s, max_nodes=max_nodes
        )
        reason = "knee"

    threshold = 0.5 * recommended.added_benefit - TOL
    basic = _basic(
        instance,
        points,
        recommended,
        threshold,
        has_budget=has_budget or not points,  # no frontier: bisection on a cost cap
        deadline=time.perf_counter() + time_limit_s,
        max_nodes=max_nodes,
    )

    ambitious: Solution | None = None
    if has_budget:
        bigger = replace(
            instance,
            budget_one_off=None
            if instance.budget_one_off is None
            else 1.5 * instance.budget_one_off,
            budget_yearly=None if instance.budget_yearly is None else 1.5 * instance.budget_yearly,
            # 1.5 times a limit of 0 is 0: a payer without a budget stays without one
            limits={k: 1.5 * cap for k, cap in instance.limits.items()},
        )
        ambitious = optimise(bigger, time_limit_s=time_limit_s, max_nodes=max_nodes)
    return PackageSet(
        recommended=recommended,
        recommended_reason=reason,
        basic=basic,
        ambitious=ambitious,
        frontier=tuple(points),
        frontier_complete=bool(points) and all(p.optimal for p in points),
    )
