"""Police figures: registered crimes per neighbourhood from the police's open data.

The format is that of the CBS/police open-data tables of registered crimes by type,
neighbourhood and period (the monthly table 47022NED): columns ``ID``, ``SoortMisdrijf``
(``2.5.1``, ``0.0.0`` for the total; space-padded), ``WijkenEnBuurten`` (``GM…``, ``WK…``,
``BU…``; space-padded), ``Perioden`` (``2024MM01`` a month, ``2024JJ00`` a year) and
``GeregistreerdeMisdrijven_1``; as CSV (``;`` as the portal exports it, or ``,``) or as the
OData JSON (``{"value": [...]}``). A crime map (YAML) says which code counts towards which
problem type.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..core.catalogue import Catalogue
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.model import Trend
from ..core.parse import parse_model
from ..core.yamlio import YamlPath, load_document, parse_document
from . import severity
from .model import CrimeCode, CrimeMapFile, Trace
from .tables import decode, read_bytes, read_table

__all__ = [
    "DEFAULT_CRIME_MAP",
    "CrimeMap",
    "PoliceFigures",
    "PoliceRecord",
    "analyse_police",
    "load_crime_map",
    "read_police",
]

DEFAULT_CRIME_MAP = Path(__file__).resolve().parent / "data" / "crime-map.yaml"
"""The bundled crime map for the SoortMisdrijf codes of table 47022NED."""

COLUMNS = ("SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1")
ALIASES = {
    "Soort misdrijf": "SoortMisdrijf",
    "Wijken en buurten": "WijkenEnBuurten",
    "Regio's": "WijkenEnBuurten",
    "Periode": "Perioden",
    "GeregistreerdeMisdrijven": "GeregistreerdeMisdrijven_1",
    "Geregistreerde misdrijven": "GeregistreerdeMisdrijven_1",
    "Geregistreerde misdrijven (aantal)": "GeregistreerdeMisdrijven_1",
}
"""Headers as the portal's labelled export writes them."""

_CODE = re.compile(r"^(\d+\.\d+\.\d+)(?:\s.*)?$")
_REGION = re.compile(r"^(NL\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$")
_PERIOD = re.compile(r"^(\d{4})(MM(0[1-9]|1[0-2])|JJ00|KW0[1-4])$")
_NOT_PUBLISHED = ("", ".", "-", "x")
"""How an export writes a figure that is not published (small numbers are withheld)."""


@dataclass(frozen=True)
class PoliceRecord:
    """One figure: crimes of one code, in one area code, in one period."""

    code: str
    region: str
    period: str
    count: int | None
    """None: not published."""
    location: Location


@dataclass(frozen=True)
class CrimeMap:
    """A loaded crime map: code -> entry, and where the map was read from."""

    source: str
    table: str
    codes: dict[str, CrimeCode]


@dataclass
class PoliceFigures:
    """What the police figures say about one problem type."""

    problem: str
    incidents: int
    previous: int | None
    trend: Trend | None
    codes: list[str] = field(default_factory=list)
    window: str = ""


# --- the crime map ----------------------------------------------------------------------------


def load_crime_map(path: str | Path, catalogue: Catalogue) -> CrimeMap:
    """Read and check a crime map: valid codes, each once, problem types that exist."""
    doc = load_document(path)
    data = parse_model(doc, CrimeMapFile, what=msg("the crime map"))
    errors: list[KvoError] = []
    sources = {s.id for s in data.sources}
    codes: dict[str, CrimeCode] = {}
    seen: dict[str, int] = {}
    for i, entry in enumerate(data.codes):
        if entry.code in seen:
            errors.append(
                doc.error(
                    ("codes", i, "code"),
                    msg(
                        "code '{code}' is mapped twice (also as entry {n})",
                        code=entry.code,
                        n=seen[entry.code] + 1,
                    ),
                )
            )
            continue
        seen[entry.code] = i
        if entry.source not in sources:
            errors.append(
                doc.error(("codes", i, "source"), msg("unknown source '{key}'", key=entry.source))
            )
        if entry.problem is not None:
            pid = catalogue.problem_id(entry.problem)
            if pid is None:
                errors.append(
                    doc.error(("codes", i, "problem"), catalogue.unknown_problem(entry.problem))
                )
                continue
            entry = entry.model_copy(update={"problem": pid})
        codes[entry.code] = entry
    if errors:
        raise KvoError.merge(errors)
    return CrimeMap(str(path), data.table, codes)


# --- reading the export -----------------------------------------------------------------------


def _code(value: str, loc: Location) -> str:
    match = _CODE.match(value.strip())
    if match is None:
        raise KvoError.at(
            loc, msg("'{value}' is not a crime code such as '2.5.1' (SoortMisdrijf)", value=value)
        )
    return match.group(1)


def _region(value: str, loc: Location) -> str:
    region = value.strip()
    if _REGION.match(region) is None:
        raise KvoError.at(
            loc,
            msg(
                "'{value}' is not a CBS area code (GM0000, WK000000 or BU00000000): export the "
                "codes, not the names",
                value=value,
            ),
        )
    return region


def _period(value: str, loc: Location) -> str:
    period = value.strip()
    if _PERIOD.match(period) is None:
        raise KvoError.at(
            loc,
            msg(
                "'{value}' is not a period such as '2024MM01' (a month) or '2024JJ00' (a year)",
                value=value,
            ),
        )
    return period


def _count(value: object, loc: Location) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise KvoError.at(loc, msg("'{value}' is not a number of crimes", value=value))
    if isinstance(value, int):
        count = value
    elif isinstance(value, float) and value.is_integer():
        count = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lower() in _NOT_PUBLISHED:
            return None
        if not text.isdigit():
            raise KvoError.at(
                loc,
                msg(
                    "'{value}' is not a number of crimes (a whole number, no separators)",
                    value=value,
                ),
            )
        count = int(text)
    else:
        raise KvoError.at(loc, msg("'{value}' is not a number of crimes", value=value))
    if count < 0:
        raise KvoError.at(loc, msg("{count} crimes: a count cannot be negative", count=count))
    return count


def read_police(path: str | Path) -> list[PoliceRecord]:
    """Read an export as CSV or as OData JSON (a ``.json`` file, or text that starts ``{``)."""
    raw = read_bytes(path)
    if Path(path).suffix.lower() == ".json" or raw.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"{":
        return _read_json(raw, str(path))
    table = read_table(
        path, COLUMNS, optional=("ID",), aliases=ALIASES, what=msg("the police export")
    )
    records = []
    for row in table:
        code_cell, region_cell = row["SoortMisdrijf"], row["WijkenEnBuurten"]
        period_cell, count_cell = row["Perioden"], row["GeregistreerdeMisdrijven_1"]
        records.append(
            PoliceRecord(
                _code(code_cell.value, code_cell.location),
                _region(region_cell.value, region_cell.location),
                _period(period_cell.value, period_cell.location),
                _count(count_cell.value, count_cell.location),
                count_cell.location,
            )
        )
    return records


def _read_json(raw: bytes, source: str) -> list[PoliceRecord]:
    doc = parse_document(decode(raw, source), source)
    data = doc.data
    key: YamlPath = ()
    if isinstance(data, dict) and "value" in data:
        key, data = ("value",), data["value"]
    if not isinstance(data, list):
        raise KvoError.at(
            doc.location(), msg("expected OData JSON: an object with a 'value' list of rows")
        )
    records = []
    for i, item in enumerate(data):
        path: YamlPath = (*key, i)
        if not isinstance(item, dict):
            raise doc.error(path, msg("a row must be an object"))
        for column in COLUMNS:
            if column not in item:
                raise doc.error(path, msg("this row has no '{column}'", column=column))
        text = {}
        for column in COLUMNS[:3]:
            value = item[column]
            if not isinstance(value, str):
                raise doc.error(
                    (*path, column),
                    msg("'{column}' must be text, not {value}", column=column, value=repr(value)),
                )
            text[column] = value
        at = {column: doc.location((*path, column)) for column in COLUMNS}
        count_column = COLUMNS[3]
        records.append(
            PoliceRecord(
                _code(text["SoortMisdrijf"], at["SoortMisdrijf"]),
                _region(text["WijkenEnBuurten"], at["WijkenEnBuurten"]),
                _period(text["Perioden"], at["Perioden"]),
                _count(item[count_column], at[count_column]),
                at[count_column],
            )
        )
    return records


# --- from figures to problems -----------------------------------------------------------------


def _month(period: str) -> int | None:
    """Months since year 0 for a monthly period, else None."""
    if period[4:6] != "MM":
        return None
    return int(period[:4]) * 12 + int(period[6:8]) - 1


def _label(month: int) -> str:
    return f"{month // 12}MM{month % 12 + 1:02d}"


def analyse_police(
    records: list[PoliceRecord],
    crime_map: CrimeMap,
    area_codes: tuple[str, ...],
    trace: Trace,
    *,
    sources: str,
    trend_threshold: float = severity.TREND_THRESHOLD,
) -> dict[str, PoliceFigures]:
    """Incidents of the last 12 months and the trend, per problem type of the crime map."""
    mine = _own_rows(records, area_codes, trace, sources)
    others = len(records) - len(mine)
    first_loc = records[0].location
    win = _windows(mine)
    if win.months[0] < win.full:
        trace.warn(
            Location(sources),
            f"only {win.months[0]} of the last 12 months are in the export ({win.window}): "
            "incidents per year are scaled up to 12 months",
        )
    per_code, withheld, first_at = _sum_codes(win.rows)
    note = f"{win.window} ({win.months[0]} months)" if win.unit == "months" else win.window
    if others:
        trace.add(
            "police.rows",
            others,
            "police",
            "other-areas",
            f"{others} rows for other area codes ignored (first row: {first_loc})",
        )
    by_problem = _map_codes(per_code, withheld, first_at, crime_map, note, trace)
    figures: dict[str, PoliceFigures] = {}
    for problem, codes in sorted(by_problem.items()):
        figures[problem] = _problem_figures(
            problem, codes, per_code, win, crime_map, area_codes, note, trace, trend_threshold
        )
    return figures


def _own_rows(
    records: list[PoliceRecord], area_codes: tuple[str, ...], trace: Trace, sources: str
) -> list[PoliceRecord]:
    """The rows of the area's codes, checked: no doubles, no quarters."""
    if not records:
        raise KvoError.at(Location(sources), msg("the police export has no rows"))
    wanted = set(area_codes)
    mine = [r for r in records if r.region in wanted]
    for code in area_codes:
        if not any(r.region == code for r in mine):
            trace.warn(Location(sources), f"the police export has no figures for area code {code}")
    if not mine:
        raise KvoError.at(
            Location(sources),
            msg(
                "the police export has no rows for the area's codes ({codes})",
                codes=", ".join(area_codes),
            ),
        )
    seen: dict[tuple[str, str, str], PoliceRecord] = {}
    for r in mine:
        key = (r.code, r.region, r.period)
        if key in seen:
            raise KvoError.at(
                r.location,
                msg(
                    "{code} in {region} for {period} is given twice (first at {first}): the "
                    "figures would be counted twice",
                    code=r.code,
                    region=r.region,
                    period=r.period,
                    first=seen[key].location,
                ),
            )
        seen[key] = r
    if any(r.period[4:6] == "KW" for r in mine):
        kw = next(r for r in mine if r.period[4:6] == "KW")
        raise KvoError.at(
            kw.location, msg("quarterly figures are not read: export months or years")
        )
    return mine


@dataclass(frozen=True)
class _Windows:
    """The last 12 months and the 12 before: their rows, months covered and labels."""

    rows: list[list[PoliceRecord]]
    months: list[int]
    window: str
    before: str
    unit: str
    full: int


def _windows(mine: list[PoliceRecord]) -> _Windows:
    monthly = [r for r in mine if _month(r.period) is not None]
    if monthly:
        last = max(m for r in monthly if (m := _month(r.period)) is not None)
        spans = (range(last - 11, last + 1), range(last - 23, last - 11))
        in_window = [[r for r in monthly if _month(r.period) in w] for w in spans]
        months = [len({r.period for r in rows}) for rows in in_window]
        window = f"{_label(last - 11)}-{_label(last)}"
        before = f"{_label(last - 23)}-{_label(last - 12)}"
        return _Windows(in_window, months, window, before, "months", 12)
    last_year = max(int(r.period[:4]) for r in mine)
    in_window = [[r for r in mine if int(r.period[:4]) == y] for y in (last_year, last_year - 1)]
    months = [12 if rows else 0 for rows in in_window]
    return _Windows(in_window, months, f"{last_year}JJ00", f"{last_year - 1}JJ00", "years", 12)


def _sum_codes(
    in_window: list[list[PoliceRecord]],
) -> tuple[list[dict[str, int]], dict[str, int], dict[str, Location]]:
    """Incidents per code and window, withheld figures per code, the first row of each code."""
    per_code: list[dict[str, int]] = [defaultdict(int), defaultdict(int)]
    withheld: dict[str, int] = defaultdict(int)
    first_at: dict[str, Location] = {}
    for slot, rows in enumerate(in_window):
        for r in rows:
            first_at.setdefault(r.code, r.location)
            if r.count is None:
                withheld[r.code] += 1
            else:
                per_code[slot][r.code] += r.count
            per_code[slot].setdefault(r.code, 0)
    return per_code, withheld, first_at


def _map_codes(
    per_code: list[dict[str, int]],
    withheld: dict[str, int],
    first_at: dict[str, Location],
    crime_map: CrimeMap,
    note: str,
    trace: Trace,
) -> dict[str, list[str]]:
    """The codes of each problem type; the others are traced as total, ignored or unmapped."""
    by_problem: dict[str, list[str]] = defaultdict(list)
    for code in sorted(set(per_code[0]) | set(per_code[1]), key=_code_key):
        entry = crime_map.codes.get(code)
        count = per_code[0].get(code, 0)
        if code in withheld:
            trace.warn(
                first_at[code],
                f"{withheld[code]} figure(s) of code {code} are not published (empty): "
                "counted as 0",
            )
        if entry is None:
            trace.warn(
                first_at[code],
                f"crime code {code} is not in the crime map ({count} in {note}): not counted; "
                f"add it to {crime_map.source} with a 'problem' or 'ignore'",
            )
            trace.add(f"police.codes.{code}", count, "police", "unmapped", "not in the crime map")
        elif entry.total:
            trace.add("police.total", count, "police", "total", f"{code} {entry.label}: {note}")
        elif entry.ignore is not None:
            trace.add(
                f"police.codes.{code}",
                count,
                "police",
                "ignored",
                f"{code} {entry.label}: {entry.ignore}",
            )
        elif entry.problem is not None:
            by_problem[entry.problem].append(code)
    return by_problem


def _problem_figures(
    problem: str,
    codes: list[str],
    per_code: list[dict[str, int]],
    win: _Windows,
    crime_map: CrimeMap,
    area_codes: tuple[str, ...],
    note: str,
    trace: Trace,
    trend_threshold: float,
) -> PoliceFigures:
    months, full = win.months, win.full
    current = sum(per_code[0].get(c, 0) for c in codes)
    incidents = round(current * 12 / months[0]) if months[0] else 0
    detail = " + ".join(f"{per_code[0].get(c, 0)} x {c} {crime_map.codes[c].label}" for c in codes)
    scaled = f", scaled from {months[0]} months" if months[0] < full else ""
    trace.add(
        f"problems.{problem}.incidents_per_year",
        incidents,
        "police",
        "last-12-months",
        f"{detail} in {', '.join(area_codes)}, {note}{scaled}",
    )
    previous: int | None = None
    direction: Trend | None = None
    if months[1] >= full:
        previous = sum(per_code[1].get(c, 0) for c in codes)
        direction, words = severity.trend(current, previous, trend_threshold)
        trace.add(f"problems.{problem}.trend", direction.value, "police", "trend", words)
    else:
        trace.add(
            f"problems.{problem}.trend",
            None,
            "police",
            "trend",
            f"no trend: the export has {months[1]} of the 12 months before ({win.before})",
        )
    return PoliceFigures(problem, incidents, previous, direction, codes, note)


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))
