"""The goals of a plan: for each problem, the target the measures should reach by the meting.

No words live here: sentences come from :mod:`kvo_rules.documents.plan.texts` by key.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from ...core.model import DataSource, Text
from ...core.words import Number, Pct
from .model import (
    Goal,
    GoalKind,
    PlanMeasure,
    PlanProblem,
)
from .texts import text

__all__ = [
    "RECORDING_MEASURES",
    "SMALL_COUNT",
    "at_least_fraction",
    "at_most",
    "goal",
    "honest_target",
    "severity_target",
    "survey_fraction",
]

_EPS = 1e-6

SMALL_COUNT = 5
"""Fewer incidents a year than this are too few for a number goal: one incident more or less
is chance. Such a goal is said in words (no more than now, every incident followed up)."""

RECORDING_MEASURES = frozenset({"reporting_support"})
"""Measures that raise the recorded figures (more reports, not more crime): a goal judged on
those figures carries a note."""


def at_most(expected: float) -> int:
    """The smallest whole number that is still at least ``expected`` (a goal "at most N" the
    plan expects to meet): 24.5 -> 25, 23.33 -> 24, 24.0000001 -> 24 (float noise)."""
    return max(0, math.ceil(expected - _EPS))


def at_least_fraction(reduction: float) -> float:
    """A reduction rounded down to a whole percent (a goal "at least N% lower"): 0.6507 -> 0.65."""
    return math.floor(reduction * 100 + _EPS) / 100


def honest_target(expected: float) -> int:
    """An "at most N" target with no more precision than the count supports: rounded up to a
    whole number below 50, to a multiple of 5 below 200, to a multiple of 10 above."""
    n = at_most(expected)
    step = 1 if n < 50 else 5 if n < 200 else 10
    return int(math.ceil(n / step) * step)


def survey_fraction(reduction: float) -> float:
    """A survey goal's share, rounded down to 5 percentage points (a survey of a few dozen
    businesses cannot tell 33% from 35%): 0.3472 -> 0.30."""
    return math.floor(reduction * 20 + _EPS) / 20


def severity_target(severity: int, reduction: float) -> int:
    """The severity (1-5) the plan aims for: the reduced score rounded up, at least 1."""
    return min(severity, max(1, at_most(severity * (1 - reduction))))


def _incidents_statement(
    name: Text, baseline: float, r: float, target: int, addressed: bool, deadline: date
) -> Text:
    """The goal in incidents a year: from the baseline to at most the target."""
    if not addressed:
        return text(
            "goal.unaddressed_incidents",
            problem=name,
            baseline=Number(baseline, 0),
            deadline=deadline,
        )
    elif baseline < SMALL_COUNT:
        return text(
            "goal.small_count", problem=name, baseline=Number(baseline, 0), deadline=deadline
        )
    elif target < baseline:
        return text(
            "goal.incidents",
            problem=name,
            baseline=Number(baseline, 0),
            target=target,
            deadline=deadline,
        )
    else:
        return text(
            "goal.incidents_hold",
            problem=name,
            baseline=Number(baseline, 0),
            pct=Pct(r),
            deadline=deadline,
        )


def _severity_statement(
    problem: PlanProblem,
    kind: GoalKind,
    addressed: bool,
    min_fraction: float,
    sev_target: int,
    deadline: date,
) -> Text:
    """The goal in severity, or in the share of the survey that sees the problem fall."""
    name = problem.name
    if not addressed or min_fraction <= 0:
        return text("goal.unaddressed", problem=name, baseline=problem.severity, deadline=deadline)
    elif kind is GoalKind.survey:
        return text(
            "goal.survey", problem=name, pct=Pct(min_fraction, floor=True), deadline=deadline
        )
    elif sev_target < problem.severity:
        return text(
            "goal.severity",
            problem=name,
            baseline=problem.severity,
            target=sev_target,
            deadline=deadline,
        )
    else:
        return text(
            "goal.severity_hold",
            problem=name,
            baseline=problem.severity,
            pct=Pct(min_fraction, floor=True),
            deadline=deadline,
        )


def _recording_note(problem: PlanProblem, measures: Sequence[PlanMeasure]) -> Text | None:
    """A note when a chosen measure raises the recorded figures this goal is judged on."""
    raising = [m for m in measures if m.id in RECORDING_MEASURES and problem.id in m.addresses]
    if not raising:
        return None
    return text("goal.recording_note", measures=[m.name for m in raising])


def goal(
    problem: PlanProblem,
    measures: Sequence[PlanMeasure],
    deadline: date,
) -> Goal:
    r = problem.expected_reduction
    addressing = [m for m in measures if problem.id in m.addresses]
    addressed = r > _EPS and bool(addressing)
    min_fraction = at_least_fraction(r) if addressed else 0.0
    if (
        addressed
        and problem.incidents_per_year is None
        and DataSource.survey in problem.data_sources
    ):
        min_fraction = survey_fraction(r)
    sev_target = severity_target(problem.severity, r) if addressed else problem.severity
    name = problem.name
    baseline = problem.incidents_per_year
    target: int | None = None
    expected: float | None = None
    if baseline is not None:
        kind = GoalKind.incidents
        expected = round(baseline * (1 - r), 2)
        small = baseline < SMALL_COUNT
        target = at_most(baseline)
        if addressed and not small:
            target = min(target, honest_target(baseline * (1 - r)))
        statement = _incidents_statement(name, baseline, r, target, addressed, deadline)
    else:
        kind = GoalKind.survey if DataSource.survey in problem.data_sources else GoalKind.severity
        statement = _severity_statement(
            problem, kind, addressed, min_fraction, sev_target, deadline
        )
    return Goal(
        id=f"goal_{problem.id}",
        problem=problem.id,
        kind=kind,
        addressed=addressed,
        qualitative=baseline is not None and baseline < SMALL_COUNT,
        note=_recording_note(problem, measures),
        statement=statement,
        indicator=problem.indicator,
        deadline=deadline,
        expected_reduction=r,
        target_reduction_min=min_fraction,
        baseline_incidents=baseline,
        expected_incidents=expected,
        target_incidents_max=target,
        baseline_severity=problem.severity,
        target_severity_max=sev_target,
        measures=tuple(m.id for m in addressing),
        effective_from=max((m.realisation for m in addressing), default=None),
    )
