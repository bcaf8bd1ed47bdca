"""The rule test file format: cases, each a profile with what the rule base must conclude.

The models here are the file's contract (its JSON Schema is ``ruletest``); loading and running
the cases is :mod:`.ruletests`.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, field_validator

from ..core.model import Id, Int, Line, Num, Strict_, as_tuple
from ..core.profile_model import Profile

__all__ = [
    "EXPECTATIONS",
    "RULE_KEYS",
    "BudgetOverride",
    "RuleTestCase",
    "RuleTestFile",
    "TopN",
]


class TopN(Strict_):
    """Measures that must be among the first ``n``."""

    n: Int = Field(ge=1, le=100)
    measures: tuple[Id, ...] = Field(min_length=1)

    _m = field_validator("measures", mode="before")(as_tuple)


class BudgetOverride(Strict_):
    """Budget for this case, replacing the profile's (one or both components)."""

    one_off: Num | None = Field(default=None, ge=0, le=1e9)
    yearly: Num | None = Field(default=None, ge=0, le=1e9)


def _profile_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "path"
    if isinstance(value, dict | Profile):
        return "inline"
    return None


ProfileRef = Annotated[
    Union[  # noqa: UP007 - a discriminated union needs the explicit form here
        Annotated[Line, Tag("path")],
        Annotated[Profile, Tag("inline")],
    ],
    Discriminator(
        _profile_kind,
        custom_error_type="profile_ref",
        custom_error_message="give a profile file (a path relative to this test file) or write "
        "the profile here (area, problems, ...)",
    ),
]

EXPECTATIONS: dict[str, str] = {
    "fires": "rules that must fire",
    "does_not_fire": "rules that must not fire",
    "proposes": "measures that must be candidates for the package",
    "does_not_propose": "measures that must not be candidates",
    "excludes": "measures a fired rule must exclude",
    "recommends": "measures that must be in the recommended package",
    "does_not_recommend": "measures that must not be in the recommended package",
    "recommends_in_top": "measures among the first N of the recommended package",
    "proposes_in_top": "measures among the first N candidates",
}
"""Every kind of expectation, and what it checks."""

RULE_KEYS = ("fires", "does_not_fire")


class RuleTestCase(Strict_):
    """One profile and what the rule base must conclude for it."""

    name: Id = Field(
        description="Unique in the file; the test's name in reports and in pytest (file::name)."
    )
    description: Line | None = Field(default=None, description="What the case is about.")
    profile: ProfileRef = Field(
        description="A profile file (path relative to this test file), or a profile written "
        "here (area, problems, ...)."
    )
    budget: BudgetOverride | None = Field(
        default=None, description="Budget for this case, replacing the profile's."
    )
    horizon_years: Int | None = Field(
        default=None, ge=1, le=10, description="Horizon for this case, replacing the profile's."
    )
    fires: tuple[Id, ...] = Field(default=(), description="Rules that must fire.")
    does_not_fire: tuple[Id, ...] = Field(default=(), description="Rules that must not fire.")
    proposes: tuple[Id, ...] = Field(
        default=(),
        description="Measures that must be candidates: proposed by a fired rule (or needed by "
        "a candidate), fitting the area, not in place and not excluded.",
    )
    does_not_propose: tuple[Id, ...] = Field(
        default=(), description="Measures that must not be candidates."
    )
    excludes: tuple[Id, ...] = Field(default=(), description="Measures a fired rule must exclude.")
    recommends: tuple[Id, ...] = Field(
        default=(), description="Measures that must be in the recommended package."
    )
    does_not_recommend: tuple[Id, ...] = Field(
        default=(), description="Measures that must not be in the recommended package."
    )
    recommends_in_top: TopN | None = Field(
        default=None,
        description="Measures among the first n of the recommended package, in its rank order: "
        "the measure adding the most expected benefit first, then the one adding most to "
        "those, and so on.",
    )
    proposes_in_top: TopN | None = Field(
        default=None,
        description="Measures among the first n candidates, in candidate order: rule weight x "
        "expected risk reduction, highest first.",
    )

    _t = field_validator(*[k for k in EXPECTATIONS if "top" not in k], mode="before")(as_tuple)


class RuleTestFile(Strict_):
    """A rule test file (``rulesets/tests/*.yaml``)."""

    description: Line | None = None
    cases: tuple[RuleTestCase, ...] = Field(min_length=1)
