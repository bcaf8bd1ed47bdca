"""Uncertainty: effect and cost ranges, Monte Carlo over the package choice, the robust package.

Every expected effect gets a triangular distribution (docs/model.md, *Uncertainty*): on the
catalogue's own interval where it gives one, otherwise around the point estimate with a
spread set by the evidence grade and the estimate flag. Costs with ``low``/``high`` get a
triangular distribution too. ``uncertain_recommendation`` draws ``samples`` sets of effects
and costs with ``random.Random(seed)``, finds the best package of every sample under the
budgets, and adds to a :class:`~kvo_rules.results.Recommendation` the ranges of each package,
each candidate's share of samples in the best package, the robust package and the effects
whose uncertainty most changes the choice. Pure and deterministic: the same seed gives the
same answer, byte for byte.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .candidates import MAX_EFFECT, coverage, effect_factor
from .catalogue import Catalogue
from .model import Figure, Grade, Lang, Measure, Profile, Text
from .packages import Instance
from .packages._compiled import (
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
from .packages._search import branch_and_bound
from .recommend import combined_reduction
from .results import (
    CandidateMeasure,
    EffectRange,
    Package,
    Range,
    Recommendation,
    RuleEvaluation,
    Uncertainty,
    UncertaintyDriver,
    ValueOfInformation,
)

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "ESTIMATE_WIDENING",
    "PERCENTILES",
    "SAMPLE_MAX_NODES",
    "SPREAD",
    "Triangular",
    "cost_distribution",
    "effect_distribution",
    "percentile",
    "render_uncertainty",
    "uncertain_recommendation",
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


def _spread(grade: Grade, estimate: bool) -> float:
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
        s = _spread(effect.grade, effect.estimate)
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


def _range(values: Sequence[float], digits: int) -> Range:
    low, median, high = (round(percentile(values, q), digits) for q in PERCENTILES)
    return Range(low=low, median=median, high=high)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class _Uncertain:
    """Everything that is drawn, in a fixed order: effects first, then cost factors."""

    effects: tuple[EffectRange, ...]
    dists: tuple[Triangular, ...]
    cost_keys: tuple[tuple[str, str], ...]
    """(candidate id, one_off | yearly | hours | quantity) for each cost distribution."""
    cost_dists: tuple[Triangular, ...]


def _model(
    catalogue: Catalogue,
    profile: Profile,
    evaluation: RuleEvaluation,
    rec: Recommendation,
    instance: Instance,
) -> _Uncertain:
    effects: list[EffectRange] = []
    dists: list[Triangular] = []

    def add(mid: str, problem: str, point: float, in_place: bool) -> None:
        m = catalogue.measures[mid]
        dist, basis = effect_distribution(m, problem, point, evaluation, coverage(m, profile))
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
                grade=effect.grade,
                estimate=effect.estimate,
            )
        )
        dists.append(dist)

    for c in sorted(rec.candidates, key=lambda c: c.id):
        for p in sorted(c.effects):
            add(c.id, p, c.effects[p], False)
    for mid in sorted(instance.in_place):
        for p, e in instance.in_place[mid].items():
            add(mid, p, e, True)

    cost_keys: list[tuple[str, str]] = []
    cost_dists: list[Triangular] = []
    for c in sorted(rec.candidates, key=lambda c: c.id):
        cost = catalogue.measures[c.id].cost
        for kind, figure in (
            ("quantity", cost.quantity),
            ("one_off", cost.one_off),
            ("yearly", cost.yearly),
            ("hours", cost.hours_per_year),
        ):
            dist = cost_distribution(figure)
            if dist is not None:
                cost_keys.append((c.id, kind))
                cost_dists.append(dist)
    return _Uncertain(tuple(effects), tuple(dists), tuple(cost_keys), tuple(cost_dists))


@dataclass(frozen=True)
class _Draw:
    """One sample: the evidence effects of candidates and in-place measures, and the costs."""

    effects: dict[str, dict[str, float]]
    in_place: dict[str, dict[str, float]]
    one_off: dict[str, float]
    yearly: dict[str, float]
    factors: dict[str, dict[str, float]]
    """candidate id -> one_off, yearly, hours -> factor on the point cost."""
    values: tuple[float, ...]
    """The effect values in the order of ``_Uncertain.effects``."""


def _draw(model: _Uncertain, by_id: Mapping[str, CandidateMeasure], rng: random.Random) -> _Draw:
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
    for mid, c in by_id.items():
        g = factors.get(mid)
        one_off[mid] = c.one_off_cost if g is None else round(c.one_off_cost * g["one_off"], 2)
        yearly[mid] = c.yearly_cost if g is None else round(c.yearly_cost * g["yearly"], 2)
    return _Draw(effects, in_place, one_off, yearly, factors, values)


# --------------------------------------------------------------------------- per sample


def _sample_compiled(
    template: Compiled,
    instance: Instance,
    by_id: Mapping[str, CandidateMeasure],
    draw: _Draw,
    caps: Sequence[tuple[int, str, float]],
) -> Compiled:
    """The template (compiled once, without caps) with this sample's effects, costs and caps."""
    problems = sorted(p for p, w in instance.weights.items() if w > 0.0)
    pindex = {p: k for k, p in enumerate(problems)}
    base = [1.0] * len(problems)
    for m in sorted(draw.in_place):
        for p, e in sorted(draw.in_place[m].items()):
            if p in pindex:
                base[pindex[p]] *= 1.0 - e
    baseline = 0.0
    for wp, s in zip(template.weights, base, strict=True):
        baseline += wp * (1.0 - s)
    eff = []
    for oid in template.ids:
        prio = by_id[oid].priority
        row = []
        for p, e in sorted(draw.effects.get(oid, {}).items()):
            if p in pindex and by_id[oid].effects[p] > 0.0:
                v = e * prio
                row.append((pindex[p], v, 1.0 - v))
        eff.append(tuple(row))
    one_off = tuple(draw.one_off[i] for i in template.ids)
    yearly = tuple(draw.yearly[i] for i in template.ids)
    hcost = tuple(o + template.horizon * y for o, y in zip(one_off, yearly, strict=True))
    by_kind = {ONE_OFF: one_off, YEARLY: yearly, HORIZON: hcost}
    out_caps: list[Cap] = []
    for kind, name, limit in caps:
        if kind != LIMIT:
            out_caps.append(Cap(kind, name, limit, by_kind[kind]))
            continue
        costs = tuple(_resource(by_id[i], name, draw) for i in template.ids)
        total = 0.0
        for c in costs:
            total += c
        if total > limit + TOL:
            out_caps.append(Cap(LIMIT, name, limit, costs))
    return replace(
        template,
        one_off=one_off,
        yearly=yearly,
        hcost=hcost,
        eff=tuple(eff),
        base=tuple(base),
        baseline=baseline,
        caps=tuple(out_caps),
    )


def _resource(c: CandidateMeasure, name: str, draw: _Draw) -> float:
    from .recommend import option_resources

    amount = option_resources(c).get(name, 0.0)
    f = draw.factors.get(c.id)
    if f is None or amount == 0.0:
        return amount
    return amount * f[name.rsplit(".", 1)[1]]


def _caps(instance: Instance, rec: Recommendation) -> list[tuple[int, str, float]]:
    """The budgets every sample is solved under; without any, the recommended package's cost."""
    caps: list[tuple[int, str, float]] = []
    if instance.budget_one_off is not None:
        caps.append((ONE_OFF, "one_off", instance.budget_one_off))
    if instance.budget_yearly is not None:
        caps.append((YEARLY, "yearly", instance.budget_yearly))
    caps.extend((LIMIT, name, limit) for name, limit in sorted(instance.limits.items()))
    if not caps:
        caps.append((HORIZON, "horizon", rec.recommended.horizon_cost))
    return caps


def _mask(template: Compiled, ids: Sequence[str]) -> int | None:
    index = {oid: i for i, oid in enumerate(template.ids)}
    mask = 0
    for oid in ids:
        if oid not in index:
            return None
        mask |= 1 << index[oid]
    return mask


def _members(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


# --------------------------------------------------------------------------- evaluation


def _benefit(comp: Compiled, ids: Sequence[str]) -> float:
    """Benefit of a package in one sample, computed as the optimiser does (canonical order)."""
    index = {oid: i for i, oid in enumerate(comp.ids)}
    return benefit_of(comp, survival(comp, sorted(index[i] for i in ids if i in index)))


def _incidents(
    profile: Profile, instance: Instance, draw: _Draw, ids: Sequence[str]
) -> dict[str, float]:
    """Expected incidents a year after the package in one sample (as ``_package`` computes)."""
    in_place = [draw.in_place.get(m, {}) for m in sorted(instance.in_place)]
    chosen = [draw.effects.get(mid, {}) for mid in ids]
    total = combined_reduction([*in_place, *chosen], instance.weights)
    now = combined_reduction(in_place, instance.weights)
    out: dict[str, float] = {}
    for p in profile.problems:
        if p.incidents_per_year is None:
            continue
        survive_now = 1.0 - now[p.type]
        added = max(0.0, 1 - (1 - total[p.type]) / survive_now) if survive_now > 0 else 0.0
        out[p.type] = round(p.incidents_per_year * (1 - added), 2)
    return out


def _horizon(instance: Instance, draw: _Draw, ids: Sequence[str]) -> float:
    one_off = 0.0
    yearly = 0.0
    for mid in sorted(ids):
        one_off += draw.one_off[mid]
        yearly += draw.yearly[mid]
    return one_off + instance.horizon_years * yearly


@dataclass(frozen=True)
class _Run:
    draws: tuple[_Draw, ...]
    comps: tuple[Compiled, ...]
    best: tuple[tuple[str, ...], ...]
    unproved: int


def _run(
    instance: Instance,
    rec: Recommendation,
    model: _Uncertain,
    samples: int,
    seed: int,
    max_nodes: int,
) -> _Run:
    by_id = {c.id: c for c in rec.candidates}
    template = compile_instance(
        instance, budget_one_off=None, budget_yearly=None, max_horizon_cost=None, limits=None
    )
    caps = _caps(instance, rec)
    starts = [rec.recommended.measures, *(p.measures for p in rec.alternatives)]
    start_masks = [m for m in (_mask(template, [x.id for x in s]) for s in starts) if m]
    rng = random.Random(seed)
    draws: list[_Draw] = []
    comps: list[Compiled] = []
    best: list[tuple[str, ...]] = []
    unproved = 0
    for _ in range(samples):
        draw = _draw(model, by_id, rng)
        comp = _sample_compiled(template, instance, by_id, draw, caps)
        # the point packages as starts where they fit this sample's costs (the answer does
        # not depend on the starts; optima of earlier samples were tried and saved nothing)
        start = [m for m in start_masks if within_caps(comp, _members(m))]
        result = branch_and_bound(comp, start=start, time_limit_s=math.inf, max_nodes=max_nodes)
        if not result.optimal:
            unproved += 1
        draws.append(draw)
        comps.append(comp)
        best.append(tuple(comp.ids[i] for i in _members(result.mask)))
    return _Run(tuple(draws), tuple(comps), tuple(best), unproved)


def _within_budget(instance: Instance, rec: Recommendation, ids: Sequence[str]) -> bool:
    """Whether a package keeps the budgets at the point costs (no budget: the recommended's
    horizon cost)."""
    by_id = {c.id: c for c in rec.candidates}
    chosen = [by_id[i] for i in sorted(ids)]
    one_off = sum((c.one_off_cost for c in chosen), 0.0)
    yearly = sum((c.yearly_cost for c in chosen), 0.0)
    if instance.budget_one_off is not None and one_off > instance.budget_one_off + TOL:
        return False
    if instance.budget_yearly is not None and yearly > instance.budget_yearly + TOL:
        return False
    from .recommend import option_resources

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
    rec: Recommendation,
    model: _Uncertain,
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
    side_nl = "laag" if corr < 0 else "hoog"
    side_en = "low" if corr < 0 else "high"
    rng_nl = f"{_pct(er.low)}-{_pct(er.high)}"
    text = Text(
        nl=(
            f"Het verschil komt vooral van het effect van {name.nl} op {er.problem} "
            f"(bereik {rng_nl}, verwacht {_pct(er.point)}): valt dat {side_nl} uit, dan doet "
            f"het robuuste pakket het beter (correlatie {corr:.2f})."
        ),
        en=(
            f"The difference comes mostly from the effect of {name.en} on {er.problem} "
            f"(range {rng_nl}, expected {_pct(er.point)}): where it turns out {side_en}, the "
            f"robust package does better (correlation {corr:.2f})."
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
    rec: Recommendation, model: _Uncertain, run: _Run
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
        change = _describe(if_high, if_low)
        text = Text(
            nl=(
                f"Een lokale meting van het effect van {name.nl} op {er.problem} (nu "
                f"{_pct(er.low)}-{_pct(er.high)}) zou de keuze beslechten: in de lage helft is "
                f"het ene pakket het vaakst het beste ({_pct(low_share)}), in de hoge helft het "
                f"andere ({_pct(high_share)}; verschil: {change})."
            ),
            en=(
                f"A local measurement of the effect of {name.en} on {er.problem} (now "
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
    model = _model(catalogue, profile, evaluation, rec, instance)
    run = _run(instance, rec, model, samples, seed, max_nodes)
    by_id = {c.id: c for c in rec.candidates}

    best_count: dict[tuple[str, ...], int] = {}
    for ids in run.best:
        best_count[ids] = best_count.get(ids, 0) + 1

    def benefits(ids: Sequence[str]) -> list[float]:
        return [_benefit(comp, ids) for comp in run.comps]

    def ranged(pkg: Package, values: Sequence[float] | None = None) -> Package:
        ids = tuple(sorted(m.id for m in pkg.measures))
        vals = benefits(ids) if values is None else values
        per_problem: dict[str, list[float]] = {}
        for d in run.draws:
            for p, v in _incidents(profile, instance, d, ids).items():
                per_problem.setdefault(p, []).append(v)
        return pkg.model_copy(
            update={
                "benefit_range": _range(vals, 6),
                "incidents_range": {p: _range(v, 2) for p, v in per_problem.items()},
                "horizon_cost_range": _range([_horizon(instance, d, ids) for d in run.draws], 2),
                "best_share": round(best_count.get(ids, 0) / samples, 4),
            }
        )

    # the robust package: highest 10th percentile of benefit among the packages met
    rec_ids = tuple(sorted(m.id for m in rec.recommended.measures))
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
    if any(s[3] == rec_ids for s in near):
        robust_ids = rec_ids  # the recommended package holds up as well as any: keep it
    else:
        cheapest = min(s[2] for s in near)
        robust_ids = min(
            (s[3] for s in near if s[2] <= cheapest + TOL * max(1.0, cheapest)),
        )
    values = {s[3]: s[4] for s in scored}

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
        driver = _driver(rec, model, run, diff, changed)

    in_best = {
        c.id: round(sum(1 for ids in run.best if c.id in ids) / samples, 4) for c in rec.candidates
    }
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
        value_of_information=_value_of_information(rec, model, run),
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


def _robust_package(
    rec: Recommendation, instance: Instance, profile: Profile, ids: tuple[str, ...]
) -> Package:
    """The robust package dressed as the others are (costs, reductions, incidents)."""
    from .packages import optimise
    from .recommend import _package

    # the package's own Solution: optimise an instance that allows exactly these options
    only = replace(
        instance,
        options=tuple(o for o in instance.options if o.id in ids),
        budget_one_off=None,
        budget_yearly=None,
        limits={},
    )
    solution = optimise(only, time_limit_s=30.0)
    by_id = {c.id: c for c in rec.candidates}
    note = Text(
        nl="Het pakket dat het best standhoudt als de effecten tegenvallen (10e percentiel).",
        en="The package that holds up best when the effects disappoint (10th percentile).",
    )
    return _package("robust", solution, instance, profile, by_id, note)


def _ids(pkg: Package) -> str:
    return ", ".join(sorted(m.id for m in pkg.measures)) or "-"


def render_uncertainty(rec: Recommendation, lang: Lang, *, markdown: bool = False) -> str:
    """The Monte Carlo's findings as text: ranges, the robust package, value of information."""
    u = rec.uncertainty
    if u is None:
        return ""
    nl = lang == "nl"
    h = "## " if markdown else ""
    out = [
        f"{h}{'Onzekerheid' if nl else 'Uncertainty'} "
        f"({u.samples} {'steekproeven' if nl else 'samples'}, seed {u.seed}, "
        f"{'10e-90e percentiel' if nl else '10th-90th percentile'})\n",
    ]
    for pkg in (rec.recommended, *rec.alternatives, u.robust):
        r = pkg.benefit_range
        if r is None:
            continue
        share = f"{_pct(pkg.best_share or 0.0)}"
        out.append(
            f"- {pkg.label}: {'baat' if nl else 'benefit'} {pkg.benefit:.2f} "
            f"({r.low:.2f}-{r.high:.2f}); {'het beste in' if nl else 'best in'} {share}"
        )
        for p, n in pkg.expected_incidents.items():
            ir = (pkg.incidents_range or {}).get(p)
            if ir is not None:
                per = "per jaar" if nl else "a year"
                out.append(f"  - {p}: {n:g} ({ir.low:g}-{ir.high:g} {per})")
    out.append("")
    out.append(u.criterion_text.get(lang))
    if u.robust_is_recommended:
        out.append(
            "Het aanbevolen pakket is ook het robuuste."
            if nl
            else "The recommended package is also the robust one."
        )
    else:
        out.append(f"{'Robuust' if nl else 'Robust'}: {_ids(u.robust)}")
        if u.driver is not None:
            out.append(u.driver.text.get(lang))
    for v in u.value_of_information:
        out.append(f"- {v.text.get(lang)}")
    if u.unproved_samples:
        out.append(
            f"{u.unproved_samples} "
            + (
                "steekproeven niet bewezen optimaal (knooppuntgrens)."
                if nl
                else "samples not proved optimal (node limit)."
            )
        )
    shares = sorted(
        (c for c in rec.candidates if c.in_best_share is not None),
        key=lambda c: (-(c.in_best_share or 0.0), c.id),
    )
    out.append("")
    out.append(f"{'Aandeel in het beste pakket' if nl else 'Share in the best package'}:")
    out.extend(f"- {c.id}: {_pct(c.in_best_share or 0.0)}" for c in shares)
    return "\n".join(out) + "\n"
