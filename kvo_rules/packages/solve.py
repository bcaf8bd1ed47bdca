"""From an instance to one solved package: compile, search, and the Solution it gives.

Shared by the optimiser, the Lagrangian knee and the choice of packages, so none of them
imports another's internals.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterable

from ._branch import branch_and_bound
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
    within_caps,
)
from ._groups import exclusive_groups, improve
from ._search import greedy_mask
from .model import FrozenMap, Instance, Solution, combined_reduction

__all__ = [
    "check_limit",
    "compile_for",
    "compiled_core",
    "feasible_mask",
    "next_cap",
    "reduction_of",
    "solution_of",
    "solve",
]


def compiled_core() -> bool:
    """Whether the optimiser's hot modules run compiled by mypyc (a build with KVO_MYPYC=1,
    see setup.py) rather than as pure Python; the answers are the same either way."""
    return not str(sys.modules[branch_and_bound.__module__].__file__).endswith(".py")


def compile_for(
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


def reduction_of(instance: Instance, ids: Iterable[str]) -> FrozenMap[float]:
    """r_p = 1 - prod(1 - e) per problem for a package plus the in-place measures, in canonical
    order: the one place this formula is written out (the search keeps survival products of its
    own, updated a measure at a time, in _compiled and _search)."""
    by_id = {o.id: o for o in instance.options}
    sources = [instance.in_place[m] for m in sorted(instance.in_place)]
    sources += [by_id[i].effects for i in sorted(ids) if i not in instance.in_place]
    problems = set(instance.weights).union(*sources)
    return FrozenMap(combined_reduction(sources, problems))


def resources_of(instance: Instance, ids: tuple[str, ...]) -> FrozenMap[float]:
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


def solution_of(
    instance: Instance,
    comp: Compiled,
    mask: int,
    *,
    optimal: bool,
    upper_bound: float,
    nodes: int,
    reduction: Callable[[tuple[str, ...]], FrozenMap[float]] | None = None,
    resources: Callable[[tuple[str, ...]], FrozenMap[float]] | None = None,
) -> Solution:
    """The Solution of package ``mask`` (``reduction`` and ``resources``: how to compute the
    reduction per problem and the resources used of its ids, :func:`reduction_of` and
    :func:`resources_of` by default)."""
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
        reduction=reduction_of(instance, ids) if reduction is None else reduction(ids),
        optimal=optimal,
        gap=0.0 if optimal else bound - benefit,
        upper_bound=bound,
        nodes=nodes,
        resources=resources_of(instance, ids) if resources is None else resources(ids),
    )


def feasible_mask(comp: Compiled, ids: tuple[str, ...]) -> int | None:
    """The mask of package ``ids`` in ``comp``, if all are candidates and it is feasible."""
    index = {oid: k for k, oid in enumerate(comp.ids)}
    if any(oid not in index for oid in ids):
        return None
    idx = sorted(index[oid] for oid in ids)
    mask = 0
    for k in idx:
        mask |= 1 << k
    for k in idx:
        if comp.excl[k] & mask or any(not g & mask for g in comp.groups[k]):
            return None
    return mask if within_caps(comp, idx) else None


def check_limit(value: float | None, name: str) -> None:
    if value is not None and (math.isnan(value) or value < 0.0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")


def solve(
    instance: Instance,
    *,
    time_limit_s: float,
    max_nodes: int | None,
    max_horizon_cost: float | None = None,
    budgets: bool = True,
    comp: Compiled | None = None,
    warm: tuple[str, ...] | None = None,
) -> Solution:
    """The best package by branch and bound from greedy starts; ``comp``, when given, is
    ``compile_for(instance, budgets=budgets, max_horizon_cost=max_horizon_cost)`` already
    made (so a caller that solves the same instance again compiles it once).

    ``warm``, a package known to be good (a neighbour's answer), replaces the greedy starts
    when it is feasible here: the search then starts from it alone. The answer is the same
    either way (the search is exact); only the effort differs."""
    started = time.perf_counter()
    if comp is None:
        comp = compile_for(instance, budgets=budgets, max_horizon_cost=max_horizon_cost)
    start = None if warm is None else feasible_mask(comp, warm)
    if start is None:
        # one greedy start per cost kind: horizon cost, then each budget and limit
        starts = [greedy_mask(comp)] + [
            greedy_mask(comp, cap.costs) for cap in comp.caps if cap.kind != HORIZON
        ]
    else:
        starts = [start]
    group = exclusive_groups(comp.excl)
    if any(g != i for i, g in enumerate(group)):
        # greedy takes the phases with the best ratios: let them grow into their measures
        # (and a neighbour's package, the recommended one under bigger budgets, grow)
        starts = [improve(comp, m, group, comp.hcost) for m in starts]
    remaining = max(0.0, time_limit_s - (time.perf_counter() - started))
    result = branch_and_bound(comp, start=starts, time_limit_s=remaining, max_nodes=max_nodes)
    return solution_of(
        instance,
        comp,
        result.mask,
        optimal=result.optimal,
        upper_bound=result.upper_bound,
        nodes=result.nodes,
    )


def next_cap(cost: float) -> float:
    """The horizon cost cap that excludes every package costing about ``cost`` or more."""
    return cost - cost_tol(cost, cost) - 2 * TOL
