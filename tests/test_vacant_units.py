"""Vacancy management is costed per empty unit the profile counts (``area.vacant_units``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kvo_rules import Engine, KvoError
from kvo_rules.advice.quantities import VACANT_SHARE
from kvo_rules.advice.results import Recommendation
from kvo_rules.documents.plan import build_plan, render_html, render_markdown

ESTATE = """
area: {{name: Old estate, kind: business_park, businesses: 70, hectares: 45{units}}}
problems:
  - {{type: vacancy, severity: 4, trend: rising}}
  - {{type: vandalism, severity: 3, incidents_per_year: 15, times: [night]}}
budget: {{one_off: 100000, yearly: 100000}}
"""


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[[str], Recommendation]:
    def _advise(units: str) -> Recommendation:
        path = write("estate.yaml", ESTATE.format(units=units))
        return engine.recommend(engine.load_profile(path))

    return _advise


def test_the_count_of_empty_units_is_the_quantity(
    advise: Callable[[str], Recommendation], engine: Engine
) -> None:
    rec = advise(", vacant_units: 9")
    vm = next(c for c in rec.candidates if c.id == "vacancy_management")
    per_unit = engine.catalogue.measures["vacancy_management"].cost.yearly
    assert per_unit is not None
    assert vm.quantity == 9 and vm.yearly_cost == pytest.approx(9 * per_unit.amount)
    assert not any("vacant_units" in a.en for a in rec.assumptions)


def test_without_a_count_one_unit_in_ten_is_assumed_and_said(
    advise: Callable[[str], Recommendation],
) -> None:
    rec = advise("")
    vm = next(c for c in rec.candidates if c.id == "vacancy_management")
    assert vm.quantity == round(70 * VACANT_SHARE)
    (said,) = [a for a in rec.assumptions if "area.vacant_units" in a.en]
    assert "7 assumed" in said.en and "lege panden" in said.nl


def test_no_empty_units_means_nothing_to_buy(advise: Callable[[str], Recommendation]) -> None:
    rec = advise(", vacant_units: 0")
    assert "vacancy_management" not in {c.id for c in rec.candidates}


def test_a_negative_count_is_an_error_at_its_place(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write("bad.yaml", ESTATE.format(units=", vacant_units: -2"))
    with pytest.raises(KvoError) as info:
        engine.load_profile(path)
    assert "bad.yaml:1:91:" in str(info.value) and "vacant_units" in str(info.value)


def test_the_plan_names_the_count(engine: Engine, write: Callable[[str, str], Path]) -> None:
    profile = engine.load_profile(write("estate.yaml", ESTATE.format(units=", vacant_units: 9")))
    plan = build_plan(engine, profile, engine.recommend(profile), date(2026, 1, 1))
    assert plan.area.vacant_units == 9
    assert "| Lege bedrijfspanden | 9 |" in render_markdown(plan, "nl")
    assert "<td>9</td>" in render_html(plan, "en").split("Empty business units", 1)[1][:40]
