"""The plan of action as data: what the renderers show and what ``evaluate`` will read.

Ids, numbers, ISO dates and status codes are language-neutral; sentences are
:class:`~kvo_rules.core.model.Text` and become one language when dumped with
``context={"lang": ...}`` (as ``--format json --lang`` does).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from ...core.model import AreaKind, Category, DataSource, Owner, Party, Text, TimeOfDay, Trend
from ...core.profile_model import Analysis, Partnership

__all__ = [
    "AlternativePackage",
    "EffortIndicator",
    "EffortKind",
    "Goal",
    "GoalKind",
    "MeasureRef",
    "MeasureStatus",
    "NotChosen",
    "OwnerCost",
    "Phase",
    "Plan",
    "PlanArea",
    "PlanBudget",
    "PlanEvaluation",
    "PlanMeasure",
    "PlanProblem",
    "PlanRange",
    "PlanUncertainty",
    "Reference",
    "YearCost",
]

PLAN_SCHEMA_VERSION = 1


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MeasureStatus(StrEnum):
    """Where a measure of the matrix stands; a new plan has every measure ``planned``."""

    planned = "planned"
    in_progress = "in_progress"
    realised = "realised"
    cancelled = "cancelled"


class GoalKind(StrEnum):
    """How a goal is measured.

    ``incidents``: a count per year (the profile gave incidents); ``survey``: the indicator,
    measured by the business survey, falls by a share; ``severity``: the working group's
    severity score (1-5) falls, judged with the indicator.
    """

    incidents = "incidents"
    survey = "survey"
    severity = "severity"


class PlanArea(_Out):
    name: str
    kind: AreaKind
    municipality: str | None
    businesses: int
    hectares: float | None
    entrances: int | None
    farms: int | None = None
    dark_spots: int | None = None
    vacant_units: int | None = None
    rear_alleys: int | None = None
    unmonitored_alarms: int | None = None


class Phase(StrEnum):
    """The phase of a measure in the schedule (docs/plan.md, *Phasing*)."""

    quick_win = "quick_win"
    preparation = "preparation"
    investment = "investment"


class EffortKind(StrEnum):
    """What an effort indicator counts (docs/plan.md, *Effort indicators*)."""

    participation = "participation"
    hours = "hours"
    units = "units"
    realised = "realised"


class EffortIndicator(_Out):
    """What the working group counts to show a measure is carried out."""

    kind: EffortKind
    indicator: Text
    target: float | None
    """A share (participation), hours a year, or units; None for ``realised``."""
    statement: Text


class MeasureRef(_Out):
    """A measure by id, with its name."""

    id: str
    name: Text


class PlanProblem(_Out):
    """An analysed problem with its figures from the profile, in weight order."""

    id: str
    name: Text
    weight: float
    """severity x harm weight."""
    harm_weight: float
    severity: int
    incidents_per_year: float | None
    trend: Trend | None
    times: tuple[TimeOfDay, ...]
    note: str | None
    indicator: Text
    data_sources: tuple[DataSource, ...]
    businesses_at_risk: int | None = Field(default=None, exclude_if=lambda v: v is None)
    """The profile's count of businesses this problem threatens (docs/model.md)."""
    expected_reduction: float
    """By the new measures of this plan, relative to the baseline (measures in place excluded)."""
    expected_incidents: float | None


def _absent(value: object) -> bool:
    return value is None


class PlanRange(_Out):
    """From ``plan --samples``: the 10th, 50th and 90th percentile over the samples."""

    low: float
    median: float
    high: float


class Goal(_Out):
    """A measurable goal for one problem, to be checked at the follow-up measurement."""

    id: str
    problem: str
    kind: GoalKind
    addressed: bool
    """False when no new measure of the plan has an effect on the problem."""
    qualitative: bool = False
    """A count too small for a number goal (``SMALL_COUNT``): the goal is said in words."""
    note: Text | None = None
    """E.g. a chosen measure raises the recorded figures the goal is judged on."""
    statement: Text
    indicator: Text
    deadline: date
    expected_reduction: float
    target_reduction_min: float
    """The indicator falls by at least this fraction (the expected reduction rounded down
    to a whole percent)."""
    baseline_incidents: float | None
    expected_incidents: float | None
    target_incidents_max: int | None
    """At most this many a year: the expected number rounded up."""
    baseline_severity: int
    target_severity_max: int
    measures: tuple[str, ...]
    """Ids of the plan's measures that address the problem."""
    effective_from: date | None
    """When the last of those measures is realised."""
    expected_incidents_range: PlanRange | None = Field(default=None, exclude_if=_absent)
    """With ``plan --samples``: ``expected_incidents`` over the samples."""
    expected_reduction_range: PlanRange | None = Field(default=None, exclude_if=_absent)
    """With ``plan --samples``: ``expected_reduction`` over the samples."""
    range_statement: Text | None = Field(default=None, exclude_if=_absent)
    """With ``plan --samples``: the expectation as a range in words ("26 -> 14-19 a year")."""


class PlanMeasure(_Out):
    """A row of the measures matrix."""

    id: str
    rank: int
    name: Text
    description: Text
    category: Category
    owner: Owner
    addresses: tuple[str, ...]
    after: tuple[str, ...]
    """Ids of the plan's measures whose realisation this one waits for."""
    lead_time_months: int
    start: date
    realisation: date
    one_off_cost: float
    yearly_cost: float
    status: MeasureStatus
    reasons: tuple[Text, ...]
    lead: Party | None = None
    """Who carries it out (None in plans written before lead and payer)."""
    payer: dict[str, float] = Field(default_factory=dict)
    """The euro payers and their shares of the euro cost."""
    hour_payer: Party | None = None
    hours_per_year: float = 0.0
    phase: Phase | None = None
    effort: EffortIndicator | None = None
    share: float | None = Field(default=None, exclude_if=lambda v: v is None)
    """A first phase of a divisible measure: the share of its units in this plan (absent: the
    whole)."""


class OwnerCost(_Out):
    owner: Owner
    one_off: float
    yearly: float
    horizon: float
    share: float
    """Of the plan's horizon cost."""


class PayerCost(_Out):
    """What one payer takes on in the plan, beside the budget the profile gave it."""

    payer: str
    one_off: float | None = None
    yearly: float | None = None
    per_business_one_off: float | None = None
    per_business_yearly: float | None = None
    hours_per_year: float | None = None
    budget: dict[str, float] | None = None
    """The payer's budget (``one_off``/``yearly``, per business for ``businesses``, or
    ``hours_per_year``); ``None`` when it was not capped."""


class YearCost(_Out):
    year: int
    start: date
    end: date
    one_off: float
    yearly: float
    total: float


class PlanBudget(_Out):
    budget_one_off: float | None
    budget_yearly: float | None
    one_off: float
    yearly: float
    horizon_years: int
    horizon: float
    per_owner: tuple[OwnerCost, ...]
    per_payer: tuple[PayerCost, ...] = ()
    """Per payer: what it pays (euros, or hours for police and fire brigade) and its budget."""
    per_year: tuple[YearCost, ...]
    per_business_per_year: float
    """(one-off / years + yearly) / businesses."""
    entrepreneurs_per_business_per_year: float
    """The same for the measures the entrepreneurs carry."""
    within_budget: bool | None
    """None when no budget was given."""


class AlternativePackage(_Out):
    label: str
    name: Text
    note: Text | None
    measures: tuple[str, ...]
    added: tuple[MeasureRef, ...]
    dropped: tuple[MeasureRef, ...]
    one_off_cost: float
    yearly_cost: float
    horizon_cost: float
    benefit_ratio: float
    """Its expected benefit as a fraction of the plan's."""


class NotChosen(_Out):
    id: str
    name: Text
    status: str
    """``candidate`` (could have been chosen) or ``excluded`` (ruled out by a rule)."""
    one_off_cost: float | None
    yearly_cost: float | None
    reason: Text


class Reference(_Out):
    """One entry of the numbered source list: a source the plan's texts cite."""

    number: int
    key: str
    """The source's id in ``measures/sources.yaml``, as the texts cite it (``[key]``)."""
    title: str | None
    """None when the key is not in the catalogue's source list."""
    url: str | None


class PlanEvaluation(_Out):
    progress_reviews: tuple[date, ...]
    """End of each plan year before the follow-up measurement."""
    one_meting: date
    """The follow-up measurement (1-meting): the goals' deadline."""
    recertification: date
    certificate_years: int


class PlanUncertainty(_Out):
    """With ``plan --samples``: how sure the expectations are, and what would settle the
    choice (docs/model.md, *Uncertainty*)."""

    samples: int
    seed: int
    percentiles: tuple[int, int, int]
    heading: Text
    intro: Text
    robust: Text | None = None
    """When the package that holds up best if the effects disappoint differs from the plan's:
    how, and which uncertain effect drives it."""
    value_of_information: tuple[Text, ...] = ()
    """The one or two effects a local measurement would best settle the choice on."""


class Plan(_Out):
    """A draft plan of action (plan van aanpak) for one area."""

    schema_version: int = PLAN_SCHEMA_VERSION
    id: str
    title: Text
    start: date
    end: date
    """The last day of the horizon."""
    horizon_years: int
    area: PlanArea
    existing_measures: tuple[MeasureRef, ...]
    problems: tuple[PlanProblem, ...]
    goals: tuple[Goal, ...]
    measures: tuple[PlanMeasure, ...]
    budget: PlanBudget
    alternatives: tuple[AlternativePackage, ...]
    not_chosen: tuple[NotChosen, ...]
    evaluation: PlanEvaluation
    recommended_note: Text | None
    """Why this package was chosen (within the budget, or at the knee when none was given)."""
    optimal: bool
    gap: float
    assumptions: tuple[Text, ...]
    warnings: tuple[Text, ...]
    uncertainty: PlanUncertainty | None = Field(default=None, exclude_if=_absent)
    """With ``plan --samples``: ranges and the value of information."""
    references: tuple[Reference, ...] = ()
    """Every source the plan's texts cite, numbered by first citation."""
    partnership: Partnership | None = None
    analysis: Analysis | None = None
    partnership_requests: tuple[Text, ...] = ()
    """What the certification body will still ask for about the partnership."""
    analysis_requests: tuple[Text, ...] = ()
    """What the certification body will still ask for about the safety analysis."""
    fire_safety: tuple[Text, ...] = ()
    communication: tuple[Text, ...] = ()
    """Communication and privacy."""

    def problem(self, problem_id: str) -> PlanProblem:
        """The analysed problem ``problem_id``."""
        return next(p for p in self.problems if p.id == problem_id)

    def measure(self, measure_id: str) -> PlanMeasure:
        """The plan's measure ``measure_id``."""
        return next(m for m in self.measures if m.id == measure_id)
