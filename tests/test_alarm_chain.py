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
from kvo_rules.advice.budgets import option_id
from kvo_rules.advice.quantities import one_off_figure, one_off_per_unit
from kvo_rules.advice.recommend import build_instance
from kvo_rules.advice.results import Recommendation
from kvo_rules.advice.sampling import build_model
from kvo_rules.authoring.validate import validate_paths
from kvo_rules.core.catalogue import load_catalogue
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Cost
from kvo_rules.core.profile import parse_profile
from kvo_rules.documents.render import Format, describe_measure

from .conftest import EXAMPLES

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
    groups = [list(r.measures) for r in response.requires]
    assert groups == [["intruder_alarm_pac"]]
    panic = engine.catalogue.measures["panic_alarm"]  # a robbery is for the police
    assert [list(r.measures) for r in panic.requires] == [["police_followup_agreement"]]


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
    (note,) = [a.en for a in rec.assumptions if "connection of the existing alarm" in a.en]
    assert "'Slow alarm response' is about alarms" in note and "That is a guess" in note
    assert "a subscription of €360 a year" in note and "Give area.unmonitored_alarms" in note
    assert "put this measure among existing_measures" in note


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
    for amount in (200.0, 100.0):  # dearer, or the same price
        dearer = {**upgrade, "one_off": {"amount": amount, "estimate": True}}
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


def _alarm_requirements(engine: Engine, profile: object) -> dict[str, tuple[float, set[str]]]:
    """Each response option -> its businesses and the alarm options that meet its requirement;
    plus every alarm option -> its businesses (under the key of the alarm option)."""
    evaluation = engine.evaluate(profile)  # type: ignore[arg-type]
    cands = engine.candidates(profile, evaluation)  # type: ignore[arg-type]
    instance = build_instance(engine.catalogue, profile, evaluation, cands)  # type: ignore[arg-type]
    units = {option_id(c): c.paying_businesses for c in (*cands.items, *cands.phases)}
    out: dict[str, tuple[float, set[str]]] = {}
    for o in instance.options:
        mid = o.id.partition("@")[0]
        if mid == "intruder_alarm_pac":
            out[o.id] = (units[o.id], set())
        if mid == "collective_alarm_response":
            alarms = {i for g in o.requires for i in g if i.startswith("intruder_alarm_pac")}
            out[o.id] = (units[o.id], alarms)
    return out


@pytest.mark.parametrize("participation", ["0.6", "{default: 0.5, collective_alarm_response: 0.7}"])
def test_the_response_needs_alarms_at_as_many_businesses(
    engine: Engine, write: Callable[[str, str], Path], participation: str
) -> None:
    """A participants-only prerequisite reaches at least as many businesses as the measure that
    requires it, whole or as a phase, also where the participation differs per measure."""
    text = PARK.format(alarms="", alarm_problem=SLOW).replace(
        "participation: 0.6", f"participation: {participation}"
    )
    reqs = _alarm_requirements(engine, engine.load_profile(write("park.yaml", text)))
    alarm_ids = {i for i in reqs if i.startswith("intruder_alarm_pac")}
    responses = {i for i in reqs if i.startswith("collective_alarm_response")}
    assert len(alarm_ids) > 1 and len(responses) > 1  # whole measures and first phases
    for rid in sorted(responses):
        served, allowed = reqs[rid]
        assert allowed == {a for a in alarm_ids if reqs[a][0] >= served - 1e-6}
    whole_served, whole_allowed = reqs["collective_alarm_response"]
    if "0.7" in participation:  # 24.5 served, 17.5 alarms at most: the whole is unmeetable
        assert whole_allowed == set() and whole_served > reqs["intruder_alarm_pac"][0]
    else:
        assert whole_allowed == {"intruder_alarm_pac"}


def test_the_chosen_alarms_cover_the_businesses_served(engine: Engine) -> None:
    """The dark business park: before, the whole response came with a quarter of the alarms."""
    rec = engine.recommend(engine.load_profile(EXAMPLES / "business_park_dark.yaml"))
    chosen = {m.id: m for m in rec.recommended.measures}
    by_id = {option_id(c): c for c in (*rec.candidates, *rec.phases)}
    served = by_id[option_id(chosen["collective_alarm_response"])].paying_businesses
    alarms = by_id[option_id(chosen["intruder_alarm_pac"])].paying_businesses
    assert alarms >= served - 1e-6


def test_the_uncertain_one_off_is_the_connection_s_range(engine: Engine) -> None:
    measure = engine.catalogue.measures["intruder_alarm_pac"]
    presumed = one_off_figure(measure, _profile(engine, None, ["slow_alarm_response"]))  # type: ignore[arg-type]
    assert presumed is not None
    assert (presumed.low, presumed.amount, presumed.high) == (150.0, 450.0, 1500.0)
    mixed = one_off_figure(measure, _profile(engine, 10, ["burglary_business"]))  # type: ignore[arg-type]
    assert mixed is not None
    assert mixed.low == pytest.approx(0.25 * 150 + 0.75 * 1500)
    assert mixed.high == pytest.approx(0.25 * 1500 + 0.75 * 4000)
    plain = one_off_figure(measure, _profile(engine, None, ["burglary_business"]))  # type: ignore[arg-type]
    assert plain == measure.cost.one_off


def test_an_alias_in_presumed_by_is_read_as_the_problem(tmp_path: Path) -> None:
    target = tmp_path / "measures"
    shutil.copytree(MEASURES, target)
    path = target / "electronic.yaml"
    text = path.read_text(encoding="utf-8")
    old = "presumed_by: [slow_alarm_response]"
    path.write_text(text.replace(old, "presumed_by: [alarm_response_time]"), encoding="utf-8")
    catalogue = load_catalogue(target)
    upgrade = catalogue.measures["intruder_alarm_pac"].cost.upgrade
    assert upgrade is not None and upgrade.presumed_by == ("slow_alarm_response",)


def test_the_measure_sheet_shows_the_upgrade(engine: Engine) -> None:
    sheet = describe_measure(engine.catalogue.measures["intruder_alarm_pac"], "en", Format.table)
    assert "one-off (€) for the upgrade (area.unmonitored_alarms)" in sheet
    assert "the connection of the existing alarm to an alarm centre" in sheet


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


def test_the_monte_carlo_draws_the_connection_from_its_own_range(
    engine: Engine, write: Callable[[str, str], Path]
) -> None:
    """The uncertainty model uses the mixed figure, not the new alarm's 1,500-4,000."""
    profile = engine.load_profile(write("park.yaml", PARK.format(alarms="", alarm_problem=SLOW)))
    evaluation = engine.evaluate(profile)
    cands = engine.candidates(profile, evaluation)
    instance = build_instance(engine.catalogue, profile, evaluation, cands)
    rec = engine.recommend(profile)
    model = build_model(engine.catalogue, profile, evaluation, rec, instance)
    keys = list(model.cost_keys)
    dist = model.cost_dists[keys.index(("intruder_alarm_pac", "one_off"))]
    assert (dist.low, dist.mode, dist.high) == pytest.approx((150 / 450, 1.0, 1500 / 450))
