"""The cheapest package that reaches a benefit, by the optimiser's own bounds: for the basic
package when the cheapest-package search (packages/_cheapest.py) stops at its node limit.

The branch and bound of packages/_branch.py over an instance compiled with a horizon cost
cap, with two changes (docs/model.md, "basic"): a subtree is cut when its bound falls short
of the benefit to reach (not of the best package found), and every qualifying package found
lowers the horizon cost cap to its own cost, so the search goes on only for cheaper ones.
When it finishes, the last package found is a cheapest qualifying one: every package within
the lowered cap that could qualify was searched. Its bounds (drop-cover, swap, the
multiple-choice LP) are those of the optimiser, much stronger than the cover by first-in
gains the cheapest-package search uses, so it proves where that search does not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ._branch import Node, Search
from ._compiled import HORIZON, TOL, Compiled, benefit_of, members, survival, totals, within_caps
from ._search import SLACK, cap_zones

__all__ = ["Reached", "cheapest_by_bounds"]


@dataclass(frozen=True, slots=True)
class Reached:
    """The cheapest qualifying package found (mask and canonical horizon cost), whether the
    search proved that none costs less, and its nodes."""

    mask: int
    cost: float
    proved: bool
    nodes: int


class _Reach(Search):
    """The optimiser's search with the level fixed at the benefit to reach and a horizon cost
    cap that falls to each qualifying package found."""

    def __init__(self, comp: Compiled, mask: int, cost: float, threshold: float) -> None:
        super().__init__(comp, [mask])
        self.threshold = threshold  # on the added benefit, benefit - baseline
        target = threshold + comp.baseline
        self.slack_b = TOL * max(1.0, abs(target))
        # one more 1e-9 below the target: a package qualifies by its added benefit, which
        # rounds apart from its benefit by an ulp or so
        self.target = target - TOL
        self.best_mask = mask
        self.best_cost = cost
        self.lower(cost)

    def level(self) -> float:
        return self.target

    def lower(self, cost: float) -> None:
        """Set the horizon cost cap to ``cost``: only cheaper packages are looked for."""
        caps = tuple(
            replace(cap, limit=cost) if cap.kind == HORIZON else cap for cap in self.comp.caps
        )
        comp = replace(self.comp, caps=caps)
        self.comp = comp
        self.caps = [(cap.limit + TOL, cap.costs) for cap in comp.caps]
        self.zones = cap_zones(comp)
        self.slacks = [SLACK * max(1.0, limit) * (comp.n + 1) for limit, _costs in self.caps]

    def offer(self, node: Node) -> None:
        """Record the node's package if it qualifies and costs less than the best (canonical
        sums); then lower the cap to its cost."""
        if node.benefit < self.target - self.slack_b:
            return
        comp = self.comp
        idx = members(node.chosen)
        benefit = benefit_of(comp, survival(comp, idx))
        if benefit - comp.baseline < self.threshold:
            return
        cost = totals(comp, idx)[2]
        if cost < self.best_cost and within_caps(comp, idx):
            self.best_mask = node.chosen
            self.best_cost = cost
            self.window.offer(node.chosen, benefit, cost)
            self.lower(cost)


def cheapest_by_bounds(
    comp: Compiled,
    threshold: float,
    *,
    mask: int,
    max_nodes: int | None,
    deadline: float,
) -> Reached:
    """The cheapest package of ``comp`` whose canonical added benefit is >= ``threshold``,
    starting from ``mask``, a qualifying package of ``comp`` (the least of equal costs: the
    first found). ``comp`` must have a horizon cost cap (it falls to each package found).

    Stops unproved at ``max_nodes`` nodes or at ``deadline`` (a ``time.perf_counter`` value).
    """
    idx = members(mask)
    search = _Reach(comp, mask, totals(comp, idx)[2], threshold)
    hopeful = search.hopeful
    stack = [search.root()]
    nodes = 0
    while stack:
        if (max_nodes is not None and nodes >= max_nodes) or (
            nodes & 31 == 0 and nodes and time.perf_counter() > deadline
        ):
            return Reached(search.best_mask, search.best_cost, False, nodes)
        node = stack.pop()
        if not hopeful(node.parent_ub):
            continue
        nodes += 1
        search.expand(node, stack)
    return Reached(search.best_mask, search.best_cost, True, nodes)
