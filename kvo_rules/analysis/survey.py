"""The entrepreneurs' survey (ondernemersenquête): a CSV export, one row per respondent.

A survey map (YAML) says which question (column) feeds which problem type and how its answers
score: victimisation in the last 12 months, perceived seriousness, feeling unsafe, and the
willingness to take part in collective measures. The result is, per question, the share of
the respondents who answered it (a mean of the answers' scores), the response rate, and small
samples flagged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..core.catalogue import Catalogue
from ..core.errors import KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.parse import parse_model
from ..core.yamlio import load_document
from . import severity
from .model import QuestionKind, SurveyMapFile, SurveyQuestion, Trace
from .tables import Table, read_table

__all__ = [
    "KIND_WORDS",
    "QuestionShare",
    "SurveyMap",
    "SurveyResult",
    "analyse_survey",
    "load_survey_map",
    "read_survey",
]

KIND_WORDS = {
    QuestionKind.victimisation: "victim in the last 12 months",
    QuestionKind.seriousness: "find it a serious problem",
    QuestionKind.unsafe: "feel unsafe",
    QuestionKind.participation: "willing to take part",
}
"""What a share of each kind of question means, in words."""


@dataclass(frozen=True)
class SurveyMap:
    """A loaded survey map, with where each question was defined."""

    source: str
    data: SurveyMapFile
    locations: dict[str, Location]
    answers: dict[str, dict[str, float | None]]
    """Per column: normalised answer -> score (None: skip)."""


@dataclass(frozen=True)
class QuestionShare:
    """The result of one question."""

    question: SurveyQuestion
    share: float
    answers: int
    small: bool


@dataclass
class SurveyResult:
    """What the survey says: response, shares per problem, participation."""

    respondents: int
    invited: int
    shares: dict[str, list[QuestionShare]] = field(default_factory=dict)
    participation: QuestionShare | None = None

    @property
    def response_rate(self) -> float:
        """Respondents per invited business."""
        return self.respondents / self.invited


def _norm(answer: str) -> str:
    return " ".join(answer.split()).casefold()


def load_survey_map(path: str | Path, catalogue: Catalogue) -> SurveyMap:
    """Read and check a survey map: known problem types, each column once."""
    doc = load_document(path)
    data = parse_model(doc, SurveyMapFile, what=msg("the survey map"))
    errors: list[KvoError] = []
    locations: dict[str, Location] = {}
    answers: dict[str, dict[str, float | None]] = {}
    questions = []
    for i, q in enumerate(data.questions):
        if q.column in locations:
            errors.append(
                doc.error(
                    ("questions", i, "column"),
                    msg("column '{column}' is mapped twice", column=q.column),
                )
            )
            continue
        locations[q.column] = doc.location(("questions", i, "column"))
        if q.problem is not None:
            pid = catalogue.problem_id(q.problem)
            if pid is None:
                errors.append(
                    doc.error(("questions", i, "problem"), catalogue.unknown_problem(q.problem))
                )
                continue
            q = q.model_copy(update={"problem": pid})
        scores: dict[str, float | None] = {}
        for answer, score in q.answers.items():
            key = _norm(answer)
            if key in scores:
                errors.append(
                    doc.error(
                        ("questions", i, "answers", answer),
                        msg(
                            "answer '{answer}' is given twice (case and spaces do not count)",
                            answer=answer,
                        ),
                        key=True,
                    )
                )
            scores[key] = None if score == "skip" else float(score)
        answers[q.column] = scores
        questions.append(q)
    if errors:
        raise KvoError.merge(errors)
    return SurveyMap(
        str(path), data.model_copy(update={"questions": tuple(questions)}), locations, answers
    )


def read_survey(path: str | Path, survey_map: SurveyMap) -> Table:
    """Read the survey export; every mapped column (and the respondent column) must be there."""
    required = [q.column for q in survey_map.data.questions]
    if survey_map.data.respondent is not None:
        required.insert(0, survey_map.data.respondent)
    return read_table(path, required, what=msg("the survey export"))


def analyse_survey(
    table: Table, survey_map: SurveyMap, businesses: int, trace: Trace
) -> SurveyResult:
    """Response rate and, per question, the share of its answers' scores."""
    data = survey_map.data
    if not table.rows:
        raise KvoError.at(Location(table.source), msg("the survey export has no respondents"))
    _check_respondents(table, data)
    invited = data.invited or businesses
    result = SurveyResult(len(table.rows), invited)
    rate = result.response_rate
    given = f"{survey_map.source}: invited" if data.invited else "the area's businesses"
    trace.add(
        "survey.response_rate",
        round(rate, 3),
        "survey",
        "response-rate",
        f"{result.respondents} respondents of {invited} invited ({given}) = {rate:.0%}",
    )
    if result.respondents > invited:
        trace.warn(
            Location(table.source),
            f"{result.respondents} respondents but {invited} invited: check 'invited' in "
            f"{survey_map.source}",
        )
    elif rate < severity.LOW_RESPONSE_RATE:
        trace.warn(
            Location(table.source),
            f"response rate {rate:.0%} is below {severity.LOW_RESPONSE_RATE:.0%}: the survey "
            "may not speak for the area",
        )
    for q in data.questions:
        values = _scores(table, q, survey_map, trace)
        if not values:
            trace.warn(
                survey_map.locations[q.column], f"question '{q.column}' has no usable answers"
            )
            continue
        share = sum(values) / len(values)
        small = len(values) < severity.SMALL_SAMPLE
        qs = QuestionShare(q, share, len(values), small)
        flag = f"; small sample (fewer than {severity.SMALL_SAMPLE} answers)" if small else ""
        trace.add(
            f"survey.{q.column}",
            round(share, 3),
            "survey",
            "share",
            f"{share:.0%} {KIND_WORDS[q.kind]} ({q.kind.value}): mean score of {len(values)} "
            f"answers{flag}",
            survey_map.locations[q.column],
        )
        if small:
            trace.warn(
                survey_map.locations[q.column],
                f"question '{q.column}' has {len(values)} answers: a small sample",
            )
        if q.kind is QuestionKind.participation:
            result.participation = qs
        else:
            assert q.problem is not None  # checked by the model
            result.shares.setdefault(q.problem, []).append(qs)
    return result


def _check_respondents(table: Table, data: SurveyMapFile) -> None:
    """No respondent twice, when the map names the respondent column."""
    if data.respondent is None:
        return
    first: dict[str, Location] = {}
    for row in table:
        cell = row[data.respondent]
        if cell.value in first:
            raise KvoError.at(
                cell.location,
                msg(
                    "respondent '{name}' appears twice (first at {first}): remove the duplicate",
                    name=cell.value,
                    first=first[cell.value],
                ),
            )
        first[cell.value] = cell.location


def _scores(table: Table, q: SurveyQuestion, survey_map: SurveyMap, trace: Trace) -> list[float]:
    """The scores of the answers to one question; answers not in the map are warned of."""
    scores = survey_map.answers[q.column]
    values: list[float] = []
    unknown: dict[str, list[Location]] = defaultdict(list)
    for row in table:
        cell = row[q.column]
        if not cell.value:
            continue
        key = _norm(cell.value)
        if key not in scores:
            unknown[cell.value].append(cell.location)
            continue
        score = scores[key]
        if score is not None:
            values.append(score)
    for answer, locs in sorted(unknown.items()):
        trace.warn(
            locs[0],
            f"answer '{answer}' to '{q.column}' is not in the survey map "
            f"({len(locs)}x): not counted{did_you_mean(answer, list(q.answers))}",
        )
    return values
