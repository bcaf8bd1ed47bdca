"""Uncertainty: Monte Carlo over the package choice, ranges and the robust package.

``uncertain_recommendation`` draws samples of the effects and costs (``sampling``), finds the
best package of each under the budgets (``packages.resample``) and adds to a Recommendation the
ranges of each package, each candidate's share of samples in the best package, the robust
package and the effects whose uncertainty most changes the choice. Same seed, same bytes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..core.catalogue import Catalogue
from ..core.model import Text
from ..core.profile_model import Profile
from ..core.words import format_decimal
from ..packages import Instance
from ..packages.resample import TOL, CapSpec, Resampler, Sampled
from .budgets import options_by_id, package_option_ids
from .results import (
    EffectRange,
    Package,
    Recommendation,
    RuleEvaluation,
    Uncertainty,
    UncertaintyDriver,
    ValueOfInformation,
)
from .sampling import (
    PERCENTILES,
    Draw,
    UncertainModel,
    build_model,
    draw_sample,
    in_best_shares,
    percentile,
    reductions_after,
    resource_amounts,
    sampled_instance,
    value_range,
)

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "PERCENTILES",
    "SAMPLE_MAX_NODES",
    "percentile",
    "uncertain_recommendation",
]
DEFAULT_SAMPLES = 500
"""Samples when ``--samples`` is given without a number by a caller of the library."""
DEFAULT_SEED = 1
SAMPLE_MAX_NODES = 2_000
"""Node limit of each sample's optimisation (a sample typically needs 10-20 nodes)."""
_DRIVER_MIN = 0.2
"""A difference is explained by an effect only when its correlation reaches this."""
_VOI_MIN = 0.2
"""An effect is named in the value of information only when it moves the choice this much."""
_VOI_TOP = 2


# --------------------------------------------------------------------------- distributions


def _caps(instance: Instance, rec: Recommendation) -> list[CapSpec]:
    """The budgets every sample is solved under; without any, the recommended package's cost."""
    caps: list[CapSpec] = []
    if instance.budget_one_off is not None:
        caps.append(("one_off", "one_off", instance.budget_one_off))
    if instance.budget_yearly is not None:
        caps.append(("yearly", "yearly", instance.budget_yearly))
    caps.extend(("limit", name, limit) for name, limit in sorted(instance.limits.items()))
    if not caps:
        caps.append(("horizon", "horizon", rec.recommended.horizon_cost))
    return caps


# --------------------------------------------------------------------------- evaluation


def _horizon(instance: Instance, draw: Draw, ids: Sequence[str]) -> float:
    one_off = 0.0
    yearly = 0.0
    for mid in sorted(ids):
        one_off += draw.one_off[mid]
        yearly += draw.yearly[mid]
    return one_off + instance.horizon_years * yearly


@dataclass(frozen=True)
class _Run:
    draws: tuple[Draw, ...]
    comps: tuple[Sampled, ...]
    best: tuple[tuple[str, ...], ...]
    unproved: int


def _run(
    instance: Instance,
    rec: Recommendation,
    model: UncertainModel,
    samples: int,
    seed: int,
    max_nodes: int,
) -> _Run:
    by_id = options_by_id(rec)
    resampler = Resampler(instance, _caps(instance, rec))
    amounts = resource_amounts(resampler, by_id)
    # the point packages as starts where they fit a sample's costs (the answer does not depend
    # on the starts; optima of earlier samples were tried and saved nothing)
    starts = [[m.id for m in p.measures] for p in (rec.recommended, *rec.alternatives)]
    rng = random.Random(seed)
    draws: list[Draw] = []
    comps: list[Sampled] = []
    best: list[tuple[str, ...]] = []
    unproved = 0
    for _ in range(samples):
        draw = draw_sample(model, by_id, rng)
        sampled = sampled_instance(resampler, by_id, draw, amounts)
        ids, optimal = sampled.solve(starts, max_nodes)
        if not optimal:
            unproved += 1
        draws.append(draw)
        comps.append(sampled)
        best.append(ids)
    return _Run(tuple(draws), tuple(comps), tuple(best), unproved)


def _within_budget(instance: Instance, rec: Recommendation, ids: Sequence[str]) -> bool:
    """Whether a package keeps the budgets at the point costs (no budget: the recommended's
    horizon cost)."""
    by_id = options_by_id(rec)
    chosen = [by_id[i] for i in sorted(ids)]
    one_off = sum((c.one_off_cost for c in chosen), 0.0)
    yearly = sum((c.yearly_cost for c in chosen), 0.0)
    if instance.budget_one_off is not None and one_off > instance.budget_one_off + TOL:
        return False
    if instance.budget_yearly is not None and yearly > instance.budget_yearly + TOL:
        return False
    from .budgets import option_resources

    for name, limit in instance.limits.items():
        used = sum((option_resources(c).get(name, 0.0) for c in chosen), 0.0)
        if used > limit + TOL:
            return False
    has_budget = (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )
    if not has_budget:
        horizon = one_off + instance.horizon_years * yearly
        limit = rec.recommended.horizon_cost
        return horizon <= limit + TOL * max(1.0, limit)
    return True


def _name(rec: Recommendation, mid: str) -> Text:
    for c in rec.candidates:
        if c.id == mid:
            return c.name
    return Text(nl=mid, en=mid)


def _problem(catalogue: Catalogue, pid: str) -> Text:
    found = catalogue.problems.get(pid)
    return found.name if found is not None else Text(nl=pid, en=pid)


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0.0 or syy <= 0.0:
        return 0.0
    return sxy / math.sqrt(sxx * syy)


def _driver(
    catalogue: Catalogue,
    rec: Recommendation,
    model: UncertainModel,
    run: _Run,
    diff: Sequence[float],
    changed: set[str],
) -> UncertaintyDriver | None:
    best: tuple[float, EffectRange] | None = None
    for k, er in enumerate(model.effects):
        if er.in_place or er.measure not in changed or model.dists[k].width <= 0.0:
            continue
        corr = _correlation([d.values[k] for d in run.draws], diff)
        if best is None or abs(corr) > abs(best[0]) + 1e-12:
            best = (corr, er)
    if best is None or abs(best[0]) < _DRIVER_MIN:
        return None
    corr, er = best
    name = _name(rec, er.measure)
    problem = _problem(catalogue, er.problem)
    side_nl = "laag" if corr < 0 else "hoog"
    side_en = "low" if corr < 0 else "high"
    rng_nl = f"{_pct(er.low)}-{_pct(er.high)}"
    text = Text(
        nl=(
            f"Het verschil komt vooral van het effect van {name.nl} op {problem.nl.lower()} "
            f"(bereik {rng_nl}, verwacht {_pct(er.point)}): valt dat {side_nl} uit, dan doet "
            f"het robuuste pakket het beter (correlatie {format_decimal(corr, 'nl', 2)})."
        ),
        en=(
            f"The difference comes mostly from the effect of {name.en} on {problem.en.lower()} "
            f"(range {rng_nl}, expected {_pct(er.point)}): where it turns out {side_en}, the "
            f"robust package does better (correlation {format_decimal(corr, 'en', 2)})."
        ),
    )
    return UncertaintyDriver(
        measure=er.measure, problem=er.problem, correlation=round(corr, 4), text=text
    )


def _mode(packages: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], float]:
    counts: dict[tuple[str, ...], int] = {}
    for p in packages:
        counts[p] = counts.get(p, 0) + 1
    top = max(counts.items(), key=lambda kv: (kv[1], [-ord(ch) for ch in ",".join(kv[0])]))
    return top[0], top[1] / len(packages)


def _describe(ids: tuple[str, ...], other: tuple[str, ...]) -> str:
    plus = [f"+{m}" for m in ids if m not in other]
    minus = [f"-{m}" for m in other if m not in ids]
    return " ".join(plus + minus) or "="


def _value_of_information(
    catalogue: Catalogue, rec: Recommendation, model: UncertainModel, run: _Run
) -> tuple[ValueOfInformation, ...]:
    n = len(run.draws)
    if n < 4:
        return ()
    found: list[ValueOfInformation] = []
    for k, er in enumerate(model.effects):
        if model.dists[k].width <= 0.0:
            continue
        order = sorted(range(n), key=lambda i: (run.draws[i].values[k], i))
        lower = [run.best[i] for i in order[: n // 2]]
        upper = [run.best[i] for i in order[n - n // 2 :]]
        share_low: dict[tuple[str, ...], float] = {}
        share_high: dict[tuple[str, ...], float] = {}
        for p in lower:
            share_low[p] = share_low.get(p, 0.0) + 1.0 / len(lower)
        for p in upper:
            share_high[p] = share_high.get(p, 0.0) + 1.0 / len(upper)
        keys = set(share_low) | set(share_high)
        dist = 0.5 * sum(abs(share_low.get(p, 0.0) - share_high.get(p, 0.0)) for p in keys)
        if dist < _VOI_MIN:
            continue
        if_low, low_share = _mode(lower)
        if_high, high_share = _mode(upper)
        if if_low == if_high:
            continue
        name = _name(rec, er.measure)
        problem = _problem(catalogue, er.problem)
        change = _describe(if_high, if_low)
        text = Text(
            nl=(
                f"Een lokale meting van het effect van {name.nl} op {problem.nl.lower()} (nu "
                f"{_pct(er.low)}-{_pct(er.high)}) zou de keuze beslechten: in de lage helft is "
                f"het ene pakket het vaakst het beste ({_pct(low_share)}), in de hoge helft het "
                f"andere ({_pct(high_share)}; verschil: {change})."
            ),
            en=(
                f"A local measurement of the effect of {name.en} on {problem.en.lower()} (now "
                f"{_pct(er.low)}-{_pct(er.high)}) would settle the choice: in the lower half one "
                f"package is most often best ({_pct(low_share)}), in the upper half another "
                f"({_pct(high_share)}; difference: {change})."
            ),
        )
        found.append(
            ValueOfInformation(
                measure=er.measure,
                problem=er.problem,
                distance=round(dist, 4),
                if_low=if_low,
                if_low_share=round(low_share, 4),
                if_high=if_high,
                if_high_share=round(high_share, 4),
                text=text,
            )
        )
    found.sort(key=lambda v: (-v.distance, v.measure, v.problem))
    return tuple(found[:_VOI_TOP])


_CRITERION = Text(
    nl=(
        "Robuust pakket: van de pakketten die in de steekproeven het beste waren (en het "
        "aanbevolen pakket) en binnen het budget passen, het pakket met het hoogste 10e "
        "percentiel van de baat: het pakket dat het best standhoudt als de effecten tegenvallen."
    ),
    en=(
        "Robust package: of the packages that were best in the samples (and the recommended "
        "package) that keep the budget, the one with the highest 10th percentile of benefit: "
        "the package that holds up best when the effects disappoint."
    ),
)
_CRITERION_NO_BUDGET = Text(
    nl=_CRITERION.nl + " Zonder budget geldt de kosten van het aanbevolen pakket als grens.",
    en=_CRITERION.en + " Without a budget, the recommended package's cost is the limit.",
)


def uncertain_recommendation(
    catalogue: Catalogue,
    profile: Profile,
    evaluation: RuleEvaluation,
    rec: Recommendation,
    instance: Instance,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    max_nodes: int = SAMPLE_MAX_NODES,
) -> Recommendation:
    """``rec`` with ranges, best-package shares, the robust package and the value of information.

    ``instance`` is the one ``rec`` was optimised on (``recommend.build_instance``).
    """
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise ValueError(f"samples must be an int >= 1, got {samples!r}")
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be >= 1, got {max_nodes!r}")
    model = build_model(catalogue, profile, evaluation, rec, instance)
    run = _run(instance, rec, model, samples, seed, max_nodes)

    best_count: dict[tuple[str, ...], int] = {}
    for ids in run.best:
        best_count[ids] = best_count.get(ids, 0) + 1

    def benefits(ids: Sequence[str]) -> list[float]:
        return [comp.benefit(ids) for comp in run.comps]

    def ranged(pkg: Package, values: Sequence[float] | None = None) -> Package:
        ids = package_option_ids(pkg)
        vals = benefits(ids) if values is None else values
        return _ranged(pkg, vals, run, profile, instance, best_count.get(ids, 0) / samples)

    rec_ids = package_option_ids(rec.recommended)
    robust_ids, values = _robust_choice(instance, rec, rec_ids, best_count, benefits)

    recommended = ranged(rec.recommended, values.get(rec_ids))
    alternatives = tuple(ranged(p) for p in rec.alternatives)
    if robust_ids == rec_ids:
        robust = recommended.model_copy(update={"label": "robust"})
        driver = None
    else:
        robust_pkg = _robust_package(rec, instance, profile, robust_ids)
        robust = ranged(robust_pkg, values[robust_ids])
        diff = [a - b for a, b in zip(values[robust_ids], values[rec_ids], strict=True)]
        changed = set(robust_ids) ^ set(rec_ids)
        driver = _driver(catalogue, rec, model, run, diff, changed)

    in_best = in_best_shares(rec, run.best)
    has_budget = (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )
    uncertainty = Uncertainty(
        samples=samples,
        seed=seed,
        max_nodes=max_nodes,
        unproved_samples=run.unproved,
        criterion="p10_benefit",
        criterion_text=_CRITERION if has_budget else _CRITERION_NO_BUDGET,
        robust=robust,
        robust_is_recommended=robust_ids == rec_ids,
        driver=driver,
        value_of_information=_value_of_information(catalogue, rec, model, run),
        effects=model.effects,
    )
    return rec.model_copy(
        update={
            "candidates": tuple(
                c.model_copy(update={"in_best_share": in_best[c.id]}) for c in rec.candidates
            ),
            "recommended": recommended,
            "alternatives": alternatives,
            "uncertainty": uncertainty,
        }
    )


def _ranged(
    pkg: Package,
    values: Sequence[float],
    run: _Run,
    profile: Profile,
    instance: Instance,
    best_share: float,
) -> Package:
    """A package with its benefit, incidents and cost as ranges over the samples."""
    ids = package_option_ids(pkg)
    per_problem: dict[str, list[float]] = {}
    reductions: dict[str, list[float]] = {}
    baseline = {p.type: p.incidents_per_year for p in profile.problems}
    for d in run.draws:
        for p, r in reductions_after(profile, instance, d, ids).items():
            reductions.setdefault(p, []).append(r)
            n = baseline[p]
            if n is not None:
                per_problem.setdefault(p, []).append(round(n * (1 - r), 2))
    return pkg.model_copy(
        update={
            "benefit_range": value_range(values, 6),
            "incidents_range": {p: value_range(v, 2) for p, v in per_problem.items()},
            "reduction_range": {p: value_range(v, 6) for p, v in reductions.items()},
            "horizon_cost_range": value_range([_horizon(instance, d, ids) for d in run.draws], 2),
            "best_share": round(best_share, 4),
        }
    )


def _robust_choice(
    instance: Instance,
    rec: Recommendation,
    rec_ids: tuple[str, ...],
    best_count: Mapping[tuple[str, ...], int],
    benefits: Callable[[Sequence[str]], list[float]],
) -> tuple[tuple[str, ...], dict[tuple[str, ...], list[float]]]:
    """The robust package: the highest 10th percentile of benefit among the packages met in
    the samples (and the recommended one) that keep the budgets; with each one's benefits."""
    by_id = options_by_id(rec)
    pool = sorted({rec_ids, *best_count}, key=lambda ids: (len(ids), ids))
    scored: list[tuple[float, float, float, tuple[str, ...], list[float]]] = []
    for ids in pool:
        if ids != rec_ids and not _within_budget(instance, rec, ids):
            continue
        vals = benefits(ids)
        cost = sum((by_id[i].horizon_cost for i in ids), 0.0)
        scored.append((percentile(vals, PERCENTILES[0]), sum(vals) / len(vals), cost, ids, vals))
    top = max(s[0] for s in scored)
    near = [s for s in scored if s[0] >= top - TOL]
    values = {s[3]: s[4] for s in scored}
    if any(s[3] == rec_ids for s in near):
        return rec_ids, values  # the recommended package holds up as well as any: keep it
    cheapest = min(s[2] for s in near)
    robust = min(s[3] for s in near if s[2] <= cheapest + TOL * max(1.0, cheapest))
    return robust, values


def _robust_package(
    rec: Recommendation, instance: Instance, profile: Profile, ids: tuple[str, ...]
) -> Package:
    """The robust package dressed as the others are (costs, reductions, incidents)."""
    from ..packages import optimise
    from .recommend import SAFETY_NET_S, package_result

    # the package's own Solution: optimise an instance that allows exactly these options
    only = replace(
        instance,
        options=tuple(o for o in instance.options if o.id in ids),
        budget_one_off=None,
        budget_yearly=None,
        limits={},
    )
    solution = optimise(only, time_limit_s=SAFETY_NET_S)
    by_id = options_by_id(rec)
    note = Text(
        nl="Het pakket dat het best standhoudt als de effecten tegenvallen (10e percentiel).",
        en="The package that holds up best when the effects disappoint (10th percentile).",
    )
    return package_result("robust", solution, instance, profile, by_id, note)
