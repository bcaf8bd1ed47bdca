"""Reading the two inputs of ``evaluate``: the plan as data and the follow-up measurement.

The plan is the JSON ``kvo-rules plan -o plan.json`` writes, in one language (``--lang``) or in
both (``render_json(plan)`` from the library). Texts in one language are read as that text in
both; with a catalogue, the names of problems and measures come from it in both languages.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from ...core.catalogue import Catalogue
from ...core.errors import KvoError, Location, did_you_mean
from ...core.i18n import msg
from ...core.model import Text
from ...core.parse import parse_model
from ...core.yamlio import Document, load_document, parse_document
from ..plan.effort import relabel_effort
from ..plan.model import PLAN_SCHEMA_VERSION, MeasureRef, Plan
from .model import FollowUp

__all__ = [
    "followup_from_document",
    "load_followup",
    "load_plan",
    "parse_followup",
    "plan_from_document",
]

_DOCUMENT_SUFFIXES = {".md", ".html", ".htm", ".csv", ".pdf"}
_HOW = msg("write it with: kvo-rules plan PROFILE -o plan.json")


# --- the plan ---------------------------------------------------------------------------------


def _text_in_both(annotation: Any, value: Any) -> Any:
    """``value`` for a field of type ``annotation``, with plain strings for Texts as both."""
    if annotation is Text:
        return {"nl": value, "en": value} if isinstance(value, str) else value
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                value = _text_in_both(arg, value)
        return value
    if origin is tuple and isinstance(value, list):
        item = get_args(annotation)[0]
        return [_text_in_both(item, v) for v in value]
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and isinstance(value, dict)
    ):
        return {
            key: _text_in_both(annotation.model_fields[key].annotation, v)
            if key in annotation.model_fields
            else v
            for key, v in value.items()
        }
    return value


def _not_a_plan(doc: Document, why: str) -> KvoError:
    return KvoError.at(
        doc.location(),
        msg(
            "not a kvo-rules plan ({why}): evaluate reads the plan as data; {how}",
            why=why,
            how=_HOW,
        ),
    )


def plan_from_document(doc: Document, catalogue: Catalogue | None = None) -> Plan:
    """Validate a parsed document as a plan written by ``kvo-rules plan`` (JSON).

    With ``catalogue``, problem and measure names and indicators come from it in both
    languages (a plan written with ``--lang`` holds one language only).
    """
    data = doc.data
    if not isinstance(data, dict):
        raise _not_a_plan(doc, msg("it is not a mapping"))
    if "schema_version" not in data or "goals" not in data or "measures" not in data:
        if "area" in data and "problems" in data:
            raise KvoError.at(
                doc.location(),
                msg(
                    "this is a profile, not a plan: evaluate reads the plan made from it; {how}",
                    how=_HOW,
                ),
            )
        if "measured_on" in data:
            raise KvoError.at(
                doc.location(),
                msg("this is a follow-up, not a plan: give the plan first, then the follow-up"),
            )
        raise _not_a_plan(doc, msg("no 'schema_version', 'goals' and 'measures'"))
    version = data["schema_version"]
    if version != PLAN_SCHEMA_VERSION:
        raise doc.error(
            ("schema_version",),
            msg(
                "plan schema version {version} is not supported: this kvo-rules reads version "
                "{supported}; {how}",
                version=repr(version),
                supported=PLAN_SCHEMA_VERSION,
                how=_HOW,
            ),
        )
    both = Document(
        source=doc.source,
        data=_text_in_both(Plan, data),
        value_pos=doc.value_pos,
        key_pos=doc.key_pos,
        plain_text=doc.plain_text,
    )
    plan = parse_model(both, Plan, what=msg("the plan"))
    return plan if catalogue is None else _relabel(plan, catalogue)


def _relabel(plan: Plan, catalogue: Catalogue) -> Plan:
    """Names and indicators of the catalogue (both languages) where it knows the id."""

    def measure_name(mid: str, name: Text) -> Text:
        found = catalogue.measures.get(mid)
        return found.name if found is not None else name

    problems = []
    for p in plan.problems:
        ptype = catalogue.problems.get(p.id)
        problems.append(
            p
            if ptype is None
            else p.model_copy(update={"name": ptype.name, "indicator": ptype.indicator})
        )
    goals = []
    for g in plan.goals:
        ptype = catalogue.problems.get(g.problem)
        goals.append(g if ptype is None else g.model_copy(update={"indicator": ptype.indicator}))
    return plan.model_copy(
        update={
            "problems": tuple(problems),
            "goals": tuple(goals),
            "measures": tuple(
                m.model_copy(
                    update={
                        "name": measure_name(m.id, m.name),
                        "effort": None
                        if m.effort is None
                        else relabel_effort(m.effort, catalogue, m.id, m.hour_payer),
                    }
                )
                for m in plan.measures
            ),
            "existing_measures": tuple(
                MeasureRef(id=m.id, name=measure_name(m.id, m.name)) for m in plan.existing_measures
            ),
        }
    )


def load_plan(path: str | Path, catalogue: Catalogue | None = None) -> Plan:
    """Read a plan written by ``kvo-rules plan -o plan.json``; anything else is a clear error."""
    p = Path(path)
    if p.suffix.lower() in _DOCUMENT_SUFFIXES:
        raise KvoError.at(
            Location(str(path)),
            msg(
                "this is a plan as a document ({suffix}); evaluate reads the plan as data "
                "(JSON): write it with: kvo-rules plan PROFILE -o plan.json",
                suffix=p.suffix,
            ),
        )
    try:
        doc = load_document(p)
    except KvoError as error:
        if any(d.message.startswith(("no such file", "is a directory")) for d in error.diagnostics):
            raise
        raise KvoError(
            [
                *error.diagnostics,
                *_not_a_plan(Document(source=str(path), data=None), msg("not JSON")).diagnostics,
            ]
        ) from None
    return plan_from_document(doc, catalogue)


# --- the follow-up ------------------------------------------------------------------------------


def _check_reference(
    doc: Document, followup: FollowUp, plan: Plan, plan_path: Path | None, base: Path
) -> KvoError | None:
    ref = followup.plan
    if ref == plan.id:
        return None
    candidate = base / ref
    try:
        is_file = candidate.is_file()
    except OSError as exc:  # e.g. a name longer than the file system allows
        return doc.error(
            ("plan",), msg("cannot read '{name}': {reason}", name=ref, reason=exc.strerror)
        )
    if is_file:
        if plan_path is not None and candidate.resolve() == plan_path.resolve():
            return None
        try:
            other = load_plan(candidate)
        except KvoError:
            return doc.error(
                ("plan",), msg("'{name}' is not a kvo-rules plan; {how}", name=ref, how=_HOW)
            )
        if other.id == plan.id:
            return None
        return doc.error(
            ("plan",),
            msg(
                "this follow-up is for plan '{other}' ({name}), not for plan '{plan}'",
                other=other.id,
                name=ref,
                plan=plan.id,
            ),
        )
    return doc.error(
        ("plan",),
        msg(
            "'{name}' is neither the plan's id '{plan}' nor a plan file next to the follow-up "
            "(a path is relative to {base})",
            name=ref,
            plan=plan.id,
            base=base,
        ),
    )


def followup_from_document(
    doc: Document, plan: Plan, *, plan_path: str | Path | None = None, base: str | Path = "."
) -> FollowUp:
    """Validate a parsed document as a follow-up of ``plan``; ids not in the plan are errors.

    ``plan_path`` is the plan's file (a follow-up may name it by its path); ``base`` is the
    directory such a path is relative to (the follow-up's own).
    """
    followup = parse_model(doc, FollowUp, what=msg("the follow-up"))
    errors: list[KvoError] = []
    reference = _check_reference(
        doc, followup, plan, Path(plan_path) if plan_path is not None else None, Path(base)
    )
    if reference is not None:
        errors.append(reference)
    if followup.measured_on < plan.start:
        errors.append(
            doc.error(
                ("measured_on",),
                msg(
                    "the measurement ({measured}) is before the plan started ({start})",
                    measured=followup.measured_on.isoformat(),
                    start=plan.start.isoformat(),
                ),
            )
        )

    errors.extend(_problem_errors(doc, followup, plan))
    errors.extend(_measure_errors(doc, followup, plan))
    if errors:
        raise KvoError.merge(errors)
    return followup


def _problem_errors(doc: Document, followup: FollowUp, plan: Plan) -> list[KvoError]:
    """Each problem of the follow-up is one of the plan's, listed once."""
    errors: list[KvoError] = []
    problem_ids = [p.id for p in plan.problems]
    seen: dict[str, int] = {}
    for i, prob in enumerate(followup.problems):
        where = ("problems", i, "type")
        pid = prob.type
        if pid not in problem_ids:
            errors.append(
                doc.error(
                    where,
                    msg(
                        "problem '{problem}' is not in the plan{hint}; the plan's problems: "
                        "{problems}",
                        problem=pid,
                        hint=did_you_mean(pid, problem_ids),
                        problems=", ".join(problem_ids),
                    ),
                )
            )
        elif pid in seen:
            errors.append(
                doc.error(
                    where,
                    msg(
                        "problem '{problem}' is listed twice (also as problem {n})",
                        problem=pid,
                        n=seen[pid] + 1,
                    ),
                )
            )
        else:
            seen[pid] = i
    return errors


def _measure_errors(doc: Document, followup: FollowUp, plan: Plan) -> list[KvoError]:
    """Each measure is one of the plan's new measures, listed once, realised by the measurement."""
    errors: list[KvoError] = []
    measure_ids = [m.id for m in plan.measures]
    existing = {m.id for m in plan.existing_measures}
    seen: dict[str, int] = {}
    for i, meas in enumerate(followup.measures):
        where = ("measures", i, "id")
        if meas.id in existing:
            errors.append(
                doc.error(
                    where,
                    msg(
                        "measure '{measure}' was in place before the plan (its existing "
                        "measures): the follow-up reports on the plan's new measures only",
                        measure=meas.id,
                    ),
                )
            )
        elif meas.id not in measure_ids:
            errors.append(
                doc.error(
                    where,
                    msg(
                        "measure '{measure}' is not in the plan{hint}; the plan's measures: "
                        "{measures}",
                        measure=meas.id,
                        hint=did_you_mean(meas.id, measure_ids),
                        measures=", ".join(measure_ids),
                    ),
                )
            )
        elif meas.id in seen:
            errors.append(
                doc.error(
                    where,
                    msg(
                        "measure '{measure}' is listed twice (also as measure {n})",
                        measure=meas.id,
                        n=seen[meas.id] + 1,
                    ),
                )
            )
        else:
            seen[meas.id] = i
        if meas.realised_on is not None and meas.realised_on > followup.measured_on:
            errors.append(
                doc.error(
                    ("measures", i, "realised_on"),
                    msg(
                        "realised on {date}, after the measurement ({measured})",
                        date=meas.realised_on.isoformat(),
                        measured=followup.measured_on.isoformat(),
                    ),
                )
            )
    return errors


def load_followup(path: str | Path, plan: Plan, *, plan_path: str | Path | None = None) -> FollowUp:
    """Read a follow-up measurement (YAML or JSON) of ``plan``.

    Its ``plan`` key is the plan's id or the path of the plan's JSON relative to the follow-up.
    """
    return followup_from_document(
        load_document(path), plan, plan_path=plan_path, base=Path(path).parent
    )


def parse_followup(
    text: str,
    plan: Plan,
    *,
    source: str = "<follow-up>",
    plan_path: str | Path | None = None,
    base: str | Path = ".",
) -> FollowUp:
    """A follow-up from YAML or JSON text."""
    return followup_from_document(
        parse_document(text, source), plan, plan_path=plan_path, base=base
    )
