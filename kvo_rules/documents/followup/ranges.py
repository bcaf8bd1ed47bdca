"""The evaluation against the predicted range: below, within or above it.

A plan made with ``plan --samples`` carries each goal's expected incidents as a range
(``Goal.expected_incidents_range``, the 10th-90th percentile); a follow-up may give one too
(``ProblemMeasurement.predicted``, which wins). Where there is a range and a measured count,
the goal's result says where the count fell. Without either, nothing changes.
"""

from __future__ import annotations

from ...core.words import Number
from ..plan.model import Goal
from .model import GoalResult, PredictedRange, ProblemMeasurement, RangeVerdict
from .ranges_words import range_text

__all__ = ["predicted_range", "range_verdict", "with_predicted_range"]


def predicted_range(goal: Goal, m: ProblemMeasurement | None) -> PredictedRange | None:
    """The range to compare with: the follow-up's own, else the plan's (None without one)."""
    if m is not None and m.predicted is not None:
        return m.predicted
    r = goal.expected_incidents_range
    if r is None or not goal.addressed:
        return None
    return PredictedRange(low=r.low, high=r.high)


def range_verdict(measured: float, r: PredictedRange) -> RangeVerdict:
    """Below the low end, within [low, high] (ends included), or above the high end."""
    if measured < r.low:
        return RangeVerdict.below
    if measured > r.high:
        return RangeVerdict.above
    return RangeVerdict.within


def with_predicted_range(
    result: GoalResult, goal: Goal, m: ProblemMeasurement | None
) -> GoalResult:
    """``result`` with the predicted range and where the measured incidents fell in it."""
    r = predicted_range(goal, m)
    if r is None:
        return result
    if m is None or m.incidents_per_year is None:
        return result.model_copy(update={"predicted_range": r})
    verdict = range_verdict(m.incidents_per_year, r)
    digits = 0 if (goal.baseline_incidents or 0) >= 10 else 1
    words = range_text(
        verdict.value,
        problem=result.name,
        measured=Number(m.incidents_per_year),
        low=Number(r.low, digits),
        high=Number(r.high, digits),
    )
    return result.model_copy(
        update={"predicted_range": r, "range_verdict": verdict, "range_text": words}
    )
