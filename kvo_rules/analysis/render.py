"""The written profile (YAML with comments that say where each value came from) and the
``--explain`` trace. Both are plain text generation: a YAML library would drop comments."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from ..core.catalogue import Catalogue
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.profile import parse_profile
from .build import Analysis
from .model import Derivation

__all__ = ["explain_text", "profile_text"]

WIDTH = 100
_COMMENT_AT = 34
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_SHORT = {
    "given": "area file",
    "walk-count": "walk-through",
    "last-12-months": "police: last 12 months",
    "trend": "police: against the 12 months before",
    "severity": "rules of docs/analysis.md",
    "participation": "survey: willing to take part",
}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if value is None:
        return "null"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _line(indent: str, key: str, value: str, comment: str | None) -> str:
    text = f"{indent}{key}: {value}" if key else f"{indent}{value}"
    if comment:
        text = f"{text.ljust(_COMMENT_AT - 1)} # {_clean(comment)}"
    return text


def _block(data: Any, indent: str) -> list[str]:
    """Plain data (mappings, lists, scalars) as block YAML."""
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                lines.append(f"{indent}{_scalar(key)}:")
                lines.extend(_block(value, indent + "  "))
            else:
                empty = "{}" if isinstance(value, dict) else "[]"
                shown = empty if isinstance(value, dict | list) else _scalar(value)
                lines.append(f"{indent}{_scalar(key)}: {shown}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict | list) and item:
                inner = _block(item, indent + "  ")
                lines.append(f"{indent}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{indent}- {_scalar(item)}")
    else:
        lines.append(f"{indent}{_scalar(data)}")
    return lines


def _comments(lines: list[str], text: str, indent: str) -> None:
    for part in textwrap.wrap(
        _clean(text), WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False
    ):
        lines.append(f"{indent}# {part}")


def _short(d: Derivation | None) -> str | None:
    if d is None:
        return None
    if d.rule == "given":
        return "area file" if d.location is None else f"area file, {d.location}"
    return _SHORT.get(d.rule, f"{d.source}: {d.rule}")


def _sources(analysis: Analysis) -> list[str]:
    s = analysis.sources
    out = [f"area {s.area}"]
    if s.police:
        crime_map = s.crime_map or "the bundled crime map"
        out.append(f"police {', '.join(str(p) for p in s.police)} (codes: {crime_map})")
    if s.survey:
        out.append(f"survey {s.survey} (map: {s.survey_map})")
    if s.walkthrough:
        out.append(f"walk-through {s.walkthrough}")
    return out


def profile_text(analysis: Analysis, catalogue: Catalogue, *, source: str = "<profile>") -> str:
    """The profile as commented YAML, checked by the profile loader before it is returned."""
    trace = analysis.trace
    p = analysis.profile
    lines: list[str] = []
    _comments(
        lines,
        "A KVO profile written by 'kvo-rules analyse' from the safety analysis' sources. Each "
        "value says where it came from; 'kvo-rules analyse --explain' shows the whole trace "
        "and docs/analysis.md the rules. Edit any value: this is the working group's profile "
        "now, and analyse never overwrites it without --force. 'times' (when problems occur) "
        "is not derived: add it where the working group knows it.",
        "",
    )
    _comments(lines, "Sources: " + "; ".join(_sources(analysis)) + ".", "")
    lines.append("area:")
    for key, value in p["area"].items():
        d = trace.get(f"area.{key}")
        comment = _short(d)
        if key in ("dark_spots", "vacant_units", "rear_alleys") and d is not None:
            comment = f"{_short(d)}: {d.detail}"
        lines.append(_line("  ", key, _scalar(value), comment))
    lines.append("problems:")
    for prob in p["problems"]:
        pid = prob["type"]
        name = analysis.problem_names.get(pid, pid)
        lines.append("")
        _comments(lines, f"{name}:", "  ")
        for key in ("severity", "incidents_per_year", "trend"):
            d = trace.get(f"problems.{pid}.{key}")
            if d is not None and (key in prob or key == "trend"):
                _comments(lines, f"{key}: {d.detail}", "  ")
        lines.append(_line("  - ", "type", _scalar(pid), None))
        for key in ("severity", "incidents_per_year", "trend"):
            if key in prob:
                how = _short(trace.get(f"problems.{pid}.{key}"))
                lines.append(_line("    ", key, _scalar(prob[key]), how))
    for key in ("existing_measures", "budget", "participation", "horizon_years"):
        if key not in p:
            continue
        d = trace.get(key)
        value = p[key]
        lines.append("")
        if d is not None and d.rule != "given":
            _comments(lines, f"{key}: {d.detail}", "")
        if isinstance(value, dict | list) and value:
            lines.append(_line("", key, "", _short(d)).replace(": ", ":", 1).rstrip())
            lines.extend(_block(value, "  "))
        else:
            lines.append(_line("", key, _block(value, "")[0], _short(d)))
    text = "\n".join(lines) + "\n"
    try:
        parse_profile(text, catalogue, source=source)
    except KvoError as error:
        raise KvoError(
            [
                *error.diagnostics,
                *KvoError.at(
                    Location(source), msg("not written: the derived profile does not validate")
                ).diagnostics,
            ]
        ) from None
    return text


def explain_text(analysis: Analysis) -> str:
    """Every derived value with its source, rule and figures; then the warnings."""
    out: list[str] = ["How every value of the profile was reached", ""]
    groups = (
        ("Area", "area."),
        ("Police figures", "police."),
        ("Survey", "survey."),
        ("Walk-through", "walkthrough."),
        ("Problems", "problems."),
    )
    derivations = analysis.trace.derivations
    for title, prefix in groups:
        rows = [d for d in derivations if d.field.startswith(prefix)]
        if not rows:
            continue
        out.append(title)
        for d in rows:
            out.extend(_explain_row(d))
        out.append("")
    rest = [d for d in derivations if not any(d.field.startswith(p) for _, p in groups)]
    if rest:
        out.append("Decisions and participation")
        for d in rest:
            out.extend(_explain_row(d))
        out.append("")
    if analysis.trace.warnings:
        out.append("Warnings")
        out.extend(f"  {w}" for w in analysis.trace.warnings)
        out.append("")
    return "\n".join(out)


def _explain_row(d: Derivation) -> list[str]:
    value = (
        "-"
        if d.value is None
        else _block(d.value, "")[0]
        if not isinstance(d.value, dict | list)
        else json.dumps(d.value, ensure_ascii=False, sort_keys=True)
    )
    where = f" at {d.location}" if d.location is not None else ""
    head = f"  {d.field} = {value}"
    body = f"[{d.source}, rule '{d.rule}'{where}] {d.detail}"
    wrapped = textwrap.wrap(_clean(body), WIDTH - 6, break_long_words=False, break_on_hyphens=False)
    return [head, *(f"      {w}" for w in wrapped)]
