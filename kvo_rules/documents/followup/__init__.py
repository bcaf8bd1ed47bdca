"""The KVO cycle: evaluate a plan of action at its follow-up measurement (1-meting) and write
the profile for the next cycle.

::

    from kvo_rules.documents.followup import evaluate, load_followup, load_plan, render_markdown

    plan = load_plan("examples/cycle/plan.json")
    followup = load_followup("examples/cycle/followup.yaml", plan)
    evaluation = evaluate(plan, followup)
    text = render_markdown(evaluation, "en")
"""

from __future__ import annotations

from .build import (
    EFFECT_MONTHS,
    TREND_THRESHOLD,
    count_trend,
    criterion,
    evaluate,
    severity_trend,
    share_trend,
)
from .load import (
    followup_from_document,
    load_followup,
    load_plan,
    parse_followup,
    plan_from_document,
)
from .model import (
    Criterion,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    GoalResult,
    MeasureOutcome,
    MeasureProgress,
    MeasureResult,
    ProblemMeasurement,
    ProblemResult,
    Summary,
    Verdict,
)
from .nextprofile import checked_next_profile, next_profile, render_next_profile
from .render import (
    EvaluationFormat,
    format_for_path,
    render,
    render_html,
    render_json,
    render_markdown,
)

__all__ = [
    "EFFECT_MONTHS",
    "TREND_THRESHOLD",
    "Criterion",
    "Evaluation",
    "EvaluationFormat",
    "FollowUp",
    "FollowUpStatus",
    "GoalResult",
    "MeasureOutcome",
    "MeasureProgress",
    "MeasureResult",
    "ProblemMeasurement",
    "ProblemResult",
    "Summary",
    "Verdict",
    "checked_next_profile",
    "count_trend",
    "criterion",
    "evaluate",
    "followup_from_document",
    "format_for_path",
    "load_followup",
    "load_plan",
    "next_profile",
    "parse_followup",
    "plan_from_document",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_next_profile",
    "severity_trend",
    "share_trend",
]
