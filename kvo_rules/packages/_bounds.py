"""Upper bounds for the branch and bound over the candidates still open at a node: add, drop
and swap bounds per binding cap, their surrogate, the greedy reference fill (docs/model.md)."""

from __future__ import annotations

from collections.abc import Callable

from ._groups import mckp_bound
from ._search import INF

__all__ = ["add_bound", "drop_bound", "greedy_fill", "surrogate_cap", "swap_bound"]


def add_bound(
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
    ratios = [gains[k] / costs[i] if costs[i] > 0.0 else INF for k, i in enumerate(live)]
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


def drop_bound(
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
    Lowers ``if_in``/``if_out`` by the cover LP's reduced costs, as in ``add_bound``.
    """
    ratios = [drops[k] / costs[i] if costs[i] > 0.0 else INF for k, i in enumerate(live)]
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


def surrogate_cap(
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


def greedy_fill(
    live: list[int],
    drops: list[float],
    binding: list[tuple[float, float, tuple[float, ...]]],
    group: tuple[int, ...] | None = None,
) -> list[bool]:
    """Candidates kept by last-in loss per euro (first binding cap) while every cap has room,
    at most one of each group of ``group`` (a reference that is a package)."""
    first = binding[0][2]
    rooms = [room for room, _excess, _costs in binding]
    ratios = [drops[k] / first[i] if first[i] > 0.0 else INF for k, i in enumerate(live)]
    keep = [False] * len(live)
    taken: set[int] = set()
    caps = [costs for _room, _excess, costs in binding]
    for k in sorted(range(len(live)), key=ratios.__getitem__, reverse=True):
        i = live[k]
        if group is not None and group[i] in taken:
            continue
        fits = True
        for j, costs in enumerate(caps):  # a loop, not all(): this is the hot path
            if costs[i] > rooms[j]:
                fits = False
                break
        if fits:
            keep[k] = True
            if group is not None:
                taken.add(group[i])
            for j, costs in enumerate(caps):
                rooms[j] -= costs[i]
    return keep


def swap_bound(
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
    parts: list[list[int]] | None = None,
    hopeful: Callable[[float], bool] | None = None,
) -> float:
    """Bound from a reference package Q (S plus the candidates marked in ``ref``).

    For submodular f and any completion T: f(T) <= f(Q) + sum over T - Q of the gain at Q
    - sum over Q - T of the last-in loss at S + R; maximised as a knapsack LP per cap, with
    at most one candidate of each of ``parts`` when given (``_groups.mckp_bound``). Stops at
    the first cap whose bound ``hopeful`` says cuts the node (its ``if_in``/``if_out`` are
    then of no use).
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
    best = INF
    for room, _excess, costs in binding:
        if parts is None:
            value = add_bound(const, room, live, values, costs, if_in, if_out)
        else:
            value = mckp_bound(const, room, live, values, costs, parts, if_in, if_out)
        best = min(best, value)
        if hopeful is not None and not hopeful(best):
            break
    return best
