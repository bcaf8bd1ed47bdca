"""The profile side of the checks: the example profile of an assignment, that profile in one
line, confirming conditions on it, and the subjects (problems, measures in place, figures) a
term mentions or requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...core.profile_model import Profile
from ...rules.language import OPTIONAL_AREA_FIELDS, Condition
from ...rules.reference import holds
from ._logic import KINDS, UNKNOWN, Term, problem_of

__all__ = [
    "confirms",
    "describe_profile",
    "example_profile",
    "mentioned",
    "required",
    "subject",
]


def example_profile(
    assignment: Mapping[str, Any], problem_areas: Mapping[str, frozenset[str]]
) -> Profile | None:
    """A profile with the values of ``assignment`` (other facts left out or typical)."""
    kind = str(assignment.get("kind", KINDS[0]))
    area: dict[str, Any] = {"name": "example", "kind": kind}
    area["businesses"] = int(assignment.get("businesses", 50))
    for name in OPTIONAL_AREA_FIELDS:
        value = assignment.get(name, UNKNOWN)
        if value != UNKNOWN:
            area[name] = float(value) if name == "hectares" else int(value)
    problems: dict[str, dict[str, Any]] = {}
    existing: list[str] = []
    budget: dict[str, float] = {}
    for name, value in sorted(assignment.items()):
        prefix, _, rest = name.partition("__")
        pid = problem_of(name)
        if pid is not None and assignment.get(f"s__{pid}", 0) >= 1:
            p = problems.setdefault(pid, {"type": pid})
            if prefix == "s":
                p["severity"] = int(value)
            elif prefix == "i" and value != UNKNOWN:
                p["incidents_per_year"] = float(value)
            elif prefix == "r" and value:
                p["trend"] = value
            elif prefix == "t" and value == 1:
                p.setdefault("times", []).append(rest.partition("__")[2])
        elif prefix == "m" and value == 1:
            existing.append(rest)
        elif prefix == "b" and value != UNKNOWN:
            budget[rest] = float(value)
    if not problems:
        mentioned = {problem_of(n) for n in assignment}
        filler = next(
            (
                pid
                for pid, kinds in sorted(problem_areas.items())
                if pid not in mentioned and kind in kinds
            ),
            None,
        )
        if filler is None:
            return None
        problems[filler] = {"type": filler, "severity": 1}
    data: dict[str, Any] = {"area": area, "problems": list(problems.values())}
    if existing:
        data["existing_measures"] = existing
    if budget:
        data["budget"] = budget
    try:
        return Profile.model_validate(data)
    except ValueError:
        return None


def describe_profile(profile: Profile) -> str:
    """A profile in one line: the facts an example needs, nothing else."""
    a = profile.area
    bits = [str(a.kind)]
    if a.businesses != 50:
        bits.append(f"{a.businesses} businesses")
    if a.hectares is not None:
        bits.append(f"{a.hectares:g} ha")
    if a.entrances is not None:
        bits.append(f"{a.entrances} entrances")
    if a.dark_spots is not None:
        bits.append(f"{a.dark_spots} dark spots")
    if a.rear_alleys is not None:
        bits.append(f"{a.rear_alleys} rear alleys")
    for p in profile.problems:
        extra = [f"severity {p.severity}"]
        if p.incidents_per_year is not None:
            extra.append(f"{p.incidents_per_year:g} incidents/year")
        if p.trend:
            extra.append(str(p.trend))
        if p.times:
            extra.append("/".join(p.times))
        bits.append(f"{p.type} ({', '.join(extra)})")
    if profile.existing_measures:
        bits.append("in place: " + ", ".join(profile.existing_measures))
    if profile.budget is not None:
        for name in ("one_off", "yearly"):
            value = getattr(profile.budget, name)
            if value is not None:
                bits.append(f"budget {name.replace('_', '-')} {value:g}")
    return "; ".join(bits)


def confirms(profile: Profile, *whens: Sequence[Condition]) -> bool:
    """Whether every condition of every ``when`` list holds for ``profile`` (reference check)."""
    return all(holds(c, profile) for when in whens for c in when)


_ABSENT = {"s": 0, "i": -1, "r": "", "t": 0, "m": 0, "b": -1, "hectares": -1, "entrances": -1}
"""The value a fact field has when its subject is absent (no problem, measure, figure)."""


def subject(name: str) -> str | None:
    """What a fact field is about: a problem, a measure in place, a budget or area figure
    (None for fields that always have a value: kind, businesses)."""
    prefix, _, rest = name.partition("__")
    if prefix in ("s", "i", "r", "t") and rest:
        return "p:" + rest.partition("__")[0]
    if prefix in ("m", "b") and rest:
        return f"{prefix}:{rest}"
    if name in ("hectares", "entrances"):
        return name
    return None


def _holds(op: str, left: Any, right: Any) -> bool:
    try:
        return bool(
            {
                "eq": left == right,
                "neq": left != right,
                "gte": left >= right,
                "gt": left > right,
                "lte": left <= right,
                "lt": left < right,
            }[op]
        )
    except TypeError:
        return False


def mentioned(term: Term) -> frozenset[str]:
    """The subjects (see :func:`subject`) any leaf of ``term`` reads."""
    return frozenset(filter(None, (subject(leaf[1]) for leaf in term)))


def required(term: Term) -> frozenset[str]:
    """The subjects ``term`` requires to be present: a leaf that their absence would break."""
    out = set()
    for _, name, op, value in term:
        key = subject(name)
        if key is None:
            continue
        prefix = name.partition("__")[0] if "__" in name else name
        if not _holds(op, _ABSENT[prefix], value):
            out.add(key)
    return frozenset(out)
