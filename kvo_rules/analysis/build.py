"""From the area file and the three sources to a profile, every value with its derivation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.catalogue import Catalogue
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.parse import parse_model
from ..core.yamlio import Document, load_document
from . import severity
from .model import AreaFile, AreaSpec, Trace
from .police import DEFAULT_CRIME_MAP, PoliceFigures, analyse_police, load_crime_map, read_police
from .survey import KIND_WORDS, SurveyResult, analyse_survey, load_survey_map, read_survey
from .walkthrough import WalkResult, analyse_walkthrough, read_walkthrough

__all__ = ["AREA_FIELDS", "Analysis", "Sources", "analyse", "load_area"]

AREA_FIELDS = (
    "name",
    "kind",
    "municipality",
    "businesses",
    "hectares",
    "entrances",
    "unmonitored_alarms",
)
"""The profile's area fields copied from the area file (``dark_spots``, ``vacant_units`` and
``rear_alleys`` are counted from the walk-through when the area file does not give them)."""
_PASSED = ("existing_measures", "budget", "participation", "horizon_years")
"""Decisions the area file may carry into the profile as they are."""


@dataclass(frozen=True)
class Sources:
    """The files one analysis reads."""

    area: Path
    police: tuple[Path, ...] = ()
    crime_map: Path | None = None
    survey: Path | None = None
    survey_map: Path | None = None
    walkthrough: Path | None = None


@dataclass
class Analysis:
    """A profile as plain data, in the order it is written, with the trace behind it."""

    sources: Sources
    profile: dict[str, Any]
    trace: Trace
    problem_names: dict[str, str] = field(default_factory=dict)


def _contains(outer: str, inner: str) -> bool:
    """Whether CBS area ``outer`` contains ``inner`` (GM ⊃ WK ⊃ BU by their digits)."""
    if outer == inner:
        return True
    return (
        outer[:2] != inner[:2]
        and inner[2:].startswith(outer[2:])
        and (outer[:2] == "GM" or (outer[:2] == "WK" and inner[:2] == "BU"))
    )


def load_area(path: str | Path, catalogue: Catalogue) -> tuple[AreaFile, Document]:
    """Read the area file: the area, its CBS codes (none inside another), known measures."""
    doc = load_document(path)
    area = parse_model(doc, AreaFile, what=msg("the area file"))
    errors: list[KvoError] = []
    codes = area.area.codes
    for i, code in enumerate(codes):
        for j, other in enumerate(codes[:i]):
            if _contains(other, code) or _contains(code, other):
                errors.append(
                    doc.error(
                        ("area", "codes", i),
                        msg(
                            "{code} and {other} (item {n}) overlap: its figures would be "
                            "counted twice",
                            code=code,
                            other=other,
                            n=j + 1,
                        ),
                    )
                )
    for i, name in enumerate(area.existing_measures):
        if catalogue.measure_id(name) is None:
            errors.append(doc.error(("existing_measures", i), catalogue.unknown_measure(name)))
    if errors:
        raise KvoError.merge(errors)
    return area, doc


def analyse(
    sources: Sources,
    catalogue: Catalogue,
    *,
    trend_threshold: float = severity.TREND_THRESHOLD,
) -> Analysis:
    """Read every source, apply the rules of docs/analysis.md, return the profile and trace.

    Input files are all read and checked before anything is derived; the first bad file
    raises a :class:`KvoError` with its ``file:line:col``.
    """
    _check_sources(sources, trend_threshold)
    area_file, area_doc = load_area(sources.area, catalogue)
    area = area_file.area
    trace = Trace()
    src = str(sources.area)

    # Read and check every input before deriving anything.
    police_records = []
    crime_map = None
    if sources.police:
        if not area.codes:
            raise area_doc.error(
                ("area",),
                msg(
                    "give 'codes': the CBS neighbourhood or district codes (BU..., WK...) that "
                    "make up the area, so the police figures can be selected"
                ),
            )
        crime_map = load_crime_map(sources.crime_map or DEFAULT_CRIME_MAP, catalogue)
        for path in sources.police:
            police_records.extend(read_police(path))
    survey_map = survey_table = None
    if sources.survey is not None and sources.survey_map is not None:
        survey_map = load_survey_map(sources.survey_map, catalogue)
        survey_table = read_survey(sources.survey, survey_map)
    findings = read_walkthrough(sources.walkthrough) if sources.walkthrough else None

    profile_area = _given_area(area, area_doc, src, trace)

    police: dict[str, PoliceFigures] = {}
    if crime_map is not None:
        label = ", ".join(str(p) for p in sources.police)
        police = analyse_police(
            police_records,
            crime_map,
            area.codes,
            trace,
            sources=label,
            trend_threshold=trend_threshold,
        )
    survey: SurveyResult | None = None
    if survey_map is not None and survey_table is not None:
        survey = analyse_survey(survey_table, survey_map, area.businesses, trace)
    walk: WalkResult | None = None
    if findings is not None and sources.walkthrough is not None:
        walk = analyse_walkthrough(findings, str(sources.walkthrough), trace)

    _counted(profile_area, "dark_spots", area.dark_spots, walk, area_doc, src, trace)
    _counted(profile_area, "vacant_units", area.vacant_units, walk, area_doc, src, trace)
    _counted(profile_area, "rear_alleys", area.rear_alleys, walk, area_doc, src, trace)
    problems = _problems(area.businesses, police, survey, walk, trace)
    if not problems:
        raise KvoError.at(
            Location(src),
            msg(
                "the sources name no problem (no police incidents of a mapped code, no survey "
                "share of {share} or more, no walk-through findings): there is no profile to "
                "write",
                share=f"{severity.INCLUDE_SURVEY_SHARE:.0%}",
            ),
        )
    profile: dict[str, Any] = {"area": profile_area, "problems": problems}
    _passed_and_participation(profile, area_doc, survey, src, trace)
    names = {
        p["type"]: catalogue.problems[p["type"]].name.en
        for p in problems
        if p["type"] in catalogue.problems
    }
    return Analysis(sources, profile, trace, names)


def _check_sources(sources: Sources, trend_threshold: float) -> None:
    """The options go together: a sensible threshold, survey with its map, one source at least."""
    if not 0 < trend_threshold < 10:
        raise KvoError.at(Location("--trend-threshold"), msg("give a share such as 0.15 (15%)"))
    if (sources.survey is None) != (sources.survey_map is None):
        raise KvoError.at(
            Location("--survey" if sources.survey is None else "--survey-map"),
            msg("the survey export and its survey map go together: give --survey and --survey-map"),
        )
    if not (sources.police or sources.survey or sources.walkthrough):
        raise KvoError.at(
            Location("analyse"),
            msg("give at least one source: --police, --survey or --walkthrough"),
        )


def _given_area(area: AreaSpec, area_doc: Document, src: str, trace: Trace) -> dict[str, Any]:
    """The area fields as written in the area file, traced."""
    profile_area: dict[str, Any] = {}
    for name in AREA_FIELDS:
        if getattr(area, name) is None:
            continue
        profile_area[name] = area_doc.get(("area", name))  # as written: 45, not 45.0
        trace.add(
            f"area.{name}",
            profile_area[name],
            "area file",
            "given",
            src,
            area_doc.location(("area", name)),
        )
    return profile_area


def _passed_and_participation(
    profile: dict[str, Any],
    area_doc: Document,
    survey: SurveyResult | None,
    src: str,
    trace: Trace,
) -> None:
    """Copy the passed-through keys of the area file; take the participation from the survey."""
    raw = area_doc.data if isinstance(area_doc.data, dict) else {}
    for key in _PASSED:
        if key in raw:
            profile[key] = raw[key]
            trace.add(key, raw[key], "area file", "given", src, area_doc.location((key,)))
    if "participation" not in profile and survey is not None and survey.participation:
        share = round(survey.participation.share, 2)
        if share > 0:
            profile["participation"] = share
            trace.add(
                "participation",
                share,
                "survey",
                "participation",
                f"{share:.0%} of {survey.participation.answers} answers to "
                f"'{survey.participation.question.column}' are willing to take part",
            )
    elif "participation" in profile and survey is not None and survey.participation:
        trace.add(
            "survey.participation",
            round(survey.participation.share, 2),
            "survey",
            "participation",
            "not used: the area file gives the participation",
        )


def _counted(
    profile_area: dict[str, Any],
    key: str,
    given: int | None,
    walk: WalkResult | None,
    doc: Document,
    src: str,
    trace: Trace,
) -> None:
    """``area.<key>`` (``dark_spots``, ``vacant_units``, ``rear_alleys``): the area file's count,
    else the walk-through's; nothing without either."""
    if walk is None:
        found, detail = None, ""
    elif key == "dark_spots":
        found, detail = walk.dark_spots, walk.dark_spot_counts
    elif key == "rear_alleys":
        found, detail = walk.rear_alleys, f"{walk.rear_alleys} rear_alley findings"
    else:
        found, detail = walk.vacant_units, f"{walk.vacant_units} vacancy findings"
    if given is not None:
        profile_area[key] = given
        also = f"; the walk-through found {found}" if found is not None else ""
        trace.add(
            f"area.{key}",
            given,
            "area file",
            "given",
            f"{src}{also} (the area file's count is kept)",
            doc.location(("area", key)),
        )
    elif found is not None and (found > 0 or key == "dark_spots"):
        profile_area[key] = found
        trace.add(f"area.{key}", found, "walk-through", "walk-count", detail)


def _problems(
    businesses: int,
    police: dict[str, PoliceFigures],
    survey: SurveyResult | None,
    walk: WalkResult | None,
    trace: Trace,
) -> list[dict[str, Any]]:
    candidates = (
        set(police) | set(survey.shares if survey else ()) | set(walk.findings if walk else ())
    )
    out: list[dict[str, Any]] = []
    for pid in sorted(candidates):
        scores = []
        fig = police.get(pid)
        if fig is not None and fig.incidents > 0:
            scores.append(severity.police_score(fig.incidents, businesses))
        for qs in survey.shares.get(pid, []) if survey else []:
            if qs.share >= severity.INCLUDE_SURVEY_SHARE:
                scores.append(
                    severity.survey_score(qs.share, qs.answers, KIND_WORDS[qs.question.kind])
                )
        if walk is not None and pid in walk.findings:
            scores.append(severity.walk_score(walk.points[pid], len(walk.findings[pid])))
        if not scores:
            trace.add(
                f"problems.{pid}",
                None,
                "rules",
                "not-included",
                "left out: no police incidents in the last 12 months, no survey share of "
                f"{severity.INCLUDE_SURVEY_SHARE:.0%} or more and no walk-through finding",
            )
            continue
        rising = fig is not None and fig.trend is not None and fig.trend.value == "rising"
        value, reason = severity.combine(scores, rising)
        problem: dict[str, Any] = {"type": pid, "severity": value}
        trace.add(f"problems.{pid}.severity", value, "rules", "severity", reason)
        if fig is not None:
            problem["incidents_per_year"] = fig.incidents
            if fig.trend is not None:
                problem["trend"] = fig.trend.value
        out.append(problem)
    out.sort(key=lambda p: (-p["severity"], -p.get("incidents_per_year", 0), p["type"]))
    return out
