"""One instance solved again under many samples of its effects and costs.

The uncertainty analysis (``kvo_rules.advice.uncertainty``) draws effects and costs; this module
compiles the instance once and, per sample, swaps in the drawn values and solves exactly (or up
to a node budget), in the same canonical order as :func:`optimise`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ._branch import branch_and_bound
from ._compiled import (
    HORIZON,
    LIMIT,
    ONE_OFF,
    TOL,
    YEARLY,
    Cap,
    Compiled,
    benefit_of,
    compile_instance,
    survival,
    within_caps,
)
from .model import Instance

__all__ = ["TOL", "CapSpec", "Resampler", "Sampled"]

CapSpec = tuple[str, str, float]
"""A cap every sample is solved under: (kind, name, limit); kind is ``one_off``, ``yearly``,
``horizon`` or ``limit`` (a named resource limit)."""

_KINDS = {"one_off": ONE_OFF, "yearly": YEARLY, "horizon": HORIZON, "limit": LIMIT}


def _members(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


@dataclass(frozen=True)
class Sampled:
    """The instance with one sample's effects, costs and caps, ready to solve or to score."""

    compiled: Compiled

    def solve(
        self, starts: Sequence[Sequence[str]], max_nodes: int
    ) -> tuple[tuple[str, ...], bool]:
        """The best package under this sample (ids), and whether it was proved optimal.

        ``starts`` are packages offered as first incumbents where they fit this sample's caps.
        """
        comp = self.compiled
        index = {oid: i for i, oid in enumerate(comp.ids)}
        masks = []
        for ids in starts:
            if ids and all(i in index for i in ids):
                mask = 0
                for i in ids:
                    mask |= 1 << index[i]
                if within_caps(comp, _members(mask)):
                    masks.append(mask)
        result = branch_and_bound(comp, start=masks, time_limit_s=math.inf, max_nodes=max_nodes)
        return tuple(comp.ids[i] for i in _members(result.mask)), result.optimal

    def benefit(self, ids: Sequence[str]) -> float:
        """Benefit of a package in this sample, as the optimiser computes it."""
        comp = self.compiled
        index = {oid: i for i, oid in enumerate(comp.ids)}
        return benefit_of(comp, survival(comp, sorted(index[i] for i in ids if i in index)))


class Resampler:
    """An instance compiled once (without caps), to be solved under many samples."""

    def __init__(self, instance: Instance, caps: Sequence[CapSpec]) -> None:
        self.instance = instance
        self.caps = tuple(caps)
        self.template = compile_instance(
            instance, budget_one_off=None, budget_yearly=None, max_horizon_cost=None, limits=None
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The options the solver can choose (after pre-processing), sorted."""
        return self.template.ids

    def sample(
        self,
        effects: Mapping[str, Mapping[str, float]],
        in_place: Mapping[str, Mapping[str, float]],
        one_off: Mapping[str, float],
        yearly: Mapping[str, float],
        resources: Mapping[str, Mapping[str, float]],
    ) -> Sampled:
        """The instance under one sample: the options' effects (as the objective counts them),
        the in-place measures' effects, the options' costs and their named resources."""
        template = self.template
        problems = sorted(p for p, w in self.instance.weights.items() if w > 0.0)
        pindex = {p: k for k, p in enumerate(problems)}
        base = [1.0] * len(problems)
        for m in sorted(in_place):
            for p, e in sorted(in_place[m].items()):
                if p in pindex:
                    base[pindex[p]] *= 1.0 - e
        baseline = 0.0
        for wp, s in zip(template.weights, base, strict=True):
            baseline += wp * (1.0 - s)
        eff = []
        for oid in template.ids:
            row = []
            for p, v in sorted(effects.get(oid, {}).items()):
                if p in pindex and v > 0.0:
                    row.append((pindex[p], v, 1.0 - v))
            eff.append(tuple(row))
        one = tuple(one_off[i] for i in template.ids)
        year = tuple(yearly[i] for i in template.ids)
        hcost = tuple(o + template.horizon * y for o, y in zip(one, year, strict=True))
        by_kind = {ONE_OFF: one, YEARLY: year, HORIZON: hcost}
        out_caps: list[Cap] = []
        for kind_name, name, limit in self.caps:
            kind = _KINDS[kind_name]
            if kind != LIMIT:
                out_caps.append(Cap(kind, name, limit, by_kind[kind]))
                continue
            costs = tuple(resources.get(i, {}).get(name, 0.0) for i in template.ids)
            total = 0.0
            for c in costs:
                total += c
            if total > limit + TOL:
                out_caps.append(Cap(LIMIT, name, limit, costs))
        return Sampled(
            replace(
                template,
                one_off=one,
                yearly=year,
                hcost=hcost,
                eff=tuple(eff),
                base=tuple(base),
                baseline=baseline,
                caps=tuple(out_caps),
            )
        )
