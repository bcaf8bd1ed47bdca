"""Hand-worked examples of the package model and the optimiser's contract."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from kvo_rules.packages import (
    Instance,
    Option,
    Solution,
    brute_force,
    frontier,
    greedy,
    knee,
    optimise,
    packages,
    rank_contributions,
)

from . import reference


def opt(
    oid: str,
    one_off: float,
    effects: dict[str, float],
    *,
    yearly: float = 0.0,
    requires: Sequence[Sequence[str]] = (),
    excludes: Iterable[str] = (),
) -> Option:
    return Option(
        oid,
        one_off,
        yearly,
        effects,
        requires=tuple(tuple(g) for g in requires),
        excludes=frozenset(excludes),
    )


def solve_all(instance: Instance) -> tuple[Solution, Solution]:
    """Optimiser and brute force, checked to agree."""
    a = optimise(instance)
    b = brute_force(instance)
    assert a.optimal and a.gap == 0.0
    assert a.ids == b.ids
    assert a.benefit == pytest.approx(b.benefit, abs=1e-12)
    return a, b


# ----------------------------------------------------------------------- diminishing returns


def test_two_measures_on_one_problem_multiply_their_remainders() -> None:
    # r = 1 - (1 - 0.5)(1 - 0.4) = 0.7, benefit = 2 * 0.7 = 1.4
    inst = Instance(
        options=(opt("a", 100, {"p": 0.5}), opt("b", 100, {"p": 0.4})),
        weights={"p": 2.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a", "b")
    assert sol.reduction["p"] == pytest.approx(0.7)
    assert sol.benefit == pytest.approx(1.4)
    assert sol.added_benefit == pytest.approx(1.4)
    assert sol.baseline == 0.0
    assert sol.one_off == 200.0
    assert sol.horizon_cost == 200.0


def test_budget_for_one_measure_takes_the_bigger_effect() -> None:
    inst = Instance(
        options=(opt("a", 100, {"p": 0.5}), opt("b", 100, {"p": 0.4})),
        weights={"p": 2.0},
        budget_one_off=150,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)
    assert sol.benefit == pytest.approx(1.0)


def test_diminishing_returns_make_a_second_problem_worth_more() -> None:
    # p1 already halved by a; b adds 0.5 * 0.5 * 2 = 0.5 there, c adds 0.6 on fresh p2.
    inst = Instance(
        options=(
            opt("a", 100, {"p1": 0.5}),
            opt("b", 100, {"p1": 0.5}),
            opt("c", 100, {"p2": 0.6}),
        ),
        weights={"p1": 2.0, "p2": 1.0},
        budget_one_off=200,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a", "c")
    assert sol.benefit == pytest.approx(1.0 + 0.6)


def test_horizon_cost_counts_yearly_costs_over_the_horizon() -> None:
    # a: 100 + 5 * 50 = 350; b: 300 + 5 * 0 = 300; same effect, so the cheaper b wins.
    inst = Instance(
        options=(opt("a", 100, {"p": 0.3}, yearly=50), opt("b", 300, {"p": 0.3})),
        weights={"p": 1.0},
        horizon_years=5,
        budget_one_off=1000,
        budget_yearly=1000,
    )
    both = optimise(inst)
    assert both.ids == ("a", "b")
    assert both.one_off == 400 and both.yearly == 50 and both.horizon_cost == 650
    one = optimise(
        Instance(options=inst.options, weights={"p": 1.0}, horizon_years=5, budget_one_off=300)
    )
    assert one.ids == ("b",)  # a fits too (100 one-off) but costs more over 5 years
    assert one.horizon_cost == 300


def test_yearly_budget_binds_on_its_own() -> None:
    inst = Instance(
        options=(opt("a", 0, {"p": 0.5}, yearly=80), opt("b", 0, {"p": 0.3}, yearly=30)),
        weights={"p": 1.0},
        budget_yearly=100,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)
    assert sol.yearly == 80


# ------------------------------------------------------------------------------- requires


def test_requires_any_of_group_is_met_by_the_cheapest_member() -> None:
    # c needs a or b; a and b do nothing themselves.
    inst = Instance(
        options=(
            opt("a", 50, {}),
            opt("b", 20, {}),
            opt("c", 100, {"p": 0.8}, requires=(("a", "b"),)),
        ),
        weights={"p": 1.0},
        budget_one_off=150,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("b", "c")
    assert sol.one_off == 120


def test_requires_every_group_must_be_met() -> None:
    inst = Instance(
        options=(
            opt("a", 10, {}),
            opt("b", 10, {}),
            opt("c", 10, {"p": 0.8}, requires=(("a",), ("b",))),
        ),
        weights={"p": 1.0},
        budget_one_off=25,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ()  # c needs both a and b: 30 > 25
    wider = Instance(options=inst.options, weights={"p": 1.0}, budget_one_off=30)
    assert optimise(wider).ids == ("a", "b", "c")


def test_requires_naming_only_unknown_ids_can_never_be_chosen() -> None:
    inst = Instance(
        options=(
            opt("a", 10, {"p": 0.5}, requires=(("ghost",),)),
            opt("b", 10, {"p": 0.1}, requires=()),
            opt("c", 10, {"p": 0.5}, requires=((),)),  # an empty group can never be met
        ),
        weights={"p": 1.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("b",)


def test_requires_chain_and_cycle() -> None:
    # c needs b, b needs a; d and e need each other.
    inst = Instance(
        options=(
            opt("a", 10, {}),
            opt("b", 10, {}, requires=(("a",),)),
            opt("c", 10, {"p": 0.5}, requires=(("b",),)),
            opt("d", 10, {"q": 0.5}, requires=(("e",),)),
            opt("e", 10, {"q": 0.1}, requires=(("d",),)),
        ),
        weights={"p": 1.0, "q": 1.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a", "b", "c", "d", "e")
    tight = Instance(options=inst.options, weights=inst.weights, budget_one_off=20)
    assert optimise(tight).ids == ("d", "e")  # c alone is not allowed, the chain costs 30


# ------------------------------------------------------------------------------- excludes


def test_excludes_are_symmetric_even_when_listed_on_one_side() -> None:
    inst = Instance(
        options=(
            opt("a", 10, {"p": 0.5}),
            opt("b", 10, {"p": 0.4}, excludes=frozenset({"a"})),
            opt("c", 10, {"q": 0.2}),
        ),
        weights={"p": 1.0, "q": 1.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a", "c")


def test_excludes_can_make_the_single_best_option_lose() -> None:
    # a is best alone but excludes b and c, which together beat it.
    inst = Instance(
        options=(
            opt("a", 10, {"p": 0.6, "q": 0.0}, excludes=frozenset({"b", "c"})),
            opt("b", 10, {"p": 0.4}),
            opt("c", 10, {"q": 0.4}),
        ),
        weights={"p": 1.0, "q": 1.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("b", "c")
    assert sol.benefit == pytest.approx(0.8)


def test_excluding_every_member_of_a_required_group_removes_the_option() -> None:
    inst = Instance(
        options=(
            opt("a", 1, {}),
            opt("b", 1, {"p": 0.5}, requires=(("a",),), excludes=frozenset({"a"})),
        ),
        weights={"p": 1.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ()


# ------------------------------------------------------------------------------- in place


def test_in_place_measures_are_free_count_in_the_baseline_and_meet_requires() -> None:
    # x (in place) halves p; a needs x and halves p again; b needs y, which nobody has.
    inst = Instance(
        options=(
            opt("a", 100, {"p": 0.5}, requires=(("x",),)),
            opt("b", 100, {"p": 0.5}, requires=(("y",),)),
        ),
        weights={"p": 4.0},
        in_place={"x": {"p": 0.5}},
        budget_one_off=100,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)
    assert sol.baseline == pytest.approx(2.0)
    assert sol.benefit == pytest.approx(3.0)
    assert sol.added_benefit == pytest.approx(1.0)
    assert sol.one_off == 100  # nothing paid for x
    assert sol.reduction["p"] == pytest.approx(0.75)


def test_an_option_already_in_place_is_never_bought_again() -> None:
    inst = Instance(
        options=(opt("x", 10, {"p": 0.5}), opt("a", 10, {"p": 0.2})),
        weights={"p": 1.0},
        in_place={"x": {"p": 0.5}},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)
    assert sol.benefit == pytest.approx(1 - 0.5 * 0.8)


def test_reduction_reports_every_touched_problem() -> None:
    inst = Instance(
        options=(opt("a", 10, {"p": 0.5, "other": 0.3}),),
        weights={"p": 1.0, "q": 2.0},
        in_place={"x": {"r": 0.2}},
    )
    sol = optimise(inst)
    assert dict(sol.reduction) == pytest.approx({"other": 0.3, "p": 0.5, "q": 0.0, "r": 0.2})
    assert list(sol.reduction) == sorted(sol.reduction)


# ------------------------------------------------------------------------------ tie-breaks


def test_equal_benefit_goes_to_the_lower_horizon_cost() -> None:
    inst = Instance(
        options=(opt("a", 20, {"p": 0.5}), opt("b", 10, {"p": 0.5})),
        weights={"p": 1.0},
        budget_one_off=25,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("b",)


def test_equal_benefit_and_cost_goes_to_the_smaller_sorted_ids() -> None:
    inst = Instance(
        options=(opt("b", 10, {"p": 0.5}), opt("a", 10, {"p": 0.5})),
        weights={"p": 1.0},
        budget_one_off=10,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)


def test_equal_benefit_and_cost_compares_whole_sorted_tuples() -> None:
    # {a, d} and {b, c} both give 0.5 + 0.5 on two problems for 20: ("a", "d") < ("b", "c").
    inst = Instance(
        options=(
            opt("d", 10, {"q": 0.5}),
            opt("c", 10, {"q": 0.5}),
            opt("b", 10, {"p": 0.5}),
            opt("a", 10, {"p": 0.5}),
        ),
        weights={"p": 1.0, "q": 1.0},
        budget_one_off=20,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a", "c")  # ("a", "c") < ("a", "d") < ("b", "c")


def test_useless_measures_are_left_out_even_when_free() -> None:
    inst = Instance(
        options=(opt("a", 0, {"other": 0.5}), opt("b", 10, {"p": 0.5}), opt("c", 0, {"p": 0.0})),
        weights={"p": 1.0, "other": 0.0},
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("b",)


def test_free_useful_measures_are_always_taken() -> None:
    inst = Instance(
        options=(opt("a", 0, {"p": 0.1}), opt("b", 10, {"p": 0.5})),
        weights={"p": 1.0},
        budget_one_off=0,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ("a",)


# ------------------------------------------------------------------------ edges and errors


def test_empty_instance_gives_the_empty_package() -> None:
    sol = optimise(Instance(options=(), weights={}))
    assert sol.ids == () and sol.benefit == 0.0 and sol.optimal
    assert sol.nodes == 1  # the root, with nothing to decide
    assert sol.gap == 0.0 and sol.upper_bound == 0.0
    assert type(sol.baseline) is float and sol.baseline == 0.0
    assert sol.resources == {}


def test_zero_budget_gives_the_empty_package_with_the_baseline() -> None:
    inst = Instance(
        options=(opt("a", 10, {"p": 0.5}),),
        weights={"p": 1.0},
        in_place={"x": {"p": 0.2}},
        budget_one_off=0,
    )
    sol, _ = solve_all(inst)
    assert sol.ids == ()
    assert sol.benefit == pytest.approx(0.2) and sol.added_benefit == 0.0


def test_budget_tolerance_is_1e_9() -> None:
    options = (opt("a", 0.1, {"p": 0.5}), opt("b", 0.2, {"p": 0.5}))
    # 0.1 + 0.2 = 0.30000000000000004 > 0.3 in floats, but within the tolerance
    inst = Instance(options=options, weights={"p": 1.0}, budget_one_off=0.3)
    assert optimise(inst).ids == ("a", "b")
    assert brute_force(inst).ids == ("a", "b")
    under = Instance(options=options, weights={"p": 1.0}, budget_one_off=0.3 - 1e-8)
    assert len(optimise(under).ids) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"effects": {"p": 0.95}}, "above 0.9"),
        ({"effects": {"p": -0.1}}, ">= 0"),
        ({"one_off": -1.0}, ">= 0"),
        ({"yearly": math.nan}, ">= 0"),
    ],
)
def test_option_validation(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"id": "a", "one_off": 1.0, "yearly": 0.0, "effects": {}}
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Option(**fields)  # type: ignore[arg-type]


def test_instance_validation() -> None:
    a = opt("a", 1, {"p": 0.1})
    with pytest.raises(ValueError, match="duplicate"):
        Instance(options=(a, a), weights={"p": 1.0})
    with pytest.raises(ValueError, match="weight"):
        Instance(options=(a,), weights={"p": -1.0})
    with pytest.raises(ValueError, match="budget_one_off"):
        Instance(options=(a,), weights={"p": 1.0}, budget_one_off=-5)
    with pytest.raises(ValueError, match="horizon_years"):
        Instance(options=(a,), weights={"p": 1.0}, horizon_years=-1)


def test_solver_argument_checks() -> None:
    inst = Instance(options=(opt("a", 1, {"p": 0.1}),), weights={"p": 1.0})
    with pytest.raises(ValueError, match="max_nodes"):
        optimise(inst, max_nodes=0)
    with pytest.raises(ValueError, match="time_limit_s"):
        optimise(inst, time_limit_s=-1.0)
    many = Instance(
        options=tuple(opt(f"o{k}", 1, {"p": 0.1}) for k in range(23)), weights={"p": 1.0}
    )
    with pytest.raises(ValueError, match="at most 22"):
        brute_force(many)
    with pytest.raises(ValueError, match="unknown"):
        rank_contributions(inst, ["nope"])


def test_resources_and_limits_are_validated_and_stored_sorted() -> None:
    a = Option("a", 1, 0, {"p": 0.1}, resources={"police.hours": 3, "fund": 2.5})
    assert list(a.resources) == ["fund", "police.hours"]
    assert a.resources == {"fund": 2.5, "police.hours": 3.0}
    assert type(a.resources["police.hours"]) is float
    inst = Instance(options=(a,), weights={"p": 1.0}, limits={"fund": 4, "city": 0})
    assert list(inst.limits) == ["city", "fund"]
    assert hash(inst) == hash(
        Instance(options=(a,), weights={"p": 1.0}, limits={"city": 0.0, "fund": 4.0})
    )
    for bad in (-1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="resource 'fund'"):
            Option("b", 1, 0, {}, resources={"fund": bad})
        with pytest.raises(ValueError, match="limit 'fund'"):
            Instance(options=(a,), weights={}, limits={"fund": bad})
    with pytest.raises(TypeError, match="number"):
        Option("b", 1, 0, {}, resources={"fund": "10"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="names"):
        Instance(options=(a,), weights={}, limits={"": 1.0})
    with pytest.raises(TypeError, match="mapping"):
        Option("b", 1, 0, {}, resources=[("fund", 1.0)])  # type: ignore[arg-type]


def test_instances_are_frozen_and_hashable() -> None:
    a = Option("a", 1, 0, {"p": 0.1}, requires=[["b"]], excludes={"c"})  # type: ignore[arg-type]
    assert a.requires == (("b",),) and a.excludes == frozenset({"c"})
    inst = Instance(options=(a,), weights={"p": 1.0})
    assert hash(inst) == hash(Instance(options=(a,), weights={"p": 1.0}))
    with pytest.raises(AttributeError):
        inst.horizon_years = 4  # type: ignore[misc]


# ------------------------------------------------------------------------- contributions


def test_rank_contributions_follows_greedy_marginal_order() -> None:
    inst = Instance(
        options=(
            opt("a", 10, {"p1": 0.5}),
            opt("b", 10, {"p1": 0.4}),
            opt("c", 10, {"p2": 0.3}),
            opt("d", 10, {"p2": 0.3}),
        ),
        weights={"p1": 1.0, "p2": 1.0},
    )
    ranked = rank_contributions(inst, ["d", "a", "b", "c"])
    # a 0.5; then c and d tie at 0.3 (c wins by id); then d 0.7 * 0.3 = 0.21 beats
    # b 0.5 * 0.4 = 0.2
    assert [i for i, _ in ranked] == ["a", "c", "d", "b"]
    assert [g for _, g in ranked] == pytest.approx([0.5, 0.3, 0.21, 0.2])
    total = sum(g for _, g in ranked)
    assert total == pytest.approx(reference.benefit(inst, ["a", "b", "c", "d"]))


def test_rank_contributions_starts_from_the_in_place_measures() -> None:
    inst = Instance(
        options=(opt("a", 10, {"p": 0.5}), opt("b", 10, {"q": 0.4})),
        weights={"p": 1.0, "q": 1.0},
        in_place={"x": {"p": 0.5}},
    )
    ranked = rank_contributions(inst, ["a", "b"])
    assert [i for i, _ in ranked] == ["b", "a"]
    assert [g for _, g in ranked] == pytest.approx([0.4, 0.25])
    assert rank_contributions(inst, []) == []


# -------------------------------------------------------------------------- limits, greedy


def thirty_options(seed: int = 11) -> Instance:
    rng = random.Random(seed)
    problems = [f"p{k}" for k in range(8)]
    options = tuple(
        Option(
            f"m{k:02d}",
            float(rng.randint(1, 100) * 100),
            float(rng.choice([0, 0, 50, 200])),
            {p: round(rng.uniform(0.05, 0.5), 2) for p in rng.sample(problems, rng.randint(1, 3))},
        )
        for k in range(30)
    )
    total = sum(o.one_off for o in options)
    return Instance(options=options, weights=dict.fromkeys(problems, 1.0), budget_one_off=total / 3)


def test_node_limit_reports_a_true_gap() -> None:
    inst = thirty_options()
    full = optimise(inst, time_limit_s=60)
    assert full.optimal
    cut = optimise(inst, max_nodes=1)
    assert cut.nodes == 1
    if cut.optimal:  # only when the root bound really proves it
        assert cut.benefit == pytest.approx(full.benefit, abs=1e-9)
    else:
        assert cut.gap > 0.0
        assert cut.upper_bound == pytest.approx(cut.benefit + cut.gap)
        assert cut.upper_bound >= full.benefit - 1e-9
    assert reference.feasible(inst, cut.ids)
    # this instance is not closed at the root: the greedy start is beaten later
    assert not cut.optimal
    assert full.benefit > greedy(inst).benefit + 1e-6


def test_time_limit_returns_best_found_with_gap() -> None:
    inst = thirty_options(5)
    sol = optimise(inst, time_limit_s=0.0)
    full = optimise(inst, time_limit_s=60)
    assert full.optimal and full.nodes > 32
    assert reference.feasible(inst, sol.ids)
    # the clock is read every 32 nodes: a time limit of 0 stops at the first reading
    assert sol.nodes == 32
    assert not sol.optimal
    assert sol.benefit <= full.benefit + 1e-9
    assert sol.upper_bound >= full.benefit - 1e-9
    assert sol.gap > 0.0 and sol.upper_bound == pytest.approx(sol.benefit + sol.gap)


def test_greedy_is_feasible_and_bounded_by_the_optimum() -> None:
    inst = thirty_options(7)
    g = greedy(inst)
    o = optimise(inst, time_limit_s=60)
    assert reference.feasible(inst, g.ids)
    assert g.benefit <= o.benefit + 1e-9
    assert g.upper_bound >= o.benefit - 1e-9


# --------------------------------------------------------------------------- frontier, knee


def staircase() -> Instance:
    """Three measures on separate problems, worked out by hand in docs/model.md."""
    return Instance(
        options=(
            opt("camera", 4000, {"burglary": 0.4, "vandalism": 0.2}, yearly=500),
            opt("lighting", 2000, {"burglary": 0.2, "vandalism": 0.3}),
            opt("patrol", 0, {"burglary": 0.3, "vandalism": 0.1}, yearly=3000),
        ),
        weights={"burglary": 3.0, "vandalism": 1.0},
        in_place={"locks": {"burglary": 0.25}},
        horizon_years=3,
    )


def test_worked_example_from_the_model_doc() -> None:
    inst = staircase()
    # baseline: locks cut burglary by 0.25 -> 3 * 0.25 = 0.75
    sol = optimise(inst)
    assert sol.baseline == pytest.approx(0.75)
    assert sol.ids == ("camera", "lighting", "patrol")
    # burglary: 1 - 0.75 * 0.6 * 0.8 * 0.7 = 0.748; vandalism: 1 - 0.8 * 0.7 * 0.9 = 0.496
    assert sol.reduction["burglary"] == pytest.approx(0.748)
    assert sol.reduction["vandalism"] == pytest.approx(0.496)
    assert sol.benefit == pytest.approx(3 * 0.748 + 0.496)
    assert sol.horizon_cost == pytest.approx(4000 + 2000 + 3 * (500 + 3000))
    points = frontier(inst)
    assert [p.ids for p in points] == [
        (),
        ("lighting",),
        ("camera",),
        ("camera", "lighting"),
        ("camera", "lighting", "patrol"),
    ]
    assert [p.horizon_cost for p in points] == pytest.approx([0, 2000, 5500, 7500, 16500])
    assert [p.added_benefit for p in points] == pytest.approx([0, 0.75, 1.1, 1.61, 1.99])
    result = packages(inst)
    assert result.recommended_reason == "knee"
    # scaled distances above the chord: 0.256, 0.219, 0.355 -> camera + lighting
    assert result.recommended.ids == ("camera", "lighting")
    assert result.basic.ids == ("camera",)  # 1.1 >= 1.61 / 2 > 0.75
    assert result.ambitious is None
    assert result.frontier_complete
    budgeted = Instance(
        options=inst.options,
        weights=inst.weights,
        in_place=inst.in_place,
        budget_one_off=6000,
        budget_yearly=600,
    )
    result = packages(budgeted)
    assert result.recommended_reason == "budget"
    assert result.recommended.ids == ("camera", "lighting")
    assert result.basic.ids == ("camera",)  # 1.1 >= 1.61 / 2 > 0.75
    assert result.ambitious is not None
    assert result.ambitious.ids == ("camera", "lighting")  # patrol's 3000 a year > 900


def test_knee_of_short_or_flat_frontiers_is_the_most_beneficial_point() -> None:
    inst = Instance(options=(opt("a", 10, {"p": 0.5}),), weights={"p": 1.0})
    points = frontier(inst)
    assert [p.ids for p in points] == [(), ("a",)]
    assert knee(points).ids == ("a",)
    assert knee(points[:1]).ids == ()
    with pytest.raises(ValueError):
        knee([])


def test_basic_package_respects_the_budgets_when_the_frontier_point_does_not() -> None:
    # cheap-over-the-horizon b is on the frontier but breaks the one-off budget.
    inst = Instance(
        options=(
            opt("a", 100, {"p": 0.5}, yearly=100),  # horizon 400
            opt("b", 300, {"p": 0.5}),  # horizon 300, one-off over budget
            opt("c", 50, {"q": 0.9}),
        ),
        weights={"p": 1.0, "q": 1.0},
        budget_one_off=200,
    )
    result = packages(inst)
    assert result.recommended.ids == ("a", "c")
    assert result.basic.ids == ("c",)  # 0.9 >= 1.4 / 2
    assert result.ambitious is not None and result.ambitious.ids == ("a", "c")
    tighter = Instance(options=inst.options, weights={"p": 1.0, "q": 0.1}, budget_one_off=200)
    result = packages(tighter)
    # recommended a + c = 0.59; the cheapest frontier point reaching 0.295 is b (300, breaks
    # the budget), so basic is the cheapest package within budget: a (400 over 3 years)
    assert result.recommended.ids == ("a", "c")
    assert result.basic.ids == ("a",)
    for sol in (result.recommended, result.basic):
        assert reference.feasible(tighter, sol.ids)


# ------------------------------------------------------------------------------ determinism

_SCRIPT = """
import random
from kvo_rules.packages import Instance, Option, frontier, optimise, packages
rng = random.Random(3)
problems = [f"p{k}" for k in range(6)]
options = tuple(
    Option(f"m{k:02d}", float(rng.choice([100, 200, 300])), float(rng.choice([0, 10])),
           {p: rng.choice([0.1, 0.2, 0.3]) for p in rng.sample(problems, 2)},
           requires=((f"m{k - 1:02d}", f"m{k - 2:02d}"),) if k % 7 == 6 else (),
           excludes=frozenset({f"m{k - 1:02d}"}) if k % 5 == 4 else frozenset())
    for k in range(18)
)
inst = Instance(options=options, weights=dict.fromkeys(problems, 1.0),
                in_place={"x": {"p0": 0.2}}, budget_one_off=1500, budget_yearly=40)
print(repr(optimise(inst)))
print(repr(optimise(inst, max_nodes=5)))
print(repr(frontier(inst)[:5]))
print(repr(packages(inst)))
"""


def test_results_do_not_depend_on_the_hash_seed() -> None:
    root = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert "optimal=True" in outputs[0]


def test_frontier_past_its_time_limit_still_reaches_the_cheapest_point() -> None:
    inst = thirty_options(3)
    points = frontier(inst, time_limit_s=0.0)
    assert points[0].horizon_cost == 0.0 and points[0].ids == ()
    assert not all(p.optimal for p in points)
    costs = [p.horizon_cost for p in points]
    assert costs == sorted(costs) and len(set(costs)) == len(costs)
    for p in points:
        assert reference.structurally_feasible(inst, p.ids)
    result = packages(inst, frontier_time_limit_s=0.0)
    assert not result.frontier_complete
    assert result.recommended.optimal  # the budget optimum has its own time limit
    assert reference.feasible(inst, result.basic.ids)


# ------------------------------------------------------------------ greedy and its starts


def test_greedy_takes_the_cheapest_prerequisite() -> None:
    # x needs one of three prerequisites that do nothing themselves; no budget, so only the
    # greedy's own choice decides which one comes along: the cheapest over the horizon
    inst = Instance(
        options=(
            opt("dear", 900, {}),
            opt("cheap", 10, {}, yearly=30),  # horizon 100
            opt("middle", 50, {}, yearly=20),  # horizon 110
            opt("x", 100, {"p": 0.5}, requires=(("dear", "cheap", "middle"),)),
        ),
        weights={"p": 1.0},
        horizon_years=3,
    )
    g = greedy(inst)
    assert g.ids == ("cheap", "x")
    assert g.horizon_cost == pytest.approx(200)
    assert g.gap == 0.0  # the root bound: nothing else adds benefit
    assert optimise(inst).ids == ("cheap", "x")


def test_greedy_prerequisite_choice_skips_members_it_excludes() -> None:
    # the cheapest member is excluded by x itself: the next cheapest comes along
    inst = Instance(
        options=(
            opt("a", 10, {}),
            opt("b", 20, {}),
            opt("c", 30, {}),
            opt("x", 100, {"p": 0.5}, requires=(("a", "b", "c"),), excludes=("a",)),
        ),
        weights={"p": 1.0},
    )
    assert greedy(inst).ids == ("b", "x")


# ------------------------------------------------------------------------ payers' limits


def paying_staircase(limits: dict[str, float]) -> Instance:
    """The staircase with three payers: the fund, the municipality and police hours."""
    base = staircase()
    payers = {
        "camera": {"fund": 4000.0},
        "lighting": {"municipality": 2000.0},
        "patrol": {"police.hours": 150.0},
    }
    options = tuple(
        Option(o.id, o.one_off, o.yearly, o.effects, resources=payers[o.id]) for o in base.options
    )
    return Instance(
        options=options,
        weights=base.weights,
        in_place=base.in_place,
        horizon_years=base.horizon_years,
        limits=limits,
    )


def test_worked_example_with_limits_from_the_model_doc() -> None:
    inst = paying_staircase({"municipality": 0, "police.hours": 200, "fund": 4500})
    result = packages(inst)
    assert result.recommended_reason == "budget"  # a limit counts as a budget
    rec = result.recommended
    # lighting is the municipality's, which has nothing to spend: camera + patrol
    assert rec.ids == ("camera", "patrol")
    assert rec.added_benefit == pytest.approx(1.585)
    assert rec.horizon_cost == pytest.approx(14500)
    assert rec.resources == {"fund": 4000.0, "municipality": 0.0, "police.hours": 150.0}
    assert list(rec.resources) == ["fund", "municipality", "police.hours"]
    # basic: camera (1.1 >= 1.585 / 2); patrol's 0.775 falls short
    assert result.basic.ids == ("camera",)
    assert result.basic.resources == {"fund": 4000.0, "municipality": 0.0, "police.hours": 0.0}
    # ambitious: fund 6750, police 300, municipality 1.5 x 0 = 0: lighting stays out
    assert result.ambitious is not None
    assert result.ambitious.ids == ("camera", "patrol")
    # the frontier ignores limits, as it ignores budgets
    assert [p.ids for p in result.frontier] == [p.ids for p in frontier(staircase())]
    assert brute_force(inst).ids == ("camera", "patrol")
    assert reference.best_by_search(inst).ids == ("camera", "patrol")


def test_a_limit_binds_like_a_budget() -> None:
    assert optimise(paying_staircase({})).ids == ("camera", "lighting", "patrol")
    assert optimise(paying_staircase({"police.hours": 100})).ids == ("camera", "lighting")
    assert optimise(paying_staircase({"police.hours": 150})).ids == (
        "camera",
        "lighting",
        "patrol",
    )
    assert optimise(paying_staircase({"fund": 3999.999, "police.hours": 100})).ids == ("lighting",)


def test_limit_tolerance_is_1e_9() -> None:
    # 0.1 + 0.2 = 0.30000000000000004 > 0.3 in floats, but within the tolerance
    inst = Instance(
        options=(
            Option("a", 0, 0, {"p": 0.5}, resources={"city": 0.1}),
            Option("b", 0, 0, {"q": 0.5}, resources={"city": 0.2}),
        ),
        weights={"p": 1.0, "q": 1.0},
        limits={"city": 0.3},
    )
    assert optimise(inst).ids == ("a", "b")
    assert brute_force(inst).ids == ("a", "b")
    tight = Instance(options=inst.options, weights=inst.weights, limits={"city": 0.3 - 2e-9})
    assert len(optimise(tight).ids) == 1
    assert len(brute_force(tight).ids) == 1


def test_a_limit_on_an_unused_resource_is_met_and_not_reported() -> None:
    inst = paying_staircase({"unused": 0.0})
    sol = optimise(inst)
    assert sol.ids == ("camera", "lighting", "patrol")
    assert "unused" not in sol.resources
    assert packages(inst).recommended_reason == "budget"


def test_zero_limit_keeps_every_option_that_uses_the_resource_out() -> None:
    inst = paying_staircase({"fund": 0.0, "municipality": 0.0, "police.hours": 0.0})
    assert optimise(inst).ids == ()
    assert greedy(inst).ids == ()
    result = packages(inst)
    assert result.recommended.ids == result.basic.ids == ()
    assert result.ambitious is not None and result.ambitious.ids == ()


def test_every_greedy_start_respects_the_limits() -> None:
    # greedy by horizon cost would take "a" first; the city's limit allows only b and c
    inst = Instance(
        options=(
            Option("a", 10, 0, {"p": 0.6}, resources={"city": 5.0}),
            Option("b", 30, 0, {"p": 0.4}, resources={"city": 2.0}),
            Option("c", 30, 0, {"q": 0.4}, resources={"city": 2.0}),
        ),
        weights={"p": 1.0, "q": 1.0},
        limits={"city": 4.0},
    )
    g = greedy(inst)
    assert g.ids == ("b", "c")
    assert g.resources == {"city": 4.0}
    assert optimise(inst).ids == ("b", "c")
