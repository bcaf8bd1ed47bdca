"""The plan of action (plan van aanpak): a draft the KVO working group edits and adopts.

::

    from datetime import date
    from kvo_rules import Engine
    from kvo_rules.documents.plan import build_plan, render_html

    engine = Engine()
    profile = engine.load_profile("examples/business_park_dark.yaml")
    rec = engine.recommend(profile)
    plan = build_plan(engine, profile, rec, start=date(2025, 3, 1))
    html = render_html(plan, "nl")
"""

from __future__ import annotations

from .build import (
    CERTIFICATE_YEARS,
    at_least_fraction,
    at_most,
    build_plan,
    plan_for,
    severity_target,
)
from .model import (
    EffortIndicator,
    EffortKind,
    Goal,
    GoalKind,
    MeasureStatus,
    Phase,
    Plan,
    PlanBudget,
    PlanMeasure,
    Reference,
)
from .render import (
    PlanFormat,
    format_for_path,
    matrix_table,
    render,
    render_html,
    render_json,
    render_markdown,
    render_matrix_csv,
    render_matrix_xlsx,
)
from .schedule import add_months, add_years, schedule

__all__ = [
    "CERTIFICATE_YEARS",
    "EffortIndicator",
    "EffortKind",
    "Goal",
    "GoalKind",
    "MeasureStatus",
    "Phase",
    "Plan",
    "PlanBudget",
    "PlanFormat",
    "PlanMeasure",
    "Reference",
    "add_months",
    "add_years",
    "at_least_fraction",
    "at_most",
    "build_plan",
    "format_for_path",
    "matrix_table",
    "plan_for",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_matrix_csv",
    "render_matrix_xlsx",
    "schedule",
    "severity_target",
]
