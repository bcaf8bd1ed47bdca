"""The alarm chain: an alarm response needs alarms that report to an alarm centre.

Adviser review 6, finding 4: collective alarm response had no prerequisite, and the catalogue
could only buy a whole new alarm (€2,750) where a business whose alarm rings locally needs the
connection to an alarm centre. Now the response requires a monitored alarm, and a monitored
alarm costs the connection for the businesses that have an alarm already: counted in
``area.unmonitored_alarms``, or presumed by a slow-alarm-response finding.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import Engine
from kvo_rules.advice.quantities import one_off_per_unit
from kvo_rules.advice.recommend import build_instance
from kvo_rules.advice.results import Recommendation
from kvo_rules.authoring.validate import validate_paths
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Cost
from kvo_rules.core.profile import parse_profile

MEASURES = Path(__file__).resolve().parents[1] / "measures"

PARK = """
area: {{name: Hoge Weg, kind: business_park, businesses: 35, hectares: 20, entrances: 2{alarms}}}
problems:
{alarm_problem}  - {{type: burglary_business, severity: 3, incidents_per_year: 9, times: [night]}}
existing_measures: [kvo_partnership]
participation: 0.6
budget:
  collective: {{one_off: 5000, yearly: 25000}}
  businesses: {{one_off: 2500, yearly: 400}}
  police: {{hours_per_year: 40}}
"""
SLOW = "  - {type: slow_alarm_response, severity: 4}\n"


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[..., Recommendation]:
    def _advise(alarms: str = "", alarm_problem: str = SLOW) -> Recommendation:
        text = PARK.format(alarms=alarms, alarm_problem=alarm_problem)
        return engine.recommend(engine.load_profile(write("park.yaml", text)))

    return _advise


def _profile(engine: Engine, alarms: int | None, problems: list[str]) -> object:
    area: dict[str, object] = {"name": "X", "kind": "business_park", "businesses": 40}
    if alarms is not None:
        area["unmonitored_alarms"] = alarms
    listed = [{"type": p, "severity": 3} for p in problems]
    return parse_profile({"area": area, "problems": listed}, engine.catalogue)


def test_the_response_requires_a_monitored_alarm(engine: Engine) -> None:
    response = engine.catalogue.measures["collective_alarm_response"]
    assert [list(r.measures) for r in response.requires] == [["intruder_alarm_pac"]]


@pytest.mark.parametrize(
    ("alarms", "problems", "expected"),
    [
        (None, ["burglary_business"], 2750.0),  # nothing known: a new alarm
        (None, ["slow_alarm_response"], 450.0),  # a slow response presumes the alarms
        (10, ["burglary_business"], 0.25 * 450.0 + 0.75 * 2750.0),  # 10 of 40 have one
        (40, ["burglary_business"], 450.0),
        (0, ["slow_alarm_response"], 2750.0),  # the count overrides the presumption
    ],
)
def test_a_monitored_alarm_costs_the_connection_where_an_alarm_exists(
    engine: Engine, alarms: int | None, problems: list[str], expected: float
) -> None:
    profile = _profile(engine, alarms, problems)
    measure = engine.catalogue.measures["intruder_alarm_pac"]
    notes: dict[str, object] = {}
    assert one_off_per_unit(measure, profile, notes, engine.catalogue) == pytest.approx(expected)  # type: ignore[arg-type]
    assert ("upgrade.intruder_alarm_pac" in notes) == (expected != 2750.0)


def test_measures_without_an_upgrade_keep_their_price(engine: Engine) -> None:
    profile = _profile(engine, 40, ["slow_alarm_response"])
    for mid in ("panic_alarm", "collective_alarm_response", "time_lock_safe"):
        m = engine.catalogue.measures[mid]
        full = m.cost.one_off.amount if m.cost.one_off else 0.0
        assert one_off_per_unit(m, profile, {}, engine.catalogue) == full  # type: ignore[arg-type]


def test_the_package_connects_the_alarms_it_has_followed_up(
    advise: Callable[..., Recommendation],
) -> None:
    rec = advise()
    chosen = {m.id: m for m in rec.recommended.measures}
    assert {"collective_alarm_response", "intruder_alarm_pac"} <= set(chosen)
    alarm = next(c for c in rec.candidates if c.id == "intruder_alarm_pac")
    assert alarm.one_off_cost == pytest.approx(35 * 0.6 * 450.0)  # 21 participants connect
    (note,) = [a.en for a in rec.assumptions if "connecting the existing alarm" in a.en]
    assert "'Slow alarm response' presumes" in note and "give area.unmonitored_alarms" in note


def test_without_a_way_to_report_there_is_no_response(
    advise: Callable[..., Recommendation],
) -> None:
    """No alarm counted, none presumed: a new alarm (€2,750) does not fit €2,500 a business,
    so the response it would follow up is not bought either."""
    rec = advise(alarm_problem="")
    chosen = {m.id for m in rec.recommended.measures}
    assert "intruder_alarm_pac" not in chosen
    assert "collective_alarm_response" not in chosen


def test_a_count_above_the_businesses_is_refused(engine: Engine) -> None:
    with pytest.raises(KvoError, match="'unmonitored_alarms' \\(41\\) is more than"):
        _profile(engine, 41, ["burglary_business"])


def test_an_upgrade_must_be_a_cheaper_part_of_a_per_business_cost() -> None:
    figure = {"amount": 100.0, "estimate": True}
    upgrade = {"units": "unmonitored_alarms", "name": {"nl": "a", "en": "a"}, "one_off": figure}
    with pytest.raises(ValueError, match="'per: business' only"):
        Cost.model_validate({"per": "area", "one_off": figure, "upgrade": upgrade})
    dearer = {**upgrade, "one_off": {"amount": 200.0, "estimate": True}}
    with pytest.raises(ValueError, match="cheaper part"):
        Cost.model_validate({"per": "business", "one_off": figure, "upgrade": dearer})


def test_an_unknown_presuming_problem_is_reported_at_its_line(tmp_path: Path) -> None:
    target = tmp_path / "measures"
    shutil.copytree(MEASURES, target)
    path = target / "electronic.yaml"
    text = path.read_text(encoding="utf-8")
    old = "presumed_by: [slow_alarm_response]"
    line = text.count("\n", 0, text.index(old)) + 1
    path.write_text(text.replace(old, "presumed_by: [slow_alarm_respons]"), encoding="utf-8")
    found = [str(d) for d in validate_paths([target]).diagnostics]
    assert any(
        f.startswith(f"{path}:{line}:") and "did you mean 'slow_alarm_response'" in f for f in found
    ), found


def test_a_phase_of_the_response_needs_at_least_that_share_of_alarms(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    """A participants-only prerequisite must reach at least the dependent's share of units;
    a place-based one (lighting for cameras) is met by any phase."""
    text = PARK.format(alarms="", alarm_problem=SLOW)
    profile = engine.load_profile(write("park.yaml", text))
    evaluation = engine.evaluate(profile)
    cands = engine.candidates(profile, evaluation)
    instance = build_instance(engine.catalogue, profile, evaluation, cands)
    options = {o.id: o for o in instance.options}
    alarm_ids = {i for i in options if i.split("@")[0] == "intruder_alarm_pac"}
    assert len(alarm_ids) > 1  # the whole measure and its first phases

    def alarms_allowed(option_id: str) -> set[str]:
        (group,) = [set(g) for g in options[option_id].requires if set(g) & alarm_ids]
        return group

    assert alarms_allowed("collective_alarm_response") == {"intruder_alarm_pac"}
    response_phases = [o for o in sorted(options) if o.startswith("collective_alarm_response@")]
    assert response_phases
    for oid in response_phases:
        pct = int(oid.partition("@")[2])
        allowed = alarms_allowed(oid)
        assert allowed == {a for a in alarm_ids if int(a.partition("@")[2] or 100) >= pct}
        assert len(allowed) < len(alarm_ids) or pct == 25


def test_the_chosen_shares_match(advise: Callable[..., Recommendation]) -> None:
    rec = advise()
    shares = {m.id: m.phase or 1.0 for m in rec.recommended.measures}
    assert shares["intruder_alarm_pac"] >= shares["collective_alarm_response"]


def test_the_warning_names_the_prerequisite_the_businesses_cannot_pay(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    """A subscription of €360 a year against €200 a business: the response is blocked by its
    prerequisite, and the warning says so beside the response's own cost."""
    text = PARK.format(alarms="", alarm_problem=SLOW).replace(
        "businesses: {one_off: 2500, yearly: 400}", "businesses: {one_off: 2500, yearly: 200}"
    )
    rec = engine.recommend(engine.load_profile(write("park.yaml", text)))
    assert "collective_alarm_response" not in {m.id for m in rec.recommended.measures}
    (open_,) = [
        w
        for w in rec.warnings
        if w.code == "severe_problem_open" and w.problem == "slow_alarm_response"
    ]
    assert "It also needs 'Monitored intruder alarm'" in open_.text.en
    assert "€360 a year per business" in open_.text.en
    assert "Het vraagt ook 'Inbraakalarm met doormelding" in open_.text.nl
