"""The packages a recommendation offers: recommended, basic and ambitious, with the frontier."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Literal

from ._cheapest import Cheapest, cheapest_reaching
from ._compiled import TOL, Compiled, members
from ._reach import cheapest_by_bounds
from .lagrange import knee_solution
from .model import Instance, PackageSet, Solution
from .optimiser import frontier, knee, optimise
from .solve import check_limit, compile_for, feasible_mask, next_cap, solve

__all__ = ["packages", "reference_packages"]


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
    comp: Compiled | None = None,
    reference: bool = False,
) -> Solution:
    """The cheapest package within the budgets whose added benefit reaches the threshold.

    Answered from the frontier when its cheapest such point fits the budgets; otherwise by
    one search for the cheapest qualifying package (``_cheapest``) and one optimisation capped
    at its cost, which settles ties as the optimiser does; when that search stops at its
    node limit, the same from a search for the cheapest qualifying package by the
    optimiser's bounds (``_reached``), and when that one stops at its limit too, by a
    bisection narrowed to what the first search found (``_narrowed``). ``reference=True``,
    or a narrowed bisection with a solve not proved, takes the former way: bisection on a
    horizon cost cap between the frontier's lower limit and the recommended package (the
    same answers, about 13 solves).
    """
    reaching = [p for p in points if p.added_benefit >= threshold]
    lo = -1.0  # every package costing at most lo falls short of the threshold
    if reaching:
        first = reaching[0]
        if all(p.optimal for p in points if p.horizon_cost <= first.horizon_cost):
            if not has_budget or _within_budgets(instance, first):
                return first
            lo = next_cap(first.horizon_cost)
    if not has_budget:
        return reaching[0] if reaching else recommended
    if not reference:
        found = _basic_search(
            instance, recommended, threshold, lo, deadline=deadline, max_nodes=max_nodes, comp=comp
        )
        if found is not None:
            return found
    return _bisection(instance, recommended, threshold, lo, deadline=deadline, max_nodes=max_nodes)


_SEARCH_NODES = 500
"""Node limit of the cheapest-package search (or the caller's, if lower); past it the search
by the optimiser's bounds answers (``_reached``), else the bisection narrowed by what the
first search found (``_narrowed``), and, if one of its solves is not proved, the full
bisection. On the benchmark's profiles the searches that finish need at most about 460
nodes; one that does not rarely finishes within 20,000 (its cover by first-in gains is too
weak), and the search by bounds then needs fewer nodes than it would have gone on for."""

_REACH_NODES = 5_000
"""Node limit of the search by the optimiser's bounds (``_reached``, or the caller's limit,
if lower) that takes over from a cheapest-package search stopped at its limit; past it the
narrowed bisection answers. It needs about as many nodes as two or three of that
bisection's solves."""


def _basic_search(
    instance: Instance,
    recommended: Solution,
    threshold: float,
    lo: float,
    *,
    deadline: float,
    max_nodes: int | None,
    comp: Compiled | None,
) -> Solution | None:
    """The bisection's answer without the bisection (None: the search did not settle it).

    The bisection keeps the recommended package unless a qualifying package costs at most
    ``next_cap(recommended)`` (the caps' tolerance included), and otherwise ends with the
    optimum under a cap at the cheapest qualifying cost: that optimum is found directly.
    """
    top = next_cap(recommended.horizon_cost)
    if top <= lo or top < 0.0:
        return recommended
    if comp is None:
        comp = compile_for(instance)
    found = cheapest_reaching(
        comp,
        threshold,
        ceiling=top + TOL,
        max_nodes=_SEARCH_NODES if max_nodes is None else min(max_nodes, _SEARCH_NODES),
        deadline=deadline,
    )
    if not found.proved:
        if found.mask >= 0:
            cheapest = tuple(comp.ids[i] for i in members(found.mask))
            reached = _reached(instance, cheapest, found.cost, threshold, deadline, max_nodes)
            if reached is not None:
                return _capped(instance, *reached, threshold, deadline, max_nodes)
        return _narrowed(
            instance, comp, found, threshold, lo, deadline=deadline, max_nodes=max_nodes
        )
    if found.mask < 0:
        return recommended
    cheapest = tuple(comp.ids[i] for i in members(found.mask))
    return _capped(instance, cheapest, found.cost, threshold, deadline, max_nodes)


def _capped(
    instance: Instance,
    cheapest: tuple[str, ...],
    cost: float,
    threshold: float,
    deadline: float,
    max_nodes: int | None,
) -> Solution | None:
    """The optimum capped at ``cost``, the cost of ``cheapest``, a cheapest qualifying package:
    the basic package (None if that solve is not proved or, in rounding, falls short)."""
    remaining = deadline - time.perf_counter()
    if remaining <= 0.0:
        return None
    sol = solve(
        instance,
        time_limit_s=remaining,
        max_nodes=max_nodes,
        max_horizon_cost=cost,
        warm=cheapest,
    )
    if not sol.optimal or sol.added_benefit < threshold:
        return None
    return sol


def _reached(
    instance: Instance,
    found: tuple[str, ...],
    cost: float,
    threshold: float,
    deadline: float,
    max_nodes: int | None,
) -> tuple[tuple[str, ...], float] | None:
    """A cheapest qualifying package and its cost, proved by the optimiser's bounds
    (``_reach``), from ``found``, a qualifying package that costs ``cost``; None when that
    search stops at its node limit or the time."""
    capped = compile_for(instance, max_horizon_cost=cost)
    mask = feasible_mask(capped, found)
    if mask is None:  # it qualified in an instance without the cap: cannot happen
        return None
    limit = _REACH_NODES if max_nodes is None else min(max_nodes, _REACH_NODES)
    reached = cheapest_by_bounds(capped, threshold, mask=mask, max_nodes=limit, deadline=deadline)
    if not reached.proved:
        return None
    return tuple(capped.ids[i] for i in members(reached.mask)), reached.cost


def _narrowed(
    instance: Instance,
    comp: Compiled,
    found: Cheapest,
    threshold: float,
    lo: float,
    *,
    deadline: float,
    max_nodes: int | None,
) -> Solution | None:
    """The bisection's answer from where an unfinished cheapest-package search left it: the
    optimum capped at the cheapest qualifying package found, then bisection between the
    search's floor (no qualifying package costs less) and that cost. Every solve must prove
    optimality (None otherwise, and the full bisection answers): then, as in
    ``_basic_search``, the answer is the optimum capped at the cheapest qualifying cost, which
    is what the bisection from the recommended package ends with too, in fewer solves."""
    if found.mask < 0:
        return None
    cheapest = tuple(comp.ids[i] for i in members(found.mask))
    best = solve(
        instance,
        time_limit_s=max(0.0, deadline - time.perf_counter()),
        max_nodes=max_nodes,
        max_horizon_cost=found.cost,
        warm=cheapest,
    )
    if not best.optimal or best.added_benefit < threshold:
        return None
    # packages costing at most lo fall short; the floor sums running costs: allow rounding
    lo = max(lo, found.floor - 1e-9 * max(1.0, abs(found.floor)) - 2 * TOL)
    while True:
        top = next_cap(best.horizon_cost)
        if top <= lo or top < 0.0:
            return best
        remaining = deadline - time.perf_counter()
        if remaining <= 0.0:
            return None
        mid = top if top - lo <= 1e-3 * max(1.0, top) else lo + (top - lo) / 2
        sol = solve(instance, time_limit_s=remaining, max_nodes=max_nodes, max_horizon_cost=mid)
        if not sol.optimal:
            return None
        if sol.added_benefit >= threshold:
            best = sol
        else:
            lo = mid


def _bisection(
    instance: Instance,
    recommended: Solution,
    threshold: float,
    lo: float,
    *,
    deadline: float,
    max_nodes: int | None,
) -> Solution:
    """The basic package by bisection on a horizon cost cap above ``lo`` (the reference)."""
    proved = True
    best = recommended
    while True:
        top = next_cap(best.horizon_cost)
        if top <= lo or top < 0.0:
            break
        remaining = deadline - time.perf_counter()
        if remaining <= 0.0:
            proved = False
            break
        mid = top if top - lo <= 1e-3 * max(1.0, top) else lo + (top - lo) / 2
        sol = solve(instance, time_limit_s=remaining, max_nodes=max_nodes, max_horizon_cost=mid)
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
    knee is found as one Lagrangian optimisation (``lagrange.knee_solution``) and the basic
    package by the cheapest-package search alone: the same packages, much faster.
    ``max_nodes`` caps every search by nodes, which (unlike a time limit) gives the same
    answer on a busy machine.
    """
    return _packages(
        instance,
        time_limit_s=time_limit_s,
        frontier_time_limit_s=frontier_time_limit_s,
        with_frontier=with_frontier,
        max_nodes=max_nodes,
        reference=False,
    )


def reference_packages(
    instance: Instance,
    *,
    time_limit_s: float = 2.0,
    frontier_time_limit_s: float = 10.0,
    with_frontier: bool = True,
    max_nodes: int | None = None,
) -> PackageSet:
    """``packages`` the former way: the basic package by bisection, an instance compiled for
    every solve. The same answers, slower: the differential tests' and benchmarks' reference."""
    return _packages(
        instance,
        time_limit_s=time_limit_s,
        frontier_time_limit_s=frontier_time_limit_s,
        with_frontier=with_frontier,
        max_nodes=max_nodes,
        reference=True,
    )


def _packages(
    instance: Instance,
    *,
    time_limit_s: float,
    frontier_time_limit_s: float,
    with_frontier: bool,
    max_nodes: int | None,
    reference: bool,
) -> PackageSet:
    check_limit(time_limit_s, "time_limit_s")
    check_limit(frontier_time_limit_s, "frontier_time_limit_s")
    has_budget = (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )
    points = frontier(instance, time_limit_s=frontier_time_limit_s) if with_frontier else []
    reason: Literal["knee", "budget"]
    comp = None if reference or not has_budget else compile_for(instance)
    if has_budget:
        if max_nodes is not None and max_nodes < 1:
            raise ValueError(f"max_nodes must be >= 1, got {max_nodes!r}")
        recommended = solve(instance, time_limit_s=time_limit_s, max_nodes=max_nodes, comp=comp)
        reason = "budget"
    elif points:
        recommended = knee(points)
        reason = "knee"
    else:
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
        comp=comp,
        reference=reference,
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
        ambitious = None
        if not reference:  # the recommended package fits 1.5 times the budgets: start from it
            ambitious = solve(
                bigger, time_limit_s=time_limit_s, max_nodes=max_nodes, warm=recommended.ids
            )
        if ambitious is None or not ambitious.optimal:
            # cut short, the greedy starts' search may end elsewhere: run it, as before
            ambitious = optimise(bigger, time_limit_s=time_limit_s, max_nodes=max_nodes)
    return PackageSet(
        recommended=recommended,
        recommended_reason=reason,
        basic=basic,
        ambitious=ambitious,
        frontier=tuple(points),
        frontier_complete=bool(points) and all(p.optimal for p in points),
    )
