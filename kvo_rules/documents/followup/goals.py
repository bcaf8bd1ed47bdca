"""Trends and goals: whether a problem rose or fell, and whether each goal of the plan was met.

A trend needs a change of at least ``TREND_THRESHOLD`` of the baseline (and, for counts, more
than chance); a goal's verdict compares the measured figure with its criterion.
"""

from __future__ import annotations

import math

from ...core.model import Text, Trend
from ...core.words import Number, Pct
from ..plan.model import Goal, GoalKind
from .model import (
    Criterion,
    GoalResult,
    ProblemMeasurement,
    Verdict,
)
from .texts import Change, text

__all__ = [
    "TREND_THRESHOLD",
    "change",
    "count_trend",
    "criterion",
    "goal_result",
    "severity_trend",
    "share_trend",
]

TREND_THRESHOLD = 0.10
"""A change of at least this share of the baseline is a trend (falling or rising); less is
stable. For incident counts the change must also be more than the square root of the baseline
(about one standard deviation of a yearly count that varies by chance alone), so 2 -> 1
robberies is stable, not falling."""
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


def goal_result(goal: Goal, name: Text, m: ProblemMeasurement | None) -> GoalResult:
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
