"""The plan with ranges (plan --samples) and the evaluation against the predicted range."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import Engine
from kvo_rules.advice import sampling as S
from kvo_rules.cli import main
from kvo_rules.documents.followup import evaluate, load_plan, parse_followup
from kvo_rules.documents.followup.model import PredictedRange, RangeVerdict
from kvo_rules.documents.followup.ranges import range_verdict
from kvo_rules.documents.plan import plan_for, render_html, render_json, render_markdown
from kvo_rules.documents.plan.model import Plan

from .conftest import EXAMPLES

CYCLE = EXAMPLES / "cycle"
START = date(2025, 3, 1)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def sampled(engine: Engine) -> Plan:
    return plan_for(engine, engine.load_profile(CYCLE / "profile.yaml"), START, samples=200)


def test_without_samples_the_plan_has_no_ranges(engine: Engine) -> None:
    plan = plan_for(engine, engine.load_profile(CYCLE / "profile.yaml"), START)
    assert plan.uncertainty is None
    assert all(g.range_statement is None for g in plan.goals)
    text = render_json(plan, "en")
    assert "expected_incidents_range" not in text and '"uncertainty"' not in text


def test_goals_carry_ranges_around_their_expectation(sampled: Plan) -> None:
    assert sampled.uncertainty is not None and sampled.uncertainty.samples == 200
    counted = [g for g in sampled.goals if g.addressed and g.baseline_incidents is not None]
    assert counted
    for g in counted:
        r = g.expected_incidents_range
        assert r is not None and g.expected_incidents is not None
        assert r.low <= r.median <= r.high <= g.baseline_incidents
        assert r.low <= g.expected_incidents <= r.high
        assert g.range_statement is not None
        assert g.range_statement.en.startswith(f"Range: {g.baseline_incidents:g} → ")
        assert "per jaar" in g.range_statement.nl
    for g in sampled.goals:
        if g.addressed:
            rr = g.expected_reduction_range
            assert rr is not None and rr.low <= g.expected_reduction <= rr.high


def test_zero_width_ranges_collapse_to_the_goals(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        S,
        "effect_distribution",
        lambda m, p, point, ev, share: (S.Triangular(point, point, point), "grade"),
    )
    monkeypatch.setattr(S, "cost_distribution", lambda figure: None)
    plan = plan_for(engine, engine.load_profile(CYCLE / "profile.yaml"), START, samples=20)
    assert plan.uncertainty is not None
    for g in plan.goals:
        if g.expected_incidents_range is not None:
            r = g.expected_incidents_range
            assert r.low == r.median == r.high == g.expected_incidents
        if g.expected_reduction_range is not None:
            rr = g.expected_reduction_range  # two roundings at 6 decimals
            assert rr.low == rr.high == pytest.approx(g.expected_reduction, abs=2e-6)
    assert plan.uncertainty.robust is not None
    assert plan.uncertainty.robust.en.startswith("This plan is also the package")
    assert len(plan.uncertainty.value_of_information) == 1
    assert "would not change the plan" in plan.uncertainty.value_of_information[0].en


def test_markdown_and_html_show_the_ranges_and_the_value_of_information(sampled: Plan) -> None:
    md = render_markdown(sampled, "en")
    assert "### How sure the expectations are" in md and "- Range: 26 → " in md
    assert md.index("## 5. Goals") < md.index("### How sure") < md.index("## 6.")  # in the goals
    html = render_html(sampled, "nl")
    assert 'class="uncertainty"' in html and "Bandbreedte: 26 → " in html


def test_the_value_of_information_names_a_measure_and_the_packages(engine: Engine) -> None:
    """business_park_old_industrial at a one-off budget of 40,000: effects whose value decides
    between two packages, one of them this plan's (the example moves with the model: search the
    examples and budgets again when it does)."""
    plan = plan_for(
        engine,
        engine.load_profile(EXAMPLES / "business_park_old_industrial.yaml"),
        START,
        budget_one_off=40000,
        samples=300,
    )
    assert plan.uncertainty is not None
    voi = plan.uncertainty.value_of_information
    assert 1 <= len(voi) <= 2
    for v in voi:
        assert v.en.startswith("A local measurement of the effect of ")
        assert "if it turns out low, " in v.en and "if high, " in v.en
        assert v.nl.startswith("Een lokale meting van het effect van ")
    assert any("this plan's package" in v.en for v in voi)


def test_a_differing_robust_package_is_said_with_its_driver(engine: Engine) -> None:
    plan = plan_for(
        engine,
        engine.load_profile(EXAMPLES / "business_park_dark.yaml"),
        START,
        budget_one_off=320000,  # where the robust package differs (tests/test_explain_uncertainty)
        samples=100,
    )
    assert plan.uncertainty is not None and plan.uncertainty.robust is not None
    robust = plan.uncertainty.robust
    assert robust.en.startswith("The package that holds up best when the effects disappoint")
    assert " and leaves out " in robust.en or " also takes " in robust.en
    assert "comes mostly from the effect of" in robust.en and "wijkt af" in robust.nl


# --------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    ("measured", "verdict"),
    [(9.9, "below"), (10.0, "within"), (12.0, "within"), (14.0, "within"), (14.01, "above")],
)
def test_range_verdict_counts_the_ends_as_within(measured: float, verdict: str) -> None:
    assert range_verdict(measured, PredictedRange(low=10, high=14)) is RangeVerdict(verdict)


def _followup(plan_path: Path, burglary: float, extra: str = "") -> str:
    return (
        f"plan: {plan_path.name}\nmeasured_on: 2027-12-06\nproblems:\n"
        f"  - type: burglary_business\n    incidents_per_year: {burglary}\n{extra}"
        "  - type: yard_theft\n    incidents_per_year: 13\n"
    )


def test_evaluation_compares_with_the_plans_range(sampled: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(render_json(sampled, "nl"), encoding="utf-8")
    plan = load_plan(path)
    goal = next(g for g in plan.goals if g.problem == "burglary_business")
    r = goal.expected_incidents_range
    assert r is not None
    cases = [(r.low - 1, RangeVerdict.below), (r.median, RangeVerdict.within)]
    cases.append((r.high + 1, RangeVerdict.above))
    for measured, verdict in cases:
        fu = parse_followup(_followup(path, round(measured, 2)), plan, base=tmp_path)
        result = next(g for g in evaluate(plan, fu).goals if g.problem == "burglary_business")
        assert result.range_verdict is verdict
        assert result.predicted_range == PredictedRange(low=r.low, high=r.high)
        assert result.range_text is not None
        assert f"{verdict.value} the predicted" in result.range_text.en
        words = {"below": "better than", "within": "as predicted", "above": "worse than"}
        assert words[verdict.value] in result.range_text.en


def test_the_followups_own_range_wins_and_old_plans_still_evaluate(tmp_path: Path) -> None:
    """The bundled cycle's plan has no ranges: no range verdict, unless the follow-up gives one."""
    plan = load_plan(CYCLE / "plan.json")
    path = tmp_path / "plan.json"
    path.write_text((CYCLE / "plan.json").read_text(encoding="utf-8"), encoding="utf-8")
    plain = evaluate(plan, parse_followup(_followup(path, 11), plan, base=tmp_path))
    assert all(g.range_verdict is None and g.predicted_range is None for g in plain.goals)
    assert "range_verdict" not in plain.model_dump_json()
    own = "    predicted: {low: 12, high: 16}\n"
    ev = evaluate(plan, parse_followup(_followup(path, 11, own), plan, base=tmp_path))
    burglary = next(g for g in ev.goals if g.problem == "burglary_business")
    assert burglary.range_verdict is RangeVerdict.below
    assert burglary.range_text is not None and "12–16" in burglary.range_text.en


def test_a_reversed_range_in_the_followup_is_an_error_with_its_place(tmp_path: Path) -> None:
    from kvo_rules.core.errors import KvoError

    plan = load_plan(CYCLE / "plan.json")
    path = tmp_path / "plan.json"
    path.write_text((CYCLE / "plan.json").read_text(encoding="utf-8"), encoding="utf-8")
    bad = "    predicted: {low: 16, high: 12}\n"
    with pytest.raises(KvoError) as err:
        parse_followup(_followup(path, 11, bad), plan, base=tmp_path, source="fu.yaml")
    assert "fu.yaml:6:" in str(err.value) and "above 'high'" in str(err.value)


def test_evaluate_command_writes_the_range_section(sampled: Plan, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(render_json(sampled, "en"), encoding="utf-8")
    fu = tmp_path / "followup.yaml"
    fu.write_text(_followup(plan_path, 11), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(plan_path), str(fu), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "### Compared with the predicted range" in result.output
    assert "Commercial burglary: measured 11 a year, below the predicted" in result.output
    data = json.loads(
        CliRunner().invoke(main, ["evaluate", str(plan_path), str(fu), "--format", "json"]).output
    )
    assert {g["problem"]: g.get("range_verdict") for g in data["goals"]}["burglary_business"]


def test_plan_command_takes_samples(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    args = ["plan", str(CYCLE / "profile.yaml"), "-o", str(out), "--start", "2025-03-01"]
    result = CliRunner().invoke(main, [*args, "--samples", "50", "--seed", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["uncertainty"]["samples"] == 50 and data["uncertainty"]["seed"] == 3
    first = out.read_text(encoding="utf-8")
    CliRunner().invoke(main, [*args, "--samples", "50", "--seed", "3", "--force"])
    assert out.read_text(encoding="utf-8") == first
