"""Searches over a compiled instance: greedy and exhaustive; the result type and the cap
zones the branch and bound (packages/_branch.py) shares."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ._compiled import (
    HORIZON,
    TOL,
    Compiled,
    Window,
    benefit_of,
    members,
    within_caps,
)

__all__ = [
    "INF",
    "MARGIN",
    "SLACK",
    "SearchResult",
    "brute_force_mask",
    "cap_zones",
    "fits_caps",
    "greedy_mask",
]

INF = float("inf")
SLACK = 1e-12  # relative width of the zone where running cost sums are re-checked
MARGIN = 1e-12  # relative allowance for rounding in bounds before a subtree is cut


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Best package found (as a mask), its proof status and the search effort."""

    mask: int
    benefit: float
    cost: float
    optimal: bool
    upper_bound: float
    nodes: int


# --------------------------------------------------------------------------- greedy


# A cap as the searches check it: below ``sure`` a running total surely fits, above ``never``
# it surely does not; in between the canonical sums decide. Then the cap's per-option costs.
_Zone = tuple[float, float, tuple[float, ...]]


def cap_zones(comp: Compiled) -> list[_Zone]:
    """Every active cap with its zone where running sums are re-checked canonically."""
    out: list[_Zone] = []
    for cap in comp.caps:
        limit = cap.limit + TOL
        slack = SLACK * max(1.0, limit) * (comp.n + 1)
        out.append((limit - slack, limit + slack, cap.costs))
    return out


def _within(comp: Compiled, zones: list[_Zone], mask: int, spent: tuple[float, ...]) -> bool:
    """Whether a package with these running totals (one per cap) keeps every cap.

    Running totals are summed in search order, so near a cap the canonical sums decide.
    """
    for (sure, never, _costs), value in zip(zones, spent, strict=True):
        if value > never:
            return False
        if value > sure:
            return within_caps(comp, members(mask))
    return True


def fits_caps(
    comp: Compiled, zones: list[_Zone], chosen: int, spent: tuple[float, ...], i: int
) -> bool:
    """Whether option i can join ``chosen`` (running totals ``spent``) within every cap."""
    for (sure, never, costs), s in zip(zones, spent, strict=True):
        value = s + costs[i]
        if value > never:
            return False
        if value > sure:
            return within_caps(comp, members(chosen | 1 << i))
    return True


def _closure(comp: Compiled, i: int, chosen: int) -> int | None:
    """Option i plus the cheapest prerequisites that meet its open requires groups."""
    bundle = 1 << i
    if comp.excl[i] & chosen:
        return None
    queue = [i]
    while queue:
        j = queue.pop()
        for g in comp.groups[j]:
            have = chosen | bundle
            if g & have:
                continue
            pick = -1
            for k in members(g):
                if comp.excl[k] & have:
                    continue
                if pick < 0 or comp.hcost[k] < comp.hcost[pick]:
                    pick = k
            if pick < 0:
                return None
            bundle |= 1 << pick
            queue.append(pick)
    return bundle


_Move = tuple[tuple[float, float, int] | None, list[int]]


def _best_bundled_move(
    comp: Compiled,
    zones: list[_Zone],
    bundled: list[int],
    chosen: int,
    spent: tuple[float, ...],
    ws: list[float],
    costs: tuple[float, ...],
) -> _Move:
    """The best move among options with requires groups: (ratio, gain, -index) and the
    options it adds (the option with the cheapest prerequisites it still needs)."""
    excl, eff, caps = comp.excl, comp.eff, comp.caps
    best_key: tuple[float, float, int] | None = None
    best_new: list[int] = []
    for i in bundled:
        if chosen >> i & 1 or excl[i] & chosen:
            continue
        found = _closure(comp, i, chosen)
        if found is None:
            continue
        new = members(found)
        if any(excl[k] & found for k in new):
            continue
        factor: dict[int, float] = {}
        for k in new:
            for p, _e, om in eff[k]:
                factor[p] = factor.get(p, 1.0) * om
        gain = sum(ws[p] * (1.0 - f) for p, f in sorted(factor.items()))
        if gain <= TOL:
            continue
        grown = tuple(
            s + sum(cap.costs[k] for k in new) for s, cap in zip(spent, caps, strict=True)
        )
        if not _within(comp, zones, chosen | found, grown):
            continue
        spend = sum(costs[k] for k in new)
        key = (gain / spend if spend > 0.0 else INF, gain, -i)
        if best_key is None or key > best_key:
            best_key = key
            best_new = new
    return best_key, best_new


def greedy_mask(comp: Compiled, costs: tuple[float, ...] | None = None) -> int:
    """Add the move with the best benefit gain per unit of ``costs``, until none fits.

    ``costs`` is a per-option cost vector (a cap's, or by default the horizon cost). A move
    is one option together with the cheapest prerequisites it still needs; every cap is
    respected. Options without requires groups are kept in a lazy heap: their gains only
    shrink as the package grows, so a stale key is an upper bound on the fresh one.
    """
    if costs is None:
        costs = comp.hcost
    caps = comp.caps
    zones = cap_zones(comp)
    weights = comp.weights
    eff = comp.eff
    excl = comp.excl
    groups = comp.groups
    n_prob = len(weights)
    chosen = 0
    surv = list(comp.base)
    spent = tuple(0.0 for _ in caps)
    step = 0
    heap: list[tuple[float, float, int, int]] = []  # (-ratio, -gain, index, step computed)
    bundled: list[int] = []
    for i in range(comp.n):
        if groups[i]:
            bundled.append(i)
        else:
            gain = 0.0
            for p, e, _om in eff[i]:
                gain += weights[p] * surv[p] * e
            heap.append((-(gain / costs[i]) if costs[i] > 0.0 else -INF, -gain, i, 0))
    heapq.heapify(heap)
    while True:
        ws = [weights[p] * surv[p] for p in range(n_prob)]
        best_key, best_new = _best_bundled_move(comp, zones, bundled, chosen, spent, ws, costs)
        while heap:
            neg_ratio, neg_gain, i, when = heap[0]
            if chosen >> i & 1 or excl[i] & chosen or not fits_caps(comp, zones, chosen, spent, i):
                heapq.heappop(heap)  # excluded or too dear now, and for good
                continue
            if when == step:
                key = (-neg_ratio, -neg_gain, -i)
                if best_key is None or key > best_key:
                    best_key = key
                    best_new = [i]
                break
            gain = 0.0
            for p, e, _om in eff[i]:
                gain += ws[p] * e
            if gain <= TOL:
                heapq.heappop(heap)  # gains only shrink
                continue
            ratio = gain / costs[i] if costs[i] > 0.0 else INF
            heapq.heapreplace(heap, (-ratio, -gain, i, step))
        if best_key is None:
            return chosen
        for k in best_new:
            chosen |= 1 << k
            spent = tuple([s + cap.costs[k] for s, cap in zip(spent, caps, strict=True)])
            for p, _e, om in eff[k]:
                surv[p] *= om
        step += 1


# ----------------------------------------------------------------------- brute force


def brute_force_mask(comp: Compiled) -> int:
    """The best feasible package by exhaustive enumeration of all subsets."""
    n = comp.n
    eff = comp.eff
    excl = comp.excl
    groups = comp.groups
    one_off_c = comp.one_off
    yearly_c = comp.yearly
    horizon = comp.horizon
    # options are added in ascending index order, so the running sums are the canonical ones
    # and each cap is checked exactly (the horizon cap on the one-off and yearly totals)
    caps = [(cap.limit + TOL, cap.costs, cap.kind == HORIZON) for cap in comp.caps]
    window = Window()

    def leaf(chosen: int, surv: list[float], one_off: float, yearly: float) -> None:
        for j in members(chosen):
            for g in groups[j]:
                if not g & chosen:
                    return
        window.offer(chosen, benefit_of(comp, surv), one_off + horizon * yearly)

    def visit(
        i: int,
        chosen: int,
        surv: list[float],
        one_off: float,
        yearly: float,
        spent: list[float],
    ) -> None:
        if i == n:
            leaf(chosen, surv, one_off, yearly)
            return
        visit(i + 1, chosen, surv, one_off, yearly, spent)
        if excl[i] & chosen:
            return
        o2 = one_off + one_off_c[i]
        y2 = yearly + yearly_c[i]
        grown: list[float] = []
        for (limit, costs, is_horizon), s in zip(caps, spent, strict=True):
            value = o2 + horizon * y2 if is_horizon else s + costs[i]
            if value > limit:
                return  # costs are >= 0, so no superset fits either
            grown.append(value)
        s2 = list(surv)
        for p, _e, om in eff[i]:
            s2[p] *= om
        visit(i + 1, chosen | 1 << i, s2, o2, y2, grown)

    visit(0, 0, list(comp.base), 0.0, 0.0, [0.0] * len(caps))
    return window.choice()[0]


# ------------------------------------------------------------------ branch and bound
