"""First phases of divisible measures and measures with nothing to buy (docs/model.md,
"A first phase when the whole does not fit")."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import Engine, KvoError
from kvo_rules.advice.budgets import PHASES
from kvo_rules.advice.candidates import PHASE_CONCENTRATION
from kvo_rules.advice.results import CandidateMeasure, Recommendation

DARK_PARK = """
area: {{name: Dark park, kind: business_park, businesses: 60, hectares: 30, dark_spots: {spots}}}
problems:
  - {{type: burglary_business, severity: 4, incidents_per_year: 20, times: [night]}}
  - {{type: poor_lighting, severity: 4}}
budget: {budget}
"""


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[..., Recommendation]:
    def _advise(
        spots: int = 40, budget: str = "{one_off: 1000000, yearly: 1000000}"
    ) -> Recommendation:
        path = write("profile.yaml", DARK_PARK.format(spots=spots, budget=budget))
        return engine.recommend(engine.load_profile(path))

    return _advise


def candidate(rec: Recommendation, mid: str) -> CandidateMeasure:
    return next(c for c in rec.candidates if c.id == mid)


def phases_of(rec: Recommendation, mid: str) -> dict[float, CandidateMeasure]:
    return {c.phase: c for c in rec.phases if c.id == mid and c.phase is not None}


def test_every_phase_that_fits_is_an_option_beside_the_whole(
    advise: Callable[..., Recommendation], engine: Engine
) -> None:
    rec = advise()
    whole = candidate(rec, "street_lighting")
    assert whole.phase is None and whole.quantity == 40
    phases = phases_of(rec, "street_lighting")
    assert sorted(phases) == sorted(PHASES)
    for s, part in phases.items():
        assert part.quantity == pytest.approx(whole.quantity * s)
        assert part.one_off_cost == pytest.approx(whole.one_off_cost * s, abs=0.01)
        for problem, effect in whole.effects.items():
            assert part.effects[problem] == pytest.approx(effect * s**PHASE_CONCENTRATION, abs=1e-5)
    whole_only = [c.id for c in rec.candidates if not engine.catalogue.measures[c.id].divisible]
    assert "police_hotspot" in whole_only  # whole-only measures are candidates here
    for mid in whole_only:
        assert not phases_of(rec, mid), mid


def test_only_phases_that_fit_on_their_own_are_offered(
    advise: Callable[..., Recommendation],
) -> None:
    # 40 dark spots cost 60,000 one-off: half (30,000) does not fit 20,000, a quarter does
    rec = advise(budget="{one_off: 20000, yearly: 100000}")
    assert sorted(phases_of(rec, "street_lighting")) == [0.25]


@pytest.mark.parametrize("one_off, phase", [(20000, 0.25), (35000, 0.5)])
def test_a_phase_in_the_package_says_so(
    advise: Callable[..., Recommendation], one_off: int, phase: float
) -> None:
    rec = advise(budget=f"{{one_off: {one_off}, yearly: 100000}}")
    m = next(m for m in rec.recommended.measures if m.id == "street_lighting")
    assert m.phase == phase
    assert m.quantity == pytest.approx(40 * phase)
    assert m.one_off_cost == pytest.approx(60000 * phase)
    assert rec.recommended.one_off_cost <= one_off
    data = rec.model_dump(mode="json")
    shown = next(x for x in data["recommended"]["measures"] if x["id"] == "street_lighting")
    assert shown["phase"] == phase
    assert all("phase" not in x for x in data["candidates"])  # wholes; phases listed apart
    assert {x["phase"] for x in data["phases"] if x["id"] == "street_lighting"} == {0.25, 0.5} & {
        s for s in PHASES if 60000 * s <= one_off
    }


@pytest.mark.parametrize("one_off", [5000, 16000, 31000, 46000, 200000])
def test_a_package_never_holds_a_measure_twice(
    advise: Callable[..., Recommendation], one_off: int
) -> None:
    rec = advise(budget=f"{{one_off: {one_off}, yearly: 100000}}")
    for pkg in (rec.recommended, *rec.alternatives):
        ids = [m.id for m in pkg.measures]
        assert len(ids) == len(set(ids)), ids


def test_the_monte_carlo_counts_a_phase_as_the_measure(
    advise: Callable[..., Recommendation], engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write("p.yaml", DARK_PARK.format(spots=40, budget="{one_off: 20000, yearly: 100000}"))
    rec = engine.recommend(engine.load_profile(path), samples=40, seed=3)
    assert rec.recommended.measures[0].phase == 0.25
    lighting = candidate(rec, "street_lighting")
    assert lighting.in_best_share is not None and lighting.in_best_share > 0
    again = engine.recommend(engine.load_profile(path), samples=40, seed=3)
    assert again.model_dump_json() == rec.model_dump_json()


def test_phases_are_largest_first_and_protect_more_than_their_share() -> None:
    assert list(PHASES) == sorted(PHASES, reverse=True)
    for s in PHASES:
        assert s < s**PHASE_CONCENTRATION < 1


def test_a_business_budget_never_makes_a_phase_fit(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    """Fewer businesses buying their own equipment costs each of them the same."""
    path = write(
        "p.yaml",
        """
area: {name: Park, kind: business_park, businesses: 40, hectares: 20}
problems:
  - {type: burglary_business, severity: 4, incidents_per_year: 12, times: [night]}
  - {type: slow_alarm_response, severity: 4}
budget:
  collective: {one_off: 50000, yearly: 50000}
  businesses: {one_off: 100, yearly: 100}
""",
    )
    rec = engine.recommend(engine.load_profile(path))
    for c in rec.candidates:
        per_business = c.cost_per_payer.get("businesses", {}).get("one_off", 0.0)
        if c.paying_businesses and per_business / c.paying_businesses > 100:
            assert c.phase is None, c.id


def test_no_dark_spots_means_nothing_to_buy_and_a_met_requirement(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "p.yaml",
        DARK_PARK.format(spots=0, budget="{one_off: 1000000, yearly: 1000000}").replace(
            "budget:", "  - {type: vehicle_crime, severity: 4, incidents_per_year: 30}\nbudget:"
        ),
    )
    profile = engine.load_profile(path)
    cands = engine.candidates(profile)
    ids = {c.id for c in cands.items}
    assert "street_lighting" not in ids and "smart_lighting" not in ids
    code, text = cands.left_out["street_lighting"]
    assert code == "nothing_to_buy"
    assert "0" in text.en and "dark_spot" in text.en
    for c in cands.items:
        for group in c.requires:
            assert "street_lighting" not in group, c.id
    with_spots = engine.candidates(
        engine.load_profile(
            write("q.yaml", DARK_PARK.format(spots=8, budget="{one_off: 1000000, yearly: 1000000}"))
        )
    )
    assert "street_lighting" in {c.id for c in with_spots.items}
    cameras = next(c for c in with_spots.items if c.id == "cctv_public_monitored")
    assert any("street_lighting" in group for group in cameras.requires)
    assert "cctv_public_monitored" in ids  # still a candidate, its lighting need met


def test_divisible_needs_more_than_one_unit(tmp_path: Path) -> None:
    from kvo_rules.core.model import Measure

    base = {
        "id": "one_thing",
        "name": {"nl": "Ding", "en": "Thing"},
        "description": {"nl": "Ding", "en": "Thing"},
        "category": "physical",
        "areas": ["business_park"],
        "lead": "municipality",
        "payer": "municipality",
        "cost": {"per": "area", "one_off": {"amount": 1000, "estimate": True}},
        "effects": [
            {"problem": "burglary_business", "reduction": 0.1, "grade": "weak", "estimate": True}
        ],
        "lead_time_months": 1,
        "divisible": True,
    }
    with pytest.raises((KvoError, ValueError), match="more than one unit"):
        Measure.model_validate(base)
    base["cost"] = {
        "per": "area",
        "quantity": {"amount": 4, "estimate": True},
        "one_off": {"amount": 1000, "estimate": True},
    }
    assert Measure.model_validate(base).divisible
    assert math.isclose(0.25**PHASE_CONCENTRATION, 0.5)
