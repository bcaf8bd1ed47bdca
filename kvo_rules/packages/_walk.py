"""The frontier walk of descending horizon cost caps, replayed on the packages that one
bi-objective search (packages/_pareto.py) keeps: the same points as one exact optimisation
per cap (``optimiser.reference_frontier``), with the same tie-breaks (docs/model.md)."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import accumulate

from ._compiled import TOL, Compiled, cost_tol, members
from ._pareto import ParetoResult, pareto_packages
from .model import FrozenMap, Instance, Solution
from .solve import compile_for, next_cap, solution_of

__all__ = ["dominates", "not_dominated", "walk_frontier"]

_Kept = tuple[int, float, float, bool]  # mask, benefit, horizon cost, justified


class _Candidates:
    """Which kept packages the optimisation under a horizon cost cap would consider.

    A package is a candidate under cap C when it fits C (canonical cost <= C + 1e-9) and all
    its options are choosable under C. For a justified package (every option without effect
    is needed by one with effect) the second follows from the first; otherwise the choosable
    options under C are compiled, once per set of options that fit C alone."""

    def __init__(self, instance: Instance, comp: Compiled, kept: list[_Kept]) -> None:
        self.instance = instance
        self.comp = comp
        self.kept = kept
        self.costs = [k[2] for k in kept]
        self.all_justified = all(k[3] for k in kept)
        self.tops = list(accumulate((k[1] for k in kept), max))
        horizon = instance.horizon_years
        self.alone = sorted(
            o.one_off + horizon * o.yearly
            for o in instance.options
            if o.id not in instance.in_place
        )
        self.choosable: dict[int, int] = {}

    def choosable_mask(self, cap: float) -> int:
        key = bisect_right(self.alone, cap + TOL)
        if key not in self.choosable:
            ids = set(compile_for(self.instance, budgets=False, max_horizon_cost=cap).ids)
            self.choosable[key] = sum(1 << i for i, oid in enumerate(self.comp.ids) if oid in ids)
        return self.choosable[key]

    def pick(self, cap: float | None) -> _Kept:
        """The optimum under ``cap`` by the tie rule of docs/model.md (``Window.choice``)."""
        end = len(self.kept) if cap is None else bisect_right(self.costs, cap + TOL)
        if self.all_justified:
            top = self.tops[end - 1]
            pool = self.kept[bisect_left(self.tops, top - TOL, 0, end) : end]
        else:
            allowed = -1 if cap is None else self.choosable_mask(cap)
            pool = [k for k in self.kept[:end] if k[3] or not k[0] & ~allowed]
            top = max(k[1] for k in pool)
        near = [k for k in pool if k[1] >= top - TOL]
        cheapest = min(k[2] for k in near)
        limit = cheapest + cost_tol(cheapest, cheapest)
        return min((k for k in near if k[2] <= limit), key=lambda k: members(k[0]))


def _bound(result: ParetoResult, cap: float | None, benefit: float) -> float:
    """What a package under ``cap`` could still reach in the subtrees a limit left open."""
    bound = benefit
    for cost, ub in result.bounds:
        if cap is None or cost <= cap + TOL:
            bound = max(bound, ub)
    return bound


class _Described:
    """``solve.solution_of`` for many packages of one instance, with the effects read once:
    the same fields, summed and multiplied in the same order (so the same floats)."""

    def __init__(self, instance: Instance, comp: Compiled) -> None:
        self.instance = instance
        self.comp = comp
        self.effects = {o.id: tuple(o.effects.items()) for o in instance.options}
        self.in_place = set(instance.in_place)
        fixed = [dict(instance.in_place[m]) for m in sorted(instance.in_place)]
        # the in-place measures' products, for every weighted or in-place problem
        self.fixed = dict.fromkeys(set(instance.weights).union(*fixed), 1.0)
        for eff in fixed:
            for p, e in eff.items():
                self.fixed[p] *= 1.0 - e
        self.amounts = {o.id: tuple(o.resources.items()) for o in instance.options}
        self.names = [name for o in instance.options for name in o.resources]

    def reduction(self, ids: tuple[str, ...]) -> FrozenMap[float]:
        """As ``solve.reduction_of``: each problem's product over the in-place measures, then
        the package's options by id (the same factors in the same order)."""
        in_place = self.in_place
        survive = dict(self.fixed)
        for i in sorted(ids):
            if i not in in_place:
                for p, e in self.effects[i]:
                    survive[p] = survive.get(p, 1.0) * (1.0 - e)
        return FrozenMap({p: 1.0 - s for p, s in survive.items()})

    def resources(self, ids: tuple[str, ...]) -> FrozenMap[float]:
        """As ``solve.resources_of``: every resource any option lists, summed in id order."""
        used = dict.fromkeys(self.names, 0.0)
        for i in sorted(ids):
            for name, amount in self.amounts[i]:
                used[name] += amount
        return FrozenMap(used)

    def solution(self, mask: int, *, optimal: bool, upper_bound: float, nodes: int) -> Solution:
        return solution_of(
            self.instance,
            self.comp,
            mask,
            optimal=optimal,
            upper_bound=upper_bound,
            nodes=nodes,
            reduction=self.reduction,
            resources=self.resources,
        )


def dominates(q: Solution, p: Solution) -> bool:
    """q is no worse than p on benefit and horizon cost, and better on one beyond tolerance."""
    if q.benefit < p.benefit or q.horizon_cost > p.horizon_cost:
        return False
    tol = cost_tol(q.horizon_cost, p.horizon_cost)
    return q.benefit > p.benefit + TOL or q.horizon_cost < p.horizon_cost - tol


def not_dominated(points: list[Solution]) -> list[Solution]:
    """Points that no other point dominates, by cost ascending.

    A point can only be dominated by one that costs no more and has at least its benefit;
    where no other point does (along a frontier: almost every point), it is kept without
    comparing it with all the others, so a frontier of n points takes O(n log n)."""
    order = sorted(range(len(points)), key=lambda k: points[k].horizon_cost)
    costs = [points[k].horizon_cost for k in order]
    best = list(accumulate((points[k].benefit for k in order), max, initial=-math.inf))
    keep = []
    for p in points:
        cost, benefit = p.horizon_cost, p.benefit
        start, end = bisect_left(costs, cost), bisect_right(costs, cost)
        rival = best[start] >= benefit  # best[start]: the best of those costing less
        for k in order[start:end]:
            q = points[k]
            if q is not p and q.benefit >= benefit:
                rival = True
        if not rival or not any(q is not p and dominates(q, p) for q in points):
            keep.append(p)
    return sorted(keep, key=lambda s: (s.horizon_cost, s.benefit, s.ids))


def walk_frontier(instance: Instance, *, deadline: float) -> list[Solution]:
    """The optima under ever lower horizon cost caps, from the uncapped optimum down to the
    cheapest; budgets and limits ignored. When the deadline cuts the search, the walk is
    made on the packages found, each point with ``optimal=False`` and its gap."""
    comp = compile_for(instance, budgets=False)
    result = pareto_packages(comp, deadline)
    candidates = _Candidates(instance, comp, result.packages)
    described = _Described(instance, comp)
    out: list[Solution] = []
    cap: float | None = None
    while True:
        mask, benefit, cost, _justified = candidates.pick(cap)
        out.append(
            described.solution(
                mask,
                optimal=result.proved,
                upper_bound=_bound(result, cap, benefit),
                nodes=result.nodes,
            )
        )
        cap = next_cap(cost)
        if cap < 0.0:
            return out
