"""Choose-at-most-one groups of options and the multiple-choice knapsack bound over them.

A measure and its first phases exclude each other pairwise: a package holds at most one of
them. The searches find such groups in the exclusions (any clique of mutually exclusive
options, whatever the ids say) and bound a node by the LP relaxation of the multiple-choice
knapsack over them (docs/model.md, "The exact optimiser"), instead of one option at a time.
"""

from __future__ import annotations

from ._compiled import TOL, Compiled, members, survival, within_caps
from ._search import INF

__all__ = ["exclusive_groups", "group_parts", "improve", "mckp_bound", "mckp_cover"]


def exclusive_groups(excl: tuple[int, ...]) -> tuple[int, ...]:
    """Per option, the index of its group: options in one group exclude each other pairwise.

    Greedy in index order: an option joins the group of the first option before it that it
    and every member so far exclude; otherwise it starts a group of its own.
    """
    n = len(excl)
    group = [-1] * n
    for i in range(n):
        if group[i] >= 0:
            continue
        group[i] = i
        clique = excl[i]  # options excluded by every member so far
        for j in range(i + 1, n):
            if group[j] < 0 and clique >> j & 1:
                group[j] = i
                clique &= excl[j]
    return tuple(group)


def group_parts(live: list[int], group: tuple[int, ...]) -> list[list[int]]:
    """The positions in ``live`` grouped by ``group`` (groups in order of first member)."""
    parts: dict[int, list[int]] = {}
    for k, i in enumerate(live):
        parts.setdefault(group[i], []).append(k)
    return list(parts.values())


def _steps(
    live: list[int], values: list[float], costs: tuple[float, ...], parts: list[list[int]]
) -> list[tuple[float, float, float]]:
    """Every group's hull steps, by decreasing value per unit of cost."""
    steps: list[tuple[float, float, float]] = []
    for ks in parts:
        if len(ks) == 1:
            k = ks[0]
            v = values[k]
            if v > 0.0:
                c = costs[live[k]]
                steps.append((v / c if c > 0.0 else INF, c, v))
            continue
        points = [(costs[live[k]], values[k]) for k in ks if values[k] > 0.0]
        if points:
            _hull(points, steps)
    steps.sort(reverse=True)
    return steps


def _hull(points: list[tuple[float, float]], steps: list[tuple[float, float, float]]) -> None:
    """Append to ``steps`` the steps of the upper concave hull from (0, 0) through (cost,
    value) points with value > 0: (slope, extra cost, extra value), slopes decreasing."""
    points.sort()
    hull = [(0.0, 0.0)]
    c1 = v1 = 0.0  # the last corner
    for point in points:
        c, v = point
        if v <= v1:
            continue  # no more value for at least the cost
        while len(hull) >= 2:
            c0, v0 = hull[-2]
            # drop the last corner when it lies on or under the chord to the new point
            if (v1 - v0) * (c - c0) <= (v - v0) * (c1 - c0):
                hull.pop()
                c1, v1 = c0, v0
            else:
                break
        hull.append(point)
        c1, v1 = c, v
    c0 = v0 = 0.0
    for c, v in hull[1:]:
        dc = c - c0
        dv = v - v0
        steps.append((dv / dc if dc > 0.0 else INF, dc, dv))
        c0, v0 = c, v


def mckp_bound(
    const: float,
    room: float,
    live: list[int],
    values: list[float],
    costs: tuple[float, ...],
    parts: list[list[int]],
    if_in: list[float],
    if_out: list[float],
) -> float:
    """``const`` plus the LP optimum of: the candidates' ``values`` within ``room`` of a cap,
    at most one candidate of each of ``parts`` (``group_parts``); valid as a bound wherever
    the 0/1 choice is.

    The LP optimum is the Lagrangian dual at the critical slope lam of the groups' hull
    steps: const + lam * room + the sum over groups of max(0, best value - lam * cost). Any
    lam >= 0 gives a valid bound, so rounding in finding lam cannot make it invalid. Lowers
    ``if_in``/``if_out`` (a candidate forced in or out) by the same dual: forced in, its group
    gives its own value - lam * cost; forced out, the best of the others.
    """
    left = max(room, 0.0)
    lam = 0.0
    for slope, dc, _dv in _steps(live, values, costs, parts):
        if dc <= left:
            left -= dc
        else:
            lam = slope
            break
    total = const + (lam * max(room, 0.0) if lam > 0.0 else 0.0)  # room may be infinite
    best: list[tuple[float, float]] = []  # per group: best and second best of value - lam c
    for ks in parts:
        b1 = b2 = 0.0  # "none of them" is always a choice
        for k in ks:
            r = values[k] - lam * costs[live[k]]
            if r > b1:
                b1, b2 = r, b1
            elif r > b2:
                b2 = r
        total += b1
        best.append((b1, b2))
    for (b1, b2), ks in zip(best, parts, strict=True):
        for k in ks:
            r = values[k] - lam * costs[live[k]]
            cut = total - b1 + r
            if cut < if_in[k]:
                if_in[k] = cut
            cut = total - b1 + (b2 if r >= b1 else b1)
            if cut < if_out[k]:
                if_out[k] = cut
    return total


def _moves(
    comp: Compiled, group: tuple[int, ...], chosen: int, surv: list[float], costs: tuple[float, ...]
) -> list[tuple[float, float, int, int]]:
    """Every add or in-group swap from ``chosen``: (ratio, gain, option in, option out or -1)."""
    weights, eff, excl = comp.weights, comp.eff, comp.excl
    out: list[tuple[float, float, int, int]] = []
    for i in range(comp.n):
        if chosen >> i & 1:
            continue
        clash = excl[i] & chosen
        old = -1
        if clash:
            old = clash.bit_length() - 1
            if clash != 1 << old or group[old] != group[i]:
                continue  # only a member of its own group may give way
        ws = surv
        if old >= 0:
            ws = list(surv)
            for p, _e, om in eff[old]:
                ws[p] = ws[p] / om if om > 0.0 else _survival_without(comp, chosen, old, p)
        gain = 0.0
        for p, _e, om in eff[i]:
            gain += weights[p] * ws[p] * (1.0 - om)
        for p, _e, _om in eff[old] if old >= 0 else ():
            gain -= weights[p] * (ws[p] - surv[p])
        if gain <= TOL:
            continue
        extra = costs[i] - (costs[old] if old >= 0 else 0.0)
        out.append((gain / extra if extra > 0.0 else INF, gain, i, old))
    out.sort(key=lambda m: (-m[0], -m[1], m[2]))
    return out


def _survival_without(comp: Compiled, chosen: int, drop: int, p: int) -> float:
    """Survival of problem p under ``chosen`` without option ``drop``, from scratch."""
    s = comp.base[p]
    for k in members(chosen):
        if k != drop:
            for q, _e, om in comp.eff[k]:
                if q == p:
                    s *= om
    return s


def improve(comp: Compiled, mask: int, group: tuple[int, ...], costs: tuple[float, ...]) -> int:
    """``mask`` grown by the best gain per unit of ``costs`` among adding an option and
    swapping a chosen option for a dearer one of its group (a phase for more of its measure),
    as long as a move keeps the package feasible: a better start for the branch and bound."""
    chosen = mask
    surv = survival(comp, members(chosen))
    while True:
        for _ratio, _gain, i, old in _moves(comp, group, chosen, surv, costs):
            new = (chosen | 1 << i) & ~(1 << old if old >= 0 else 0)
            idx = members(new)
            if all(g & new for k in idx for g in comp.groups[k]) and within_caps(comp, idx):
                chosen = new
                surv = survival(comp, idx)
                break
        else:
            return chosen


def mckp_cover(
    need: float,
    slack: float,
    live: list[int],
    gains: list[float],
    costs: tuple[float, ...],
    parts: list[list[int]],
) -> float:
    """The least cost of candidates whose ``gains`` add up to ``need``, at most one of each of
    ``parts`` (``group_parts``), as the LP relaxation gives it (INF when even the best of
    every group falls more than ``slack`` short).

    The Lagrangian at the critical cost per unit of gain mu of the groups' hull steps:
    mu * need + the sum over groups of min(0, least cost - mu * gain); any mu >= 0 gives a
    valid bound.
    """
    left = need
    crit = INF
    for slope, _dc, dv in _steps(live, gains, costs, parts):
        crit = slope
        if dv < left:
            left -= dv
        else:
            left = 0.0
            break
    if left > slack:
        return INF
    mu = 1.0 / crit if crit < INF else 0.0
    total = mu * need
    for ks in parts:
        least = 0.0
        for k in ks:
            r = costs[live[k]] - mu * gains[k]
            if r < least:
                least = r
        total += least
    return max(total, 0.0)
