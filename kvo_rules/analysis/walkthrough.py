"""The walk-through (schouw) of the area, by day and in the dark: a list of findings.

A CSV (columns ``location``, ``category``, optional ``severity``, ``round``, ``note``) or a
YAML file (``findings: [...]``). Each category feeds one problem type; dark spots and
defective lamps also give the area's ``dark_spots``, which the advice model uses for the
quantity of street lighting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.parse import parse_model
from ..core.yamlio import load_document
from . import severity
from .model import Finding, FindingCategory, FindingSeverity, Trace, WalkthroughFile
from .tables import read_table

__all__ = [
    "CATEGORY_PROBLEM",
    "DARK_SPOT_CATEGORIES",
    "LocatedFinding",
    "WalkResult",
    "analyse_walkthrough",
    "read_walkthrough",
]

CATEGORY_PROBLEM: dict[FindingCategory, str | None] = {
    FindingCategory.dark_spot: "poor_lighting",
    FindingCategory.defective_lamp: "poor_lighting",
    FindingCategory.hiding_place: "poor_sightlines",
    FindingCategory.poor_sightlines: "poor_sightlines",
    FindingCategory.graffiti: "graffiti",
    FindingCategory.litter: "litter",
    FindingCategory.illegal_dumping: "illegal_dumping",
    FindingCategory.vandalism: "vandalism",
    FindingCategory.blocked_escape_route: "fire_safety",
    FindingCategory.fire_hazard: "fire_safety",
    FindingCategory.poor_maintenance: "poor_maintenance",
    FindingCategory.vacancy: "vacancy",
    FindingCategory.truck_parking: "truck_parking",
    FindingCategory.rear_alley: None,
    FindingCategory.other: None,
}
"""The problem type each category of finding feeds (``other``: none, only listed;
``rear_alley``: none, it is counted as the area's ``rear_alleys``)."""
DARK_SPOT_CATEGORIES = frozenset({FindingCategory.dark_spot, FindingCategory.defective_lamp})
"""Findings counted as the area's dark spots."""


@dataclass(frozen=True)
class LocatedFinding:
    """A finding and where it stands in its file."""

    finding: Finding
    location: Location


@dataclass
class WalkResult:
    """Per problem type, the findings and their points; the dark spots."""

    findings: dict[str, list[LocatedFinding]] = field(default_factory=dict)
    points: dict[str, int] = field(default_factory=dict)
    dark_spots: int = 0
    dark_spot_counts: str = ""
    """The dark spots in words: ``6 dark_spot + 3 defective_lamp findings``."""
    vacant_units: int = 0
    """The ``vacancy`` findings: one empty unit each."""
    rear_alleys: int = 0
    """The ``rear_alley`` findings: one rear alley each."""


def _choice(value: str, loc: Location, choices: list[str], what: str) -> str:
    text = value.strip()
    if text not in choices:
        raise KvoError.at(
            loc,
            msg(
                "'{value}' is not a {what}{hint}; expected one of: {choices}",
                value=value,
                what=what,
                hint=did_you_mean(text, choices),
                choices=", ".join(choices),
            ),
        )
    return text


def read_walkthrough(path: str | Path) -> list[LocatedFinding]:
    """Read findings from a CSV or a YAML file (``.yaml``/``.yml``)."""
    if Path(path).suffix.lower() in (".yaml", ".yml", ".json"):
        doc = load_document(path)
        data = parse_model(doc, WalkthroughFile, what=msg("the walk-through file"))
        return [
            LocatedFinding(f, doc.location(("findings", i))) for i, f in enumerate(data.findings)
        ]
    table = read_table(
        path,
        ("location", "category"),
        optional=("severity", "round", "note"),
        what=msg("the walk-through file"),
    )
    categories = [c.value for c in FindingCategory]
    severities = [s.value for s in FindingSeverity]
    out = []
    for row in table:
        where = row["location"]
        if not where.value:
            raise KvoError.at(where.location, msg("a finding needs a location"))
        cat = row["category"]
        fields: dict[str, str] = {
            "location": where.value,
            "category": _choice(cat.value, cat.location, categories, msg("category of finding")),
        }
        sev = row.get("severity")
        if sev is not None and sev.value:
            fields["severity"] = _choice(sev.value, sev.location, severities, msg("severity"))
        rnd = row.get("round")
        if rnd is not None and rnd.value:
            fields["round"] = _choice(rnd.value, rnd.location, ["day", "dark"], msg("round"))
        note = row.get("note")
        if note is not None and note.value:
            fields["note"] = note.value
        out.append(LocatedFinding(Finding.model_validate(fields), row.location))
    if not out:
        raise KvoError.at(Location(str(path)), msg("the walk-through file has no findings"))
    return out


def analyse_walkthrough(findings: list[LocatedFinding], source: str, trace: Trace) -> WalkResult:
    """Findings and points per problem type, and the dark spots."""
    result = WalkResult()
    by_category: dict[FindingCategory, int] = defaultdict(int)
    for lf in findings:
        f = lf.finding
        by_category[f.category] += 1
        if f.category in DARK_SPOT_CATEGORIES:
            result.dark_spots += 1
        if f.category is FindingCategory.vacancy:
            result.vacant_units += 1
        if f.category is FindingCategory.rear_alley:
            result.rear_alleys += 1
        problem = CATEGORY_PROBLEM[f.category]
        if problem is None:
            continue
        result.findings.setdefault(problem, []).append(lf)
        result.points[problem] = result.points.get(problem, 0) + severity.WALK_POINTS[f.severity]
    result.dark_spot_counts = (
        " + ".join(f"{by_category.get(c, 0)} {c.value}" for c in sorted(DARK_SPOT_CATEGORIES))
        + " findings"
    )
    counts = ", ".join(f"{n} {c.value}" for c, n in sorted(by_category.items()))
    trace.add(
        "walkthrough.findings", len(findings), "walk-through", "count", f"{counts} ({source})"
    )
    if by_category.get(FindingCategory.other):
        trace.warn(
            Location(source),
            f"{by_category[FindingCategory.other]} finding(s) of category 'other' feed no "
            "problem type: read them in the walk-through report",
        )
    return result
