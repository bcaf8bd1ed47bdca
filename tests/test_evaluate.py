"""The KVO cycle (issue 9): evaluation at the follow-up measurement and the next profile.

The worked example lives in examples/cycle/: profile.yaml -> plan.json (kvo-rules plan, start
2025-03-01) -> followup.yaml -> the evaluation -> next_profile.yaml -> the next plan. The
committed plan.json, evaluation.md and next_profile.yaml are regenerated and compared, so they
cannot drift; golden files in tests/golden/evaluate/ hold the evaluation in every format and
language. After an intended change (wording, layout, catalogue, rules), regenerate and review:

    KVO_UPDATE_GOLDEN=1 python -m pytest tests/test_evaluate.py
    git diff examples/cycle tests/golden/evaluate
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvo_rules.cli import main
from kvo_rules.core.bundled import bundled_dir
from kvo_rules.core.catalogue import Catalogue, load_catalogue
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Lang, Trend
from kvo_rules.core.profile import parse_profile
from kvo_rules.core.profile_model import Profile
from kvo_rules.documents.followup import (
    TREND_THRESHOLD,
    Criterion,
    Evaluation,
    FollowUp,
    MeasureOutcome,
    Verdict,
    count_trend,
    criterion,
    evaluate,
    load_followup,
    load_plan,
    next_profile,
    parse_followup,
    render_html,
    render_json,
    render_markdown,
    render_next_profile,
    severity_trend,
    share_trend,
)
from kvo_rules.documents.followup.texts import WORDS, format_change, word
from kvo_rules.documents.plan import Plan
from kvo_rules.documents.plan import render_json as render_plan_json

from .conftest import ROOT, chromium_path

CYCLE = ROOT / "examples" / "cycle"
START = "2025-03-01"
GOLDEN = Path(__file__).parent / "golden" / "evaluate"
TEMPLATES = ROOT / "kvo_rules" / "documents" / "followup" / "templates"
UPDATE = os.environ.get("KVO_UPDATE_GOLDEN") == "1"
LANGS: tuple[Lang, ...] = ("nl", "en")
FORMATS = ("md", "html", "json")
EXAMPLE_LANG: Lang = "en"
"""The language of the committed evaluation.md and next_profile.yaml of the worked example."""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_en(*args: str) -> Result:
    """``run`` with English messages (the CLI's default is Dutch)."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def assert_user_error(result: Result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def compare(path: Path, actual: str) -> None:
    """``actual`` equals the committed ``path`` (rewritten with KVO_UPDATE_GOLDEN=1)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run KVO_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=str(path),
            tofile="generated now",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(f"{path.name} differs (KVO_UPDATE_GOLDEN=1 regenerates it):\n{shown}")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(bundled_dir("measures"))


@pytest.fixture(scope="module")
def plan(catalogue: Catalogue) -> Plan:
    """The worked example's committed plan, names from the catalogue in both languages."""
    return load_plan(CYCLE / "plan.json", catalogue)


@pytest.fixture(scope="module")
def followup(plan: Plan) -> FollowUp:
    return load_followup(CYCLE / "followup.yaml", plan, plan_path=CYCLE / "plan.json")


@pytest.fixture(scope="module")
def evaluation(plan: Plan, followup: FollowUp) -> Evaluation:
    return evaluate(plan, followup)


def follow(plan: Plan, body: str, *, measured_on: str = "2027-12-06") -> FollowUp:
    """A follow-up of the example plan from a YAML body (problems and measures)."""
    return parse_followup(
        f"plan: {plan.id}\nmeasured_on: {measured_on}\n{body}", plan, source="followup.yaml"
    )


def verdict_of(plan: Plan, problem: str, figures: str) -> Verdict:
    """The verdict on ``problem``'s goal when the follow-up gives ``figures`` (YAML flow)."""
    ev = evaluate(plan, follow(plan, f"problems: [{{type: {problem}, {figures}}}]"))
    return next(g for g in ev.goals if g.problem == problem).verdict


# --- the worked example: the whole chain --------------------------------------------------


def test_the_committed_plan_is_what_kvo_rules_plan_writes(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("plan", str(CYCLE / "profile.yaml"), "-o", str(out), "--start", START)
    assert result.exit_code == 0, result.output
    compare(CYCLE / "plan.json", out.read_text("utf-8"))


GOLDEN_CASES = [(lang, fmt) for lang in LANGS for fmt in FORMATS]


@pytest.mark.parametrize(("lang", "fmt"), GOLDEN_CASES)
def test_golden(tmp_path: Path, lang: Lang, fmt: str) -> None:
    out = tmp_path / f"evaluation.{fmt}"
    result = run(
        "evaluate",
        str(CYCLE / "plan.json"),
        str(CYCLE / "followup.yaml"),
        "-o",
        str(out),
        "--lang",
        lang,
    )
    assert result.exit_code == 0, result.output
    compare(GOLDEN / f"cycle.{lang}.{fmt}", out.read_text("utf-8"))


def test_no_stray_golden_files() -> None:
    wanted = {f"cycle.{lang}.{fmt}" for lang, fmt in GOLDEN_CASES}
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.exists() else set()
    assert present - wanted == set(), "golden files for no case: delete them"


def test_the_whole_cycle_runs_from_profile_to_the_next_plan(tmp_path: Path) -> None:
    # profile -> plan.json (the follow-up names it by its path, next to it)
    work = tmp_path / "cycle"
    work.mkdir()
    shutil.copy(CYCLE / "followup.yaml", work / "followup.yaml")
    plan_json = work / "plan.json"
    result = run("plan", str(CYCLE / "profile.yaml"), "-o", str(plan_json), "--start", START)
    assert result.exit_code == 0, result.output

    # -> evaluation on stdout (Markdown by default) and the next profile
    nxt = work / "next_profile.yaml"
    result = run(
        "evaluate",
        str(plan_json),
        str(work / "followup.yaml"),
        "--lang",
        EXAMPLE_LANG,
        "--next-profile",
        str(nxt),
    )
    assert result.exit_code == 0, result.output
    compare(CYCLE / "evaluation.md", result.stdout)
    compare(CYCLE / "next_profile.yaml", nxt.read_text("utf-8"))

    # -> the next profile is valid, and recommend and plan take it as it is
    result = run("validate", str(nxt))
    assert result.exit_code == 0, result.output
    result = run("recommend", str(nxt), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["recommended"]["measures"]
    next_plan = work / "next_plan.json"
    result = run(
        "plan",
        str(nxt),
        "-o",
        str(next_plan),
        "--start",
        "2028-03-01",
        "--budget-one-off",
        "40000",
        "--budget-yearly",
        "10000",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(next_plan.read_text("utf-8"))
    existing = {m["id"] for m in data["existing_measures"]}
    assert {"kvo_partnership", "schouw", "street_lighting", "collective_patrol"} <= existing
    assert not existing & {m["id"] for m in data["measures"]}  # nothing proposed twice
    burglary = next(p for p in data["problems"] if p["id"] == "burglary_business")
    assert (burglary["severity"], burglary["incidents_per_year"], burglary["trend"]) == (
        3,
        11,
        "falling",
    )


def test_the_example_evaluation_says_what_the_follow_up_shows(evaluation: Evaluation) -> None:
    s = evaluation.summary
    assert (s.goals, s.goals_reached, s.goals_not_reached, s.goals_not_measured) == (4, 3, 1, 0)
    assert (s.measures, s.carried_out, s.partly, s.not_started, s.stopped) == (15, 9, 2, 3, 0)
    verdicts = {g.problem: g.verdict for g in evaluation.goals}
    assert verdicts == {
        "burglary_business": Verdict.reached,  # 11, the goal at most 16
        "slow_alarm_response": Verdict.not_reached,  # -14%, the goal -30%
        "yard_theft": Verdict.reached,  # 13, the goal at most 13 (the patrol's effect on yards
        # comes from another setting and counts one grade lower, so the plan expects less)
        "poor_lighting": Verdict.reached,  # severity 2, exactly the target
    }
    assert {p.id: p.trend for p in evaluation.problems} == {
        "burglary_business": Trend.falling,
        "slow_alarm_response": Trend.falling,
        "yard_theft": Trend.stable,  # 14 -> 13 is within chance
        "poor_lighting": Trend.falling,
    }


# --- goals ---------------------------------------------------------------------------------


def test_an_incident_goal_is_reached_at_the_target_and_not_above(plan: Plan) -> None:
    g = next(g for g in plan.goals if g.problem == "burglary_business")
    assert criterion(g) is Criterion.incidents and g.target_incidents_max == 16
    assert verdict_of(plan, "burglary_business", "incidents_per_year: 16") is Verdict.reached
    assert verdict_of(plan, "burglary_business", "incidents_per_year: 16.5") is (
        Verdict.not_reached
    )
    assert verdict_of(plan, "burglary_business", "incidents_per_year: 0") is Verdict.reached


def test_an_incident_goal_is_not_judged_on_the_severity(plan: Plan) -> None:
    ev = evaluate(plan, follow(plan, "problems: [{type: burglary_business, severity: 1}]"))
    g = next(g for g in ev.goals if g.problem == "burglary_business")
    assert g.verdict is Verdict.not_measured
    assert "no count" in g.explanation.en


def test_a_problem_left_out_is_not_measured_not_passed(plan: Plan) -> None:
    body = "problems: [{type: burglary_business, incidents_per_year: 9}]"
    ev = evaluate(plan, follow(plan, body))
    left_out = {"slow_alarm_response", "yard_theft", "poor_lighting"}
    assert {g.problem for g in ev.goals if g.verdict is Verdict.not_measured} == left_out
    assert {p.id for p in ev.problems if not p.measured} == left_out
    assert ev.summary.goals_not_measured == 3 and ev.summary.problems_measured == 1
    warning = next(w for w in ev.warnings if w.en.startswith("Not measured"))
    assert "Theft from yards" in warning.en and "Niet gemeten" in warning.nl
    md = render_markdown(ev, "en")
    assert md.count("| **not measured** |") == 3


def test_an_indicator_goal_needs_the_reduction_it_promised(plan: Plan) -> None:
    g = next(g for g in plan.goals if g.problem == "slow_alarm_response")
    target = g.target_reduction_min
    assert criterion(g) is Criterion.indicator and target is not None and 0 < target < 1

    def verdict(figures: str) -> Verdict:
        return verdict_of(plan, "slow_alarm_response", figures)

    exactly = round(100 * (1 - target), 6)
    assert verdict(f"indicator: {{baseline: 100, measured: {exactly}}}") is Verdict.reached
    assert verdict(f"indicator: {{baseline: 100, measured: {exactly + 0.5}}}") is (
        Verdict.not_reached
    )
    share = round(0.5 * (1 - target) - 0.01, 6)
    assert verdict(f"indicator: {{baseline: 0.5, measured: {share}}}") is Verdict.reached
    assert verdict("severity: 1") is Verdict.not_measured  # the goal is about the indicator


def test_a_severity_goal(plan: Plan) -> None:
    def verdict(severity: int) -> Verdict:
        return verdict_of(plan, "poor_lighting", f"severity: {severity}")

    g = next(g for g in plan.goals if g.problem == "poor_lighting")
    assert criterion(g) is Criterion.severity and g.target_severity_max == 2
    assert verdict(2) is Verdict.reached
    assert verdict(3) is Verdict.not_reached


def test_a_severity_goal_that_keeps_the_score_also_needs_the_indicator(plan: Plan) -> None:
    lighting = next(g for g in plan.goals if g.problem == "poor_lighting")
    held = lighting.model_copy(update={"target_severity_max": 4, "target_reduction_min": 0.3})
    assert criterion(held) is Criterion.severity_and_indicator
    changed = plan.model_copy(
        update={"goals": tuple(held if g.id == held.id else g for g in plan.goals)}
    )

    def verdict(figures: str) -> Verdict:
        return verdict_of(changed, "poor_lighting", figures)

    assert verdict("severity: 4, indicator: {baseline: 10, measured: 7}") is Verdict.reached
    assert verdict("severity: 4, indicator: {baseline: 10, measured: 8}") is Verdict.not_reached
    assert verdict("severity: 5, indicator: {baseline: 10, measured: 1}") is Verdict.not_reached
    assert verdict("severity: 3") is Verdict.not_measured


def test_an_unaddressed_goal_asks_for_no_worse(plan: Plan) -> None:
    lighting = next(g for g in plan.goals if g.problem == "poor_lighting")
    unaddressed = lighting.model_copy(
        update={"addressed": False, "target_reduction_min": 0.0, "target_severity_max": 4}
    )
    assert criterion(unaddressed) is Criterion.severity
    changed = plan.model_copy(
        update={"goals": tuple(unaddressed if g.id == lighting.id else g for g in plan.goals)}
    )
    assert verdict_of(changed, "poor_lighting", "severity: 4") is Verdict.reached
    assert verdict_of(changed, "poor_lighting", "severity: 5") is Verdict.not_reached


# --- measures and costs --------------------------------------------------------------------


def test_costs_against_the_plan(evaluation: Evaluation) -> None:
    m = {x.id: x for x in evaluation.measures}
    lighting = m["street_lighting"]
    assert (lighting.planned_one_off, lighting.actual_one_off) == (46500, 52900)
    assert lighting.one_off_difference == 6400
    assert lighting.one_off_difference_pct == pytest.approx(6400 / 46500, abs=1e-6)
    patrol = m["collective_patrol"]
    assert patrol.yearly_difference == 11900 and patrol.one_off_difference_pct is None  # 0 -> 0
    # not started: nothing spent unless the follow-up says so
    agreement = m["police_followup_agreement"]
    assert agreement.status is MeasureOutcome.not_started
    assert (agreement.actual_one_off, agreement.one_off_difference_pct) == (0, None)  # 0 -> 0
    assert (agreement.actual_yearly, agreement.yearly_difference_pct) == (0, -1)
    # no actual one-off cost given: unknown, not zero
    repair = m["lighting_maintenance"]
    assert repair.actual_one_off is None and repair.one_off_difference is None
    one_off = evaluation.summary.one_off
    assert one_off.known == 11
    assert one_off.actual == 52900 + 36400 + 9000 + 9100
    scan = m["security_scan"]  # no status, no costs reported
    assert scan.actual_one_off is None and scan.planned_one_off
    unknown = repair.planned_one_off + scan.planned_one_off
    assert one_off.planned_for_known == pytest.approx(one_off.planned - unknown)
    assert one_off.difference == one_off.actual - one_off.planned_for_known
    assert one_off.budget == 100000 and one_off.within_budget is False
    assert any("more than the one-off budget" in t.en for t in evaluation.summary.text)
    alarms = m["intruder_alarm_pac"]  # a first phase: planned and spent for that phase
    assert alarms.status is MeasureOutcome.partly and alarms.actual_one_off == 9000


def test_status_counts_and_measures_without_status(plan: Plan) -> None:
    ev = evaluate(
        plan,
        follow(
            plan,
            "measures:\n"
            "  - {id: street_lighting, status: carried_out}\n"
            "  - {id: burgernet, status: stopped}\n"
            "  - {id: premises_lighting, status: partly}\n"
            "  - {id: police_followup_agreement, status: not_started}\n",
        ),
    )
    s = ev.summary
    assert (s.carried_out, s.partly, s.not_started, s.stopped, s.not_reported) == (1, 1, 1, 1, 11)
    assert s.measures == len(plan.measures) == 15
    assert any(w.en.startswith("No status given for:") for w in ev.warnings)
    assert [r.id for r in ev.next_cycle.partly] == ["premises_lighting"]
    in_place = {r.id for r in ev.next_cycle.in_place}
    assert in_place == {"kvo_partnership", "schouw", "street_lighting"}


def test_a_spend_over_budget_is_said(plan: Plan) -> None:
    body = "measures: [{id: street_lighting, status: carried_out, one_off_cost: 120000}]"
    ev = evaluate(plan, follow(plan, body))
    assert ev.summary.one_off.within_budget is False
    assert any("more than the budget" in w.en for w in ev.warnings)


# --- trends and the next profile ------------------------------------------------------------


def test_trend_thresholds() -> None:
    assert TREND_THRESHOLD == 0.10
    assert count_trend(26, 11) is Trend.falling
    assert count_trend(14, 13) is Trend.stable  # -7%
    assert count_trend(2, 1) is Trend.stable  # -50%, but one robbery is chance
    assert count_trend(100, 90) is Trend.stable  # 10 is not more than sqrt(100)
    assert count_trend(100, 89) is Trend.falling
    assert count_trend(100, 111) is Trend.rising
    assert count_trend(1000, 905) is Trend.stable  # beyond chance, but less than 10%
    assert count_trend(1000, 900) is Trend.falling  # exactly 10%
    assert count_trend(0, 1) is Trend.stable
    assert count_trend(0, 2) is Trend.rising
    assert share_trend(35, 31.5) is Trend.falling  # exactly 10%
    assert share_trend(35, 32) is Trend.stable
    assert share_trend(0.2, 0.25) is Trend.rising
    assert severity_trend(4, 3) is Trend.falling
    assert severity_trend(3, 3) is Trend.stable
    assert severity_trend(2, 3) is Trend.rising


def test_the_next_profile_keeps_unmeasured_figures_and_says_so(
    plan: Plan, catalogue: Catalogue
) -> None:
    fu = follow(
        plan,
        "problems: [{type: burglary_business, severity: 4}]\n"
        "measures:\n"
        "  - {id: street_lighting, status: carried_out}\n"
        "  - {id: burgernet, status: partly}\n"
        "  - {id: police_followup_agreement, status: stopped}\n",
    )
    ev = evaluate(plan, fu)
    profile = next_profile(plan, fu, ev)
    burglary = profile.problem("burglary_business")
    assert burglary is not None
    assert (burglary.severity, burglary.incidents_per_year) == (4, 26)  # incidents: the baseline's
    assert burglary.trend is Trend.stable  # from the severity, 4 -> 4
    lighting = profile.problem("poor_lighting")
    assert lighting is not None and lighting.trend is None and lighting.severity == 4
    assert profile.existing_measures == ("kvo_partnership", "schouw", "street_lighting")
    assert profile.budget is None and profile.horizon_years == 3
    for lang in LANGS:
        text = render_next_profile(plan, fu, ev, lang)
        assert parse_profile(text, catalogue) == profile  # the YAML is this profile
    text = render_next_profile(plan, fu, ev, "en")
    assert "incidents_per_year: 26  # incidents not counted at the follow-up" in text
    assert "severity: 4  # not measured at the follow-up" in text
    assert "# partly carried out, not counted as in place" in text
    assert "# budget: not carried over" in text


def test_the_next_profile_round_trips_the_area(plan: Plan, followup: FollowUp) -> None:
    ev = evaluate(plan, followup)
    profile = next_profile(plan, followup, ev)
    assert isinstance(profile, Profile)
    assert profile.area.model_dump() == {
        "name": plan.area.name,
        "kind": plan.area.kind,
        "municipality": plan.area.municipality,
        "businesses": plan.area.businesses,
        "hectares": plan.area.hectares,
        "entrances": plan.area.entrances,
        "dark_spots": 31,  # the dark walk-through's count, kept from the profile by the plan
        "farms": None,
        "vacant_units": None,
        "rear_alleys": None,
        "unmonitored_alarms": None,
    }


def _followups(plan: Plan) -> st.SearchStrategy[dict[str, object]]:
    """Follow-ups of ``plan``: any subset of its problems and measures, any figures."""
    # numbers as people write them (JSON's 1e-05 is text to YAML 1.1, which the loader reports)
    count = st.floats(0, 500).map(lambda x: round(x, 1)) | st.integers(0, 500)
    indicator = st.fixed_dictionaries(
        {
            "baseline": st.floats(0.01, 100).map(lambda x: round(x, 3)),
            "measured": st.floats(0, 100).map(lambda x: round(x, 3)),
        }
    )
    problem = st.fixed_dictionaries(
        {},
        optional={
            "severity": st.integers(1, 5),
            "incidents_per_year": count,
            "indicator": indicator,
        },
    ).filter(bool)
    cost = st.floats(0, 200_000).map(lambda x: round(x, 2)) | st.integers(0, 200_000)
    measure = st.fixed_dictionaries(
        {"status": st.sampled_from(["carried_out", "partly", "not_started", "stopped"])},
        optional={"one_off_cost": cost, "yearly_cost": cost},
    )
    return st.fixed_dictionaries(
        {
            "plan": st.just(plan.id),
            "measured_on": st.dates(plan.start, date(2029, 12, 31)).map(date.isoformat),
            "problems": st.dictionaries(
                st.sampled_from([p.id for p in plan.problems]), problem
            ).map(lambda d: [{"type": k, **v} for k, v in d.items()]),
            "measures": st.dictionaries(
                st.sampled_from([m.id for m in plan.measures]), measure
            ).map(lambda d: [{"id": k, **v} for k, v in d.items()]),
        }
    )


def test_any_follow_up_gives_a_consistent_evaluation_and_a_valid_next_profile(
    plan: Plan, catalogue: Catalogue
) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_followups(plan))
    def check(data: dict[str, object]) -> None:
        fu = parse_followup(json.dumps(data), plan)
        ev = evaluate(plan, fu)
        s = ev.summary
        assert s.goals_reached + s.goals_not_reached + s.goals_not_measured == len(plan.goals)
        assert s.carried_out + s.partly + s.not_started + s.stopped + s.not_reported == len(
            plan.measures
        )
        assert s.problems_measured == len(fu.problems)
        assert s.one_off.actual == pytest.approx(
            sum(m.actual_one_off for m in ev.measures if m.actual_one_off is not None), abs=0.01
        )
        for g in ev.goals:
            if fu.problem(g.problem) is None:
                assert g.verdict is Verdict.not_measured
        for lang in LANGS:
            ET.fromstring(render_html(ev, lang))
            render_markdown(ev, lang)
            text = render_next_profile(plan, fu, ev, lang)
            assert parse_profile(text, catalogue) == next_profile(plan, fu, ev)
        assert Evaluation.model_validate(json.loads(render_json(ev))) == ev

    check()


# --- the warning and the documents -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_before_after_warning_is_in_every_format(evaluation: Evaluation, lang: Lang) -> None:
    phrase = {"nl": "zonder vergelijkingsgebied", "en": "without a comparison area"}[lang]
    control = {"nl": "zonder controlegroep", "en": "without a control group"}[lang]
    for document in (
        render_markdown(evaluation, lang),
        render_html(evaluation, lang),
        render_json(evaluation, lang),
    ):
        assert phrase in document and control in document
    summary = " ".join(s.get(lang) for s in evaluation.summary.text)
    assert phrase in summary  # also in the text for the recertification file


def test_html_is_well_formed_self_contained_and_printable(evaluation: Evaluation) -> None:
    for lang in LANGS:
        html = render_html(evaluation, lang)
        root = ET.fromstring(html)
        assert root.tag == "html" and root.get("lang") == lang
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        anchors = {
            str(e.get("href"))[1:] for e in root.iter("a") if str(e.get("href")).startswith("#")
        }
        assert anchors <= set(ids)
        table = next(t for t in root.iter("table") if t.get("class") == "goals")
        assert len(table.findall("./tbody/tr")) == len(evaluation.goals)
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert "url(" not in html
    assert not re.search(r"(?:href|src)\s*=\s*[\"']?https?:", html)  # URLs only as text
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@media print" in style and "size: A4" in style and "size: A4 landscape" in style
    assert "counter(page)" in style  # page numbers
    assert 'class="landscape"' in html


def test_html_prints_to_pdf_with_headless_chromium(evaluation: Evaluation, tmp_path: Path) -> None:
    chromium = chromium_path()
    page = tmp_path / "evaluation.html"
    page.write_text(render_html(evaluation, "nl"), encoding="utf-8")
    pdf = tmp_path / "evaluation.pdf"
    subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_html_escapes_what_the_follow_up_says(plan: Plan) -> None:
    ev = evaluate(
        plan,
        follow(
            plan,
            'note: "<script>alert(1)</script> & co"\nproblems: [{type: yard_theft, '
            'incidents_per_year: 3, note: "<b>x</b>"}]',
        ),
    )
    html = render_html(ev, "nl")
    assert "<script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html
    ET.fromstring(html)


def test_json_without_a_language_has_both_and_reads_back(evaluation: Evaluation) -> None:
    data = json.loads(render_json(evaluation))
    assert set(data["caveat"]) == {"nl", "en"}
    assert Evaluation.model_validate(data) == evaluation
    one = json.loads(render_json(evaluation, "en"))
    assert isinstance(one["goals"][0]["name"], str)
    assert one["summary"]["goals_reached"] == 3


def test_names_follow_the_language_even_from_a_dutch_plan_json(evaluation: Evaluation) -> None:
    # plan.json was written in Dutch (the default); the catalogue gives the English names
    md = render_markdown(evaluation, "en")
    assert "Commercial burglary" in md and "Improved street lighting" in md
    assert "Inbraak" in render_markdown(evaluation, "nl")


def test_a_language_neutral_plan_reads_the_same(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(render_plan_json(plan), encoding="utf-8")
    assert load_plan(path) == plan


def test_schemas_generate() -> None:
    follow_schema = FollowUp.model_json_schema(mode="validation")
    assert {"plan", "measured_on"} <= set(follow_schema["required"])
    assert "summary" in Evaluation.model_json_schema(mode="serialization")["properties"]


def test_every_word_has_both_languages_and_every_template_key_exists() -> None:
    for key, (nl, en) in WORDS.items():
        assert nl.strip() and en.strip(), key
    used: set[str] = set()
    for template in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r"""\bt\("([a-z_.]+)"[,)]""", template.read_text("utf-8")))
    assert used - set(WORDS) == set()
    for prefix, values in {
        "status.": [s.value for s in MeasureOutcome],
        "verdict.": [v.value for v in Verdict],
        "trend.": [t.value for t in Trend],
        "basis.": ["incidents", "indicator", "severity"],
        "doc.kind.": ["business_park", "shopping_area"],
        "owner.": ["entrepreneurs", "municipality", "police", "fire_brigade", "park_management"],
    }.items():
        for value in values:
            assert prefix + value in WORDS
    assert word("verdict.reached", "nl") == "gehaald"
    assert (format_change(-0.583, "nl"), format_change(0.1, "en"), format_change(None, "nl")) == (
        "-58%",
        "+10%",
        "n.v.t.",
    )


def test_templates_hold_no_words() -> None:
    for name in ("evaluation.md.j2", "evaluation.html.j2"):
        source = (TEMPLATES / name).read_text("utf-8")
        stripped = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.S)
        stripped = re.sub(r"<[^>]*>", " ", stripped)
        words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", stripped)
        assert words == [], f"{name} has fixed words outside texts.py: {words[:10]}"


def test_the_same_inputs_give_the_same_evaluation(plan: Plan, followup: FollowUp) -> None:
    assert render_json(evaluate(plan, followup)) == render_json(evaluate(plan, followup))


# --- errors --------------------------------------------------------------------------------


def _followup(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    """The example follow-up beside a copy of the plan, with one edit."""
    shutil.copy(CYCLE / "plan.json", tmp_path / "plan.json")
    text = (CYCLE / "followup.yaml").read_text("utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1], 1)
    path = tmp_path / "followup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_col(path: Path, needle: str, offset: int = 0) -> str:
    """``path:line:col`` of the first ``needle`` outside comments (plus ``offset`` columns)."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line.split("#")[0]:
            return f"{path}:{number}:{line.index(needle) + 1 + offset}"
    raise AssertionError(needle)


def test_an_unknown_problem_is_a_located_error_with_a_suggestion(tmp_path: Path) -> None:
    path = _followup(tmp_path, ("type: yard_theft", "type: yard_thefts"))
    result = run_en("evaluate", str(tmp_path / "plan.json"), str(path))
    assert_user_error(
        result,
        f"{_line_col(path, 'yard_thefts')}: problem 'yard_thefts' is not in the plan "
        "(did you mean 'yard_theft'?)",
    )


def test_an_unknown_measure_is_a_located_error_with_a_suggestion(tmp_path: Path) -> None:
    path = _followup(tmp_path, ("id: burgernet", "id: burgernett"))
    result = run_en("evaluate", str(tmp_path / "plan.json"), str(path))
    assert_user_error(
        result,
        f"{_line_col(path, 'burgernett')}: measure 'burgernett' is not in the plan "
        "(did you mean 'burgernet'?)",
    )


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (("id: burgernet", "id: schouw"), "'schouw' was in place before the plan"),
        (("id: premises_lighting", "id: burgernet"), "'burgernet' is listed twice"),
        (("status: partly", "status: partially"), "did you mean 'partly'?"),
        (("incidents_per_year: 13", "incidents: 13"), "did you mean 'incidents_per_year'?"),
        (("severity: 2", "severity: 2.5"), "'severity'"),
        (("measured_on: 2027-12-06", "measured_on: 2024-12-06"), "before the plan started"),
        (("realised_on: 2025-11-14", "realised_on: 2028-01-14"), "after the measurement"),
        (("plan: plan.json ", "plan: other.json "), "'other.json' is neither the plan's id"),
        (
            ("    severity: 3\n    incidents_per_year: 13\n", ""),
            "give at least one of 'severity', 'incidents_per_year' or 'indicator'",
        ),
    ],
)
def test_follow_up_errors(tmp_path: Path, edit: tuple[str, str], needle: str) -> None:
    path = _followup(tmp_path, edit)
    result = run("evaluate", str(tmp_path / "plan.json"), str(path), "--lang", "en")
    assert_user_error(result, str(path) + ":", needle)


def test_a_follow_up_may_name_the_plan_by_its_id(plan: Plan, tmp_path: Path) -> None:
    path = _followup(tmp_path, ("plan: plan.json ", f"plan: {plan.id} "))
    shutil.move(tmp_path / "plan.json", tmp_path / "elsewhere.json")
    result = run("evaluate", str(tmp_path / "elsewhere.json"), str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plan_id"] == plan.id


def test_a_follow_up_of_another_plan_is_refused(tmp_path: Path) -> None:
    path = _followup(tmp_path)
    other = tmp_path / "other.json"
    result = run_en("plan", str(CYCLE / "profile.yaml"), "-o", str(other), "--start", "2026-01-01")
    assert result.exit_code == 0, result.output
    result = run_en("evaluate", str(other), str(path))
    assert_user_error(
        result,
        f"{_line_col(path, 'plan: plan.json', 6)}: this follow-up is for plan "
        "'bedrijventerrein-de-hooge-akker-2025-03-01'",
    )


def test_a_plan_file_that_is_not_a_plan_is_a_clear_error(tmp_path: Path) -> None:
    path = _followup(tmp_path)
    profile = CYCLE / "profile.yaml"
    assert_user_error(
        run_en("evaluate", str(profile), str(path)),
        "this is a profile, not a plan",
        "kvo-rules plan",
    )
    html = tmp_path / "plan.html"
    html.write_text("<html></html>", encoding="utf-8")
    assert_user_error(run_en("evaluate", str(html), str(path)), "a plan as a document (.html)")
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    assert_user_error(run_en("evaluate", str(other), str(path)), "not a kvo-rules plan")
    text = tmp_path / "notes.txt"
    text.write_text("just: [some\nnotes", encoding="utf-8")
    assert_user_error(run_en("evaluate", str(text), str(path)), "not a kvo-rules plan")
    newer = json.loads((CYCLE / "plan.json").read_text("utf-8"))
    newer["schema_version"] = 2
    future = tmp_path / "future.json"
    future.write_text(json.dumps(newer), encoding="utf-8")
    assert_user_error(run_en("evaluate", str(future), str(path)), "plan schema version 2")
    assert_user_error(run_en("evaluate", str(path), str(path)), "this is a follow-up, not a plan")
    assert_user_error(
        run("evaluate", str(tmp_path / "missing.json"), str(path)), "bestand bestaat niet"
    )


def test_a_broken_plan_is_located(tmp_path: Path) -> None:
    path = _followup(tmp_path)
    data = (tmp_path / "plan.json").read_text("utf-8")
    (tmp_path / "plan.json").write_text(data.replace('"rank": 1,', '"rank": "one",', 1), "utf-8")
    assert_user_error(run("evaluate", str(tmp_path / "plan.json"), str(path)), "'rank'")


def test_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    path = _followup(tmp_path)
    out = tmp_path / "evaluation.md"
    nxt = tmp_path / "next.yaml"
    out.write_text("keep me", encoding="utf-8")
    args = ["evaluate", str(tmp_path / "plan.json"), str(path), "-o", str(out)]
    assert_user_error(run(*args, "--next-profile", str(nxt)), "bestand bestaat al (gebruik --force")
    assert out.read_text("utf-8") == "keep me" and not nxt.exists()  # nothing half done
    nxt.write_text("keep me too", encoding="utf-8")
    out.unlink()
    assert_user_error(run(*args, "--next-profile", str(nxt)), "bestand bestaat al (gebruik --force")
    assert not out.exists()
    result = run(*args, "--next-profile", str(nxt), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# Evaluatie")
    assert nxt.read_text("utf-8").count("existing_measures:") == 1
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_output_format_errors(tmp_path: Path) -> None:
    path = _followup(tmp_path)
    plan_json = str(tmp_path / "plan.json")
    assert_user_error(
        run_en("evaluate", plan_json, str(path), "-o", str(tmp_path / "x.txt")),
        "cannot tell the evaluation's format from '.txt'",
    )
    same = str(tmp_path / "x.md")
    assert_user_error(
        run_en("evaluate", plan_json, str(path), "-o", same, "--next-profile", same),
        "--next-profile must be another file",
    )
    result = run_en(
        "evaluate", plan_json, str(path), "-o", str(tmp_path / "x.txt"), "--format", "md"
    )
    assert result.exit_code == 0, result.output


def test_library_errors_are_kvo_errors(plan: Plan) -> None:
    with pytest.raises(KvoError) as caught:
        follow(plan, "problems: [{type: arson, severity: 2}]")
    (diagnostic,) = caught.value.diagnostics
    assert str(diagnostic).startswith("followup.yaml:3:")
    assert "problem 'arson' is not in the plan" in diagnostic.message
    with pytest.raises(KvoError):
        parse_followup("plan: x\n", plan)  # no measured_on


def test_measured_before_the_deadline_is_an_interim_result(plan: Plan) -> None:
    ev = evaluate(plan, follow(plan, "", measured_on="2026-06-01"))
    assert ev.measured_on == date(2026, 6, 1)
    assert any("interim result" in w.en for w in ev.warnings)
