"""Alley gates only where the walk-through found rear alleys (``area.rear_alleys``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kvo_rules import Engine, KvoError
from kvo_rules.advice.results import Recommendation
from kvo_rules.core.profile import parse_profile
from kvo_rules.documents.followup import evaluate, next_profile, parse_followup, render_next_profile
from kvo_rules.documents.plan import build_plan, render_markdown

STREET = """
area: {{name: High street, kind: shopping_area, businesses: 60, hectares: 2.5{alleys}}}
problems:
  - {{type: burglary_business, severity: 4, incidents_per_year: 20, times: [night]}}
budget: {{one_off: 200000, yearly: 20000}}
"""


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[[str], Recommendation]:
    def _advise(alleys: str) -> Recommendation:
        path = write("street.yaml", STREET.format(alleys=alleys))
        return engine.recommend(engine.load_profile(path))

    return _advise


def test_rear_alleys_found_bring_alley_gates(advise: Callable[[str], Recommendation]) -> None:
    rec = advise(", rear_alleys: 3")
    assert "alley_gating" in {c.id for c in rec.candidates}
    assert "alley_gating" in {m.id for m in rec.recommended.measures}


@pytest.mark.parametrize("alleys", ["", ", rear_alleys: 0"])
def test_without_rear_alleys_there_is_nothing_to_gate(
    advise: Callable[[str], Recommendation], alleys: str
) -> None:
    """Not found (0) and not looked at (absent) alike: no finding, no gates, as with lighting."""
    rec = advise(alleys)
    ids = {c.id for c in rec.candidates}
    assert "alley_gating" not in ids
    assert "target_hardening" in ids  # the burglary itself is still answered


def test_a_negative_count_is_an_error_at_its_place(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write("bad.yaml", STREET.format(alleys=", rear_alleys: -1"))
    with pytest.raises(KvoError) as info:
        engine.load_profile(path)
    assert "bad.yaml:1:92:" in str(info.value) and "rear_alleys" in str(info.value)


def test_the_plan_and_the_next_profile_carry_the_count(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    profile = engine.load_profile(write("street.yaml", STREET.format(alleys=", rear_alleys: 3")))
    plan = build_plan(engine, profile, engine.recommend(profile), date(2026, 1, 1))
    assert plan.area.rear_alleys == 3
    assert "| Achterpaden | 3 |" in render_markdown(plan, "nl")
    assert "| Rear alleys | 3 |" in render_markdown(plan, "en")
    followup = parse_followup(
        f"plan: {plan.id}\nmeasured_on: 2027-12-06\nproblems: [{{type: burglary_business, "
        "incidents_per_year: 12}]\n",
        plan,
        source="followup.yaml",
    )
    evaluation = evaluate(plan, followup)
    nxt = next_profile(plan, followup, evaluation)
    assert nxt.area.rear_alleys == 3
    text = render_next_profile(plan, followup, evaluation, "en")
    assert "rear_alleys: 3" in text and "rear alleys again" in text
    assert parse_profile(text, engine.catalogue) == nxt
