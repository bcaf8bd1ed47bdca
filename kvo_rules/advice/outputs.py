"""The JSON that explain, frontier, sweep and batch write, as models (and so as JSON Schemas).

The recommendation, plan, follow-up and evaluation have their own models; these describe the
remaining machine outputs so that other tools can check what they read. Texts are plain strings
in the language asked for (``--lang``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from .results import Range

__all__ = [
    "BatchRecord",
    "ExplainItem",
    "ExplainOutput",
    "ExplainRule",
    "FrontierOutput",
    "FrontierPointOut",
    "SweepOutput",
    "SweepPointOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class ExplainRule(_Out):
    """A rule that names the measure."""

    rule: str
    role: str
    """proposes, requires, needed_by, excludes or adjusts."""
    fired: bool
    action: str
    description: str
    conditions: list[str]
    """One line per condition, ✓ held / ✗ did not, with the facts it looked at."""


class ExplainItem(_Out):
    """Everything kvo-rules can say about one measure for one profile."""

    measure: str
    name: str
    status: str
    """recommended, candidate, in_place, conflicts_in_place, excluded, wrong_area, not_proposed."""
    summary: str
    reasons: list[str]
    rules: list[ExplainRule]
    uncertainty: list[str] | None = Field(default=None, exclude_if=lambda v: v is None)
    """With ``--samples``: how often the measure is in the best package and, where the robust
    package differs from the recommended one on it, which uncertain effect drives that."""


class ExplainOutput(RootModel[list[ExplainItem]]):
    """`kvo-rules explain --format json`: a list of measures."""


class FrontierPointOut(_Out):
    """One package on the cost-benefit frontier."""

    measures: list[str]
    one_off_cost: float
    yearly_cost: float
    horizon_cost: float
    benefit: float
    added_benefit: float
    optimal: bool
    knee: bool
    benefit_band: Range | None = Field(default=None, exclude_if=lambda v: v is None)
    """With ``--samples``: this package's benefit over the samples (10th, 50th and 90th
    percentile; the package is kept fixed)."""
    incidents_band: dict[str, Range] | None = Field(default=None, exclude_if=lambda v: v is None)
    """With ``--samples``: expected incidents a year after the package, per problem with
    incidents, over the samples."""


class FrontierOutput(RootModel[list[FrontierPointOut]]):
    """`kvo-rules frontier --format json`: the points, cheapest first."""


class SweepPointOut(_Out):
    """The recommended package at one pair of budgets."""

    budget_one_off: float | None
    budget_yearly: float | None
    recommended: dict[str, Any]
    """A package, as ``recommended`` in schemas/recommendation.schema.json."""
    benefit_band: Range | None = Field(default=None, exclude_if=lambda v: v is None)
    """With ``--samples``: the package's benefit over the samples (10th, 50th, 90th
    percentile)."""
    incidents_band: dict[str, Range] | None = Field(default=None, exclude_if=lambda v: v is None)
    """With ``--samples``: expected incidents a year after the package, per problem."""


class SweepOutput(RootModel[list[SweepPointOut]]):
    """`kvo-rules sweep --format json`: one point per budget step."""


class BatchRecord(_Out):
    """One line of `kvo-rules batch -o FILE.jsonl`: a recommendation or the profile's errors."""

    index: int
    source: str
    ok: bool
    result: dict[str, Any] | None = None
    """The recommendation (schemas/recommendation.schema.json) when ok."""
    errors: list[str] | None = None
    """``file:line:col: message`` per problem when not ok."""
