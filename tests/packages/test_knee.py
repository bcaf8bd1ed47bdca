"""The knee found as one Lagrangian optimisation equals the knee of the full frontier."""

from __future__ import annotations

from hypothesis import given, settings

from kvo_rules.packages import Instance, Option, frontier, knee
from kvo_rules.packages.lagrange import knee_solution

from .strategies import instances


@settings(max_examples=1000, deadline=None)
@given(instances(max_options=12, budgets=False))
def test_lagrangian_knee_equals_the_frontier_knee(instance: Instance) -> None:
    expected = knee(frontier(instance))
    got = knee_solution(instance)
    assert got.optimal
    assert abs(got.benefit - expected.benefit) <= 1e-6
    assert abs(got.horizon_cost - expected.horizon_cost) <= 1e-6 * max(1.0, expected.horizon_cost)


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
