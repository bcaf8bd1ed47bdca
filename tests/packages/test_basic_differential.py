"""The basic package found by one cheapest-package search against the former bisection.

``reference_packages`` keeps the former way (a bisection of capped optimisations for the basic
package, an instance compiled for every solve); ``packages`` must give the very same packages
(ids, benefits, costs, proof status) on every generated instance. The generator makes ties on
purpose: costs from a few round amounts, free measures, equal effects, requires and excludes,
payer limits, budgets that bind and instances without any budget.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from kvo_rules.packages import Instance, Option, PackageSet, Solution, packages
from kvo_rules.packages._compiled import TOL, compile_instance, members, score
from kvo_rules.packages._search import brute_force_mask
from kvo_rules.packages.choice import reference_packages
from kvo_rules.packages.solve import next_cap

N_INSTANCES = 1_000
N_WITH_FRONTIER = 100
PAYERS = ("fund", "police.hours")


def tied_instance(rng: random.Random, size: tuple[int, int] = (6, 16)) -> Instance:
    """Options with round costs and effects (many exact ties), some free, some structured."""
    problems = [f"p{k}" for k in range(rng.randint(1, 5))]
    weights = {p: rng.choice([0.0, 1.0, 2.0, round(rng.uniform(0.5, 5.0), 2)]) for p in problems}
    ids = [f"m{k:02d}" for k in range(rng.randint(*size))]
    options: list[Option] = []
    for k, oid in enumerate(ids):
        touched = rng.sample(problems, rng.randint(1, min(3, len(problems))))
        effects = {p: rng.choice([0.1, 0.2, 0.3, round(rng.uniform(0.0, 0.6), 3)]) for p in touched}
        one_off = float(rng.choice([0, 100, 200, 300, 1000, rng.randint(1, 5000)]))
        yearly = float(rng.choice([0, 0, 10, 50, rng.randint(0, 500)]))
        resources = {
            name: float(rng.choice([0, 10, 50, rng.randint(1, 100)]))
            for name in rng.sample(PAYERS, rng.randint(0, 2))
        }
        requires: tuple[tuple[str, ...], ...] = ()
        excludes: frozenset[str] = frozenset()
        if k >= 2 and rng.random() < 0.15:
            requires = (tuple(rng.sample(ids[:k], rng.randint(1, 2))),)
        if k >= 1 and rng.random() < 0.1:
            excludes = frozenset({rng.choice(ids[:k])})
        options.append(Option(oid, one_off, yearly, effects, requires, excludes, resources))
    in_place = {"existing": {rng.choice(problems): 0.2}} if rng.random() < 0.3 else {}
    total = sum(o.one_off for o in options)
    budget_one_off = round(total * rng.uniform(0.05, 0.6)) if rng.random() < 0.7 else None
    total_y = sum(o.yearly for o in options)
    budget_yearly = round(total_y * rng.uniform(0.1, 0.6)) if rng.random() < 0.3 else None
    limits = {"fund": float(rng.randint(0, 150))} if rng.random() < 0.25 else {}
    return Instance(
        options=tuple(options),
        weights=weights,
        in_place=in_place,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=rng.choice([1, 3, 5]),
        limits=limits,
    )


def _key(sol: Solution | None) -> object:
    if sol is None:
        return None
    return (
        (sol.ids, sol.benefit, sol.added_benefit, sol.one_off, sol.yearly, sol.horizon_cost),
        (sol.optimal, sol.gap, sol.upper_bound, dict(sol.reduction), dict(sol.resources)),
    )


def _keys(result: PackageSet) -> object:
    return (
        _key(result.recommended),
        result.recommended_reason,
        _key(result.basic),
        _key(result.ambitious),
        tuple(_key(p) for p in result.frontier),
        result.frontier_complete,
    )


@pytest.mark.parametrize("chunk", range(10))
def test_basic_package_is_the_bisections_answer(chunk: int) -> None:
    rng = random.Random(1800 + chunk)
    searched = 0
    for _ in range(N_INSTANCES // 10):
        instance = tied_instance(rng)
        got = packages(instance, with_frontier=False, time_limit_s=60.0)
        want = reference_packages(instance, with_frontier=False, time_limit_s=60.0)
        assert _keys(got) == _keys(want), instance
        searched += got.basic.ids != got.recommended.ids
    assert searched >= N_INSTANCES // 40  # the basic package often differs from the recommended


def test_basic_package_with_the_frontier_is_the_bisections_answer() -> None:
    rng = random.Random(18)
    for _ in range(N_WITH_FRONTIER):
        instance = tied_instance(rng, (4, 10))
        got = packages(instance, time_limit_s=60.0, frontier_time_limit_s=60.0)
        want = reference_packages(instance, time_limit_s=60.0, frontier_time_limit_s=60.0)
        assert _keys(got) == _keys(want), instance


@pytest.mark.parametrize("max_nodes", [1, 4, 30])
def test_node_limits_give_the_bisections_answer_too(max_nodes: int) -> None:
    """Searches cut short by a node limit fall back to the bisection: the same packages and
    the same proof status as the former way under the same limit, except where the basic
    package's search proved what the former bisection could not under that limit (it goes on
    from where the cheapest-package search stopped, in fewer solves): then the basic package
    is the one found without any limit, proved."""
    rng = random.Random(1818 + max_nodes)
    for _ in range(60):
        instance = tied_instance(rng, (10, 18))
        got = packages(instance, with_frontier=False, time_limit_s=60.0, max_nodes=max_nodes)
        want = reference_packages(
            instance, with_frontier=False, time_limit_s=60.0, max_nodes=max_nodes
        )
        if _key(got.basic) != _key(want.basic) and got.basic.optimal and not want.basic.optimal:
            _assert_basic(instance, got.recommended, got.basic)
            got = dataclasses.replace(got, basic=want.basic)
        assert _keys(got) == _keys(want), instance


def _assert_basic(instance: Instance, recommended: Solution, basic: Solution) -> None:
    """``basic`` is, by exhaustive enumeration, the best package capped at its own cost, it
    reaches half the recommended package's added benefit, and no cheaper package does."""
    threshold = 0.5 * recommended.added_benefit - TOL

    def best(cap: float) -> tuple[tuple[str, ...], float]:
        comp = compile_instance(
            instance,
            budget_one_off=instance.budget_one_off,
            budget_yearly=instance.budget_yearly,
            max_horizon_cost=cap,
            limits=instance.limits,
        )
        mask = brute_force_mask(comp)
        return tuple(comp.ids[i] for i in members(mask)), score(comp, mask)[0] - comp.baseline

    assert basic.added_benefit >= threshold
    assert best(basic.horizon_cost)[0] == basic.ids, instance
    assert best(next_cap(basic.horizon_cost))[1] < threshold, instance
