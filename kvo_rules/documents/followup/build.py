"""From a plan and its follow-up measurement to the evaluation: goals, changes, costs, summary.

No words live here: sentences come from :mod:`kvo_rules.documents.followup.texts` by key.
Nothing reads the clock: the same plan and follow-up always give the same evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ...core.model import Text, Trend
from ...core.words import Money
from ..plan.model import MeasureRef, Plan, PlanMeasure, PlanProblem
from ..plan.schedule import add_months
from .effort import effort_result
from .goals import (
    TREND_THRESHOLD,
    change,
    count_trend,
    criterion,
    goal_result,
    severity_trend,
    share_trend,
)
from .model import (
    Basis,
    CostSummary,
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
from .ranges import with_predicted_range
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

EFFECT_MONTHS = 12
"""Figures at the follow-up cover the last 12 months: a measure realised later than this before
the measurement had its effect for part of that period only."""

_EPS = 1e-9


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
        **effort_result(pm, progress),
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
        with_predicted_range(  # a plan made with --samples: below, within or above its range
            goal_result(
                g,
                names.get(g.problem, Text(nl=g.problem, en=g.problem)),
                followup.problem(g.problem),
            ),
            g,
            followup.problem(g.problem),
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
        references=plan.references,
    )
