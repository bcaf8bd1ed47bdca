"""The advice model (docs/model.md, "From a profile to an instance"): payers and their budgets,
reach and coverage, evidence grades, rule priority, warnings and cost-effectiveness."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import Engine, Recommendation
from kvo_rules.advice.candidates import GRADE_FACTOR, priority_factor, volume_factor
from kvo_rules.cli import main
from kvo_rules.core.model import Grade

DATA = Path(__file__).parent / "data"
PAYERS = DATA / "payers"

PARK = """
area: {name: Test park, kind: business_park, businesses: 100, hectares: 40, dark_spots: 10}
problems:
  - {type: burglary_business, severity: 4, incidents_per_year: 30}
  - {type: poor_lighting, severity: 3}
"""


@pytest.fixture(scope="module")
def payers_engine() -> Engine:
    return Engine(PAYERS / "rulesets", PAYERS / "measures")


@pytest.fixture
def advise(
    payers_engine: Engine, write: Callable[[str, str], Path]
) -> Callable[[str], Recommendation]:
    def _advise(extra: str) -> Recommendation:
        path = write("profile.yaml", PARK + extra)
        return payers_engine.recommend(payers_engine.load_profile(path))

    return _advise


def ids(rec: Recommendation) -> set[str]:
    return {m.id for m in rec.recommended.measures}


def test_old_budget_form_gives_the_same_packages_as_before(tmp_path: Path) -> None:
    """Where grades are strong, reach is the area, rules weigh 3 and no incidents are given,
    nothing of the new model applies: the answer of the first model (commit bae0d73) stands."""
    shutil.copytree(DATA / "mini", tmp_path / "mini")
    measures = tmp_path / "mini" / "measures" / "measures.yaml"
    measures.write_text(
        measures.read_text()
        .replace("grade: practice", "grade: strong")
        .replace("grade: moderate", "grade: strong")
    )
    rules = tmp_path / "mini" / "rulesets" / "burglary.yaml"
    rules.write_text(
        rules.read_text()
        .replace("weight: 2", "weight: 3")
        .replace("      - propose: cctv\n", "      - propose: cctv\n        weight: 3\n")
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "area: {name: De Hoek, kind: business_park, businesses: 120, hectares: 45}\n"
        "problems:\n"
        "  - {type: burglary_business, severity: 4, trend: rising}\n"
        "  - {type: poor_lighting, severity: 3}\n"
        "budget: {one_off: 60000, yearly: 15000}\n"
    )
    engine = Engine(tmp_path / "mini" / "rulesets", tmp_path / "mini" / "measures")
    rec = engine.recommend(engine.load_profile(profile))
    # the first model's answer, recorded from bae0d73 on the same data
    assert [m.id for m in rec.recommended.measures] == ["street_lighting"]
    assert rec.recommended.one_off_cost == 33750.0
    assert rec.recommended.benefit == 9.84
    assert rec.recommended.expected_reduction == {"burglary_business": 0.21, "poor_lighting": 0.8}
    assert [(a.label, [m.id for m in a.measures], a.benefit) for a in rec.alternatives] == [
        ("basic", ["street_lighting"], 9.84),
        ("ambitious", ["street_lighting", "cctv"], 12.684),
    ]
    assert rec.budget_per_payer is None


def test_every_payer_budget_is_honoured(advise: Callable[[str], Recommendation]) -> None:
    rec = advise(
        "participation: 0.5\n"
        "budget:\n"
        "  collective: {one_off: 0, yearly: 12000}\n"
        "  municipality: {one_off: 20000, yearly: 12000}\n"
        "  businesses: {one_off: 0, yearly: 400}\n"
        "  police: {hours_per_year: 100}\n"
    )
    chosen = ids(rec)
    # patrol: 10,000 a year each for collective and municipality: fits
    # hotspot: 150 police hours > 100: does not fit; street lighting: 10 dark spots x 1000
    assert {"patrol", "street_lighting", "alarm_response"} <= chosen
    assert "hotspot" not in chosen
    costs = rec.recommended.cost_per_payer
    assert costs["collective"] == {"one_off": 0.0, "yearly": 10000.0}
    assert costs["municipality"] == {"one_off": 10000.0, "yearly": 10000.0}
    # 50 participating businesses pay 300 a year each
    assert costs["businesses"]["yearly"] == 15000.0
    assert costs["businesses"]["per_business_yearly"] == 300.0
    assert rec.budget_per_payer is not None
    assert rec.budget_per_payer["police"] == {"hours_per_year": 100.0}


def test_a_payer_left_out_has_no_budget_unless_unlisted_is_open(
    advise: Callable[[str], Recommendation],
) -> None:
    closed = advise("budget:\n  municipality: {one_off: 20000, yearly: 30000}\n")
    assert ids(closed) == {"street_lighting"}
    assert closed.budget_per_payer is not None
    assert closed.budget_per_payer["collective"] == {"one_off": 0.0, "yearly": 0.0}
    assert closed.budget_per_payer["police"] == {"hours_per_year": 0.0}
    missing = {(w.measure, w.payer) for w in closed.warnings if w.code == "missing_party"}
    assert ("hotspot", "police") in missing
    assert ("alarm_response", "businesses") in missing

    opened = advise("budget:\n  municipality: {one_off: 20000, yearly: 30000}\n  unlisted: open\n")
    assert {"street_lighting", "patrol", "hotspot", "alarm_response"} <= ids(opened)
    assert opened.budget_per_payer is not None
    assert "police" not in opened.budget_per_payer


def test_a_third_party_measure_is_never_in_the_package(
    advise: Callable[[str], Recommendation],
) -> None:
    for extra in ("", "budget: {one_off: 10000000, yearly: 1000000}\n"):
        rec = advise(extra)
        assert "truck_park" not in ids(rec)
        assert "truck_park" not in {c.id for c in rec.candidates}


def test_participants_only_effects_scale_with_participation(
    advise: Callable[[str], Recommendation],
) -> None:
    low = advise("participation: 0.3\n")
    high = advise("participation: {default: 0.3, alarm_response: 0.8}\n")
    default = advise("")
    by = {r: {c.id: c for c in rec.candidates} for r, rec in (("low", low), ("high", high))}
    assert by["low"]["alarm_response"].coverage == 0.3
    assert by["low"]["alarm_response"].effects["burglary_business"] == pytest.approx(0.5 * 0.3)
    assert by["high"]["alarm_response"].coverage == 0.8
    assert by["high"]["alarm_response"].yearly_cost == pytest.approx(80 * 300)
    assert by["low"]["alarm_response"].displacement is not None
    # area measures are not scaled
    assert by["low"]["patrol"].coverage == 1.0
    alarm = {c.id: c for c in default.candidates}["alarm_response"]
    assert alarm.coverage == 0.5
    assert any("50%" in a.en for a in default.assumptions)


def test_weaker_evidence_gives_a_smaller_expected_effect(
    advise: Callable[[str], Recommendation],
) -> None:
    rec = advise("")
    by = {c.id: c for c in rec.candidates}
    assert by["patrol"].effects["burglary_business"] == pytest.approx(
        0.4 * GRADE_FACTOR[Grade.weak]
    )
    assert by["hotspot"].effects["burglary_business"] == pytest.approx(
        0.2 * GRADE_FACTOR[Grade.moderate]
    )
    assert by["street_lighting"].effects["burglary_business"] == pytest.approx(0.2)
    factors = [GRADE_FACTOR[g] for g in (Grade.strong, Grade.moderate, Grade.weak, Grade.practice)]
    assert factors == sorted(factors, reverse=True) and factors[0] == 1.0


def test_rule_weight_sets_the_priority_factor(advise: Callable[[str], Recommendation]) -> None:
    by = {c.id: c for c in advise("").candidates}
    assert (
        by["street_lighting"].priority == pytest.approx(priority_factor(1)) == pytest.approx(2 / 3)
    )
    assert by["patrol"].priority == 1.0
    assert priority_factor(0) == 0.5
    assert priority_factor(10) == 1.0


def test_volume_factor_and_problem_weights(
    advise: Callable[[str], Recommendation], payers_engine: Engine
) -> None:
    assert volume_factor(None) == 1.0
    assert volume_factor(0) == pytest.approx(0.8)
    assert volume_factor(9) == pytest.approx(1.0)
    assert volume_factor(10_000) == pytest.approx(1.2)
    rec = advise("")
    harm = {p: t.harm_weight for p, t in payers_engine.catalogue.problems.items()}
    assert rec.problem_weights["burglary_business"] == pytest.approx(
        4 * harm["burglary_business"] * volume_factor(30), abs=1e-6
    )
    assert rec.problem_weights["poor_lighting"] == pytest.approx(3 * harm["poor_lighting"])


def test_lighting_quantity_follows_the_dark_spots(
    payers_engine: Engine, write: Callable[[str, str], Path]
) -> None:
    found = payers_engine.recommend(payers_engine.load_profile(write("a.yaml", PARK)))
    lamp = {c.id: c for c in found.candidates}["street_lighting"]
    assert lamp.quantity == 10 and lamp.one_off_cost == 10_000
    unknown = PARK.replace(", dark_spots: 10", "")
    rec = payers_engine.recommend(payers_engine.load_profile(write("b.yaml", unknown)))
    lamp = {c.id: c for c in rec.candidates}["street_lighting"]
    assert lamp.quantity == 20  # 0.5 per hectare over 40 ha, said as an assumption
    assert any("dark spots" in a.en.lower() for a in rec.assumptions)


def test_lighting_is_proposed_only_with_a_lighting_finding(
    payers_engine: Engine, write: Callable[[str, str], Path]
) -> None:
    text = PARK.replace(", dark_spots: 10", "").replace(
        "  - {type: poor_lighting, severity: 3}\n", ""
    )
    rec = payers_engine.recommend(payers_engine.load_profile(write("c.yaml", text)))
    assert "street_lighting" not in {c.id for c in rec.candidates}


def test_prevented_incidents_add_up_to_the_expected_fall(
    advise: Callable[[str], Recommendation],
) -> None:
    rec = advise("budget: {one_off: 50000, yearly: 60000}\n")
    pkg = rec.recommended
    prevented = sum(m.prevented_incidents_per_year or 0.0 for m in pkg.measures)
    assert prevented == pytest.approx(30 - pkg.expected_incidents["burglary_business"], abs=0.05)
    for m in pkg.measures:
        if m.prevented_incidents_per_year:
            annual = m.one_off_cost / rec.horizon_years + m.yearly_cost
            assert m.cost_per_prevented_incident == pytest.approx(
                annual / m.prevented_incidents_per_year, rel=0.01
            )
        elif "burglary_business" not in m.addresses:
            assert m.cost_per_prevented_incident is None


def test_a_severe_open_problem_is_warned_about_with_the_blocking_payer(
    advise: Callable[[str], Recommendation],
) -> None:
    rec = advise(
        "budget:\n"
        "  collective: {one_off: 0, yearly: 5000}\n"
        "  municipality: {one_off: 0, yearly: 0}\n"
    )
    warning = next(w for w in rec.warnings if w.code == "severe_problem_open")
    assert warning.problem == "burglary_business"
    assert "does not fit" in warning.text.en and "past niet" in warning.text.nl
    unused = [w for w in rec.warnings if w.code == "budget_unused"]
    assert [w.payer for w in unused] == ["collective"]


@pytest.mark.parametrize(
    ("budget", "line", "column", "needle"),
    [
        ("budget:\n  colective: {one_off: 1, yearly: 1}\n", 6, 3, "did you mean 'collective'"),
        ("budget:\n  collective: {one_off: -5, yearly: 1}\n", 6, 25, "greater than or equal to 0"),
        ("budget:\n  municipality: {hours_per_year: 40}\n", 6, 17, "pays in euros"),
        ("budget:\n  police: {one_off: 400}\n", 6, 11, "contribute hours"),
        ("participation: 1.5\n", 5, 16, "less than or equal to 1"),
        ("participation: {default: 0.4, alarm_respons: 0.7}\n", 5, 46, "alarm_response"),
    ],
)
def test_bad_new_fields_are_located_errors_with_exit_2(
    write: Callable[[str, str], Path], budget: str, line: int, column: int, needle: str
) -> None:
    path = write("bad.yaml", PARK + budget)
    result = CliRunner(env={"KVO_LANG": "en"}).invoke(
        main,
        [
            "recommend",
            str(path),
            "--rules",
            str(PAYERS / "rulesets"),
            "--measures",
            str(PAYERS / "measures"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert f"{path}:{line}:{column}:" in result.output, result.output
    assert needle in result.output
    assert "Traceback" not in result.output


def test_the_cost_per_payer_of_a_package_adds_up(advise: Callable[[str], Recommendation]) -> None:
    rec = advise("budget: {one_off: 50000, yearly: 60000}\n")
    pkg = rec.recommended
    euros = [
        (costs.get("one_off", 0.0), costs.get("yearly", 0.0))
        for costs in pkg.cost_per_payer.values()
    ]
    assert math.isclose(sum(o for o, _ in euros), pkg.one_off_cost, abs_tol=0.05)
    assert math.isclose(sum(y for _, y in euros), pkg.yearly_cost, abs_tol=0.05)


def test_explain_names_the_payer_whose_budget_blocks_a_measure(
    payers_engine: Engine, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "p.yaml",
        PARK + "budget:\n  businesses: {one_off: 0, yearly: 100}\n  unlisted: open\n",
    )
    (item,) = payers_engine.explain(payers_engine.load_profile(path), "alarm_response")
    assert item.status == "candidate"
    assert "businesses themselves" in item.summary.en and "€300 a year per business" in (
        item.summary.en
    )


def test_a_profile_with_per_measure_participation_is_hashable(
    payers_engine: Engine, write: Callable[[str, str], Path]
) -> None:
    """Found in the merge with the hardening work: the engine remembers checked profiles in a
    weak set, and a mapping of shares made the profile unhashable."""
    path = write("p.yaml", PARK + "participation: {default: 0.4, alarm_response: 0.7}\n")
    profile = payers_engine.load_profile(path)
    again = payers_engine.load_profile(path)
    assert hash(profile) == hash(again) and profile == again
    assert payers_engine.recommend(profile) == payers_engine.recommend(again)
