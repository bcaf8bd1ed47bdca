"""The documented rules that turn figures into a profile's severities and trends.

docs/analysis.md explains these rules to a working group; the thresholds are the named
constants below, so the text and the code say the same. Every rule returns its value with a
sentence that says how it was reached (what ``analyse --explain`` prints).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Trend

__all__ = [
    "INCLUDE_SURVEY_SHARE",
    "LOW_RESPONSE_RATE",
    "MIN_TREND_CHANGE",
    "POLICE_RATE_BOUNDS",
    "SMALL_SAMPLE",
    "SMALL_SAMPLE_CAP",
    "SURVEY_SHARE_BOUNDS",
    "TREND_STEP",
    "TREND_THRESHOLD",
    "WALK_POINTS",
    "WALK_POINT_BOUNDS",
    "Score",
    "band",
    "combine",
    "police_score",
    "survey_score",
    "trend",
    "walk_score",
]

POLICE_RATE_BOUNDS = (1.0, 5.0, 15.0, 30.0)
"""Registered incidents a year per 100 businesses from which the police figures give
severity 2, 3, 4 and 5 (below the first: 1)."""
SURVEY_SHARE_BOUNDS = (0.10, 0.20, 0.35, 0.50)
"""Share of respondents (victim in the last 12 months, or finding the problem serious, or
feeling unsafe) from which the survey gives severity 2, 3, 4 and 5."""
INCLUDE_SURVEY_SHARE = SURVEY_SHARE_BOUNDS[0]
"""A problem only the survey names is put in the profile from this share on."""
WALK_POINTS = {"low": 1, "medium": 2, "high": 3}
"""Points per walk-through finding by its severity."""
WALK_POINT_BOUNDS = (1, 4, 8, 14)
"""Walk-through points for a problem from which it gets severity 2, 3, 4 and 5 (a single
finding already gives 2: the walk-through saw it)."""
SMALL_SAMPLE = 30
"""Fewer answers than this to a question is a small sample: flagged, and the survey alone
then gives at most ``SMALL_SAMPLE_CAP``."""
SMALL_SAMPLE_CAP = 3
"""The highest severity a small survey sample can give on its own."""
LOW_RESPONSE_RATE = 0.25
"""A response rate below this is flagged (the survey may not speak for the area)."""
TREND_THRESHOLD = 0.15
"""Default relative change against the year before from which a trend is rising or falling
(``--trend-threshold``)."""
MIN_TREND_CHANGE = 3
"""A change of fewer incidents than this is stable, whatever the percentage: small counts
go up and down by chance."""
TREND_STEP = 1
"""What a rising trend adds to the severity (at most 5)."""


@dataclass(frozen=True)
class Score:
    """A severity 1-5 from one source, with how it was reached."""

    source: str
    value: int
    reason: str


def band(value: float, bounds: Sequence[float]) -> int:
    """1 plus the number of ``bounds`` that ``value`` reaches: a 1-5 score."""
    return 1 + sum(1 for b in bounds if value >= b)


def _bounds(bounds: Sequence[float], fmt: str) -> str:
    return ", ".join(format(b, fmt) for b in bounds)


def police_score(incidents: float, businesses: int) -> Score:
    """Severity from the registered incidents a year per 100 businesses."""
    rate = 100.0 * incidents / businesses
    value = band(rate, POLICE_RATE_BOUNDS)
    return Score(
        "police",
        value,
        f"police: {incidents:g} a year for {businesses} businesses = {rate:.1f} per 100 "
        f"businesses -> {value} (2-5 from {_bounds(POLICE_RATE_BOUNDS, 'g')})",
    )


def survey_score(share: float, answers: int, what: str) -> Score:
    """Severity from a survey share; a small sample gives at most ``SMALL_SAMPLE_CAP``."""
    value = band(share, SURVEY_SHARE_BOUNDS)
    reason = (
        f"survey: {share:.0%} {what} ({answers} answers) -> {value} "
        f"(2-5 from {_bounds([b * 100 for b in SURVEY_SHARE_BOUNDS], 'g')}%)"
    )
    if answers < SMALL_SAMPLE and value > SMALL_SAMPLE_CAP:
        value = SMALL_SAMPLE_CAP
        reason += f", capped at {SMALL_SAMPLE_CAP}: fewer than {SMALL_SAMPLE} answers"
    return Score("survey", value, reason)


def walk_score(points: int, findings: int) -> Score:
    """Severity from the walk-through's findings for a problem, weighted by their severity."""
    value = band(points, WALK_POINT_BOUNDS)
    return Score(
        "walk-through",
        value,
        f"walk-through: {findings} finding(s), {points} points (low 1, medium 2, high 3) -> "
        f"{value} (2-5 from {_bounds(WALK_POINT_BOUNDS, 'g')} points)",
    )


def combine(scores: Sequence[Score], rising: bool) -> tuple[int, str]:
    """The severity of a problem: the highest source score, one more when rising (max 5).

    Each source sees another side of a problem (police figures undercount what is not
    reported, the survey measures experience, the walk-through the conditions), so the
    source that sees most of it decides.
    """
    best = max(scores, key=lambda s: s.value)
    value = best.value
    parts = [s.reason for s in scores]
    reason = "; ".join(parts)
    if len(scores) > 1:
        reason += f"; the highest: {value} ({best.source})"
    if rising and value < 5:
        value = min(5, value + TREND_STEP)
        reason += f"; rising trend: +{TREND_STEP} -> {value}"
    return value, reason


def trend(current: float, previous: float, threshold: float = TREND_THRESHOLD) -> tuple[Trend, str]:
    """Rising, falling or stable: the change against the year before."""
    change = current - previous
    relative = change / previous if previous else (float("inf") if change else 0.0)
    pct = "new" if previous == 0 and change else f"{relative:+.0%}"
    words = (
        f"{current:g} in the last 12 months against {previous:g} in the 12 before ({pct}; "
        f"rising or falling from {threshold:.0%} and {MIN_TREND_CHANGE} incidents)"
    )
    if abs(change) < MIN_TREND_CHANGE or abs(relative) < threshold:
        return Trend.stable, words
    return (Trend.rising if change > 0 else Trend.falling), words
