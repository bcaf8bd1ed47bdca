"""The rule language: what a rule file may say, as pydantic models.

A rule is data, never code: ``when`` is a list of conditions (all must hold) built from a few
condition kinds and ``all`` / ``any`` / ``not``; ``then`` is a list of actions (``propose``,
``require``, ``exclude``, ``adjust``). See docs/rule-language.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from ..core.errors import model_error
from ..core.i18n import msg
from ..core.model import AreaKind, Id, Int, Num, Strict_, Text, TimeOfDay, Trend, as_tuple

__all__ = [
    "OPTIONAL_AREA_FIELDS",
    "Action",
    "Adjust",
    "AllOf",
    "AnyOf",
    "AreaCondition",
    "AreaSpec",
    "BudgetCondition",
    "BudgetSpec",
    "Condition",
    "Exclude",
    "InPlace",
    "IntRange",
    "NotOf",
    "NumRange",
    "ProblemCondition",
    "Propose",
    "Require",
    "Rule",
    "RuleFile",
]


class _Range(Strict_):
    min: Num | None = None
    max: Num | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Any:
        lo, hi = self.min, self.max
        if lo is None and hi is None:
            raise model_error("empty_range", msg("give 'min', 'max' or both"))
        if lo is not None and hi is not None and lo > hi:
            raise model_error("range", msg("'min' is above 'max': this can never hold"))
        return self

    def holds(self, value: float | None) -> bool:
        """True when ``value`` is known and inside the range."""
        if value is None:
            return False
        lo, hi = self.min, self.max
        return (lo is None or value >= lo) and (hi is None or value <= hi)


class IntRange(_Range):
    """Inclusive bounds on a whole number."""

    min: Int | None = None
    max: Int | None = None


class NumRange(_Range):
    """Inclusive bounds on a number."""

    min: Num | None = None
    max: Num | None = None


class ProblemCondition(Strict_):
    """The profile has ``problem`` (and it meets every bound given)."""

    problem: Id
    severity: IntRange | None = None
    incidents: NumRange | None = None
    """Bounds on incidents_per_year; not met when the profile gives no figure."""
    trend: tuple[Trend, ...] = ()
    """One of these trends; not met when the profile gives none."""
    times: tuple[TimeOfDay, ...] = ()
    """Occurs at one of these times; not met when the profile gives none."""

    _t1 = field_validator("trend", "times", mode="before")(as_tuple)


OPTIONAL_AREA_FIELDS = ("hectares", "entrances", "dark_spots", "rear_alleys")
"""The area's numeric fields a profile may leave out: a bound on one holds only when it is
given (the compiler, the reference evaluator and lint all read this list)."""


class AreaSpec(Strict_):
    """Bounds on the area: kind, businesses, hectares, entrances, dark spots and rear alleys
    found."""

    kind: AreaKind | None = None
    businesses: IntRange | None = None
    hectares: NumRange | None = None
    entrances: IntRange | None = None
    dark_spots: IntRange | None = None
    rear_alleys: IntRange | None = None

    @model_validator(mode="after")
    def _something(self) -> AreaSpec:
        values = (self.kind, self.businesses, *(getattr(self, f) for f in OPTIONAL_AREA_FIELDS))
        if all(v is None for v in values):
            raise model_error(
                "empty_area",
                msg(
                    "give at least one of 'kind', 'businesses', 'hectares', 'entrances', "
                    "'dark_spots', 'rear_alleys'"
                ),
            )
        return self


class AreaCondition(Strict_):
    """The area meets every bound of ``area``."""

    area: AreaSpec


class InPlace(Strict_):
    """The measure is already in place (listed in ``existing_measures``)."""

    in_place: Id


class BudgetSpec(Strict_):
    """Budget components that must be given (and within bounds, when bounds are given)."""

    one_off: NumRange | bool | None = None
    yearly: NumRange | bool | None = None

    @model_validator(mode="after")
    def _something(self) -> BudgetSpec:
        if self.one_off in (None, False) and self.yearly in (None, False):
            raise model_error(
                "empty_budget", msg("give 'one_off' and/or 'yearly' (true, or bounds)")
            )
        return self


class BudgetCondition(Strict_):
    """The profile gives a budget (``one_off: true``) or one within bounds."""

    budget: BudgetSpec


class AllOf(Strict_):
    """Every condition holds."""

    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Strict_):
    """At least one condition holds."""

    any: tuple[Condition, ...] = Field(min_length=1)


class NotOf(Strict_):
    """The condition does not hold."""

    not_: Condition = Field(alias="not")


CONDITION_KINDS = ("problem", "area", "in_place", "budget", "all", "any", "not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((k for k in CONDITION_KINDS if k in value), None)
    kinds: dict[type, str] = {
        ProblemCondition: "problem",
        AreaCondition: "area",
        InPlace: "in_place",
        BudgetCondition: "budget",
        AllOf: "all",
        AnyOf: "any",
        NotOf: "not",
    }
    return kinds.get(type(value))


Condition = Annotated[
    Union[  # noqa: UP007 - a discriminated union needs the explicit form here
        Annotated[ProblemCondition, Tag("problem")],
        Annotated[AreaCondition, Tag("area")],
        Annotated[InPlace, Tag("in_place")],
        Annotated[BudgetCondition, Tag("budget")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="unknown_kind",
        custom_error_message="unknown condition",
        custom_error_context={"what": "condition", "expected": ", ".join(CONDITION_KINDS)},
    ),
]


class Propose(Strict_):
    """Propose a measure for this profile."""

    propose: Id
    weight: Num = Field(default=1.0, gt=0, le=10)
    reason: Text | None = None


class Require(Strict_):
    """When ``require`` is chosen, one of ``needs`` must be chosen too (or be in place)."""

    require: Id
    needs: tuple[Id, ...] = Field(min_length=1)
    reason: Text | None = None

    _n = field_validator("needs", mode="before")(as_tuple)


class Exclude(Strict_):
    """Do not choose the measure for this profile."""

    exclude: Id
    reason: Text | None = None


class Adjust(Strict_):
    """Multiply the measure's effect (on ``problem``, or on every problem) by ``factor``."""

    adjust: Id
    problem: Id | None = None
    factor: Num = Field(ge=0, le=5)
    reason: Text | None = None


ACTION_KINDS = ("propose", "require", "exclude", "adjust")


def _action_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((k for k in ACTION_KINDS if k in value), None)
    kinds: dict[type, str] = {
        Propose: "propose",
        Require: "require",
        Exclude: "exclude",
        Adjust: "adjust",
    }
    return kinds.get(type(value))


Action = Annotated[
    Union[  # noqa: UP007
        Annotated[Propose, Tag("propose")],
        Annotated[Require, Tag("require")],
        Annotated[Exclude, Tag("exclude")],
        Annotated[Adjust, Tag("adjust")],
    ],
    Discriminator(
        _action_kind,
        custom_error_type="unknown_kind",
        custom_error_message="unknown action",
        custom_error_context={"what": "action", "expected": ", ".join(ACTION_KINDS)},
    ),
]


class Rule(Strict_):
    """One rule: when every condition holds, its actions apply."""

    id: Id
    aliases: tuple[Id, ...] = ()
    description: Text
    priority: Int = Field(default=100, ge=0, le=1000)
    """Lower runs (and is listed) first."""
    when: tuple[Condition, ...] = ()
    then: tuple[Action, ...] = Field(min_length=1)


class RuleFile(Strict_):
    """A ``rulesets/*.yaml`` file."""

    description: Text | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)


for _model in (AllOf, AnyOf, NotOf, Rule, RuleFile):
    _model.model_rebuild()
