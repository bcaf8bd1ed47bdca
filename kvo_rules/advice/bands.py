"""Bands around the frontier and the sweep: each point's benefit and incidents as ranges.

``frontier --samples N`` and ``sweep --samples N``: the points are computed as without samples
(:func:`~kvo_rules.advice.frontier.frontier_points`, :func:`~kvo_rules.advice.sweep.sweep`);
then every point's package is scored under the same N draws of the effects (``sampling``,
docs/model.md *Uncertainty*), giving its benefit and expected incidents as
``{low, median, high}`` (10th, 50th, 90th percentile). The package of a point is kept fixed:
the band says how sure its benefit is, not which package would be best in each draw. Same
seed, same bands; with zero-width ranges every band collapses to the point.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.profile_model import Profile
from .budgets import option_id, options_by_id
from .engine import Engine, with_overrides
from .frontier import FrontierPoint
from .recommend import build_instance, build_recommendation
from .results import Range
from .sampling import (
    PERCENTILES,
    Draw,
    build_model,
    draw_sample,
    incidents_after,
    sampled_instance,
    value_range,
)
from .sweep import SweepPoint
from .uncertainty import DEFAULT_SEED

__all__ = [
    "BAND_SAMPLES",
    "Bands",
    "PackageSampler",
    "PointBand",
    "frontier_bands",
    "sweep_bands",
]

BAND_SAMPLES = 500
"""Samples when a caller of the library gives none."""


@dataclass(frozen=True)
class PointBand:
    """One point's package over the samples."""

    benefit: Range
    incidents: dict[str, Range]
    """Per problem with incidents a year: the expected incidents after the package."""


@dataclass(frozen=True)
class Bands:
    """The bands of a frontier or a sweep, one per point in the points' order."""

    samples: int
    seed: int
    percentiles: tuple[int, int, int]
    points: tuple[PointBand, ...]


class PackageSampler:
    """The draws of one profile's effects and costs, made once, to score any package with."""

    def __init__(self, engine: Engine, profile: Profile, samples: int, seed: int) -> None:
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
            raise ValueError(f"samples must be an int >= 1, got {samples!r}")
        from ..packages.resample import Resampler

        evaluation = engine.evaluate(profile)
        cands = engine.candidates(profile, evaluation)
        instance = build_instance(engine.catalogue, profile, evaluation, cands)
        rec = build_recommendation(engine.catalogue, profile, evaluation, cands, alternatives=False)
        model = build_model(engine.catalogue, profile, evaluation, rec, instance)
        by_id = options_by_id(rec)
        resampler = Resampler(instance, ())
        rng = random.Random(seed)
        draws: list[Draw] = [draw_sample(model, by_id, rng) for _ in range(samples)]
        self.profile = profile
        self.instance = instance
        self.draws = tuple(draws)
        self.comps = tuple(sampled_instance(resampler, by_id, d) for d in draws)

    def band(self, ids: Sequence[str]) -> PointBand:
        """The package ``ids`` over the draws: benefit and incidents per problem."""
        chosen = tuple(sorted(ids))
        benefits = [comp.benefit(chosen) for comp in self.comps]
        per_problem: dict[str, list[float]] = {}
        for d in self.draws:
            for p, v in incidents_after(self.profile, self.instance, d, chosen).items():
                per_problem.setdefault(p, []).append(v)
        return PointBand(
            benefit=value_range(benefits, 6),
            incidents={p: value_range(v, 2) for p, v in per_problem.items()},
        )


def frontier_bands(
    engine: Engine,
    profile: Profile,
    points: Sequence[FrontierPoint],
    *,
    samples: int = BAND_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Bands:
    """A band for every frontier point (from ``frontier_points(engine, profile)``)."""
    sampler = PackageSampler(engine, profile, samples, seed)
    return Bands(samples, seed, PERCENTILES, tuple(sampler.band(p.measures) for p in points))


def sweep_bands(
    engine: Engine,
    profile: Profile,
    points: Sequence[SweepPoint],
    *,
    samples: int = BAND_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Bands:
    """A band for every sweep point (from ``sweep(engine, profile, ...)``).

    Every point is scored under the same seed; a step whose budgets change what the rules
    propose gets its own draws (rules may read the budget), the others share them.
    """
    cache: dict[tuple[str, ...], PackageSampler] = {}
    out: list[PointBand] = []
    for point in points:
        prof = with_overrides(profile, point.budget_one_off, point.budget_yearly)
        evaluation = engine.evaluate(prof)
        fired = tuple(f.id for f in evaluation.fired_rules)
        # the first phases on offer depend on the budget too
        phases = tuple(option_id(c) for c in engine.candidates(prof, evaluation).phases)
        sampler = cache.get((*fired, "|", *phases))
        if sampler is None:
            sampler = cache[(*fired, "|", *phases)] = PackageSampler(engine, prof, samples, seed)
        out.append(sampler.band([option_id(m) for m in point.package.measures]))
    return Bands(samples, seed, PERCENTILES, tuple(out))
