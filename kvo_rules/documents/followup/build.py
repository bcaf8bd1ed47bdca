"""From a plan and its follow-up measurement to the evaluation: goals, changes, costs, summary.

No words live here: sentences come from :mod:`kvo_rules.documents.followup.texts` by key.
Nothing reads the clock: the same plan and follow-up always give the same evaluation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from ...core.model import Text, Trend
from ...core.words import Money, Number, Pct
from ..plan.model import Goal, GoalKind, MeasureRef, Plan, PlanMeasure, PlanProblem
from ..plan.schedule import add_months
from .model import (
    Basis,
    CostSummary,
    Criterion,
    Evaluation,
    EvaluationArea,
    FollowUp,
    FollowUpStatus,
    GoalResult,
    MeasureOutcome,
    MeasureResult,
    NextCycle,
    ProblemMeasurement,
    ProblemResult,
    Summary,
    Verdict,
)
from .texts import Change, text

__all__ = [
    "EFFECT_MONTHS",
    "TREND_THRESHOLD",
    "change",
    "count_trend",
    "criterion",
    "evaluate",
    "severity_trend",
    "share_trend",
]

TREND_THRESHOLD = 0.10
"""A change of at least this share of the baseline is a trend (falling or rising); less is
stable. For incident counts the change must also be more than the square root of the baseline
(about one standard deviation of a yearly count that varies by chance alone), so 2 -> 1
robberies is stable, not falling."""
EFFECT_MONTHS = 12
"""Figures at the follow-up cover the last 12 months: a measure realised later than this before
the measurement had its effect for part of that period only."""

_EPS = 1e-9


def change(baseline: float | None, measured: float | None) -> float | None:
    """(measured - baseline) / baseline, rounded to 6 decimals; None without both or from 0."""
    if baseline is None or measured is None or baseline <= 0:
        return None
    return round((measured - baseline) / baseline, 6)


def _direction(difference: float) -> Trend:
    return Trend.falling if difference < 0 else Trend.rising


def count_trend(baseline: float, measured: float) -> Trend:
    """The trend of a yearly count: a change of at least ``TREND_THRESHOLD`` of the baseline
    and more than the square root of the baseline (at least 1)."""
    difference = measured - baseline
    if abs(difference) <= math.sqrt(max(baseline, 1.0)) + _EPS:
        return Trend.stable
    if baseline > 0 and abs(difference) / baseline < TREND_THRESHOLD - _EPS:
        return Trend.stable
    return _direction(difference)


def share_trend(baseline: float, measured: float) -> Trend:
    """The trend of an indicator: a change of at least ``TREND_THRESHOLD`` of the baseline."""
    difference = measured - baseline
    if abs(difference) / baseline < TREND_THRESHOLD - _EPS:
        return Trend.stable
    return _direction(difference)


def severity_trend(baseline: int, measured: int) -> Trend:
    """The trend of the severity score (1-5): any whole point is a change."""
    if measured == baseline:
        return Trend.stable
    return _direction(measured - baseline)


def criterion(goal: Goal) -> Criterion:
    """What decides ``goal`` (the plan's goal statement says the same in words)."""
    if goal.kind is GoalKind.incidents:
        return Criterion.incidents
    if not goal.addressed or goal.target_reduction_min <= 0:
        return Criterion.severity  # "no worse than at the baseline"
    if goal.kind is GoalKind.survey:
        return Criterion.indicator
    if goal.target_severity_max < goal.baseline_severity:
        return Criterion.severity
    return Criterion.severity_and_indicator


def _severity_max(goal: Goal) -> int:
    """The severity a goal allows: the target, or the baseline for "no worse"."""
    if not goal.addressed or goal.target_reduction_min <= 0:
        return goal.baseline_severity
    return goal.target_severity_max


def _verdict(goal: Goal, crit: Criterion, m: ProblemMeasurement | None) -> tuple[Verdict, Text]:
    """Whether ``goal`` is reached, and why, in words."""
    if m is None:
        return Verdict.not_measured, text("why.problem_not_measured")
    indicator_change = change(
        m.indicator.baseline if m.indicator else None, m.indicator.measured if m.indicator else None
    )
    reduction_ok = (
        indicator_change is not None and -indicator_change >= goal.target_reduction_min - _EPS
    )
    if crit is Criterion.incidents:
        target = goal.target_incidents_max
        if m.incidents_per_year is None or target is None:
            return Verdict.not_measured, text("why.no_incidents")
        if m.incidents_per_year <= target + _EPS:
            return Verdict.reached, text(
                "why.incidents_ok", measured=Number(m.incidents_per_year), target=target
            )
        return Verdict.not_reached, text(
            "why.incidents_bad", measured=Number(m.incidents_per_year), target=target
        )
    if crit is Criterion.indicator:
        if indicator_change is None:
            return Verdict.not_measured, text("why.no_indicator")
        key = "why.indicator_ok" if reduction_ok else "why.indicator_bad"
        return (
            Verdict.reached if reduction_ok else Verdict.not_reached,
            text(key, change=Change(indicator_change), pct=Pct(goal.target_reduction_min, True)),
        )
    limit = _severity_max(goal)
    if m.severity is None:
        return Verdict.not_measured, text("why.no_severity")
    if m.severity > limit:
        return Verdict.not_reached, text("why.severity_bad", measured=m.severity, target=limit)
    if crit is Criterion.severity:
        return Verdict.reached, text("why.severity_ok", measured=m.severity, target=limit)
    if indicator_change is None:
        return Verdict.not_measured, text("why.severity_no_indicator", measured=m.severity)
    if reduction_ok:
        return Verdict.reached, text(
            "why.both_ok",
            measured=m.severity,
            change=Change(indicator_change),
            pct=Pct(goal.target_reduction_min, True),
        )
    return Verdict.not_reached, text(
        "why.both_bad",
        measured=m.severity,
        change=Change(indicator_change),
        pct=Pct(goal.target_reduction_min, True),
    )


def _goal_texts(
    goal: Goal, crit: Criterion, m: ProblemMeasurement | None
) -> tuple[Text, Text, Text, Text]:
    """Target, baseline, expected and measured, in words, for the goals table."""
    pct = Pct(goal.target_reduction_min, True)
    if crit is Criterion.incidents:
        target = text("target.incidents", n=goal.target_incidents_max)
        baseline = text("value.per_year", n=Number(goal.baseline_incidents or 0.0))
        expected = (
            text("value.per_year", n=Number(goal.expected_incidents))
            if goal.expected_incidents is not None and goal.addressed
            else text("value.no_change")
        )
        measured = (
            text("value.per_year", n=Number(m.incidents_per_year))
            if m is not None and m.incidents_per_year is not None
            else text("value.not_measured")
        )
        return target, baseline, expected, measured
    limit = _severity_max(goal)
    indicator = m.indicator if m is not None else None
    if crit is Criterion.indicator:
        target = text("target.indicator", pct=pct)
        baseline = (
            text("value.indicator", n=Number(indicator.baseline, 2))
            if indicator is not None
            else text("value.not_measured")
        )
        measured = (
            text(
                "value.indicator_change",
                n=Number(indicator.measured, 2),
                change=Change(change(indicator.baseline, indicator.measured)),
            )
            if indicator is not None
            else text("value.not_measured")
        )
    elif crit is Criterion.severity:
        target = text("target.severity", n=limit)
        baseline = text("value.severity", n=goal.baseline_severity)
        measured = (
            text("value.severity", n=m.severity)
            if m is not None and m.severity is not None
            else text("value.not_measured")
        )
    else:
        target = text("target.both", n=limit, pct=pct)
        baseline = text("value.severity", n=goal.baseline_severity)
        if m is None or (m.severity is None and indicator is None):
            measured = text("value.not_measured")
        elif indicator is None:
            measured = text("value.severity_no_indicator", n=m.severity)
        elif m.severity is None:
            measured = text(
                "value.indicator_only",
                change=Change(change(indicator.baseline, indicator.measured)),
            )
        else:
            measured = text(
                "value.severity_indicator",
                n=m.severity,
                change=Change(change(indicator.baseline, indicator.measured)),
            )
    expected = (
        text("value.expected_reduction", pct=Pct(goal.expected_reduction))
        if goal.addressed
        else text("value.no_change")
    )
    return target, baseline, expected, measured


def _goal_result(goal: Goal, name: Text, m: ProblemMeasurement | None) -> GoalResult:
    crit = criterion(goal)
    verdict, explanation = _verdict(goal, crit, m)
    target, baseline, expected, measured = _goal_texts(goal, crit, m)
    indicator = m.indicator if m is not None else None
    return GoalResult(
        id=goal.id,
        problem=goal.problem,
        name=name,
        kind=goal.kind,
        addressed=goal.addressed,
        criterion=crit,
        verdict=verdict,
        deadline=goal.deadline,
        baseline_incidents=goal.baseline_incidents,
        target_incidents_max=goal.target_incidents_max,
        expected_incidents=goal.expected_incidents,
        measured_incidents=m.incidents_per_year if m is not None else None,
        baseline_severity=goal.baseline_severity,
        target_severity_max=_severity_max(goal),
        measured_severity=m.severity if m is not None else None,
        target_reduction_min=goal.target_reduction_min,
        expected_reduction=goal.expected_reduction,
        indicator_baseline=indicator.baseline if indicator else None,
        indicator_measured=indicator.measured if indicator else None,
        indicator_change=change(indicator.baseline, indicator.measured) if indicator else None,
        target=target,
        baseline=baseline,
        expected=expected,
        measured=measured,
        explanation=explanation,
    )


def _realised(pm: PlanMeasure, outcome: MeasureResult) -> date:
    return outcome.realised_on if outcome.realised_on is not None else pm.realisation


def _problem_result(
    p: PlanProblem,
    m: ProblemMeasurement | None,
    plan: Plan,
    outcomes: dict[str, MeasureResult],
    measured_on: date,
) -> ProblemResult:
    addressing = [pm for pm in plan.measures if p.id in pm.addresses]
    done = {MeasureOutcome.carried_out, MeasureOutcome.partly}
    effect_from = add_months(measured_on, -EFFECT_MONTHS)
    late = tuple(
        pm.id
        for pm in addressing
        if outcomes[pm.id].status in done and _realised(pm, outcomes[pm.id]) > effect_from
    )
    not_done = tuple(
        pm.id for pm in addressing if outcomes[pm.id].status is not MeasureOutcome.carried_out
    )
    incidents = m.incidents_per_year if m is not None else None
    indicator = m.indicator if m is not None else None
    severity = m.severity if m is not None else None
    inc_change = change(p.incidents_per_year, incidents)
    ind_change = change(indicator.baseline, indicator.measured) if indicator else None
    observed: float | None = None
    observed_basis: Basis | None = None
    if inc_change is not None:
        observed, observed_basis = inc_change, Basis.incidents
    elif ind_change is not None:
        observed, observed_basis = ind_change, Basis.indicator
    trend: Trend | None = None
    trend_basis: Basis | None = None
    if p.incidents_per_year is not None and incidents is not None:
        trend, trend_basis = count_trend(p.incidents_per_year, incidents), Basis.incidents
    elif indicator is not None:
        trend, trend_basis = share_trend(indicator.baseline, indicator.measured), Basis.indicator
    elif severity is not None:
        trend, trend_basis = severity_trend(p.severity, severity), Basis.severity
    return ProblemResult(
        id=p.id,
        name=p.name,
        measured=m is not None,
        baseline_severity=p.severity,
        measured_severity=severity,
        severity_change=severity - p.severity if severity is not None else None,
        baseline_incidents=p.incidents_per_year,
        measured_incidents=incidents,
        incidents_change=inc_change,
        indicator_baseline=indicator.baseline if indicator else None,
        indicator_measured=indicator.measured if indicator else None,
        indicator_change=ind_change,
        observed_change=observed,
        observed_basis=observed_basis,
        expected_change=-p.expected_reduction if p.expected_reduction > 0 else 0.0,
        expected_incidents=p.expected_incidents,
        trend=trend,
        trend_basis=trend_basis,
        measures=tuple(pm.id for pm in addressing),
        measures_not_done=not_done,
        late_measures=late,
        note=m.note if m is not None else None,
    )


def _difference(planned: float, actual: float | None) -> tuple[float | None, float | None]:
    if actual is None:
        return None, None
    diff = round(actual - planned, 2)
    return diff, (round(diff / planned, 6) if planned > 0 else None)


def _measure_result(pm: PlanMeasure, followup: FollowUp) -> MeasureResult:
    progress = followup.measure(pm.id)
    if progress is None:
        status = MeasureOutcome.not_reported
        one_off = yearly = None
    else:
        status = MeasureOutcome(progress.status.value)
        one_off, yearly = progress.one_off_cost, progress.yearly_cost
        if progress.status is FollowUpStatus.not_started:
            # nothing was spent on a measure that never started, unless the follow-up says so
            one_off = 0.0 if one_off is None else one_off
            yearly = 0.0 if yearly is None else yearly
    one_off_diff, one_off_pct = _difference(pm.one_off_cost, one_off)
    yearly_diff, yearly_pct = _difference(pm.yearly_cost, yearly)
    return MeasureResult(
        id=pm.id,
        rank=pm.rank,
        name=pm.name,
        owner=pm.owner,
        status=status,
        planned_realisation=pm.realisation,
        realised_on=progress.realised_on if progress is not None else None,
        planned_one_off=pm.one_off_cost,
        actual_one_off=one_off,
        one_off_difference=one_off_diff,
        one_off_difference_pct=one_off_pct,
        planned_yearly=pm.yearly_cost,
        actual_yearly=yearly,
        yearly_difference=yearly_diff,
        yearly_difference_pct=yearly_pct,
        note=progress.note if progress is not None else None,
    )


def _costs(
    measures: Sequence[MeasureResult], planned_total: float, budget: float | None, one_off: bool
) -> CostSummary:
    pairs = [
        (m.planned_one_off, m.actual_one_off) if one_off else (m.planned_yearly, m.actual_yearly)
        for m in measures
    ]
    known = [(p, a) for p, a in pairs if a is not None]
    actual = round(sum(a for _, a in known), 2)
    planned_known = round(sum(p for p, _ in known), 2)
    difference = round(actual - planned_known, 2)
    return CostSummary(
        planned=planned_total,
        known=len(known),
        actual=actual,
        planned_for_known=planned_known,
        difference=difference,
        difference_pct=round(difference / planned_known, 6) if planned_known > 0 else None,
        budget=budget,
        within_budget=None if budget is None else actual <= budget + _EPS,
    )


_MAX_LIST = 1200
"""Longest list of names put in one sentence (a sentence is at most 2,000 characters)."""


def _join(names: Sequence[str]) -> str:
    out = ", ".join(names)
    return out if len(out) <= _MAX_LIST else out[: _MAX_LIST - 2].rsplit(", ", 1)[0] + ", …"


def _names(plan: Plan, ids: Sequence[str]) -> Text:
    """The names of the plan's measures ``ids``, joined, in both languages."""
    names = [plan.measure(i).name for i in ids]
    return Text(nl=_join([n.nl for n in names]), en=_join([n.en for n in names]))


def _problem_names(plan: Plan, ids: Sequence[str]) -> Text:
    names = [plan.problem(i).name for i in ids]
    return Text(nl=_join([n.nl for n in names]), en=_join([n.en for n in names]))


def _summary(
    plan: Plan,
    followup: FollowUp,
    goals: Sequence[GoalResult],
    problems: Sequence[ProblemResult],
    measures: Sequence[MeasureResult],
) -> Summary:
    def count_goals(v: Verdict) -> int:
        return sum(1 for g in goals if g.verdict is v)

    def count_measures(s: MeasureOutcome) -> int:
        return sum(1 for m in measures if m.status is s)

    one_off = _costs(measures, plan.budget.one_off, plan.budget.budget_one_off, True)
    yearly = _costs(measures, plan.budget.yearly, plan.budget.budget_yearly, False)
    reached, not_reached, not_measured = (
        count_goals(Verdict.reached),
        count_goals(Verdict.not_reached),
        count_goals(Verdict.not_measured),
    )
    counts = {s: count_measures(s) for s in MeasureOutcome}
    sentences = [
        text(
            "summary.goals",
            date=followup.measured_on,
            reached=reached,
            total=len(goals),
            not_reached=not_reached,
            not_measured=not_measured,
        ),
        text(
            "summary.measures",
            carried_out=counts[MeasureOutcome.carried_out],
            total=len(measures),
            partly=counts[MeasureOutcome.partly],
            not_started=counts[MeasureOutcome.not_started],
            stopped=counts[MeasureOutcome.stopped],
            not_reported=counts[MeasureOutcome.not_reported],
        ),
    ]
    for key, costs in (("one_off", one_off), ("yearly", yearly)):
        if costs.known == 0:
            sentences.append(text(f"summary.{key}_unknown", planned=Money(costs.planned)))
            continue
        sentences.append(
            text(
                f"summary.{key}",
                actual=Money(costs.actual),
                planned_known=Money(costs.planned_for_known),
                known=costs.known,
                total=len(measures),
                change=Change(costs.difference_pct),
                planned=Money(costs.planned),
            )
        )
        if costs.budget is not None:
            sentences.append(
                text(
                    f"summary.{key}_budget_{'ok' if costs.within_budget else 'over'}",
                    budget=Money(costs.budget),
                )
            )
    sentences.append(text("summary.caveat"))
    return Summary(
        goals=len(goals),
        goals_reached=reached,
        goals_not_reached=not_reached,
        goals_not_measured=not_measured,
        problems=len(problems),
        problems_measured=sum(1 for p in problems if p.measured),
        measures=len(measures),
        carried_out=counts[MeasureOutcome.carried_out],
        partly=counts[MeasureOutcome.partly],
        not_started=counts[MeasureOutcome.not_started],
        stopped=counts[MeasureOutcome.stopped],
        not_reported=counts[MeasureOutcome.not_reported],
        one_off=one_off,
        yearly=yearly,
        text=tuple(sentences),
    )


def _warnings(
    plan: Plan,
    followup: FollowUp,
    problems: Sequence[ProblemResult],
    measures: Sequence[MeasureResult],
    summary: Summary,
) -> tuple[Text, ...]:
    out: list[Text] = []
    measured_on = followup.measured_on
    if measured_on < plan.evaluation.one_meting:
        out.append(text("warn.early", date=measured_on, meting=plan.evaluation.one_meting))
    elif measured_on > plan.evaluation.recertification:
        out.append(text("warn.late", date=measured_on, recert=plan.evaluation.recertification))
    unmeasured = [p.id for p in problems if not p.measured]
    if unmeasured:
        out.append(text("warn.not_measured", names=_problem_names(plan, unmeasured)))
    unreported = [m.id for m in measures if m.status is MeasureOutcome.not_reported]
    if unreported:
        out.append(text("warn.not_reported", names=_names(plan, unreported)))
    effect_from = add_months(measured_on, -EFFECT_MONTHS)
    for m in measures:
        if m.status not in (MeasureOutcome.carried_out, MeasureOutcome.partly):
            continue
        realised = m.realised_on or m.planned_realisation
        if realised > effect_from:
            key = "warn.short_effect" if m.realised_on is not None else "warn.short_effect_planned"
            out.append(text(key, measure=m.name, date=realised, measured=measured_on))
    unknown_costs = [m.id for m in measures if m.actual_one_off is None or m.actual_yearly is None]
    if unknown_costs:
        out.append(text("warn.costs_unknown", names=_names(plan, unknown_costs)))
    for key, costs in (("one_off", summary.one_off), ("yearly", summary.yearly)):
        if costs.within_budget is False:
            out.append(
                text(
                    f"warn.over_budget_{key}",
                    actual=Money(costs.actual),
                    budget=Money(costs.budget),
                )
            )
    for p in problems:
        if p.measures_not_done and p.expected_change < 0:
            out.append(
                text(
                    "warn.expected_assumed_all",
                    problem=p.name,
                    names=_names(plan, p.measures_not_done),
                )
            )
    return tuple(out)


def _next_cycle(plan: Plan, measures: Sequence[MeasureResult]) -> NextCycle:
    def refs(*statuses: MeasureOutcome) -> tuple[MeasureRef, ...]:
        return tuple(MeasureRef(id=m.id, name=m.name) for m in measures if m.status in statuses)

    return NextCycle(
        in_place=(*plan.existing_measures, *refs(MeasureOutcome.carried_out)),
        partly=refs(MeasureOutcome.partly),
        not_done=refs(
            MeasureOutcome.not_started, MeasureOutcome.stopped, MeasureOutcome.not_reported
        ),
    )


def evaluate(plan: Plan, followup: FollowUp) -> Evaluation:
    """The evaluation of ``plan`` at the follow-up measurement ``followup``.

    ``followup`` should come from :func:`~kvo_rules.documents.followup.load_followup` (or
    ``followup_from_document``), which checks its ids against the plan.
    """
    measures = tuple(_measure_result(pm, followup) for pm in plan.measures)
    outcomes = {m.id: m for m in measures}
    problems = tuple(
        _problem_result(p, followup.problem(p.id), plan, outcomes, followup.measured_on)
        for p in plan.problems
    )
    names = {p.id: p.name for p in plan.problems}
    goals = tuple(
        _goal_result(
            g, names.get(g.problem, Text(nl=g.problem, en=g.problem)), followup.problem(g.problem)
        )
        for g in plan.goals
    )
    summary = _summary(plan, followup, goals, problems, measures)
    return Evaluation(
        plan_id=plan.id,
        area=EvaluationArea(
            name=plan.area.name, kind=plan.area.kind, municipality=plan.area.municipality
        ),
        plan_start=plan.start,
        one_meting=plan.evaluation.one_meting,
        recertification=plan.evaluation.recertification,
        measured_on=followup.measured_on,
        note=followup.note,
        summary=summary,
        goals=goals,
        problems=problems,
        measures=measures,
        next_cycle=_next_cycle(plan, measures),
        caveat=text("caveat"),
        warnings=_warnings(plan, followup, problems, measures, summary),
    )
