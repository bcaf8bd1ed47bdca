"""Solvers over a compiled instance: branch and bound, greedy and exhaustive search."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ._compiled import (
    HORIZON,
    ONE_OFF,
    TOL,
    YEARLY,
    Compiled,
    benefit_of,
    better,
    cost_tol,
    members,
    score,
    totals,
    within_caps,
)

__all__ = ["SearchResult", "branch_and_bound", "brute_force_mask", "greedy_mask"]

_INF = float("inf")
_BR = 0
_COMBINE = True
_SLACK = 1e-12  # relative width of the zone where running cost sums are re-checked


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


def greedy_mask(comp: Compiled, kind: int = HORIZON) -> int:
    """Add the move with the best benefit gain per euro of the given cost kind, until none fits.

    A move is one option together with the cheapest prerequisites it still needs.
    """
    costs = comp.costs(kind)
    weights = comp.weights
    eff = comp.eff
    excl = comp.excl
    groups = comp.groups
    n_prob = len(weights)
    chosen = 0
    surv = list(comp.base)
    spent_o = 0.0
    spent_y = 0.0
    while True:
        ws = [weights[p] * surv[p] for p in range(n_prob)]
        best_key: tuple[float, float, int] | None = None
        best_new: list[int] = []
        for i in range(comp.n):
            if chosen >> i & 1 or excl[i] & chosen:
                continue
            if all(g & chosen for g in groups[i]):
                new = [i]
                bundle = 1 << i
                gain = 0.0
                for p, e, _om in eff[i]:
                    gain += ws[p] * e
            else:
                found = _closure(comp, i, chosen)
                if found is None:
                    continue
                bundle = found
                new = members(bundle)
                if any(excl[k] & bundle for k in new):
                    continue
                factor: dict[int, float] = {}
                for k in new:
                    for p, _e, om in eff[k]:
                        factor[p] = factor.get(p, 1.0) * om
                gain = sum(ws[p] * (1.0 - f) for p, f in sorted(factor.items()))
            if gain <= TOL:
                continue
            add_o = 0.0
            add_y = 0.0
            for k in new:
                add_o += comp.one_off[k]
                add_y += comp.yearly[k]
            if not _within(comp, chosen | bundle, spent_o + add_o, spent_y + add_y):
                continue
            spend = 0.0
            for k in new:
                spend += costs[k]
            key = (gain / spend if spend > 0.0 else _INF, gain, -i)
            if best_key is None or key > best_key:
                best_key = key
                best_new = new
        if best_key is None:
            return chosen
        for k in best_new:
            chosen |= 1 << k
            spent_o += comp.one_off[k]
            spent_y += comp.yearly[k]
            for p, _e, om in eff[k]:
                surv[p] *= om


# ----------------------------------------------------------------------- brute force


def brute_force_mask(comp: Compiled) -> int:
    """The best feasible package by exhaustive enumeration of all subsets."""
    n = comp.n
    eff = comp.eff
    excl = comp.excl
    groups = comp.groups
    one_off_c = comp.one_off
    yearly_c = comp.yearly
    best = [0, *score(comp, 0)]  # mask, benefit, cost

    def leaf(chosen: int, surv: list[float], one_off: float, yearly: float) -> None:
        for j in members(chosen):
            for g in groups[j]:
                if not g & chosen:
                    return
        value = benefit_of(comp, surv)
        cost = one_off + comp.horizon * yearly
        if better(value, cost, chosen, best[1], best[2], int(best[0])):
            best[0], best[1], best[2] = chosen, value, cost

    def visit(i: int, chosen: int, surv: list[float], one_off: float, yearly: float) -> None:
        if i == n:
            leaf(chosen, surv, one_off, yearly)
            return
        visit(i + 1, chosen, surv, one_off, yearly)
        if excl[i] & chosen:
            return
        o2 = one_off + one_off_c[i]
        y2 = yearly + yearly_c[i]
        if not within_caps(comp, o2, y2):
            return  # costs are >= 0, so no superset fits either
        s2 = list(surv)
        for p, _e, om in eff[i]:
            s2[p] *= om
        visit(i + 1, chosen | 1 << i, s2, o2, y2)

    visit(0, 0, list(comp.base), 0.0, 0.0)
    return int(best[0])


# ------------------------------------------------------------------ branch and bound


def _within(comp: Compiled, mask: int, one_off: float, yearly: float) -> bool:
    """Whether a package with these running totals keeps every cap; exact close to a cap.

    Running totals are summed in search order, so near a cap the canonical sums decide.
    """
    h = comp.horizon
    for kind, cap in comp.caps:
        value = one_off if kind == ONE_OFF else yearly if kind == YEARLY else one_off + h * yearly
        limit = cap + TOL
        slack = _SLACK * max(1.0, limit) * (comp.n + 1)
        if value > limit + slack:
            return False
        if value > limit - slack:
            exact_o, exact_y, _ = totals(comp, members(mask))
            return within_caps(comp, exact_o, exact_y)
    return True


def _add_bound(
    base: float,
    room: float,
    live: list[int],
    gains: list[float],
    costs: tuple[float, ...],
    if_in: list[float],
    if_out: list[float],
) -> float:
    """Fractional knapsack of first-in marginal gains within the room left under a cap.

    Also lowers ``if_in``/``if_out`` (bounds with a candidate forced in/out) by the LP's
    reduced costs: the dual at the critical ratio stays feasible when one variable is fixed.
    """
    ratios = [gains[k] / costs[i] if costs[i] > 0.0 else _INF for k, i in enumerate(live)]
    order = sorted(range(len(live)), key=ratios.__getitem__, reverse=True)
    value = base
    crit = -1
    for pos, k in enumerate(order):
        c = costs[live[k]]
        if c <= room:
            value += gains[k]
            room -= c
        else:
            value += gains[k] * room / c
            crit = pos
            break
    if crit < 0:
        return value
    lam = ratios[order[crit]]
    for pos, k in enumerate(order):
        if pos == crit:
            continue
        cut = value - abs(gains[k] - lam * costs[live[k]])
        if pos < crit:
            if cut < if_out[k]:
                if_out[k] = cut
        elif cut < if_in[k]:
            if_in[k] = cut
    return value


def _drop_bound(
    take_all: float,
    excess: float,
    live: list[int],
    drops: list[float],
    costs: tuple[float, ...],
    if_in: list[float],
    if_out: list[float],
) -> float:
    """Take-all benefit minus the cheapest fractional cover of the excess by last-in losses.

    Valid because dropping a set loses at least the sum of its members' last-in losses.
    Lowers ``if_in``/``if_out`` by the cover LP's reduced costs, as in ``_add_bound``.
    """
    ratios = [drops[k] / costs[i] if costs[i] > 0.0 else _INF for k, i in enumerate(live)]
    order = sorted(range(len(live)), key=ratios.__getitem__)
    loss = 0.0
    crit = -1
    for pos, k in enumerate(order):
        c = costs[live[k]]
        if c < excess:
            loss += drops[k]
            excess -= c
        else:
            loss += drops[k] * excess / c
            crit = pos
            break
    value = take_all - loss
    if crit < 0:
        return value
    lam = ratios[order[crit]]
    for pos, k in enumerate(order):
        if pos == crit:
            continue
        cut = value - abs(lam * costs[live[k]] - drops[k])
        if pos < crit:
            if cut < if_in[k]:
                if_in[k] = cut
        elif cut < if_out[k]:
            if_out[k] = cut
    return value


# A node: chosen mask, candidate indices, survival per problem, benefit, one-off and yearly
# spent, open requires groups, upper bound inherited from the parent, whether chosen is new.
_Node = tuple[int, list[int], list[float], float, float, float, tuple[int, ...], float, bool]


def branch_and_bound(
    comp: Compiled,
    *,
    start: list[int],
    time_limit_s: float,
    max_nodes: int | None,
) -> SearchResult:
    """Exact search; stops at the time or node limit with the best package and a valid bound."""
    deadline = time.perf_counter() + time_limit_s
    n = comp.n
    weights = comp.weights
    n_prob = len(weights)
    eff = comp.eff
    excl = comp.excl
    groups = comp.groups
    one_off_c = comp.one_off
    yearly_c = comp.yearly
    horizon = comp.horizon
    caps = [(kind, cap + TOL, comp.costs(kind)) for kind, cap in comp.caps]

    best_mask = 0
    best_b, best_c = score(comp, 0)
    for mask in start:
        b, c = score(comp, mask)
        if better(b, c, mask, best_b, best_c, best_mask):
            best_mask, best_b, best_c = mask, b, c

    def hopeful(ub: float, cost_lb: float) -> bool:
        """Whether a subtree with this bound and cost floor may hold a better package."""
        if ub > best_b + TOL:
            return True
        if ub < best_b - TOL:
            return False
        return cost_lb <= best_c + cost_tol(best_c, cost_lb)

    root_surv = list(comp.base)
    root_b = benefit_of(comp, root_surv)
    stack: list[_Node] = [(0, list(range(n)), root_surv, root_b, 0.0, 0.0, (), _INF, False)]
    nodes = 0
    stopped = False
    while stack:
        if (max_nodes is not None and nodes >= max_nodes) or (
            nodes & 31 == 0 and nodes and time.perf_counter() > deadline
        ):
            stopped = True
            break
        chosen, cand, surv, b, spent_o, spent_y, pending, parent_ub, fresh = stack.pop()
        spent_h = spent_o + horizon * spent_y
        if not hopeful(parent_ub, spent_h):
            continue
        nodes += 1

        # candidates that still fit every cap and whose requires groups can still be met
        if caps:
            fit = []
            rooms = [
                (limit - (spent_o if kind == ONE_OFF else spent_y if kind == YEARLY
                          else spent_h), costs, _SLACK * max(1.0, limit) * (n + 1))
                for kind, limit, costs in caps
            ]
            for i in cand:
                ok = True
                for room, costs, slack in rooms:
                    c = costs[i]
                    if c <= room - slack:
                        continue
                    # over the cap, or close enough that the canonical sums must decide
                    ok = c <= room + slack and _within(
                        comp, chosen | 1 << i, spent_o + one_off_c[i], spent_y + yearly_c[i]
                    )
                    break
                if ok:
                    fit.append(i)
        else:
            fit = cand
        reach = chosen
        for i in fit:
            reach |= 1 << i
        live = [i for i in fit if all(g & reach for g in groups[i])]
        if len(live) != len(fit):
            reach = chosen
            for i in live:
                reach |= 1 << i
        if any(not g & reach for g in pending):
            continue
        if fresh and not pending and b >= best_b - 2 * TOL:
            vb, vc = score(comp, chosen)
            if better(vb, vc, chosen, best_b, best_c, best_mask):
                best_mask, best_b, best_c = chosen, vb, vc
        if not live:
            continue

        # bound: everything left taken at once, and a fractional knapsack per cap
        ws = [weights[p] * surv[p] for p in range(n_prob)]
        left = [1.0] * n_prob
        gains: list[float] = []
        for i in live:
            g = 0.0
            for p, e, om in eff[i]:
                g += ws[p] * e
                left[p] *= om
            gains.append(g)
        ub = b
        for p in range(n_prob):
            ub += ws[p] * (1.0 - left[p])
        take_all = ub
        # last-in losses: what dropping each candidate from "take all" loses
        full = [ws[p] * left[p] for p in range(n_prob)]
        drops: list[float] = []
        for i in live:
            d = 0.0
            for p, e, om in eff[i]:
                d += full[p] * e / om
            drops.append(d)
        m = len(live)
        if_in = [take_all] * m  # bound on completions that contain the candidate
        if_out = [take_all - d for d in drops]  # ... and on those that leave it out
        binding = []
        for kind, limit, costs in caps:
            room = limit - (spent_o if kind == ONE_OFF else spent_y if kind == YEARLY
                            else spent_h)
            excess = -room
            for i in live:
                excess += costs[i]
            if excess <= 0.0:
                continue
            binding.append((room, excess, costs))
            ub = min(ub, _add_bound(b, room, live, gains, costs, if_in, if_out),
                     _drop_bound(take_all, excess, live, drops, costs, if_in, if_out))
        if len(binding) > 1 and _COMBINE:
            # surrogate of the caps together: any positive mix of valid rows is valid
            (r1, e1, c1), (r2, e2, c2) = binding[0], binding[1]
            mixed = [0.0] * n
            for i in live:
                mixed[i] = c1[i] / e1 + c2[i] / e2
            ub = min(ub, _drop_bound(take_all, 2.0, live, drops, tuple(mixed), if_in, if_out))
            if r1 > 0.0 and r2 > 0.0:
                for i in live:
                    mixed[i] = c1[i] / r1 + c2[i] / r2
                ub = min(ub, _add_bound(b, 2.0, live, gains, tuple(mixed), if_in, if_out))
        if not hopeful(ub, spent_h):
            continue

        # fix candidates whose forced bound cannot reach the incumbent
        floor = best_b - TOL
        forced = -1
        keep: list[int] = []
        for k in range(m):
            if if_in[k] < floor:
                if if_out[k] < floor:
                    keep = []
                    forced = -2  # neither with nor without it: nothing here can win
                    break
                continue
            if forced == -1 and if_out[k] < floor:
                forced = len(keep)
            keep.append(k)
        if forced == -2:
            continue
        if len(keep) != m:
            live = [live[k] for k in keep]
            gains = [gains[k] for k in keep]
            drops = [drops[k] for k in keep]
            if not live:
                continue

        # branch on the candidate that matters most, open requires groups first
        if _BR == 0:
            branch_key = drops if caps else gains
        elif _BR == 1:
            branch_key = [(ub - if_in[k] + 1e-6) * (ub - if_out[k] + 1e-6) for k in keep]
        elif _BR == 2:
            branch_key = [min(ub - if_in[k], ub - if_out[k]) + 1e-3 * drops[j] for j, k in enumerate(keep)]
        else:
            branch_key = [(ub - if_in[k] + 1e-6) * (ub - if_out[k] + 1e-6) * drops[j] for j, k in enumerate(keep)]
        pick = forced
        if pick < 0:
            need = pending[0] if pending else 0
            for k, i in enumerate(live):
                if need and not need >> i & 1:
                    continue
                if pick < 0 or branch_key[k] > branch_key[pick]:
                    pick = k
            if pick < 0:
                continue  # an open group lost all its members to fixing
        i = live[pick]
        bit = 1 << i
        rest = live[:pick] + live[pick + 1:]
        if pick != forced:
            stack.append((chosen, rest, surv, b, spent_o, spent_y, pending, ub, False))
        child = chosen | bit
        child_surv = list(surv)
        for p, _e, om in eff[i]:
            child_surv[p] *= om
        child_pending = tuple(g for g in pending if not g & bit) + tuple(
            g for g in groups[i] if not g & child
        )
        child_cand = [j for j in rest if not excl[i] >> j & 1]
        stack.append((
            child, child_cand, child_surv, b + gains[pick],
            spent_o + one_off_c[i], spent_y + yearly_c[i], child_pending, ub, True,
        ))

    bound = best_b
    proved = True
    if stopped:
        for node in stack:
            node_ub = node[7]
            if hopeful(node_ub, node[4] + horizon * node[5]):
                proved = False
                bound = max(bound, node_ub)
    return SearchResult(
        mask=best_mask,
        benefit=best_b,
        cost=best_c,
        optimal=proved,
        upper_bound=bound if not proved else best_b,
        nodes=nodes,
    )
