"""Typed domain models: problem types, measures and sources (the profile: ``profile_model``).

These are the public contracts of kvo-rules (the YAML and JSON formats other tools write and
read). They know nothing about YAML positions, the rule engine or the CLI.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    Strict,
    field_validator,
    model_serializer,
    model_validator,
)

from .enums import (
    EURO_PAYERS,
    HOUR_PAYERS,
    OWNER_PARTY,
    AreaKind,
    Category,
    DataSource,
    Grade,
    Owner,
    Party,
    Per,
    Reach,
    TimeOfDay,
    Trend,
    UpgradeUnits,
    lower_grade,
)
from .errors import did_you_mean, model_error
from .i18n import msg

__all__ = [
    "EURO_PAYERS",
    "HOUR_PAYERS",
    "OWNER_PARTY",
    "AreaKind",
    "Category",
    "Cost",
    "DataSource",
    "Effect",
    "Exclusion",
    "Figure",
    "Grade",
    "Lang",
    "Measure",
    "MeasureFile",
    "Owner",
    "Party",
    "Per",
    "ProblemFile",
    "ProblemType",
    "Reach",
    "Requirement",
    "Source",
    "SourceFile",
    "Text",
    "TimeOfDay",
    "Trend",
    "Upgrade",
    "UpgradeUnits",
]

Lang = Literal["nl", "en"]
ID_PATTERN = r"^[a-z](?:_?[a-z0-9])*$"
"""snake_case: lower case letters and digits, single '_' between them (the rule compiler uses
'__' to build fact field names, so ids can never contain it)."""
_ID_RE = re.compile(ID_PATTERN)

Int = Annotated[int, Strict()]
Num = Annotated[float, Strict()]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=64)]
SourceKey = Annotated[str, Field(min_length=1, max_length=64)]
Line = Annotated[str, Field(min_length=1, max_length=2000)]
Share = Annotated[float, Strict(), Field(gt=0, le=1)]
ShareNum = Annotated[float, Field(gt=0, le=1)]


class Strict_(BaseModel):
    """Base of every input model: frozen, no unknown keys (with a suggestion), finite numbers."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=True,
        use_enum_values=False,
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = [f.alias or name for name, f in cls.model_fields.items()]
            for key in data:
                if key not in known:
                    raise model_error(
                        "unknown_key",
                        msg(
                            "unknown key '{key}'{hint}",
                            key=str(key),
                            hint=did_you_mean(str(key), known),
                        ),
                    )
        return data


class Text(Strict_):
    """A text in Dutch and English."""

    nl: Line
    en: Line

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.nl if lang == "nl" else self.en

    @model_serializer(mode="wrap")
    def _one_language(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, str] | str:
        """Serialised as a plain string when dumped with ``context={"lang": ...}``."""
        lang = (info.context or {}).get("lang") if isinstance(info.context, dict) else None
        if lang in ("nl", "en"):
            return self.get(lang)
        result: dict[str, str] = handler(self)
        return result


def as_tuple(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return value


class Figure(Strict_):
    """A number with its evidence: a source key from ``sources.yaml``, or an estimate flag."""

    amount: Num = Field(ge=0, le=1e9)
    low: Num | None = Field(default=None, ge=0, le=1e9)
    high: Num | None = Field(default=None, ge=0, le=1e9)
    source: tuple[SourceKey, ...] = ()
    estimate: bool = False
    note: Line | None = None

    _split_source = field_validator("source", mode="before")(as_tuple)

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        if not self.source and not self.estimate:
            raise model_error("unsourced", msg("a figure needs a 'source' or 'estimate: true'"))
        if self.low is not None and self.low > self.amount:
            raise model_error("range", msg("'low' is above 'amount'"))
        if self.high is not None and self.high < self.amount:
            raise model_error("range", msg("'high' is below 'amount'"))
        return self


class Upgrade(Strict_):
    """A cheaper one-off for the units that already have what the measure builds on.

    A monitored alarm costs a new system, but for a business whose alarm only rings locally
    it costs the connection to an alarm centre. ``units`` names the profile's count of such
    units; the rest pay the measure's full ``one_off``.
    """

    units: UpgradeUnits
    name: Text
    """What these units buy instead (e.g. "connecting the existing alarm")."""
    one_off: Figure
    presumed_by: tuple[Id, ...] = ()
    """Problems whose finding presumes the base when the profile does not count the units (a
    slow response to alarms presumes alarms): then every buyer pays the upgrade."""


class Cost(Strict_):
    """What a measure costs: per unit, scaled by a quantity of the area, one-off and yearly."""

    per: Per
    quantity: Figure | None = None
    """Units per ``per`` (e.g. 4 lamp posts per hectare; 0.3 of the businesses); default 1."""
    unit: Text | None = None
    one_off: Figure | None = None
    yearly: Figure | None = None
    hours_per_year: Figure | None = None
    """Police or fire-brigade capacity per unit and year (the measure's hour payer gives it)."""
    upgrade: Upgrade | None = None
    """The one-off for units that already have the base (a per-business cost only)."""

    @model_validator(mode="after")
    def _upgrade(self) -> Cost:
        up = self.upgrade
        if up is None:
            return self
        if self.per is not Per.business:
            raise model_error("upgrade_per", msg("'upgrade' is for a cost 'per: business' only"))
        if self.one_off is None or up.one_off.amount >= self.one_off.amount:
            raise model_error(
                "upgrade_one_off",
                msg("an upgrade's 'one_off' must be a cheaper part of the measure's 'one_off'"),
            )
        return self


class Effect(Strict_):
    """Expected reduction of one problem by one measure, with evidence."""

    problem: Id
    reduction: Num = Field(ge=0, le=0.9)
    low: Num | None = Field(default=None, ge=0, le=0.9)
    """The source's own interval (e.g. a meta-analysis' confidence interval), when it gives
    one; without it the range follows from the grade (docs/model.md, *Uncertainty*)."""
    high: Num | None = Field(default=None, ge=0, le=0.9)
    grade: Grade
    transferred: bool = False
    """The source studied another setting (another kind of place, crime or victim: guard
    patrols at train stations read for a business park); the effect then counts one grade
    lower (:attr:`counted_grade`, docs/model.md)."""
    source: tuple[SourceKey, ...] = ()
    estimate: bool = False
    note: Line | None = None

    _split_source = field_validator("source", mode="before")(as_tuple)

    @property
    def counted_grade(self) -> Grade:
        """The grade the calculation uses: one lower for an effect from another setting."""
        if not self.transferred:
            return self.grade
        return lower_grade(self.grade)

    @model_validator(mode="after")
    def _sourced(self) -> Effect:
        if not self.source and not self.estimate:
            raise model_error("unsourced", msg("an effect needs a 'source' or 'estimate: true'"))
        if (self.low is None) != (self.high is None):
            raise model_error("range", msg("give both 'low' and 'high', or neither"))
        if self.low is not None and self.low > self.reduction:
            raise model_error("range", msg("'low' is above 'reduction'"))
        if self.high is not None and self.high < self.reduction:
            raise model_error("range", msg("'high' is below 'reduction'"))
        return self


class Requirement(Strict_):
    """When the measure is chosen, at least one of ``measures`` must be chosen or in place."""

    measures: tuple[Id, ...] = Field(min_length=1)
    reason: Text

    _split = field_validator("measures", mode="before")(as_tuple)


class Exclusion(Strict_):
    """The measure and ``measure`` are never chosen together."""

    measure: Id
    reason: Text


class Measure(Strict_):
    """One measure of the catalogue."""

    id: Id
    aliases: tuple[Id, ...] = ()
    name: Text
    description: Text
    category: Category
    areas: tuple[AreaKind, ...] = Field(min_length=1)
    owner: Owner | None = None
    """Old catalogue format: who carries it out and pays; ``lead`` and ``payer`` replace it."""
    lead: Party | None = None
    """Who carries the measure out (defaults to the party of ``owner``)."""
    payer: Party | dict[Party, ShareNum] | None = None
    """Who pays: one party, or shares of the euro cost (defaults to the party of ``owner``)."""
    reach: Reach = Reach.area
    displacement: Text | None = None
    """Displacement risk to non-participants, as the evidence describes it."""
    cost: Cost
    effects: tuple[Effect, ...] = Field(min_length=1)
    requires: tuple[Requirement, ...] = ()
    excludes: tuple[Exclusion, ...] = ()
    lead_time_months: Int = Field(ge=0, le=60)
    divisible: bool = False
    """The units are independent (each dark spot lit, each plot fenced, each camera): a first
    phase of part of them is an option beside the whole (docs/model.md)."""

    @model_validator(mode="after")
    def _divisible_units(self) -> Measure:
        if not self.divisible or self.cost.per is not Per.area:
            return self
        if self.cost.quantity is None or self.cost.quantity.amount < 2:
            raise model_error(
                "divisible",
                msg(
                    "'divisible' needs more than one unit: give 'cost.quantity' of 2 or more, "
                    "or a 'cost.per' that counts units (business, dark_spot, entrance, ...)"
                ),
            )
        return self

    @model_validator(mode="after")
    def _lead_and_payer(self) -> Measure:
        if self.owner is None and (self.lead is None or self.payer is None):
            missing = "lead" if self.lead is None else "payer"
            raise model_error(
                "missing_party",
                msg("give '{key}' (who leads the measure and who pays for it)", key=missing),
            )
        shares = self.payer if isinstance(self.payer, dict) else None
        if shares is not None:
            if not shares:
                raise model_error("payer_empty", msg("'payer' names nobody"))
            euro = [s for p, s in shares.items() if p in EURO_PAYERS]
            if euro and abs(sum(euro) - 1.0) > 1e-6:
                raise model_error(
                    "payer_shares",
                    msg(
                        "the euro payers' shares add up to {total:g}, not 1",
                        total=round(sum(euro), 6),
                    ),
                )
        hour_payers = [p for p in self.payers if p in HOUR_PAYERS]
        if len(hour_payers) > 1:
            raise model_error(
                "payer_hours", msg("name at most one of 'police' and 'fire_brigade' as payer")
            )
        if self.cost.hours_per_year is not None and not hour_payers:
            raise model_error(
                "payer_hours",
                msg(
                    "'cost.hours_per_year' is police or fire-brigade capacity: "
                    "name 'police' or 'fire_brigade' as a payer"
                ),
            )
        euros = (self.cost.one_off and self.cost.one_off.amount) or (
            self.cost.yearly and self.cost.yearly.amount
        )
        if euros and self.payer is not None and not any(p in EURO_PAYERS for p in self.payers):
            raise model_error(
                "payer_euros",
                msg(
                    "the measure costs euros but its payer pays in hours: add a euro payer "
                    "(collective, businesses, municipality, property_owners or third_party)"
                ),
            )
        return self

    @property
    def lead_party(self) -> Party:
        """Who carries the measure out."""
        if self.lead is not None:
            return self.lead
        assert self.owner is not None  # checked by the validator
        return OWNER_PARTY[self.owner]

    @property
    def payers(self) -> tuple[Party, ...]:
        """Every party that pays for the measure (euros or hours), sorted."""
        return tuple(sorted(self.euro_shares) + sorted(self.hour_payer_list))

    @property
    def euro_shares(self) -> dict[Party, float]:
        """Euro payers and their shares of the euro cost (they add up to 1)."""
        payer = self._payer_spec()
        if isinstance(payer, dict):
            return {p: s for p, s in sorted(payer.items()) if p in EURO_PAYERS}
        return {payer: 1.0} if payer in EURO_PAYERS else {}

    @property
    def hour_payer(self) -> Party | None:
        """Police or fire brigade, when the measure asks for their hours."""
        found = self.hour_payer_list
        return found[0] if found else None

    @property
    def hour_payer_list(self) -> list[Party]:
        payer = self._payer_spec()
        names = list(payer) if isinstance(payer, dict) else [payer]
        return sorted(p for p in names if p in HOUR_PAYERS)

    def _payer_spec(self) -> Party | dict[Party, float]:
        if self.payer is not None:
            return self.payer
        if self.owner is not None:
            return OWNER_PARTY[self.owner]
        assert self.lead is not None
        return self.lead


class MeasureFile(Strict_):
    """A ``measures/*.yaml`` file."""

    measures: tuple[Measure, ...] = Field(min_length=1)


class ProblemType(Strict_):
    """One problem type of the vocabulary."""

    id: Id
    aliases: tuple[Id, ...] = ()
    name: Text
    definition: Text
    areas: tuple[AreaKind, ...] = Field(min_length=1)
    harm_weight: Num = Field(gt=0, le=10)
    harm_rationale: Text
    data_sources: tuple[DataSource, ...] = Field(min_length=1)
    indicator: Text
    """How the problem is measured at evaluation (e.g. reported burglaries per year)."""
    modifier: bool = False
    """A contributing condition rather than a crime (slow alarm response, fear of crime)."""


class ProblemFile(Strict_):
    """The problem vocabulary file."""

    problems: tuple[ProblemType, ...] = Field(min_length=1)


class Source(Strict_):
    """A reference that figures cite by ``id``."""

    id: SourceKey
    title: Line
    url: Line | None = None


class SourceFile(Strict_):
    """The source list file."""

    sources: tuple[Source, ...] = Field(min_length=1)
