"""Turn a located :class:`Document` into a pydantic model, with errors that point at the line."""

from __future__ import annotations

import datetime as _dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Diagnostic, KvoError, did_you_mean
from .i18n import Message, msg
from .input_traps import quoted_number_advice, thousands_traps
from .yamlio import Document, YamlPath

__all__ = ["parse_model"]

M = TypeVar("M", bound=BaseModel)

_NON_TEXT = {
    bool: "a yes/no value",
    int: "a number",
    float: "a number",
    type(None): "empty",
    _dt.date: "a date",
}

_WANTS = {
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "a whole number"),
    **dict.fromkeys(("float_type", "float_parsing"), "a number"),
    "finite_number": "a finite number",
    **dict.fromkeys(("bool_type", "bool_parsing"), "yes or no (true or false)"),
    **dict.fromkeys(("string_type", "str_type", "string_unicode"), "text"),
    **dict.fromkeys(
        ("tuple_type", "list_type", "set_type", "frozen_set_type", "iterable_type"), "a list"
    ),
    **dict.fromkeys(
        ("dict_type", "mapping_type", "model_type", "model_attributes_type", "dataclass_type"),
        "a mapping (key: value)",
    ),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        "a date (YYYY-MM-DD)",
    ),
    "none_required": "empty",
}
"""Pydantic's error types in the user's words: what the value should be."""

_LIST_OF = {
    **dict.fromkeys(
        ("existing_measures", "measures", "aliases", "needs", "recommended", "excluded"),
        "measure ids",
    ),
    "problems": "problems",
    "times": "times of day (day, evening, night, weekend)",
    "trend": "trends (falling, stable, rising)",
    "areas": "area kinds",
    "source": "source keys",
    "effects": "effects",
}
"""What the items of a list field are, for "should be a list of ..."."""


def _data_path(doc: Document, loc: tuple[int | str, ...]) -> YamlPath:
    """Map pydantic's error ``loc`` onto the data.

    ``loc`` also holds union tags and validator names that are not keys of the data, and a tag
    can equal a key (``problem`` tags a condition that has a ``problem`` key), so every way of
    skipping parts is tried and the one that matches the most (and the latest) parts wins.
    """
    best: tuple[tuple[int, int], YamlPath] = ((0, -1), ())

    def walk(i: int, node: Any, path: YamlPath, matched: int, last: int) -> None:
        nonlocal best
        if i == len(loc):
            if (matched, last) > best[0]:
                best = ((matched, last), path)
            return
        part = loc[i]
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            walk(i + 1, node[part], (*path, part), matched + 1, i)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            walk(i + 1, node[part], (*path, part), matched + 1, i)
        walk(i + 1, node, path, matched, last)

    if len(loc) <= 16:
        walk(0, doc.data, (), 0, -1)
        return best[1]
    # Very deep (nested all/any/not): descend wherever the data allows.
    path: list[str | int] = []
    node: Any = doc.data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
    return tuple(path)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _quoted_number(value: str) -> Message | str | None:
    """What to say about a number written as text, if it looks like one."""
    advice = quoted_number_advice(value)
    if advice is not None:
        return advice
    if _numeric(value) and "e" in value.lower():
        return (
            f"'{value}' is read as text, not as a number (YAML wants '1.5e+4', not "
            "'1.5e4'): write the number out in full"
        )
    if _numeric(value):
        return f"'{value}' is in quotes, so it is text: write it without quotes"
    return None


def _wants(kind: str, field: str, value: Any, raw: str | None) -> str:
    """A type error in plain words: what the value should be, and what it is."""
    wanted = _WANTS[kind]
    if wanted == "a list" and field in _LIST_OF:
        wanted = f"a list of {_LIST_OF[field]}"
    if wanted.startswith("a list") and raw is not None and isinstance(value, bool):
        return (
            f"should be {wanted}: '{raw}' is read as a yes/no value; for none, leave the key "
            "out or write []"
        )
    if wanted.startswith("a list") and isinstance(value, str):
        return f"should be {wanted} (got '{value}'; write [{value}])"
    return f"should be {wanted} (got {_describe(value)})"


def _diagnostic(doc: Document, err: ErrorDetails) -> Diagnostic:
    loc = tuple(err["loc"])
    path = _data_path(doc, loc)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    value = doc.get(path)

    if kind == "unknown_key":
        key = str(ctx.get("key", ""))
        path = _data_path(doc, (*loc, key))
        return Diagnostic(doc.location(path, key=True), err["msg"])
    if kind == "missing":
        return Diagnostic(doc.location(path), f"missing key '{loc[-1]}'")
    if kind == "extra_forbidden":
        return Diagnostic(doc.location(path, key=True), f"unknown key '{loc[-1]}'")
    if kind == "unknown_kind" and isinstance(value, dict) and value:
        first = next(iter(value))
        expected = str(ctx.get("expected", "")).split(", ")
        return Diagnostic(
            doc.location((*path, first), key=True),
            f"unknown {ctx.get('what', 'entry')} '{first}'{did_you_mean(first, expected)}; "
            f"expected one of: {', '.join(expected)}",
        )

    where = f"'{field}': " if field else ""
    location = doc.location(path)
    raw = doc.plain_text.get(path)
    if raw is not None and isinstance(value, bool) and kind in ("enum", "literal_error"):
        return Diagnostic(
            location,
            f"{where}'{raw}' is read as a yes/no value, not as text: expected "
            f"{ctx.get('expected', 'text')} (YAML reads yes, no, on, off, true and false as "
            "yes/no; write such a word in quotes)",
        )
    if kind in ("string_type", "str_type") and path in doc.plain_text:
        raw = doc.plain_text[path]
        return Diagnostic(
            location,
            f"{where}'{raw}' is read as {_NON_TEXT.get(type(value), 'a non-text value')}, "
            f"not as text: write it in quotes ('{raw}')",
        )
    if kind == "enum" and isinstance(value, str):
        wanted = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in wanted.replace(" or ", ", ").split(",")]
        return Diagnostic(
            location,
            f"{where}'{value}' is not one of {wanted}{did_you_mean(value, choices)}",
        )
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return Diagnostic(location, f"{where}should be {ctx['expected']} (got {_describe(value)})")
    if kind in ("float_type", "int_type") and isinstance(value, str):
        quoted = _quoted_number(value)
        if quoted is not None:
            return Diagnostic(location, msg("{where}{advice}", where=where, advice=quoted))
    if kind == "too_short" and isinstance(value, list):
        least = ctx.get("min_length", 1)
        return Diagnostic(location, f"{where}needs at least {least} item(s), got {len(value)}")
    if kind == "too_long" and isinstance(value, list):
        most = ctx.get("max_length", 0)
        return Diagnostic(location, f"{where}at most {most} item(s) allowed, got {len(value)}")
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        return Diagnostic(
            location,
            f"{where}'{value}' is not a valid id: use lower case letters, digits and single "
            "'_' between them, starting with a letter",
        )
    if kind in _WANTS:
        return Diagnostic(location, where + _wants(kind, field, value, doc.plain_text.get(path)))
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if message[:1].isupper() and not message[:2].isupper():
        message = message[0].lower() + message[1:]
    got = f" (got {_describe(value)})" if kind not in ("unsourced", "range") else ""
    return Diagnostic(location, f"{where}{message}{got}")


def parse_model(doc: Document, model: type[M], *, what: str = "file") -> M:
    """Validate ``doc`` as ``model``; every problem becomes a located :class:`KvoError`."""
    if doc.data is None:
        raise KvoError.at(doc.location(), f"the {what} is empty")
    if not isinstance(doc.data, dict):
        raise KvoError.at(
            doc.location(), f"the {what} must be a mapping (key: value), not {_describe(doc.data)}"
        )
    traps = thousands_traps(doc)
    try:
        parsed = model.model_validate(doc.data)
    except ValidationError as exc:
        details = exc.errors()
        deeper = [tuple(e["loc"]) for e in details if e["type"] != "too_short"]
        # A list whose items failed also reports "too short": say only what is wrong inside.
        kept = [
            e
            for e in details
            if e["type"] != "too_short"
            or not any(loc[: len(e["loc"])] == tuple(e["loc"]) for loc in deeper)
        ]
        trapped = {d.location for d in traps}
        found = {_diagnostic(doc, e) for e in kept}
        raise KvoError(
            sorted(set(traps) | {d for d in found if d.location not in trapped})
        ) from None
    if traps:
        raise KvoError(sorted(traps))
    return parsed
