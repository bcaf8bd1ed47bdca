"""JSON Schemas of every file kind and of the JSON output, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..advice.outputs import BatchRecord, ExplainOutput, FrontierOutput, SweepOutput
from ..advice.results import Recommendation
from ..analysis.model import AreaFile, CrimeMapFile, SurveyMapFile, WalkthroughFile
from ..core.atomic import write_atomic
from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.model import MeasureFile, ProblemFile, SourceFile, as_tuple
from ..core.profile_model import Profile
from ..documents.followup.model import Evaluation, FollowUp
from ..documents.plan.model import Plan
from ..rules.language import RuleFile
from .ruletest_file import RuleTestFile

__all__ = ["SCHEMAS", "schema_texts", "write_schemas"]

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "profile": (Profile, "validation"),
    "measures": (MeasureFile, "validation"),
    "problems": (ProblemFile, "validation"),
    "sources": (SourceFile, "validation"),
    "ruleset": (RuleFile, "validation"),
    "ruletest": (RuleTestFile, "validation"),
    "recommendation": (Recommendation, "serialization"),
    "plan": (Plan, "serialization"),
    "followup": (FollowUp, "validation"),
    "explain": (ExplainOutput, "serialization"),
    "frontier": (FrontierOutput, "serialization"),
    "sweep": (SweepOutput, "serialization"),
    "batch-record": (BatchRecord, "validation"),
    "evaluation": (Evaluation, "serialization"),
    "analysis-area": (AreaFile, "validation"),
    "crime-map": (CrimeMapFile, "validation"),
    "survey-map": (SurveyMapFile, "validation"),
    "walkthrough": (WalkthroughFile, "validation"),
}
"""name -> (model, mode); written as ``schemas/NAME.schema.json``."""


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model class its schema can reach, through subclasses too."""
    seen: list[type[BaseModel]] = []
    todo: list[Any] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in seen:
                continue
            seen.append(item)
            todo.extend(item.__subclasses__())
            todo.extend(field.annotation for field in item.model_fields.values())
        else:
            todo.extend(getattr(item, "__args__", ()))
    return seen


def _one_or_many_fields(model: type[BaseModel]) -> set[str]:
    """The fields that also take a single item where the model wants a list (``as_tuple``)."""
    return {
        name
        for decorator in model.__pydantic_decorators__.field_validators.values()
        if decorator.func is as_tuple and decorator.info.mode == "before"
        for name in decorator.info.fields
    }


def _accept_one(prop: dict[str, Any]) -> None:
    """Let a list property's schema take one bare item too, as the loader does."""
    if prop.get("type") == "array" and "items" in prop:
        array = {k: prop.pop(k) for k in ("type", "items", "minItems", "maxItems") if k in prop}
        prop["anyOf"] = [array["items"], array]
        return
    options = prop.get("anyOf", [])
    for i, option in reversed(list(enumerate(options))):
        if option.get("type") == "array" and "items" in option:
            options.insert(i, option["items"])


def _loader_forms(schema: dict[str, Any], root: type[BaseModel]) -> None:
    """Make ``schema`` accept the shorthands the loader accepts (``source: S38``)."""
    defs = schema.get("$defs", {})
    for model in _models(root):
        fields = _one_or_many_fields(model)
        target = schema if model is root else defs.get(model.__name__)
        if not fields or target is None:
            continue
        for name in sorted(fields):
            field = model.model_fields[name]
            prop = target.get("properties", {}).get(field.alias or name)
            if prop is not None:
                _accept_one(prop)


def _schema(model: type[BaseModel], mode: Any, name: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode=mode)
    if mode == "validation":
        _loader_forms(schema, model)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **schema,
    }


def schema_texts() -> dict[str, str]:
    """File name -> schema text, for every schema kvo-rules publishes."""
    return {
        f"{name}.schema.json": json.dumps(_schema(model, mode, name), indent=2, sort_keys=True)
        + "\n"
        for name, (model, mode) in SCHEMAS.items()
    }


def write_schemas(directory: str | Path, *, force: bool = True) -> list[Path]:
    """Write every schema into ``directory`` (atomically); return the paths written.

    Without ``force``, a directory that already holds any of the schema files is refused
    (a :class:`KvoError`) and nothing is written.
    """
    out = Path(directory)
    texts = schema_texts()
    if out.exists() and not out.is_dir():
        raise KvoError.at(Location(str(out)), msg("is a file, not a directory"))
    existing = sorted(name for name in texts if (out / name).exists())
    if existing and not force:
        if len(existing) > 1:
            message = msg(
                "already holds schema files ({first} and {more} more): use --force to replace "
                "them, or -o to write them elsewhere",
                first=existing[0],
                more=len(existing) - 1,
            )
        else:
            message = msg(
                "already holds schema file {first}: use --force to replace it, or -o to write "
                "the schemas elsewhere",
                first=existing[0],
            )
        raise KvoError.at(Location(str(out)), message)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in texts.items():
        write_atomic(out / filename, text)
        written.append(out / filename)
    return written
