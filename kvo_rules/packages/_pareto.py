"""The whole cost-benefit frontier by one bi-objective branch and bound (docs/model.md).

The search keeps an archive of packages; a subtree is cut when, at every horizon cost its
packages could have, its bound stays more than 1e-9 below the best benefit of an archived
package that costs no more. What it keeps is every package that could be a frontier point
under some horizon cost cap, so the walk of descending caps (``optimiser.reference_frontier``)
is replayed on it exactly, with the same tie-breaks.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from ._compiled import TOL, Compiled, members, score

__all__ = ["ParetoResult", "pareto_packages"]

INF = math.inf
_MARGIN = 1e-12  # relative allowance for rounding in bounds before a subtree is cut
_ENUMERATE = 8  # candidates left at which a node searches on without knapsack bounds
_COST_SLACK = 1e-9  # relative allowance between running and canonical cost sums


class ParetoResult(NamedTuple):
    """Packages that may be frontier picks (mask, benefit, horizon cost, justified)."""

    packages: list[tuple[int, float, float, bool]]
    proved: bool
    bounds: list[tuple[float, float]]  # open subtrees when cut: (cheapest cost, bound)
    nodes: int


class _Node(NamedTuple):
    chosen: int
    cand: list[int]
    surv: list[float]
    benefit: float
    cost: float  # running horizon cost of ``chosen``
    pending: tuple[int, ...]
    lo: float  # horizon cost below which nothing in this subtree can matter
    hi: float  # horizon cost above which nothing in this subtree can matter
    ub: float  # bound inherited from the parent
    fresh: bool


class _Archive:
    """The best benefit at each horizon cost among justified packages (a step function),
    and every package offered that came within 1e-9 of it.

    The search offers running sums (in its own order); ``slack`` on costs and a relative
    1e-12 on benefits cover their rounding, and ``final`` scores what is left canonically."""

    def __init__(self, slack: float) -> None:
        self.slack = slack
        self.costs: list[float] = []
        self.bens: list[float] = []
        self.floors: list[float] = []  # bens less 1e-9 and the rounding allowance
        self.kept: list[tuple[int, float, float, bool]] = []

    def level(self, cost: float) -> float:
        j = bisect_right(self.costs, cost) - 1
        return self.bens[j] if j >= 0 else -INF

    def near(self, benefit: float, cost: float) -> bool:
        """Whether a package may be within 1e-9 of the best that costs no more."""
        j = bisect_right(self.costs, cost - self.slack) - 1
        return j < 0 or benefit >= self.floors[j]

    def raise_to(self, benefit: float, cost: float) -> None:
        """Add a step: from ``cost`` on, at least ``benefit``."""
        costs, bens = self.costs, self.bens
        j = bisect_right(costs, cost) - 1
        if j >= 0 and bens[j] >= benefit:
            return
        end = j + 1
        while end < len(costs) and bens[end] <= benefit:
            end += 1
        start = j if j >= 0 and costs[j] == cost else j + 1
        costs[start:end] = [cost]
        bens[start:end] = [benefit]
        self.floors[start:end] = [benefit - TOL - _MARGIN * max(1.0, abs(benefit))]

    def offer(self, mask: int, benefit: float, cost: float, justified: bool) -> None:
        if self.near(benefit, cost):
            self.kept.append((mask, benefit, cost, justified))
            if justified:
                self.raise_to(benefit, cost)

    def final(self, comp: Compiled) -> list[tuple[int, float, float, bool]]:
        """The kept packages, scored canonically, within 1e-9 of the best benefit of a
        justified one that costs no more; by cost."""
        unique = {k[0]: k[3] for k in self.kept if self.near(k[1], k[2])}
        scored = [(mask, *score(comp, mask), justified) for mask, justified in unique.items()]
        exact = _Archive(0.0)
        for _mask, benefit, cost, justified in scored:
            if justified:
                exact.raise_to(benefit, cost)
        out = [k for k in scored if k[1] >= exact.level(k[2]) - TOL]
        out.sort(key=lambda k: (k[2], -k[1], members(k[0])))
        return out


def _cover(
    live: list[int], drops: list[float], costs: tuple[float, ...]
) -> tuple[list[float], list[float], list[float]]:
    """The cheapest fractional cover by last-in losses: breakpoints of cumulative cost and
    cumulative loss, and the loss per euro of the next; least loss per euro first (a free
    candidate is never dropped)."""
    items: list[tuple[float, float, float]] = []
    for k, i in enumerate(live):
        c = costs[i]
        if c > 0.0:
            items.append((drops[k] / c, c, drops[k]))
    if not items:
        return [0.0], [0.0], [0.0]
    items.sort()
    ratios, cs, vs = zip(*items, strict=True)
    rs = list(ratios)
    rs.append(0.0)
    return list(accumulate(cs, initial=0.0)), list(accumulate(vs, initial=0.0)), rs


class _Search:
    """The Pareto branch and bound over one compiled instance without caps."""

    def __init__(self, comp: Compiled) -> None:
        self.comp = comp
        self.n_prob = len(comp.weights)
        self.archive = _Archive(0.0)
        total = 0.0
        for c in comp.hcost:
            total += c
        self.total = total
        self.eps = _COST_SLACK * max(1.0, total)
        self.archive.slack = self.eps
        self.grouped = sum(1 << i for i in range(comp.n) if comp.groups[i])
        self.useless = 0
        for i in range(comp.n):
            if not comp.eff[i]:
                self.useless |= 1 << i
        self.nodes = 0
        # per option: (problem, e / (1 - e)), for last-in losses
        self.odds = [tuple((p, e / om) for p, e, om in effs) for effs in comp.eff]

    def justified(self, mask: int) -> bool:
        """Whether every option without effect is needed, through requires groups, by the
        package's options with effect (then the package is a candidate under every cap it
        fits)."""
        idle = mask & self.useless
        if not idle:
            return True
        reach = mask & ~self.useless
        todo = members(reach)
        while todo:
            i = todo.pop()
            for g in self.comp.groups[i]:
                new = g & idle & ~reach
                if new:
                    reach |= new
                    todo.extend(members(new))
        return not idle & ~reach

    def offer(self, mask: int, benefit: float | None = None, cost: float = 0.0) -> None:
        """Offer a package with its running benefit and cost (else scored here)."""
        if benefit is None:
            benefit, cost = score(self.comp, mask)
        self.archive.offer(mask, benefit, cost, self.justified(mask))

    def root(self) -> _Node:
        comp = self.comp
        surv = list(comp.base)
        for i in range(comp.n):
            for p, _e, om in comp.eff[i]:
                surv[p] *= om
        top = 0.0
        for wp, s in zip(comp.weights, surv, strict=True):
            top += wp * (1.0 - s)
        base_b = score(comp, 0)[0]
        return _Node(0, list(range(comp.n)), list(comp.base), base_b, 0.0, (), 0.0, INF, top, False)

    def seed(self) -> None:
        """Offer the empty package, every step of a greedy by gain per horizon euro, and every
        step of taking options out of its last package again (``drop_chain``)."""
        comp = self.comp
        chosen = 0
        surv = list(comp.base)
        self.offer(0)
        while True:
            best = -1
            best_key = (-INF, -INF)
            for i in range(comp.n):
                if chosen >> i & 1 or comp.excl[i] & chosen:
                    continue
                if any(not g & chosen for g in comp.groups[i]):
                    continue
                gain = 0.0
                for p, e, _om in comp.eff[i]:
                    gain += comp.weights[p] * surv[p] * e
                if gain <= TOL:
                    continue
                c = comp.hcost[i]
                key = (gain / c if c > 0.0 else INF, gain)
                if key > best_key:
                    best, best_key = i, key
            if best < 0:
                break
            chosen |= 1 << best
            for p, _e, om in comp.eff[best]:
                surv[p] *= om
            self.offer(chosen)
        self.drop_chain(chosen, surv)

    def drop_chain(self, chosen: int, surv: list[float]) -> None:
        """Offer every step of taking out the option that loses least benefit per euro."""
        comp = self.comp
        while chosen:
            best = -1
            best_key = INF
            for i in members(chosen):
                rest = chosen & ~(1 << i)
                if any(not g & rest for j in members(rest) for g in comp.groups[j]):
                    continue  # another option needs it
                loss = 0.0
                for p, e, om in comp.eff[i]:
                    loss += comp.weights[p] * surv[p] * e / om
                c = comp.hcost[i]
                key = loss / c if c > 0.0 else INF
                if best < 0 or key < best_key:
                    best, best_key = i, key
            if best < 0:
                return
            chosen &= ~(1 << best)
            for p, _e, om in comp.eff[best]:
                surv[p] /= om
            self.offer(chosen)

    def live(self, node: _Node) -> list[int] | None:
        """Candidates within the node's cost range whose requires groups can still be met;
        None when an open requires group can no longer be met."""
        hcost = self.comp.hcost
        room = node.hi - node.cost + self.eps
        fit = [i for i in node.cand if hcost[i] <= room]
        groups = self.comp.groups
        reach = node.chosen
        for i in fit:
            reach |= 1 << i
        live = [i for i in fit if not self.grouped >> i & 1 or all(g & reach for g in groups[i])]
        if len(live) != len(fit):
            reach = node.chosen
            for i in live:
                reach |= 1 << i
        if any(not g & reach for g in node.pending):
            return None
        return live

    def drops_top(self, node: _Node, live: list[int]) -> tuple[list[float], float]:
        """Last-in losses and the take-all benefit (docs/model.md)."""
        eff, odds = self.comp.eff, self.odds
        left = [1.0] * self.n_prob
        for i in live:
            for p, _e, om in eff[i]:
                left[p] *= om
        take_all = node.benefit
        full = []
        for w, s, lp in zip(self.comp.weights, node.surv, left, strict=True):
            ws = w * s
            take_all += ws - ws * lp
            full.append(ws * lp)
        drops: list[float] = []
        for i in live:
            d = 0.0
            for p, r in odds[i]:
                d += full[p] * r
            drops.append(d)
        return drops, take_all

    def gain(self, node: _Node, i: int) -> float:
        """The first-in gain of candidate i at the node."""
        weights, surv = self.comp.weights, node.surv
        g = 0.0
        for p, e, _om in self.comp.eff[i]:
            g += weights[p] * surv[p] * e
        return g

    def relevant(
        self, node: _Node, live: list[int], drops: list[float], top: float
    ) -> tuple[float, float, float] | None:
        """The range of horizon costs where the subtree may still hold a package within 1e-9
        of the archive, and the bound at its top; None when there is none.

        The bound at added cost x (0 <= x <= spread) is the take-all benefit less the
        cheapest fractional cover of spread - x by last-in losses (docs/model.md). Archive
        step j (best benefit bens[j] from cost costs[j] on) covers the added costs from
        costs[j] - base on; within a step the bound is largest at its right end."""
        hcost = self.comp.hcost
        spread = 0.0
        for i in live:
            spread += hcost[i]
        xlo = max(0.0, node.lo - node.cost - self.eps)
        xhi = min(spread, node.hi - node.cost + self.eps)
        if xhi < xlo:
            return None
        costs, floors = self.archive.costs, self.archive.floors
        base = node.cost - self.eps
        j = bisect_right(costs, base + xlo) - 1
        if j >= 0 and top < floors[j]:
            return None  # taking every candidate stays below what costs no more
        dx, dy, dr = _cover(live, drops, hcost)
        n_steps = len(costs)
        # the drop cover read off its breakpoints (written out: the hot loop of the search)
        while True:  # from the bottom: the first step the subtree may beat
            right = costs[j + 1] - base if j + 1 < n_steps else INF
            if right > xhi:
                right = xhi
            if j < 0:
                break
            shed = spread - right
            d = bisect_right(dx, shed) - 1
            if top - dy[d] - (shed - dx[d]) * dr[d] >= floors[j]:
                break
            if right >= xhi:
                return None
            j += 1
        low = max(xlo, costs[j] - base) if j >= 0 else xlo
        k = bisect_right(costs, base + xhi) - 1
        right = xhi
        while True:  # from the top: the last such step
            shed = spread - right
            d = bisect_right(dx, shed) - 1
            u = min(top - dy[d] - (shed - dx[d]) * dr[d], top)
            if k <= j or u >= floors[k]:
                return node.cost + low, node.cost + right, u
            right = costs[k] - base
            k -= 1

    def expand(self, node: _Node, stack: list[_Node]) -> None:
        """One node: offer its package, find the costs where it still matters, branch."""
        live = self.live(node)
        if live is None:
            return
        if node.fresh and not node.pending:
            level = self.archive.level(node.cost - self.eps)
            if node.benefit >= level - 2 * TOL - _MARGIN * max(1.0, abs(level)):
                self.offer(node.chosen, node.benefit, node.cost)
        hi = node.hi
        while live:
            drops, top = self.drops_top(node, live)
            found = self.relevant(node, live, drops, top)
            if found is None:
                return
            lo, hi, ub = found
            node = _Node(
                node.chosen, node.cand, node.surv, node.benefit, node.cost, node.pending,
                lo, hi, ub, node.fresh,
            )  # fmt: skip
            room = hi - node.cost + self.eps
            kept = [i for i in live if self.comp.hcost[i] <= room]
            if len(kept) == len(live):
                if len(live) <= _ENUMERATE:
                    self.enumerate(node, live)
                    return
                self.branch(node, live, drops, stack)
                return
            live = kept

    def enumerate(self, node: _Node, live: list[int]) -> None:
        """Offer the packages of a node with few candidates left by a depth-first search
        whose only bound is the node's first-in gains (valid below it: gains only shrink)."""
        gains = [self.gain(node, i) for i in live]
        order = sorted(range(len(live)), key=gains.__getitem__, reverse=True)
        rest = list(accumulate((gains[k] for k in reversed(order)), initial=0.0))
        rest.reverse()  # rest[k]: the gains of the candidates from the k-th on
        items = [live[k] for k in order]
        self.light(node, items, rest, 0, node.chosen, node.surv, node.benefit, node.cost)

    def light(
        self,
        node: _Node,
        items: list[int],
        rest: list[float],
        k: int,
        chosen: int,
        surv: list[float],
        benefit: float,
        cost: float,
    ) -> None:
        """One step of ``enumerate``: take ``items[k]`` or not."""
        level = self.archive.level(cost - self.eps)
        floor = level - TOL - _MARGIN * max(1.0, abs(level))
        if k == len(items) or benefit + rest[k] < floor:
            return
        comp = self.comp
        i = items[k]
        if not comp.excl[i] & chosen and cost + comp.hcost[i] <= node.hi + self.eps:
            grown = list(surv)
            gain = 0.0
            for p, e, om in comp.eff[i]:
                gain += comp.weights[p] * surv[p] * e
                grown[p] *= om
            taken = chosen | 1 << i
            if (
                benefit + gain >= floor - TOL
                and all(g & taken for g in node.pending)
                and all(g & taken for j in items if taken >> j & 1 for g in comp.groups[j])
            ):
                self.offer(taken, benefit + gain, cost + comp.hcost[i])
            self.light(node, items, rest, k + 1, taken, grown, benefit + gain, cost + comp.hcost[i])
        self.light(node, items, rest, k + 1, chosen, surv, benefit, cost)

    def branch(
        self,
        node: _Node,
        live: list[int],
        drops: list[float],
        stack: list[_Node],
    ) -> None:
        """Push the out- and in-branch on the candidate with the largest last-in loss (members
        of an open requires group first); only the in-branch for a candidate without which
        the subtree cannot reach ``node.lo``."""
        comp = self.comp
        pending = node.pending
        need = pending[0] if pending else 0
        pick = -1
        best = -INF
        # leaving out a candidate dearer than this leaves too little to reach node.lo
        spare = -node.lo + node.cost + self.eps
        for i in live:
            spare += comp.hcost[i]
        forced = False
        for k, i in enumerate(live):
            if comp.hcost[i] > spare:
                pick, forced = k, True
                break
            if need and not need >> i & 1:
                continue
            key = drops[k]
            if key > best:
                pick, best = k, key
        if pick < 0:
            return
        i = live[pick]
        bit = 1 << i
        rest = live[:pick] + live[pick + 1 :]
        if not forced:
            out = _Node(
                node.chosen, rest, node.surv, node.benefit, node.cost, node.pending,
                node.lo, node.hi, node.ub, False,
            )  # fmt: skip
            stack.append(out)
        child = node.chosen | bit
        surv = list(node.surv)
        for p, _e, om in comp.eff[i]:
            surv[p] *= om
        child_pending = tuple(g for g in pending if not g & bit) + tuple(
            g for g in comp.groups[i] if not g & child
        )
        excl = comp.excl[i]
        stack.append(
            _Node(
                child,
                [j for j in rest if not excl >> j & 1],
                surv,
                node.benefit + self.gain(node, i),
                node.cost + comp.hcost[i],
                child_pending,
                node.lo,
                node.hi,
                node.ub,
                True,
            )
        )


def pareto_packages(comp: Compiled, deadline: float) -> ParetoResult:
    """Every package of ``comp`` (no caps) that no justified package beats by more than 1e-9
    on benefit at no more horizon cost; when the deadline cuts the search, the packages
    found and the open subtrees' bounds."""
    search = _Search(comp)
    search.seed()
    stack = [search.root()]
    nodes = 0
    while stack:
        if nodes & 31 == 0 and time.perf_counter() > deadline:
            break
        node = stack.pop()
        nodes += 1
        search.expand(node, stack)
    return ParetoResult(
        search.archive.final(comp), not stack, [(n.cost, n.ub) for n in stack], nodes
    )
