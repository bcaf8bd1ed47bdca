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
    bool: msg("a yes/no value"),
    int: msg("a number"),
    float: msg("a number"),
    type(None): msg("empty"),
    _dt.date: msg("a date"),
}

_A_LIST = msg("a list")
_A_MAPPING = msg("a mapping (key: value)")
_WANTS: dict[str, Message] = {
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), msg("a whole number")),
    **dict.fromkeys(("float_type", "float_parsing"), msg("a number")),
    "finite_number": msg("a finite number"),
    **dict.fromkeys(("bool_type", "bool_parsing"), msg("yes or no (true or false)")),
    **dict.fromkeys(("string_type", "str_type", "string_unicode"), msg("text")),
    **dict.fromkeys(
        ("tuple_type", "list_type", "set_type", "frozen_set_type", "iterable_type"), _A_LIST
    ),
    **dict.fromkeys(
        ("dict_type", "mapping_type", "model_type", "model_attributes_type", "dataclass_type"),
        _A_MAPPING,
    ),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        msg("a date (YYYY-MM-DD)"),
    ),
    "none_required": msg("empty"),
}
"""Pydantic's error types in the user's words: what the value should be."""

_LIST_OF = {
    **dict.fromkeys(
        ("existing_measures", "measures", "aliases", "needs", "recommended", "excluded"),
        msg("a list of measure ids"),
    ),
    "problems": msg("a list of problems"),
    "times": msg("a list of times of day (day, evening, night, weekend)"),
    "trend": msg("a list of trends (falling, stable, rising)"),
    "areas": msg("a list of area kinds"),
    "source": msg("a list of source keys"),
    "effects": msg("a list of effects"),
}
"""What a list field should be, for "should be a list of ..."."""


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
        return msg("yes") if value else msg("no")
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return _A_LIST
    if isinstance(value, _dt.date):
        return msg("the date {date}", date=value.isoformat())
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _quoted_number(value: str) -> Message | None:
    """What to say about a number written as text, if it looks like one."""
    advice = quoted_number_advice(value)
    if advice is not None:
        return advice
    if _numeric(value) and "e" in value.lower():
        return msg(
            "'{value}' is read as text, not as a number (YAML wants '1.5e+4', not "
            "'1.5e4'): write the number out in full",
            value=value,
        )
    if _numeric(value):
        return msg("'{value}' is in quotes, so it is text: write it without quotes", value=value)
    return None


def _wants(kind: str, field: str, value: Any, raw: str | None) -> Message:
    """A type error in plain words: what the value should be, and what it is."""
    wanted = _WANTS[kind]
    is_list = wanted is _A_LIST
    if is_list and field in _LIST_OF:
        wanted = _LIST_OF[field]
    if is_list and raw is not None and isinstance(value, bool):
        return msg(
            "should be {wanted}: '{raw}' is read as a yes/no value; for none, leave the key "
            "out or write []",
            wanted=wanted,
            raw=raw,
        )
    if is_list and isinstance(value, str):
        return msg(
            "should be {wanted} (got '{value}'; write [{value}])", wanted=wanted, value=value
        )
    return msg("should be {wanted} (got {got})", wanted=wanted, got=_describe(value))


def _bound(kind: str, ctx: dict[str, Any], value: Any) -> Message | None:
    """Pydantic's bound errors (``ge``, ``lt`` ...) in plain words."""
    got = _describe(value)
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()}
    if kind == "greater_than":
        return msg("input should be greater than {limit} (got {got})", limit=ctx.get("gt"), got=got)
    if kind == "greater_than_equal":
        return msg(
            "input should be greater than or equal to {limit} (got {got})",
            limit=ctx.get("ge"),
            got=got,
        )
    if kind == "less_than":
        return msg("input should be less than {limit} (got {got})", limit=ctx.get("lt"), got=got)
    if kind == "less_than_equal":
        return msg(
            "input should be less than or equal to {limit} (got {got})",
            limit=ctx.get("le"),
            got=got,
        )
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        if least == 1:
            return msg("should not be empty")
        return msg("should be at least {n} characters long", n=least)
    if kind == "string_too_long":
        return msg("should be at most {n} characters long", n=ctx.get("max_length"))
    return None


def _own_message(err: ErrorDetails) -> Message | None:
    """The translatable message a validator of ours raised, if any: a custom error made with
    :func:`~.errors.model_error`, or a ``ValueError(msg(...))``."""
    ctx = err.get("ctx") or {}
    message = ctx.get("message")
    if isinstance(message, Message):
        return message
    error = ctx.get("error")
    if isinstance(error, Exception) and error.args and isinstance(error.args[0], Message):
        return error.args[0]
    return None


def _choices(expected: str) -> list[str]:
    """Pydantic's ``'a', 'b' or 'c'`` as ``['a', 'b', 'c']``."""
    return [c.strip(" '") for c in expected.replace(" or ", ", ").split(",") if c.strip(" '")]


def _one_of(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` with the "or" in the user's language."""
    quoted = [f"'{c}'" for c in _choices(expected)]
    if len(quoted) < 2:
        return "".join(quoted)
    return msg("{choices} or {last}", choices=", ".join(quoted[:-1]), last=quoted[-1])


def _unknown_kind(doc: Document, path: YamlPath, value: dict[str, Any], ctx: Any) -> Diagnostic:
    first = next(iter(value))
    expected = str(ctx.get("expected", "")).split(", ")
    hint = did_you_mean(first, expected)
    choices = ", ".join(expected)
    what = ctx.get("what")
    if what == "condition":
        text = msg(
            "unknown condition '{name}'{hint}; expected one of: {choices}",
            name=first,
            hint=hint,
            choices=choices,
        )
    elif what == "action":
        text = msg(
            "unknown action '{name}'{hint}; expected one of: {choices}",
            name=first,
            hint=hint,
            choices=choices,
        )
    else:
        text = msg(
            "unknown entry '{name}'{hint}; expected one of: {choices}",
            name=first,
            hint=hint,
            choices=choices,
        )
    return Diagnostic(doc.location((*path, first), key=True), text)


def _diagnostic(doc: Document, err: ErrorDetails) -> Diagnostic:
    loc = tuple(err["loc"])
    path = _data_path(doc, loc)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    value = doc.get(path)
    own = _own_message(err)

    if kind == "unknown_key":
        key = str(ctx.get("key", ""))
        path = _data_path(doc, (*loc, key))
        return Diagnostic(doc.location(path, key=True), own or err["msg"])
    if kind == "missing":
        return Diagnostic(doc.location(path), msg("missing key '{key}'", key=loc[-1]))
    if kind == "extra_forbidden":
        return Diagnostic(doc.location(path, key=True), msg("unknown key '{key}'", key=loc[-1]))
    if kind == "unknown_kind" and isinstance(value, dict) and value:
        return _unknown_kind(doc, path, value, ctx)
    where = f"'{field}': " if field else ""
    return Diagnostic(
        doc.location(path),
        msg("{where}{advice}", where=where, advice=_explain(doc, path, err, value, own)),
    )


def _explain(
    doc: Document, path: YamlPath, err: ErrorDetails, value: Any, own: Message | None
) -> str:
    """What is wrong with the value at ``path``, in the user's words."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(tuple(err["loc"])) if isinstance(p, str)), "")
    raw = doc.plain_text.get(path)
    if raw is not None and isinstance(value, bool) and kind in ("enum", "literal_error"):
        return msg(
            "'{raw}' is read as a yes/no value, not as text: expected {expected} (YAML reads "
            "yes, no, on, off, true and false as yes/no; write such a word in quotes)",
            raw=raw,
            expected=_one_of(str(ctx.get("expected", ""))) or msg("text"),
        )
    if kind in ("string_type", "str_type") and raw is not None:
        return msg(
            "'{raw}' is read as {what}, not as text: write it in quotes ('{raw}')",
            raw=raw,
            what=_NON_TEXT.get(type(value), msg("a non-text value")),
        )
    if kind == "enum" and isinstance(value, str):
        wanted = str(ctx.get("expected", ""))
        return msg(
            "'{value}' is not one of {choices}{hint}",
            value=value,
            choices=_one_of(wanted),
            hint=did_you_mean(value, _choices(wanted)),
        )
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return msg(
            "should be {choices} (got {got})",
            choices=_one_of(str(ctx["expected"])),
            got=_describe(value),
        )
    if kind in ("float_type", "int_type") and isinstance(value, str):
        quoted = _quoted_number(value)
        if quoted is not None:
            return quoted
    if kind == "too_short" and isinstance(value, list):
        least = ctx.get("min_length", 1)
        return msg("needs at least {least} item(s), got {n}", least=least, n=len(value))
    if kind == "too_long" and isinstance(value, list):
        most = ctx.get("max_length", 0)
        return msg("at most {most} item(s) allowed, got {n}", most=most, n=len(value))
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        return msg(
            "'{value}' is not a valid id: use lower case letters, digits and single "
            "'_' between them, starting with a letter",
            value=value,
        )
    if kind in _WANTS:
        return _wants(kind, field, value, raw)
    bound = _bound(kind, ctx, value)
    if bound is not None:
        return bound
    if own is not None:
        return own
    return _pydantic_text(err, kind, value)


def _pydantic_text(err: ErrorDetails, kind: str, value: Any) -> str:
    """Pydantic's own (English) text, for an error type none of the above knows."""
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if message[:1].isupper() and not message[:2].isupper():
        message = message[0].lower() + message[1:]
    if kind in ("unsourced", "range"):
        return message
    return f"{message} (got {_describe(value)})"


def parse_model(doc: Document, model: type[M], *, what: str = "") -> M:
    """Validate ``doc`` as ``model``; every problem becomes a located :class:`KvoError`.

    ``what`` names the document in messages, article included (``msg("the profile")``)."""
    what = what or msg("the file")
    if doc.data is None:
        raise KvoError.at(doc.location(), msg("{what} is empty", what=what))
    if not isinstance(doc.data, dict):
        raise KvoError.at(
            doc.location(),
            msg(
                "{what} must be a mapping (key: value), not {got}",
                what=what,
                got=_describe(doc.data),
            ),
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
