"""An instance compiled to index form: the shared ground of all solvers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Instance

__all__ = [
    "HORIZON",
    "LIMIT",
    "ONE_OFF",
    "TOL",
    "YEARLY",
    "Cap",
    "Compiled",
    "Window",
    "benefit_of",
    "cap_totals",
    "compile_instance",
    "cost_tol",
    "members",
    "score",
    "survival",
    "totals",
    "within_caps",
]

TOL = 1e-9
"""Tolerance on benefits (absolute) and on budget comparisons."""

# Constraint kinds: which cost a cap limits (LIMIT: a named resource of Instance.limits).
ONE_OFF, YEARLY, HORIZON, LIMIT = 0, 1, 2, 3


def cost_tol(a: float, b: float) -> float:
    """Tolerance under which two horizon costs count as equal."""
    return TOL * max(1.0, abs(a), abs(b))


@dataclass(frozen=True, slots=True)
class Cap:
    """One active cap: its kind, its name, its limit and the per-option cost it limits.

    Every solver treats all caps alike: a package fits when, for every cap, the canonical
    sum of ``costs`` over its options is at most ``limit`` + 1e-9 (for the horizon cap the
    canonical one-off plus horizon times yearly total, see ``cap_totals``).
    """

    kind: int
    name: str
    limit: float
    costs: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Compiled:
    """Candidate options in sorted-id index form, ready for the solvers."""

    ids: tuple[str, ...]
    one_off: tuple[float, ...]
    yearly: tuple[float, ...]
    hcost: tuple[float, ...]
    # per option: (weighted-problem index, effect, 1 - effect) for effects > 0
    eff: tuple[tuple[tuple[int, float, float], ...], ...]
    weights: tuple[float, ...]
    base: tuple[float, ...]  # survival 1 - r_p after the in-place measures
    baseline: float
    groups: tuple[tuple[int, ...], ...]  # per option: unmet requires groups as bit masks
    excl: tuple[int, ...]  # per option: bit mask of options it may not be combined with
    # every active cap: one-off and yearly budgets, horizon cost cap, then named limits by
    # name (a limit no package can exceed is left out)
    caps: tuple[Cap, ...]
    horizon: int

    @property
    def n(self) -> int:
        return len(self.ids)


def _useful(effects: Mapping[str, float], weights: Mapping[str, float]) -> bool:
    return any(e > 0.0 and weights.get(p, 0.0) > 0.0 for p, e in effects.items())


class _Options:
    """The options not in place, with the requires groups still open and the exclusions."""

    def __init__(self, instance: Instance) -> None:
        self.in_place = set(instance.in_place)
        self.by_id = {o.id: o for o in instance.options if o.id not in self.in_place}

    def open_groups(self, oid: str) -> list[tuple[str, ...]]:
        # a group naming the option itself or an in-place measure is always met
        return [
            g
            for g in self.by_id[oid].requires
            if not any(x in self.in_place or x == oid for x in g)
        ]

    def excluded(self, a: str, b: str) -> bool:
        return b in self.by_id[a].excludes or a in self.by_id[b].excludes

    def prune_unchoosable(self, pool: set[str]) -> set[str]:
        """``pool`` without the options whose open requires groups it cannot meet."""
        changed = True
        while changed:
            changed = False
            for oid in sorted(pool):
                for group in self.open_groups(oid):
                    if not any(x in pool and not self.excluded(oid, x) for x in group):
                        pool.discard(oid)
                        changed = True
                        break
        return pool

    def choosable(
        self,
        weights: Mapping[str, float],
        budgets: list[tuple[int, str, float]],
        named: Mapping[str, float],
        horizon: int,
    ) -> tuple[str, ...]:
        """The options that fit the caps alone and are useful or needed by a useful one."""
        by_id = self.by_id

        def fits_alone(oid: str) -> bool:
            o = by_id[oid]
            cost = {ONE_OFF: o.one_off, YEARLY: o.yearly, HORIZON: o.one_off + horizon * o.yearly}
            return all(cost[kind] <= cap + TOL for kind, _name, cap in budgets) and all(
                o.resources.get(k, 0.0) <= cap + TOL for k, cap in named.items()
            )

        alive = self.prune_unchoosable({oid for oid in by_id if fits_alone(oid)})
        keep = {oid for oid in alive if _useful(by_id[oid].effects, weights)}
        frontier = sorted(keep)
        while frontier:
            nxt: list[str] = []
            for oid in frontier:
                for group in self.open_groups(oid):
                    for x in group:
                        if x in alive and x not in keep:
                            keep.add(x)
                            nxt.append(x)
            frontier = sorted(nxt)
        return tuple(sorted(self.prune_unchoosable(keep)))

    def structure(
        self, ids: tuple[str, ...], pindex: Mapping[str, int]
    ) -> tuple[list[tuple[tuple[int, float, float], ...]], list[tuple[int, ...]], list[int]]:
        """Per option: its effects (problem index, e, 1 - e), its open requires groups and its
        exclusions, as masks over ``ids``."""
        index = {oid: i for i, oid in enumerate(ids)}
        eff: list[tuple[tuple[int, float, float], ...]] = []
        groups: list[tuple[int, ...]] = []
        excl: list[int] = []
        for oid in ids:
            o = self.by_id[oid]
            eff.append(
                tuple(
                    (pindex[p], e, 1.0 - e)
                    for p, e in sorted(o.effects.items())
                    if p in pindex and e > 0.0
                )
            )
            masks: list[int] = []
            for group in self.open_groups(oid):
                mask = 0
                for x in group:
                    if x in index:
                        mask |= 1 << index[x]
                masks.append(mask)
            groups.append(tuple(sorted(set(masks))))
            mask = 0
            for other in ids:
                if other != oid and self.excluded(oid, other):
                    mask |= 1 << index[other]
            excl.append(mask)
        return eff, groups, excl


def _caps(
    options: _Options,
    ids: tuple[str, ...],
    budgets: list[tuple[int, str, float]],
    named: Mapping[str, float],
    by_kind: Mapping[int, tuple[float, ...]],
) -> list[Cap]:
    """The budgets, the horizon cost cap and the limits that can bind."""
    caps = [Cap(kind, name, cap, by_kind[kind]) for kind, name, cap in budgets]
    for name in sorted(named):
        costs = tuple(options.by_id[i].resources.get(name, 0.0) for i in ids)
        total = 0.0
        for c in costs:
            total += c
        # canonical sums of non-negative terms only grow with the set, so when all the
        # options together stay within the limit, every package does: leave the cap out
        if total > named[name] + TOL:
            caps.append(Cap(LIMIT, name, named[name], costs))
    return caps


def compile_instance(
    instance: Instance,
    *,
    budget_one_off: float | None,
    budget_yearly: float | None,
    max_horizon_cost: float | None,
    limits: Mapping[str, float] | None = None,
) -> Compiled:
    """Index the choosable options of an instance under the given budgets, cap and limits."""
    weights = {p: w for p, w in instance.weights.items() if w > 0.0}
    horizon = instance.horizon_years
    budgets: list[tuple[int, str, float]] = []
    for kind, name, cap in (
        (ONE_OFF, "one_off", budget_one_off),
        (YEARLY, "yearly", budget_yearly),
        (HORIZON, "horizon", max_horizon_cost),
    ):
        if cap is not None:
            budgets.append((kind, name, float(cap)))
    named = {} if limits is None else {k: float(v) for k, v in limits.items()}
    options = _Options(instance)
    ids = options.choosable(weights, budgets, named, horizon)

    problems = sorted(weights)
    pindex = {p: k for k, p in enumerate(problems)}
    base = [1.0] * len(problems)
    for m in sorted(instance.in_place):
        for p, e in instance.in_place[m].items():
            if p in pindex:
                base[pindex[p]] *= 1.0 - e
    w = tuple(weights[p] for p in problems)
    baseline = sum((wp * (1.0 - s) for wp, s in zip(w, base, strict=True)), 0.0)
    eff, groups, excl = options.structure(ids, pindex)

    by_id = options.by_id
    one_off = tuple(by_id[i].one_off for i in ids)
    yearly = tuple(by_id[i].yearly for i in ids)
    hcost = tuple(by_id[i].one_off + horizon * by_id[i].yearly for i in ids)
    by_kind = {ONE_OFF: one_off, YEARLY: yearly, HORIZON: hcost}
    return Compiled(
        ids=ids,
        one_off=one_off,
        yearly=yearly,
        hcost=hcost,
        eff=tuple(eff),
        weights=w,
        base=tuple(base),
        baseline=baseline,
        groups=tuple(groups),
        excl=tuple(excl),
        caps=tuple(_caps(options, ids, budgets, named, by_kind)),
        horizon=horizon,
    )


def members(mask: int) -> list[int]:
    """The set bits of a mask, ascending."""
    out: list[int] = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def totals(comp: Compiled, idx: list[int]) -> tuple[float, float, float]:
    """One-off, yearly and horizon cost of ascending indices, summed in canonical order."""
    one_off = 0.0
    yearly = 0.0
    for i in idx:
        one_off += comp.one_off[i]
        yearly += comp.yearly[i]
    return one_off, yearly, one_off + comp.horizon * yearly


def cap_totals(comp: Compiled, idx: list[int]) -> list[float]:
    """Per active cap, the canonical total of ascending indices.

    Each cap's costs are summed in index order; the horizon cap's total is the canonical
    one-off total plus horizon times the canonical yearly total, as docs/model.md defines it.
    """
    out: list[float] = []
    for cap in comp.caps:
        if cap.kind == HORIZON:
            one_off, yearly, _ = totals(comp, idx)
            out.append(one_off + comp.horizon * yearly)
            continue
        value = 0.0
        costs = cap.costs
        for i in idx:
            value += costs[i]
        out.append(value)
    return out


def within_caps(comp: Compiled, idx: list[int]) -> bool:
    """Whether the package of ascending indices keeps every active cap (canonical sums)."""
    return all(
        value <= cap.limit + TOL
        for value, cap in zip(cap_totals(comp, idx), comp.caps, strict=True)
    )


def survival(comp: Compiled, idx: list[int]) -> list[float]:
    """Per weighted problem, 1 - r_p for ascending indices, multiplied in canonical order."""
    surv = list(comp.base)
    for i in idx:
        for p, _e, om in comp.eff[i]:
            surv[p] *= om
    return surv


def benefit_of(comp: Compiled, surv: list[float]) -> float:
    """Weighted benefit of a survival vector, summed in canonical order."""
    total = 0.0
    for wp, s in zip(comp.weights, surv, strict=True):
        total += wp * (1.0 - s)
    return total


def score(comp: Compiled, mask: int) -> tuple[float, float]:
    """Canonical (benefit, horizon cost) of a set of candidate indices."""
    idx = members(mask)
    return benefit_of(comp, survival(comp, idx)), totals(comp, idx)[2]


class Window:
    """Packages within 1e-9 of the best benefit seen; picks the answer among them.

    The answer is well defined whatever the search order: the cheapest (within the cost
    tolerance of the cheapest) of the packages whose benefit is within 1e-9 of the maximum,
    then the smallest sorted ids.
    """

    __slots__ = ("items", "top", "top_mask")

    def __init__(self) -> None:
        self.top = -math.inf
        self.top_mask = 0
        self.items: dict[int, tuple[float, float]] = {}

    def offer(self, mask: int, benefit: float, cost: float) -> None:
        """Consider a feasible package, with canonical benefit and horizon cost."""
        if benefit > self.top:
            self.top = benefit
            self.top_mask = mask
            floor = benefit - TOL
            self.items = {m: bc for m, bc in self.items.items() if bc[0] >= floor}
        if benefit >= self.top - TOL:
            self.items[mask] = (benefit, cost)

    def choice(self) -> tuple[int, float, float]:
        """The chosen package: mask, benefit, horizon cost."""
        cheapest = min(c for _b, c in self.items.values())
        limit = cheapest + cost_tol(cheapest, cheapest)
        mask = min((m for m, (_b, c) in self.items.items() if c <= limit), key=members)
        benefit, cost = self.items[mask]
        return mask, benefit, cost
