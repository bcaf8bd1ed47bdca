"""The cheapest package that reaches a benefit: one branch and bound that minimises horizon
cost, for the basic package (packages/choice.py).

Minimises the canonical horizon cost over the packages that keep every cap, meet their
requires groups, respect the exclusions and whose canonical added benefit reaches a threshold.
Bounds: the benefit of a node plus the gain of taking every candidate left must reach the
target, and the cost still to pay is at least the fractional cover of the missing benefit by
first-in gains (valid because the benefit is submodular: a set of candidates adds at most the
sum of their first-in gains) and at least the cheapest member of every open requires group.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

from ._compiled import TOL, Compiled, benefit_of, members, survival, totals, within_caps
from ._groups import exclusive_groups, group_parts, mckp_cover
from ._search import INF, cap_zones

__all__ = ["Cheapest", "cheapest_reaching"]

_CHECK_EVERY = 64


@dataclass(frozen=True, slots=True)
class Cheapest:
    """The cheapest qualifying package found (its mask and canonical horizon cost; mask -1
    when none costs at most the given ceiling), whether the search finished, its nodes."""

    mask: int
    cost: float
    proved: bool
    nodes: int
    floor: float = 0.0  # no qualifying package costs less (the open nodes' least bound)


class _Node(NamedTuple):
    chosen: int
    cand: list[int]
    surv: list[float]
    benefit: float
    cost: float
    spent: tuple[float, ...]
    pending: tuple[int, ...]


class _Search:
    """The state the steps of one minimisation share."""

    def __init__(self, comp: Compiled, threshold: float, ceiling: float) -> None:
        self.comp = comp
        self.threshold = threshold  # on the added benefit, benefit - baseline
        self.target = threshold + comp.baseline
        self.slack_b = TOL * max(1.0, abs(self.target))
        # running cost sums differ from the canonical ones by rounding only: prune with room
        self.never = [never for _sure, never, _costs in cap_zones(comp)]
        self.costs = [cap.costs for cap in comp.caps]
        self.best_mask = -1
        self.best_cost = ceiling
        group = exclusive_groups(comp.excl)
        # the groups of mutually exclusive options (a measure and its phases), if any
        self.group = None if all(g == i for i, g in enumerate(group)) else group

    def margin(self) -> float:
        return self.best_cost + 1e-12 * max(1.0, abs(self.best_cost)) + TOL

    def offer(self, node: _Node) -> bool:
        """Whether ``node``'s package reaches the target (canonically); records it if cheaper.

        True also when it does not fit canonically: then no superset does either."""
        comp = self.comp
        idx = members(node.chosen)
        if benefit_of(comp, survival(comp, idx)) - comp.baseline < self.threshold:
            return False
        if within_caps(comp, idx):
            cost = totals(comp, idx)[2]
            if cost < self.best_cost or (self.best_mask < 0 and cost <= self.best_cost):
                self.best_cost = cost
                self.best_mask = node.chosen
        return True

    def live(self, node: _Node) -> list[int] | None:
        """Candidates that fit every cap and the cost ceiling and whose groups can be met;
        None when an open requires group cannot be met."""
        hcost, groups = self.comp.hcost, self.comp.groups
        ceiling = self.margin() - node.cost
        fit: list[int] = []
        for i in node.cand:
            if hcost[i] > ceiling:
                continue
            if all(
                s + costs[i] <= never
                for s, costs, never in zip(node.spent, self.costs, self.never, strict=True)
            ):
                fit.append(i)
        reach = node.chosen
        for i in fit:
            reach |= 1 << i
        live = [i for i in fit if all(g & reach for g in groups[i])]
        if any(not g & reach for g in node.pending):
            return None
        return live

    def lower_bound(self, node: _Node, live: list[int], gains: list[float]) -> float:
        """The least cost of a qualifying completion of ``node`` (INF: none can qualify)."""
        comp = self.comp
        hcost = comp.hcost
        need = self.target - node.benefit
        extra = 0.0
        if need > 0.0 and self.group is not None:
            parts = group_parts(live, self.group)
            extra = mckp_cover(need, self.slack_b, live, gains, hcost, parts)
            if extra == INF:
                return INF
        elif need > 0.0:
            ratios = [gains[k] / hcost[i] if hcost[i] > 0.0 else INF for k, i in enumerate(live)]
            order = sorted(range(len(live)), key=ratios.__getitem__, reverse=True)
            for k in order:
                g = gains[k]
                if g <= 0.0:
                    continue  # a free candidate without gain sorts first: skip it
                c = hcost[live[k]]
                if g < need:
                    extra += c
                    need -= g
                else:
                    extra += c * need / g
                    need = 0.0
                    break
            if need > self.slack_b:
                return INF
        for group in node.pending:  # not ``g``: a mask, where ``g`` above is a gain (mypyc)
            cheapest = min((hcost[i] for i in live if group >> i & 1), default=INF)
            extra = max(extra, cheapest)
        return node.cost + extra

    def take_all(self, live: list[int]) -> list[tuple[int, float]]:
        """The survival factors (problem, 1 - effect) of taking every candidate, or with groups
        the largest effect per problem of each group's candidates (valid: a package holds at
        most one of them, and the benefit grows with every effect)."""
        eff = self.comp.eff
        if self.group is None:
            return [(p, om) for i in live for p, _e, om in eff[i]]
        least: dict[tuple[int, int], float] = {}
        for i in live:
            g = self.group[i]
            for p, _e, om in eff[i]:
                key = (g, p)
                if om < least.get(key, 2.0):
                    least[key] = om
        return [(p, om) for (_g, p), om in least.items()]

    def floor(self, stack: list[_Node]) -> float:
        """The least cost a qualifying package can have, found or in an open node."""
        least = self.best_cost
        for node in stack:
            if not node.pending and node.benefit >= self.target - self.slack_b:
                least = min(least, node.cost)
                continue
            live = self.live(node)
            if live:
                least = min(least, self.bound(node, live)[0])
        return least

    def bound(self, node: _Node, live: list[int]) -> tuple[float, list[float]]:
        """The least cost of a qualifying completion of ``node`` (INF: none can qualify),
        and the candidates' first-in gains."""
        comp = self.comp
        weights, eff = comp.weights, comp.eff
        ws = [w * s for w, s in zip(weights, node.surv, strict=True)]
        left = [1.0] * len(ws)
        gains: list[float] = []
        for i in live:
            g = 0.0
            for p, e, _om in eff[i]:
                g += ws[p] * e
            gains.append(g)
        for p, om in self.take_all(live):
            left[p] *= om
        take_all = node.benefit
        for p, wp in enumerate(ws):
            take_all += wp * (1.0 - left[p])
        if take_all < self.target - self.slack_b:
            return INF, gains
        return self.lower_bound(node, live, gains), gains

    def expand(self, node: _Node, stack: list[_Node]) -> None:
        """One node: record its package if it qualifies, else bound it and branch."""
        if not node.pending and node.benefit >= self.target - self.slack_b and self.offer(node):
            return  # every superset costs at least as much
        live = self.live(node)
        if not live:
            return
        least, gains = self.bound(node, live)
        if least > self.margin():
            return
        self.branch(node, live, gains, stack)

    def branch(self, node: _Node, live: list[int], gains: list[float], stack: list[_Node]) -> None:
        """Out-branch, then the in-branch on top: the candidate with the best gain per euro,
        a member of the first open requires group if there is one."""
        hcost = self.comp.hcost
        need = node.pending[0] if node.pending else 0
        pick = -1
        best = -1.0
        for k, i in enumerate(live):
            if need and not need >> i & 1:
                continue
            ratio = gains[k] / hcost[i] if hcost[i] > 0.0 else INF
            if pick < 0 or ratio > best:
                pick, best = k, ratio
        if pick < 0:
            return
        i = live[pick]
        bit = 1 << i
        rest = live[:pick] + live[pick + 1 :]
        stack.append(node._replace(cand=rest))
        child = node.chosen | bit
        surv = list(node.surv)
        for p, _e, om in self.comp.eff[i]:
            surv[p] *= om
        excl = self.comp.excl[i]
        pending = tuple(g for g in node.pending if not g & bit) + tuple(
            g for g in self.comp.groups[i] if not g & child
        )
        stack.append(
            _Node(
                child,
                [j for j in rest if not excl >> j & 1],
                surv,
                node.benefit + gains[pick],
                node.cost + hcost[i],
                tuple([s + c[i] for s, c in zip(node.spent, self.costs, strict=True)]),
                pending,
            )
        )


def cheapest_reaching(
    comp: Compiled, threshold: float, *, ceiling: float, max_nodes: int, deadline: float
) -> Cheapest:
    """The cheapest package of ``comp`` whose canonical added benefit (benefit - baseline)
    is >= ``threshold``, with canonical horizon cost <= ``ceiling`` (equal costs: the first
    found; the caller settles ties).

    Stops unproved at ``max_nodes`` nodes or at ``deadline`` (a ``time.perf_counter`` value).
    """
    search = _Search(comp, threshold, ceiling)
    surv = list(comp.base)
    stack = [
        _Node(
            0,
            list(range(comp.n)),
            surv,
            benefit_of(comp, surv),
            0.0,
            tuple(0.0 for _ in comp.caps),
            (),
        )
    ]
    nodes = 0
    while stack:
        if nodes >= max_nodes or (
            nodes & (_CHECK_EVERY - 1) == 0 and nodes and time.perf_counter() > deadline
        ):
            return Cheapest(search.best_mask, search.best_cost, False, nodes, search.floor(stack))
        nodes += 1
        search.expand(stack.pop(), stack)
    return Cheapest(search.best_mask, search.best_cost, True, nodes, search.best_cost)
