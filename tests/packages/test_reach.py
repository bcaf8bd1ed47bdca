"""The cheapest qualifying package by the optimiser's bounds (packages/_reach.py) against
exhaustive enumeration, and the basic packages it settles against the former bisection.

``cheapest_by_bounds`` takes over when the cheapest-package search stops at its node limit
(packages/choice.py): it cuts a subtree when its bound falls short of the benefit to reach
and lowers the horizon cost cap to every qualifying package it finds. Its answer must be a
qualifying package such that no package capped just below its cost qualifies.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from kvo_rules.packages import Instance, brute_force, choice, packages
from kvo_rules.packages._compiled import TOL, compile_instance, members, score, within_caps
from kvo_rules.packages._reach import Reached, cheapest_by_bounds
from kvo_rules.packages._search import brute_force_mask
from kvo_rules.packages.choice import reference_packages
from kvo_rules.packages.solve import feasible_mask, next_cap

from .test_basic_differential import _keys, tied_instance
from .test_phase_groups import phased_instance


def _capped(instance: Instance, cap: float) -> Any:
    return compile_instance(
        instance,
        budget_one_off=instance.budget_one_off,
        budget_yearly=instance.budget_yearly,
        max_horizon_cost=cap,
        limits=instance.limits,
    )


def _check(instance: Instance, share: float) -> Reached | None:
    """Search from the optimum for the cheapest package reaching ``share`` of its added
    benefit; assert that it qualifies and that nothing capped below its cost does."""
    best = brute_force(instance)
    if best.added_benefit <= 0.0:
        return None
    threshold = share * best.added_benefit - TOL
    comp = _capped(instance, best.horizon_cost)
    mask = feasible_mask(comp, best.ids)
    assert mask is not None
    got = cheapest_by_bounds(comp, threshold, mask=mask, max_nodes=None, deadline=math.inf)
    assert got.proved
    idx = members(got.mask)
    benefit, cost = score(comp, got.mask)
    assert benefit - comp.baseline >= threshold, instance
    assert cost == got.cost and within_caps(comp, idx), instance
    assert all(not comp.excl[k] & got.mask for k in idx)
    assert all(g & got.mask for k in idx for g in comp.groups[k])
    below = next_cap(cost)
    if below >= 0.0:
        cheaper = _capped(instance, below)
        found = brute_force_mask(cheaper)
        assert score(cheaper, found)[0] - cheaper.baseline < threshold, instance
    return got


@pytest.mark.parametrize("make", ["tied", "phased"])
def test_the_search_by_bounds_finds_a_cheapest_qualifying_package(make: str) -> None:
    rng = random.Random(31 if make == "tied" else 32)
    cheaper = 0
    for _ in range(150):
        tied = make == "tied"
        instance = tied_instance(rng, (6, 14)) if tied else phased_instance(rng, (2, 4))
        share = rng.choice([0.1, 0.3, 0.5, 0.5, 0.8, 1.0])
        best = brute_force(instance)
        got = _check(instance, share)
        cheaper += got is not None and got.cost < best.horizon_cost - 1e-6
    assert cheaper >= 40  # most searches lower the cap below the optimum's cost


def test_a_cheapest_search_cut_short_is_settled_by_the_optimisers_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the cheapest-package search stopped after 3 nodes, the search by the optimiser's
    bounds answers, with the former bisection's basic package."""
    monkeypatch.setattr(choice, "_SEARCH_NODES", 3)
    settled: list[bool] = []
    reached = choice._reached

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = reached(*args, **kwargs)
        settled.append(found is not None)
        return found

    monkeypatch.setattr(choice, "_reached", counting)
    rng = random.Random(3100)
    for k in range(80):
        instance = phased_instance(rng, (4, 8)) if k % 2 else tied_instance(rng, (10, 18))
        got = packages(instance, with_frontier=False, time_limit_s=600.0)
        want = reference_packages(instance, with_frontier=False, time_limit_s=600.0)
        assert _keys(got) == _keys(want), instance
    assert sum(settled) >= 20  # the search by bounds gave most of these basic packages
