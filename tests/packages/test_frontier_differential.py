"""The frontier from one bi-objective search against the former walk of exact optimisations.

``reference_frontier`` keeps the former way (one exact optimisation per descending horizon
cost cap); ``frontier`` must give the very same points: ids, benefits, costs, reductions,
resources and proof status, in the same order (only the node counts differ). The tied
instances of the basic-package test make exact ties on purpose (round costs, free and
useless measures, equal effects, requires and excludes); the spread instances are shaped like
the benchmark's (costs over three decades, hundreds of frontier points at 40 options).
"""

from __future__ import annotations

import random

import pytest

from kvo_rules.packages import Instance, Option, Solution
from kvo_rules.packages.optimiser import frontier, reference_frontier

from .test_basic_differential import tied_instance

N_TIED = 240


def spread_instance(rng: random.Random, n: int) -> Instance:
    """n options over about 10 problems, one-off costs log-uniform over three decades."""
    problems = [f"p{k:02d}" for k in range(10)]
    ids = [f"m{k:03d}" for k in range(n)]
    options: list[Option] = []
    for k, oid in enumerate(ids):
        effects = {p: round(rng.uniform(0.05, 0.5), 2) for p in rng.sample(problems, 3)}
        one_off = float(round(10 ** rng.uniform(2.7, 5.7), -1))
        yearly = float(round(one_off * rng.choice([0.0, 0.02, 0.05, 0.1, 0.2]), -1))
        requires: tuple[tuple[str, ...], ...] = ()
        if k > 2 and rng.random() < 0.1:
            requires = (tuple(rng.sample(ids[:k], 2)),)
        excludes = frozenset({rng.choice(ids[:k])}) if k and rng.random() < 0.08 else frozenset()
        options.append(Option(oid, one_off, yearly, effects, requires, excludes))
    return Instance(
        options=tuple(options),
        weights={p: round(rng.uniform(0.5, 5.0), 2) for p in problems},
        in_place={"existing": {rng.choice(problems): 0.2}} if rng.random() < 0.5 else {},
    )


def _key(sol: Solution) -> object:
    return (
        (sol.ids, sol.benefit, sol.added_benefit, sol.baseline),
        (sol.one_off, sol.yearly, sol.horizon_cost, dict(sol.resources)),
        (sol.optimal, sol.gap, sol.upper_bound, dict(sol.reduction)),
    )


def assert_same_frontier(instance: Instance) -> list[Solution]:
    got = frontier(instance, time_limit_s=600.0)
    want = reference_frontier(instance, time_limit_s=600.0)
    assert [_key(p) for p in got] == [_key(p) for p in want], instance
    assert all(p.optimal for p in got)
    return got


@pytest.mark.parametrize("chunk", range(8))
def test_frontier_is_the_walks_on_tied_instances(chunk: int) -> None:
    rng = random.Random(1818_00 + chunk)
    useless = 0
    for _ in range(N_TIED // 8):
        instance = tied_instance(rng, (3, 14))
        assert_same_frontier(instance)
        useless += any(w == 0.0 for w in instance.weights.values())
    assert useless >= 3  # measures without effect on a weighted problem are among them


def test_frontier_is_the_walks_on_larger_tied_instances() -> None:
    rng = random.Random(1819)
    for _ in range(12):
        assert_same_frontier(tied_instance(rng, (18, 24)))


@pytest.mark.parametrize("n", [25, 28, 32])
def test_frontier_is_the_walks_on_spread_instances(n: int) -> None:
    points = assert_same_frontier(spread_instance(random.Random(n), n))
    assert len(points) >= 50


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_frontier_is_the_walks_at_forty_options(seed: int) -> None:
    points = assert_same_frontier(spread_instance(random.Random(seed), 40))
    assert len(points) >= 200


def test_a_cut_frontier_reports_its_gap() -> None:
    instance = spread_instance(random.Random(5), 30)
    full = reference_frontier(instance, time_limit_s=600.0)
    cut = frontier(instance, time_limit_s=0.0)
    assert cut[0].ids == () and not any(p.optimal for p in cut)
    costs = [p.horizon_cost for p in cut]
    assert costs == sorted(costs) and len(set(costs)) == len(costs)
    for p in cut:
        assert p.upper_bound >= p.benefit and p.gap == pytest.approx(p.upper_bound - p.benefit)
        # no package at or below this point's cost beats its upper bound
        best = max(q.benefit for q in full if q.horizon_cost <= p.horizon_cost + 1e-9)
        assert p.upper_bound >= best - 1e-9
