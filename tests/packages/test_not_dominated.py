"""The frontier's filter of dominated points against the definition written out.

``not_dominated`` keeps a point without comparing it with every other one when nothing that
costs no more has at least its benefit; the definition (the former code) compares all pairs.
Both must keep the same points in the same order, ties and near-ties (within the tolerances
of ``dominates``) included, whatever order the points come in.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kvo_rules.packages import Solution
from kvo_rules.packages._walk import dominates, not_dominated

# costs and benefits with exact ties and differences below and above the tolerances
COSTS = st.sampled_from([0.0, 1.0, 1.0 + 1e-10, 1.0 + 1e-8, 2.0, 1e6, 1e6 + 1e-4, 1e6 + 1.0])
BENEFITS = st.sampled_from([0.0, 0.5, 0.5 + 5e-10, 0.5 + 2e-9, 1.0, 1.0 - 1e-12, 3.0])


def _solution(ids: tuple[str, ...], cost: float, benefit: float) -> Solution:
    return Solution(
        ids=ids,
        benefit=benefit,
        added_benefit=benefit,
        baseline=0.0,
        one_off=cost,
        yearly=0.0,
        horizon_cost=cost,
        reduction={},
        optimal=True,
        gap=0.0,
        upper_bound=benefit,
        nodes=0,
    )


def _definition(points: list[Solution]) -> list[Solution]:
    keep = [p for p in points if not any(q is not p and dominates(q, p) for q in points)]
    return sorted(keep, key=lambda s: (s.horizon_cost, s.benefit, s.ids))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(COSTS, BENEFITS, st.sampled_from(["a", "b", "c"])), max_size=14))
def test_not_dominated_is_the_definition(drawn: list[tuple[float, float, str]]) -> None:
    points = [_solution((name, str(k)), c, b) for k, (c, b, name) in enumerate(drawn)]
    got = not_dominated(points)
    assert [id(p) for p in got] == [id(p) for p in _definition(points)]


def test_a_frontier_keeps_every_point_and_drops_what_is_beaten() -> None:
    frontier = [_solution((str(k),), float(k), float(k)) for k in range(50)]
    beaten = _solution(("x",), 10.0, 9.5)  # point 10 costs as much and gives more
    equal = _solution(("y",), 20.0, 20.0)  # a tie: neither dominates the other
    got = not_dominated([beaten, *reversed(frontier), equal])
    assert beaten not in got
    assert [p.ids for p in got[:20]] == [(str(k),) for k in range(20)]
    assert {p.ids for p in got[20:22]} == {("20",), ("y",)}
    assert len(got) == 51
