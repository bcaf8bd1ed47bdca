"""The knee found as one Lagrangian optimisation equals the knee of the enumerated frontier.

The expected knee always comes from ``reference`` (every package enumerated, the frontier and
the knee applied as docs/model.md defines them), never from the optimiser's own frontier
walk, which ``knee_solution`` itself falls back to when no package lies above the chord.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, event, given, settings

from kvo_rules.packages import Instance, Option, Solution, frontier, knee, lagrange
from kvo_rules.packages.lagrange import knee_solution

from . import reference
from .strategies import instances


def reference_knee(instance: Instance) -> tuple[float, float, bool]:
    """(horizon cost, benefit) of the reference knee, and whether a point lies above the chord.

    Only when one does is the knee a Lagrangian optimum (lagrange's module docstring).
    """
    points = reference.frontier_points(instance)
    cost = reference.knee_cost(points)
    benefit = next(b for c, b in points if c == cost)
    (c0, b0), (c1, b1) = points[0], points[-1]
    above = (
        len(points) >= 3
        and c1 - c0 > reference.TOL
        and b1 - b0 > reference.TOL
        and max((b - b0) / (b1 - b0) - (c - c0) / (c1 - c0) for c, b in points) > 1e-12
    )
    return cost, benefit, above


def assert_same_knee(got: Solution, cost: float, benefit: float) -> None:
    assert got.optimal
    assert reference.cost_equal(got.horizon_cost, cost), (got.horizon_cost, cost)
    assert got.benefit == pytest.approx(benefit, abs=1e-9)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_options=9, budgets=False))
def test_lagrangian_knee_equals_the_reference_knee(instance: Instance) -> None:
    cost, benefit, above = reference_knee(instance)
    event("a point above the chord" if above else "no point above the chord")
    assert_same_knee(knee_solution(instance), cost, benefit)


def spread_instance(rng: random.Random) -> Instance:
    """6-10 useful options with costs over two decades: frontiers that bend."""
    problems = [f"p{k}" for k in range(rng.randint(2, 5))]
    options = tuple(
        Option(
            f"m{k}",
            float(round(10 ** rng.uniform(2.0, 4.0))),
            rng.choice([0.0, 0.0, float(rng.randint(10, 300))]),
            {p: round(rng.uniform(0.05, 0.6), 2) for p in rng.sample(problems, rng.randint(1, 2))},
        )
        for k in range(rng.randint(6, 10))
    )
    return Instance(
        options=options,
        weights={p: round(rng.uniform(0.5, 5.0), 2) for p in problems},
        horizon_years=3,
        # budgets and limits are ignored by the knee: they must not change it
        budget_one_off=rng.choice([None, 100.0]),
        limits=rng.choice([{}, {"city": 0.0}]),
    )


def test_lagrangian_knee_is_found_without_the_frontier_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On 60 seeded bending frontiers the Lagrangian answers (at most 10 % fall back)."""
    walks: list[Instance] = []

    def counting_frontier(instance: Instance, *, time_limit_s: float = 10.0) -> list[Solution]:
        walks.append(instance)
        return frontier(instance, time_limit_s=time_limit_s)

    monkeypatch.setattr(lagrange, "frontier", counting_frontier)
    rng = random.Random(7)
    above = 0
    n = 60
    for _ in range(n):
        instance = spread_instance(rng)
        cost, benefit, bends = reference_knee(instance)
        above += bends
        before = len(walks)
        assert_same_knee(knee_solution(instance), cost, benefit)
        if bends:
            assert len(walks) == before, "fell back to the frontier walk"
    assert above >= 0.9 * n, above
    assert len(walks) <= 0.1 * n, len(walks)


def test_knee_of_a_small_worked_example() -> None:
    # cheap and good, middling, dear and a little better: the knee takes cheap + mid
    # (distances above the chord: cheap 0.685, cheap+mid 0.804, all three 0)
    instance = Instance(
        options=(
            Option("cheap", one_off=100.0, yearly=0.0, effects={"p": 0.5}),
            Option("mid", one_off=1000.0, yearly=0.0, effects={"p": 0.3}),
            Option("dear", one_off=10_000.0, yearly=0.0, effects={"p": 0.2}),
        ),
        weights={"p": 10.0},
    )
    assert knee_solution(instance).ids == knee(frontier(instance)).ids == ("cheap", "mid")
