"""Per-business measures go to the businesses at risk when the profile counts them
(``problems[].businesses_at_risk``, docs/model.md "Whom a measure protects")."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kvo_rules import Engine, KvoError
from kvo_rules.advice.candidates import GRADE_FACTOR
from kvo_rules.advice.results import CandidateMeasure, Recommendation
from kvo_rules.core.model import Grade
from kvo_rules.core.profile import parse_profile
from kvo_rules.documents.followup import evaluate, next_profile, parse_followup, render_next_profile
from kvo_rules.documents.plan import build_plan
from kvo_rules.documents.plan.model import EffortKind

from .conftest import ROOT

STREET = """
area: {{name: High street, kind: shopping_area, businesses: 60, hectares: 2.5}}
problems:
  - {{type: ram_raid, severity: 4, incidents_per_year: 4, times: [night]{ram}}}
  - {{type: burglary_business, severity: 3, incidents_per_year: 8, times: [night]{burglary}}}
participation: 0.5
budget: {{one_off: 40000, yearly: 5000}}
"""


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[..., Recommendation]:
    def _advise(ram: str = "", burglary: str = "") -> Recommendation:
        path = write("street.yaml", STREET.format(ram=ram, burglary=burglary))
        return engine.recommend(engine.load_profile(path))

    return _advise


def cand(rec: Recommendation, mid: str) -> CandidateMeasure:
    return next(c for c in rec.candidates if c.id == mid)


def test_a_measure_against_a_counted_problem_goes_to_those_businesses_only(
    advise: Callable[..., Recommendation],
) -> None:
    general = cand(advise(), "anti_ram_bollards")
    targeted = cand(advise(ram=", businesses_at_risk: 4"), "anti_ram_bollards")
    assert general.businesses_at_risk is None and general.paying_businesses == 30
    assert targeted.businesses_at_risk == 4 and targeted.paying_businesses == 4
    # the same price per business, bought by 4 instead of the 30 participants
    assert targeted.one_off_cost == pytest.approx(general.one_off_cost / 30 * 4)
    # every business at risk has it: the whole risk of the problem is covered
    assert targeted.coverage == 1.0 and general.coverage == 0.5
    assert targeted.effects["ram_raid"] == pytest.approx(general.effects["ram_raid"] * 2)


def test_a_measure_that_also_acts_on_an_uncounted_problem_stays_general(
    advise: Callable[..., Recommendation],
) -> None:
    rec = advise(ram=", businesses_at_risk: 4")
    hardening = cand(rec, "target_hardening")  # ram raids and burglary; burglary not counted
    assert hardening.businesses_at_risk is None
    both = cand(
        advise(ram=", businesses_at_risk: 4", burglary=", businesses_at_risk: 10"),
        "target_hardening",
    )
    assert both.businesses_at_risk == 14  # the sum: at most every business once


def test_a_general_measure_goes_to_the_businesses_at_risk_first(
    advise: Callable[..., Recommendation],
) -> None:
    """Target hardening (ram raids counted, burglary not): bought by the 30 participants, its
    units go to the 4 shops at risk first, so it covers the whole ram-raid risk; burglary stays
    at the participation share. A first phase smaller than the count covers its part."""
    plain = cand(advise(), "target_hardening")
    rec = advise(ram=", businesses_at_risk: 4")
    first = cand(rec, "target_hardening")
    assert first.paying_businesses == plain.paying_businesses == 30  # the same purchase
    assert first.effects["ram_raid"] == pytest.approx(plain.effects["ram_raid"] / 0.5)
    assert first.effects["burglary_business"] == pytest.approx(plain.effects["burglary_business"])
    said = [a for a in rec.assumptions if "first at the businesses at risk" in a.en]
    assert said and "Target hardening" in said[0].en and "eerst bij de bedrijven" in said[0].nl
    many = cand(advise(ram=", businesses_at_risk: 40"), "target_hardening")
    assert many.effects["ram_raid"] == pytest.approx(first.effects["ram_raid"] * 30 / 40)
    phases = {p.phase: p for p in rec.phases if p.id == "target_hardening"}
    quarter = phases[0.25]  # 7.5 businesses: more than the 4 at risk
    assert quarter.effects["ram_raid"] == pytest.approx(first.effects["ram_raid"])


def test_sampled_ranges_use_the_same_share_as_the_point(
    tmp_path: Path, write: Callable[[str, str], Path]
) -> None:
    """With a catalogue interval on the counted problem, the sampled range of the mixed measure
    is that interval at the same (whole) share as its point, not at the participation share."""
    measures = tmp_path / "measures"
    shutil.copytree(ROOT / "measures", measures)
    physical = measures / "physical.yaml"
    text = physical.read_text(encoding="utf-8")
    old = "      - problem: ram_raid\n        reduction: 0.2\n        grade: practice\n"
    assert text.count(old) == 1  # target hardening's ram-raid effect
    physical.write_text(
        text.replace(old, old + "        low: 0.1\n        high: 0.4\n"), encoding="utf-8"
    )
    engine = Engine(measures=measures)
    path = write("street.yaml", STREET.format(ram=", businesses_at_risk: 4", burglary=""))
    rec = engine.recommend(engine.load_profile(path), samples=5, seed=1)
    assert rec.uncertainty is not None
    (ram,) = [
        e
        for e in rec.uncertainty.effects
        if e.measure == "target_hardening" and e.problem == "ram_raid" and not e.in_place
    ]
    factor = GRADE_FACTOR[Grade.practice]
    assert ram.basis == "catalogue" and ram.point == pytest.approx(0.2 * factor)
    assert (ram.low, ram.high) == (pytest.approx(0.1 * factor), pytest.approx(0.4 * factor))


def test_the_result_says_where_it_goes(advise: Callable[..., Recommendation]) -> None:
    rec = advise(ram=", businesses_at_risk: 4")
    said = [a for a in rec.assumptions if "4 businesses at risk" in a.en]
    assert said and "Anti-ram" in said[0].en and "4 bedrijven met dit risico" in said[0].nl


def test_more_at_risk_than_businesses_is_an_error_at_its_place(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write("bad.yaml", STREET.format(ram=", businesses_at_risk: 61", burglary=""))
    with pytest.raises(KvoError) as info:
        engine.load_profile(path)
    message = str(info.value)
    assert "bad.yaml:3:" in message and "businesses_at_risk" in message and "60" in message


def test_the_plan_counts_units_not_participation_for_a_targeted_measure(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write("street.yaml", STREET.format(ram=", businesses_at_risk: 4", burglary=""))
    profile = engine.load_profile(path)
    plan = build_plan(engine, profile, engine.recommend(profile), date(2026, 1, 1))
    bollards = next(m for m in plan.measures if m.id == "anti_ram_bollards")
    assert bollards.effort.kind is not EffortKind.participation


def test_the_next_cycle_keeps_the_count(engine: Engine, write: Callable[[str, str], Path]) -> None:
    path = write("street.yaml", STREET.format(ram=", businesses_at_risk: 4", burglary=""))
    profile = engine.load_profile(path)
    plan = build_plan(engine, profile, engine.recommend(profile), date(2026, 1, 1))
    followup = parse_followup(
        f"plan: {plan.id}\nmeasured_on: 2027-12-06\nproblems: [{{type: ram_raid, "
        "incidents_per_year: 1}]\n",
        plan,
        source="followup.yaml",
    )
    evaluation = evaluate(plan, followup)
    nxt = next_profile(plan, followup, evaluation)
    assert {p.type: p.businesses_at_risk for p in nxt.problems}["ram_raid"] == 4
    text = render_next_profile(plan, followup, evaluation, "nl")
    assert "businesses_at_risk: 4" in text
    assert parse_profile(text, engine.catalogue) == nxt
