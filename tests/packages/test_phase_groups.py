"""Measures with first phases: the group bounds against brute force.

A measure and its phases exclude each other pairwise (docs/model.md, "First phases"); the
searches treat them as one choose-at-most-one group (packages/_groups.py). Here the instances
have such groups on purpose (a phase has the measure's effects times s ** 0.5 at s times its
costs, and a requires group naming the measure names its phases too), and every answer is
checked against exhaustive enumeration; the bounds themselves against the integer optimum.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from kvo_rules.packages import (
    Instance,
    Option,
    Solution,
    _branch,
    brute_force,
    choice,
    optimise,
    packages,
)
from kvo_rules.packages._bounds import add_bound
from kvo_rules.packages._compiled import compile_instance, members, score, within_caps
from kvo_rules.packages._groups import (
    exclusive_groups,
    group_parts,
    improve,
    mckp_bound,
    mckp_cover,
)
from kvo_rules.packages._search import greedy_mask
from kvo_rules.packages.choice import reference_packages

from .test_basic_differential import _keys, tied_instance

SHARES = (0.75, 0.5, 0.25)


def phased_instance(rng: random.Random, measures: tuple[int, int] = (3, 5)) -> Instance:
    """Measures of which some have first phases (each a group of up to four options)."""
    problems = [f"p{k}" for k in range(rng.randint(1, 4))]
    weights = {p: rng.choice([1.0, 2.0, round(rng.uniform(0.5, 5.0), 2)]) for p in problems}
    options: list[Option] = []
    names: dict[str, tuple[str, ...]] = {}  # a measure: itself and its phases
    for k in range(rng.randint(*measures)):
        mid = f"m{k}"
        effects = {
            p: rng.choice([0.2, 0.3, round(rng.uniform(0.05, 0.7), 3)])
            for p in rng.sample(problems, rng.randint(1, len(problems)))
        }
        one_off = float(rng.choice([0, 400, 1000, rng.randint(1, 6000)]))
        yearly = float(rng.choice([0, 20, rng.randint(0, 400)]))
        requires: tuple[tuple[str, ...], ...] = ()
        if names and rng.random() < 0.2:
            requires = (names[rng.choice(sorted(names))],)
        shares = rng.sample(SHARES, rng.randint(0, 3)) if rng.random() < 0.6 else []
        ids = (mid, *(f"{mid}@{int(s * 100)}" for s in sorted(shares, reverse=True)))
        options.append(Option(mid, one_off, yearly, effects, requires, frozenset(ids[1:])))
        for s, pid in zip(sorted(shares, reverse=True), ids[1:], strict=True):
            scaled = {p: e * s**0.5 for p, e in effects.items()}
            others = frozenset(x for x in ids if x != pid)
            options.append(Option(pid, one_off * s, yearly * s, scaled, requires, others))
        names[mid] = ids
    total = sum(o.one_off for o in options)
    total_y = sum(o.yearly for o in options)
    return Instance(
        options=tuple(options),
        weights=weights,
        in_place={},
        budget_one_off=round(total * rng.uniform(0.05, 0.4)) if rng.random() < 0.8 else None,
        budget_yearly=round(total_y * rng.uniform(0.1, 0.4)) if rng.random() < 0.4 else None,
        horizon_years=rng.choice([1, 3, 5]),
    )


@pytest.mark.parametrize("chunk", range(4))
def test_optimiser_matches_brute_force_with_phases(chunk: int) -> None:
    rng = random.Random(2600 + chunk)
    grouped = 0
    for _ in range(150):
        instance = phased_instance(rng)
        sol = optimise(instance, time_limit_s=600.0)
        exhaustive = brute_force(instance)
        assert sol.optimal and sol.gap == 0.0
        assert (sol.ids, sol.benefit, sol.horizon_cost) == (
            exhaustive.ids,
            exhaustive.benefit,
            exhaustive.horizon_cost,
        ), instance
        grouped += any("@" in i for i in sol.ids)
    assert grouped >= 10  # phases are often in the best package


@pytest.mark.parametrize("chunk", range(2))
def test_packages_with_phases_are_the_bisections_answer(chunk: int) -> None:
    rng = random.Random(2700 + chunk)
    for _ in range(60):
        instance = phased_instance(rng, (4, 9))
        got = packages(instance, with_frontier=False, time_limit_s=600.0)
        want = reference_packages(instance, with_frontier=False, time_limit_s=600.0)
        assert _keys(got) == _keys(want), instance


def test_exclusive_groups_are_the_cliques_of_a_measure_and_its_phases() -> None:
    # 0 with its phases 1, 2; 3 alone; 4 and 5 exclude each other; 6 excludes 0 only
    pairs = [(0, 1), (0, 2), (1, 2), (4, 5), (0, 6)]
    excl = [0] * 7
    for a, b in pairs:
        excl[a] |= 1 << b
        excl[b] |= 1 << a
    assert exclusive_groups(tuple(excl)) == (0, 0, 0, 3, 4, 4, 6)


def _integer_best(
    values: list[float],
    costs: list[float],
    group: list[int],
    room: float,
    forced: tuple[int, bool] | None = None,
) -> float:
    best = -1.0
    for pick in itertools.product([0, 1], repeat=len(values)):
        if forced is not None and pick[forced[0]] != forced[1]:
            continue
        if any(sum(pick[k] for k in range(len(pick)) if group[k] == g) > 1 for g in set(group)):
            continue
        if sum(c for c, x in zip(costs, pick, strict=True) if x) > room:
            continue
        best = max(best, sum(v for v, x in zip(values, pick, strict=True) if x))
    return best


def test_mckp_bounds_hold_for_the_integer_choice() -> None:
    rng = random.Random(5)
    for _ in range(300):
        n = rng.randint(1, 8)
        values = [rng.choice([0.0, 1.0, round(rng.uniform(0, 5), 3)]) for _ in range(n)]
        costs = [float(rng.choice([0, 1, 2, rng.randint(0, 9)])) for _ in range(n)]
        group = [rng.randint(0, 3) for _ in range(n)]
        room = float(rng.randint(0, 15))
        live = list(range(n))
        if_in = [1e9] * n
        if_out = [1e9] * n
        parts = group_parts(live, tuple(group))
        bound = mckp_bound(1.0, room, live, values, tuple(costs), parts, if_in, if_out)
        assert bound >= 1.0 + _integer_best(values, costs, group, room) - 1e-9
        for k in range(n):
            with_k = _integer_best(values, costs, group, room, (k, True))
            if with_k >= 0.0:
                assert if_in[k] >= 1.0 + with_k - 1e-9
            assert if_out[k] >= 1.0 + _integer_best(values, costs, group, room, (k, False)) - 1e-9
        need = rng.uniform(0, sum(values) + 1)
        cover = mckp_cover(need, 1e-12, live, values, tuple(costs), parts)
        reaching = [
            sum(c for c, x in zip(costs, pick, strict=True) if x)
            for pick in itertools.product([0, 1], repeat=n)
            if all(sum(pick[k] for k in range(n) if group[k] == g) <= 1 for g in set(group))
            and sum(v for v, x in zip(values, pick, strict=True) if x) >= need
        ]
        assert cover <= min(reaching, default=float("inf")) + 1e-9


def test_mckp_bound_of_singleton_groups_is_the_knapsack_lp() -> None:
    rng = random.Random(6)
    for _ in range(200):
        n = rng.randint(1, 10)
        values = [round(rng.uniform(0, 5), 3) for _ in range(n)]
        costs = tuple(float(rng.randint(1, 9)) for _ in range(n))
        room = float(rng.randint(0, 30))
        live = list(range(n))
        lp = add_bound(0.0, room, live, values, costs, [1e9] * n, [1e9] * n)
        parts = group_parts(live, tuple(live))
        got = mckp_bound(0.0, room, live, values, costs, parts, [1e9] * n, [1e9] * n)
        assert got == pytest.approx(lp, rel=1e-12, abs=1e-12)


def test_improve_keeps_a_package_feasible_and_never_worse() -> None:
    rng = random.Random(7)
    for _ in range(100):
        instance = phased_instance(rng, (4, 9))
        comp = compile_instance(
            instance,
            budget_one_off=instance.budget_one_off,
            budget_yearly=instance.budget_yearly,
            max_horizon_cost=None,
        )
        start = greedy_mask(comp)
        better = improve(comp, start, exclusive_groups(comp.excl), comp.hcost)
        idx = members(better)
        assert within_caps(comp, idx)
        assert all(not comp.excl[k] & better for k in idx)
        assert all(g & better for k in idx for g in comp.groups[k])
        assert score(comp, better)[0] >= score(comp, start)[0] - 1e-12


def test_a_cheapest_search_cut_short_narrows_the_bisection_to_the_same_basic_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the cheapest-package search stopped after 3 nodes and the search by the
    optimiser's bounds after 1, the bisection between the first one's floor and the cheapest
    package it found answers: the former bisection's basic package."""
    monkeypatch.setattr(choice, "_SEARCH_NODES", 3)
    monkeypatch.setattr(choice, "_REACH_NODES", 1)
    answered: list[bool] = []
    narrowed = choice._narrowed

    def counting(*args: Any, **kwargs: Any) -> Solution | None:
        found = narrowed(*args, **kwargs)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(choice, "_narrowed", counting)
    rng = random.Random(2800)
    for _ in range(80):
        instance = phased_instance(rng, (4, 8))
        got = packages(instance, with_frontier=False, time_limit_s=600.0)
        want = reference_packages(instance, with_frontier=False, time_limit_s=600.0)
        assert _keys(got) == _keys(want), instance
    assert sum(answered) >= 20  # the narrowed bisection gave most of these basic packages


def test_stopping_the_swap_bounds_at_a_cut_leaves_the_search_tree_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """swap_bound stops at the first cap whose bound cuts the node (the other caps' bounds
    and reduced costs are of no use then): every package, bound and node count is the one
    of computing the bound of every cap."""
    rng = random.Random(41)
    instances = [phased_instance(rng, (4, 9)) for _ in range(30)]
    instances += [tied_instance(rng, (12, 22)) for _ in range(30)]

    def run() -> list[tuple[object, ...]]:
        solved = [optimise(i, time_limit_s=600.0, max_nodes=3_000) for i in instances]
        return [(s.ids, s.benefit, s.upper_bound, s.optimal, s.nodes) for s in solved]

    stopping = run()
    every_cap = _branch.swap_bound
    monkeypatch.setattr(_branch, "swap_bound", lambda *args: every_cap(*args[:12]))
    assert run() == stopping
    assert sum(row[4] for row in stopping) >= 500  # searches that branch, not only roots
