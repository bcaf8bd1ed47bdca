"""The follow-up measurement (input) and the evaluation (output) as data.

``FollowUp`` is a public input format like the profile: strict (unknown keys refused with a
suggestion, whole numbers where whole numbers are meant, finite numbers), and its ids are
checked against the plan it follows up (see :mod:`kvo_rules.documents.followup.load`).

``Evaluation`` is what ``kvo-rules evaluate --format json`` writes. Ids, numbers, ISO dates and
codes are language-neutral; sentences are :class:`~kvo_rules.core.model.Text` and become one
language when dumped with ``context={"lang": ...}``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...core.errors import model_error
from ...core.i18n import msg
from ...core.model import AreaKind, Id, Int, Line, Num, Owner, Strict_, Text, Trend
from ..plan.model import EffortKind, GoalKind, MeasureRef, Reference

__all__ = [
    "EVALUATION_SCHEMA_VERSION",
    "Basis",
    "CostSummary",
    "Criterion",
    "Evaluation",
    "EvaluationArea",
    "FollowUp",
    "FollowUpStatus",
    "GoalResult",
    "IndicatorFigures",
    "MeasureOutcome",
    "MeasureProgress",
    "MeasureResult",
    "NextCycle",
    "PredictedRange",
    "ProblemMeasurement",
    "ProblemResult",
    "RangeVerdict",
    "Summary",
    "Verdict",
]

EVALUATION_SCHEMA_VERSION = 1


# --- the follow-up measurement (input) ------------------------------------------------------


class FollowUpStatus(StrEnum):
    """Where a measure of the plan stands at the follow-up measurement."""

    carried_out = "carried_out"
    partly = "partly"
    not_started = "not_started"
    stopped = "stopped"


class IndicatorFigures(Strict_):
    """The goal's indicator (``kvo-rules problems`` names it per problem) at the 0-meting and
    at the 1-meting, in the same unit: a survey share (percent or fraction, the same in both),
    a count from the walk-through, minutes to alarm response. Lower is better."""

    baseline: Num = Field(gt=0, le=1e9)
    """At the 0-meting; above zero, or a fall cannot be expressed as a share."""
    measured: Num = Field(ge=0, le=1e9)
    """At the 1-meting."""


class PredictedRange(Strict_):
    """A predicted range of incidents a year (the plan's ``expected_incidents_range`` from
    ``plan --samples``, or copied in by hand): 8 in 10 samples fell between low and high."""

    low: Num = Field(ge=0, le=1_000_000)
    high: Num = Field(ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _ordered(self) -> PredictedRange:
        if self.low > self.high:
            raise model_error(
                "range_order",
                msg("'low' ({low}) is above 'high' ({high})", low=self.low, high=self.high),
            )
        return self


class ProblemMeasurement(Strict_):
    """The follow-up figures of one problem of the plan; at least one figure."""

    type: Id
    """The problem id, as in the plan (and the profile)."""
    severity: Int | None = Field(default=None, ge=1, le=5)
    """The working group's new severity score (1-5)."""
    incidents_per_year: Num | None = Field(default=None, ge=0, le=1_000_000)
    """Over the last 12 months, from the same source as the 0-meting."""
    indicator: IndicatorFigures | None = None
    note: Line | None = None
    predicted: PredictedRange | None = None
    """The predicted range of incidents a year to compare ``incidents_per_year`` with; when
    left out, the plan's own range is used (if it was made with ``--samples``)."""

    @model_validator(mode="after")
    def _some_figure(self) -> ProblemMeasurement:
        if self.severity is None and self.incidents_per_year is None and self.indicator is None:
            raise model_error(
                "no_figure",
                msg(
                    "give at least one of 'severity', 'incidents_per_year' or 'indicator' "
                    "(leave a problem out when it was not measured)"
                ),
            )
        return self


class MeasureProgress(Strict_):
    """How far one measure of the plan got, and what it cost."""

    id: Id
    """The measure id, as in the plan."""
    status: FollowUpStatus
    one_off_cost: Num | None = Field(default=None, ge=0, le=1e9)
    """Actually spent, euros; leave out when not known."""
    yearly_cost: Num | None = Field(default=None, ge=0, le=1e9)
    """Actual running cost per year, euros; leave out when not known."""
    realised_on: date | None = None
    """When it was carried out (for carried_out and partly only)."""
    effort: Num | None = Field(default=None, ge=0, le=1e9)
    """The measure's effort indicator as measured (the plan names it): the share of businesses
    taking part as a fraction (0.67), hours a year, or the number of units in place."""
    note: Line | None = None

    @model_validator(mode="after")
    def _realised_only_when_carried_out(self) -> MeasureProgress:
        if self.realised_on is not None and self.status not in (
            FollowUpStatus.carried_out,
            FollowUpStatus.partly,
        ):
            raise model_error(
                "realised_not_started",
                msg(
                    "'realised_on' is given for a measure with status '{status}'",
                    status=self.status.value,
                ),
            )
        return self


class FollowUp(Strict_):
    """A follow-up measurement (1-meting) of one plan of action: the input of ``evaluate``."""

    plan: Line
    """The plan: the path of its JSON (relative to this file) or its id."""
    measured_on: date
    """When the follow-up was measured."""
    note: Line | None = None
    problems: tuple[ProblemMeasurement, ...] = Field(default=(), max_length=200)
    """Problems of the plan left out are reported as not measured."""
    measures: tuple[MeasureProgress, ...] = Field(default=(), max_length=500)
    """Measures of the plan left out are reported as without status."""

    def problem(self, problem_id: str) -> ProblemMeasurement | None:
        """The measurement of ``problem_id``, if given."""
        return next((p for p in self.problems if p.type == problem_id), None)

    def measure(self, measure_id: str) -> MeasureProgress | None:
        """The progress of ``measure_id``, if given."""
        return next((m for m in self.measures if m.id == measure_id), None)


# --- the evaluation (output) ------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _absent(value: object) -> bool:
    return value is None


class RangeVerdict(StrEnum):
    """The measured incidents against the predicted range (fewer is better)."""

    below = "below"
    within = "within"
    above = "above"


class Verdict(StrEnum):
    """Whether a goal was reached at the follow-up measurement."""

    reached = "reached"
    not_reached = "not_reached"
    not_measured = "not_measured"


class Criterion(StrEnum):
    """What decides a goal.

    ``incidents``: the count a year is at most the target; ``indicator``: the indicator fell
    by at least the target share; ``severity``: the severity is at most the target;
    ``severity_and_indicator``: the severity did not rise and the indicator fell by the share.
    """

    incidents = "incidents"
    indicator = "indicator"
    severity = "severity"
    severity_and_indicator = "severity_and_indicator"


class Basis(StrEnum):
    """Which figure an observed change or a trend rests on."""

    incidents = "incidents"
    indicator = "indicator"
    severity = "severity"


class MeasureOutcome(StrEnum):
    """A measure's status at the follow-up; ``not_reported`` when the follow-up leaves it out."""

    carried_out = "carried_out"
    partly = "partly"
    not_started = "not_started"
    stopped = "stopped"
    not_reported = "not_reported"


class EvaluationArea(_Out):
    name: str
    kind: AreaKind
    municipality: str | None


class GoalResult(_Out):
    """One goal of the plan, judged on the follow-up figures."""

    id: str
    problem: str
    name: Text
    kind: GoalKind
    addressed: bool
    criterion: Criterion
    verdict: Verdict
    deadline: date
    baseline_incidents: float | None
    target_incidents_max: int | None
    expected_incidents: float | None
    measured_incidents: float | None
    baseline_severity: int
    target_severity_max: int
    measured_severity: int | None
    target_reduction_min: float
    """The indicator must fall by at least this share (indicator criteria)."""
    expected_reduction: float
    indicator_baseline: float | None
    indicator_measured: float | None
    indicator_change: float | None
    """(measured - baseline) / baseline: negative is a fall."""
    target: Text
    baseline: Text
    expected: Text
    measured: Text
    explanation: Text
    predicted_range: PredictedRange | None = Field(default=None, exclude_if=_absent)
    """The predicted range of incidents a year (the follow-up's, else the plan's)."""
    range_verdict: RangeVerdict | None = Field(default=None, exclude_if=_absent)
    """The measured incidents below, within or above ``predicted_range``."""
    range_text: Text | None = Field(default=None, exclude_if=_absent)


class ProblemResult(_Out):
    """The observed change of one problem next to the change the plan expected."""

    id: str
    name: Text
    measured: bool
    """False when the follow-up has no figures for it."""
    baseline_severity: int
    measured_severity: int | None
    severity_change: int | None
    baseline_incidents: float | None
    measured_incidents: float | None
    incidents_change: float | None
    """(measured - baseline) / baseline; None without both figures or with a baseline of 0."""
    indicator_baseline: float | None
    indicator_measured: float | None
    indicator_change: float | None
    observed_change: float | None
    """The incidents' change, else the indicator's: negative is a fall."""
    observed_basis: Basis | None
    expected_change: float
    """What the plan expected when every measure is carried out: minus its expected reduction."""
    expected_incidents: float | None
    trend: Trend | None
    """For the next profile (see ``TREND_THRESHOLD``); None when not measured."""
    trend_basis: Basis | None
    measures: tuple[str, ...]
    """The plan's measures that address it."""
    measures_not_done: tuple[str, ...]
    """Of those, the ones not carried out in full (partly, not started, stopped, no status)."""
    late_measures: tuple[str, ...]
    """Of those carried out, the ones realised less than 12 months before the measurement."""
    note: str | None


class MeasureResult(_Out):
    """One measure of the plan: status, and cost against the plan."""

    id: str
    rank: int
    name: Text
    owner: Owner
    status: MeasureOutcome
    planned_realisation: date
    realised_on: date | None
    planned_one_off: float
    actual_one_off: float | None
    one_off_difference: float | None
    """actual - planned, euros."""
    one_off_difference_pct: float | None
    """(actual - planned) / planned; None when unknown or nothing was planned."""
    planned_yearly: float
    actual_yearly: float | None
    yearly_difference: float | None
    yearly_difference_pct: float | None
    note: str | None
    effort_kind: EffortKind | None = None
    effort_indicator: Text | None = None
    """What the plan counts as this measure's effort (None for plans without effort)."""
    effort_target: float | None = None
    effort_measured: float | None = None
    effort_reached: bool | None = None
    """None when the follow-up does not report it."""


class CostSummary(_Out):
    """Spend against the plan, for one kind of cost (one-off or yearly)."""

    planned: float
    """The plan's total for all its measures."""
    known: int
    """Measures whose actual cost is known."""
    actual: float
    """Sum of the known actual costs."""
    planned_for_known: float
    """The plan's cost of those same measures: the like-for-like comparison."""
    difference: float
    difference_pct: float | None
    budget: float | None
    """The budget the plan was made for (None when none was given)."""
    within_budget: bool | None


class Summary(_Out):
    """The overall figures for the recertification file."""

    goals: int
    goals_reached: int
    goals_not_reached: int
    goals_not_measured: int
    problems: int
    problems_measured: int
    measures: int
    carried_out: int
    partly: int
    not_started: int
    stopped: int
    not_reported: int
    one_off: CostSummary
    yearly: CostSummary
    text: tuple[Text, ...]
    """Sentences the working group can put in the recertification file."""


class NextCycle(_Out):
    """What the follow-up means for the next profile."""

    in_place: tuple[MeasureRef, ...]
    """Existing measures of the next profile: those in place before plus those carried out."""
    partly: tuple[MeasureRef, ...]
    """Not counted as in place: ``recommend`` may propose them again, to complete them."""
    not_done: tuple[MeasureRef, ...]
    """Not started, stopped or without status: not in place."""


class Evaluation(_Out):
    """The evaluation of a plan of action at its follow-up measurement."""

    schema_version: int = EVALUATION_SCHEMA_VERSION
    plan_id: str
    area: EvaluationArea
    plan_start: date
    one_meting: date
    """The planned follow-up measurement: the goals' deadline."""
    recertification: date
    measured_on: date
    note: str | None
    summary: Summary
    goals: tuple[GoalResult, ...]
    problems: tuple[ProblemResult, ...]
    measures: tuple[MeasureResult, ...]
    next_cycle: NextCycle
    caveat: Text
    """Before/after figures without a comparison area do not prove cause."""
    warnings: tuple[Text, ...]
    references: tuple[Reference, ...] = ()
    """The plan's numbered source list (the evaluation's texts cite the same keys)."""
