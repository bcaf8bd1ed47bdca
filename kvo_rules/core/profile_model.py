"""Typed models of the problem profile: the area, its problems, budgets and participation.

The profile is a public input contract (kvo-rules schema profile); its building blocks
(``Strict_``, ids, the enums) are those of :mod:`.model`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import (
    Field,
    model_validator,
)

from .errors import model_error
from .i18n import msg
from .model import (
    ID_PATTERN,
    AreaKind,
    DataSource,
    Id,
    Int,
    Line,
    Num,
    Party,
    Share,
    Strict_,
    TimeOfDay,
    Trend,
)

__all__ = [
    "Analysis",
    "Budget",
    "HoursBudget",
    "Participation",
    "Partner",
    "Partnership",
    "PayerBudget",
    "Period",
    "Profile",
    "ProfileArea",
    "ProfileProblem",
    "SurveyResponse",
]


class ProfileArea(Strict_):
    """The area a profile describes."""

    name: Line
    kind: AreaKind
    municipality: Line | None = None
    businesses: Int = Field(ge=1, le=100_000)
    """Businesses in the area; in a rural area farms included."""
    farms: Int | None = Field(default=None, ge=0, le=100_000)
    """Of the businesses, how many are farms (a rural area; not above ``businesses``)."""
    hectares: Num | None = Field(default=None, gt=0, le=100_000)
    entrances: Int | None = Field(default=None, ge=0, le=1_000)
    dark_spots: Int | None = Field(default=None, ge=0, le=100_000)
    """Dark spots or defective lamp posts the dark walk-through (schouw) found."""
    vacant_units: Int | None = Field(default=None, ge=0, le=100_000)
    """Empty business units (halls, shops) the analysis or the walk-through counted."""
    rear_alleys: Int | None = Field(default=None, ge=0, le=100_000)
    """Rear alleys (back access behind the businesses) the walk-through found; 0: none."""
    unmonitored_alarms: Int | None = Field(default=None, ge=0, le=100_000)
    """Businesses whose alarm only rings locally or calls a keyholder (the survey): for them a
    monitored alarm is the connection to an alarm centre, not a new alarm."""

    @model_validator(mode="after")
    def _farms(self) -> ProfileArea:
        if self.unmonitored_alarms is not None and self.unmonitored_alarms > self.businesses:
            raise model_error(
                "unmonitored_alarms",
                msg(
                    "'unmonitored_alarms' ({n_alarms}) is more than 'businesses' ({n})",
                    n_alarms=self.unmonitored_alarms,
                    n=self.businesses,
                ),
            )
        if self.farms is not None and self.farms > self.businesses:
            raise model_error(
                "farms",
                msg(
                    "'farms' ({farms}) is more than 'businesses' ({n}): "
                    "businesses counts farms too",
                    farms=self.farms,
                    n=self.businesses,
                ),
            )
        return self


class ProfileProblem(Strict_):
    """One analysed problem."""

    type: Id
    severity: Int = Field(ge=1, le=5)
    incidents_per_year: Num | None = Field(default=None, ge=0, le=1_000_000)
    trend: Trend | None = None
    times: tuple[TimeOfDay, ...] = ()
    note: Line | None = None
    businesses_at_risk: Int | None = Field(default=None, ge=1, le=100_000)
    """How many businesses the problem threatens, where the analysis can say (the shops that
    were robbed and those like them); per-business measures against it go to these only."""


class PayerBudget(Strict_):
    """What one euro payer may spend on new measures (both amounts are required)."""

    one_off: Num = Field(ge=0, le=1e9)
    yearly: Num = Field(ge=0, le=1e9)

    @model_validator(mode="before")
    @classmethod
    def _no_hours(cls, data: Any) -> Any:
        if isinstance(data, dict) and "hours_per_year" in data:
            raise model_error(
                "euro_payer_hours",
                msg(
                    "this payer pays in euros: give 'one_off' and 'yearly' "
                    "(hours are for 'police' and 'fire_brigade')"
                ),
            )
        return data


class HoursBudget(Strict_):
    """The capacity police or fire brigade make available, in hours per year."""

    hours_per_year: Num = Field(ge=0, le=1e6)

    @model_validator(mode="before")
    @classmethod
    def _no_euros(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("one_off" in data or "yearly" in data):
            raise model_error(
                "hour_payer_euros",
                msg("police and fire brigade contribute hours: give 'hours_per_year', not euros"),
            )
        return data


class Budget(Strict_):
    """What may be spent on new measures: a cap on the whole package, per payer, or both.

    ``one_off`` and ``yearly`` cap the whole package (the first format). The payer keys cap
    what each payer takes on; ``businesses`` counts per participating business. When any
    payer is listed, a payer that is not listed has no budget (``unlisted: none``) unless
    ``unlisted: open`` says it has no cap.
    """

    one_off: Num | None = Field(default=None, ge=0, le=1e9)
    yearly: Num | None = Field(default=None, ge=0, le=1e9)
    collective: PayerBudget | None = None
    businesses: PayerBudget | None = None
    municipality: PayerBudget | None = None
    property_owners: PayerBudget | None = None
    police: HoursBudget | None = None
    fire_brigade: HoursBudget | None = None
    unlisted: Literal["none", "open"] = "none"

    def total(self, kind: Literal["one_off", "yearly"]) -> float | None:
        """What rules read as the one-off or yearly budget.

        The cap on the whole package when given; otherwise, in the per-payer form, the sum of
        the shared money (collective, municipality, property owners; a business's own budget is
        per business and not part of it); otherwise ``None``.
        """
        cap: float | None = getattr(self, kind)
        if cap is not None:
            return cap
        shared = [
            getattr(b, kind)
            for p, b in self.payers.items()
            if isinstance(b, PayerBudget) and p is not Party.businesses
        ]
        return float(sum(shared)) if shared else None

    @property
    def per_payer(self) -> bool:
        """Whether the budget is given per payer."""
        return bool(self.payers)

    @property
    def payers(self) -> dict[Party, PayerBudget | HoursBudget]:
        """The payers listed, in Party order."""
        out: dict[Party, PayerBudget | HoursBudget] = {}
        for party in Party:
            value = getattr(self, party.value, None)
            if value is not None:
                out[party] = value
        return out


class Participation(Strict_):
    """Share of businesses taking part in participant-only measures, with overrides."""

    default: Share | None = None
    measures: dict[Id, Share] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        """``0.4`` or ``{default: 0.4, some_measure: 0.7}``."""
        if isinstance(data, bool):
            return data
        if isinstance(data, int | float):
            return {"default": data}
        if isinstance(data, dict) and "measures" not in data:
            rest = {k: v for k, v in data.items() if k != "default"}
            out: dict[str, Any] = {"measures": rest}
            if "default" in data:
                out["default"] = data["default"]
            return out
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """The two forms a profile writes: a share, or a default with per-measure shares."""
        share = {"type": "number", "exclusiveMinimum": 0, "maximum": 1}
        return {
            "title": "Participation",
            "description": "Share of businesses taking part in participants-only measures: "
            "0.4, or {default: 0.4, <measure id>: 0.7}.",
            "anyOf": [
                share,
                {
                    "type": "object",
                    "properties": {"default": share},
                    "additionalProperties": share,
                    "propertyNames": {"pattern": ID_PATTERN},
                },
            ],
        }

    def __hash__(self) -> int:
        """Hashable like every frozen model (its per-measure shares are a mapping)."""
        return hash((self.default, tuple(sorted(self.measures.items()))))

    def share(self, measure_id: str, fallback: float) -> float:
        """The participation share for ``measure_id``."""
        if measure_id in self.measures:
            return self.measures[measure_id]
        return self.default if self.default is not None else fallback


class Partner(Strict_):
    """One partner of the KVO partnership."""

    name: Line
    """The organisation (``Gemeente Veldhoven``, ``Brandweer Brabant-Zuidoost``)."""
    party: Party | None = None
    """Which KVO party it is (municipality, police, fire_brigade, businesses, collective,
    property_owners, third_party); the plan checks that the mandatory partners are there."""
    role: Line | None = None
    """Its role in the partnership (chair, secretary, participant)."""
    contact: Line | None = None
    """Its contact person for the KVO."""
    signed_covenant: bool = True
    """Whether it signed (or will sign) the covenant."""
    working_group: bool = True
    """Whether it sits in the working group."""


class Partnership(Strict_):
    """The KVO partnership: its partners, the covenant and the working group."""

    partners: tuple[Partner, ...] = Field(min_length=1, max_length=100)
    covenant_date: date | None = None
    """When the covenant was (or will be) signed."""
    working_group: Line | None = None
    """How the working group meets (who chairs, how often)."""


class SurveyResponse(Strict_):
    """The business survey of the safety analysis: how many were asked and answered."""

    invited: Int = Field(ge=1, le=100_000)
    responded: Int = Field(ge=0, le=100_000)
    held: Line | None = None
    """When it ran (``March 2024``)."""

    @model_validator(mode="after")
    def _responded(self) -> SurveyResponse:
        if self.responded > self.invited:
            raise model_error(
                "responded",
                msg(
                    "'responded' ({r}) is more than 'invited' ({i})",
                    r=self.responded,
                    i=self.invited,
                ),
            )
        return self


class Period(Strict_):
    """A period of figures, first and last day."""

    start: date
    end: date

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end < self.start:
            raise model_error("period", msg("'end' is before 'start'"))
        return self


class Analysis(Strict_):
    """How the safety analysis (the 0-meting) was made: the basis the assessor checks."""

    sources: tuple[DataSource, ...] = ()
    """The sources used: police, survey, schouw, fire_brigade, municipality, other."""
    survey: SurveyResponse | None = None
    walkthroughs: tuple[date, ...] = Field(default=(), max_length=50)
    """Dates of the walk-throughs (schouwen), by day and in the dark."""
    police_figures: Period | None = None
    """The period the police figures cover."""
    fire_brigade_figures: Period | None = None
    """The period the fire brigade's figures cover."""
    note: Line | None = None


class Profile(Strict_):
    """An analysed problem profile: the input of ``recommend``."""

    area: ProfileArea
    problems: tuple[ProfileProblem, ...] = Field(min_length=1, max_length=200)
    existing_measures: tuple[Id, ...] = ()
    budget: Budget | None = None
    participation: Participation | None = None
    horizon_years: Int = Field(default=3, ge=1, le=10)
    partnership: Partnership | None = None
    """The partners, the covenant and the working group (the plan's partnership chapter)."""
    analysis: Analysis | None = None
    """How the safety analysis was made (the plan's analysis chapter)."""

    def problem(self, problem_id: str) -> ProfileProblem | None:
        """The analysed problem of type ``problem_id``, if present."""
        for p in self.problems:
            if p.type == problem_id:
                return p
        return None
