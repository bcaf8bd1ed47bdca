"""Solvers over a compiled instance: branch and bound, greedy and exhaustive search."""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

from ._compiled import (
    HORIZON,
    TOL,
    Compiled,
    Window,
    benefit_of,
    members,
    score,
    within_caps,
)

__all__ = [
    "SearchResult",
    "branch_and_bound",
    "brute_force_mask",
    "greedy_mask",
]

_INF = float("inf")
_SLACK = 1e-12  # relative width of the zone where running cost sums are re-checked
_MARGIN = 1e-12  # relative allowance for rounding in bounds before a subtree is cut


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


def _zones(comp: Compiled) -> list[_Zone]:
    """Every active cap with its zone where running sums are re-checked canonically."""
    out: list[_Zone] = []
    for cap in comp.caps:
        limit = cap.limit + TOL
        slack = _SLACK * max(1.0, limit) * (comp.n + 1)
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


def _fits(
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
    zones = _zones(comp)
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
            heap.append((-(gain / costs[i]) if costs[i] > 0.0 else -_INF, -gain, i, 0))
    heapq.heapify(heap)
    while True:
        ws = [weights[p] * surv[p] for p in range(n_prob)]
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
            key = (gain / spend if spend > 0.0 else _INF, gain, -i)
            if best_key is None or key > best_key:
                best_key = key
                best_new = new
        while heap:
            neg_ratio, neg_gain, i, when = heap[0]
            if chosen >> i & 1 or excl[i] & chosen or not _fits(comp, zones, chosen, spent, i):
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
            ratio = gain / costs[i] if costs[i] > 0.0 else _INF
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


def _surrogate(
    binding: list[tuple[float, float, tuple[float, ...]]], live: list[int], n: int
) -> tuple[float, float, tuple[float, ...]] | None:
    """The binding caps added up, each divided by its room: one cap that every fit keeps.

    A completion within every cap k (sum of c_ki <= room_k) keeps the sum over k of
    c_ki / room_k within the number of caps, so the bounds may use this cap too; it binds
    where several caps bind a little each. None when a room is not positive or it does not bind.
    """
    costs = [0.0] * n
    for room, _excess, cap_costs in binding:
        if room <= 0.0:
            return None
        scale = 1.0 / room
        for i in live:
            costs[i] += cap_costs[i] * scale
    room = float(len(binding))
    excess = -room
    for i in live:
        excess += costs[i]
    if excess <= 0.0:
        return None
    return room, excess, tuple(costs)


def _greedy_fill(
    live: list[int], drops: list[float], binding: list[tuple[float, float, tuple[float, ...]]]
) -> list[bool]:
    """Candidates kept by last-in loss per euro (first binding cap) while every cap has room."""
    first = binding[0][2]
    rooms = [room for room, _excess, _costs in binding]
    ratios = [drops[k] / first[i] if first[i] > 0.0 else _INF for k, i in enumerate(live)]
    keep = [False] * len(live)
    for k in sorted(range(len(live)), key=ratios.__getitem__, reverse=True):
        i = live[k]
        if all(costs[i] <= room for room, (_r, _e, costs) in zip(rooms, binding, strict=True)):
            keep[k] = True
            for j, (_r, _e, costs) in enumerate(binding):
                rooms[j] -= costs[i]
    return keep


def _swap_bound(
    base: float,
    surv: list[float],
    ws: list[float],
    ref: list[bool],
    live: list[int],
    drops: list[float],
    binding: list[tuple[float, float, tuple[float, ...]]],
    weights: tuple[float, ...],
    eff: tuple[tuple[tuple[int, float, float], ...], ...],
    if_in: list[float],
    if_out: list[float],
) -> float:
    """Bound from a reference package Q (S plus the candidates marked in ``ref``).

    For submodular f and any completion T: f(T) <= f(Q) + sum over T - Q of the gain at Q
    - sum over Q - T of the last-in loss at S + R; maximised as a knapsack LP per cap.
    """
    n_prob = len(ws)
    sq = list(surv)
    for k, i in enumerate(live):
        if ref[k]:
            for p, _e, om in eff[i]:
                sq[p] *= om
    wq = [weights[p] * sq[p] for p in range(n_prob)]
    const = base
    for p in range(n_prob):
        const += ws[p] - wq[p]
    values: list[float] = []
    for k, i in enumerate(live):
        if ref[k]:
            values.append(drops[k])
            const -= drops[k]
        else:
            g = 0.0
            for p, e, _om in eff[i]:
                g += wq[p] * e
            values.append(g)
    best = _INF
    for room, _excess, costs in binding:
        best = min(best, _add_bound(const, room, live, values, costs, if_in, if_out))
    return best


# A node: chosen mask, candidate indices, survival per problem, benefit, amount spent per cap
# (comp.caps order), open requires groups, upper bound inherited from the parent, whether
# chosen is new.
_Node = tuple[int, list[int], list[float], float, tuple[float, ...], tuple[int, ...], float, bool]


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
    # every cap alike: its limit with the tolerance, its per-option costs, its re-check zone
    caps = [(cap.limit + TOL, cap.costs) for cap in comp.caps]
    zones = _zones(comp)
    slacks = [_SLACK * max(1.0, limit) * (n + 1) for limit, _costs in caps]

    window = Window()
    for mask in [0, *start]:
        window.offer(mask, *score(comp, mask))

    def hopeful(ub: float) -> bool:
        """Whether a subtree with this bound may hold a package within 1e-9 of the best."""
        return ub >= window.top - TOL - _MARGIN * max(1.0, abs(ub))

    root_surv = list(comp.base)
    root_b = benefit_of(comp, root_surv)
    root_spent = tuple(0.0 for _ in caps)
    stack: list[_Node] = [(0, list(range(n)), root_surv, root_b, root_spent, (), _INF, False)]
    nodes = 0
    stopped = False
    while stack:
        if (max_nodes is not None and nodes >= max_nodes) or (
            nodes & 31 == 0 and nodes and time.perf_counter() > deadline
        ):
            stopped = True
            break
        chosen, cand, surv, b, spent, pending, parent_ub, fresh = stack.pop()
        if not hopeful(parent_ub):
            continue
        nodes += 1

        # candidates that still fit every cap and whose requires groups can still be met
        if caps:
            fit = []
            rooms = [
                (limit - s - slack, limit - s + slack, costs)
                for (limit, costs), s, slack in zip(caps, spent, slacks, strict=True)
            ]
            for i in cand:
                ok = True
                for safe, over, costs in rooms:
                    c = costs[i]
                    if c <= safe:
                        continue
                    # over the cap, or close enough that the canonical sums must decide
                    ok = c <= over and _fits(comp, zones, chosen, spent, i)
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
        if fresh and not pending and b >= window.top - 2 * TOL:
            window.offer(chosen, *score(comp, chosen))
        if not live:
            continue

        # bounds: take all, drop-cover per binding cap, swap bounds (see docs/model.md)
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
        if_in = [take_all] * m  # bounds on completions that contain each candidate ...
        if_out = [take_all - d for d in drops]  # ... and on those that leave it out
        binding: list[tuple[float, float, tuple[float, ...]]] = []
        for (limit, costs), s in zip(caps, spent, strict=True):
            room = limit - s
            excess = -room
            for i in live:
                excess += costs[i]
            if excess > 0.0:
                binding.append((room, excess, costs))
                ub = min(ub, _drop_bound(take_all, excess, live, drops, costs, if_in, if_out))
        if len(binding) > 2:  # with two, the per-cap bounds do about as well, for less
            surrogate = _surrogate(binding, live, n)
            if surrogate is not None:
                # first, so that the greedy-fill reference orders candidates by it
                binding.insert(0, surrogate)
                room, excess, costs = surrogate
                ub = min(ub, _drop_bound(take_all, excess, live, drops, costs, if_in, if_out))
        if not hopeful(ub):
            continue
        if binding:
            # swap bounds around two reference packages: a greedy fill and the best found
            refs = [_greedy_fill(live, drops, binding)]
            best_ref = [bool(window.top_mask >> i & 1) for i in live]
            if best_ref != refs[0]:
                refs.append(best_ref)
            for ref in refs:
                ub = min(
                    ub,
                    _swap_bound(
                        b,
                        surv,
                        ws,
                        ref,
                        live,
                        drops,
                        binding,
                        weights,
                        eff,
                        if_in,
                        if_out,
                    ),
                )
                if not hopeful(ub):
                    break
            if not hopeful(ub):
                continue

        # fix candidates whose forced bound cannot reach the incumbent
        floor = window.top - TOL - _MARGIN * max(1.0, abs(window.top))
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
            if not keep:
                continue
            live = [live[k] for k in keep]
            gains = [gains[k] for k in keep]
            drops = [drops[k] for k in keep]
            if_in = [if_in[k] for k in keep]
            if_out = [if_out[k] for k in keep]

        # branch on the candidate that matters most (first-in gain plus last-in loss),
        # members of an open requires group first
        branch_key = [g + d for g, d in zip(gains, drops, strict=True)]
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
        rest = live[:pick] + live[pick + 1 :]
        if pick != forced:
            out_ub = min(ub, if_out[pick])
            stack.append((chosen, rest, surv, b, spent, pending, out_ub, False))
        child = chosen | bit
        child_surv = list(surv)
        for p, _e, om in eff[i]:
            child_surv[p] *= om
        child_pending = tuple(g for g in pending if not g & bit) + tuple(
            g for g in groups[i] if not g & child
        )
        child_cand = [j for j in rest if not excl[i] >> j & 1]
        stack.append(
            (
                child,
                child_cand,
                child_surv,
                b + gains[pick],
                tuple([s + costs[i] for s, (_l, costs) in zip(spent, caps, strict=True)]),
                child_pending,
                min(ub, if_in[pick]),
                True,
            )
        )

    mask, benefit, cost = window.choice()
    bound = window.top
    proved = True
    if stopped:
        for node in stack:
            if hopeful(node[6]):
                proved = False
                bound = max(bound, node[6])
    return SearchResult(
        mask=mask,
        benefit=benefit,
        cost=cost,
        optimal=proved,
        upper_bound=benefit if proved else bound,
        nodes=nodes,
    )
