"""Uncertainty: effect ranges, the Monte Carlo over the package choice and the robust package."""

from __future__ import annotations

import json
import math
import random
from dataclasses import replace

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from kvo_rules import Engine
from kvo_rules.advice import sampling as S
from kvo_rules.advice import uncertainty as U
from kvo_rules.advice.budgets import options_by_id
from kvo_rules.advice.candidates import build_candidates
from kvo_rules.advice.recommend import build_instance, build_recommendation, option_resources
from kvo_rules.advice.results import Recommendation
from kvo_rules.cli import main
from kvo_rules.core.model import Effect
from kvo_rules.packages import Instance, optimise

from .conftest import EXAMPLES

BUDGETED = "shopping_area_theft"
"""An example with a budget and several packages that win in some samples."""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _parts(engine: Engine, name: str):  # type: ignore[no-untyped-def]
    profile = engine.load_profile(EXAMPLES / f"{name}.yaml")
    evaluation = engine._evaluation(engine._fired(profile))
    cands = build_candidates(engine.catalogue, profile, evaluation)
    instance = build_instance(engine.catalogue, profile, evaluation, cands)
    rec = build_recommendation(engine.catalogue, profile, evaluation, cands)
    return profile, evaluation, cands, instance, rec


# --------------------------------------------------------------------------- the sampler


def _ks_statistic(values: list[float], cdf) -> float:  # type: ignore[no-untyped-def]
    """Kolmogorov-Smirnov distance between the empirical distribution and ``cdf``."""
    xs = sorted(values)
    n = len(xs)
    d = 0.0
    for i, x in enumerate(xs):
        f = cdf(x)
        d = max(d, (i + 1) / n - f, f - i / n)
    return d


@pytest.mark.parametrize(
    "dist",
    [
        S.Triangular(0.1, 0.2, 0.3),  # symmetric: a grade-based range
        S.Triangular(0.0, 0.05, 0.4),  # skewed
        S.Triangular(0.12, 0.3, 0.3),  # the mode at the top: capped at 90% of coverage
        S.Triangular(0.08, 0.21, 0.32),  # a catalogue interval
    ],
)
def test_sampler_matches_the_documented_triangular_cdf(dist: S.Triangular) -> None:
    """KS test at the 1% level (critical value 1.63 / sqrt(n)), with a fixed seed."""
    rng = random.Random(2024)
    n = 5000
    values = [dist.ppf(rng.random()) for _ in range(n)]
    assert _ks_statistic(values, dist.cdf) < 1.63 / math.sqrt(n)
    assert abs(sum(values) / n - dist.mean) < 0.01
    assert all(dist.low <= v <= dist.high for v in values)


def test_samples_of_a_real_effect_follow_its_stated_distribution(engine: Engine) -> None:
    """The sampler as the Monte Carlo uses it: each effect's draws fit its EffectRange."""
    profile, evaluation, _c, instance, rec = _parts(engine, BUDGETED)
    model = S.build_model(engine.catalogue, profile, evaluation, rec, instance)
    by_id = {c.id: c for c in rec.candidates}
    rng = random.Random(5)
    draws = [S.draw_sample(model, by_id, rng) for _ in range(2000)]
    for k in (0, len(model.effects) // 2, len(model.effects) - 1):
        er = model.effects[k]
        dist = S.Triangular(er.low, er.mode, er.high)
        values = [d.values[k] for d in draws]
        assert _ks_statistic(values, dist.cdf) < 1.63 / math.sqrt(len(values))


def test_samples_of_a_real_cost_follow_its_stated_distribution(engine: Engine) -> None:
    """Cost factors as the Monte Carlo draws them fit the catalogue's low/high triangle."""
    profile, evaluation, _c, instance, rec = _parts(engine, BUDGETED)
    model = S.build_model(engine.catalogue, profile, evaluation, rec, instance)
    once = [
        (k, mid, kind)
        for k, (mid, kind) in enumerate(model.cost_keys)
        if kind in ("one_off", "yearly") and [m for m, _ in model.cost_keys].count(mid) == 1
    ]
    assert len(once) >= 2
    by_id = {c.id: c for c in rec.candidates}
    rng = random.Random(8)
    draws = [S.draw_sample(model, by_id, rng) for _ in range(2000)]
    for k, mid, kind in (once[0], once[-1]):
        dist = model.cost_dists[k]
        assert dist.low < dist.high and dist.mode == 1.0
        values = [d.factors[mid][kind] for d in draws]
        assert _ks_statistic(values, dist.cdf) < 1.63 / math.sqrt(len(values))
        point = by_id[mid].one_off_cost if kind == "one_off" else by_id[mid].yearly_cost
        drawn = [d.one_off[mid] if kind == "one_off" else d.yearly[mid] for d in draws]
        assert min(drawn) >= round(point * dist.low, 2) - 0.01
        assert max(drawn) <= round(point * dist.high, 2) + 0.01


def test_grade_ranges_widen_from_strong_to_practice_and_keep_the_point_as_mean() -> None:
    spreads = [S.SPREAD[g] for g in ("strong", "moderate", "weak", "practice")]  # type: ignore[index]
    assert spreads == sorted(spreads) and spreads[0] > 0
    dist = S.Triangular(0.2 * (1 - 0.4), 0.2, 0.2 * (1 + 0.4))
    assert dist.mean == pytest.approx(0.2)


def test_triangular_cdf_and_ppf_are_inverse() -> None:
    dist = S.Triangular(0.0, 0.1, 0.5)
    for u in (0.0, 0.05, 0.2, 0.5, 0.9, 0.999):
        assert dist.cdf(dist.ppf(u)) == pytest.approx(u)
    assert S.Triangular(0.3, 0.3, 0.3).ppf(0.7) == 0.3


def test_percentile_interpolates_linearly() -> None:
    assert S.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 10) == pytest.approx(1.4)
    assert S.percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert S.percentile([7.0], 90) == 7.0


def test_effect_interval_in_the_catalogue_is_checked() -> None:
    Effect(problem="xx", reduction=0.2, low=0.1, high=0.3, grade="strong", source="E1")  # type: ignore[arg-type]
    for low, high in ((0.25, 0.3), (0.1, 0.15), (0.1, None)):
        with pytest.raises(ValidationError):
            Effect(problem="xx", reduction=0.2, low=low, high=high, grade="strong", source="E1")  # type: ignore[arg-type]


def test_the_catalogue_interval_is_used_where_given(engine: Engine) -> None:
    m = engine.catalogue.measures["street_lighting"]
    effect = next(e for e in m.effects if e.problem == "burglary_business")
    assert effect.low is not None and effect.high is not None
    dist, basis = S.effect_distribution(m, "burglary_business", 0.21, engine._evaluation(()), 1.0)
    assert basis == "catalogue"
    assert (dist.low, dist.mode, dist.high) == (effect.low, 0.21, effect.high)


# --------------------------------------------------------------------------- the Monte Carlo


def _zero_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        S,
        "effect_distribution",
        lambda m, p, point, ev, share: (S.Triangular(point, point, point), "grade"),
    )
    monkeypatch.setattr(S, "cost_distribution", lambda figure: None)


@pytest.mark.parametrize("name", ["shopping_area_theft", "business_park_undermining_cyber"])
def test_zero_width_ranges_collapse_to_the_point(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """No uncertainty: every range is the point, the robust package is the recommended one."""
    _zero_width(monkeypatch)
    profile, evaluation, _c, instance, rec = _parts(engine, name)
    out = U.uncertain_recommendation(
        engine.catalogue, profile, evaluation, rec, instance, samples=30, seed=3
    )
    u = out.uncertainty
    assert u is not None and u.robust_is_recommended
    assert {m.id for m in u.robust.measures} == {m.id for m in rec.recommended.measures}
    assert u.value_of_information == () and u.driver is None and u.unproved_samples == 0
    for pkg in (out.recommended, *out.alternatives):
        r = pkg.benefit_range
        assert r is not None and r.low == r.median == r.high == pkg.benefit
        assert pkg.incidents_range is not None
        for p, n in pkg.expected_incidents.items():
            ir = pkg.incidents_range[p]
            assert ir.low == ir.median == ir.high == n
        assert pkg.reduction_range is not None
        for p, r in pkg.added_reduction.items():
            rr = pkg.reduction_range[p]
            assert rr.low == rr.median == rr.high == pytest.approx(r, abs=1e-6)
        hr = pkg.horizon_cost_range
        assert hr is not None and hr.low == hr.high == pkg.horizon_cost
    assert out.recommended.best_share == 1.0
    chosen = {m.id for m in rec.recommended.measures}
    for c in out.candidates:
        assert c.in_best_share == (1.0 if c.id in chosen else 0.0)


def _stronger(rec: Recommendation, instance: Instance, mid: str, factor: float):  # type: ignore[no-untyped-def]
    cands = []
    for c in rec.candidates:
        if c.id == mid:
            cap = round(0.9 * c.coverage, 6)
            c = c.model_copy(
                update={
                    "effects": {p: min(cap, round(e * factor, 6)) for p, e in c.effects.items()}
                }
            )
        cands.append(c)
    by_id = {c.id: c for c in cands}
    options = tuple(
        replace(o, effects={p: e * by_id[o.id].priority for p, e in by_id[o.id].effects.items()})
        if o.id == mid
        else o
        for o in instance.options
    )
    return rec.model_copy(update={"candidates": tuple(cands)}), replace(instance, options=options)


def test_shares_are_monotone_under_a_stronger_effect(engine: Engine) -> None:
    """Same seed, one measure's effect stronger: it is in the best package at least as often."""
    profile, evaluation, _c, instance, rec = _parts(engine, BUDGETED)
    base = U.uncertain_recommendation(
        engine.catalogue, profile, evaluation, rec, instance, samples=120, seed=11
    )
    shares = {c.id: c.in_best_share for c in base.candidates}
    wavering = sorted(mid for mid, s in shares.items() if s is not None and 0.0 < s < 1.0)
    assert wavering, "the example should have measures that are best in some samples only"
    for mid in wavering[:3]:
        previous = shares[mid]
        for factor in (1.2, 1.5):
            rec2, instance2 = _stronger(rec, instance, mid, factor)
            out = U.uncertain_recommendation(
                engine.catalogue, profile, evaluation, rec2, instance2, samples=120, seed=11
            )
            share = next(c.in_best_share for c in out.candidates if c.id == mid)
            assert share is not None and previous is not None and share >= previous
            previous = share


def test_each_sample_is_solved_exactly_as_optimise_would(engine: Engine) -> None:
    """The compiled-once fast path gives optimise's answer on the sampled instance."""
    profile, evaluation, _c, instance, rec = _parts(engine, BUDGETED)
    model = S.build_model(engine.catalogue, profile, evaluation, rec, instance)
    by_id = options_by_id(rec)  # candidates and first phases by optimiser id
    run = U._run(instance, rec, model, 15, 4, U.SAMPLE_MAX_NODES)
    for draw, best in zip(run.draws, run.best, strict=True):
        options = []
        for o in instance.options:
            c = by_id[o.id]
            resources = {k: S.resource_in(c, k, draw) for k in option_resources(c)}
            effects = {p: e * c.priority for p, e in draw.effects.get(o.id, {}).items()}
            options.append(
                replace(
                    o,
                    one_off=draw.one_off[o.id],
                    yearly=draw.yearly[o.id],
                    effects=effects,
                    resources=resources,
                )
            )
        in_place = {m: draw.in_place.get(m, {}) for m in instance.in_place}
        sampled = replace(instance, options=tuple(options), in_place=in_place)
        assert optimise(sampled).ids == best


def test_robust_package_keeps_the_budget_and_names_its_criterion(engine: Engine) -> None:
    rec = engine.recommend(engine.load_profile(EXAMPLES / f"{BUDGETED}.yaml"), samples=60)
    u = rec.uncertainty
    assert u is not None and u.criterion == "p10_benefit" and "10" in u.criterion_text.en
    assert u.robust.label == "robust"
    assert rec.budget_one_off is not None and u.robust.one_off_cost <= rec.budget_one_off
    assert u.robust.benefit_range is not None and rec.recommended.benefit_range is not None
    assert u.robust.benefit_range.low >= rec.recommended.benefit_range.low - 1e-6
    for c in rec.candidates:
        assert c.in_best_share is not None and 0.0 <= c.in_best_share <= 1.0


def _cost_uncertain(engine: Engine, mid: str) -> bool:
    cost = engine.catalogue.measures[mid].cost
    figures = (cost.one_off, cost.yearly, cost.quantity)  # hours are not euros
    return any(S.cost_distribution(f) is not None for f in figures)


def test_cost_ranges_of_the_catalogue_widen_the_horizon_cost(engine: Engine) -> None:
    """A cost with low/high is drawn around its amount; packages without one keep their cost."""
    profile, evaluation, _c, instance, rec = _parts(engine, "business_park_dark")
    figure = engine.catalogue.measures["cctv_public_monitored"].cost.yearly
    assert figure is not None and figure.low is not None and figure.high is not None
    dist = S.cost_distribution(figure)
    assert dist is not None and dist.mode == 1.0
    assert (dist.low, dist.high) == (figure.low / figure.amount, figure.high / figure.amount)
    out = U.uncertain_recommendation(
        engine.catalogue, profile, evaluation, rec, instance, samples=200, seed=5
    )
    packages = (out.recommended, *out.alternatives)
    priced = [p for p in packages if any(_cost_uncertain(engine, m.id) for m in p.measures)]
    fixed = [p for p in packages if p not in priced]
    assert priced, "some package should contain a measure with a cost range"
    for pkg in priced:
        hr = pkg.horizon_cost_range
        assert hr is not None and hr.low < pkg.horizon_cost < hr.high
    for pkg in fixed:
        hr = pkg.horizon_cost_range
        assert hr is not None and hr.low == hr.high == pkg.horizon_cost


# --------------------------------------------------------------------------- the command line


def _json(*args: str) -> str:
    result = CliRunner().invoke(main, ["recommend", *args, "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_is_byte_identical_for_the_same_seed() -> None:
    path = str(EXAMPLES / f"{BUDGETED}.yaml")
    first = _json(path, "--samples", "40", "--seed", "9")
    assert first == _json(path, "--samples", "40", "--seed", "9")
    data = json.loads(first)
    assert data["uncertainty"]["samples"] == 40 and data["uncertainty"]["seed"] == 9
    assert set(data["recommended"]["benefit_range"]) == {"low", "median", "high"}
    assert "in_best_share" in data["candidates"][0]
    assert first != _json(path, "--samples", "40", "--seed", "10")


def test_without_samples_the_json_has_no_uncertainty_fields() -> None:
    data = _json(str(EXAMPLES / f"{BUDGETED}.yaml"))
    assert "uncertainty" not in data and "benefit_range" not in data
    assert "in_best_share" not in data


@pytest.mark.parametrize("bad", ["0", "-5", "many"])
def test_bad_sample_counts_are_usage_errors(bad: str) -> None:
    result = CliRunner().invoke(
        main, ["recommend", str(EXAMPLES / f"{BUDGETED}.yaml"), "--samples", bad]
    )
    assert result.exit_code == 2
    assert "--samples" in result.output and "Traceback" not in result.output


def test_text_output_shows_ranges_and_the_robust_package() -> None:
    result = CliRunner().invoke(
        main, ["recommend", str(EXAMPLES / f"{BUDGETED}.yaml"), "--samples", "30", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "Uncertainty (30 samples" in result.output
    assert "Robust package" in result.output and "Share in the best package" in result.output


def test_library_rejects_bad_sample_counts(engine: Engine) -> None:
    profile, evaluation, _c, instance, rec = _parts(engine, BUDGETED)
    for bad in (0, -1):
        with pytest.raises(ValueError, match="samples"):
            U.uncertain_recommendation(
                engine.catalogue, profile, evaluation, rec, instance, samples=bad
            )
