"""The exact branch and bound over a compiled instance (the node and its steps)."""

from __future__ import annotations

import time
from typing import NamedTuple

from ._bounds import drop_bound, greedy_fill, surrogate_cap, swap_bound
from ._compiled import TOL, Compiled, Window, benefit_of, score
from ._groups import exclusive_groups, group_parts
from ._search import INF, MARGIN, SLACK, SearchResult, cap_zones, fits_caps

__all__ = ["Node", "Search", "branch_and_bound"]


class Node(NamedTuple):
    """One subproblem of the search."""

    chosen: int  # mask of the measures taken
    cand: list[int]  # indices still to decide
    surv: list[float]  # survival per weighted problem with ``chosen``
    benefit: float
    spent: tuple[float, ...]  # amount per cap, in comp.caps order
    pending: tuple[int, ...]  # requires groups still open (masks)
    parent_ub: float  # upper bound inherited from the parent
    fresh: bool  # whether ``chosen`` is new (the out-branch repeats its parent's)


class _Bounds(NamedTuple):
    """A node's bound and, per live candidate, what taking or leaving it can reach."""

    ub: float
    gains: list[float]  # first-in gain of each candidate
    drops: list[float]  # last-in loss of each candidate from "take all"
    if_in: list[float]  # bound on completions that contain it
    if_out: list[float]  # bound on completions that leave it out
    binding: list[tuple[float, float, tuple[float, ...]]]  # (room, excess, costs) per cap
    ws: list[float]  # weight times survival per problem at the node


class Search:
    """Branch and bound over one compiled instance (the state the steps of a node share).

    The per-node steps are methods that name the parts; the calls cost about 4 % CPU time
    against the former single 230-line loop (18 instances of 40 options, same nodes and
    packages). The loops inside the steps stay inline: they are the hot path.
    """

    def __init__(self, comp: Compiled, start: list[int]) -> None:
        self.comp = comp
        self.n_prob = len(comp.weights)
        # every cap alike: its limit with the tolerance, its per-option costs, its re-check zone
        self.caps = [(cap.limit + TOL, cap.costs) for cap in comp.caps]
        self.zones = cap_zones(comp)
        self.slacks = [SLACK * max(1.0, limit) * (comp.n + 1) for limit, _costs in self.caps]
        group = exclusive_groups(comp.excl)
        # the groups of mutually exclusive options (a measure and its phases), if any
        self.group = None if all(g == i for i, g in enumerate(group)) else group
        # with groups, the swap bounds also run where no cap binds (take-all is no package)
        self.free = [(INF, 0.0, tuple(1.0 for _ in range(comp.n)))]
        self.window = Window()
        for mask in [0, *start]:
            self.window.offer(mask, *score(comp, mask))

    def level(self) -> float:
        """The benefit a subtree must be able to reach (within 1e-9): the best found so far."""
        return self.window.top

    def hopeful(self, ub: float) -> bool:
        """Whether a subtree with this bound may hold a package within 1e-9 of the level."""
        return ub >= self.level() - TOL - MARGIN * max(1.0, abs(ub))

    def root(self) -> Node:
        surv = list(self.comp.base)
        spent = tuple(0.0 for _ in self.caps)
        return Node(
            0, list(range(self.comp.n)), surv, benefit_of(self.comp, surv), spent, (), INF, False
        )

    def live(self, node: Node) -> list[int] | None:
        """Candidates that still fit every cap and whose requires groups can still be met;
        None when an open requires group can no longer be met."""
        chosen, spent = node.chosen, node.spent
        if self.caps:
            fit = []
            rooms = [
                (limit - s - slack, limit - s + slack, costs)
                for (limit, costs), s, slack in zip(self.caps, spent, self.slacks, strict=True)
            ]
            for i in node.cand:
                ok = True
                for safe, over, costs in rooms:
                    c = costs[i]
                    if c <= safe:
                        continue
                    # over the cap, or close enough that the canonical sums must decide
                    ok = c <= over and fits_caps(self.comp, self.zones, chosen, spent, i)
                    break
                if ok:
                    fit.append(i)
        else:
            fit = node.cand
        groups = self.comp.groups
        reach = chosen
        for i in fit:
            reach |= 1 << i
        live = [i for i in fit if not groups[i] or all(g & reach for g in groups[i])]
        if len(live) != len(fit):
            reach = chosen
            for i in live:
                reach |= 1 << i
        if any(not g & reach for g in node.pending):
            return None
        return live

    def bounds(self, node: Node, live: list[int]) -> _Bounds:
        """Take all, drop-cover per binding cap (and a surrogate of them): docs/model.md."""
        weights, eff, surv, n_prob = self.comp.weights, self.comp.eff, node.surv, self.n_prob
        ws = [weights[p] * surv[p] for p in range(n_prob)]
        left = [1.0] * n_prob
        gains: list[float] = []
        for i in live:
            g = 0.0
            for p, e, om in eff[i]:
                g += ws[p] * e
                left[p] *= om
            gains.append(g)
        ub = node.benefit
        for p in range(n_prob):
            ub += ws[p] * (1.0 - left[p])
        take_all = ub
        full = [ws[p] * left[p] for p in range(n_prob)]
        drops: list[float] = []
        for i in live:
            d = 0.0
            for p, e, om in eff[i]:
                d += full[p] * e / om
            drops.append(d)
        m = len(live)
        if_in = [take_all] * m
        if_out = [take_all - d for d in drops]
        binding: list[tuple[float, float, tuple[float, ...]]] = []
        for (limit, costs), s in zip(self.caps, node.spent, strict=True):
            room = limit - s
            excess = -room
            for i in live:
                excess += costs[i]
            if excess > 0.0:
                binding.append((room, excess, costs))
                ub = min(ub, drop_bound(take_all, excess, live, drops, costs, if_in, if_out))
                if not self.hopeful(ub):  # cut: the other caps' bounds are of no use
                    return _Bounds(ub, gains, drops, if_in, if_out, binding, ws)
        if len(binding) > 2:  # with two, the per-cap bounds do about as well, for less
            surrogate = surrogate_cap(binding, live, self.comp.n)
            if surrogate is not None:
                # first, so that the greedy-fill reference orders candidates by it
                binding.insert(0, surrogate)
                room, excess, costs = surrogate
                ub = min(ub, drop_bound(take_all, excess, live, drops, costs, if_in, if_out))
        return _Bounds(ub, gains, drops, if_in, if_out, binding, ws)

    def swap_bounds(self, node: Node, live: list[int], bd: _Bounds) -> float:
        """The bound lowered by swap bounds around a greedy fill and the best package found."""
        ub = bd.ub
        weights, eff, surv, ws = self.comp.weights, self.comp.eff, node.surv, bd.ws
        binding = bd.binding or self.free
        parts = None if self.group is None else group_parts(live, self.group)
        refs = [greedy_fill(live, bd.drops, binding, self.group)]
        best_ref = [bool(self.window.top_mask >> i & 1) for i in live]
        if best_ref != refs[0]:
            refs.append(best_ref)
        for ref in refs:
            ub = min(
                ub,
                swap_bound(
                    node.benefit,
                    surv,
                    ws,
                    ref,
                    live,
                    bd.drops,
                    binding,
                    weights,
                    eff,
                    bd.if_in,
                    bd.if_out,
                    parts,
                    self.hopeful,
                ),
            )
            if not self.hopeful(ub):
                break
        return ub

    def fix(self, live: list[int], bd: _Bounds) -> tuple[list[int], _Bounds, int] | None:
        """Drop candidates whose forced bound cannot reach the incumbent; the candidate that
        must be taken (its index, else -1). None: nothing in this subtree can win."""
        top = self.level()
        floor = top - TOL - MARGIN * max(1.0, abs(top))
        forced = -1
        keep: list[int] = []
        if_in, if_out = bd.if_in, bd.if_out
        for k in range(len(live)):
            if if_in[k] < floor:
                if if_out[k] < floor:
                    return None  # neither with nor without it: nothing here can win
                continue
            if forced == -1 and if_out[k] < floor:
                forced = len(keep)
            keep.append(k)
        if len(keep) == len(live):
            return live, bd, forced
        if not keep:
            return None
        kept = _Bounds(
            bd.ub,
            [bd.gains[k] for k in keep],
            [bd.drops[k] for k in keep],
            [if_in[k] for k in keep],
            [if_out[k] for k in keep],
            bd.binding,
            bd.ws,
        )
        return [live[k] for k in keep], kept, forced

    def branch(
        self,
        node: Node,
        live: list[int],
        bd: _Bounds,
        ub: float,
        forced: int,
        stack: list[Node],
    ) -> None:
        """Push the out- and in-branch on the candidate that matters most (first-in gain plus
        last-in loss), members of an open requires group first. A candidate with others of
        its choose-at-most-one group left branches on the group: none of them, or each."""
        pending = node.pending
        pick = forced
        branch_key = [g + d for g, d in zip(bd.gains, bd.drops, strict=True)]
        if pick < 0:
            need = pending[0] if pending else 0
            for k, i in enumerate(live):
                if need and not need >> i & 1:
                    continue
                if pick < 0 or branch_key[k] > branch_key[pick]:
                    pick = k
            if pick < 0:
                return  # an open group lost all its members to fixing
        i = live[pick]
        group = self.group
        if pick != forced and group is not None:
            mates = [k for k, j in enumerate(live) if group[j] == group[i]]
            if len(mates) > 1:
                none = [j for j in live if group[j] != group[i]]
                out_ub = min(ub, *[bd.if_out[k] for k in mates])
                stack.append(node._replace(cand=none, parent_ub=out_ub, fresh=False))
                for k in sorted(mates, key=branch_key.__getitem__):  # the best on top
                    stack.append(self.child(node, live, bd, ub, k))
                return
        if pick != forced:
            rest = live[:pick] + live[pick + 1 :]
            stack.append(node._replace(cand=rest, parent_ub=min(ub, bd.if_out[pick]), fresh=False))
        stack.append(self.child(node, live, bd, ub, pick))

    def child(self, node: Node, live: list[int], bd: _Bounds, ub: float, pick: int) -> Node:
        """The in-branch of candidate ``live[pick]``."""
        i = live[pick]
        bit = 1 << i
        child = node.chosen | bit
        child_surv = list(node.surv)
        for p, _e, om in self.comp.eff[i]:
            child_surv[p] *= om
        child_pending = tuple(g for g in node.pending if not g & bit) + tuple(
            g for g in self.comp.groups[i] if not g & child
        )
        excl = self.comp.excl[i]
        return Node(
            child,
            [j for k, j in enumerate(live) if k != pick and not excl >> j & 1],
            child_surv,
            node.benefit + bd.gains[pick],
            tuple([s + costs[i] for s, (_l, costs) in zip(node.spent, self.caps, strict=True)]),
            child_pending,
            min(ub, bd.if_in[pick]),
            True,
        )

    def offer(self, node: Node) -> None:
        """Consider the package of a node that is new and meets its requires groups."""
        if node.benefit >= self.window.top - 2 * TOL:
            self.window.offer(node.chosen, *score(self.comp, node.chosen))

    def expand(self, node: Node, stack: list[Node]) -> None:
        """One node: offer its package, bound it, and branch unless the bound cuts it."""
        live = self.live(node)
        if live is None:
            return
        if node.fresh and not node.pending:
            self.offer(node)
        if not live:
            return
        bd = self.bounds(node, live)
        if not self.hopeful(bd.ub):
            return
        ub = self.swap_bounds(node, live, bd) if bd.binding or self.group else bd.ub
        if not self.hopeful(ub):
            return
        fixed = self.fix(live, bd)
        if fixed is not None:
            self.branch(node, *fixed[:2], ub, fixed[2], stack)


def branch_and_bound(
    comp: Compiled,
    *,
    start: list[int],
    time_limit_s: float,
    max_nodes: int | None,
) -> SearchResult:
    """Exact search; stops at the time or node limit with the best package and a valid bound."""
    deadline = time.perf_counter() + time_limit_s
    search = Search(comp, start)
    window, hopeful = search.window, search.hopeful
    stack = [search.root()]
    nodes = 0
    stopped = False
    while stack:
        if (max_nodes is not None and nodes >= max_nodes) or (
            nodes & 31 == 0 and nodes and time.perf_counter() > deadline
        ):
            stopped = True
            break
        node = stack.pop()
        if not hopeful(node.parent_ub):
            continue
        nodes += 1
        search.expand(node, stack)

    mask, benefit, cost = window.choice()
    bound = window.top
    proved = True
    if stopped:
        for node in stack:
            if hopeful(node.parent_ub):
                proved = False
                bound = max(bound, node.parent_ub)
    return SearchResult(
        mask=mask,
        benefit=benefit,
        cost=cost,
        optimal=proved,
        upper_bound=benefit if proved else bound,
        nodes=nodes,
    )
