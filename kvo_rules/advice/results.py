"""Result models: what ``evaluate`` and ``recommend`` return (and the JSON other tools read).

Texts are :class:`~kvo_rules.core.model.Text` (Dutch and English); dumped with
``context={"lang": "nl"}`` they become plain strings in that language.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..core.model import AreaKind, Category, Grade, Owner, Party, Reach, Text

__all__ = [
    "Adjustment",
    "AdviceWarning",
    "CandidateMeasure",
    "EffectRange",
    "Exclusion",
    "FiredRule",
    "Package",
    "PackageMeasure",
    "Proposal",
    "Range",
    "Reason",
    "Recommendation",
    "RequirementHit",
    "RuleEvaluation",
    "Uncertainty",
    "UncertaintyDriver",
    "ValueOfInformation",
]


class Out(BaseModel):
    """Base of result models: frozen, no extra keys."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        defer_build=True,
        json_schema_serialization_defaults_required=True,
    )


def _absent(value: object) -> bool:
    return value is None


def _empty(value: tuple[object, ...]) -> bool:
    return not value


class Range(Out):
    """An interval from the Monte Carlo samples: the 10th, 50th and 90th percentile."""

    low: float
    median: float
    high: float


class Reason(Out):
    """Why something happened: the rule (or catalogue entry) and its words."""

    rule: str
    """A rule id, or ``catalogue`` for a requirement written in the catalogue."""
    text: Text


class FiredRule(Out):
    """A rule whose conditions all held."""

    id: str
    priority: int
    description: Text


class Proposal(Out):
    """A rule proposed a measure."""

    measure: str
    rule: str
    weight: float
    reason: Text


class RequirementHit(Out):
    """When ``measure`` is chosen, one of ``needs`` must be chosen or in place."""

    measure: str
    needs: tuple[str, ...]
    rule: str
    reason: Text


class Exclusion(Out):
    """A rule ruled a measure out for this profile."""

    measure: str
    rule: str
    reason: Text


class Adjustment(Out):
    """A rule multiplied a measure's effect (on one problem, or on all when ``problem`` is None)."""

    measure: str
    problem: str | None
    factor: float
    rule: str
    reason: Text


class RuleEvaluation(Out):
    """What the rule base concluded for one profile."""

    fired_rules: tuple[FiredRule, ...]
    proposals: tuple[Proposal, ...]
    requirements: tuple[RequirementHit, ...]
    exclusions: tuple[Exclusion, ...]
    adjustments: tuple[Adjustment, ...]


class AdviceWarning(Out):
    """Something in the advice an adviser must look at."""

    code: str
    """severe_problem_open, budget_unused, missing_party, third_party."""
    problem: str | None = None
    measure: str | None = None
    payer: str | None = None
    text: Text


class CandidateMeasure(Out):
    """A measure that could be chosen for this profile, costed for this area."""

    id: str
    name: Text
    category: Category
    owner: Owner
    """Who carries it out (the same as ``lead``; kept for readers of the first format)."""
    lead: Party
    """Who carries it out."""
    payer: dict[str, float]
    """The euro payers and their shares of the euro cost."""
    hour_payer: Party | None = None
    """Police or fire brigade, when the measure asks for their hours."""
    hours_per_year: float = 0.0
    """Police or fire-brigade hours a year the measure asks for."""
    cost_per_payer: dict[str, dict[str, float]]
    """Per payer: ``one_off`` and ``yearly`` euros, or ``hours_per_year`` for police and fire
    brigade."""
    reach: Reach
    """Whom it protects: the whole area, or only the businesses that take part."""
    coverage: float
    """The share of the area it protects (1, or the participation share)."""
    paying_businesses: float
    """Businesses that pay a ``businesses`` share (the participants, or all)."""
    businesses_at_risk: int | None = Field(default=None, exclude_if=_absent)
    """A per-business measure against problems whose ``businesses_at_risk`` the profile gives
    goes to those businesses only (and protects them all); absent otherwise."""
    displacement: Text | None = None
    """Displacement risk to non-participants, where the evidence names one."""
    priority: float
    """How much of its effect counts in the choice, from the rules' weight (docs/model.md)."""
    quantity: float
    """Units bought: the catalogue's quantity per unit times the area's count."""
    unit: str
    """What the cost scales with: area, business, entrance, hectare or dark spot."""
    one_off_cost: float
    yearly_cost: float
    horizon_cost: float
    effects: dict[str, float]
    """Expected reduction per problem of the profile: the catalogue's figure after the rules'
    adjustments, the evidence grade's factor and the coverage."""
    catalogue_effects: dict[str, float]
    requires: tuple[tuple[str, ...], ...]
    """Each group: one of these must be chosen too (or be in place)."""
    excludes: tuple[str, ...]
    proposed: bool
    """Proposed by a rule (False: a candidate only because another needs it)."""
    weight: float
    """The highest weight a proposing rule gave."""
    risk_reduction: float
    """Sum over the profile's problems of weight x effect."""
    score: float
    """weight x risk_reduction: the ranking used when no optimiser decides."""
    reasons: tuple[Reason, ...]
    lead_time_months: int
    phase: float | None = Field(default=None, exclude_if=_absent)
    """A first phase: the share of the whole quantity offered, because the whole does not fit
    the budget (divisible measures only; absent when the whole is offered)."""
    in_best_share: float | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: the share of samples in which it is in the best package."""


class PackageMeasure(Out):
    """A measure in a package, in rank order."""

    id: str
    name: Text
    owner: Owner
    lead: Party
    payer: dict[str, float]
    """The euro payers and their shares."""
    hour_payer: Party | None = None
    hours_per_year: float = 0.0
    coverage: float
    """The share of the area it protects."""
    one_off_cost: float
    yearly_cost: float
    addresses: tuple[str, ...]
    reasons: tuple[Reason, ...]
    marginal_benefit: float
    prevented_incidents_per_year: float | None = None
    """Incidents a year this measure prevents, in package order (problems with known
    incidents only)."""
    cost_per_prevented_incident: float | None = None
    """Euros per prevented incident: (one-off / horizon + yearly) / prevented per year."""
    quantity: float | None = Field(default=None, exclude_if=_absent)
    """With ``phase``: the units bought in this first phase."""
    phase: float | None = Field(default=None, exclude_if=_absent)
    """A first phase: the share of the whole quantity (absent when the whole is bought)."""


class Package(Out):
    """A set of measures chosen together, with its cost and expected effect."""

    label: str
    measures: tuple[PackageMeasure, ...]
    one_off_cost: float
    yearly_cost: float
    horizon_cost: float
    cost_per_business_per_year: float
    cost_per_owner: dict[str, float]
    """Horizon cost per owner (lead)."""
    cost_per_payer: dict[str, dict[str, float]]
    """Per payer: ``one_off`` and ``yearly`` euros (for ``businesses`` the total over the
    paying businesses, and ``per_business_one_off``/``per_business_yearly``), or
    ``hours_per_year`` for police and fire brigade."""
    expected_reduction: dict[str, float]
    """Per problem: 1 - prod(1 - effect) over the package and the measures in place."""
    added_reduction: dict[str, float]
    """Per problem: the reduction the new measures add to today's situation (the analysed
    figures already include the measures in place)."""
    expected_incidents: dict[str, float]
    """Per problem with incidents_per_year: the expected incidents per year after (from
    ``added_reduction``)."""
    benefit: float
    added_benefit: float
    optimal: bool
    gap: float
    note: Text | None = None
    benefit_range: Range | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: ``benefit`` over the samples (10th, 50th, 90th percentile)."""
    incidents_range: dict[str, Range] | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: ``expected_incidents`` over the samples, per problem."""
    reduction_range: dict[str, Range] | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: ``added_reduction`` over the samples, per problem."""
    horizon_cost_range: Range | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: ``horizon_cost`` over the samples (cost ranges of the catalogue)."""
    best_share: float | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: the share of samples in which this is the best package."""


class EffectRange(Out):
    """The distribution of one expected effect: triangular on [low, high], peaking at mode."""

    measure: str
    problem: str
    in_place: bool
    point: float
    """The expected effect without uncertainty (the candidate's ``effects``)."""
    low: float
    mode: float
    high: float
    basis: str
    """``catalogue``: the source's own interval; ``grade``: the evidence grade's spread."""
    grade: Grade
    """The grade the calculation counted: one lower than the source's for an effect from
    another setting (``Effect.counted_grade``)."""
    estimate: bool


class UncertaintyDriver(Out):
    """The uncertain effect that most drives the difference between two packages."""

    measure: str
    problem: str
    correlation: float
    """Correlation over the samples between this effect and the robust package's benefit
    minus the recommended package's (negative: a low effect favours the robust package)."""
    text: Text


class ValueOfInformation(Out):
    """An effect whose uncertainty changes the choice: measuring it locally would settle it."""

    measure: str
    problem: str
    distance: float
    """0-1: how different the best packages are when this effect is in the lower versus the
    upper half of its range (total variation distance of the two distributions)."""
    if_low: tuple[str, ...]
    """The package most often best when the effect is in the lower half."""
    if_low_share: float
    if_high: tuple[str, ...]
    if_high_share: float
    text: Text


class Uncertainty(Out):
    """What the Monte Carlo over the effect and cost ranges found (docs/model.md)."""

    samples: int
    seed: int
    percentiles: tuple[int, int, int] = (10, 50, 90)
    distribution: str = "triangular"
    max_nodes: int
    """Node limit of each sample's optimisation."""
    unproved_samples: int
    """Samples whose optimisation hit the node limit (their best package found is used)."""
    criterion: str
    """How the robust package is chosen: ``p10_benefit``."""
    criterion_text: Text
    robust: Package
    """The package with the highest 10th percentile of benefit among those met (see
    ``criterion_text``); equal to the recommended package when that holds up best."""
    robust_is_recommended: bool
    driver: UncertaintyDriver | None = None
    """When the robust package differs: the uncertain effect that drives the difference."""
    value_of_information: tuple[ValueOfInformation, ...] = ()
    effects: tuple[EffectRange, ...]
    """Every uncertain effect: the candidates' and the measures in place."""


class Recommendation(Out):
    """The full answer for one profile; its JSON form is the contract other tools read."""

    schema_version: int = 1
    area: str
    kind: AreaKind
    horizon_years: int
    existing_measures: tuple[str, ...]
    """Measures already in place (they count in every package, at no cost)."""
    budget_one_off: float | None
    budget_yearly: float | None
    budget_per_payer: dict[str, dict[str, float]] | None = None
    """The per-payer budget as applied: every payer with its caps (0 for a payer the profile
    leaves out under ``unlisted: none``); ``None`` when the budget is not given per payer."""
    problem_weights: dict[str, float]
    """w_p = severity x harm weight x volume factor, per problem of the profile."""
    recommended: Package
    alternatives: tuple[Package, ...]
    optimal: bool
    """True when the recommended package is proved optimal."""
    gap: float
    """Upper bound minus benefit of the recommended package (0 when proved optimal)."""
    fired_rules: tuple[FiredRule, ...]
    proposals: tuple[Proposal, ...]
    requirements: tuple[RequirementHit, ...]
    exclusions: tuple[Exclusion, ...]
    adjustments: tuple[Adjustment, ...]
    candidates: tuple[CandidateMeasure, ...]
    """Every measure that could be chosen, in score order, with costs and adjusted effects."""
    phases: tuple[CandidateMeasure, ...] = Field(default=(), exclude_if=_empty)
    """First phases of divisible candidates (part of their units; absent when there are none);
    the optimiser chose among them as among the candidates."""
    assumptions: tuple[Text, ...]
    warnings: tuple[AdviceWarning, ...] = ()
    """What an adviser must look at before signing: see docs/model.md for the codes."""
    uncertainty: Uncertainty | None = Field(default=None, exclude_if=_absent)
    """With ``--samples``: ranges, the robust package and the value of information."""

    @property
    def evaluation(self) -> RuleEvaluation:
        """The rule evaluation this recommendation rests on."""
        return RuleEvaluation(
            fired_rules=self.fired_rules,
            proposals=self.proposals,
            requirements=self.requirements,
            exclusions=self.exclusions,
            adjustments=self.adjustments,
        )
