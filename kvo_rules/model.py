"""Typed domain models: problem types, measures, sources and the problem profile.

These are the public contracts of kvo-rules (the YAML and JSON formats other tools write and
read). They know nothing about YAML positions, the rule engine or the CLI.
"""

from __future__ import annotations

import re
from enum import StrEnum
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
from pydantic_core import PydanticCustomError

from .errors import did_you_mean

__all__ = [
    "AreaKind",
    "Budget",
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
    "Per",
    "ProblemFile",
    "ProblemType",
    "Profile",
    "ProfileArea",
    "ProfileProblem",
    "Requirement",
    "Source",
    "SourceFile",
    "Text",
    "TimeOfDay",
    "Trend",
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
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}'{hint}",
                        {"key": str(key), "hint": did_you_mean(str(key), known)},
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


class AreaKind(StrEnum):
    """The two KVO area kinds: KVO-B and KVO-W."""

    business_park = "business_park"
    shopping_area = "shopping_area"


class Category(StrEnum):
    """The OBE category of a measure."""

    organisational = "organisational"
    physical = "physical"
    electronic = "electronic"


class Owner(StrEnum):
    """Who usually carries out and pays for a measure."""

    entrepreneurs = "entrepreneurs"
    municipality = "municipality"
    police = "police"
    fire_brigade = "fire_brigade"
    park_management = "park_management"
    shared = "shared"


class Per(StrEnum):
    """What a measure's cost scales with."""

    area = "area"
    business = "business"
    entrance = "entrance"
    hectare = "hectare"


class Grade(StrEnum):
    """Strength of the evidence behind an effect figure."""

    strong = "strong"  # systematic review or meta-analysis
    moderate = "moderate"  # controlled evaluation (RCT, quasi-experiment)
    weak = "weak"  # before/after without comparison, single case, claim
    practice = "practice"  # practitioners' guidance or mechanism only; effect estimated


class DataSource(StrEnum):
    """Where the safety analysis finds a problem."""

    police = "police"
    survey = "survey"
    schouw = "schouw"
    fire_brigade = "fire_brigade"
    municipality = "municipality"
    other = "other"


class Trend(StrEnum):
    """Direction of a problem over recent years."""

    falling = "falling"
    stable = "stable"
    rising = "rising"


class TimeOfDay(StrEnum):
    """When a problem mostly occurs."""

    day = "day"
    evening = "evening"
    night = "night"
    weekend = "weekend"


def _as_tuple(value: Any) -> Any:
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

    _split_source = field_validator("source", mode="before")(_as_tuple)

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        if not self.source and not self.estimate:
            raise PydanticCustomError("unsourced", "a figure needs a 'source' or 'estimate: true'")
        if self.low is not None and self.low > self.amount:
            raise PydanticCustomError("range", "'low' is above 'amount'")
        if self.high is not None and self.high < self.amount:
            raise PydanticCustomError("range", "'high' is below 'amount'")
        return self


class Cost(Strict_):
    """What a measure costs: per unit, scaled by a quantity of the area, one-off and yearly."""

    per: Per
    quantity: Figure | None = None
    """Units per ``per`` (e.g. 4 lamp posts per hectare; 0.3 of the businesses); default 1."""
    unit: Text | None = None
    one_off: Figure | None = None
    yearly: Figure | None = None


class Effect(Strict_):
    """Expected reduction of one problem by one measure, with evidence."""

    problem: Id
    reduction: Num = Field(ge=0, le=0.9)
    grade: Grade
    source: tuple[SourceKey, ...] = ()
    estimate: bool = False
    note: Line | None = None

    _split_source = field_validator("source", mode="before")(_as_tuple)

    @model_validator(mode="after")
    def _sourced(self) -> Effect:
        if not self.source and not self.estimate:
            raise PydanticCustomError("unsourced", "an effect needs a 'source' or 'estimate: true'")
        return self


class Requirement(Strict_):
    """When the measure is chosen, at least one of ``measures`` must be chosen or in place."""

    measures: tuple[Id, ...] = Field(min_length=1)
    reason: Text

    _split = field_validator("measures", mode="before")(_as_tuple)


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
    owner: Owner
    cost: Cost
    effects: tuple[Effect, ...] = Field(min_length=1)
    requires: tuple[Requirement, ...] = ()
    excludes: tuple[Exclusion, ...] = ()
    lead_time_months: Int = Field(ge=0, le=60)


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


# --- the problem profile (public input contract) -------------------------------------------


class ProfileArea(Strict_):
    """The area a profile describes."""

    name: Line
    kind: AreaKind
    municipality: Line | None = None
    businesses: Int = Field(ge=1, le=100_000)
    hectares: Num | None = Field(default=None, gt=0, le=100_000)
    entrances: Int | None = Field(default=None, ge=0, le=1_000)


class ProfileProblem(Strict_):
    """One analysed problem."""

    type: Id
    severity: Int = Field(ge=1, le=5)
    incidents_per_year: Num | None = Field(default=None, ge=0, le=1_000_000)
    trend: Trend | None = None
    times: tuple[TimeOfDay, ...] = ()
    note: Line | None = None


class Budget(Strict_):
    """What may be spent on new measures."""

    one_off: Num | None = Field(default=None, ge=0, le=1e9)
    yearly: Num | None = Field(default=None, ge=0, le=1e9)


class Profile(Strict_):
    """An analysed problem profile: the input of ``recommend``."""

    area: ProfileArea
    problems: tuple[ProfileProblem, ...] = Field(min_length=1, max_length=200)
    existing_measures: tuple[Id, ...] = ()
    budget: Budget | None = None
    horizon_years: Int = Field(default=3, ge=1, le=10)

    def problem(self, problem_id: str) -> ProfileProblem | None:
        """The analysed problem of type ``problem_id``, if present."""
        for p in self.problems:
            if p.type == problem_id:
                return p
        return None
