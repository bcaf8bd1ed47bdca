"""The analysis' file formats (mappings, the area file, walk-through findings) and its result.

The file formats are pydantic models like the rest of kvo-rules' inputs (no unknown keys,
located errors through :func:`kvo_rules.core.parse.parse_model`). The result keeps, for every value
it derives, a :class:`Derivation`: which source and which rule gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from ..core.errors import Diagnostic, Location, model_error
from ..core.i18n import msg
from ..core.model import (
    ID_PATTERN,
    AreaKind,
    Id,
    Int,
    Line,
    Num,
    Strict_,
)
from ..core.profile_model import Budget, Participation

__all__ = [
    "AREA_CODE_PATTERN",
    "CRIME_CODE_PATTERN",
    "AnswerScore",
    "AreaFile",
    "AreaSpec",
    "CrimeCode",
    "CrimeMapFile",
    "Derivation",
    "Finding",
    "FindingCategory",
    "FindingSeverity",
    "MapSource",
    "QuestionKind",
    "SurveyMapFile",
    "SurveyQuestion",
    "WalkthroughFile",
]

CRIME_CODE_PATTERN = r"^\d+\.\d+\.\d+$"
"""A ``SoortMisdrijf`` code of the police's open data, without its padding: ``2.5.1``."""
AREA_CODE_PATTERN = r"^(GM\d{4}|WK\d{6}|BU\d{8})$"
"""A CBS municipality, district (wijk) or neighbourhood (buurt) code."""

CrimeCodeText = Annotated[str, Field(pattern=CRIME_CODE_PATTERN)]
AreaCode = Annotated[str, Field(pattern=AREA_CODE_PATTERN)]


# --- the crime map: SoortMisdrijf code -> problem type ---------------------------------------


class MapSource(Strict_):
    """Where the meaning of codes (or the wording of questions) comes from."""

    id: Annotated[str, Field(min_length=1, max_length=64)]
    title: Line
    url: Line | None = None


class CrimeCode(Strict_):
    """One crime code: the problem type it counts towards, or why it is left out."""

    code: CrimeCodeText
    label: Line
    """The code's Dutch name in the table's code list (``SoortMisdrijf``)."""
    problem: Id | None = None
    ignore: Line | None = None
    """Why the code counts towards no problem type (homes, traffic, ...)."""
    total: bool = False
    """The table's total of all crimes (``0.0.0``): shown as context, never counted."""
    source: Annotated[str, Field(min_length=1, max_length=64)]

    @model_validator(mode="after")
    def _one_role(self) -> CrimeCode:
        roles = sum((self.problem is not None, self.ignore is not None, self.total))
        if roles != 1:
            raise model_error(
                "crime_code_role",
                msg(
                    "give exactly one of 'problem' (the problem type it counts towards), "
                    "'ignore' (why it counts towards none) or 'total: true'"
                ),
            )
        return self


class CrimeMapFile(Strict_):
    """A crime map: which police crime codes count towards which problem type."""

    table: Line
    """The open-data table the codes belong to (e.g. 47022NED)."""
    sources: tuple[MapSource, ...] = Field(min_length=1)
    codes: tuple[CrimeCode, ...] = Field(min_length=1)


# --- the survey map: question -> problem and scoring -----------------------------------------


class QuestionKind(StrEnum):
    """What a survey question measures."""

    victimisation = "victimisation"  # victim in the last 12 months (yes/no)
    seriousness = "seriousness"  # how serious the respondent finds the problem in the area
    unsafe = "unsafe"  # feeling unsafe in the area (feeds fear_of_crime)
    participation = "participation"  # willing to take part in collective measures


AnswerScore = Num | Literal["skip"]


class SurveyQuestion(Strict_):
    """One question (a column of the export) and how its answers score."""

    column: Line
    kind: QuestionKind
    problem: Id | None = None
    """The problem type the question feeds (not for ``participation``)."""
    answers: dict[Line, AnswerScore] = Field(min_length=1)
    """Answer text -> score from 0 (not at all) to 1 (fully), or ``skip`` (don't know)."""
    text: Line | None = None
    """The question as the respondents read it."""

    @field_validator("answers")
    @classmethod
    def _scores(cls, value: dict[str, Any]) -> dict[str, Any]:
        for answer, score in value.items():
            if score != "skip" and not 0 <= score <= 1:
                raise model_error(
                    "answer_score",
                    msg(
                        "answer '{answer}' scores {score}: give 0 to 1, or 'skip'",
                        answer=answer,
                        score=score,
                    ),
                )
        return value

    @model_validator(mode="after")
    def _problem(self) -> SurveyQuestion:
        if self.kind is QuestionKind.participation and self.problem is not None:
            raise model_error(
                "question_problem",
                msg("a 'participation' question feeds no problem: drop 'problem'"),
            )
        if self.kind is not QuestionKind.participation and self.problem is None:
            raise model_error("question_problem", msg("give the 'problem' this question feeds"))
        return self


class SurveyMapFile(Strict_):
    """A survey map: which question of the entrepreneurs' survey feeds which problem."""

    respondent: Line | None = None
    """The column that identifies a respondent (checked for duplicates)."""
    invited: Int | None = Field(default=None, ge=1, le=100_000)
    """How many businesses were invited (default: the area's businesses)."""
    sources: tuple[MapSource, ...] = ()
    questions: tuple[SurveyQuestion, ...] = Field(min_length=1)


# --- the area file ----------------------------------------------------------------------------


class AreaSpec(Strict_):
    """The profile's ``area`` fields plus the CBS codes that make up the area."""

    name: Line
    kind: AreaKind
    municipality: Line | None = None
    businesses: Int = Field(ge=1, le=100_000)
    hectares: Num | None = Field(default=None, gt=0, le=100_000)
    entrances: Int | None = Field(default=None, ge=0, le=1_000)
    dark_spots: Int | None = Field(default=None, ge=0, le=100_000)
    vacant_units: Int | None = Field(default=None, ge=0, le=100_000)
    rear_alleys: Int | None = Field(default=None, ge=0, le=100_000)
    unmonitored_alarms: Int | None = Field(default=None, ge=0, le=100_000)
    """Businesses whose alarm rings locally or calls a keyholder (a survey question the area
    file answers; copied into the profile as given)."""
    codes: tuple[AreaCode, ...] = ()
    """CBS neighbourhood (BU...), district (WK...) or municipality (GM...) codes."""


class AreaFile(Strict_):
    """The area file of ``analyse``: the area, and what the working group decides itself.

    ``existing_measures``, ``budget``, ``participation`` and ``horizon_years`` are copied
    into the profile as given (they are decisions, not analysis results).
    """

    area: AreaSpec
    existing_measures: tuple[Annotated[str, Field(pattern=ID_PATTERN)], ...] = ()
    budget: Budget | None = None
    participation: Participation | None = None
    horizon_years: Int | None = Field(default=None, ge=1, le=10)


# --- walk-through findings --------------------------------------------------------------------


class FindingCategory(StrEnum):
    """What a walk-through finding is."""

    dark_spot = "dark_spot"
    defective_lamp = "defective_lamp"
    hiding_place = "hiding_place"
    poor_sightlines = "poor_sightlines"
    graffiti = "graffiti"
    litter = "litter"
    illegal_dumping = "illegal_dumping"
    vandalism = "vandalism"
    blocked_escape_route = "blocked_escape_route"
    fire_hazard = "fire_hazard"
    poor_maintenance = "poor_maintenance"
    vacancy = "vacancy"
    rear_alley = "rear_alley"
    truck_parking = "truck_parking"
    other = "other"


class FindingSeverity(StrEnum):
    """How bad a finding is, as the walk-through judged it."""

    low = "low"
    medium = "medium"
    high = "high"


class Finding(Strict_):
    """One finding of the walk-through (schouw)."""

    location: Line
    category: FindingCategory
    severity: FindingSeverity = FindingSeverity.medium
    round: Literal["day", "dark"] | None = None
    note: Line | None = None


class WalkthroughFile(Strict_):
    """Walk-through findings as YAML."""

    findings: tuple[Finding, ...] = Field(min_length=1)


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Derivation:
    """How one value of the profile was reached: its source, the rule, and the figures."""

    field: str
    """Where it goes in the profile: ``area.dark_spots``, ``problems.vandalism.severity``."""
    value: Any
    source: str
    """``area file``, ``police``, ``survey``, ``walk-through`` or ``rules``."""
    rule: str
    """The rule's name (see docs/analysis.md), or ``given`` for values copied as they are."""
    detail: str
    """The figures the rule used, in words."""
    location: Location | None = None


@dataclass
class Trace:
    """Every derivation and every warning of one analysis, in the order they were made."""

    derivations: list[Derivation] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        field_path: str,
        value: Any,
        source: str,
        rule: str,
        detail: str,
        location: Location | None = None,
    ) -> None:
        """Record how ``field_path`` got ``value``."""
        self.derivations.append(Derivation(field_path, value, source, rule, detail, location))

    def warn(self, location: Location, message: str) -> None:
        """Record a warning (never an error: the analysis goes on)."""
        self.warnings.append(Diagnostic(location, message, "warning:"))

    def get(self, field_path: str) -> Derivation | None:
        """The last derivation of ``field_path``."""
        for d in reversed(self.derivations):
            if d.field == field_path:
                return d
        return None
