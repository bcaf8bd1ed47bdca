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
from ..core.model import MeasureFile, ProblemFile, SourceFile
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


def _schema(model: type[BaseModel], mode: Any, name: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode=mode)
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


def write_schemas(directory: str | Path) -> list[Path]:
    """Write every schema into ``directory`` (atomically); return the paths written."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in schema_texts().items():
        write_atomic(out / filename, text)
        written.append(out / filename)
    return written
