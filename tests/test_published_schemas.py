"""The bundled catalogue, rule files and example profiles validate against the JSON Schemas
they name in their ``yaml-language-server`` modeline, checked by the independent
``jsonschema`` validator (not by the pydantic models the schemas come from)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kvo_rules.authoring.schemas import schema_texts
from kvo_rules.core.yamlio import load_document

from .conftest import ROOT

MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")

BUNDLED = sorted(
    path
    for folder in ("measures", "rulesets", "examples")
    for path in (ROOT / folder).rglob("*.yaml")
    if MODELINE.match(path.read_text("utf-8").split("\n", 1)[0])
)


def as_editor_sees_it(data: Any) -> Any:
    """YAML dates as the ISO text an editor's schema check sees (JSON has no dates)."""
    if isinstance(data, dict):
        return {key: as_editor_sees_it(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_editor_sees_it(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def schema_of(path: Path) -> Path:
    match = MODELINE.match(path.read_text("utf-8").split("\n", 1)[0])
    assert match is not None
    return (path.parent / match.group(1)).resolve()


def test_every_bundled_kind_has_files_with_a_modeline() -> None:
    kinds = {schema_of(path).name for path in BUNDLED}
    assert {
        "measures.schema.json",
        "problems.schema.json",
        "sources.schema.json",
        "ruleset.schema.json",
        "ruletest.schema.json",
        "profile.schema.json",
    } <= kinds


def test_the_committed_schemas_are_the_generated_ones() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == text, name


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_bundled_file_validates_against_the_schema_its_modeline_names(path: Path) -> None:
    schema_path = schema_of(path)
    assert schema_path.is_file(), f"{path}: modeline points at missing {schema_path}"
    schema = json.loads(schema_path.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = as_editor_sees_it(load_document(path).data)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("source", "loader_accepts"),
    [("E1", True), (["E1"], True), ("", False), ({"key": "E1"}, False), ([""], False)],
    ids=["one-key", "list", "empty", "mapping", "empty-in-list"],
)
def test_the_schema_accepts_what_the_loader_accepts_and_no_more(
    tmp_path: Path, source: Any, loader_accepts: bool
) -> None:
    from kvo_rules import KvoError
    from kvo_rules.core.catalogue import load_catalogue

    mini = ROOT / "tests" / "data" / "mini" / "measures"
    data = load_document(mini / "measures.yaml").data
    data["measures"][0]["cost"]["one_off"]["source"] = source
    for name in ("problems.yaml", "sources.yaml"):
        (tmp_path / name).write_text((mini / name).read_text("utf-8"), "utf-8")
    (tmp_path / "measures.yaml").write_text(json.dumps(data), "utf-8")
    try:
        load_catalogue(tmp_path)
        loaded = True
    except KvoError as error:
        loaded = False
        assert "source" in str(error)
    schema = json.loads((ROOT / "schemas" / "measures.schema.json").read_text("utf-8"))
    valid = jsonschema.Draft202012Validator(schema).is_valid(data)
    assert (loaded, valid) == (loader_accepts, loader_accepts)
