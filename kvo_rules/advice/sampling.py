"""What is uncertain in a recommendation and how one sample of it is drawn.

Every expected effect gets a triangular distribution (docs/model.md, *Uncertainty*): on the
catalogue's own interval where it gives one, otherwise around the point estimate with a spread
set by the evidence grade and the estimate flag; costs with ``low``/``high`` too. A
:class:`Draw` is one sample of all of them, from ``random.Random``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core.catalogue import Catalogue
from ..core.model import Figure, Grade, Measure
from ..core.profile_model import Profile
from ..packages import Instance, combined_reduction
from ..packages.resample import Resampler, Sampled
from .budgets import option_resources, split_option_id
from .candidates import MAX_EFFECT, at_risk_first, coverage, effect_factor
from .quantities import one_off_figure
from .results import CandidateMeasure, EffectRange, Range, Recommendation, RuleEvaluation

__all__ = [
    "ESTIMATE_WIDENING",
    "PERCENTILES",
    "SPREAD",
    "Draw",
    "Triangular",
    "UncertainModel",
    "build_model",
    "cost_distribution",
    "draw_sample",
    "effect_distribution",
    "in_best_shares",
    "incidents_after",
    "percentile",
    "reductions_after",
    "resource_amounts",
    "resource_in",
    "sampled_instance",
    "spread",
    "value_range",
]

SPREAD: Mapping[Grade, float] = {
    Grade.strong: 0.4,
    Grade.moderate: 0.6,
    Grade.weak: 0.8,
    Grade.practice: 1.0,
}
"""Half-width of an effect's range relative to its point estimate, by evidence grade, when the
catalogue gives no interval: the effect lies in [e x (1 - s), e x (1 + s)] (capped at 90% of
what the measure protects). Our estimate: a meta-analysis pins a mean effect down, but its
effect in one area still varies; practice guidance may do nothing or twice as much."""
ESTIMATE_WIDENING = 0.2
"""Added to the spread of an effect marked ``estimate: true`` (at most 1 in all)."""
PERCENTILES = (10, 50, 90)
"""The percentiles reported as ``low``, ``median`` and ``high`` of a range."""


# --------------------------------------------------------------------------- distributions


@dataclass(frozen=True)
class Triangular:
    """The triangular distribution on [low, high] with its peak at ``mode``.

    CDF: F(x) = (x - low)^2 / ((high - low)(mode - low)) for low <= x <= mode, and
    1 - (high - x)^2 / ((high - low)(high - mode)) for mode < x <= high. Its mean is
    (low + mode + high) / 3: the point estimate when the range is symmetric around it.
    """

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        if not (self.low <= self.mode <= self.high):
            raise ValueError(f"need low <= mode <= high, got {self}")

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    def cdf(self, x: float) -> float:
        """P(X <= x)."""
        a, c, b = self.low, self.mode, self.high
        if x < a:
            return 0.0
        if x >= b:
            return 1.0
        if x <= c:
            return (x - a) ** 2 / ((b - a) * (c - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - c))

    def ppf(self, u: float) -> float:
        """The value with P(X <= value) = u (the inverse CDF); the mode when the width is 0."""
        a, c, b = self.low, self.mode, self.high
        if b <= a:
            return c
        if u < (c - a) / (b - a):
            return a + math.sqrt(u * (b - a) * (c - a))
        return b - math.sqrt((1.0 - u) * (b - a) * (b - c))


def spread(grade: Grade, estimate: bool) -> float:
    return min(1.0, SPREAD[grade] + (ESTIMATE_WIDENING if estimate else 0.0))


def effect_distribution(
    measure: Measure,
    problem: str,
    point: float,
    evaluation: RuleEvaluation,
    share: float,
) -> tuple[Triangular, str]:
    """The distribution of ``measure``'s expected effect ``point`` on ``problem``, and its basis.

    ``catalogue``: the effect's own ``low``/``high``, through the same grade factor, rule
    adjustments, 90% cap and coverage as the point; ``grade``: ``point`` x (1 -/+ spread).
    """
    effect = next(e for e in measure.effects if e.problem == problem)
    cap = round(MAX_EFFECT * share, 6)
    if effect.low is not None and effect.high is not None and effect.low == effect.high:
        return Triangular(point, point, point), "catalogue"
    if effect.low is not None and effect.high is not None:
        factor = effect_factor(measure, effect, evaluation)
        low = round(min(MAX_EFFECT, effect.low * factor) * share, 6)
        high = round(min(MAX_EFFECT, effect.high * factor) * share, 6)
        basis = "catalogue"
    else:
        s = spread(effect.counted_grade, effect.estimate)
        if s <= 0.0:
            return Triangular(point, point, point), "grade"
        low = round(point * (1.0 - s), 6)
        high = round(min(cap, point * (1.0 + s)), 6)
        basis = "grade"
    return Triangular(min(low, point), point, max(high, point)), basis


def cost_distribution(figure: Figure | None) -> Triangular | None:
    """The distribution of a cost figure relative to its amount (1 = the amount), if uncertain.

    A figure with ``low``/``high`` and an amount above 0 gives triangular on
    [low / amount, high / amount] peaking at 1; otherwise None (the cost is taken as given).
    """
    if figure is None or figure.amount <= 0 or (figure.low is None and figure.high is None):
        return None
    low = figure.low if figure.low is not None else figure.amount
    high = figure.high if figure.high is not None else figure.amount
    if low == high == figure.amount:
        return None
    return Triangular(low / figure.amount, 1.0, high / figure.amount)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between the sorted values."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    frac = pos - lo
    if frac == 0.0 or ordered[lo] == ordered[hi]:
        return ordered[lo]
    return ordered[lo] + (ordered[hi] - ordered[lo]) * frac


def value_range(values: Sequence[float], digits: int) -> Range:
    low, median, high = (round(percentile(values, q), digits) for q in PERCENTILES)
    return Range(low=low, median=median, high=high)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class UncertainModel:
    """Everything that is drawn, in a fixed order: effects first, then cost factors."""

    effects: tuple[EffectRange, ...]
    dists: tuple[Triangular, ...]
    cost_keys: tuple[tuple[str, str], ...]
    """(candidate id, one_off | yearly | hours | quantity) for each cost distribution."""
    cost_dists: tuple[Triangular, ...]


def build_model(
    catalogue: Catalogue,
    profile: Profile,
    evaluation: RuleEvaluation,
    rec: Recommendation,
    instance: Instance,
) -> UncertainModel:
    effects: list[EffectRange] = []
    dists: list[Triangular] = []

    def add(mid: str, problem: str, point: float, in_place: bool, units: float = 0.0) -> None:
        m = catalogue.measures[mid]
        share = coverage(m, profile)
        if not in_place:
            share = at_risk_first(m, profile, units).get(problem, share)
        dist, basis = effect_distribution(m, problem, point, evaluation, share)
        effect = next(e for e in m.effects if e.problem == problem)
        effects.append(
            EffectRange(
                measure=mid,
                problem=problem,
                in_place=in_place,
                point=round(point, 6),
                low=dist.low,
                mode=dist.mode,
                high=dist.high,
                basis=basis,
                grade=effect.counted_grade,
                estimate=effect.estimate,
            )
        )
        dists.append(dist)

    for c in sorted(rec.candidates, key=lambda c: c.id):
        for p in sorted(c.effects):
            add(c.id, p, c.effects[p], False, c.paying_businesses)
    for mid in sorted(instance.in_place):
        for p, e in instance.in_place[mid].items():
            add(mid, p, e, True)

    cost_keys: list[tuple[str, str]] = []
    cost_dists: list[Triangular] = []
    for c in sorted(rec.candidates, key=lambda c: c.id):
        cost = catalogue.measures[c.id].cost
        for kind, figure in (
            ("quantity", cost.quantity),
            ("one_off", one_off_figure(catalogue.measures[c.id], profile)),
            ("yearly", cost.yearly),
            ("hours", cost.hours_per_year),
        ):
            dist = cost_distribution(figure)
            if dist is not None:
                cost_keys.append((c.id, kind))
                cost_dists.append(dist)
    return UncertainModel(tuple(effects), tuple(dists), tuple(cost_keys), tuple(cost_dists))


@dataclass(frozen=True)
class Draw:
    """One sample: the evidence effects of candidates and in-place measures, and the costs."""

    effects: dict[str, dict[str, float]]
    in_place: dict[str, dict[str, float]]
    one_off: dict[str, float]
    yearly: dict[str, float]
    factors: dict[str, dict[str, float]]
    """candidate id -> one_off, yearly, hours -> factor on the point cost."""
    values: tuple[float, ...]
    """The effect values in the order of ``UncertainModel.effects``."""


def draw_sample(
    model: UncertainModel, by_id: Mapping[str, CandidateMeasure], rng: random.Random
) -> Draw:
    values = tuple(d.ppf(rng.random()) for d in model.dists)
    effects: dict[str, dict[str, float]] = {}
    in_place: dict[str, dict[str, float]] = {}
    for er, v in zip(model.effects, values, strict=True):
        (in_place if er.in_place else effects).setdefault(er.measure, {})[er.problem] = v
    factors: dict[str, dict[str, float]] = {}
    for (mid, kind), dist in zip(model.cost_keys, model.cost_dists, strict=True):
        x = dist.ppf(rng.random())
        f = factors.setdefault(mid, {"one_off": 1.0, "yearly": 1.0, "hours": 1.0})
        if kind == "quantity":
            for k in f:
                f[k] *= x
        else:
            f[kind] *= x
    one_off: dict[str, float] = {}
    yearly: dict[str, float] = {}
    for oid, c in by_id.items():
        g = factors.get(c.id)
        one_off[oid] = c.one_off_cost if g is None else round(c.one_off_cost * g["one_off"], 2)
        yearly[oid] = c.yearly_cost if g is None else round(c.yearly_cost * g["yearly"], 2)
        if c.phase is not None and c.id in effects:  # a first phase protects part of the risk
            effects[oid] = _phase_effects(effects[c.id], by_id[c.id], c)
    return Draw(effects, in_place, one_off, yearly, factors, values)


def in_best_shares(rec: Recommendation, best: Sequence[tuple[str, ...]]) -> dict[str, float]:
    """Per candidate, the share of the samples' best packages that hold it, whole or a phase."""
    measures_in_best = [{split_option_id(i)[0] for i in ids} for ids in best]
    return {
        c.id: round(sum(1 for ids in measures_in_best if c.id in ids) / len(best), 4)
        for c in rec.candidates
    }


def _phase_effects(
    drawn: Mapping[str, float], whole: CandidateMeasure, part: CandidateMeasure
) -> dict[str, float]:
    """A first phase's effects in a sample: the drawn whole effects scaled as the point effects
    are (the phase's own point figure where the draw is the whole's point figure)."""
    out: dict[str, float] = {}
    for p, v in drawn.items():
        w = whole.effects.get(p, 0.0)
        if v == w or w == 0.0:
            out[p] = part.effects.get(p, 0.0)
        else:
            out[p] = v * part.effects.get(p, 0.0) / w
    return out


# --------------------------------------------------------------------------- per sample


def resource_in(
    c: CandidateMeasure, name: str, draw: Draw, amounts: Mapping[str, float] | None = None
) -> float:
    """The named resource ``c`` uses in this draw (its cost factors applied); ``amounts``:
    ``option_resources(c)`` when the caller has it already."""
    if amounts is None:
        amounts = option_resources(c)
    amount = amounts.get(name, 0.0)
    f = draw.factors.get(c.id)
    if f is None or amount == 0.0:
        return amount
    return amount * f[name.rsplit(".", 1)[1]]


def reductions_after(
    profile: Profile, instance: Instance, draw: Draw, ids: Sequence[str]
) -> dict[str, float]:
    """Per problem of the profile: the reduction the package adds to today's situation in one
    sample (as ``Package.added_reduction``)."""
    in_place = [draw.in_place.get(m, {}) for m in sorted(instance.in_place)]
    chosen = [draw.effects.get(mid, {}) for mid in ids]
    problems = [p.type for p in profile.problems]
    total = combined_reduction([*in_place, *chosen], problems)
    now = combined_reduction(in_place, problems)
    out: dict[str, float] = {}
    for p in problems:
        survive_now = 1.0 - now[p]
        out[p] = max(0.0, 1 - (1 - total[p]) / survive_now) if survive_now > 0 else 0.0
    return out


def incidents_after(
    profile: Profile, instance: Instance, draw: Draw, ids: Sequence[str]
) -> dict[str, float]:
    """Expected incidents a year after the package in one sample (as ``recommend`` computes it)."""
    added = reductions_after(profile, instance, draw, ids)
    return {
        p.type: round(p.incidents_per_year * (1 - added[p.type]), 2)
        for p in profile.problems
        if p.incidents_per_year is not None
    }


def resource_amounts(
    resampler: Resampler, by_id: Mapping[str, CandidateMeasure]
) -> dict[str, dict[str, float]]:
    """Every option's named resources at the point costs (``option_resources``), computed once
    for many calls of :func:`sampled_instance`."""
    return {oid: option_resources(by_id[oid]) for oid in resampler.ids}


def sampled_instance(
    resampler: Resampler,
    by_id: Mapping[str, CandidateMeasure],
    draw: Draw,
    amounts: Mapping[str, Mapping[str, float]] | None = None,
) -> Sampled:
    """The instance under one draw: effects as the objective counts them (times priority).

    ``amounts``: :func:`resource_amounts` of the same resampler, to save recomputing them."""
    effects = {
        oid: {
            p: e * by_id[oid].priority
            for p, e in draw.effects.get(oid, {}).items()
            if by_id[oid].effects.get(p, 0.0) > 0.0
        }
        for oid in resampler.ids
    }
    names = [name for kind, name, _ in resampler.caps if kind == "limit"]
    if names and amounts is None:
        amounts = resource_amounts(resampler, by_id)
    resources = {
        oid: {n: resource_in(by_id[oid], n, draw, amounts[oid] if amounts else None) for n in names}
        for oid in resampler.ids
    }
    return resampler.sample(effects, draw.in_place, draw.one_off, draw.yearly, resources)
