"""The effort indicators at the follow-up: what the plan counted per measure against what the
follow-up reports (docs/evaluation.md, *Effort*).

A ``realised`` indicator is reached when the measure is carried out by its planned
realisation date (or no date is given); the others when the measured value (``effort`` of the
measure in the follow-up) is at least the plan's target. Not reported: ``None``.
"""

from __future__ import annotations

from typing import Any

from ..plan.model import EffortKind, PlanMeasure
from .model import FollowUpStatus, MeasureProgress

__all__ = ["effort_result"]

_EPS = 1e-6


def effort_result(pm: PlanMeasure, progress: MeasureProgress | None) -> dict[str, Any]:
    """The effort fields of a measure's result (empty for a plan without effort indicators)."""
    effort = pm.effort
    if effort is None:
        return {}
    reached: bool | None = None
    measured: float | None = None
    if progress is not None:
        if effort.kind is EffortKind.realised:
            on_time = progress.realised_on is None or progress.realised_on <= pm.realisation
            reached = progress.status is FollowUpStatus.carried_out and on_time
        elif progress.effort is not None:
            measured = progress.effort
            reached = effort.target is None or measured >= effort.target - _EPS
        elif progress.status in (FollowUpStatus.not_started, FollowUpStatus.stopped):
            reached = False
    return {
        "effort_kind": effort.kind,
        "effort_indicator": effort.indicator,
        "effort_target": effort.target,
        "effort_measured": measured,
        "effort_reached": reached,
    }
